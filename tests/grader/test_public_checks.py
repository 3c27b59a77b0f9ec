"""The learner's public checks: only public checks, "public checks passed", never "all tests passed"; the answer
is read from the part's answer cell, as grading reads it, wherever the front end says which cell ran. A part not
passed ends with a short message on stderr, never an exception, so that Run All goes on."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from grader_course import Notebook, nbgrader, released, solution_answers
from grader_examples import EXAMPLES
from nbclient import NotebookClient

from kubesim_nb.grader import notebook
from kubesim_nb.grader.assignment import PARTS, cell_id
from kubesim_nb.grader.assignment import part as find_part
from kubesim_nb.grader.exercises import YamlAnswer
from kubesim_nb.grader.notebook import RanCells, check

BY_NAME = {e.name: e for e in EXAMPLES}


def said(message: str) -> str:
    """A message on stderr as one line (check() wraps it)."""
    return " ".join(message.split())


def short(message: str) -> bool:
    """A few lines, each short enough for nbgrader validate to print whole."""
    lines = message.splitlines()
    return 0 < len(lines) <= 3 and max(map(len, lines)) <= 80


def test_passing_public_checks_say_so_and_never_all_tests(tmp_path, capsys):
    (tmp_path / "agent-service.yaml").write_text(BY_NAME["lesson-clusterip"].answer)
    check("part1", folder=tmp_path)
    out = capsys.readouterr().out
    assert "public checks passed (5 of 5)" in out
    assert "all tests passed" not in out.lower() and "[hidden]" not in out


def test_failing_public_checks_say_what_failed(tmp_path, capsys):
    (tmp_path / "agent-service.yaml").write_text(BY_NAME["selector-typo"].answer)
    check("part1", folder=tmp_path)
    out, err = capsys.readouterr()
    assert "your selector 'app: agnet' matches no Pod" in out
    assert said(err) == "Part 1: internal access: 1 of 5 checks did not pass: the selector matches the agent Pods"


def test_a_missing_answer_file_is_explained(tmp_path, capsys):
    check("part1", folder=tmp_path)
    assert "not answered yet: agent-service.yaml does not exist" in capsys.readouterr().err


def test_choice_answers_come_from_the_kernel_namespace(capsys):
    check("part3", namespace={"external_type": "LoadBalancer", "reason": "d"})  # well-formed: public checks pass
    out, err = capsys.readouterr()
    assert "public checks passed (1 of 1)" in out and not err
    check("dns", namespace={"agent_dns_name": "http://agent-service/docs"})
    assert "2 of 2 checks did not pass: the answer is a DNS name;" in capsys.readouterr().err


def test_the_dns_practice_check_says_whether_the_name_resolves_from_the_other_namespace(capsys):
    check("dns", namespace={"agent_dns_name": "agent-service"})  # the short name: looked up in tools, not default
    out, err = capsys.readouterr()
    assert "public checks passed" not in out and "the name resolves from namespace tools" in said(err)
    check("dns", namespace={"agent_dns_name": "agent-service.default.svc.cluster.local"})
    out, err = capsys.readouterr()
    assert "public checks passed (2 of 2)" in out and not err


@pytest.mark.parametrize("part_id", [p.id for p in PARTS if p.exercise is not None])
def test_an_unanswered_part_says_so_in_one_line(part_id, tmp_path, capsys):
    """What Run All of the untouched notebook shows under each check cell: a short message, no list of checks."""
    exercise = find_part(part_id).exercise
    if isinstance(exercise.answer, YamlAnswer):
        (tmp_path / exercise.answer.file).write_text("# YOUR ANSWER HERE\n")
    check(
        part_id,
        namespace=dict.fromkeys(exercise.answer.names, ...) if hasattr(exercise.answer, "names") else {},
        folder=tmp_path,
    )
    out, err = capsys.readouterr()
    assert not out and short(err)
    assert said(err).startswith(f"{find_part(part_id).title}: not answered yet: ") and "check again" in said(err)


def test_an_unknown_or_hand_graded_part_is_one_message(capsys):
    check("part5")
    assert capsys.readouterr() == ("", "part5 is graded by hand; it has no checks\n")
    check("part9")
    out, err = capsys.readouterr()
    assert not out and said(err) == "unknown part 'part9'; parts: part1, part2, part3, part4, fix_selector, dns, part5"


DESIGN_RIGHT = {
    "selector_matches": True,
    "port_mapping_correct": False,
    "target_port_should_be": 8000,
    "type_right_for_internal": False,
}


def test_part_2_says_whether_each_answer_agrees_with_the_cluster(capsys):
    check("part2", namespace=DESIGN_RIGHT)
    out, err = capsys.readouterr()
    assert not err and "public checks passed (5 of 5)" in out
    assert out.count("agrees with what the cluster shows") == 4 and "not agree" not in out


def test_part_2_tells_a_wrong_answer_it_disagrees_without_the_value(capsys):
    check("part2", namespace={**DESIGN_RIGHT, "port_mapping_correct": True, "target_port_should_be": 80})
    out, err = capsys.readouterr()
    assert "port_mapping_correct = True does not agree with what the cluster shows" in out
    assert "target_port_should_be = 80 does not agree with what the cluster shows" in out
    assert "8000" not in out and "public checks passed" not in out and "[hidden]" not in out
    assert said(err) == (
        "Part 2: evaluate the internal design: 2 of 5 checks did not pass: port_mapping_correct; target_port_should_be"
    )


def test_the_graded_run_keeps_part_2s_hidden_checks():
    checks = find_part("part2").exercise.checks
    assert [c.id for c in checks if c.hidden] == ["selector", "port-mapping", "target-port", "type"]
    assert all(c.practised for c in checks if c.hidden)


def test_hidden_true_raises_for_instructors(tmp_path):
    with pytest.raises(AssertionError, match="not answered yet"):
        check("part1", hidden=True, folder=tmp_path)


def streams_of_test_cells(learner: Notebook) -> dict[str, tuple[str, str]]:
    """``{grade_id: (stdout, stderr as one line)}`` of each test cell, which never shows an error (a traceback)."""
    outputs = {}
    for cell in learner.test_cells():
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.outputs
        streams = {
            name: "".join(o.text for o in cell.outputs if o.get("name") == name) for name in ("stdout", "stderr")
        }
        outputs[cell.metadata.nbgrader.grade_id] = (streams["stdout"], said(streams["stderr"]))
    return outputs


def test_the_released_notebook_runs_public_checks_in_a_kernel(course, tmp_path):
    """Run the released notebook as nbconvert does (no cell ids): solutions typed in, except the DNS answer."""
    answers = dict(solution_answers())
    del answers["dns_answer"]
    learner = Notebook(released(course)).answers(answers)
    client = NotebookClient(
        learner.nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = streams_of_test_cells(learner)
    auto = [p for p in PARTS if p.test_cell]
    assert set(outputs) == {p.test_cell for p in auto}
    for part in auto:
        out, err = outputs[part.test_cell]
        assert "all tests passed" not in out.lower()
        assert "[hidden]" not in out  # hidden checks are not in the released notebook
        if part.id == "dns":
            assert not out and "DNS across namespaces: not answered yet: replace each ... " in err
        else:
            assert "public checks passed" in out and not err, out + err
    assert (Path(tmp_path) / "agent-service.yaml").exists()


class LabClient(NotebookClient):
    """Runs cells as JupyterLab does: each execute request carries the id of the cell it came from."""

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        plain = self.kc.execute

        def execute(code, store_history=True, stop_on_error=True, **_):
            content = dict(code=code, silent=False, store_history=store_history, user_expressions={})
            content.update(allow_stdin=False, stop_on_error=stop_on_error)
            message = self.kc.session.msg("execute_request", content, metadata={"cellId": cell.id})
            self.kc.shell_channel.send(message)
            return message["header"]["msg_id"]

        self.kc.execute = execute
        try:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        finally:
            self.kc.execute = plain


def _check_outputs(learner: Notebook, tmp_path: Path) -> dict[str, tuple[str, str]]:
    LabClient(
        learner.nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    return streams_of_test_cells(learner)


def test_answers_outside_the_answer_cells_are_reported_missing_from_them(course, tmp_path):
    """Correct answers in new cells below untouched answer cells: the checks say what grading will find."""
    answers = solution_answers()
    learner = Notebook(released(course))
    for grade_id in ("part1_answer", "part2_answer"):
        learner.insert_code(answers[grade_id], after=grade_id)
    learner.answer(part3_answer=answers["part3_answer"])  # written where it belongs
    learner.insert_code(answers["dns_answer"], after="dns_tests")  # below the check: the answer cell never ran...
    learner.delete("dns_answer")  # ... because it is gone
    outputs = _check_outputs(learner, tmp_path)
    assert (
        "Part 1: internal access: not answered yet: write the Service below the %%writefile line"
        in (outputs["part1_tests"][1])
    )
    assert "Part 2: evaluate the internal design: not answered yet: replace each ..." in outputs["part2_tests"][1]
    assert "public checks passed" in outputs["part3_tests"][0] and not outputs["part3_tests"][1]
    assert "its answer cell has not been run since the kernel started" in outputs["dns_tests"][1]
    assert (tmp_path / "agent-service.yaml").exists()  # the file is there: only the answer cell counts


def test_a_check_reads_the_answer_cell_as_last_run(monkeypatch, tmp_path, capsys):
    ran = RanCells()
    ran.sources = {
        cell_id("part1_tests"): 'check("part1")',
        cell_id("part1_answer"): "%%writefile agent-service.yaml\n" + BY_NAME["lesson-clusterip"].answer,
    }
    monkeypatch.setattr(notebook, "RAN", ran)
    (tmp_path / "agent-service.yaml").write_text("not: what the answer cell says")
    check("part1", folder=tmp_path)  # passes: the file does not count, the answer cell does
    assert "public checks passed" in capsys.readouterr().out
    check("dns")
    assert "its answer cell has not been run" in capsys.readouterr().err


def _validate(learner: Notebook, folder: Path) -> str:
    """What ``nbgrader validate`` (the code behind nbgrader's Validate button) prints for the learner's notebook."""
    folder.mkdir()
    nbformat.write(learner.nb, folder / "try-with-ai.ipynb")
    return nbgrader(folder, "validate", "try-with-ai.ipynb").stdout


def test_nbgrader_validate_reports_every_part_not_answered(course, tmp_path):
    report = _validate(Notebook(released(course)), tmp_path / "untouched")
    assert "VALIDATION FAILED ON 9 CELL(S)" in report  # six check cells, three reflection answers
    assert report.count("You did not provide a response.") == 3
    for part in PARTS:
        if part.test_cell:
            assert f'check("{part.id}")' in report and f"{part.title}: not answered yet:" in report
    assert "Traceback" not in report


def test_nbgrader_validate_passes_the_answered_notebook(course, tmp_path):
    learner = Notebook(released(course)).answers(solution_answers())
    for grade_id in ("part5_q1", "part5_q2", "part5_q3"):
        learner.cell(grade_id).source = "A reflection."
    assert "Success! Your notebook passes all the tests." in _validate(learner, tmp_path / "answered")
