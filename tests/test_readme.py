"""The README's first lines give the two commands, and CI runs the README's test command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_opens_with_course_and_test_commands() -> None:
    head = "\n".join(ROOT.joinpath("README.md").read_text(encoding="utf-8").splitlines()[:15])
    course = "jupyter lab --allow-root --ServerApp.root_dir=notebooks --LabApp.news_url=None notebooks/00-start-here"
    assert course in head
    assert "python -m pytest" in head


def test_ci_runs_the_readme_test_command() -> None:
    ci = ROOT.joinpath(".ci", "run").read_text(encoding="utf-8")
    assert "test-command" in ci and 'bash -c "$command"' in ci
