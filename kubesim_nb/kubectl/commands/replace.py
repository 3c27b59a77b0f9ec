"""``kubectl replace -f``: put the objects of manifests in place of the live ones (``pkg/cmd/replace/replace.go``).

Each object is sent whole (cli-runtime's ``resource.Helper.Replace``, a PUT carrying the live resourceVersion
when the manifest names none); one that is not there is NotFound, and a failure does not stop the others.
``--force`` deletes the objects instead, waits until they are gone (simulated time passes meanwhile) and
creates them again.
"""

from __future__ import annotations

from ...errors import ApiError, KubeSimError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation
from ..builder import ManifestInfo, visit_manifests
from ..errors import add_source_to_err, print_errors
from ..flags import Flag
from ..flagsets import FORCE_FLAG, SAVE_CONFIG_FLAG, VALIDATE_FLAG, deletion_flags, field_manager_flag, printer_flags
from ..objects import LAST_APPLIED, last_applied_json, metadata_string
from ..writes import WrittenObjects, create_object, decode_request
from .delete import deleted_line

__all__ = ["COMMAND"]

# --force: the objects are looked for every second until they are gone, five minutes at most by default
GONE_POLL_SECONDS = 1.0
GONE_TIMEOUT_SECONDS = 300.0

FLAGS = [
    *printer_flags(),
    *deletion_flags("The files, directories or URLs that contain the configurations to replace."),
    DRY_RUN_FLAG,
    field_manager_flag("kubectl-replace"),
    FORCE_FLAG,
    Flag(
        "raw",
        usage="Raw URI to PUT to the server.  Uses the transport specified by the kubeconfig file.",
        implemented=False,
    ),
    SAVE_CONFIG_FLAG,
    Flag(
        "subresource",
        usage="If specified, replace will operate on the subresource of the requested object.",
        implemented=False,
    ),
    VALIDATE_FLAG,
]

HELP = """Replace a resource by file name or stdin.

 JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be
provided. This can be obtained by

        $ kubectl get TYPE NAME -o yaml"""

EXAMPLES = """  # Replace the web Deployment with the one of a manifest
  kubectl replace -f web-deployment.yaml

  # Update a Deployment's image from its current state, and replace it
  kubectl get deployment web-deployment -o yaml | sed 's/nginx:1.25/nginx:1.27/' | kubectl replace -f -

  # Delete the Service, and create it again from the manifest
  kubectl replace --force -f web-service.yaml"""


def _check(inv: Invocation) -> None:
    """replace.go ``Complete`` (files are required) and ``Validate``."""
    if not inv.flag("filename"):
        raise UsageError("must specify one of -f and -k")
    force = inv.flag("force")
    if inv.flag("grace-period") >= 0 and not force:
        raise UsageError("--grace-period must have --force specified")
    if inv.flag("timeout") and not force:
        raise UsageError("--timeout must have --force specified")
    if force and inv.dry_run_mode() != "none":
        raise UsageError("--dry-run can not be used when --force is set")


def _annotated(inv: Invocation, info: ManifestInfo) -> dict:
    """``CreateOrUpdateAnnotation``: the last-applied annotation with ``--save-config``, or kept current
    when the manifest already has one."""
    annotations = (info.data.get("metadata") or {}).get("annotations") or {}
    if inv.flag("save-config") or LAST_APPLIED in annotations:
        info.data.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = last_applied_json(info.data)
    return info.data


def _replace_one(inv: Invocation, info: ManifestInfo, mode: str):
    """The PUT of one object (nothing sent for ``--dry-run=client``)."""
    info.check_name(creating=False)
    obj = decode_request(inv, info.kind, _annotated(inv, info))
    if mode == "client":
        return obj
    namespace = metadata_string(info.data, "namespace") if info.kind.NAMESPACED else ""
    inv.cluster.api.get(info.kind, namespace, obj.metadata.name)  # Helper.Replace reads the live resourceVersion
    return inv.cluster.api.update(obj, dry_run=mode == "server")


def _force_replace(inv: Invocation, infos: list[ManifestInfo], errors: list[KubeSimError]) -> None:
    """replace.go ``forceReplace``: delete what is there, wait until it is gone, create it again."""
    grace = inv.flag("grace-period")
    grace = 1 if grace == 0 else grace  # --grace-period=0 becomes 1 (and a wait), as delete's does
    api = inv.cluster.api
    live = []
    for info in infos:
        namespace = metadata_string(info.data, "namespace") if info.kind.NAMESPACED else ""
        obj = api.find(info.kind, namespace, metadata_string(info.data, "name"))
        if obj is not None:  # IgnoreNotFound
            api.delete(type(obj), obj.namespace, obj.name, grace_period=None if grace < 0 else grace)
            inv.out.out(deleted_line(obj, inv, "", grace))
            live.append(obj)
    waited, timeout = 0.0, inv.flag("timeout") or GONE_TIMEOUT_SECONDS
    while any(api.find(type(o), o.namespace, o.name) is not None for o in live):
        if waited >= timeout:
            raise UsageError("timed out waiting for the condition")
        inv.cluster.advance(GONE_POLL_SECONDS)
        waited += GONE_POLL_SECONDS
    written = WrittenObjects(inv, "none", collect=False)
    for info in infos:
        try:
            written.add(create_object(inv, info.kind, _annotated(inv, info), "none"), "replaced")
        except (ApiError, UsageError) as err:
            errors.append(err)


def run(inv: Invocation) -> int:
    _check(inv)
    mode = inv.dry_run_mode()
    infos, problems = visit_manifests(inv, "replace")
    errors: list[KubeSimError] = [err for _, err in problems]
    if inv.flag("force"):
        if errors:
            raise errors[0]  # the builder's error stops a forced replace before anything is deleted
        _force_replace(inv, infos, errors)
    else:
        written = WrittenObjects(inv, mode, collect=False)
        placed: list[tuple[float, KubeSimError]] = list(problems)
        for info in infos:
            try:
                written.add(_replace_one(inv, info, mode), "replaced")
            except (ApiError, UsageError) as err:
                placed.append((info.index + 0.5, add_source_to_err("replacing", info.source, err)))
        placed.sort(key=lambda item: item[0])
        errors = [err for _, err in placed]
    print_errors(inv.out, errors)
    return 1 if errors else 0


COMMAND = Command(
    "replace",
    "Replace a resource by file name or stdin",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage="kubectl replace -f FILENAME [options]",
    kubeconfig_use="rest",
)
