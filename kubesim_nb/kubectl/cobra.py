"""Which command a kubectl command line names, found as cobra finds it (``github.com/spf13/cobra`` command.go).

``Find`` walks the command tree word by word, skipping flags (``stripFlags``: a flag that takes a value skips
the word after it, so ``kubectl -n dev get pods`` is ``get``) and taking the command's word out of the line
(``argsMinusFirstX``). A word kubectl's root does not know is an unknown command (``legacyArgs``), with
cobra's suggestions (``SuggestionsFor``: Levenshtein distance at most 2, ignoring case, or a prefix, or one of
the command's ``SuggestFor`` words), in the order kubectl added its commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import UsageError
from .base import Command
from .flags import Flag, go_quote, takes_value
from .flagsets import GLOBAL_FLAGS, HELP_FLAG

__all__ = ["CommandTree", "levenshtein", "unknown_command"]

SUGGESTIONS_MINIMUM_DISTANCE = 2  # cobra's default SuggestionsMinimumDistance


@dataclass(frozen=True)
class CommandTree:
    """kubectl's commands by path; ``children`` in the order they were added (the root's path is "")."""

    commands: dict[str, Command]
    children: dict[str, tuple[Command, ...]]

    @property
    def root(self) -> Command:
        return self.commands[""]

    def flags(self, command: Command) -> list[Flag]:
        """What a command's flag set holds once cobra merged the persistent flags into it (a flag of the
        command's own shadows a global one of the same name: ``config set-context --namespace``)."""
        own = {flag.name for flag in command.flags}
        return [*command.flags, *(flag for flag in (*GLOBAL_FLAGS, HELP_FLAG) if flag.name not in own)]

    def find(self, args: list[str]) -> tuple[Command, list[str]]:
        """cobra's ``Command.Find``: the command the line names and the words left for it."""
        command = self.root
        while True:
            flags = self.flags(command)
            words = strip_flags(args, flags)
            child = self.child(command, words[0]) if words else None
            if child is None:
                break
            args = args_minus_first(args, words[0], flags)
            command = child
        words = strip_flags(args, self.flags(command))
        if command is self.root and words:
            raise unknown_command(words[0], self.children[""])
        return command, args

    def child(self, command: Command, word: str) -> Command | None:
        """cobra's ``findNext``: the child named ``word`` or aliased so."""
        for child in self.children.get(command.name, ()):
            if word == child.word or word in child.aliases:
                return child
        return None


def _value_reader(flags: list[Flag]) -> Callable[[str], bool]:
    """Whether cobra takes the word after a word as its value: ``--flag`` or ``-f`` without ``=``, of a flag
    that is not a boolean (``hasNoOptDefVal``, ``shortHasNoOptDefVal``; a flag it does not know takes one)."""
    by_name = {f.name: f for f in flags}
    by_short = {f.short: f for f in flags if f.short}

    def reads_value(word: str) -> bool:
        if "=" in word:
            return False
        if word.startswith("--"):
            return takes_value(by_name.get(word[2:].replace("_", "-")))
        return len(word) == 2 and word[0] == "-" and takes_value(by_short.get(word[1]))

    return reads_value


def strip_flags(args: list[str], flags: list[Flag]) -> list[str]:
    """cobra's ``stripFlags``: the words of a line that are not flags or their values."""
    reads_value = _value_reader(flags)
    words: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        i += 1
        if word == "--":
            break
        if reads_value(word):
            if len(args) - i <= 1:
                break  # cobra stops looking when the value is the last word
            i += 1
        elif word and not word.startswith("-"):
            words.append(word)
    return words


def args_minus_first(args: list[str], word: str, flags: list[Flag]) -> list[str]:
    """cobra's ``argsMinusFirstX``: the line without the first ``word`` that is not a flag's value."""
    reads_value = _value_reader(flags)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            break
        if reads_value(arg):
            i += 2
            continue
        if not arg.startswith("-") and arg == word:
            return args[:i] + args[i + 1 :]
        i += 1
    return args


def levenshtein(a: str, b: str) -> int:
    """cobra's ``ld`` with ``ignoreCase``: the edit distance of two words."""
    a, b = a.lower(), b.lower()
    row = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, char_b in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (char_a != char_b))
    return row[len(b)]


def suggestions(typed: str, commands: tuple[Command, ...]) -> list[str]:
    """cobra's ``SuggestionsFor`` over the available commands, in the order they were added."""
    found = []
    for command in commands:
        if command.hidden or command.word == "help":
            continue
        if levenshtein(typed, command.word) <= SUGGESTIONS_MINIMUM_DISTANCE or command.word.lower().startswith(
            typed.lower()
        ):
            found.append(command.word)
        found += [command.word for word in command.suggest_for if word.lower() == typed.lower()]
    return found


def unknown_command(typed: str, commands: tuple[Command, ...]) -> UsageError:
    """``legacyArgs``' error for a word the root does not know, with ``findSuggestions``' lines."""
    message = f'unknown command {go_quote(typed)} for "kubectl"'
    suggested = suggestions(typed, commands)
    if suggested:
        message += "\n\nDid you mean this?\n" + "".join(f"\t{word}\n" for word in suggested)
    return UsageError(message)
