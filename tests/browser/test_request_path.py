"""The packet view in JupyterLab, in headless Chromium, as a learner meets it in notebook 03: Run All, then pick
a request in the RequestPath widget and read where it died; a screenshot goes to the screenshot folder (a temporary
one unless $KUBESIM_SCREENSHOTS names one)."""

from __future__ import annotations

from playwright.sync_api import expect

STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


def test_03_the_packet_view_of_the_learner_s_requests(page, lab_url, checks) -> None:
    page.goto(f"{lab_url}/lab/tree/03-service-types.ipynb?reset")
    checks.run_all(page)
    checks.unfold(page, "Go deeper: the same three requests")
    widget = page.locator(".kubesim-request-path-widget")
    view = widget.locator(".kubesim-packet-view .kubesim-request-path")
    # the last request of the cell above: the load balancer's localhost, through vpnkit to the ClusterIP, to a Pod
    expect(view).to_have_attribute("data-ok", "true", timeout=180_000)
    expect(view.locator(".kubesim-path-verdict")).to_contain_text("✓ HTTP 200 OK from Pod default/frontend-")
    expect(view.locator(".kubesim-path-step[data-stage='service']")).to_contain_text("cluster IP rule")
    expect(view.locator(".kubesim-rule[data-used='true']").first).to_be_visible()
    fits = "e => e.getBoundingClientRect().right <= e.closest('.jp-OutputArea').getBoundingClientRect().right + 1"
    assert view.locator(".kubesim-node-rules").evaluate(fits), "the rules stick out of the notebook"
    checks.screenshot(page, widget, "course-03-request-path-load-balancer.png")

    # the learner picks the first request: the ClusterIP, from the laptop
    menu = widget.locator(".kubesim-request-choice select")
    first = menu.locator("option").last
    expect(first).to_contain_text("from your computer: ✕ died at the network")
    menu.select_option(first.get_attribute("value"))
    expect(view).to_have_attribute("data-where", "network")
    failed = view.locator(".kubesim-path-step[data-state='fail']")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("routable only inside the cluster")
    expect(widget.locator(".kubesim-follow input")).not_to_be_checked()
    checks.screenshot(page, widget, "course-03-request-path.png")
    expect(page.locator(STDERR)).to_have_count(0)
