"""``kubectl apply -f`` and ``kubectl create -f``.

Documents are handled in order; each prints its line (``created``,
``configured``, ``unchanged``) and a failure does not stop the others. Errors
are printed at the end: one alone in kubectl's rendering of its status, several
as ``Error from server (...): error when creating "file": ...`` lines.
"""

from __future__ import annotations

import json
from typing import Any

from ...api.apps import Deployment, ReplicaSet
from ...api.core import Endpoints, Namespace, Pod, Service
from ...api.labels import SelectorParseError, parse_selector
from ...errors import ApiError, KubeSimError, UsageError
from ..base import Invocation
from ..errors import add_source_to_err, check_err
from ..flags import Flag
from ..manifests import read_sources
from ..merge import three_way_merge, three_way_patch
from ..objects import LAST_APPLIED, decode_document, last_applied_json, mapping_for, metadata_string, validation_mode
from ..output import format_objects

FLAGS = [
    Flag("filename", "f", "list"), Flag("recursive", "R", "bool", False), Flag("dry-run", None, "str", "none", no_value="client"),
    Flag("output", "o"), Flag("validate", None, "str", "strict", no_value="strict"), Flag("save-config", None, "bool", False),
    Flag("server-side", None, "bool", False), Flag("force-conflicts", None, "bool", False), Flag("prune", None, "bool", False),
    Flag("selector", "l"), Flag("field-manager", None, "str", "kubectl-client-side-apply"), Flag("all", None, "bool", False),
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
    kind = mapping_for(doc, validation_mode(inv.flag("validate")))
    data = json.loads(json.dumps(doc.data))
    metadata = data.setdefault("metadata", {}) if isinstance(data.get("metadata", {}), dict) else data["metadata"]
    if isinstance(metadata, dict) and kind.NAMESPACED:
        given = metadata_string(data, "namespace")
        if given and inv.explicit_namespace and given != inv.namespace:
            raise UsageError(f'the namespace from the provided object "{given}" does not match the namespace "{inv.namespace}". '
                             f"You must pass '--namespace={given}' to perform this operation.")
        if not given:  # kubectl fills in the namespace it will use (a non-string one fails the server's decode)
            metadata.setdefault("namespace", inv.namespace)
    return kind, data


def _name_check(kind: type, data: dict, doc, verb_phrase: str) -> None:
    name = metadata_string(data, "name")
    if not name and not (metadata_string(data, "generateName") and verb_phrase == "creating"):
        group_version = kind.API_VERSION if "/" in kind.API_VERSION else "/" + kind.API_VERSION
        namespace = metadata_string(data, "namespace")
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
        return _create_without_files(inv)
    mode = _dry_run(inv)
    validation_mode(inv.flag("validate"))
    if apply and inv.flag("server-side") and mode == "client":
        raise UsageError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
    if apply and inv.flag("prune") and not inv.flag("all") and not inv.flag("selector"):
        raise UsageError("all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all "
                         "flag. If you did not mean to prune all resources, specify a label selector")
    selector = _client_selector(inv.flag("selector")) if apply else None
    documents, read_errors = read_sources(inv.flag("filename"), inv.stdin, inv.cwd, bool(inv.flag("recursive")))
    # kubectl's resource builder visits the documents first: client-side
    # problems (unreadable files, unknown kinds, namespace mismatches) are
    # collected in the order met, and every readable object is kept.
    client_errors: list[tuple[int, KubeSimError]] = [(at, err) for at, err in read_errors]
    infos: list[tuple[int, Any, type, dict]] = []
    for index, doc in enumerate(documents):
        try:
            kind, data = _prepare(inv, doc)
        except UsageError as err:
            client_errors.append((index + 1, err))
            continue
        if selector is not None and not selector.matches(_labels_of(data)):
            continue  # apply -l: only the manifests whose labels match
        infos.append((index, doc, kind, data))
    client_errors.sort(key=lambda item: item[0])
    if not infos and not client_errors:
        raise UsageError("no objects passed to apply" if apply else "no objects passed to create")
    # apply reports the builder's errors first (GetObjects), then each object's;
    # create visits once, so its errors come in document order.
    errors: list[tuple[int, KubeSimError, str | None, str]] = [(at, err, None, "creating") for at, err in client_errors]
    printed: list[Any] = []
    for position, (index, doc, kind, data) in enumerate(infos):
        operation = "creating"
        try:
            _name_check(kind, data, doc, "creating" if not apply else "applying")
            if apply:
                operation, obj, verb = _apply_one(inv, kind, data, mode, doc.source)
            else:
                obj, verb = _create_one(inv, kind, data, mode), "created"
        except (ApiError, UsageError) as err:
            order = len(documents) + 1 + position if apply else index + 1
            errors.append((order, err, None if getattr(err, "source_included", False) else doc.source, operation))
            continue
        if inv.flag("output"):
            printed.append(obj)
        else:
            inv.out.out(f"{obj.kind_prefix()}/{obj.name} {verb}{_suffix(mode)}")
    if printed:
        inv.out.out(format_objects(printed, inv.flag("output"), single=len(printed) == 1))
    if apply and inv.flag("prune"):
        _prune(inv, infos, selector, mode)
    errors.sort(key=lambda item: item[0])
    _report(inv, [(err, source, operation) for _, err, source, operation in errors])
    return 1 if errors else 0


def _client_selector(text: str | None):
    """``apply -l``: the builder filters the manifests itself (a bad selector never reaches a server)."""
    if not text:
        return None
    try:
        return parse_selector(text)
    except SelectorParseError as err:
        raise UsageError(f'the provided selector "{text}" is not valid: {err.message}') from None


def _labels_of(data: dict) -> dict:
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    labels = metadata.get("labels")
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


# prune.go's default prune list, restricted to the kinds the simulator has
_PRUNE_KINDS = (Namespace, Endpoints, Pod, Service, Deployment, ReplicaSet)


def _prune(inv: Invocation, infos: list, selector: Any, mode: str) -> None:
    """``apply --prune``: delete what an earlier ``apply`` created (it has the last-applied
    annotation) in the namespaces visited, matches the selector, and was not applied now."""
    applied = {(kind, data["metadata"].get("namespace", "") if kind.NAMESPACED else "", data["metadata"].get("name"))
               for _, _, kind, data in infos}
    namespaces = sorted({ns for kind, ns, _ in applied if kind.NAMESPACED})
    store, api = inv.cluster.store, inv.cluster.api
    for kind in _PRUNE_KINDS:
        scopes = namespaces if kind.NAMESPACED else [""]
        for namespace in scopes:
            for obj in store.list(kind, namespace if kind.NAMESPACED else None, selector):
                key = (kind, obj.namespace if kind.NAMESPACED else "", obj.name)
                if key in applied or LAST_APPLIED not in (obj.metadata.annotations or {}):
                    continue
                if store.get(kind, key[1], obj.name) is None:
                    continue
                if mode == "none":
                    api.delete(kind, key[1], obj.name)
                inv.out.out(f"{obj.kind_prefix()}/{obj.name} pruned{_suffix(mode)}")


def _create_without_files(inv: Invocation) -> int:
    """``kubectl create`` with no ``-f``: cobra's subcommand help on stderr (create.go, DefaultSubCommandRun)."""
    inv.out.err("Error: must specify one of -f and -k\n\n")
    if inv.args.positional:
        raise UsageError(f'unknown command "{" ".join(inv.args.positional)}"', hint="See 'kubectl create -h' for help and examples")
    inv.out.err(HELP_CREATE.rstrip("\n"))
    return 1


def _report(inv: Invocation, errors: list[tuple[KubeSimError, str | None, str]]) -> None:
    """kubectl's ``checkErr``: one error in its own rendering, several as an aggregate.

    In an aggregate every API error is ``Error from server (<Reason>): ...``
    (Invalid included) and any other error is its bare message, without the
    ``error: `` prefix a lone error gets (``MultipleErrors``).
    """
    for line in check_err([add_source_to_err(operation, source, err) if source else err for err, source, operation in errors]):
        inv.out.err(line)


def _decode(inv: Invocation, kind: type, data: dict, patch: bool = False):
    return decode_document(kind, data, validation_mode(inv.flag("validate")), warn=inv.out.err, patch=patch)


def _go_json(data: Any) -> str:
    """Go's json.Marshal of a map: sorted keys, compact, HTML-safe escapes."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _patch_failed(err: ApiError, kind: type, live: Any, patch: dict, source: str) -> ApiError:
    """apply.go: a rejected patch is reported with the patch, the object and the file
    (``error when applying patch: ... for: "<file>": error when patching "<file>": <message>``)."""
    group_version = kind.API_VERSION if "/" in kind.API_VERSION else "/" + kind.API_VERSION
    info = (f'Resource: "{group_version}, Resource={kind.RESOURCE}", GroupVersionKind: "{group_version}, Kind={kind.KIND}"\n'
            f'Name: "{live.name}", Namespace: "{live.namespace if kind.NAMESPACED else ""}"')
    message = (f"error when applying patch:\n{_go_json(patch)}\nto:\n{info}\nfor: \"{source}\": "
               f"error when patching \"{source}\": {err.message}")
    wrapped = ApiError(err.reason, message, code=err.code, kind=err.kind, name=err.name, causes=err.causes)
    wrapped.source_included = True
    return wrapped


def _create_one(inv: Invocation, kind: type, data: dict, mode: str):
    if inv.flag("save-config"):
        data.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = last_applied_json(data)
    obj = _decode(inv, kind, data)
    if mode == "client":
        return obj
    return inv.cluster.api.create(obj, dry_run=mode == "server")


def _apply_one(inv: Invocation, kind: type, data: dict, mode: str, source: str = ""):
    api = inv.cluster.api
    namespace = (metadata_string(data, "namespace") or inv.namespace) if kind.NAMESPACED else ""
    live = inv.cluster.store.get(kind, namespace, metadata_string(data, "name"))
    server_side = bool(inv.flag("server-side"))
    applied = last_applied_json(data)
    annotations = data["metadata"].setdefault("annotations", {})
    if isinstance(annotations, dict) and not server_side:  # anything else fails the server's decode below
        annotations[LAST_APPLIED] = applied
    if isinstance(annotations, dict) and not annotations:
        del data["metadata"]["annotations"]
    if live is None:
        obj, verb = _created(inv, kind, data, mode)
        return "creating", obj, "serverside-applied" if server_side else verb
    current = live.to_dict()
    original_text = (live.metadata.annotations or {}).get(LAST_APPLIED)
    if server_side:
        # Server-side apply (simplified: no managedFields): the server merges the manifest
        # into the live object, keeps an existing last-applied annotation as it is, and
        # kubectl always reports "serverside-applied"
        kept = (live.metadata.annotations or {}).get(LAST_APPLIED)
        if kept is not None:
            data["metadata"].setdefault("annotations", {})[LAST_APPLIED] = kept
        original = json.loads(original_text) if original_text else {}
        merged = three_way_merge(original, data, current)
        if merged == current:
            return "patching", live, "serverside-applied"
        return "patching", api.update(_decode(inv, kind, merged), dry_run=mode == "server"), "serverside-applied"
    if mode == "client":
        # apply.go computes no patch for --dry-run=client: an existing object is
        # always "configured (dry run)" and the missing-annotation warning is skipped
        return "patching", live, "configured"
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
    try:
        updated = api.update(_decode(inv, kind, merged, patch=True), dry_run=mode == "server")
    except ApiError as err:
        raise _patch_failed(err, kind, live, three_way_patch(original, data, current), source) from None
    return "patching", updated, "configured"


def _created(inv: Invocation, kind: type, data: dict, mode: str):
    obj = _decode(inv, kind, data)
    if mode == "client":
        return obj, "created"
    return inv.cluster.api.create(obj, dry_run=mode == "server"), "created"
