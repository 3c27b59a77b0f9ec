"""Reading untrusted answers: every malformed submission gets a score and a clear message, fast."""

from __future__ import annotations

import json

import nbformat
import pytest

from kubesim_nb.grader.exercises import EXERCISES
from kubesim_nb.grader.grading import grade
from kubesim_nb.grader.submission import (
    MAX_BYTES,
    Choices,
    Manifest,
    Rejection,
    cell_body,
    parse_choices,
    parse_manifest,
    parse_notebook,
)

SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n"

BILLION_LAUGHS = "\n".join(
    [f"l0: &l0 [{', '.join(['lol'] * 9)}]"]
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    + ["apiVersion: v1", "kind: Service"]
)


@pytest.mark.parametrize(
    "raw, reason, says",
    [
        ("", "empty", "an empty answer"),
        ("# only a comment\n---\n", "empty", "an empty answer"),
        ("key: [unclosed", "not-yaml", "not valid YAML at line 2, column 1"),
        ("a: b\n\tc: d\n", "not-yaml", "not valid YAML"),
        (SERVICE + "---\n" + SERVICE, "several-documents", "2 YAML documents (Service, Service)"),
        ("- a\n- b\n", "not-an-object", "a YAML list"),
        ("just some words", "not-an-object", "a plain text string"),
        ("42", "not-an-object", "a single int value"),
        (SERVICE.replace("kind: Service", "kind: Deployment"), "wrong-kind", "kind: Deployment"),
        (SERVICE.replace("apiVersion: v1", "apiVersion: apps/v1"), "wrong-kind", "its apiVersion is 'v1'"),
        ("metadata: {name: s}\n", "wrong-kind", "kind: (missing), apiVersion: (missing)"),
        (BILLION_LAUGHS, "too-complex", "once YAML aliases are expanded"),
        ("a: " + "[" * 200 + "]" * 200, "too-complex", "nest"),
        ("x" * (MAX_BYTES + 1), "too-large", f"an answer of {MAX_BYTES + 1:,} bytes"),
        (b"\xff\xfe not utf-8", "not-text", "not UTF-8"),
        ("a: b\x00", "not-text", "NUL"),
        ("a: !!python/object/apply:os.system ['true']", "not-yaml", "not valid YAML"),
    ],
)
def test_bad_manifests_are_rejected_with_a_reason(raw, reason, says):
    outcome = parse_manifest(raw)
    assert isinstance(outcome, Rejection)
    assert outcome.reason == reason
    assert says in outcome.message
    assert outcome.message.startswith("found: ") and "\nexpected: " in outcome.message and "\nhint: " in outcome.message


def test_a_service_parses_with_its_name_namespace_and_spec():
    manifest = parse_manifest(SERVICE.replace("  name: s\n", "  name: s\n  namespace: tools\n"))
    assert isinstance(manifest, Manifest)
    assert (manifest.name, manifest.namespace, manifest.spec["ports"][0]["port"]) == ("s", "tools", 80)


@pytest.mark.parametrize(
    "raw",
    [
        "x" * (10 * MAX_BYTES),
        BILLION_LAUGHS,
        "a: " + "[" * 5000 + "]" * 5000,
        "\n".join(f"k{i}: v" for i in range(3000)),
    ],
)
def test_absurd_answers_are_graded_with_bounded_work(raw, counting_calls):
    result, calls = counting_calls(lambda: grade(EXERCISES["internal-service"], raw, seconds=None))
    assert calls < 500_000, f"grading took {calls:,} Python calls"  # the worst takes about 56,000
    assert result.error is None and result.points == 0 and result.problem


def test_writefile_cells_give_their_body():
    assert cell_body("%%writefile agent-service.yaml\napiVersion: v1\n") == "apiVersion: v1\n"
    assert cell_body("\n  %%writefile x.yaml\nkind: Service") == "kind: Service"
    assert cell_body("apiVersion: v1\n%%writefile x") == "apiVersion: v1\n%%writefile x"


