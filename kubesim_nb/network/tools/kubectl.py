"""``kubectl`` typed in the laptop's shell: handed to the cluster's kubectl front end."""

from __future__ import annotations

from .base import ToolContext, program

__all__ = ["kubectl"]


@program("kubectl")
def kubectl(ctx: ToolContext, argv: list[str]) -> int:
    try:
        result = ctx.cluster.kubectl(argv[1:], stdin=ctx.stdin or None)
    except ImportError:
        ctx.err.write("zsh: command not found: kubectl\n")
        return 127
    ctx.out.write(getattr(result, "stdout", "") or "")
    ctx.err.write(getattr(result, "stderr", "") or "")
    return int(getattr(result, "exit_code", 0) or 0)
