"""Every command kubesim simulates lists in its ``--help`` the flags the real kubectl v1.37.1 lists, no more, no less.

The help's prose is kubesim's own (its examples speak of the course's Deployments and Services); its ``Options:``
section is what is compared: each flag's name, shorthand and default. The global flags are compared with
``kubectl options``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness import Case, Outcome, run_ours, run_real

from kubesim_nb.kubectl import COMMANDS

# one flag of a help's option list: "    -o, --output='':"
OPTION = re.compile(r"^    (?:-(\S), )?--([\w-]+)=(.*):$", re.MULTILINE)


def listed_flags(help_text: str) -> dict[str, tuple[str, str]]:
    """The flags the ``Options:`` section of a help lists: name -> (shorthand, default)."""
    section = help_text.split("\nOptions:\n", 1)[1].split("\nUsage:\n", 1)[0] if "\nOptions:\n" in help_text else ""
    return {name: (short, default) for short, name, default in OPTION.findall(section)}


def both(binary: Path, command: str, folder: Path) -> tuple[Outcome, Outcome]:
    case = Case(command, command)
    return run_real(binary, case, folder / "real"), run_ours(case, folder / "ours")


@pytest.mark.parametrize("path", sorted(path for path, command in COMMANDS.items() if path != "options"))
def test_help_lists_the_flags_of_the_real_kubectl(path: str, kubectl_binary: Path, tmp_path: Path) -> None:
    real, ours = both(kubectl_binary, f"{path} --help", tmp_path)
    assert real.exit_code == 0 and ours.exit_code == 0
    assert listed_flags(ours.stdout) == listed_flags(real.stdout)


def test_options_lists_the_global_flags_of_the_real_kubectl(kubectl_binary: Path, tmp_path: Path) -> None:
    real, ours = both(kubectl_binary, "options", tmp_path)
    real_flags, our_flags = OPTION.findall(real.stdout), OPTION.findall(ours.stdout)
    assert [(short, name) for short, name, _ in our_flags] == [(short, name) for short, name, _ in real_flags]
    # the cache lives in the home folder, which differs
    assert [f for f in our_flags if f[1] != "cache-dir"] == [f for f in real_flags if f[1] != "cache-dir"]
