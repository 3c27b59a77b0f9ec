"""Read-only informational commands: ``version``, ``cluster-info``, ``api-resources``, ``rollout status``."""

from __future__ import annotations

from ...api.apps import Deployment
from ...api.kinds import ALL_KINDS
from ...errors import UsageError
from ..base import Invocation
from ..flags import Flag
from ..output import to_json, to_yaml
from ..printers import format_table

VERSION_FLAGS = [Flag("client", None, "bool", False), Flag("output", "o")]
CLUSTER_INFO_FLAGS: list[Flag] = []
API_RESOURCES_FLAGS = [Flag("namespaced", None, "str", None), Flag("output", "o"), Flag("no-headers", None, "bool", False)]
ROLLOUT_FLAGS = [Flag("watch", "w", "bool", True), Flag("timeout", None, "str", "0s"), Flag("revision", None, "int", 0)]

CLIENT_VERSION = {"major": "1", "minor": "34", "gitVersion": "v1.34.1", "gitCommit": "93248f9ae092f571eb870b7664c534bfc7d00f03",
                  "gitTreeState": "clean", "buildDate": "2025-09-09T19:44:50Z", "goVersion": "go1.24.6", "compiler": "gc",
                  "platform": "linux/amd64"}
KUSTOMIZE_VERSION = "v5.7.1"


def run_version(inv: Invocation) -> int:
    fmt = inv.flag("output")
    server = {**CLIENT_VERSION, "emulationMajor": "1", "emulationMinor": "34", "minCompatibilityMajor": "1", "minCompatibilityMinor": "33"}
    data = {"clientVersion": CLIENT_VERSION, "kustomizeVersion": KUSTOMIZE_VERSION}
    if not inv.flag("client"):
        data["serverVersion"] = server
    if fmt == "json":
        inv.out.out(to_json(data))
    elif fmt == "yaml":
        inv.out.out(to_yaml(data))
    elif fmt:
        raise UsageError("--output must be 'yaml' or 'json'")
    else:
        lines = [f"Client Version: {CLIENT_VERSION['gitVersion']}", f"Kustomize Version: {KUSTOMIZE_VERSION}"]
        if not inv.flag("client"):
            lines.append(f"Server Version: {server['gitVersion']}")
        inv.out.out("\n".join(lines))
    return 0


def run_cluster_info(inv: Invocation) -> int:
    url = inv.cluster.profile.api_server_url
    # real kubectl colours the names; plain text reads better in notebooks and logs
    inv.out.out(f"Kubernetes control plane is running at {url}\n"
                f"CoreDNS is running at {url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\n"
                "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")
    return 0


def run_api_resources(inv: Invocation) -> int:
    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    for kind in sorted(ALL_KINDS, key=lambda k: (k.GROUP, k.RESOURCE)):
        if inv.flag("namespaced") is not None and str(kind.NAMESPACED).lower() != inv.flag("namespaced").lower():
            continue
        rows.append([kind.RESOURCE, ",".join(kind.SHORT_NAMES), kind.API_VERSION, str(kind.NAMESPACED).lower(), kind.KIND])
    if inv.flag("output") == "name":
        inv.out.out("\n".join(r[0] + (f".{r[2].split('/')[0]}" if "/" in r[2] else "") for r in rows[1:]))
        return 0
    inv.out.out(format_table(rows[1:] if inv.flag("no-headers") else rows).rstrip("\n"))
    return 0


def _rollout_state(d: Deployment) -> tuple[bool, str]:
    """The messages of kubectl's rollout status viewer (polymorphichelpers/rollout_status.go)."""
    status = d.status
    want = d.spec.replicas or 0
    if status is None or (status.observed_generation or 0) < (d.metadata.generation or 0):
        return False, "Waiting for deployment spec update to be observed..."
    updated, total, available = status.updated_replicas or 0, status.replicas or 0, status.available_replicas or 0
    name = d.metadata.name
    if updated < want:
        return False, f'Waiting for deployment "{name}" rollout to finish: {updated} out of {want} new replicas have been updated...'
    if total > updated:
        return False, f'Waiting for deployment "{name}" rollout to finish: {total - updated} old replicas are pending termination...'
    if available < updated:
        return False, f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} updated replicas are available...'
    return True, f'deployment "{name}" successfully rolled out'


def run_rollout(inv: Invocation) -> int:
    args = inv.args.positional
    if not args or args[0] not in ("status", "restart"):
        raise UsageError("kubesim supports 'kubectl rollout status' and 'kubectl rollout restart'",
                         hint="See 'kubectl rollout -h' for help and examples")
    from ..resources import parse_resource_args

    if not args[1:]:
        raise UsageError("Required resource not specified.", hint=f"See 'kubectl rollout {args[0]} -h' for help and examples")
    requests, _ = parse_resource_args(args[1:])
    if not requests or not requests[0].names:
        raise UsageError("resource(s) were provided, but no name was specified")
    kind, name = requests[0].kind, requests[0].names[0]
    inv.cluster.api.get(kind, inv.namespace if kind.NAMESPACED else "", name)  # NotFound first, as the builder does
    if kind is not Deployment:
        # polymorphichelpers: no viewer / restarter for other kinds (DaemonSets and StatefulSets do not exist here)
        if args[0] == "status":
            raise UsageError(f"no status viewer has been implemented for {kind.KIND}")
        raise UsageError(f'{kind.qualified_resource()} "{name}" restarting is not supported')
    cluster = inv.cluster
    if args[0] == "restart":
        d = cluster.api.get(Deployment, inv.namespace, name).copy()
        template_meta = d.spec.template.metadata
        template_meta.annotations = {**(template_meta.annotations or {}), "kubectl.kubernetes.io/restartedAt": cluster.clock.timestamp()}
        cluster.api.update(d)
        inv.out.out(f"deployment.apps/{name} restarted")
        return 0
    from ...clock import parse_duration

    try:
        timeout = parse_duration(inv.flag("timeout") or "0s")
    except ValueError:
        raise UsageError(f'invalid argument "{inv.flag("timeout")}" for "--timeout" flag: time: invalid duration "{inv.flag("timeout")}"') from None
    last = None
    for waited in range(600):
        done, message = _rollout_state(cluster.api.get(Deployment, inv.namespace, name))
        if message != last:
            inv.out.out(message)
            last = message
        if done or not inv.flag("watch"):
            return 0
        if timeout and waited >= timeout:
            inv.out.err("error: timed out waiting for the condition")
            return 1
        cluster.advance(1)
    inv.out.err(f'error: deployment "{name}" exceeded its progress deadline')
    return 1
