"""The course notebooks' widgets in JupyterLab, in headless Chromium, as a learner meets them: Run All, then
click and type. Each must open in the state its notebook's text describes (issue 14 §3); a screenshot of each
goes to the screenshot folder (a temporary one unless $KUBESIM_SCREENSHOTS names one)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
# does the longest option of a <select> fit in it, next to the arrow? (text measured in the select's own font)
FITS = """m => {
  const context = document.createElement("canvas").getContext("2d");
  context.font = getComputedStyle(m).font;
  const widest = Math.max(...Array.from(m.options, o => context.measureText(o.text).width));
  return widest + 28 <= m.clientWidth;
}"""


def open_and_run(page, lab_url: str, checks, notebook: str) -> None:
    """Open ``notebook`` alone (``?reset``: not with the notebooks a restored workspace would reopen), Run All."""
    page.goto(f"{lab_url}/lab/tree/{notebook}.ipynb?reset")
    checks.run_all(page)


def transcript_commands(widget) -> list[str]:
    return [
        line for line in widget.locator(".kubesim-transcript pre").inner_text().splitlines() if line.startswith("$")
    ]


def test_02_pods_come_and_go(page, lab_url, checks) -> None:
    open_and_run(page, lab_url, checks, "02-services-stable-virtual-ips")
    checks.unfold(page, "Go deeper: Pods come and go")
    widget = page.locator(".kubesim-pods-come-and-go")
    pods = widget.locator(".kubesim-pod-ip[data-alive='true']")
    expect(pods.filter(has_text="backend-deployment-")).to_have_count(2, timeout=180_000)
    menu = widget.locator(".kubesim-pod-choice select")
    assert menu.evaluate(FITS), "the Pod menu cuts the Pod's name"
    expect(widget.locator(".kubesim-curl-lines")).to_contain_text("answered by backend-deployment-")
    chosen = menu.locator("option").last.get_attribute("value")
    menu.select_option(chosen)
    widget.locator("button.kubesim-crash").click()  # restarted in place: RESTARTS goes up, as kubectl shows it
    row = widget.locator(f".kubesim-pod-ip[data-pod='{chosen}']")
    expect(row).to_have_attribute("data-status", "Running")
    expect(row.locator("td").nth(4)).to_contain_text(re.compile(r"^1 \("))
    expect(menu).to_have_value(chosen)
    other = menu.locator("option").first.get_attribute("value")
    widget.locator("button.kubesim-wait").click()
    menu.select_option(other)
    widget.locator("button.kubesim-delete").click()  # the replacement does not take the learner's choice
    expect(widget.locator(f".kubesim-pod-ip[data-pod='{other}'][data-alive='false']")).to_have_count(1)
    expect(pods.filter(has_text="backend-deployment-")).to_have_count(2)
    expect(menu).to_have_value(chosen)
    checks.screenshot(page, widget, "course-02-pods-come-and-go.png")

    # the "Try it" task: its check fails until the learner has typed and run the commands
    task = page.locator(".kubesim-quiz", has_text="3 replicas and back to 2")
    task.get_by_role("button", name="Check my cluster").click()
    expect(task).to_contain_text("has not been scaled yet")
    checks.type_and_run(
        page,
        "# Try it: scale backend-deployment",
        "%kubectl scale deployment backend-deployment --replicas=3",
        "%kubectl scale deployment backend-deployment --replicas=2",
    )
    cell = page.locator(".jp-CodeCell", has_text="# Try it: scale backend-deployment")
    expect(cell.locator(".jp-OutputArea-output")).to_have_count(2)
    task.get_by_role("button", name="Check my cluster").click()
    expect(task).to_contain_text("was scaled and is back at 2 replicas")
    expect(page.locator(STDERR)).to_have_count(0)


def test_03_who_can_reach_what(page, lab_url, checks) -> None:
    open_and_run(page, lab_url, checks, "03-service-types")
    widget = page.locator(".kubesim-service-types")
    table = widget.locator(".kubesim-reachability-table")
    expect(table.locator("th", has_text="Pod client")).to_have_count(1, timeout=180_000)  # the "from a Pod" column
    by_name = table.locator("tr", has_text="api-service:80").locator("td")
    expect(by_name.nth(1).locator(".kubesim-reach[data-ok='true']")).to_have_count(1)  # from the Pod: answered
    expect(widget).to_contain_text("kubectl run client --image=alpine")
    profile = widget.locator(".kubesim-profile select")
    expect(profile).to_be_enabled()
    profile.select_option("kind")
    expect(widget.locator(".kubesim-which-cluster")).to_contain_text("copy of namespace default on a new kind cluster")
    widget.locator(".kubesim-service-type button", has_text="LoadBalancer").click()
    expect(widget.locator(".kubesim-service-summary")).to_contain_text("<pending>")
    checks.screenshot(page, widget, "course-03-service-types.png")
    expect(page.locator(STDERR)).to_have_count(0)


def test_04_selector_playground(page, lab_url, checks) -> None:
    open_and_run(page, lab_url, checks, "04-label-selectors")
    widget = page.locator(".kubesim-selector-playground").first  # the last one shows a selector matching too much
    ready = widget.locator(".kubesim-endpoint[data-state='ready']")
    expect(ready).to_have_count(1, timeout=180_000)
    before = transcript_commands(widget)
    selector = widget.locator(".kubesim-selector-input input")
    selector.fill("")
    selector.press_sequentially("app=web,env=prod", delay=20)
    page.wait_for_timeout(1000)
    assert transcript_commands(widget) == before, "a keystroke was applied before Enter"
    selector.press("Enter")
    expect(widget.locator(".kubesim-selector-status")).to_contain_text("Applied: the Service selects app=web,env=prod")
    assert len(transcript_commands(widget)) == len(before) + 1  # one patch for the whole edit
    expect(ready).to_have_count(1)
    expect(ready).to_have_attribute("data-pod", "web-pod-1")
    widget.locator("button.kubesim-selector-reset").click()
    expect(selector).to_have_value("app=web,version=v1")
    checks.screenshot(page, widget, "course-04-selector-playground.png")
    too_much = page.locator(".kubesim-selector-playground").last.locator(".kubesim-selector-spread")
    expect(too_much).to_contain_text("app=web selects Pods of 2 Deployments: web (2 Pods), web-v2 (1 Pod)")
    expect(page.locator(STDERR)).to_have_count(0)


def test_06_dns_explorer(page, lab_url, checks) -> None:
    open_and_run(page, lab_url, checks, "06-dns-service-discovery")
    checks.unfold(page, "Go deeper: the DNS explorer")
    widget = page.locator(".kubesim-dns-explorer")
    expect(widget.locator(".kubesim-dns-namespace select")).to_have_value("shop", timeout=180_000)
    expect(widget.locator(".kubesim-dns-pod select")).to_have_value("client")
    steps = widget.locator(".kubesim-dns-step")
    expect(steps.first).to_contain_text("web-service.shop.svc.cluster.local")
    expect(steps.first).to_have_attribute("data-found", "false")
    widget.locator(".kubesim-dns-name input").fill("web-service.default")
    expect(steps.filter(has_text="web-service.default.svc.cluster.local")).to_have_attribute("data-found", "true")
    expect(widget.locator(".kubesim-dns-answer")).to_contain_text("Service default/web-service")
    checks.screenshot(page, widget, "course-06-dns-explorer.png")
    expect(page.locator(STDERR)).to_have_count(0)


def test_02_predict_first(page, lab_url, checks) -> None:
    """The learner commits to a prediction; only then does the cell show what the cluster did (issue 17 §1)."""
    open_and_run(page, lab_url, checks, "02-services-stable-virtual-ips")
    gate = page.locator(".kubesim-prediction", has_text="backend-service")
    expect(gate).to_contain_text("Predict first", timeout=180_000)
    reveal = gate.locator(".kubesim-reveal")
    expect(reveal).to_be_hidden()
    show = gate.get_by_role("button", name="Show what happened")
    expect(show).to_be_disabled()  # nothing picked yet
    gate.get_by_role("button", name="b", exact=True).click()
    show.click()
    expect(reveal).to_be_visible()
    verdict = gate.locator(".kubesim-prediction-verdict")
    expect(verdict).to_contain_text("You predicted b) It is released while no Pod runs")
    expect(verdict).to_contain_text(re.compile(r"The cluster did c\): backend-service still has ClusterIP 10\.\d+"))
    expect(verdict).to_contain_text("✗ Not what you predicted.")
    expect(verdict).to_contain_text("Why: The ClusterIP belongs to the Service")
    expect(reveal.locator(".kubesim-log")).to_contain_text("kubectl delete pod -l app=backend --wait=false")
    expect(gate.get_by_role("button", name="a", exact=True)).to_be_disabled()  # a prediction is final
    checks.screenshot(page, gate, "course-02-predict-first.png")
    expect(page.locator(STDERR)).to_have_count(0)
