"""The Service map redraws from the cluster: markers say each Pod's verdict, Pods stay put,
selector edits stay cheap.
"""

from __future__ import annotations

import io
import json

from PIL import Image

from kubesim_nb.viz.service_map import ServiceMap, render_service_map
from kubesim_nb.viz.snapshot import Membership, take_snapshot
from kubesim_nb.viz.style import STATE_STYLE


def pixel(png: bytes, xy: tuple[float, float]) -> tuple[int, int, int]:
    return Image.open(io.BytesIO(png)).convert("RGB").getpixel((int(xy[0]), int(xy[1])))


def near(color: tuple[int, int, int], hex_color: str, tolerance: int = 40) -> bool:
    want = tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(color, want))


def marker_color(diagram: ServiceMap, png: bytes, pod: str) -> tuple[int, int, int]:
    return pixel(png, diagram.geometry.marker(diagram.slots[pod]))


def set_selector(cluster, selector: dict) -> None:
    patch = json.dumps([{"op": "replace", "path": "/spec/selector", "value": selector}])
    assert cluster.kubectl(["patch", "service", "web-service", "--type=json", "-p", patch]).exit_code == 0


def test_markers_show_each_pods_verdict_in_colour(lesson_cluster) -> None:
    diagram = ServiceMap()
    png = diagram.render(take_snapshot(lesson_cluster))
    assert png.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(png)).size == (diagram.geometry.width, diagram.geometry.height)
    assert near(marker_color(diagram, png, "web-pod-1"), STATE_STYLE[Membership.READY].color)
    assert near(marker_color(diagram, png, "web-pod-2"), STATE_STYLE[Membership.NOT_MATCHED].color)


def test_a_selector_edit_redraws_only_the_overlay_and_moves_nothing(lesson_cluster) -> None:
    diagram = ServiceMap()
    diagram.render(take_snapshot(lesson_cluster))
    before = {p: diagram.position(p) for p in ("web-pod-1", "web-pod-2", "api-pod-1")}
    set_selector(lesson_cluster, {"app": "web"})
    png = diagram.render(take_snapshot(lesson_cluster))
    assert diagram.full_redraws == 1  # the background (cards, text) was reused
    assert {p: diagram.position(p) for p in before} == before
    assert near(marker_color(diagram, png, "web-pod-2"), STATE_STYLE[Membership.READY].color)
    assert near(marker_color(diagram, png, "api-pod-1"), STATE_STYLE[Membership.NOT_MATCHED].color)


def test_a_selected_pod_that_is_not_ready_gets_the_warning_marker(lesson_cluster) -> None:
    lesson_cluster.kubectl("run broken --image=ngnix --labels=app=web,version=v1")
    diagram = ServiceMap()
    png = diagram.render(take_snapshot(lesson_cluster))
    x, y = diagram.geometry.marker(diagram.slots["broken"])
    assert near(pixel(png, (x, y + 2)), STATE_STYLE[Membership.NOT_READY].color)  # the triangle's body


def test_pods_coming_and_going_leave_the_others_in_place(web) -> None:
    diagram = ServiceMap()
    diagram.render(take_snapshot(web))
    pods = sorted(p.name for p in take_snapshot(web).pods if p.name.startswith("web-"))
    kept = {p: diagram.position(p) for p in pods[1:]}
    web.kubectl(f"delete pod {pods[0]}")
    web.kubectl("scale deployment web-deployment --replicas=5")
    snap = take_snapshot(web)
    diagram.render(snap)
    assert {p: diagram.position(p) for p in kept} == kept
    assert diagram.full_redraws == 2
    newcomers = [p.name for p in snap.pods if p.name not in kept and p.name != "client"]
    assert len(newcomers) == 3 and len({diagram.position(p) for p in newcomers}) == 3


def test_the_selector_and_endpoint_counts_are_written_in_the_service_box(lesson_cluster) -> None:
    diagram = ServiceMap()
    diagram.render(take_snapshot(lesson_cluster))
    assert diagram.service_texts[0].splitlines() == ["selector app=web,version=v1", "endpoints: 1 ready, 0 not ready"]


def test_a_selected_pod_without_an_ip_is_no_endpoint_at_all(lesson_cluster) -> None:
    """The EndpointSlice controller lists no Pod without an IP, so the box does not count it as a not-ready endpoint."""
    pending = """apiVersion: v1
kind: Pod
metadata:
  name: nowhere
  labels: {app: web, version: v1}
spec:
  nodeSelector: {disk: none}
  containers:
  - name: web
    image: nginx
"""
    assert lesson_cluster.kubectl("apply -f -", stdin=pending).exit_code == 0
    snap = take_snapshot(lesson_cluster)
    assert snap.services[0].member("nowhere").state is Membership.NOT_READY  # selected, but not routed to
    diagram = ServiceMap()
    diagram.render(snap)
    assert diagram.service_texts[0].splitlines()[-1] == "endpoints: 1 ready, 0 not ready"


def test_a_one_off_picture_is_a_png(lesson_cluster) -> None:
    assert render_service_map(take_snapshot(lesson_cluster)).startswith(b"\x89PNG")


def test_a_pod_that_joins_as_not_ready_keeps_its_warning_colour_without_a_new_background(lesson_cluster) -> None:
    """The PNG palette is worked out with the background; the legend keeps every state colour in it."""
    lesson_cluster.kubectl("run broken --image=ngnix --labels=app=web,version=v3")
    lesson_cluster.advance("20s")
    diagram = ServiceMap()
    png = diagram.render(take_snapshot(lesson_cluster))
    x, y = diagram.geometry.marker(diagram.slots["broken"])
    assert near(pixel(png, (x, y)), STATE_STYLE[Membership.NOT_MATCHED].color)
    set_selector(lesson_cluster, {"app": "web", "version": "v3"})
    png = diagram.render(take_snapshot(lesson_cluster))
    assert diagram.full_redraws == 1
    assert near(pixel(png, (x, y + 2)), STATE_STYLE[Membership.NOT_READY].color, tolerance=24)
    assert near(marker_color(diagram, png, "web-pod-1"), STATE_STYLE[Membership.NOT_MATCHED].color, tolerance=24)
