"""Simulated time inside a real kubectl's wait, so that it ends as ours does.

Where our kubectl lets simulated time pass inside a command (``delete`` waiting for its Pods to go, ``run -i``
waiting for its container to start and, with ``--restart=Never``, for its Pod to end, ``rollout status``
waiting for a rollout), the real kubectl waits on a watch instead. With a manual clock nothing would ever
change, so the server lets the same time pass while that watch is open: in the same steps, until the same
condition our command checks holds (the predicate is shared, not copied), so the ages printed afterwards agree
byte for byte. Which wait a watch belongs to is told by the request's
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
from ..kubectl.commands.run import RUNNING_STEP_SECONDS, RUNNING_STEPS, attachable, session_over
from ..kubectl.commands.wait import SETTLE_STEP_SECONDS, SETTLE_STEPS, settled

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


def driver_for(
    cluster: Any, command: str, kind: type, namespace: str, name: str, after_session: bool = False
) -> SteppedWait | None:
    """The wait a watch belongs to, or None when it is a plain watch (``get -w``, a client library's).
    ``after_session``: the same ``kubectl run`` has waited on this Pod before, so this is its wait for the end."""
    if not name:
        return None
    api = cluster.api
    if command == "kubectl delete" and kind is Pod:
        pod = api.find(Pod, namespace, name)
        if pod is None:
            return None
        return SteppedWait(cluster, lambda: pod_gone(api, pod), WAIT_STEP_SECONDS, WAIT_STEPS)
    if command == "kubectl run" and kind is Pod:
        return _run_wait(cluster, namespace, name, after_session)
    if command == "kubectl rollout status" and kind is Deployment:

        def rolled_out() -> bool:
            deployment = api.find(Deployment, namespace, name)
            return deployment is None or rollout_state(deployment)[0]

        return SteppedWait(cluster, rolled_out, STATUS_STEP_SECONDS, STATUS_STEPS)
    if command == "kubectl wait":
        # the server cannot see --for: time passes until nothing a wait may wait for is still to come
        return SteppedWait(cluster, lambda: settled(cluster, kind, namespace, name), SETTLE_STEP_SECONDS, SETTLE_STEPS)
    return None


def _run_wait(cluster: Any, namespace: str, name: str, after_session: bool) -> SteppedWait:
    """``run -i``: the wait for the container to start before attaching; then, with ``--restart=Never`` or
    ``OnFailure``, the wait for the Pod to end after the session (``--rm`` deletes without waiting)."""
    api = cluster.api
    condition = session_over if after_session else attachable

    def reached() -> bool:
        current = api.find(Pod, namespace, name)
        return current is None or condition(current)

    return SteppedWait(cluster, reached, RUNNING_STEP_SECONDS, RUNNING_STEPS)
