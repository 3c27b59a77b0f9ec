"""``kubesim serve``: serve the persistent cluster in the foreground until SIGINT or SIGTERM.

This module owns the command's life: load the cluster from the state file, start the server
(:mod:`.server`), write the kubeconfig (:mod:`.kubeconfig`) and the record other ``kubesim`` commands find
it by (:mod:`.remote`), print ``export KUBECONFIG=...``, wait for a signal, then stop, save the state
atomically and exit 0. While it serves, no think time is added before commands: with the wall clock
simulated time follows real time, with the manual clock it moves only with ``kubesim advance``.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..cluster import Cluster
from ..statefile import StateFile
from .kubeconfig import default_kubeconfig_path, write_kubeconfig
from .remote import Record, new_token, record_path
from .server import LOOPBACK, KubeServer, is_loopback, reachable_address

__all__ = ["DEFAULT_PORT", "ServeOptions", "serve_until_signalled"]

DEFAULT_PORT = 6443


@dataclass(frozen=True)
class ServeOptions:
    port: int = DEFAULT_PORT
    kubeconfig: Path | None = None
    clock: str = "wall"
    address: str = LOOPBACK


def serve_until_signalled(state: StateFile, options: ServeOptions, out: TextIO = sys.stdout) -> int:
    with state.locked():
        cluster = state.load() or Cluster()
    think_time, cluster.think_time = cluster.think_time, 0.0
    try:
        server = KubeServer(cluster, address=options.address, port=options.port, clock=options.clock, token=new_token())
    except OSError as err:
        print(f"error: cannot listen on {options.address}:{options.port}: {err.strerror or err}", file=sys.stderr)
        return 1
    if not is_loopback(options.address):
        print(
            f"warning: serving on {options.address}, not only on this computer: anyone who can reach it can "
            "read and change the cluster (there is no authentication)",
            file=sys.stderr,
        )
    kubeconfig = write_kubeconfig(options.kubeconfig or default_kubeconfig_path(), server.url)
    record = record_path(state.path)
    Record(reachable_address(server.address), server.port, os.getpid(), server.token).write(record)
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
