"""``kubesim serve``: serve the persistent cluster in the foreground until SIGINT or SIGTERM.

This module owns the command's life: load the cluster from the state file (or start a new one at the
computer's time, :mod:`.clientclock`), start the server
(:mod:`.server`) on port 6443, kube-apiserver's, or, when another program (another learner's ``kubesim serve``
on a shared computer) holds it, on a free port, saying so; write the kubeconfig (:mod:`.kubeconfig`) and the
record other ``kubesim`` commands find it by (:mod:`.remote`), both with the server's token; print
``export KUBECONFIG=...``, wait for a signal, then stop, save the state
atomically and exit 0. While it serves, no think time is added before commands: with the wall clock
simulated time follows real time, with the manual clock it moves only with ``kubesim advance``.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..cluster import Cluster
from ..statefile import StateFile
from .clientclock import clock_note, computer_now
from .kubeconfig import default_kubeconfig_path
from .remote import Record, record_path
from .server import LOOPBACK, KubeServer, is_loopback, reachable_address

__all__ = ["DEFAULT_PORT", "ServeOptions", "serve_until_signalled"]

DEFAULT_PORT = 6443


@dataclass(frozen=True)
class ServeOptions:
    port: int | None = None  # None: DEFAULT_PORT, or a free port when it is taken; 0: a free port
    kubeconfig: Path | None = None
    clock: str = "wall"
    address: str = LOOPBACK


def _listen(cluster: Cluster, options: ServeOptions, out: TextIO) -> KubeServer:
    """A server on the port asked for; by default on 6443, or on a free port when 6443 is in use (one line says
    so: on a shared computer, another learner's server may hold it)."""
    if options.port is not None:
        return KubeServer(cluster, address=options.address, port=options.port, clock=options.clock)
    try:
        return KubeServer(cluster, address=options.address, port=DEFAULT_PORT, clock=options.clock)
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
    server = KubeServer(cluster, address=options.address, port=0, clock=options.clock)
    print(f"Port {DEFAULT_PORT} is in use on this computer: serving on port {server.port} instead.", file=out)
    return server


def serve_until_signalled(state: StateFile, options: ServeOptions, out: TextIO = sys.stdout) -> int:
    with state.locked():
        cluster = state.load() or Cluster(epoch=computer_now())  # served timestamps are real times
    think_time, cluster.think_time = cluster.think_time, 0.0
    try:
        server = _listen(cluster, options, out)
    except OSError as err:
        port = DEFAULT_PORT if options.port is None else options.port
        print(f"error: cannot listen on {options.address}:{port}: {err.strerror or err}", file=sys.stderr)
        return 1
    if not is_loopback(options.address):
        print(
            f"warning: serving on {options.address}, not only on this computer: anyone who can reach it can "
            "try to guess its token",
            file=sys.stderr,
        )
    kubeconfig = server.write_kubeconfig(options.kubeconfig or default_kubeconfig_path())
    record = record_path(state.path)
    authority = server.certificates.authority.decode("ascii")
    Record(reachable_address(server.address), server.port, os.getpid(), server.token, authority).write(record)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    server.start()
    print(
        f"Serving the simulated {cluster.profile.name} cluster (seed {cluster.seed}) at {server.url} "
        f"(clock: {options.clock}).\nexport KUBECONFIG={kubeconfig}\n"
        "Run the line above in another terminal, then use kubectl there. Press Ctrl-C to stop.",
        file=out,
        flush=True,
    )
    note = clock_note(cluster.clock.now())
    if note:
        print(note, file=out, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.stop()
        with state.locked():
            cluster.think_time = think_time
            state.save(cluster)
        record.unlink(missing_ok=True)
    print(f"Stopped. The cluster is saved in {state.path}.", file=out, flush=True)
    return 0
