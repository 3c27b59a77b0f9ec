"""``kubectl api-versions``: the group/versions the server serves, one a line, sorted
(``pkg/cmd/apiresources/apiversions.go``)."""

from __future__ import annotations

from ...apiserver.discovery import group_versions
from ..base import Command, Invocation
from ..flags import go_list

__all__ = ["COMMAND"]

SUMMARY = 'Print the supported API versions on the server, in the form of "group/version"'
EXAMPLES = """  # Print the supported API versions
  kubectl api-versions"""


def run(inv: Invocation) -> int:
    if inv.args.positional:
        raise inv.usage_error(f"unexpected arguments: {go_list(inv.args.positional)}")
    inv.out.out("\n".join(sorted(group_versions())))
    return 0


COMMAND = Command(
    "api-versions", SUMMARY, SUMMARY + ".", [], run, examples=EXAMPLES, usage="kubectl api-versions [options]"
)
