"""What the API server does for a Service's addresses (apiserver/service_alloc.py), as kube-apiserver's Service
storage (pkg/registry/core/service/storage/alloc.go): allocate on create, keep on re-apply, free on a type change or
delete, and undo every allocation of a request that fails."""

from __future__ import annotations

import ipaddress

import pytest

from kubesim_nb.api.core import Service
from kubesim_nb.apiserver import APIServer
from kubesim_nb.errors import ApiError

from .conftest import service


def rejection(api: APIServer, manifest: Service, *, update: bool = False) -> str:
    """The message of a rejected request, after checking it left the allocators as they were."""
    held = (api.cluster_ips.allocated(), api.node_ports.allocated())
    with pytest.raises(ApiError) as rejected:
        (api.update if update else api.create)(manifest)
    assert (api.cluster_ips.allocated(), api.node_ports.allocated()) == held
    return rejected.value.message


def test_a_cluster_ip_service_gets_an_address_from_the_dynamic_band(api: APIServer) -> None:
    created = api.create(service("web"))
    ip = created.spec.cluster_ip
    assert created.spec.cluster_ips == [ip] and ipaddress.ip_address(ip) > ipaddress.ip_address("10.96.1.0")
    assert (created.spec.ip_families, created.spec.ip_family_policy) == (["IPv4"], "SingleStack")
    assert api.cluster_ips.allocated() == [ip] and api.node_ports.allocated() == []


def test_a_node_port_service_gets_a_port_per_service_port(api: APIServer) -> None:
    created = api.create(
        service(
            "web",
            type="NodePort",
            ports=[{"name": "http", "port": 80}, {"name": "https", "port": 443, "nodePort": 30443}],
        )
    )
    ports = [p.node_port for p in created.spec.ports]
    assert ports[1] == 30443 and 30086 <= ports[0] <= 32767
    assert sorted(api.node_ports.allocated()) == sorted(ports)


@pytest.mark.parametrize(
    "spec, has_ip, node_ports",
    [
        ({"type": "LoadBalancer"}, True, 1),
        ({"type": "LoadBalancer", "allocateLoadBalancerNodePorts": False}, True, 0),
        ({"clusterIP": "None"}, False, 0),
        ({"type": "ExternalName", "externalName": "db.example.com", "selector": None}, False, 0),
    ],
)
def test_what_each_kind_of_service_is_given(api: APIServer, spec: dict, has_ip: bool, node_ports: int) -> None:
    api.create(service("web", **spec))
    assert len(api.cluster_ips.allocated()) == has_ip and len(api.node_ports.allocated()) == node_ports


def test_a_requested_address_already_in_use_is_refused(api: APIServer) -> None:
    api.create(service("web", clusterIP="10.96.0.50"))
    assert rejection(api, service("db", clusterIP="10.96.0.50")) == (
        'Service "db" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.50"]: '
        "failed to allocate IP 10.96.0.50: provided IP is already allocated"
    )


def test_a_requested_node_port_in_use_or_out_of_range_is_refused(api: APIServer) -> None:
    api.create(service("web", type="NodePort", ports=[{"port": 80, "nodePort": 30080}]))
    taken = service("db", type="NodePort", ports=[{"port": 80, "nodePort": 30080}])
    assert rejection(api, taken) == (
        'Service "db" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated'
    )
    outside = service("db", type="NodePort", ports=[{"port": 80}, {"name": "b", "port": 81, "nodePort": 80}])
    assert rejection(api, outside) == (
        'Service "db" is invalid: spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid '
        "range. The range of valid ports is 30000-32767"
    )


def test_a_request_failing_validation_gives_back_what_was_allocated_for_it(api: APIServer) -> None:
    assert rejection(api, service("web", type="NodePort", sessionAffinity="Sticky")).startswith(
        'Service "web" is invalid: spec.sessionAffinity: Unsupported value: "Sticky"'
    )


def test_re_applying_a_manifest_without_the_allocated_values_keeps_them(api: APIServer) -> None:
    created = api.create(service("web", type="NodePort"))
    updated = api.update(service("web", type="NodePort", selector={"app": "web", "tier": "front"}))
    assert updated.spec.cluster_ip == created.spec.cluster_ip
    assert updated.spec.ports[0].node_port == created.spec.ports[0].node_port
    assert api.node_ports.allocated() == [created.spec.ports[0].node_port]


def test_changing_type_allocates_and_frees_node_ports(api: APIServer) -> None:
    created = api.create(service("web"))
    node_port = api.update(service("web", type="NodePort")).spec.ports[0].node_port
    assert api.node_ports.allocated() == [node_port]
    back = api.update(service("web", type="ClusterIP"))
    assert back.spec.ports[0].node_port is None and api.node_ports.allocated() == []
    assert back.spec.cluster_ip == created.spec.cluster_ip


def test_becoming_an_external_name_frees_the_cluster_ip(api: APIServer) -> None:
    created = api.create(service("web"))
    external = api.update(service("web", type="ExternalName", externalName="db.example.com", selector=None))
    assert external.spec.cluster_ip is None and not api.cluster_ips.has(created.spec.cluster_ip)


def test_a_rejected_type_change_keeps_the_old_addresses_and_takes_no_new_ones(api: APIServer) -> None:
    created = api.create(service("web"))
    message = rejection(api, service("web", type="NodePort", sessionAffinity="Sticky"), update=True)
    assert message.startswith('Service "web" is invalid: spec.sessionAffinity: Unsupported value')
    assert api.get(Service, "default", "web") is created


def test_delete_frees_the_address_and_the_node_ports(api: APIServer) -> None:
    created = api.create(service("web", type="LoadBalancer", externalTrafficPolicy="Local"))
    assert created.spec.health_check_node_port and len(api.node_ports.allocated()) == 2
    api.delete(Service, "default", "web")
    assert api.cluster_ips.allocated() == [] and api.node_ports.allocated() == []
    again = api.create(
        service(
            "web",
            clusterIP=created.spec.cluster_ip,
            ports=[{"port": 80, "nodePort": created.spec.ports[0].node_port}],
            type="NodePort",
        )
    )
    assert again.spec.cluster_ip == created.spec.cluster_ip
