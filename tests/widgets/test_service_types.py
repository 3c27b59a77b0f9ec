"""Service types: the reachability table is the data plane's answer for each type and cluster profile."""

from __future__ import annotations

import pytest

from kubesim_nb.api.core import Service
from kubesim_nb.cluster import Cluster
from kubesim_nb.widgets.reach import reachability
from kubesim_nb.widgets.service_types import ServiceTypes


def verdicts(widget: ServiceTypes) -> dict[tuple[str, str], bool]:
    return {(a.source, a.target.label.split(":")[0]): a.ok for a in widget.attempts}


@pytest.fixture
def widget(web) -> ServiceTypes:
    return ServiceTypes(web)


def test_clusterip_is_reachable_from_inside_only(widget) -> None:
    cluster_ip = widget._service().spec.cluster_ip
    seen = verdicts(widget)
    assert seen[("Pod client", "web-service")] and seen[("Pod client", cluster_ip)]
    assert seen[("node docker-desktop", cluster_ip)]
    assert not seen[("your computer", cluster_ip)] and not seen[("your computer", "web-service")]
    assert "ClusterIP" in widget.summary.value and "&lt;none&gt;" in widget.summary.value


def test_nodeport_opens_localhost_on_docker_desktop(widget) -> None:
    widget.type.value = "NodePort"
    assert widget._service().spec.type == "NodePort"
    node_port = widget._service().spec.ports[0].node_port
    laptop = {a.target.label: a for a in widget.attempts if a.source == "your computer"}
    assert laptop[f"localhost:{node_port}"].ok
    assert not laptop[f"192.168.65.3:{node_port}"].ok  # the node lives in Docker Desktop's VM
    assert "kubectl patch service web-service" in widget.kubectl.view.value
    assert f"80:{node_port}/TCP" in widget.summary.value


def test_loadbalancer_on_kind_stays_pending() -> None:
    widget = ServiceTypes()
    widget.profile.value = "kind"
    widget.type.value = "LoadBalancer"
    widget.wait(60)
    assert "&lt;pending&gt;" in widget.summary.value
    node_port = widget._service().spec.ports[0].node_port
    laptop = {a.target.label: a.ok for a in widget.attempts if a.source == "your computer"}
    assert laptop == {
        "web-service:80": False,
        f"{widget._service().spec.cluster_ip}:80": False,
        f"172.18.0.2:{node_port}": True,
        f"localhost:{node_port}": False,
    }


def test_loadbalancer_in_the_cloud_gets_a_public_address_after_a_while() -> None:
    widget = ServiceTypes()
    widget.profile.value = "cloud"
    widget.type.value = "LoadBalancer"
    assert "&lt;pending&gt;" in widget.summary.value
    widget.wait_button.click()
    widget.wait(30)
    svc = widget._service()
    public = svc.status.load_balancer.ingress[0].ip
    laptop = {a.target.label: a.ok for a in widget.attempts if a.source == "your computer"}
    assert laptop[f"{public}:80"]
    assert public in widget.summary.value


def test_switching_back_to_clusterip_releases_the_node_port(widget) -> None:
    widget.type.value = "NodePort"
    widget.type.value = "ClusterIP"
    assert widget._service().spec.ports[0].node_port is None
    assert not any("localhost" in a.target.label for a in widget.attempts)


def test_reachability_rejects_an_unknown_service(web) -> None:
    with pytest.raises(ValueError, match="no Service 'nope'"):
        reachability(web, "nope")


# ---------------------------------------------------------------- as a learner meets it (issue 14)
API = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: agent, image: "fastapi-agent:1.0", ports: [{containerPort: 8000}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api-service}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8000, nodePort: 30007}]
  type: NodePort
"""


@pytest.fixture
def notebook03() -> ServiceTypes:
    """Notebook 03's api-service, in a cluster with no client Pod."""
    cluster = Cluster(seed=3)
    cluster.kubectl("apply -f -", stdin=API)
    return ServiceTypes(cluster, service="api-service")


def test_the_from_a_pod_column_is_there_without_a_client_pod(notebook03) -> None:
    assert "kubectl run client --image=alpine" in notebook03.kubectl.view.value
    from_pod = {a.target.label: a for a in notebook03.attempts if a.source == "Pod client"}
    assert from_pod["api-service:80"].ok and from_pod["api-service:80"].outcome.startswith("answered by api-")
    assert ">Pod client<" in notebook03.reach.value


def test_the_cluster_menu_shows_a_copy_on_another_profile_and_leaves_yours_alone(notebook03) -> None:
    home = notebook03.cluster
    assert not notebook03.profile.disabled
    assert "This is your docker-desktop cluster" in notebook03.which_cluster.value
    notebook03.profile.value = "kind"
    assert notebook03.cluster is not home and notebook03.cluster.profile.name == "kind"
    assert "copy of namespace default on a new kind cluster" in notebook03.which_cluster.value
    laptop = {a.target.label: a.ok for a in notebook03.attempts if a.source == "your computer"}
    assert laptop == {
        "api-service:80": False,
        f"{notebook03._service().spec.cluster_ip}:80": False,
        "172.18.0.2:30007": True,
        "localhost:30007": False,
    }
    notebook03.type.value = "LoadBalancer"
    assert "&lt;pending&gt;" in notebook03.summary.value
    notebook03.profile.value = "cloud"
    assert notebook03._service().spec.type == "LoadBalancer"  # the type chosen is kept on the new cluster
    notebook03.wait(30)
    notebook03.wait(30)
    assert notebook03._service().status.load_balancer.ingress[0].ip in notebook03.summary.value
    assert home.api.find(Service, "default", "api-service").spec.type == "NodePort"  # yours: unchanged
    notebook03.profile.value = "docker-desktop"
    assert notebook03.cluster is home and "This is your docker-desktop cluster" in notebook03.which_cluster.value
