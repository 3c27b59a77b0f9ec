"""``kubectl apply -f`` and ``kubectl create -f``.

Documents are handled in order; each prints its line (``created``,
``configured``, ``unchanged``) and a failure does not stop the others. Errors
are printed at the end: one alone in kubectl's rendering of its status, several
as ``Error from server (...): error when creating "file": ...`` lines.
"""

from __future__ import annotations

import json
from typing import Any

from ...errors import ApiError, KubeSimError, UsageError
from ..base import Invocation
from ..flags import Flag
from ..manifests import load_sources
from ..merge import three_way_merge
from ..objects import LAST_APPLIED, decode_document, last_applied_json, mapping_for
from ..output import format_objects

FLAGS = [
    Flag("filename", "f", "list"), Flag("recursive", "R", "bool", False), Flag("dry-run", None, "str", "none", no_value="client"),
    Flag("output", "o"), Flag("validate", None, "str", "strict", no_value="strict"), Flag("save-config", None, "bool", False),
    Flag("server-side", None, "bool", False), Flag("force-conflicts", None, "bool", False), Flag("prune", None, "bool", False),
    Flag("selector", "l"), Flag("field-manager", None, "str", "kubectl-client-side-apply"),
]

HELP_APPLY = """Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be
created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create
--save-config'.

 JSON and YAML formats are accepted.

Examples:
  # Apply the configuration in web-deployment.yaml
  kubectl apply -f web-deployment.yaml

  # Apply every manifest in a directory
  kubectl apply -f manifests/

  # Apply the YAML passed into stdin
  cat web-service.yaml | kubectl apply -f -

Options:
    --dry-run='none': Must be "none", "server", or "client".
    -f, --filename=[]: The files that contain the configurations to apply.
    -o, --output='': Output format. One of: json, yaml, name.
    -R, --recursive=false: Process the directory used in -f, --filename recursively.

Usage:
  kubectl apply (-f FILENAME | -k DIRECTORY) [options]
"""

HELP_CREATE = """Create a resource from a file or from stdin.

 JSON and YAML formats are accepted.

Examples:
  # Create a pod using the data in pod.json
  kubectl create -f ./pod.json

Available Commands:
  deployment     Create a deployment with the specified name
  namespace      Create a namespace with the specified name
  service        Create a service using a specified subcommand

Options:
    --dry-run='none': Must be "none", "server", or "client".
    -f, --filename=[]: Filename, directory, or URL to files to use to create the resource
    -o, --output='': Output format. One of: json, yaml, name.
    --save-config=false: If true, the configuration of current object will be saved in its annotation.

Usage:
  kubectl create -f FILENAME [options]
"""


def _dry_run(inv: Invocation) -> str:
    mode = inv.flag("dry-run", "none")
    if mode not in ("none", "client", "server"):
        raise UsageError(f'Invalid dry-run value ({mode}). Must be "none", "server", or "client".')
    return mode


def _suffix(mode: str) -> str:
    return {"client": " (dry run)", "server": " (server dry run)"}.get(mode, "")


def _prepare(inv: Invocation, doc) -> tuple[type, dict]:
    kind = mapping_for(doc)
    data = json.loads(json.dumps(doc.data))
    metadata = data.setdefault("metadata", {}) if isinstance(data.get("metadata", {}), dict) else data["metadata"]
    if isinstance(metadata, dict) and kind.NAMESPACED:
        given = metadata.get("namespace")
        if given and inv.explicit_namespace and given != inv.namespace:
            raise UsageError(f'the namespace from the provided object "{given}" does not match the namespace "{inv.namespace}". '
                             f"You must pass '--namespace={given}' to perform this operation.")
        metadata.setdefault("namespace", inv.namespace)
    return kind, data


def _name_check(kind: type, data: dict, doc, verb_phrase: str) -> None:
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if not name and not (isinstance(metadata, dict) and metadata.get("generateName") and verb_phrase == "creating"):
        group_version = kind.API_VERSION if "/" in kind.API_VERSION else "/" + kind.API_VERSION
        namespace = metadata.get("namespace", "") if isinstance(metadata, dict) else ""
        raise UsageError(f'error when retrieving current configuration of:\nResource: "{group_version}, Resource={kind.RESOURCE}", '
                         f'GroupVersionKind: "{group_version}, Kind={kind.KIND}"\nName: "", Namespace: "{namespace}"\n'
                         f'from server for: "{doc.source}": resource name may not be empty')


