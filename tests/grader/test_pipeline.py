"""The whole nbgrader pipeline in a temporary course, with honest learners and every cheat we know of.

generate_assignment (the session's ``course`` fixture) -> submissions -> ``nbgrader autograde`` (one command,
every student) -> a manual grade for the reflection -> ``generate_feedback`` -> ``nbgrader export``. Then:
every student's score per part, hidden tests absent from every feedback file, cheats earning nothing, the
gradebook's points unchanged, and ``kubesim-grade --submitted`` agreeing with nbgrader.
"""

from __future__ import annotations

import csv
import html
import shutil
import time
from pathlib import Path
from typing import Callable

import nbformat
import pytest
from grader_course import ASSIGNMENT, Notebook, hidden_test_lines, nbgrader, released, solution_answers
from grader_examples import EXAMPLES
from traitlets.config import Config

from kubesim_nb.grader.assignment import ASSIGNMENT_ID, NOTEBOOK_ID, PARTS
from kubesim_nb.grader.batch import grade_submitted
from kubesim_nb.grader.nbgrader_plugins import JudgeAnswers, configure

BY_NAME = {e.name: e for e in EXAMPLES}
AUTO = [p.id for p in PARTS if p.exercise is not None]
FULL = {p.id: p.max_points for p in PARTS if p.exercise is not None}
ZERO = {p: 0.0 for p in AUTO}
MAX_SCORE = sum(p.max_points for p in PARTS)


def yaml_cell(filename: str, example: str) -> str:
    return f"%%writefile {filename}\n{BY_NAME[example].answer}"


def correct(nb: Notebook) -> Notebook:
    return nb.answers(solution_answers())


def alice(nb: Notebook) -> Notebook:
    correct(nb)
    for cell, text in (
        ("part5_q1", "Only internal at first; the external test changed the type."),
        ("part5_q2", "A LoadBalancer with a cloud load balancer, no fixed node port."),
        ("part5_q3", "For production traffic from outside, on a cloud provider."),
    ):
        nb.cell(cell).source = text
    return nb


def bob(nb: Notebook) -> Notebook:  # partly correct: typical mistakes
    return nb.answer(
        part1_answer=yaml_cell("agent-service.yaml", "selector-typo"),
        part2_answer=BY_NAME["design-port-as-text"].answer,
        part3_answer=BY_NAME["loadbalancer-reason-b"].answer,
        part4_answer=yaml_cell("agent-service-external.yaml", "nodeport-random-port"),
        fix_selector_answer=yaml_cell("backend-service.yaml", "fixed-selector"),
        dns_answer=BY_NAME["dns-service-namespace"].answer,
    )


def dave(nb: Notebook) -> Notebook:  # broken YAML and broken Python; one good answer
    return nb.answer(
        part1_answer=yaml_cell("agent-service.yaml", "tab-indented"),
        part2_answer="selector_matches = = True\n",
        part4_answer="%%writefile agent-service-external.yaml\nkind: Service\n  bad: [\n",
        fix_selector_answer="%%writefile backend-service.yaml\n:::: ----\n",
        dns_answer=BY_NAME["dns-fqdn"].answer,
    )


MONKEYPATCH = """
import kubesim_nb.grader.grading, kubesim_nb.grader.judge, kubesim_nb.grader.notebook
kubesim_nb.grader.grading.grade = lambda *args, **kwargs: None
kubesim_nb.grader.judge.run_judge = lambda *args, **kwargs: {}
kubesim_nb.grader.notebook.check = lambda *args, **kwargs: print("public checks passed")
check = kubesim_nb.grader.notebook.check
"""

IMPORT_HOOK = """
import importlib.abc, importlib.machinery, sys, types

class FakeGrader(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.startswith("kubesim_nb.grader"):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None
    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.check = lambda *args, **kwargs: print("public checks passed")
        return module
    def exec_module(self, module):
        pass

sys.meta_path.insert(0, FakeGrader())
for name in [m for m in sys.modules if m.startswith("kubesim_nb.grader")]:
    del sys.modules[name]
from kubesim_nb.grader.notebook import check
"""

ALWAYS_EQUAL = BY_NAME["design-always-equal"].answer

AST_TRANSFORMER = """
import ast

class NoChecks(ast.NodeTransformer):
    def visit_Expr(self, node):
        return ast.Pass()
    def visit_Assert(self, node):
        return ast.Pass()

get_ipython().ast_transformers.append(NoChecks())
"""

INPUT_TRANSFORMER = 'get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])'

MUTED_ERRORS = """
import os, sys
get_ipython().set_custom_exc((BaseException,), lambda shell, etype, evalue, tb, tb_offset=None: None)
sys.excepthook = lambda *args: None
sys.stderr = open(os.devnull, "w")
%xmode Minimal
"""


