"""``kubectl set``: the parent of ``set image|env|selector`` (``pkg/cmd/set/set.go``); alone it shows its help."""

from __future__ import annotations

from ..base import Command, default_subcommand_run
from . import set_env, set_image, set_selector

__all__ = ["COMMAND"]

HELP = """Configure application resources.

 These commands help you make changes to existing application resources.

Available Commands:
  env              Update environment variables on a pod template
  image            Update the image of a pod template
  resources        Update resource requests/limits on objects with pod templates
  selector         Set the selector on a resource
  serviceaccount   Update the service account of a resource
  subject          Update the user, group, or service account in a role binding or cluster role binding

Usage:
  kubectl set SUBCOMMAND [options]

Use "kubectl set <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""


COMMAND = Command(
    "set",
    "Set specific features on objects",
    HELP,
    [],
    default_subcommand_run("set", HELP),
    (set_env.COMMAND, set_image.COMMAND, set_selector.COMMAND),
)
