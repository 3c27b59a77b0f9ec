"""Output a learner can read (issue 14 §4): terminal text keeps its columns, long HTML pages are shortened with
a note, diagram names are never clipped, and the traffic diagram's labels are large enough to read."""

from __future__ import annotations

import re

from kubesim_nb.cluster import Cluster
from kubesim_nb.kubectl.notebook_html import LONG_PAGE, shorten_html_pages
from kubesim_nb.viz.service_map import CELL_W, CardPainter, fit_text
from kubesim_nb.viz.snapshot import PodView, take_snapshot
from kubesim_nb.viz.traffic import EDGE_PT, traffic_figure
from kubesim_nb.widgets.html import command_log

NO_WRAP = "white-space:pre;word-break:normal;overflow-wrap:normal;overflow-x:auto"


def test_wide_tables_keep_their_columns_and_scroll_sideways() -> None:
    cluster = Cluster(seed=1)
    cluster.kubectl("create deployment web --image=nginx:alpine")
    shown = cluster.kubectl("get pods -o wide")._repr_html_()
    assert shown.startswith(f'<pre class="kubesim-terminal" style="{NO_WRAP};')
    assert "NOMINATED NODE   READINESS GATES" in shown  # one line, as the terminal prints it
    assert NO_WRAP in command_log([("kubectl get nodes -o wide", "NAME   STATUS")])


def nginx_page(cluster: Cluster):
    cluster.kubectl("create deployment web --image=nginx:alpine")
    cluster.kubectl("expose deployment web --port=80")
    return cluster.kubectl(["run", "-it", "t", "--image=alpine", "--rm", "--", "sh"], stdin="wget -qO- web\nexit\n")


def test_a_long_html_page_is_shortened_to_what_it_is_with_a_note() -> None:
    result = nginx_page(Cluster(seed=1))
    assert result.stdout.count("\n") > 25 and "Thank you for using nginx." in result.stdout  # the text keeps all
    shown = result._repr_html_()
    assert "&lt;title&gt;Welcome to nginx!&lt;/title&gt;" in shown and "&lt;h1&gt;Welcome to nginx!" in shown
    assert "Thank you for using nginx." not in shown and "color-scheme" not in shown
    assert re.search(r"\[… 20 lines of this HTML page left out here, to keep the point in view\]", shown)
    assert shown.index("left out") < shown.index("/ # exit")  # the transcript goes on after the page
    assert "Welcome to nginx!" in command_log([("curl web", result.stdout)]) and "left out" in command_log(
        [("curl web", result.stdout)]
    )


def test_short_pages_and_plain_text_are_left_alone() -> None:
    page = "\n".join(["<html>", *["<p>x</p>"] * (LONG_PAGE - 2), "</html>"])
    assert shorten_html_pages(page) == [(False, line) for line in page.split("\n")]
    assert shorten_html_pages("a\n<html> is a tag\nb") == [(False, "a"), (False, "<html> is a tag"), (False, "b")]


def card_name_width(painter: CardPainter, name: str) -> tuple[float, str]:
    painter.paint(PodView(name, "default", "uid", (), "10.1.0.6", "docker-desktop", "1/1", "Running"))
    return painter._name.get_window_extent(painter._canvas.get_renderer()).width, painter._name.get_text()


def test_pod_names_on_the_service_map_are_never_clipped() -> None:
    painter = CardPainter()
    room = CELL_W - 20 - 6
    width, text = card_name_width(painter, "backend-deployment-5b8c96579f-l2sdv")
    assert width <= room and text == "backend-deployment-5b8c96579f-l2sdv"  # smaller, whole
    width, text = card_name_width(painter, "a-very-long-deployment-name-for-a-demo-app-5b8c96579f-l2sdv")
    assert width <= room and text.startswith("a-very") and text.endswith("-l2sdv") and "…" in text


def test_fit_text_leaves_text_that_fits() -> None:
    painter = CardPainter()
    width, text = card_name_width(painter, "web-pod-1")
    assert text == "web-pod-1" and painter._name.get_fontsize() * 100 / 72 == 10.5
    fit_text(painter._name, painter._canvas.get_renderer(), width + 1)
    assert painter._name.get_text() == "web-pod-1"


def test_the_traffic_diagram_keeps_every_text_inside_and_its_labels_readable() -> None:
    cluster = Cluster(seed=3)
    cluster.kubectl("create deployment a-rather-long-deployment-name --image=kubesim/whoami --replicas=2")
    cluster.kubectl("expose deployment a-rather-long-deployment-name --name=web --port=80 --type=LoadBalancer")
    cluster.advance(30)
    figure = traffic_figure(take_snapshot(cluster), "web")
    renderer = figure.canvas.get_renderer()
    box_of = {round(p.get_x(), 3): p.get_x() + p.get_width() for p in figure.axes[0].patches if hasattr(p, "get_x")}
    texts = figure.axes[0].texts
    assert any(t.get_text() == "public address" for t in texts)
    for text in texts:
        extent = text.get_window_extent(renderer)
        assert 0 <= extent.x0 and extent.x1 <= figure.bbox.width, text.get_text()
        assert text.get_fontsize() >= EDGE_PT >= 8.5, text.get_text()
    for pod in (t for t in texts if "a-rather-long-deployment-name-" in t.get_text()):
        x, _ = pod.get_position()
        right = next(r for left, r in box_of.items() if abs(left - (x - 0.1)) < 0.01)
        assert pod.get_window_extent(renderer).x1 <= right * figure.dpi, pod.get_text()
