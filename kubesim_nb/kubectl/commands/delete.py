"""``kubectl delete``: by name, ``TYPE/NAME``, ``-f``, ``-l`` or ``--all``; waits for Pods to go."""

from __future__ import annotations

from ...api.core import Pod
from ...errors import ApiError, UsageError
from ..base import Invocation, get_named, selector_from_flag
from ..errors import add_source_to_err, status_message
from ..flags import Flag
from ..manifests import read_sources
from ..objects import mapping_for
from ..resources import parse_resource_args

FLAGS = [
    Flag("filename", "f", "list"), Flag("selector", "l"), Flag("all", None, "bool", False), Flag("all-namespaces", "A", "bool", False),
    Flag("grace-period", None, "int", -1), Flag("force", None, "bool", False), Flag("now", None, "bool", False),
    Flag("wait", None, "bool", True), Flag("ignore-not-found", None, "bool", False), Flag("output", "o"),
    Flag("dry-run", None, "str", "none", no_value="client"), Flag("recursive", "R", "bool", False), Flag("cascade", None, "str", "background", no_value="background"),
    Flag("timeout"),
]

HELP = """Delete resources by file names, stdin, resources and names, or by resources and label selector.

Examples:
  # Delete a pod; its Deployment's ReplicaSet replaces it with a new Pod (new name, new IP)
  kubectl delete pod web-deployment-7d4b9c6f5-x2kqz

  # Delete the objects of a manifest
  kubectl delete -f web-service.yaml

  # Delete pods with label app=web
  kubectl delete pods -l app=web

Options:
    --all=false: Delete all resources, in the namespace of the specified resource types.
    -f, --filename=[]: containing the resource to delete.
    --force=false: Immediately remove resources from API and bypass graceful deletion.
    --grace-period=-1: Period of time in seconds given to the resource to terminate gracefully.
    -l, --selector='': Selector (label query) to filter on.
    --wait=true: If true, wait for resources to be gone before returning.

Usage:
  kubectl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)]) [options]
"""


def _effective_grace(inv: Invocation) -> int:
    """delete.go Complete: ``--now`` is 1 s; ``--grace-period=0`` needs ``--force`` (else it becomes 1);
    ``--force`` alone means 0."""
    grace = inv.flag("grace-period")
    if inv.flag("now"):
        if grace != -1:
            raise UsageError("--now and --grace-period cannot be specified together")
        grace = 1
    if grace == 0 and not inv.flag("force"):
        grace = 1
    if inv.flag("force") and grace < 0:
        grace = 0
    return grace


def _line(obj, inv: Invocation, suffix: str, grace: int) -> str:
    """delete.go PrintObj: ``<kind>[.<group>] "<name>" deleted[ from <ns> namespace]``."""
    if inv.flag("output") == "name":
        return f"{obj.kind_prefix()}/{obj.name}"
    where = f" from {obj.namespace} namespace" if type(obj).NAMESPACED else ""
    verb = "force deleted" if grace == 0 else "deleted"
    return f'{obj.kind_prefix()} "{obj.name}" {verb}{where}{suffix}'


