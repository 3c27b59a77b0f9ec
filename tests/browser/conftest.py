"""Real-browser fixtures: JupyterLab and Voilà on free localhost ports, headless Chromium through Playwright.

Chromium is Debian's ``/usr/bin/chromium`` (Playwright's own browser download is
blocked here; ``.ci/run`` installs the package). Without it every test here is
skipped with a message saying so; nothing else skips them.

Each server runs in its own process group with its own Jupyter runtime,
config and workspace folders (a temporary directory), serving a copy of the
demo notebook and of the course notebooks whose widgets the tests use, and is
stopped (the whole group) when the module's tests end.

The tests screenshot each widget into a temporary folder, so a run leaves the
checkout as it was. To regenerate the README's images, name the folder:

    KUBESIM_SCREENSHOTS=docs/images python -m pytest tests/browser

(a relative folder is taken from the repository's root).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NOTEBOOK = Path(__file__).with_name("selector_playground.ipynb")
ROOT = Path(__file__).resolve().parents[2]
# the course notebooks with a widget, as a learner opens them
COURSE_NOTEBOOKS = [
    ROOT / "notebooks" / f"{name}.ipynb"
    for name in (
        "02-services-stable-virtual-ips",
        "03-service-types",
        "04-label-selectors",
        "06-dns-service-discovery",
        "07-debugging-selectors",
    )
]
IDLE = re.compile(r"Python 3 \(ipykernel\) \| Idle")
SCREENSHOTS_VARIABLE = "KUBESIM_SCREENSHOTS"  # where to write the screenshots; a temporary folder when unset
SERVER_START_TIMEOUT = 90
VOILA_PROBE = "/voila/static/favicon.ico"  # answers once Voilà listens, without executing the notebook


def pytest_collection_modifyitems(config, items) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium is missing ({CHROMIUM} not found): install Debian's package with "
        "`apt-get install -y chromium` (.ci/run does) to run the browser tests"
    )
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_http(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer {url} within {SERVER_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


@contextmanager
def _server(argv: list[str], url: str, workdir: Path, name: str) -> Iterator[subprocess.Popen]:
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(workdir / "config"),
        JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
        JUPYTER_PLATFORM_DIRS="1",
        PYTHONUNBUFFERED="1",
    )
    log = workdir / f"{name}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            argv, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for_http(url, process, log)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("served")
    for notebook in (NOTEBOOK, *COURSE_NOTEBOOKS):
        shutil.copy(notebook, folder / notebook.name)
    # every cell in the DOM (JupyterLab's windowing would drop cells scrolled out of view)
    tracker = folder / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')
    # no "get notified about Jupyter news?" toast over the widgets
    notification = folder / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text('{"fetchNews": "false", "checkForUpdates": false}')
    return folder


@pytest.fixture(scope="module")
def lab_url(workdir: Path) -> Iterator[str]:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={workdir}",
        f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
        f"--LabApp.user_settings_dir={workdir / 'settings'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    base = f"http://127.0.0.1:{port}"
    with _server(argv, f"{base}/api/status", workdir, "lab"):
        yield base


@pytest.fixture(scope="module")
def voila_url(workdir: Path) -> Iterator[str]:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "voila",
        str(workdir / NOTEBOOK.name),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
    ]
    base = f"http://127.0.0.1:{port}"
    with _server(argv, f"{base}{VOILA_PROBE}", workdir, "voila"):
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def images(tmp_path_factory) -> Path:
    """The folder screenshots go to: $KUBESIM_SCREENSHOTS (e.g. docs/images) when set, else a temporary one."""
    requested = os.environ.get(SCREENSHOTS_VARIABLE)
    if not requested:
        return tmp_path_factory.mktemp("screenshots")
    folder = ROOT / requested  # an absolute path stays as it is
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --------------------------------------------------------------------------- driving the widgets
class WidgetChecks:
    """Drive each widget of the demo notebook in a page and assert what the browser renders."""

    def __init__(self, images: Path):
        self.images = images

    def run_all(self, page) -> None:
        """In JupyterLab: wait until the kernel is attached and idle (a Run All sent earlier is lost),
        then Run > Run All Cells."""
        from playwright.sync_api import expect

        expect(page.get_by_text(IDLE)).to_be_visible(timeout=120_000)
        page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()

    def unfold(self, page, title: str) -> None:
        """Unfold a folded "Go deeper" section as a learner does, with one click on the ▸ beside its heading (shown
        under the pointer)."""
        from playwright.sync_api import expect

        # first, Run All has run every cell ("[*]" marks those running or waiting): while outputs still arrive they
        # move the heading from under the pointer, and the ▸ hides before the click lands
        expect(page.locator(".jp-InputPrompt", has_text="[*]")).to_have_count(0, timeout=300_000)
        heading = page.locator(".jp-MarkdownCell", has_text=title)
        heading.scroll_into_view_if_needed()
        heading.hover()
        heading.locator(".jp-collapseHeadingButton").click()
        expect(heading).not_to_have_class(re.compile(r"\bjp-MarkdownHeadingCollapsed\b"))

    def type_and_run(self, page, cell_text: str, *lines: str) -> None:
        """Type ``lines`` at the end of the code cell showing ``cell_text`` and run it (Shift+Enter). The cell is
        scrolled to first: JupyterLab skips drawing cells out of view, and a click needs the editor drawn."""
        cell = page.locator(".jp-CodeCell", has_text=cell_text)
        cell.scroll_into_view_if_needed()
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+End")
        for line in lines:
            page.keyboard.type("\n" + line)
        page.keyboard.press("Shift+Enter")

    def screenshot(self, page, widget, name: str | None) -> None:
        """Save ``widget`` as ``name`` in the screenshot folder once its images have been decoded and drawn."""
        if name:
            widget.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            widget.screenshot(path=str(self.images / name))

    def selector_playground(self, page, screenshot: str) -> None:
        from playwright.sync_api import expect

        playground = page.locator(".kubesim-selector-playground")
        rows = playground.locator(".kubesim-endpoint")
        ready = playground.locator(".kubesim-endpoint[data-state='ready']")
        expect(rows).to_have_count(3, timeout=120_000)  # the lesson's three Pods
        expect(ready).to_have_count(1)
        expect(ready).to_have_attribute("data-pod", "web-pod-1")
        selector = playground.locator(".kubesim-selector-input input")
        selector.fill("app=web")
        selector.press("Enter")  # applied on Enter, not per keystroke
        expect(ready).to_have_count(2)
        expect(playground.locator(".kubesim-endpoint[data-pod='web-pod-2']")).to_have_attribute("data-state", "ready")
        expect(playground.locator(".kubesim-selector-row input").first).to_have_value("app")
        selector.fill("app=wbe")
        selector.press("Enter")
        expect(ready).to_have_count(0)
        expect(playground.locator(".kubesim-selector-why")).to_contain_text("did you mean app=web")
        selector.fill("app=web")
        selector.press("Enter")
        expect(ready).to_have_count(2)
        self.screenshot(page, playground, screenshot)

    def pods_come_and_go(self, page, screenshot: str | None = None) -> None:
        from playwright.sync_api import expect

        widget = page.locator(".kubesim-pods-come-and-go")
        pods = widget.locator(".kubesim-pod-ip[data-alive='true']")
        expect(pods).to_have_count(3, timeout=60_000)
        first = pods.first.get_attribute("data-pod")
        widget.locator(".kubesim-pod-choice select").select_option(first)
        widget.locator("button.kubesim-delete").click()
        expect(widget.locator(f".kubesim-pod-ip[data-pod='{first}'][data-alive='false']")).to_have_count(1)
        expect(pods).to_have_count(3)  # the ReplicaSet replaced it
        expect(widget.locator(".kubesim-addresses")).to_contain_text("unchanged since the start")
        widget.locator("button.kubesim-wait").click()
        expect(widget.locator(".kubesim-curl-lines")).to_contain_text("answered by web-deployment-")
        assert "failed" not in widget.locator(".kubesim-curl-lines").inner_text()
        self.screenshot(page, widget, screenshot)

    def service_types(self, page, screenshot: str | None = None) -> None:
        from playwright.sync_api import expect

        widget = page.locator(".kubesim-service-types")
        table = widget.locator(".kubesim-reachability-table")
        expect(table.locator("tr", has_text="localhost:")).to_have_count(
            0, timeout=60_000
        )  # ClusterIP: nothing on localhost
        widget.locator(".kubesim-service-type button", has_text="NodePort").click()
        laptop = table.locator("tr", has_text="localhost:").locator("td").last
        expect(laptop.locator(".kubesim-reach[data-ok='true']")).to_have_count(1)
        expect(widget.locator(".kubesim-service-summary")).to_contain_text("NodePort")
        self.screenshot(page, widget, screenshot)

    def dns_explorer(self, page, screenshot: str | None = None) -> None:
        from playwright.sync_api import expect

        widget = page.locator(".kubesim-dns-explorer")
        expect(widget.locator(".kubesim-dns-step[data-found='true']")).to_contain_text(
            "web-service.default.svc.cluster.local", timeout=60_000
        )
        widget.locator(".kubesim-dns-name input").fill("api-service.shop")
        steps = widget.locator(".kubesim-dns-step")
        expect(steps).to_have_count(2)
        expect(steps.first).to_have_attribute("data-found", "false")
        expect(steps.last).to_contain_text("api-service.shop.svc.cluster.local")
        expect(widget.locator(".kubesim-dns-answer")).to_contain_text("Service shop/api-service")
        self.screenshot(page, widget, screenshot)


@pytest.fixture
def checks(images: Path) -> WidgetChecks:
    return WidgetChecks(images)
