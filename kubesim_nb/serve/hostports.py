"""Host ports, as on Docker Desktop: the simulated Services answer on the real ``127.0.0.1`` while serving.

Docker Desktop's Kubernetes publishes every NodePort on the laptop's ``localhost:<nodePort>`` and gives a
LoadBalancer Service the ingress hostname ``localhost``, its ports published there too (one Service per
port: a second one stays ``<pending>``, which the simulated service controller decides). While
``kubesim serve`` serves a cluster whose profile publishes node ports on localhost, :class:`HostPorts`
does the same on the real machine: a listening socket on ``127.0.0.1`` (never another address) for each
such port, opened and closed as Services come and go.

A connection to one of them takes the path a ``curl`` typed on the simulated laptop takes
(:func:`kubesim_nb.network.proxy.connect` from :meth:`~kubesim_nb.network.proxy.Source.host`): kube-proxy's
rules pick an endpoint (or refuse: the client's connection is reset), and the bytes are bridged to the
simulated server (:mod:`.httpbridge`). A port something else already holds gives one warning line.
"""

from __future__ import annotations

import select
import socket
import struct
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from ..network.index import localhost_node_port
from ..network.proxy import ConnectFailure, Source, connect
from .httpbridge import HttpBridge
from .websocket import POLL_SECONDS, READ_SIZE

__all__ = ["HostPorts", "published_ports"]

BACKLOG = 16


def published_ports(cluster: Any) -> dict[int, str]:
    """The TCP ports of the laptop's localhost the cluster's Services publish, each with what publishes it."""
    index = cluster.network
    ports: dict[int, str] = {}
    if not cluster.profile.node_ports_on_localhost:
        return ports
    for port, protocol in sorted(index.services_by_node_port):
        key = localhost_node_port(cluster, port, protocol) if protocol == "TCP" else None
        if key is not None:
            ports[port] = f"node port {port} of Service {key[0]}/{key[1]}"
    for port, (namespace, name) in cluster.localhost_services().items():
        service = index.service((namespace, name))
        if service is not None and any(
            p.port == port and (p.protocol or "TCP") == "TCP" for p in service.spec.ports or []
        ):
            ports.setdefault(port, f"port {port} of LoadBalancer {namespace}/{name}")
    return ports


def _warn(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass
class HostPorts:
    """The published ports of one served cluster; :meth:`run` keeps them in step until :meth:`stop`."""

    cluster: Any
    lock: Any
    # lets the controllers see the last kubectl command's writes first, as any request to the server does
    settle: Callable[[], None] = lambda: None
    warn: Callable[[str], None] = _warn
    listeners: dict[int, socket.socket] = field(default_factory=dict)
    refused: set[int] = field(default_factory=set)  # busy ports, warned about once
    stopped: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def run(self) -> None:
        generation = None
        try:
            while not self.stopped.is_set():
                with self.lock:
                    index = self.cluster.network
                    wanted = published_ports(self.cluster) if index.generation != generation else None
                    generation = index.generation
                if wanted is not None:
                    self.publish(wanted)
                self.stopped.wait(POLL_SECONDS)
        finally:
            self.publish({})
            for thread in self.threads:
                thread.join(timeout=5)

    def stop(self) -> None:
        self.stopped.set()

    def publish(self, wanted: dict[int, str]) -> None:
        for port in sorted(set(self.listeners) - set(wanted)):
            self.listeners.pop(port).close()
        self.refused &= set(wanted)
        for port, what in sorted(wanted.items()):
            if port in self.listeners or port in self.refused:
                continue
            try:
                self.listeners[port] = _listen(port)
            except OSError as err:
                self.refused.add(port)
                self.warn(f"warning: cannot publish {what} on 127.0.0.1:{port}: {err.strerror or err}")
                continue
            self._spawn(self.accept, port, self.listeners[port])
        self.threads = [t for t in self.threads if t.is_alive()]

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=f"kubesim-hostport-{args[0]}", daemon=True)
        thread.start()
        self.threads.append(thread)

    def accept(self, port: int, listener: socket.socket) -> None:
        while not self.stopped.is_set() and self.listeners.get(port) is listener:
            try:
                readable, _, _ = select.select([listener], [], [], POLL_SECONDS)
                if readable:
                    conn, _ = listener.accept()
                    self._spawn(self.serve, port, conn)
            except (OSError, ValueError):
                return

    def serve(self, port: int, conn: socket.socket) -> None:
        """One connection from the real laptop, through the simulated network to whoever answers."""
        self.settle()
        with self.lock:
            route = connect(self.cluster, Source.host(self.cluster), "localhost", port)
        if isinstance(route, ConnectFailure):
            if route.refused:  # a REJECT rule or a closed port: the client sees its connection reset
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
                return
            route = None  # dropped: nothing answers, the client waits until it gives up

        def answer(request: Any) -> Any:
            with self.lock:
                return route.request(request)

        bridge = HttpBridge(answer, port) if route is not None else None
        with conn:
            while not self.stopped.is_set():
                try:
                    readable, _, _ = select.select([conn], [], [], POLL_SECONDS)
                    if not readable:
                        continue
                    data = conn.recv(READ_SIZE)
                except (OSError, ValueError):
                    return
                if bridge is None:
                    if not data:
                        return
                    continue
                reply = bridge.receive(data)
                try:
                    conn.sendall(reply.data)
                except OSError:
                    return
                if reply.close or not data:
                    return


def _listen(port: int) -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port just unpublished can be again
    try:
        listener.bind(("127.0.0.1", port))
        listener.listen(BACKLOG)
    except OSError:
        listener.close()
        raise
    return listener
