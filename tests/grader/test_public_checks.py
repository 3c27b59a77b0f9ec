"""The learner's public checks: only public checks, "public checks passed", never "all tests passed"."""

from __future__ import annotations

from pathlib import Path

import pytest
from grader_course import Notebook, released, solution_answers
from grader_examples import EXAMPLES
from nbclient import NotebookClient

from kubesim_nb.grader.assignment import PARTS
from kubesim_nb.grader.notebook import check

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
    """Run the released notebook as a learner would: solutions typed in, except the DNS answer."""
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
