"""The running cluster as the data plane and kubectl see it: a narrow interface, not the cluster.

The composition root (:mod:`kubesim_nb.cluster`) builds the store, the API
server, the controllers and the network index, and hands the layers above the
controllers an object of this shape — the way client-go code sees
``clientset.Interface`` and CoreDNS's kubernetes plugin sees only its
``dnsController``. Nothing here imports the composition root, so the layers
stay one-way: reads and writes go through the API server, time through
``advance``/``settle``, the calls into the node agent (a signal to a
container's PID 1, :meth:`Runtime.signal_container`; the end of an attached main
process, :meth:`Runtime.main_process_exited`), and the one question
to Docker Desktop's vpnkit (which Service owns a port of the laptop) through
:meth:`Runtime.localhost_service`.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from ..api.core import Container, Pod
    from ..apiserver import APIServer
    from ..clock import SimClock
    from ..profiles import Profile
    from .index import NetworkIndex

__all__ = ["Runtime"]


class Runtime(Protocol):
    """What a program in a Pod, kube-proxy's and CoreDNS's rules, and kubectl may use of a cluster."""

    api: "APIServer"  # every read and write
    clock: "SimClock"
    profile: "Profile"
    network: "NetworkIndex"  # Services, Pods and endpoints by address, kept current from watch events
    rng_net: random.Random  # the data plane's own random stream (endpoint choice), apart from names and allocation
    sessions: dict[str, Any]  # data-plane state saved with the cluster (port-forwards, affinity, files in Pods)

    @property
    def kubernetes_ip(self) -> str: ...

    @property
    def dns_ip(self) -> str: ...

    def settle(self) -> None:
        """Let the controllers react to everything that has happened."""

    def advance(self, duration: str | float) -> None:
        """Let simulated time pass (everything due happens, in order)."""

    def signal_container(self, pod: "Pod", container: "Container", signal: str) -> bool:
        """Deliver a signal to a container's PID 1 through the kubelet; True when the process exits."""

    def main_process_exited(self, pod: "Pod", container: "Container", exit_code: int) -> None:
        """The container's PID 1 — the shell ``kubectl run -it`` was attached to — has exited with ``exit_code``."""

    def localhost_service(self, port: int) -> tuple[str, str] | None:
        """Docker Desktop: the LoadBalancer Service (namespace, name) vpnkit forwards ``localhost:port`` to."""
