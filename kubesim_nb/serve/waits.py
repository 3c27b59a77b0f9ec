"""Simulated time inside a real kubectl's wait, so that it ends as ours does.

Where our kubectl lets simulated time pass inside a command (``delete`` waiting for its Pods to go,
``rollout status`` waiting for a rollout), the real kubectl waits on a watch instead. With a manual clock
nothing would ever change, so the server lets the same time pass while that watch is open: in the same
steps, until the same condition our command checks holds (the predicate is shared, not copied), so the
ages printed afterwards agree byte for byte. Which wait a watch belongs to is told by the request's
``Kubectl-Command`` header and the ``metadata.name`` of its field selector
(``staging/src/k8s.io/cli-runtime/pkg/genericclioptions/command_headers.go``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..api.apps import Deployment
from ..api.core import Pod
from ..kubectl.commands.delete import WAIT_STEP_SECONDS, WAIT_STEPS, pod_gone
from ..kubectl.commands.rollout import STATUS_STEP_SECONDS, STATUS_STEPS, rollout_state

__all__ = ["SteppedWait", "driver_for"]


@dataclass
class SteppedWait:
    """Let ``seconds`` pass at a time until ``condition`` holds, at most ``steps`` times."""

    cluster: Any
    condition: Callable[[], bool]
    seconds: float
    steps: int

    def done(self) -> bool:
        return self.steps <= 0 or self.condition()

    def step(self) -> None:
        self.steps -= 1
        self.cluster.advance(self.seconds)


def driver_for(cluster: Any, command: str, kind: type, namespace: str, name: str) -> SteppedWait | None:
    """The wait a watch belongs to, or None when it is a plain watch (``get -w``, a client library's)."""
    if not name:
        return None
    api = cluster.api
    if command == "kubectl delete" and kind is Pod:
        pod = api.find(Pod, namespace, name)
        if pod is None:
            return None
        return SteppedWait(cluster, lambda: pod_gone(api, pod), WAIT_STEP_SECONDS, WAIT_STEPS)
    if command == "kubectl rollout status" and kind is Deployment:

        def rolled_out() -> bool:
            deployment = api.find(Deployment, namespace, name)
            return deployment is None or rollout_state(deployment)[0]

        return SteppedWait(cluster, rolled_out, STATUS_STEP_SECONDS, STATUS_STEPS)
    return None
