"""``kubectl port-forward``: forward local ports to a Pod's, in the background (``pkg/cmd/portforward``).

The forward itself is the data plane's (:mod:`kubesim_nb.network.portforward`).
"""

from __future__ import annotations

from ...errors import UsageError
from ...network.portforward import port_forward
from ..base import Command, Invocation
from ..flags import Flag, invalid_syntax
from ..flagsets import pod_running_timeout_flag

__all__ = ["COMMAND"]

FLAGS = [
    Flag(
        "address",
        kind="list",
        default=["localhost"],
        usage="Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When "
        "localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of "
        "these addresses are available to bind.",
        implemented=False,
    ),
    pod_running_timeout_flag(60),
]

HELP = """Forward one or more local ports to a pod.

 Use resource type/name such as deployment/mydeployment to select a pod. If there are multiple pods matching the
criteria, a pod will be selected automatically. The forwarding session ends when the selected pod terminates.
In the simulator the forward keeps running in the background: use the host shell (kubesim host curl ...) to reach it."""

EXAMPLES = """  # Listen on port 8080 locally, forwarding to port 80 of the service's pod
  kubectl port-forward svc/web-service 8080:80"""

USAGE = "kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]"


def run(inv: Invocation) -> int:
    if len(inv.args.positional) < 2:
        raise UsageError(
            "TYPE/NAME and list of ports are required for port-forward",
            hint="See 'kubectl port-forward -h' for help and examples",
        )
    ref, specs = inv.args.positional[0], inv.args.positional[1:]
    target = ref if "/" in ref else f"pod/{ref}"
    for spec in specs:
        local_text, _, remote_text = spec.rpartition(":") if ":" in spec else (spec, "", spec)
        try:
            remote = int(remote_text)
            local = int(local_text) if local_text else None
        except ValueError:
            why = invalid_syntax("strconv.ParseUint", local_text)
            raise UsageError(f"Error parsing local port '{local_text}': {why}") from None
        inv.out.out(port_forward(inv.cluster, target, local, remote, namespace=inv.namespace).banner())
    return 0


COMMAND = Command(
    "port-forward", "Forward one or more local ports to a pod", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE
)