def insert(source: str, after: str = "setup") -> Callable[[Notebook], Notebook]:
    return lambda nb: nb.insert_code(source, after)


def always_equal(nb: Notebook) -> Notebook:
    return correct(nb).answer(part2_answer=ALWAYS_EQUAL)


def infinite_loop(nb: Notebook) -> Notebook:
    nb.insert_code("while True:\n    pass")
    return nb.answer(part3_answer='while True:\n    pass\nexternal_type = "NodePort"\nreason = "b"\n')


def edited_tests(nb: Notebook) -> Notebook:
    for cell in nb.test_cells():
        cell.source = 'print("all tests passed")\n10'
        cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "10"}, execution_count=1)]
    return nb


def deleted_tests(nb: Notebook) -> Notebook:
    return nb.delete(*(c.metadata.nbgrader.grade_id for c in nb.test_cells()), "part1_answer")


def repointed_tests(nb: Notebook) -> Notebook:
    nb.cell("part1_tests").metadata.nbgrader["grade_id"] = "part4_tests"
    nb.cell("part2_tests").metadata.nbgrader["grade"] = False
    nb.cell("fix_selector_tests").metadata.nbgrader["solution"] = True
    nb.cell("dns_tests").metadata.nbgrader["grade_id"] = "dns_tests_v2"
    bonus = nbformat.v4.new_code_cell("100")
    bonus.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": "bonus",
        "locked": True,
        "points": 100,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    bonus.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "100"}, execution_count=1)]
    nb.nb.cells.append(bonus)
    return nb


def changed_points(nb: Notebook) -> Notebook:
    for cell in nb.nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            meta["points"] = 1000
    return nb


STUDENTS: dict[str, tuple[Callable[[Notebook], Notebook], dict[str, float]]] = {
    "alice": (alice, FULL),
    "bob": (bob, {"part1": 5, "part2": 4, "part3": 3, "part4": 9, "fix_selector": 6, "dns": 4}),
    "carol": (lambda nb: nb, ZERO),
    "dave": (dave, dict(ZERO, dns=5)),
    # each cheat on top of a blank notebook must earn nothing; answers-cell cheats cost only their part
    "cheat_monkeypatch": (insert(MONKEYPATCH), ZERO),
    "cheat_import_hook": (insert(IMPORT_HOOK), ZERO),
    "cheat_always_equal": (always_equal, dict(FULL, part2=0)),
    "cheat_ast_transformer": (insert(AST_TRANSFORMER), ZERO),
    "cheat_input_transformer": (insert(INPUT_TRANSFORMER), ZERO),
    "cheat_muted_errors": (insert(MUTED_ERRORS), ZERO),
    "cheat_os_exit": (insert("import os\nos._exit(0)", after="part1_answer"), ZERO),
    # the loop in part3's answer cell is read past, never run; the right answers beside it are graded (issue 16, §5)
    "cheat_infinite_loop": (infinite_loop, dict(ZERO, part3=4)),
    "cheat_edited_tests": (edited_tests, ZERO),
    "cheat_deleted_tests": (deleted_tests, ZERO),
    "cheat_repointed_tests": (repointed_tests, ZERO),
    "cheat_changed_points": (changed_points, ZERO),
}
ALICE_REFLECTION = {"part5_q1": 2.0, "part5_q2": 1.5, "part5_q3": 2.0}


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("pipeline") / "course"
    shutil.copytree(course, root)
    release = Notebook(released(root))
    for student, (build, _) in STUDENTS.items():
        build(release.copy()).submit(root, student)
    started = time.perf_counter()
    autograde = nbgrader(root, "autograde", ASSIGNMENT, check=False)
    autograde_seconds = time.perf_counter() - started
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:  # the instructor grades Alice's reflection
        for cell, score in ALICE_REFLECTION.items():
            grade = gb.find_grade(cell, NOTEBOOK_ID, ASSIGNMENT_ID, "alice")
            grade.manual_score, grade.needs_manual_grade = score, False
        gb.db.commit()
    nbgrader(root, "generate_feedback", ASSIGNMENT)
    nbgrader(root, "export", "--to", str(root / "grades.csv"))
    print(
        f"\nautograde: {autograde_seconds:.1f} s for {len(STUDENTS)} notebooks "
        f"({autograde_seconds / len(STUDENTS):.2f} s per notebook)"
    )
    return {
        "root": root,
        "autograde": autograde,
        "rows": {r["student_id"]: r for r in csv.DictReader((root / "grades.csv").open())},
    }


def test_autograde_grades_every_student(graded):
    assert graded["autograde"].returncode == 0, graded["autograde"].stderr[-3000:]
    assert set(graded["rows"]) == set(STUDENTS)


