"""Controllers and the kubelet stand-in: Pod lifecycle, failure modes, self-healing, rollouts, load balancers."""

from __future__ import annotations

import yaml
from manifests import deployment, service

from kubesim_nb import Cluster
from kubesim_nb.api.apps import ReplicaSet
from kubesim_nb.api.core import Endpoints, Pod, Service
from kubesim_nb.api.discovery import EndpointSlice


def statuses(cluster: Cluster, app: str) -> list[str]:
    return sorted(
        line.split()[2] for line in cluster.kubectl(f"get pods -l app={app} --no-headers").stdout.splitlines()
    )


def test_a_pod_gets_its_ip_while_still_creating_then_runs() -> None:
    cluster = Cluster(seed=1, think_time=0)
    cluster.kubectl("apply -f -", stdin=deployment("web", replicas=1))
    cluster.advance(1)
    wide = cluster.kubectl("get pods -o wide --no-headers").stdout.split()
    assert wide[1:3] == ["0/1", "ContainerCreating"] and wide[5].startswith("10.1.0.")
    cluster.advance(10)
    assert statuses(cluster, "web") == ["Running"]


def test_bad_image_fails_to_pull_then_backs_off_and_is_never_an_endpoint() -> None:
    cluster = Cluster(seed=1, think_time=0)
    cluster.kubectl("apply -f -", stdin=deployment("web", image="ngnix", replicas=1))
    cluster.kubectl("apply -f -", stdin=service("web", "web"))
    cluster.advance(4)  # the pull fails ~3 s in and shows as ErrImagePull for a few seconds...
    assert statuses(cluster, "web") == ["ErrImagePull"]
    cluster.advance(6)  # ...then the kubelet backs off (10 s, 20 s, ... between attempts)
    assert statuses(cluster, "web") == ["ImagePullBackOff"]
    subsets = cluster.store.get(Endpoints, "default", "web").subsets
    assert subsets[0].addresses is None and len(subsets[0].not_ready_addresses) == 1  # listed, but never routed to


def test_a_crashing_command_goes_into_crash_loop_back_off_with_growing_restarts() -> None:
    cluster = Cluster(seed=1, think_time=0)
    cluster.kubectl(
        "apply -f -", stdin=deployment("crash", image="busybox", replicas=1, command=["sh", "-c", "exit 1"])
    )
    cluster.advance(60)
    row = cluster.kubectl("get pods --no-headers").stdout.split()
    assert row[2] == "CrashLoopBackOff" and int(row[3]) >= 2
    restarts_then = int(row[3])
    cluster.advance(600)
    assert int(cluster.kubectl("get pods --no-headers").stdout.split()[3]) > restarts_then
    pod = cluster.store.list(Pod, "default")[0]
    assert pod.status.container_statuses[0].last_state.terminated.exit_code == 1


def test_failing_readiness_keeps_the_pod_running_but_out_of_the_endpoints() -> None:
    cluster = Cluster(seed=1, think_time=0)
    probe = {"httpGet": {"path": "/healthz", "port": 80}, "periodSeconds": 5}
    cluster.kubectl("apply -f -", stdin=deployment("web", replicas=2, readinessProbe=probe))
    cluster.kubectl("apply -f -", stdin=service("web", "web"))
    cluster.advance(30)
    assert [line.split()[1:3] for line in cluster.kubectl("get pods --no-headers").stdout.splitlines()] == [
        ["0/1", "Running"]
    ] * 2
    endpoints = cluster.store.get(Endpoints, "default", "web")
    assert endpoints.subsets[0].addresses is None and len(endpoints.subsets[0].not_ready_addresses) == 2
    slices = [
        s for s in cluster.store.list(EndpointSlice, "default") if s.labels.get("kubernetes.io/service-name") == "web"
    ]
    assert [e.conditions.ready for s in slices for e in s.endpoints] == [False, False]


