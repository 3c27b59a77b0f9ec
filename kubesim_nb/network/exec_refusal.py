"""Why ``kubectl exec`` cannot start a program in a container, and the words kubectl prints for it.

The data plane finds the reason (:func:`kubesim_nb.network.shell.check_exec`,
a program missing from the image) and raises :class:`ExecRefused`: an
:class:`~.machine.ExecError` with a typed :class:`ExecProblem` and its
fields. This module is the one place that words it, as kubectl shows it:

- the Pod has completed: kubectl's own check before it connects
  (``staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go`` ExecOptions.Run);
- the container is not running: the kubelet refuses the stream
  (``pkg/kubelet/kubelet_pods.go`` GetExec, "container not found"), which
  the API server reports as an Internal error "unable to upgrade connection";
- the program is not in the image: runc cannot start it, and the container
  runtime relays that — Docker's exec API as it is, containerd's CRI wrapped
  by the API server as an Internal error.
"""

from __future__ import annotations

from enum import Enum

from .machine import ExecError

__all__ = ["RUNC_EXIT_CODE", "ExecProblem", "ExecRefused"]

RUNC_EXIT_CODE = 126  # runc: the program cannot be started


class ExecProblem(Enum):
    POD_COMPLETED = "pod completed"
    CONTAINER_NOT_RUNNING = "container not running"
    PROGRAM_NOT_FOUND = "program not found"


class ExecRefused(ExecError):
    """``kubectl exec`` cannot start ``program``; ``message`` is what kubectl prints."""

    def __init__(
        self,
        problem: ExecProblem,
        *,
        phase: str = "",
        container: str = "",
        program: str = "",
        runtime: str = "",
        exec_id: str = "",
    ):
        self.problem, self.phase, self.container = problem, phase, container
        self.program, self.runtime, self.exec_id = program, runtime, exec_id
        super().__init__(self._words())

    @property
    def relayed(self) -> bool:
        """Docker's exec API relays runc's words as the program's output, exiting with :data:`RUNC_EXIT_CODE`;
        containerd's CRI error becomes the API server's Internal error instead."""
        return self.problem is ExecProblem.PROGRAM_NOT_FOUND and self.runtime.startswith("docker")

    @property
    def runc_words(self) -> str:
        return (
            "OCI runtime exec failed: exec failed: unable to start container process: "
            f'exec: "{self.program}": executable file not found in $PATH: unknown'
        )

    def _words(self) -> str:
        if self.problem is ExecProblem.POD_COMPLETED:
            return f"error: cannot exec into a container in a completed pod; current phase is {self.phase}"
        if self.problem is ExecProblem.CONTAINER_NOT_RUNNING:
            return (
                "error: Internal error occurred: unable to upgrade connection: "
                f'container not found ("{self.container}")'
            )
        if self.relayed:
            return f"{self.runc_words}\ncommand terminated with exit code {RUNC_EXIT_CODE}"
        return (
            "error: Internal error occurred: Internal error occurred: error executing command in container: "
            f'failed to exec in container: failed to start exec "{self.exec_id}": {self.runc_words}'
        )
