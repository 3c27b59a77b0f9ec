"""The same notebook as a Voilà app (outputs only, no code), driven the same way in headless Chromium."""

from __future__ import annotations

from playwright.sync_api import expect


def test_every_widget_works_in_voila(page, voila_url, checks) -> None:
    page.goto(voila_url)
    expect(page.locator(".kubesim-selector-playground")).to_be_visible(timeout=180_000)
    expect(page.locator("body")).not_to_contain_text("import")  # an app: the cells' code is not shown
    expect(page.locator(".cm-editor, .CodeMirror")).to_have_count(0)
    checks.selector_playground(page, "selector-playground-voila.png")
    checks.pods_come_and_go(page)
    checks.service_types(page)
    checks.dns_explorer(page)