def run_apply(inv: Invocation) -> int:
    return _run(inv, apply=True)


def run_create(inv: Invocation) -> int:
    return _run(inv, apply=False)


def _run(inv: Invocation, apply: bool) -> int:
    if not inv.flag("filename"):
        if apply:
            raise UsageError("must specify one of -f and -k", hint="See 'kubectl apply -h' for help and examples")
        raise UsageError("must specify one of -f and -k", hint="See 'kubectl create -h' for help and examples")
    mode = _dry_run(inv)
    documents = load_sources(inv.flag("filename"), inv.stdin, inv.cwd, bool(inv.flag("recursive")))
    if not documents:
        raise UsageError("no objects passed to apply" if apply else "no objects passed to create")
    errors: list[tuple[KubeSimError, str, str]] = []
    printed: list[Any] = []
    for doc in documents:
        operation = "creating"
        try:
            kind, data = _prepare(inv, doc)
            _name_check(kind, data, doc, "creating" if not apply else "applying")
            if apply:
                operation, obj, verb = _apply_one(inv, kind, data, mode)
            else:
                obj, verb = _create_one(inv, kind, data, mode), "created"
        except ApiError as err:
            errors.append((err, doc.source, operation))
            continue
        except UsageError as err:
            errors.append((err, doc.source, operation))
            continue
        if inv.flag("output"):
            printed.append(obj)
        else:
            inv.out.out(f"{obj.kind_prefix()}/{obj.name} {verb}{_suffix(mode)}")
    if printed:
        inv.out.out(format_objects(printed, inv.flag("output"), single=len(printed) == 1))
    _report(inv, errors)
    return 1 if errors else 0


def _report(inv: Invocation, errors: list[tuple[KubeSimError, str, str]]) -> None:
    if len(errors) == 1:
        err, source, operation = errors[0]
        inv.out.err(err.kubectl_message(source, operation) if not isinstance(err, ApiError) or err.reason == "Invalid"
                    else err.aggregate_line(source, operation))
        return
    for err, source, operation in errors:
        inv.out.err(err.aggregate_line(source, operation) if isinstance(err, ApiError) else err.kubectl_message())


def _create_one(inv: Invocation, kind: type, data: dict, mode: str):
    if inv.flag("save-config"):
        data.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = last_applied_json(data)
    obj = decode_document(kind, data)
    if mode == "client":
        return obj
    return inv.cluster.api.create(obj, dry_run=mode == "server")


def _apply_one(inv: Invocation, kind: type, data: dict, mode: str):
    api = inv.cluster.api
    metadata = data["metadata"]
    namespace = metadata.get("namespace", "") if kind.NAMESPACED else ""
    live = inv.cluster.store.get(kind, namespace, metadata["name"])
    applied = last_applied_json(data)
    annotations = data["metadata"].setdefault("annotations", {})
    if isinstance(annotations, dict):  # anything else fails the server's decode below
        annotations[LAST_APPLIED] = applied
    if live is None:
        return "creating", *_created(inv, kind, data, mode)
    current = live.to_dict()
    original_text = (live.metadata.annotations or {}).get(LAST_APPLIED)
    if original_text is None:
        inv.out.err(f"Warning: resource {kind.RESOURCE}/{live.name} is missing the kubectl.kubernetes.io/last-applied-configuration "
                    "annotation which is required by kubectl apply. kubectl apply should only be used on resources created "
                    "declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be "
                    "patched automatically.")
        original = {}
    else:
        try:
            original = json.loads(original_text)
        except ValueError:
            original = {}
    merged = three_way_merge(original, data, current)
    if merged == current:
        return "patching", live, "unchanged"
    obj = decode_document(kind, merged)
    if mode == "client":
        return "patching", obj, "configured"
    updated = api.update(obj, dry_run=mode == "server")
    return "patching", updated, "configured"


def _created(inv: Invocation, kind: type, data: dict, mode: str):
    obj = decode_document(kind, data)
    if mode == "client":
        return obj, "created"
    return inv.cluster.api.create(obj, dry_run=mode == "server"), "created"