def test_a_deleted_pod_is_replaced_with_a_new_name_and_a_new_ip() -> None:
    cluster = Cluster(seed=1)
    cluster.kubectl("apply -f -", stdin=deployment("web"))
    before = {p.name: p.ip for p in cluster.store.list(Pod, "default")}
    victim = sorted(before)[0]
    cluster.kubectl(f"delete pod {victim}")
    after = {p.name: p.ip for p in cluster.store.list(Pod, "default")}
    assert len(after) == 2 and victim not in after
    newcomer = (set(after) - set(before)).pop()
    assert after[newcomer] not in before.values()


def test_a_template_change_rolls_out_a_new_replica_set() -> None:
    cluster = Cluster(seed=1)
    cluster.kubectl("apply -f -", stdin=deployment("web", replicas=4))
    first = {rs.name for rs in cluster.store.list(ReplicaSet, "default")}
    cluster.kubectl("apply -f -", stdin=deployment("web", image="nginx:1.27", replicas=4))
    status = cluster.kubectl("rollout status deployment/web").stdout
    assert status.rstrip().endswith('deployment "web" successfully rolled out')
    sets = {rs.name: rs.spec.replicas for rs in cluster.store.list(ReplicaSet, "default")}
    assert len(sets) == 2 and sets[first.pop()] == 0
    images = {
        c.image
        for p in cluster.store.list(Pod, "default")
        if not p.metadata.deletion_timestamp
        for c in p.spec.containers
    }
    assert images == {"nginx:1.27"}


def test_the_scheduler_respects_a_nodes_pod_capacity() -> None:
    cluster = Cluster(seed=1, think_time=0)
    cluster.kubectl("create deployment many --image=nginx:alpine --replicas=110")
    cluster.advance(20)
    pending = [p for p in cluster.store.list(Pod, "default") if not p.spec.node_name]
    # docker-desktop's single node allows 110 Pods and already runs 9 system Pods
    assert len(pending) == 9
    assert "0/1 nodes are available: 1 Too many pods." in pending[0].status.conditions[0].message


def test_load_balancers_per_profile() -> None:
    def external_ip(profile: str, wait: int) -> str:
        cluster = Cluster(seed=1, profile=profile, think_time=0)
        cluster.kubectl("apply -f -", stdin=deployment("web", replicas=1))
        cluster.kubectl("apply -f -", stdin=service("web", "web", "LoadBalancer"))
        cluster.advance(wait)
        return cluster.kubectl("get svc web --no-headers").stdout.split()[3]

    assert external_ip("docker-desktop", 2) == "localhost"
    assert external_ip("kind", 600) == "<pending>"
    assert external_ip("cloud", 10) == "<pending>"
    assert external_ip("cloud", 60).startswith("203.0.113.")


def test_switching_a_service_to_cluster_ip_releases_its_node_port() -> None:
    cluster = Cluster(seed=1, think_time=0)
    cluster.kubectl("apply -f -", stdin=service("a", "web", "NodePort"))
    port = cluster.store.get(Service, "default", "a").spec.ports[0].node_port
    cluster.kubectl("apply -f -", stdin=service("a", "web", "ClusterIP"))
    assert cluster.store.get(Service, "default", "a").spec.ports[0].node_port is None
    claim = yaml.safe_load(service("b", "web", "NodePort"))
    claim["spec"]["ports"][0]["nodePort"] = port
    assert cluster.kubectl("apply -f -", stdin=yaml.safe_dump(claim)).stdout == "service/b created\n"


def test_a_wake_up_due_now_happens_before_the_next_command_without_time_passing() -> None:
    """A container's PID 1 exits (the shell ``kubectl run -it`` attached to): the kubelet asks to be woken at that
    very instant, and the next command sees the exit although no think time passes (the manual clock)."""
    cluster = Cluster(seed=1, think_time=0)
    cluster.kubectl("run box --image=busybox --restart=Never -- sleep infinity")
    cluster.advance(30)
    pod = cluster.store.get(Pod, "default", "box")
    cluster.main_process_exited(pod, pod.spec.containers[0], 3)
    assert cluster.kubectl("get pod box --no-headers").stdout.split()[:3] == ["box", "0/1", "Error"]