def test_choice_cells_read_plain_assignments_only():
    parsed = parse_choices('"""notes"""\na = True\nb: int = 8000\nc = "NodePort"\na = False\npass\n...\n', ["a"])
    assert isinstance(parsed, Choices)
    assert parsed.values == {"a": False, "b": 8000, "c": "NodePort"}


@pytest.mark.parametrize(
    "source, says",
    [
        ("import os", "line 1: import os"),
        ("a = bool(1)", "line 1: a = bool(1) (not a plain value)"),
        ("a = b = True", "line 1: a = b = True"),
        ("class Yes:\n    def __eq__(self, other):\n        return True\na = Yes()", "line 1: class Yes:"),
        ("while True:\n    pass", "line 1: while True:"),
        ("get_ipython().input_transformers_cleanup.append(lambda lines: ['pass'])", "line 1: get_ipython()"),
        ("a = 10 ** 10 ** 10", "not a plain value"),
        ("import os; os._exit(0)", "line 1: import os"),
    ],
)
def test_code_in_a_choice_cell_rejects_the_cell(source, says):
    parsed = parse_choices(source, ["a"])
    assert isinstance(parsed, Rejection) and parsed.reason == "code-in-answer"
    assert says in parsed.message


@pytest.mark.parametrize(
    "source, values, ignored",
    [
        ("import os\na = True", {"a": True}, ("line 1: import os",)),
        ("a = True\nprint(a)", {"a": True}, ("line 2: print(a)",)),
        (
            "class Yes:\n    pass\na = Yes()\nb = 3",
            {"b": 3},
            ("line 1: class Yes:", "line 3: a = Yes() (not a plain value)"),
        ),
    ],
)
def test_code_beside_answers_is_ignored_and_named(source, values, ignored):
    parsed = parse_choices(source, ["a", "b"])
    assert isinstance(parsed, Choices) and parsed.values == values and parsed.ignored == ignored
    assert all(line in parsed.note() for line in ignored) and "were graded" in parsed.note()


def test_a_choice_cell_that_is_not_python_is_rejected():
    parsed = parse_choices("%kubectl get pods\na = True", ["a"])
    assert isinstance(parsed, Rejection) and parsed.reason == "not-python" and "line 1" in parsed.message


@pytest.mark.parametrize(
    "cells",
    [
        [{"cell_type": "code", "source": ["a", 5], "metadata": ["x"], "id": "bad id!"}],
        [{"cell_type": "weird", "source": "x\ud800", "metadata": {"nbgrader": "s", "tags": ["t", "t"]}, "id": 5}],
        [{"cell_type": "markdown", "source": "x", "id": "same", "attachments": {"a": 1}}, {"id": "same"}, 7],
        [{"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "g", "grade": "yes", "points": "ten"}}}],
    ],
)
def test_a_damaged_notebook_is_rebuilt_as_a_valid_one(cells):
    raw = json.dumps({"cells": cells, "metadata": {"kernelspec": 5}, "nbformat": 4, "nbformat_minor": 2}).encode()
    notebook = parse_notebook(raw)
    nbformat.validate(notebook)  # what nbgrader's exporter checks after every step
    assert all("\ud800" not in c.source for c in notebook.cells)
    assert len({c.id for c in notebook.cells}) == len(notebook.cells)


def test_the_nbgrader_metadata_kept_has_the_types_nbgrader_reads():
    cells = [{"cell_type": "code", "source": "", "metadata": {"nbgrader": {"grade_id": "g", "grade": "yes"}}}]
    notebook = parse_notebook(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode())
    assert notebook.cells[0].metadata.nbgrader == {"grade_id": "g"}


@pytest.mark.parametrize(
    "raw, says",
    [
        (b"", "an empty file"),
        (b"{ not json", "not valid notebook JSON (line 1, column 3"),
        (b"[" * 100_000 + b"]" * 100_000, "nested far too deeply"),
        (b'{"cells": {}, "nbformat": 4}', "no list of cells"),
        (b'{"cells": [], "nbformat": 2}', "format version 2"),
    ],
)
def test_a_file_that_is_no_notebook_is_a_rejection(raw, says):
    outcome = parse_notebook(raw)
    assert isinstance(outcome, Rejection) and outcome.reason == "not-a-notebook" and says in outcome.message
