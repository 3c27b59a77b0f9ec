"""The learner's public checks: only public checks, "public checks passed", never "all tests passed"; the answer
is read from the part's answer cell, as grading reads it, wherever the front end says which cell ran."""

from __future__ import annotations

from pathlib import Path

import pytest
from grader_course import Notebook, released, solution_answers
from grader_examples import EXAMPLES
from nbclient import NotebookClient

from kubesim_nb.grader import notebook
from kubesim_nb.grader.assignment import PARTS, cell_id
from kubesim_nb.grader.notebook import RanCells, check

BY_NAME = {e.name: e for e in EXAMPLES}


def test_passing_public_checks_say_so_and_never_all_tests(tmp_path, capsys):
    (tmp_path / "agent-service.yaml").write_text(BY_NAME["lesson-clusterip"].answer)
    check("part1", folder=tmp_path)
    out = capsys.readouterr().out
    assert "public checks passed (5 of 5)" in out
    assert "all tests passed" not in out.lower() and "[hidden]" not in out


def test_failing_public_checks_raise_with_what_failed(tmp_path, capsys):
    (tmp_path / "agent-service.yaml").write_text(BY_NAME["selector-typo"].answer)
    with pytest.raises(AssertionError, match="1 of 5 checks did not pass: the selector matches the agent Pods"):
        check("part1", folder=tmp_path)
    assert "your selector 'app: agnet' matches no Pod" in capsys.readouterr().out


def test_a_missing_answer_file_is_explained(tmp_path):
    with pytest.raises(AssertionError, match="agent-service.yaml does not exist yet"):
        check("part1", folder=tmp_path)


def test_choice_answers_come_from_the_kernel_namespace(capsys):
    check("part3", namespace={"external_type": "LoadBalancer", "reason": "d"})  # well-formed: public checks pass
    assert "public checks passed (1 of 1)" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="did not pass"):
        check("dns", namespace={"agent_dns_name": ...})


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
    outputs: dict[str, str] = {}
    for cell in learner.test_cells():
        texts = [o.get("text", "") for o in cell.outputs if o.output_type == "stream"]
        errors = [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]
        outputs[cell.metadata.nbgrader.grade_id] = "".join(texts) + "".join(errors)
    auto = [p for p in PARTS if p.test_cell]
    assert set(outputs) == {p.test_cell for p in auto}
    for part in auto:
        text = outputs[part.test_cell]
        assert "all tests passed" not in text.lower()
        assert "[hidden]" not in text  # hidden checks are not in the released notebook
        if part.id == "dns":
            assert "AssertionError" in text and "agent_dns_name is still ..." in text
        else:
            assert "public checks passed" in text, text
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


def _check_outputs(learner: Notebook, tmp_path: Path) -> dict[str, str]:
    LabClient(
        learner.nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    outputs = {}
    for cell in learner.test_cells():
        texts = [o.get("text", "") for o in cell.outputs if o.output_type == "stream"]
        errors = [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]
        outputs[cell.metadata.nbgrader.grade_id] = "".join(texts) + "".join(errors)
    return outputs


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
        "AssertionError: your answer could not be checked (the answer cell, as last run): an empty answer"
        in (outputs["part1_tests"])
    )
    assert "selector_matches is still ..." in outputs["part2_tests"] and "AssertionError" in outputs["part2_tests"]
    assert "public checks passed" in outputs["part3_tests"]
    assert "its answer cell has not been run since the kernel started" in outputs["dns_tests"]
    assert (tmp_path / "agent-service.yaml").exists()  # the file is there: only the answer cell counts


def test_a_check_reads_the_answer_cell_as_last_run(monkeypatch, tmp_path):
    ran = RanCells()
    ran.sources = {
        cell_id("part1_tests"): 'check("part1")',
        cell_id("part1_answer"): "%%writefile agent-service.yaml\n" + BY_NAME["lesson-clusterip"].answer,
    }
    monkeypatch.setattr(notebook, "RAN", ran)
    (tmp_path / "agent-service.yaml").write_text("not: what the answer cell says")
    check("part1", folder=tmp_path)  # passes: the file does not count, the answer cell does
    with pytest.raises(AssertionError, match="its answer cell has not been run"):
        check("dns")
