"""Finding and reading the submissions in an nbgrader ``submitted/`` folder: files from strangers.

nbgrader's layout is ``submitted/<student>/<assignment>/<notebook>.ipynb``
(``CourseDirectory.directory_structure`` in ``nbgrader/coursedir.py``). Every
entry of ``submitted/`` is a student; :func:`find_submissions` says for each
one whether its notebook is there to read and, when it is not, why, in words
an instructor can act on (a misnamed notebook, one nested a folder deeper, a
symbolic link...). :func:`read_notebook` is the one reader of a submitted
notebook, for both grading paths: it reads only a regular file of at most
:data:`MAX_NOTEBOOK_BYTES`, reached without following a symbolic link, so a
link to another student's work, a named pipe or ``/dev/zero`` is refused
before anything is read, and nothing hangs or fills memory; then
``submission.parse_notebook`` makes the bytes a clean notebook (an nbformat 3
notebook is upgraded, as ``nbformat.read(..., as_version=4)`` does for
nbgrader). A submission that is not graded raises :class:`NotGradable` with
its status (``missing``, ``refused`` or ``unreadable``, see ``results.py``)
and the reason; :func:`stand_in_notebook` is what nbgrader grades (0, with
feedback saying why) in its place, and :func:`stand_in_status` recognises
one when it is read again (nbgrader's second autograde pass reads it; so may
``kubesim-grade``).

Student folder names are used as they are, never as glob patterns. A name
that nbgrader would misread (glob characters, which make ``nbgrader
autograde`` grade another student's notebook; a line break, which stops it;
a leading dot, which hides the folder from it) or that cannot be shown
safely in a table (control characters) is refused by name, in both grading
paths: see :func:`student_name_problem`.
"""

from __future__ import annotations

import errno
import html
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from .results import MISSING, REFUSED, STATUS_KEY, UNREADABLE, Status
from .submission import MAX_NOTEBOOK_BYTES, Rejection, parse_notebook

__all__ = [
    "MAX_NOTEBOOK_BYTES",
    "MAX_SIDE_FILE_BYTES",
    "SIDE_FILES",
    "NotGradable",
    "Submission",
    "display_name",
    "file_kind",
    "find_submissions",
    "inspect_student",
    "read_notebook",
    "stand_in_notebook",
    "stand_in_status",
    "student_name_problem",
    "side_file_problem",
    "unreadable",
]

# the small files nbgrader keeps beside a submission: its time, and the secret release_feedback names feedback by
SIDE_FILES = ("timestamp.txt", "submission_secret.txt")
MAX_SIDE_FILE_BYTES = 1024  # one date, or one hex digest
GLOB_CHARACTERS = frozenset("*?[]")
MAX_LISTED = 5  # near misses named in a reason


