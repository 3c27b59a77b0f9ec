"""kubectl's help: what ``--help``, ``kubectl help`` and a bare command group print
(``k8s.io/kubectl/pkg/util/templates`` templates.go ``MainHelpTemplate``/``MainUsageTemplate`` and templater.go).

A command's help is its description, then its aliases, examples, subcommands (kubectl's own groups for the
root), its flags (``Options:``, sorted, each with its default and kubectl's usage text), its usage line and the
hints. Global flags are not listed: ``kubectl options`` lists them.
"""

from __future__ import annotations

from .base import Command
from .catalog import ROOT_GROUPS
from .cobra import CommandTree
from .flags import flag_usages

__all__ = ["command_help", "usage_text"]

MIN_NAME_PADDING = 11  # cobra's minNamePadding
OPTIONS_HINT = 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'


def _listed(commands: tuple[Command, ...] | list[Command]) -> list[Command]:
    """The commands a help lists (cobra's ``IsAvailableCommand``, templater's filter of ``options``)."""
    return [c for c in commands if not c.hidden and c.word not in ("help", "options")]


def _command_lines(heading: str, commands: list[Command], padding: int) -> str:
    return "\n".join([heading] + [f"  {c.word:<{padding}}   {c.summary}" for c in commands])


def _command_groups(command: Command, tree: CommandTree) -> str:
    """``cmdGroupsString``: kubectl's groups for the root, ``Available Commands:`` for any other command."""
    children = tree.children[command.name]
    padding = max([MIN_NAME_PADDING] + [len(c.word) for c in children])  # cobra's NamePadding
    by_word = {c.word: c for c in children}
    if command is not tree.root:
        return _command_lines("Available Commands:", sorted(_listed(children), key=lambda c: c.word), padding)
    grouped = {name for _, names in ROOT_GROUPS for name in names}
    groups = [(heading, [by_word[name] for name in names]) for heading, names in ROOT_GROUPS]
    groups.append(("Subcommands provided by plugins:", []))  # kubesim has no plugins
    groups.append(("Other Commands:", sorted((c for c in children if c.word not in grouped), key=lambda c: c.word)))
    return "\n\n".join(_command_lines(heading, _listed(commands), padding) for heading, commands in groups)


def usage_text(command: Command, tree: CommandTree) -> str:
    """``MainUsageTemplate``: everything a help prints after the description."""
    sections = []
    if command.aliases:
        sections.append("Aliases:\n" + ", ".join((command.word, *command.aliases)))
    if command.examples:
        sections.append("Examples:\n" + command.examples.rstrip())
    children = tree.children.get(command.name, ())
    if _listed(children):
        sections.append(_command_groups(command, tree))
    if command.flags:
        sections.append("Options:\n" + flag_usages(command.flags).rstrip())
    if command.usage:
        sections.append("Usage:\n  " + command.usage)
    hints = ""
    if children:
        path = " ".join(["kubectl", *command.name.split()])
        hints += f'Use "{path} <command> --help" for more information about a given command.\n'
    return "\n\n" + "\n\n".join(sections) + "\n\n" + hints + OPTIONS_HINT


def command_help(command: Command, tree: CommandTree) -> str:
    """``MainHelpTemplate``: the description, then :func:`usage_text`."""
    return command.help.strip() + usage_text(command, tree)