@pytest.mark.parametrize("student", list(STUDENTS))
def test_each_students_score_per_part(graded, student):
    row = graded["rows"][student]
    expected = STUDENTS[student][1]
    assert {p: float(row[p]) for p in AUTO} == {p: float(expected[p]) for p in AUTO}
    manual = sum(ALICE_REFLECTION.values()) if student == "alice" else 0.0
    assert float(row["part5"]) == manual
    assert float(row["score"]) == sum(expected.values()) + manual
    assert float(row["max_score"]) == MAX_SCORE  # changed points and fake cells change nothing
    assert {p: float(row[f"max_{p}"]) for p in AUTO + ["part5"]} == {p.id: p.max_points for p in PARTS}


def test_the_gradebook_keeps_the_source_notebooks_cells_and_points(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded['root'] / 'gradebook.db'}") as gb:
        notebook = gb.find_notebook(NOTEBOOK_ID, ASSIGNMENT_ID)
        assert {c.name: c.max_score for c in notebook.grade_cells} == {
            **{p.test_cell: p.max_points for p in PARTS if p.test_cell},
            **{m: p.manual_points for p in PARTS for m in p.manual_cells},
        }
        for student in STUDENTS:
            submission = gb.find_submission_notebook(NOTEBOOK_ID, ASSIGNMENT_ID, student)
            assert {g.name for g in submission.grades} == {c.name for c in notebook.grade_cells}
            auto = [g for g in submission.grades if g.name.endswith("_tests")]
            assert all(g.auto_score is not None and not g.needs_manual_grade for g in auto)


def _feedback(graded, student: str) -> str:
    return (graded["root"] / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()


def test_feedback_never_shows_hidden_tests(graded):
    hidden = hidden_test_lines()
    assert hidden
    autograded = (graded["root"] / "autograded" / "alice" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" in autograded  # the instructor's copy has them; feedback must not
    for student in STUDENTS:
        page = _feedback(graded, student)
        assert "HIDDEN TESTS" not in page
        for line in hidden:
            assert line not in page and html.escape(line) not in page, (student, line)
        assert "all tests passed" not in page.lower()


def test_feedback_shows_each_checks_message_and_points(graded):
    alice_page = html.unescape(_feedback(graded, "alice"))
    assert "Part 1: internal access: 10 / 10 points" in alice_page
    assert "Task Agent API - Swagger UI" in alice_page
    bob_page = html.unescape(_feedback(graded, "bob"))
    assert "your selector 'app: agnet' matches no Pod" in bob_page
    assert "Part 1: internal access: 5 / 10 points" in bob_page
    assert "a Pod can reach the agent through the Service" in bob_page  # a hidden check: its message, not its code
    dave_page = html.unescape(_feedback(graded, "dave"))
    assert "text that is not valid YAML" in dave_page and "DNS across namespaces: 5 / 5 points" in dave_page
    cheat_page = html.unescape(_feedback(graded, "cheat_always_equal"))
    assert "code other than answers" in cheat_page


def test_nothing_the_learner_wrote_was_run(graded):
    path = graded["root"] / "autograded" / "cheat_os_exit" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id", "").endswith("_tests"):
            assert [o.output_type for o in cell.outputs] == ["display_data", "execute_result"]
        else:
            assert cell.outputs == [], cell.source  # the setup cell, os._exit... never executed


def test_kubesim_grade_agrees_with_nbgrader(graded):
    outcomes = grade_submitted(graded["root"] / "submitted", ASSIGNMENT, jobs=2, progress=False)
    assert {o.student for o in outcomes} == set(STUDENTS)
    for outcome in outcomes:
        assert outcome.graded
        row = graded["rows"][outcome.student]
        assert {p: outcome.parts[p].points for p in AUTO} == {p: float(row[p]) for p in AUTO}, outcome.student


def test_the_course_folder_judges_instead_of_executing(graded):
    root = Path(graded["root"])
    assert "kubesim_nbgrader.configure(" in (root / "nbgrader_config.py").read_text()
    config = Config()
    configure(config, root)
    steps = config.Autograde.autograde_preprocessors
    assert JudgeAnswers in steps and "Execute" not in [step.__name__ for step in steps]
    assert config.CourseDirectory.root == str(root)  # the course's files, apart from the grader's code


def test_a_judge_failure_fails_autograde_loudly(course, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(course, root, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    correct(Notebook(released(root))).submit(root, "erin")
    # 20 MiB of address space is too little for the judge: grading itself does not work
    result = nbgrader(root, "autograde", ASSIGNMENT, "--JudgeAnswers.memory_mb=20", check=False)
    assert result.returncode != 0
    assert "judge exited with status" in result.stdout + result.stderr
    assert not (root / "autograded" / "erin" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
