"""``kubectl`` typed in the laptop's shell: handed to the kubectl front end the laptop was given.

The shell only finds this program on a laptop that was handed a kubectl
(:class:`~kubesim_nb.network.machine.HostMachine`); elsewhere it is "not found".
"""

from __future__ import annotations

from .base import ToolContext, program

__all__ = ["kubectl"]


@program("kubectl")
def kubectl(ctx: ToolContext, argv: list[str]) -> int:
    result = ctx.machine.kubectl(argv[1:], ctx.stdin or None)
    ctx.out.write(result.stdout)
    ctx.err.write(result.stderr)
    return result.exit_code
