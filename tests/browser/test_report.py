"""The class report (``kubesim-grade --report``) in headless Chromium: its charts decode and its tables render."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grader"))  # the graded examples and the solutions

from grader_course import solution_answers  # noqa: E402
from grader_examples import EXAMPLES  # noqa: E402

from kubesim_nb.grader.assignment import grade_cells  # noqa: E402
from kubesim_nb.grader.batch import NotebookOutcome  # noqa: E402
from kubesim_nb.grader.collection import unreadable  # noqa: E402
from kubesim_nb.grader.report import build_report, render_html  # noqa: E402
from kubesim_nb.grader.submission import parse_notebook  # noqa: E402

BY_NAME = {e.name: e for e in EXAMPLES}
MISTAKES = (  # one student each, the rest of their answers correct
    {},
    {"part1_answer": "%%writefile agent-service.yaml\n" + BY_NAME["ports-swapped"].answer},
    {"part1_answer": "%%writefile agent-service.yaml\n" + BY_NAME["selector-deployment-name"].answer},
    {"dns_answer": BY_NAME["dns-short-name"].answer},
    {"dns_answer": BY_NAME["dns-short-name"].answer, "part3_answer": BY_NAME["loadbalancer-reason-b"].answer},
    {"part4_answer": "%%writefile agent-service-external.yaml\n" + BY_NAME["still-clusterip"].answer},
)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    outcomes = []
    for index, wrong in enumerate(MISTAKES):
        answers = {**solution_answers(), **wrong}
        outcomes.append(NotebookOutcome(f"student{index}", "", grade_cells(answers), answers=answers))
    broken = unreadable(parse_notebook(b"{ not json")).as_status()
    outcomes.append(NotebookOutcome.not_gradable("student-with-a-broken-file", "", broken))
    path = tmp_path_factory.mktemp("report") / "class-report.html"
    path.write_text(render_html(build_report(outcomes, "try-with-ai")), encoding="utf-8")
    return path


def test_the_class_report_renders_its_charts_and_tables(page, report_file, images) -> None:
    page.goto(report_file.as_uri())
    charts = page.locator("img.chart")
    expect(charts).to_have_count(6)
    for index in range(6):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 300 && img.naturalHeight > 150")
        assert chart.bounding_box()["width"] > 300  # laid out, not collapsed
    misconceptions = page.locator("table.misconceptions tbody tr")
    expect(misconceptions.first).to_be_visible()
    expect(page.locator("table.misconceptions")).to_contain_text("short DNS name used across namespaces")
    expect(page.locator("tr[data-misconception='dns-short-name'] td.number").first).to_have_text("2")
    expect(page.locator("table.check-rates tbody tr")).to_have_count(31)  # every check of every part
    expect(page.locator("table.not-graded")).to_contain_text("student-with-a-broken-file")
    assert page.locator("table.check-rates .bar").first.bounding_box()["width"] > 0
    page.screenshot(path=str(images / "class-report.png"), full_page=True)