class NotGradable(Exception):
    """A submission that is not graded: ``status`` is missing, refused or unreadable; ``reason`` says why."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason

    def as_status(self) -> Status:
        return Status(self.status, self.reason)


def unreadable(rejection: Rejection) -> NotGradable:
    """A file ``parse_notebook`` could not read as a notebook, in one line (its message's "found:" line)."""
    found = rejection.message.splitlines()[0].removeprefix("found: ")
    return NotGradable(UNREADABLE, f"the notebook could not be read: {found}")


@dataclass(frozen=True)
class Submission:
    """One entry of ``submitted/``: where its notebook is, or why it will not be graded."""

    student: str
    notebook: Path
    status: str = "found"  # found, or missing / refused (then ``reason`` says why)
    reason: str | None = None


def display_name(name: str) -> str:
    """A file or folder name as it can be shown in a table or CSV: characters that are not printable are escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def student_name_problem(name: str) -> str | None:
    """Why a student folder name is refused, or None when both grading paths grade it as itself."""
    if name.startswith("."):
        return "the folder name starts with a dot: nbgrader never grades hidden folders; rename the folder"
    if GLOB_CHARACTERS & set(name):
        return (
            "the folder name holds * ? [ or ]: nbgrader reads them as a pattern and would grade another "
            "student's notebook; rename the folder"
        )
    if not name.isprintable():
        return (
            "the folder name holds a line break or another control character: nbgrader stops at it "
            "(or shows it garbled); rename the folder"
        )
    return None


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise NotGradable(UNREADABLE, f"{path.name} cannot be read: {err.strerror or err}") from None


def _link_refusal(link: Path, kind: str) -> NotGradable:
    """A symbolic link where the student's own file or folder (``kind``) should be."""
    name, target = display_name(link.name), display_name(os.readlink(link))
    if kind == "file" and not link.exists():
        return NotGradable(MISSING, f"{name} is a broken symbolic link (to {target}): submit the file itself")
    return NotGradable(REFUSED, f"{name} is a symbolic link (to {target}), not the student's own {kind}")


def _lstat_inside(path: Path, below: Path | None) -> os.stat_result:
    """``path``'s lstat, refusing a path that leaves its folder: a symbolic link anywhere between ``below`` and it."""
    inside = below is not None and path.is_relative_to(below)
    current = below if inside else path.parent
    parts = path.relative_to(below).parts if inside else (path.name,)
    for index, part in enumerate(parts):
        current = current / part
        info = _lstat(current)
        if info is None:
            raise NotGradable(MISSING, f"{display_name(current.name)} does not exist")
        if stat.S_ISLNK(info.st_mode):
            raise _link_refusal(current, "file" if index == len(parts) - 1 else "folder")
    return info


def read_notebook(path: Path, below: Path | None = None) -> nbformat.NotebookNode:
    """The notebook at ``path`` as nbformat 4, or :class:`NotGradable` saying why it is not read.

    ``below`` is the folder the submission must stay inside (``submitted/`` or the course root): no
    component of ``path`` under it may be a symbolic link.
    """
    info = _lstat_inside(path, below)
    if not stat.S_ISREG(info.st_mode):  # a pipe, a device...: not even opened
        raise NotGradable(REFUSED, f"{path.name} is {file_kind(info.st_mode)}, not a notebook file")
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise NotGradable(REFUSED, f"{path.name} is a symbolic link, not the student's own file") from None
        raise NotGradable(UNREADABLE, f"{path.name} cannot be read: {err.strerror or err}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)  # the file opened, in case it was swapped since the lstat above
        if not stat.S_ISREG(info.st_mode):
            raise NotGradable(REFUSED, f"{path.name} is {file_kind(info.st_mode)}, not a notebook file")
        data = handle.read(MAX_NOTEBOOK_BYTES + 1)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise NotGradable(
            REFUSED,
            f"{path.name} is larger than {MAX_NOTEBOOK_BYTES // (1024 * 1024)} MiB: clear its outputs "
            "(Edit > Clear Outputs of All Cells) and submit it again",
        )
    notebook = parse_notebook(data)
    if isinstance(notebook, Rejection):
        raise unreadable(notebook)
    return notebook


def stand_in_notebook(refusal: NotGradable) -> NotebookNode:
    """What autograde grades instead of a notebook it does not read: a note saying why (nbgrader adds the graded
    cells back to it, and each scores 0 with the reason)."""
    note = nbformat.v4.new_markdown_cell(
        f"**This notebook was not graded** ({refusal.status}): {html.escape(refusal.reason)}. Nothing in it was "
        "graded; the autograder added the graded cells below back from the assignment.",
        id="kubesim-not-graded",
    )
    notebook = nbformat.v4.new_notebook(cells=[note], metadata={STATUS_KEY: refusal.as_status().to_json()})
    notebook.nbformat_minor = 5
    return notebook


def stand_in_status(notebook: NotebookNode) -> Status | None:
    """Why ``notebook`` stands for a submission that was not graded (see :func:`stand_in_notebook`), if it does."""
    status = Status.from_json(notebook.metadata.get(STATUS_KEY))
    return status if status is not None and status.not_graded else None


# ---------------------------------------------------------------- finding submissions
def _near_misses(folder: Path, notebook_name: str, depth: int = 3) -> list[str]:
    """Notebooks near ``folder`` that are probably the one expected: other names, or a folder deeper."""
    found: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir(follow_symlinks=False) and depth > 1:
            found += [f"{entry.name}/{inner}" for inner in _near_misses(Path(entry.path), notebook_name, depth - 1)]
        elif entry.name.lower().endswith(".ipynb"):
            found.append(entry.name)
        if len(found) >= MAX_LISTED:
            break
    return found[:MAX_LISTED]


def _missing_reason(student_dir: Path, assignment_id: str, notebook_name: str) -> str:
    expected = f"{assignment_id}/{notebook_name}"
    misses = _near_misses(student_dir, notebook_name)
    if not misses:
        return f"no {expected} in the student's folder"
    named = ", ".join(repr(display_name(m)) for m in misses)
    return f"no {expected} in the student's folder, but {named}: move or rename it to {expected}"


def side_file_problem(assignment_dir: Path) -> str | None:
    """nbgrader reads its side files (``timestamp.txt``, ``submission_secret.txt``) whole, following links: each
    must be a small regular file."""
    for name in SIDE_FILES:
        info = _lstat(assignment_dir / name)
        if info is None:
            continue
        if not stat.S_ISREG(info.st_mode):
            return f"{name} is {file_kind(info.st_mode)}, not a regular file"
        if info.st_size > MAX_SIDE_FILE_BYTES:
            return f"{name} is larger than {MAX_SIDE_FILE_BYTES} bytes"
    return None


def inspect_student(submitted: Path, name: str, assignment_id: str, notebook_name: str) -> Submission:
    """One student folder of ``submitted/``: found, or missing / refused with the reason."""
    student_dir = submitted / name
    notebook = student_dir / assignment_id / notebook_name

    def not_graded(status: str, reason: str) -> Submission:
        return Submission(name, notebook, status, reason)

    problem = student_name_problem(name)
    if problem:
        return not_graded(REFUSED, problem)
    try:
        for path in (student_dir, student_dir / assignment_id):
            info = _lstat(path)
            if info is None:
                return not_graded(MISSING, _missing_reason(student_dir, assignment_id, notebook_name))
            if stat.S_ISLNK(info.st_mode):
                raise _link_refusal(path, "folder")
            if not stat.S_ISDIR(info.st_mode):
                kind = file_kind(info.st_mode)
                return not_graded(REFUSED, f"{display_name(path.name)} is {kind}, not the student's own folder")
        problem = side_file_problem(student_dir / assignment_id)
        if problem:
            return not_graded(REFUSED, problem)
        info = _lstat(notebook)
        if info is not None and stat.S_ISLNK(info.st_mode) and not notebook.exists():
            raise _link_refusal(notebook, "file")  # a broken link: nothing was submitted
    except NotGradable as refusal:
        return not_graded(refusal.status, refusal.reason)
    if info is None:
        return not_graded(MISSING, _missing_reason(student_dir, assignment_id, notebook_name))
    return Submission(name, notebook)


def find_submissions(submitted: Path, assignment_id: str, notebook_id: str) -> list[Submission]:
    """Every student of ``submitted/`` (each entry but regular files), sorted by name."""
    names = sorted(e.name for e in os.scandir(submitted) if not e.is_file(follow_symlinks=False))
    return [inspect_student(submitted, name, assignment_id, f"{notebook_id}.ipynb") for name in names]
