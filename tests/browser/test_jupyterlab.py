"""The demo notebook in JupyterLab, in headless Chromium: run it, then use every widget as a learner would."""

from __future__ import annotations

import re

from playwright.sync_api import expect

IDLE = re.compile(r"Python 3 \(ipykernel\) \| Idle")


def run_all(page) -> None:
    """Wait until the kernel is attached and idle (a Run All sent earlier is lost), then Run > Run All Cells."""
    expect(page.get_by_text(IDLE)).to_be_visible(timeout=120_000)
    page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()


def test_every_widget_works_in_jupyterlab(page, lab_url, checks) -> None:
    page.goto(f"{lab_url}/lab/tree/selector_playground.ipynb")
    run_all(page)
    checks.selector_playground(page, "selector-playground.png")
    checks.pods_come_and_go(page, "pods-come-and-go.png")
    checks.service_types(page, "service-types.png")
    checks.dns_explorer(page, "dns-explorer.png")
    expect(page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)
