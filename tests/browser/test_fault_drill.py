"""The "break my Service" drill in JupyterLab, in headless Chromium, driven as a learner would: Run All, investigate
with %kubectl in the cells below the drill (the Debug Services ladder ticks after each cell), name the cause, fix
it with kubectl, check. A screenshot goes to the screenshot folder (a temporary one unless $KUBESIM_SCREENSHOTS
names one)."""

from __future__ import annotations

from playwright.sync_api import expect

from kubesim_nb.drills import Drill, fault_for

STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


def test_07_fault_drill(page, lab_url, checks) -> None:
    assert fault_for(7).id == "label-case"  # the notebook's first drill: the selector says app=Backend
    page.goto(f"{lab_url}/lab/tree/07-debugging-selectors.ipynb?reset")
    checks.run_all(page)
    checks.unfold(page, "Go deeper: practice, break my Service")
    drill = page.locator(".kubesim-fault-drill")
    expect(drill).to_contain_text("Break my Service · drill 7", timeout=180_000)
    expect(drill.locator(".kubesim-drill-symptom")).to_contain_text("Connection refused")
    rung = lambda name: drill.locator(f".kubesim-rung[data-rung='{name}']")  # noqa: E731
    expect(drill.locator(".kubesim-rung[data-ticked='true']")).to_have_count(0)

    checks.type_and_run(page, "kubectl get pods -o wide --show-labels", "%kubectl describe service backend-service")
    expect(rung("endpoints")).to_have_attribute("data-ticked", "true")
    checks.type_and_run(page, "echo $BACKEND_URL", "nslookup backend-service")
    expect(rung("name")).to_have_attribute("data-ticked", "true")
    expect(rung("name")).to_contain_text("resolves to 10.")

    drill.locator(".kubesim-drill-causes label", has_text="The Service's selector has a typo").click()
    drill.locator("button.kubesim-drill-name").click()
    expect(drill.locator(".kubesim-drill-named")).to_contain_text("Not this one")
    drill.locator(".kubesim-drill-causes label", has_text="only in upper/lower case").click()
    drill.locator("button.kubesim-drill-name").click()
    expect(drill.locator(".kubesim-drill-named")).to_contain_text("Right")

    drill.locator("button.kubesim-drill-check").click()
    expect(drill.locator(".kubesim-drill-verdict")).to_have_attribute("data-fixed", "false")
    checks.type_and_run(page, "# Your fix, with %kubectl", "%kubectl set selector service backend-service app=backend")
    expect(page.locator(".jp-CodeCell", has_text="# Your fix, with %kubectl")).to_contain_text("selector updated")
    drill.locator("button.kubesim-drill-check").click()
    expect(drill.locator(".kubesim-drill-verdict")).to_have_attribute("data-fixed", "true")
    expect(drill.locator(".kubesim-drill-verdict")).to_contain_text("6 of 6 requests")
    checks.screenshot(page, drill, "course-07-fault-drill.png")

    drill.locator("button.kubesim-drill-another").click()
    following = Drill.start(7).next_seed()
    expect(drill.locator("h4").first).to_have_text(f"Break my Service · drill {following}")
    expect(drill.locator(".kubesim-rung[data-ticked='true']")).to_have_count(0)
    expect(page.locator(STDERR)).to_have_count(0)
