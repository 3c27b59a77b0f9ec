"""The repository stands on its own: no code, test, notebook or script reads files from outside the checkout.

The course was written next to a folder of reference material (the lesson, notes on Kubernetes); a fresh clone
does not have it, so nothing here may point at it, whether as a relative path or a path built with ``/``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ["kubesim_nb", "tests", "autograder", "notebooks", "benchmarks", "binder", ".ci"]
TEXT_SUFFIXES = {".py", ".ipynb", ".md", ".yaml", ".yml", ".toml", ".txt", ".cfg", ".json", ""}
# the notes' folder name is assembled, so this guard does not itself look like a reader of it
NOTES = "sha" + "red"
OUTSIDE = re.compile(rf"""\.\./{NOTES}|{NOTES}/lesson|{NOTES}/reference|/work/|parent\s*/\s*["']{NOTES}""")
# citations of those notes: a reader of the repository cannot follow them (cite Kubernetes' own source instead)
CITATION = re.compile(r"kubernetes-facts|kube-api-for-kubectl|reference §|toolchain\.md")


def scanned_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "pyproject.toml"]
    for folder in SCANNED:
        files += [
            p
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and p.suffix in TEXT_SUFFIXES and "__pycache__" not in p.parts
        ]
    return [path for path in files if path != Path(__file__).resolve()]  # this file names the patterns


def test_nothing_reads_files_outside_the_repository() -> None:
    found = []
    for path in scanned_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "paths outside the repository:\n" + "\n".join(found)


def test_no_citation_points_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in scanned_files()
        if path.suffix == ".py"
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if CITATION.search(line)
    ]
    assert not found, "citations of notes outside the repository:\n" + "\n".join(found)


def test_the_scan_sees_what_it_guards() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in scanned_files()}
    assert {"kubesim_nb/cluster.py", "tests/notebooks/test_notebooks.py", "notebooks/00-start-here.ipynb"} <= names
    assert OUTSIDE.search(f'LESSON = ROOT.parent / "{NOTES}" / "lesson" / "services-and-networking.md"')
    assert OUTSIDE.search(f"open('../{NOTES}/lesson/services-and-networking.md')")
