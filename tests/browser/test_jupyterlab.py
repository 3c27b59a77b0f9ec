"""The demo notebook in JupyterLab, in headless Chromium: run it, then use every widget as a learner would."""

from __future__ import annotations

from playwright.sync_api import expect


def test_every_widget_works_in_jupyterlab(page, lab_url, checks) -> None:
    page.goto(f"{lab_url}/lab/tree/selector_playground.ipynb")
    checks.run_all(page)
    checks.selector_playground(page, "selector-playground.png")
    checks.pods_come_and_go(page, "pods-come-and-go.png")
    checks.service_types(page, "service-types.png")
    checks.dns_explorer(page, "dns-explorer.png")
    expect(page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(0)
