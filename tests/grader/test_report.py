"""The class report (``kubesim-grade --submitted DIR --report FILE``) on a generated class whose mistakes are known."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from grader_course import Notebook, released, solution_answers
from grader_examples import EXAMPLES

from kubesim_nb.grader.cli import main
from kubesim_nb.grader.report import anonymised

BY_NAME = {e.name: e for e in EXAMPLES}
CLASS_SIZE = 20  # students whose notebooks can be read
HOSTILE_NAME = "<img src=x onerror=alert(1)>"  # a student folder name is text from a stranger


def mistakes(index: int) -> dict[str, str]:
    """Student ``index``'s answers that differ from the solution (example names by answer cell)."""
    wrong = {}
    if index < 6:
        wrong["part1_answer"] = "ports-swapped"
    elif index < 10:
        wrong["part1_answer"] = "selector-deployment-name"
    if 10 <= index < 13:
        wrong["part4_answer"] = "nodeport-out-of-range"
    elif 13 <= index < 18:
        wrong["part4_answer"] = "still-clusterip"
    if index % 2 == 0:
        wrong["dns_answer"] = "dns-short-name"
    return wrong


EXPECTED_STUDENTS = {
    "ports-swapped": 6,
    "selector-deployment-name": 4,
    "node-port-out-of-range": 3,
    "clusterip-for-external": 5,
    "dns-short-name": 10,
}
WRITEFILE = {"part1_answer": "agent-service.yaml", "part4_answer": "agent-service-external.yaml"}


class Page(HTMLParser):
    """The rows, images and links of the report, by their data attributes."""

    def __init__(self, text: str):
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.images: list[dict[str, str]] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "img":
            self.images.append(attributes)
        for key in ("data-misconception", "data-check", "data-student"):
            if key in attributes:
                self.rows[f"{key}={attributes[key]}"] = attributes


@pytest.fixture(scope="module")
def report(course, tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    release, solutions = Notebook(released(course)), solution_answers()
    for index in range(CLASS_SIZE):
        student = f"s{index:02d}"
        answers = dict(solutions)
        for cell, example in mistakes(index).items():
            header = f"%%writefile {WRITEFILE[cell]}\n# by {student}, my own work\n" if cell in WRITEFILE else ""
            answers[cell] = header + BY_NAME[example].answer
        release.copy().answers(answers).submit(root, student)
    for student, text in (("broken", "{ not json"), (HOSTILE_NAME, "")):
        path = root / "submitted" / student / "try-with-ai" / "try-with-ai.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(text)
    page = root / "out" / "class-report.html"
    page.parent.mkdir()
    command = [sys.executable, "-m", "kubesim_nb.grader.cli", "--submitted", str(root / "submitted")]
    command += ["--report", str(page), "--csv", str(root / "out" / "grades.csv"), "--jobs", "2", "--no-progress"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=root / "out")
    return {"status": done.returncode, "text": page.read_text(), "out": root / "out"}


def test_the_report_is_written_where_told_and_only_there(report):  # (the command runs in the out folder)
    assert report["status"] == 1  # two students could not be graded
    assert sorted(p.name for p in report["out"].iterdir()) == ["class-report.html", "grades.csv"]


def test_misconception_shares_are_those_of_the_class(report):
    rows = Page(report["text"]).rows
    found = {key.split("=", 1)[1]: row for key, row in rows.items() if key.startswith("data-misconception=")}
    assert {m: int(row["data-students"]) for m, row in found.items()} == EXPECTED_STUDENTS
    for misconception, students in EXPECTED_STUDENTS.items():
        assert float(found[misconception]["data-share"]) == pytest.approx(students / CLASS_SIZE)
    text = report["text"]
    assert "port and targetPort swapped" in text and "short DNS name used across namespaces" in text
    assert "nodePort outside 30000-32767" in text and "ClusterIP chosen for external access" in text


def test_example_answers_are_anonymised(report):
    section = report["text"].split("Most common misconceptions")[1].split("Pass rate per check")[0]
    assert "port: 8000\n    targetPort: 80" in section  # the swapped ports, as the students wrote them
    assert "agent_dns_name = &quot;agent-service&quot;" in section
    assert not re.search(r"s\d\d", section) and "my own work" not in section and "%%writefile" not in section
    assert section.count("agent_dns_name = &quot;agent-service&quot;") == 1  # the same answer is shown once
    assert anonymised("%%writefile a.yaml\n# Ada Lovelace\nkind: Service  # mine\n") == "kind: Service"


def test_pass_rates_per_check(report):
    rows = Page(report["text"]).rows
    rate = {key.split("=", 1)[1]: float(row["data-rate"]) for key, row in rows.items() if "data-check=" in key}
    assert rate["part1/accepted"] == 1.0 and rate["part1/selects"] == pytest.approx(16 / 20)
    assert rate["part1/ports"] == pytest.approx(14 / 20)
    assert rate["part4/accepted"] == pytest.approx(17 / 20)
    assert rate["dns/resolves"] == pytest.approx(10 / 20) and rate["part3/reason"] == 1.0


def test_students_who_could_not_be_graded_are_listed_with_the_reason(report):
    page = Page(report["text"])
    assert set(k for k in page.rows if k.startswith("data-student=")) == {
        "data-student=broken",
        f"data-student={HOSTILE_NAME}",
    }
    assert "the notebook could not be read: an empty file" in report["text"]
    assert "the notebook could not be read: a file that is not valid notebook JSON" in report["text"]
    assert HOSTILE_NAME not in report["text"]  # escaped: the name shows, its markup does nothing
    assert [t for t, _ in page.tags].count("img") == 6


def test_the_report_is_self_contained_with_a_chart_per_part(report):
    page = Page(report["text"])
    charts = [i for i in page.images if i.get("class") == "chart"]
    assert [c["data-part"] for c in charts] == ["part1", "part2", "part3", "part4", "fix_selector", "dns"]
    for chart in charts:
        assert chart["src"].startswith("data:image/png;base64,")
        assert base64.b64decode(chart["src"].split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")
    assert not any(t in ("script", "link", "iframe") for t, _ in page.tags)
    assert not any(v.startswith(("http:", "https:", "//")) for _, a in page.tags for v in a.values())


def test_a_report_needs_a_submitted_folder(tmp_path, capsys):
    answer = tmp_path / "answer.yaml"
    answer.write_text(BY_NAME["lesson-clusterip"].answer)
    assert main(["internal-service", str(answer), "--report", str(tmp_path / "r.html")]) == 2
    assert "--report needs --submitted DIR" in capsys.readouterr().err and not (tmp_path / "r.html").exists()
