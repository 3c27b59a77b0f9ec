"""The READMEs' instructor commands (issue 16, sections 1 and 5): the instructor's one-line command beside the
learner's and the tests' at the top of the README, and examples that name parts as the exports do."""

from __future__ import annotations

import re
from pathlib import Path

from kubesim_nb.grader.assignment import BUILT_IN

ROOT = Path(__file__).resolve().parents[2]
READMES = (ROOT / "README.md", ROOT / "autograder" / "README.md")


def _commands(path: Path) -> list[str]:
    """The shell command lines of a README: in bash blocks, and inline code that starts with a command."""
    text = path.read_text(encoding="utf-8")
    lines = [line for block in re.findall(r"```bash\n(.*?)```", text, re.S) for line in block.splitlines()]
    return [line.split("  #")[0].strip() for line in lines + re.findall(r"`([a-z][^`]+)`", text) if line.strip()]


def test_the_readme_opens_with_the_instructors_command_for_a_fresh_machine():
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:15])
    line = next(line for line in head.splitlines() if "kubesim-course init" in line)
    command = re.search(r"`(python3 -m venv[^`]+)`", line).group(1)
    steps = [step.strip() for step in command.split("&&")]
    assert steps[2] == 'pip install ".[instructor]"' and steps[3] == "kubesim-course init ~/kubesim-course"
    assert steps[4:] == ["cd ~/kubesim-course", "nbgrader generate_assignment try-with-ai"]  # run from the folder


def test_every_kubesim_grade_example_names_a_part_and_runs_from_the_course_folder():
    parts = {p.id for p in BUILT_IN.auto_parts}
    examples = [c for path in READMES for c in _commands(path) if c.startswith("kubesim-grade ")]
    assert len(examples) >= 8
    for example in examples:
        first = example.split()[1]
        assert first.startswith("--") or first in parts, example
        assert "autograder/" not in example, example  # a course folder is not in the repository