def _targets(inv: Invocation) -> tuple[list, list[str], list[str]]:
    """(objects, error lines, sources) to delete, in kubectl's order."""
    store = inv.cluster.store
    found, errors = [], []
    if inv.flag("filename"):
        if inv.args.positional:
            raise UsageError("Unexpected args: " + str(inv.args.positional).replace("'", ""))
        documents, read_errors = read_sources(inv.flag("filename"), inv.stdin, inv.cwd, bool(inv.flag("recursive")))
        problems = [(at, err.message) for at, err in read_errors]
        for index, doc in enumerate(documents):
            try:
                kind = mapping_for(doc, "ignore")  # delete's builder has no schema
            except UsageError as err:
                problems.append((index + 1, err.message))
                continue
            meta = doc.data.get("metadata") if isinstance(doc.data.get("metadata"), dict) else {}
            namespace = (meta.get("namespace") or inv.namespace) if kind.NAMESPACED else ""
            name = meta.get("name") if isinstance(meta.get("name"), str) else ""
            obj = store.get(kind, namespace, name)
            if obj is None:
                if not inv.flag("ignore-not-found"):
                    errors.append(status_message(add_source_to_err("deleting", doc.source, ApiError.not_found(kind.qualified_resource(), name))))
            else:
                found.append(obj)
        # the builder's own problems (unreadable files, unknown kinds) come first; as
        # in any kubectl aggregate they carry no "error: " prefix unless alone
        problems.sort(key=lambda item: item[0])
        client = [text for _, text in problems]
        if len(client) == 1 and not errors:
            client = ["error: " + client[0]]
        return found, client + errors, []
    if not inv.args.positional:
        raise UsageError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n"
                         "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
    requests, _ = parse_resource_args(inv.args.positional)
    for request in requests:
        kind = request.kind
        namespace = inv.namespace if kind.NAMESPACED else ""
        if request.names:
            found += get_named(inv, kind, request.names, errors)
        elif inv.flag("selector") or inv.flag("all"):
            selector = selector_from_flag(kind, inv.flag("selector"))
            scope = None if inv.flag("all-namespaces") or not kind.NAMESPACED else namespace
            found += store.list(kind, scope, selector)
        else:
            raise UsageError("resource(s) were provided, but no name was specified")
    return found, errors, []


def _propagation(inv: Invocation) -> str:
    """``--cascade``: background (default), foreground or orphan; the old booleans still work."""
    value = str(inv.flag("cascade", "background")).lower()
    if value in ("true", "false"):
        replacement = "background" if value == "true" else "orphan"
        inv.out.err(f"warning: --cascade={value} is deprecated (boolean value) and can be replaced with --cascade={replacement}.")
        value = replacement
    if value not in ("background", "foreground", "orphan"):
        raise UsageError(f'invalid cascade value ({inv.flag("cascade")}). Must be "background", "foreground", or "orphan".')
    return value.capitalize()


def run(inv: Invocation) -> int:
    grace = _effective_grace(inv)
    dry_run = inv.flag("dry-run", "none")
    if dry_run not in ("none", "client", "server"):
        raise UsageError(f'Invalid dry-run value ({dry_run}). Must be "none", "server", or "client".')
    if inv.flag("all") and inv.flag("selector"):
        raise UsageError("cannot set --all and --selector at the same time")
    if grace == 0 and inv.flag("force") and dry_run == "none":
        inv.out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. "
                    "The resource may continue to run on the cluster indefinitely.")
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    propagation = _propagation(inv)
    found, errors, _ = _targets(inv)
    if not found and not errors and (inv.flag("selector") or inv.flag("all")):
        inv.out.err("No resources found" + ("" if inv.flag("all-namespaces") else f" in {inv.namespace} namespace") + ".")
    api = inv.cluster.api
    for obj in found:
        if inv.cluster.store.get(type(obj), obj.namespace, obj.name) is None:
            continue  # already removed by an earlier cascade
        if dry_run == "none":
            api.delete(type(obj), obj.namespace, obj.name, grace_period=None if grace < 0 else grace, propagation=propagation)
        inv.out.out(_line(obj, inv, suffix, grace))
    if dry_run == "none" and inv.flag("wait"):
        _wait_for_pods(inv, [o for o in found if isinstance(o, Pod)])
    for message in errors:
        inv.out.err(message)
    return 1 if errors else 0


def _wait_for_pods(inv: Invocation, pods: list) -> None:
    """``--wait``: kubectl returns once the Pods are really gone (simulated time passes meanwhile)."""
    store, cluster = inv.cluster.store, inv.cluster
    for _ in range(120):
        if all(store.get(Pod, p.namespace, p.name) is None or store.get(Pod, p.namespace, p.name).metadata.uid != p.metadata.uid
               for p in pods):
            return
        cluster.advance(1)
