"""The DNS explorer shows the names a Pod's resolver tries, in order, with each answer."""

from __future__ import annotations

import re

import pytest

from kubesim_nb.api.core import Pod
from kubesim_nb.cluster import Cluster
from kubesim_nb.widgets.demo import dns_cluster
from kubesim_nb.widgets.dns import DnsExplorer


def steps(widget: DnsExplorer) -> list[tuple[str, bool]]:
    found = re.findall(r'data-found="(true|false)"><td[^>]*>\d+</td><td[^>]*><code>([^<]+)</code>', widget.steps.value)
    return [(name, flag == "true") for flag, name in found]


@pytest.fixture(scope="module")
def cluster():
    return dns_cluster()


def test_a_short_name_is_found_with_the_first_search_domain(cluster) -> None:
    widget = DnsExplorer(cluster)
    assert widget.pod.value == "client"
    assert steps(widget) == [("web-service.default.svc.cluster.local", True)]
    assert "search default.svc.cluster.local svc.cluster.local cluster.local" in widget.resolv.value
    assert "ClusterIP of Service default/web-service" in widget.answer.value


def test_another_namespaces_service_needs_its_namespace(cluster) -> None:
    widget = DnsExplorer(cluster)
    widget.name.value = "api-service"
    assert [name for name, _ in steps(widget)] == [
        "api-service.default.svc.cluster.local",
        "api-service.svc.cluster.local",
        "api-service.cluster.local",
        "api-service",
    ]
    assert not any(ok for _, ok in steps(widget))
    assert "try api-service.shop" in widget.answer.value
    widget.name.value = "api-service.shop"
    assert steps(widget) == [
        ("api-service.shop.default.svc.cluster.local", False),
        ("api-service.shop.svc.cluster.local", True),
    ]


def test_the_pods_namespace_decides_the_first_search_domain(cluster) -> None:
    widget = DnsExplorer(cluster)
    widget.namespace.value = "shop"
    assert widget.pod.value == "tester"
    widget.name.value = "api-service"
    assert steps(widget) == [("api-service.shop.svc.cluster.local", True)]


def test_absolute_and_internet_names(cluster) -> None:
    widget = DnsExplorer(cluster)
    widget.name.value = "web-service.default.svc.cluster.local."
    assert steps(widget) == [("web-service.default.svc.cluster.local", True)]
    assert "absolute" in widget.resolv.value
    widget.name.value = "example.com"
    assert [ok for _, ok in steps(widget)] == [False, False, False, True]
    assert "1 dot, fewer than ndots:5" in widget.resolv.value


# ---------------------------------------------------------------- as a learner meets it (issue 14)
def test_it_opens_on_a_client_pod_that_was_still_starting() -> None:
    """Notebook 06 runs the explorer right after `kubectl run client -n shop`: it must open on that Pod."""
    cluster = Cluster(seed=6)
    cluster.kubectl("create deployment web-deployment --image=nginx:alpine --replicas=3")
    cluster.kubectl("expose deployment web-deployment --name=web-service --port=80")
    cluster.kubectl("create namespace shop")
    cluster.kubectl("run client -n shop --image=busybox -- sleep 3600")
    assert cluster.api.find(Pod, "shop", "client").status.phase == "Pending"
    widget = DnsExplorer(cluster, namespace="shop")
    assert "shop" in widget.namespace.options
    assert (widget.namespace.value, widget.pod.value) == ("shop", "client")
    assert "Pod shop/client was starting" in widget.waited.value
    assert steps(widget)[0] == ("web-service.shop.svc.cluster.local", False)
    assert "try web-service.default" in widget.answer.value


def test_shown_again_it_reads_the_cluster_again(cluster) -> None:
    widget = DnsExplorer(cluster)
    cluster.kubectl("create namespace later")
    cluster.kubectl("run late -n later --image=busybox -- sleep 3600")
    assert "later" not in widget.namespace.options
    widget._repr_mimebundle_()
    assert "later" in widget.namespace.options
    assert (widget.namespace.value, widget.pod.value) == ("default", "client")  # the learner's choice is kept
    widget.namespace.value = "later"
    assert widget.pod.value == "late" and steps(widget)[0][0] == "web-service.later.svc.cluster.local"


def test_a_pod_that_never_starts_is_waited_for_a_bounded_time_and_said_so(cluster) -> None:
    cluster.kubectl("run broken -n shop --image=no-such-image:1 -- sleep 3600")
    widget = DnsExplorer(cluster, namespace="shop", pod="broken")
    assert widget.pod.value == "broken"
    assert "it still does not run" in widget.waited.value
    assert "is not running: its resolver cannot be asked" in widget.answer.value
