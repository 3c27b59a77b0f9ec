"""``kubectl apply -f``: create or update objects from manifests (``pkg/cmd/apply/apply.go``).

Documents are handled in order; each prints its line (``created``,
``configured``, ``unchanged``, ``serverside-applied``) and a failure does not
stop the others. An existing object gets the three-way merge of the
last-applied configuration, the manifest and the live object (:mod:`kubesim_nb.api.merge`).
The builder's errors are printed at the end, then each object's.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Iterator

from ...api.apps import Deployment, ReplicaSet
from ...api.core import Endpoints, Namespace, Pod, Service
from ...api.labels import Selector, SelectorParseError, parse_selector
from ...api.merge import server_side_apply, three_way_merge, three_way_patch
from ...errors import ApiError, KubeSimError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation, dry_run_suffix
from ..builder import ManifestInfo, check_files_only, info_text, visit_manifests
from ..errors import add_source_to_err, print_errors
from ..flags import Flag
from ..flagsets import (
    FORCE_FLAG,
    PRUNE_ALLOWLIST_FLAG,
    SELECTOR_FLAG,
    SERVER_SIDE_FLAG,
    VALIDATE_FLAG,
    deletion_flags,
    field_manager_flag,
    printer_flags,
)
from ..objects import LAST_APPLIED, last_applied_json, metadata_string, validation_mode
from ..output import compact_json
from ..writes import WrittenObjects, create_object, decode_request

__all__ = ["COMMAND", "apply_one"]

FLAGS = [
    Flag("all", kind="bool", usage="Select all resources in the namespace of the specified resource types."),
    *deletion_flags("The files, directories or URLs that contain the configurations to apply."),
    DRY_RUN_FLAG,
    field_manager_flag("kubectl-client-side-apply"),
    replace(FORCE_FLAG, implemented=False),
    Flag("force-conflicts", kind="bool", usage="If true, server-side apply will force the changes against conflicts."),
    Flag(
        "openapi-patch",
        kind="bool",
        default=True,
        usage="If true, use openapi to calculate diff when the openapi presents and the resource can be found in "
        "the openapi spec. Otherwise, fall back to use baked-in types.",
    ),
    *printer_flags(),
    Flag(
        "overwrite",
        kind="bool",
        default=True,
        usage="Automatically resolve conflicts between the modified and live configuration by using values from the "
        "modified configuration",
    ),
    Flag(
        "prune",
        kind="bool",
        usage="Automatically delete resource objects, that do not appear in the configs and are created by either "
        "apply or create --save-config. Should be used with either -l or --all.",
    ),
    PRUNE_ALLOWLIST_FLAG,
    SELECTOR_FLAG,
    SERVER_SIDE_FLAG,
    Flag(
        "subresource",
        usage="If specified, apply will operate on the subresource of the requested object.  Only allowed when "
        "using --server-side.",
        implemented=False,
    ),
    VALIDATE_FLAG,
]

HELP = """Apply a configuration to a resource by file name or stdin. The resource name must be specified. This
resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either
'apply' or 'create --save-config'.

 JSON and YAML formats are accepted."""

EXAMPLES = """  # Apply the configuration in web-deployment.yaml
  kubectl apply -f web-deployment.yaml

  # Apply every manifest in a directory
  kubectl apply -f manifests/

  # Apply the YAML passed into stdin
  cat web-service.yaml | kubectl apply -f -"""

USAGE = "kubectl apply (-f FILENAME | -k DIRECTORY) [options]"


def run(inv: Invocation) -> int:
    check_files_only(inv)
    mode = inv.dry_run_mode()
    validation_mode(inv.flag("validate"))  # an invalid --validate fails before any file is read
    if inv.flag("server-side") and mode == "client":
        raise UsageError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
    if inv.flag("prune") and not inv.flag("all") and not inv.flag("selector"):
        raise UsageError(
            "all resources selected for prune without explicitly passing --all. To prune all resources, "
            "pass the --all flag. If you did not mean to prune all resources, specify a label selector"
        )
    selector = _client_selector(inv.flag("selector"))
    infos, problems = visit_manifests(inv, "apply", selector)
    # apply reports the builder's errors first (GetObjects), then each object's
    errors: list[KubeSimError] = [err for _, err in problems]
    written = WrittenObjects(inv, mode, collect=True)
    for info in infos:
        try:
            info.check_name(creating=False)
            written.add(*apply_one(inv, info, mode))
        except (ApiError, UsageError) as err:
            errors.append(err)
    written.print_listing()
    if inv.flag("prune"):
        _prune(inv, infos, selector, mode)
    print_errors(inv.out, errors)
    return 1 if errors else 0


def _client_selector(text: str | None) -> Selector | None:
    """``apply -l``: the builder filters the manifests itself (a bad selector never reaches a server)."""
    if not text:
        return None
    try:
        return parse_selector(text)
    except SelectorParseError as err:
        raise UsageError(f'the provided selector "{text}" is not valid: {err.message}') from None


# prune.go's default prune list, restricted to the kinds the simulator has
_PRUNE_KINDS = (Namespace, Endpoints, Pod, Service, Deployment, ReplicaSet)


def _prune(inv: Invocation, infos: list[ManifestInfo], selector: Selector | None, mode: str) -> None:
    """``apply --prune``: delete what an earlier ``apply`` created (it has the last-applied
    annotation) in the namespaces visited, matches the selector, and was not applied now."""
    applied = {
        (
            info.kind,
            info.data["metadata"].get("namespace", "") if info.kind.NAMESPACED else "",
            info.data["metadata"].get("name"),
        )
        for info in infos
    }
    namespaces = sorted({ns for kind, ns, _ in applied if kind.NAMESPACED})
    api = inv.cluster.api
    for kind in _PRUNE_KINDS:
        scopes = namespaces if kind.NAMESPACED else [""]
        for namespace in scopes:
            for obj in api.list(kind, namespace if kind.NAMESPACED else None, selector):
                key = (kind, obj.namespace if kind.NAMESPACED else "", obj.name)
                if key in applied or LAST_APPLIED not in (obj.metadata.annotations or {}):
                    continue
                if api.find(kind, key[1], obj.name) is None:
                    continue
                if mode == "none":
                    api.delete(kind, key[1], obj.name)
                inv.out.out(f"{obj.kind_prefix()}/{obj.name} pruned{dry_run_suffix(mode)}")


@contextmanager
def _errors_from(source: str) -> Iterator[None]:
    """A server error while creating or updating the object says which file it came from."""
    try:
        yield
    except ApiError as err:
        raise add_source_to_err("creating", source, err) from None


def apply_one(inv: Invocation, info: ManifestInfo, mode: str, bookkeeping: bool = True) -> tuple[Any, str]:
    """Create the object, or update it with the three-way merge; returns it and its verb. ``bookkeeping``:
    apply's own, the last-applied annotation it writes and its warning when the live object has none (diff's
    dry run of the same patch does neither: ``GetModifiedConfiguration(obj, false, ...)``)."""
    api, kind, data = inv.cluster.api, info.kind, info.data
    namespace = (metadata_string(data, "namespace") or inv.namespace) if kind.NAMESPACED else ""
    live = api.find(kind, namespace, metadata_string(data, "name"))
    server_side = bool(inv.flag("server-side"))
    applied = last_applied_json(data)
    if data["metadata"].get("annotations") is None:
        data["metadata"]["annotations"] = {}
    annotations = data["metadata"]["annotations"]
    if isinstance(annotations, dict) and not server_side and bookkeeping:  # else the server's decode fails below
        annotations[LAST_APPLIED] = applied
    if isinstance(annotations, dict) and not annotations and (server_side or bookkeeping):
        del data["metadata"]["annotations"]  # diff's patch keeps the empty map (GetModifiedConfiguration)
    if live is None:
        with _errors_from(info.source):
            obj = create_object(inv, kind, data, mode)
        return obj, "serverside-applied" if server_side else "created"
    current = live.to_dict()
    original_text = (live.metadata.annotations or {}).get(LAST_APPLIED)
    if server_side:
        # the server merges the manifest into the live object (kubectl's second apply, as
        # "kubectl-last-applied", re-applies the existing annotation as it is: no change);
        # kubectl always reports "serverside-applied"
        merged = server_side_apply(current, data)
        if merged == current:
            return live, "serverside-applied"
        with _errors_from(info.source):
            return api.update(decode_request(inv, kind, merged), dry_run=mode == "server"), "serverside-applied"
    if mode == "client":
        # apply.go computes no patch for --dry-run=client: an existing object is
        # always "configured (dry run)" and the missing-annotation warning is skipped
        return live, "configured"
    if original_text is None and bookkeeping:
        inv.out.err(
            f"Warning: resource {kind.RESOURCE}/{live.name} is missing the "
            "kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. "
            "kubectl apply should only be used on resources created declaratively by either kubectl create "
            "--save-config or kubectl apply. The missing annotation will be patched automatically."
        )
    if original_text is None:
        original = {}
    else:
        try:
            original = json.loads(original_text)
        except ValueError:
            original = {}
    merged = three_way_merge(original, data, current)
    if merged == current:
        return live, "unchanged"
    try:
        return api.update(decode_request(inv, kind, merged, patch=True), dry_run=mode == "server"), "configured"
    except ApiError as err:
        # apply.go: a rejected patch is reported with the patch, the object and the file
        patch = three_way_patch(original, data, current)
        target = info_text(kind, live.name, live.namespace if kind.NAMESPACED else "")
        step = f"applying patch:\n{compact_json(patch)}\nto:\n{target}\nfor:"
        raise add_source_to_err(step, info.source, add_source_to_err("patching", info.source, err)) from None


COMMAND = Command(
    "apply",
    "Apply a configuration to a resource by file name or stdin",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    kubeconfig_use="rest",
)
