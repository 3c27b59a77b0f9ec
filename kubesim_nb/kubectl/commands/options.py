"""``kubectl options``: the global flags, which every command accepts (``pkg/cmd/options/options.go``)."""

from __future__ import annotations

from ..base import Command, Invocation
from ..flags import flag_usages
from ..flagsets import GLOBAL_FLAGS

__all__ = ["COMMAND"]

EXAMPLES = """  # Print flags inherited by all commands
  kubectl options"""


def run(inv: Invocation) -> int:
    # templates.OptionsUsageTemplate
    inv.out.out("The following options can be passed to any command:\n\n" + flag_usages(GLOBAL_FLAGS) + "\n\n")
    return 0


COMMAND = Command(
    "options",
    "Print the list of flags inherited by all commands",
    "Print the list of flags inherited by all commands",
    [],
    run,
    examples=EXAMPLES,
    usage="kubectl options [flags] [options]",
    kubeconfig_use="none",
)
