"""The simulated kube-apiserver (apiserver/__init__.py): what create, update and delete do, in the order the real
registry does it (k8s.io/apiserver pkg/registry/generic/registry/store.go), and the garbage collector's cascades
(pkg/controller/garbagecollector)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kubesim_nb.api.apps import Deployment, ReplicaSet
from kubesim_nb.api.core import Namespace, Pod, Service
from kubesim_nb.api.labels import parse_selector
from kubesim_nb.apiserver import NAME_ALPHABET, APIServer
from kubesim_nb.clock import format_time
from kubesim_nb.cluster import Cluster
from kubesim_nb.errors import ApiError

from .conftest import new_api, owned_by, pod, service

BAD_NAME = (
    'Service "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a DNS-1035 label must consist of '
    "lower case alphanumeric characters or '-', start with an alphabetic character, and end with an "
    "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
    "'[a-z]([-a-z0-9]*[a-z0-9])?')"
)


WEB_PODS = {
    "selector": {"matchLabels": {"app": "web"}},
    "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "main", "image": "nginx"}]}},
}


def replica_set(name: str, namespace: str = "default", owners: list[dict] | None = None) -> ReplicaSet:
    return ReplicaSet.from_dict(
        {"metadata": {"name": name, "namespace": namespace, "ownerReferences": owners}, "spec": WEB_PODS}
    )


def events_of(api: APIServer) -> list:
    events: list = []
    api.watch(events.append)
    return events


# -------------------------------------------------------------------- create
def test_create_sets_defaults_and_server_fields_on_a_copy(api: APIServer) -> None:
    sent = service("web")
    sent.metadata.uid, sent.metadata.resource_version = "client-made-up", "99"
    created = api.create(sent)
    assert created is not sent and sent.spec.type is None and sent.metadata.uid == "client-made-up"
    assert created.metadata.uid != "client-made-up" and created.metadata.resource_version == "3"
    assert created.metadata.creation_timestamp == api.store.clock.timestamp()
    assert (created.spec.type, created.spec.session_affinity, created.spec.internal_traffic_policy) == (
        "ClusterIP",
        "None",
        "Cluster",
    )
    assert (created.spec.ports[0].protocol, created.spec.ports[0].target_port) == ("TCP", 80)
    assert api.get(Service, "default", "web") is created


def test_an_invalid_object_is_rejected_with_the_servers_message_and_not_stored(api: APIServer) -> None:
    events = events_of(api)
    with pytest.raises(ApiError) as rejected:
        api.create(service("Bad_Name"))
    assert (rejected.value.reason, rejected.value.code, rejected.value.message) == ("Invalid", 422, BAD_NAME)
    assert api.find(Service, "default", "Bad_Name") is None and events == []
    assert api.store.resource_version == 2 and api.cluster_ips.allocated() == []


def test_create_in_a_namespace_that_does_not_exist_is_not_found(api: APIServer) -> None:
    with pytest.raises(ApiError) as rejected:
        api.create(service("web", namespace="nope"))
    assert (rejected.value.reason, rejected.value.message) == ("NotFound", 'namespaces "nope" not found')


def test_a_second_object_with_the_same_name_already_exists(api: APIServer) -> None:
    first = api.create(service("web"))
    with pytest.raises(ApiError) as rejected:
        api.create(service("web", type="NodePort"))
    assert (rejected.value.reason, rejected.value.code, rejected.value.message) == (
        "AlreadyExists",
        409,
        'services "web" already exists',
    )
    assert api.get(Service, "default", "web") is first and api.node_ports.allocated() == []
    assert api.create(service("web", namespace="shop")).namespace == "shop"  # names are per namespace


def test_generate_name_adds_five_random_letters_the_same_for_the_same_seed(api: APIServer) -> None:
    def generated(server: APIServer) -> str:
        return server.create(
            Pod.from_dict(
                {"metadata": {"generateName": "web-"}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}
            )
        ).name

    names = [generated(api) for _ in range(3)]
    assert len(set(names)) == 3
    assert all(name.startswith("web-") and len(name) == 9 and set(name[4:]) <= set(NAME_ALPHABET) for name in names)
    assert generated(new_api()) == names[0]


def test_a_rejected_create_leaves_the_whole_cluster_as_it_was_random_streams_included() -> None:
    cluster, untouched = Cluster(seed=5, think_time=0), Cluster(seed=5, think_time=0)
    before = cluster.dumps()
    invalid = Service.from_dict(
        {
            "metadata": {"generateName": "web-"},  # draws a name and a cluster IP, then fails
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}], "sessionAffinity": "x"},
        }
    )
    with pytest.raises(ApiError):
        cluster.api.create(invalid)
    assert cluster.dumps() == before
    invalid.spec.session_affinity = None
    assert cluster.api.create(invalid).to_dict() == untouched.api.create(invalid).to_dict()


# ---------------------------------------------------------------------- read
def test_get_raises_not_found_and_find_answers_none(api: APIServer) -> None:
    with pytest.raises(ApiError) as missing:
        api.get(Deployment, "default", "web")
    assert (missing.value.code, missing.value.message) == (404, 'deployments.apps "web" not found')
    assert api.find(Deployment, "default", "web") is None
    created = api.create(service("web"))
    assert api.find(Service, "default", "web") is created


def test_list_is_sorted_by_namespace_then_name_and_filters_by_selector(api: APIServer) -> None:
    for namespace, name in [("shop", "api"), ("default", "web"), ("default", "db"), ("shop", "cart")]:
        api.create(service(name, namespace))
    assert [(s.namespace, s.name) for s in api.list(Service)] == [
        ("default", "db"),
        ("default", "web"),
        ("shop", "api"),
        ("shop", "cart"),
    ]
    assert [s.name for s in api.list(Service, "shop")] == ["api", "cart"]
    api.create(pod("web-1"))
    assert [p.name for p in api.list(Pod, "default", parse_selector("app=web"))] == ["web-1"]
    assert api.list(Pod, "shop", parse_selector("app=web")) == []


# -------------------------------------------------------------------- update
def test_a_user_update_keeps_status_server_fields_and_owners(api: APIServer) -> None:
    owner = api.create(replica_set("web-rs"))
    created = api.create(pod("web-1", owners=owned_by(owner)))
    running = created.copy()
    running.status.phase, running.status.pod_ip = "Running", "10.1.0.7"
    api.update_status(running)  # the kubelet's write
    manifest = pod("web-1")  # as kubectl sends it: no status, uid, timestamps or owners
    manifest.metadata.labels = {"app": "web", "track": "canary"}
    updated = api.update(manifest)
    assert updated.labels == {"app": "web", "track": "canary"}
    assert (updated.status.phase, updated.status.pod_ip) == ("Running", "10.1.0.7")
    assert (updated.metadata.uid, updated.metadata.creation_timestamp) == (
        created.metadata.uid,
        created.metadata.creation_timestamp,
    )
    assert updated.metadata.owner_references == created.metadata.owner_references
    assert int(updated.metadata.resource_version) > int(running.metadata.resource_version)


def test_an_update_that_changes_nothing_writes_nothing(api: APIServer) -> None:
    created = api.create(service("web"))
    events = events_of(api)
    version = api.store.resource_version
    assert api.update(service("web")) is created
    assert events == [] and api.store.resource_version == version


def test_update_of_a_missing_object_is_not_found(api: APIServer) -> None:
    with pytest.raises(ApiError) as missing:
        api.update(service("web"))
    assert missing.value.message == 'services "web" not found'


def test_a_spec_change_moves_the_generation_of_a_replica_set_on(api: APIServer) -> None:
    created = api.create(replica_set("web-rs"))
    changed = replica_set("web-rs")
    changed.spec.replicas = 5
    assert (created.metadata.generation, api.update(changed).metadata.generation) == (1, 2)


# ------------------------------------------------------------------- dry run
def test_a_dry_run_create_answers_what_a_create_would_and_changes_nothing(api: APIServer) -> None:
    events = events_of(api)
    state = (api.store.resource_version, api.cluster_ips.rng.getstate(), api.rng.getstate(), api.store.rng.getstate())
    answer = api.create(service("web", type="NodePort"), dry_run=True)
    assert answer.spec.cluster_ip and answer.spec.ports[0].node_port
    # the system fields are filled before anything else (rest.FillObjectMetaSystemFields), so the answer has them
    assert answer.metadata.uid and answer.metadata.creation_timestamp == api.store.clock.timestamp()
    assert answer.metadata.resource_version is None
    assert api.find(Service, "default", "web") is None and events == []
    assert (
        api.store.resource_version,
        api.cluster_ips.rng.getstate(),
        api.rng.getstate(),
        api.store.rng.getstate(),
    ) == state
    assert api.cluster_ips.allocated() == [] and api.node_ports.allocated() == []
    created = api.create(service("web", type="NodePort"))
    assert (created.spec.cluster_ip, created.spec.ports[0].node_port) == (
        answer.spec.cluster_ip,
        answer.spec.ports[0].node_port,
    )


def test_a_dry_run_update_changes_nothing(api: APIServer) -> None:
    created = api.create(service("web"))
    answer = api.update(service("web", type="NodePort"), dry_run=True)
    assert answer.spec.type == "NodePort" and answer.spec.ports[0].node_port
    assert api.get(Service, "default", "web") is created and api.node_ports.allocated() == []


def test_a_dry_run_delete_changes_nothing(api: APIServer) -> None:
    created = api.create(service("web"))
    assert api.delete(Service, "default", "web", dry_run=True) is created
    assert api.get(Service, "default", "web") is created and api.cluster_ips.has(created.spec.cluster_ip)


# -------------------------------------------------------------------- delete
def test_delete_removes_dependents_in_the_background_down_the_ownership_chain(api: APIServer) -> None:
    deployment = api.create(Deployment.from_dict({"metadata": {"name": "web"}, "spec": WEB_PODS}))
    owner = api.create(replica_set("web-rs", owners=owned_by(deployment)))
    for name in ("web-1", "web-2"):
        api.create(pod(name, owners=owned_by(owner)))  # not scheduled yet: they go at once
    api.create(pod("unrelated"))
    api.delete(Deployment, "default", "web")
    assert api.find(ReplicaSet, "default", "web-rs") is None
    assert [p.name for p in api.list(Pod)] == ["unrelated"]
    assert api.dependents(owner) == []


def in_30_seconds(api: APIServer) -> str:
    return format_time(api.store.clock.now() + timedelta(seconds=30))


def test_scheduled_dependents_terminate_gracefully(api: APIServer) -> None:
    owner = api.create(replica_set("web-rs"))
    api.create(pod("web-1", node="node-1", owners=owned_by(owner)))
    api.delete(ReplicaSet, "default", "web-rs")
    assert api.get(Pod, "default", "web-1").metadata.deletion_timestamp == in_30_seconds(api)


def test_orphan_propagation_keeps_the_dependents_without_that_owner(api: APIServer) -> None:
    owner = api.create(replica_set("web-rs"))
    other = api.create(replica_set("other-rs"))
    api.create(pod("web-1", owners=owned_by(owner)))
    api.create(pod("web-2", owners=owned_by(owner) + owned_by(other)))
    api.delete(ReplicaSet, "default", "web-rs", propagation="Orphan")
    assert api.get(Pod, "default", "web-1").metadata.owner_references is None
    assert [r.name for r in api.get(Pod, "default", "web-2").metadata.owner_references] == ["other-rs"]


def test_deleting_a_scheduled_pod_marks_it_terminating_until_the_kubelet_finishes(api: APIServer) -> None:
    api.create(pod("web-1", node="node-1"))
    terminating = api.delete(Pod, "default", "web-1")
    # rest.BeforeDelete stamps the time after which the Pod may go: the grace period ahead
    assert terminating.metadata.deletion_timestamp == in_30_seconds(api)
    assert terminating.metadata.deletion_grace_period_seconds == 30  # the Pod's terminationGracePeriodSeconds
    assert api.delete(Pod, "default", "web-1") is terminating  # deleting again changes nothing
    api.finalize_pod(terminating)
    assert api.find(Pod, "default", "web-1") is None


@pytest.mark.parametrize("node, grace, phase", [(None, None, None), ("node-1", 0, None), ("node-1", None, "Succeeded")])
def test_a_pod_with_nothing_to_stop_or_no_grace_period_goes_at_once(api: APIServer, node, grace, phase) -> None:
    created = api.create(pod("web-1", node=node))
    if phase:
        finished = created.copy()
        finished.status.phase = phase
        api.update_status(finished)
    api.delete(Pod, "default", "web-1", grace_period=grace)
    assert api.find(Pod, "default", "web-1") is None


def test_deleting_a_namespace_empties_it_and_frees_its_service_addresses(api: APIServer) -> None:
    doomed = api.create(service("api", namespace="shop", type="NodePort"))
    api.create(pod("api-1", namespace="shop"))
    kept = api.create(service("web"))
    api.delete(Namespace, "", "shop")
    assert api.find(Namespace, "", "shop") is None
    assert api.list(Service, "shop") == [] and api.list(Pod, "shop") == []
    assert api.list(Service) == [kept] and api.cluster_ips.allocated() == [kept.spec.cluster_ip]
    assert not api.node_ports.has(doomed.spec.ports[0].node_port)


def test_delete_of_a_missing_object_is_not_found(api: APIServer) -> None:
    with pytest.raises(ApiError) as missing:
        api.delete(Pod, "default", "web-1")
    assert missing.value.message == 'pods "web-1" not found'
