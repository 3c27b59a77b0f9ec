"""Snapshots read endpoint membership from the cluster's EndpointSlices, with reasons."""

from __future__ import annotations

from kubesim_nb.viz.snapshot import Membership, take_snapshot


def test_lesson_pods_as_web_service_sees_them(lesson_cluster) -> None:
    snap = take_snapshot(lesson_cluster)
    svc = snap.service("web-service")
    assert [s.name for s in snap.services] == ["web-service"]  # the selector-less kubernetes Service is left out
    assert svc.pods_in(Membership.READY) == ["web-pod-1"]
    assert svc.member("web-pod-1").addresses == (f"{snap.pod('web-pod-1').ip}:8080",)  # targetPort from the slice
    assert svc.member("web-pod-2").detail == "version is v2, not v1"
    assert svc.member("api-pod-1").detail == "app is api, not web"
    assert snap.pod("web-pod-1").label_text == "app=web,env=prod,version=v1"
    assert snap.pod("web-pod-1").status == "Running" and snap.pod("web-pod-1").ready == "1/1"


def test_a_selected_pod_that_cannot_start_is_selected_but_not_ready(lesson_cluster) -> None:
    result = lesson_cluster.kubectl("run broken --image=ngnix --labels=app=web,version=v1")
    assert result.exit_code == 0, result.stderr
    lesson_cluster.advance("20s")
    member = take_snapshot(lesson_cluster).service("web-service").member("broken")
    assert member.state is Membership.NOT_READY
    assert "ImagePullBackOff" in member.detail or "ErrImagePull" in member.detail


def test_a_new_pod_without_an_ip_is_selected_but_not_ready(web) -> None:
    web.kubectl("scale deployment web-deployment --replicas=4")
    snap = take_snapshot(web)
    starting = [p for p in snap.pods if p.name.startswith("web-deployment") and not p.ip]
    assert len(starting) == 1
    member = snap.service("web-service").member(starting[0].name)
    assert (member.state, member.detail) == (Membership.NOT_READY, "no Pod IP yet")


def test_membership_follows_the_selector_the_api_server_stored(lesson_cluster) -> None:
    lesson_cluster.kubectl(
        ["patch", "service", "web-service", "--type=merge", "-p", '{"spec":{"selector":{"version":null}}}']
    )
    svc = take_snapshot(lesson_cluster).service("web-service")
    assert svc.selector == (("app", "web"),)
    assert sorted(svc.pods_in(Membership.READY)) == ["web-pod-1", "web-pod-2"]


def test_services_can_be_chosen_and_ordered(web) -> None:
    snap = take_snapshot(web, services=["kubernetes", "web-service"])
    assert [s.name for s in snap.services] == ["kubernetes", "web-service"]
    assert snap.service("kubernetes").selector is None
    assert all(m.state is Membership.NOT_MATCHED for m in snap.service("kubernetes").members)
