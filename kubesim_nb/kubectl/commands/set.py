"""``kubectl set``: the parent of ``set image|env|selector`` (``pkg/cmd/set/set.go``); alone it shows its help."""

from __future__ import annotations

from ..base import Command, print_help_and_fail
from . import set_env, set_image, set_selector

__all__ = ["COMMAND"]

HELP = """Configure application resources.

 These commands help you make changes to existing application resources."""

COMMAND = Command(
    "set",
    "Set specific features on objects",
    HELP,
    [],
    print_help_and_fail(),
    (set_env.COMMAND, set_image.COMMAND, set_selector.COMMAND),
    usage="kubectl set SUBCOMMAND [options]",
    kubeconfig_use="none",
)
