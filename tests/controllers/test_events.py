"""The Events the controllers record: who records what, with which words, how often, and for how long."""

from __future__ import annotations

from manifests import deployment, pod

from kubesim_nb import Cluster
from kubesim_nb.api.apps import ReplicaSet
from kubesim_nb.api.core import Pod, Service
from kubesim_nb.api.events import Event
from kubesim_nb.clock import parse_time


def started(*manifests: str, seconds: float, profile: str = "docker-desktop") -> Cluster:
    """A cluster ``seconds`` after the manifests were applied (no think time: only ``advance`` moves the clock)."""
    cluster = Cluster(seed=1, profile=profile, think_time=0)
    for manifest in manifests:
        cluster.kubectl("apply -f -", stdin=manifest)
    cluster.advance(seconds)
    return cluster


def about(cluster: Cluster, name: str) -> list[Event]:
    return [e for e in cluster.store.list(Event, "default") if e.involved_object.name == name]


def told(cluster: Cluster, name: str) -> list[tuple[str, str, int, str]]:
    """(type, reason, count, message) of each Event about ``name``, oldest first."""
    events = sorted(about(cluster, name), key=lambda e: (e.metadata.creation_timestamp, e.name))
    return [(e.type, e.reason, e.count or (e.series.count if e.series else 1), e.message) for e in events]


def counts(cluster: Cluster, name: str) -> dict[str, int]:
    """Occurrences by reason and message start ("Failed: Error: ErrImagePull")."""
    tally: dict[str, int] = {}
    for _, reason, count, message in told(cluster, name):
        key = f"{reason}: {message.split(' in pod ')[0]}"
        tally[key] = tally.get(key, 0) + count
    return tally


def test_a_rollout_is_scaled_created_scheduled_pulled_and_started() -> None:
    cluster = started(deployment("web", replicas=3), seconds=30)
    rs = cluster.store.list(ReplicaSet, "default")[0].name
    pods = sorted(p.name for p in cluster.store.list(Pod, "default"))
    assert told(cluster, "web") == [("Normal", "ScalingReplicaSet", 1, f"Scaled up replica set {rs} from 0 to 3")]
    assert sorted(message for *_, message in told(cluster, rs)) == [f"Created pod: {p}" for p in pods]
    steps = told(cluster, pods[0])
    assert [reason for _, reason, _, _ in steps] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    assert steps[0][3] == f"Successfully assigned default/{pods[0]} to docker-desktop"
    assert steps[1][3] == 'Pulling image "nginx:alpine"'
    assert steps[2][3].startswith('Successfully pulled image "nginx:alpine" in ')
    assert steps[2][3].endswith(" including waiting). Image size: 22618461 bytes.")
    assert steps[3:] == [
        ("Normal", "Created", 1, "Created container: main"),
        ("Normal", "Started", 1, "Started container main"),
    ]
    scheduled, *kubelet = sorted(about(cluster, pods[0]), key=lambda e: e.name)
    # the scheduler writes through events.k8s.io; the kubelet names its host and the container
    assert (scheduled.reporting_component, scheduled.action, scheduled.source.component) == (
        "default-scheduler",
        "Binding",
        None,
    )
    assert scheduled.event_time and scheduled.first_timestamp is None and scheduled.count is None
    assert {(e.source.component, e.source.host, e.involved_object.field_path) for e in kubelet} == {
        ("kubelet", "docker-desktop", "spec.containers{main}")
    }
    # a Pod started later on the same node finds the image there
    cluster.kubectl("apply -f -", stdin=pod("late"))
    cluster.advance(10)
    assert [message for _, reason, _, message in told(cluster, "late") if reason == "Pulled"] == [
        'Container image "nginx:alpine" already present on machine'
    ]


def test_a_new_template_rolls_over_and_stops_the_old_pods() -> None:
    cluster = started(deployment("web", replicas=2), seconds=30)
    old = cluster.store.list(ReplicaSet, "default")[0].name
    old_pods = [p.name for p in cluster.store.list(Pod, "default")]
    cluster.kubectl("apply -f -", stdin=deployment("web", image="nginx:1.27", replicas=2))
    cluster.advance(60)
    new = next(rs.name for rs in cluster.store.list(ReplicaSet, "default") if rs.name != old)
    scaling = [message for _, reason, _, message in told(cluster, "web") if reason == "ScalingReplicaSet"]
    assert scaling[:2] == [f"Scaled up replica set {old} from 0 to 2", f"Scaled up replica set {new} from 0 to 1"]
    assert scaling[-1] == f"Scaled down replica set {old} from 1 to 0"
    deleted = [message for _, reason, _, message in told(cluster, old) if reason == "SuccessfulDelete"]
    assert sorted(deleted) == sorted(f"Deleted pod: {name}" for name in old_pods)
    for name in old_pods:
        assert told(cluster, name)[-1] == ("Normal", "Killing", 1, "Stopping container main")


def test_scaling_down_deletes_pods_and_says_so() -> None:
    cluster = started(deployment("web", replicas=3), seconds=30)
    rs = cluster.store.list(ReplicaSet, "default")[0].name
    cluster.kubectl("scale deployment web --replicas=1")
    cluster.advance(5)
    gone = sorted(
        message.removeprefix("Deleted pod: ")
        for _, reason, _, message in told(cluster, rs)
        if reason == "SuccessfulDelete"
    )
    assert len(gone) == 2
    assert told(cluster, "web")[-1] == ("Normal", "ScalingReplicaSet", 1, f"Scaled down replica set {rs} from 3 to 1")
    for name in gone:
        assert cluster.store.get(Pod, "default", name) is None
        assert told(cluster, name)[-1] == ("Normal", "Killing", 1, "Stopping container main")


def test_many_creations_are_combined_after_ten_different_messages() -> None:
    cluster = started(deployment("web", replicas=12), seconds=1)
    rs = cluster.store.list(ReplicaSet, "default")[0].name
    created = told(cluster, rs)
    assert [count for *_, count, _ in created] == [1] * 9 + [3]
    combined = sorted(about(cluster, rs), key=lambda e: e.name)[-1]
    assert combined.message.startswith("(combined from similar events): Created pod: ")
    assert (combined.reporting_component, combined.source.component) == ("", "replicaset-controller")


def test_a_bad_image_is_pulled_fails_and_backs_off_on_the_kubelet_schedule() -> None:
    cluster = started(pod("bad", image="ngnix"), seconds=100)
    # sandbox at 1 s; pulls start at 1, 11, 31, 71 s and fail 2 s later; between them the kubelet
    # syncs every 10 s from 5 s after a failure: 1 + 2 + 4 + 3 back-offs by 100 s. That is 33 kubelet
    # events: the spam filter lets the first 25 through, up to the fourth pull's Failed (73 s)
    tally = counts(cluster, "bad")
    assert (
        tally.pop(
            'Failed: Failed to pull image "ngnix": failed to pull and unpack image "ngnix:latest": '
            'failed to resolve reference "ngnix:latest": pull access denied, repository does not exist or '
            "may require authorization: server message: insufficient_scope: authorization failed"
        )
        == 4
    )
    assert tally == {
        "Scheduled: Successfully assigned default/bad to docker-desktop": 1,
        'Pulling: Pulling image "ngnix"': 4,
        "Failed: Error: ErrImagePull": 3,
        'BackOff: Back-off pulling image "ngnix"': 7,
        "Failed: Error: ImagePullBackOff": 7,
    }
    backoff = next(e for e in about(cluster, "bad") if e.reason == "BackOff")
    assert backoff.type == "Normal" and backoff.last_timestamp == "2026-10-05T09:01:08Z"
    # the bucket earns a token every 5 minutes from the first event (1 s): the BackOff of 308 s is the first
    # written after 301 s, with all the BackOffs dropped before it counted (pulls failed at 153 s and 313 s)
    cluster.advance(300)
    backoff = next(e for e in about(cluster, "bad") if e.reason == "BackOff")
    assert (backoff.count, backoff.last_timestamp) == (1 + 2 + 4 + 8 + 16, "2026-10-05T09:05:08Z")


def test_a_crash_loop_restarts_and_backs_off() -> None:
    cluster = started(pod("crash", image="busybox", command=["sh", "-c", "exit 1"]), seconds=60)
    restarts = cluster.store.get(Pod, "default", "crash").status.container_statuses[0].restart_count
    tally = counts(cluster, "crash")
    assert tally["Created: Created container: main"] == tally["Started: Started container main"] == restarts + 1
    # busybox is :latest, pulled again (Always) at every start
    assert tally['Pulling: Pulling image "busybox"'] == restarts + 1
    backoff = next(e for e in about(cluster, "crash") if e.reason == "BackOff")
    uid = cluster.store.get(Pod, "default", "crash").metadata.uid
    assert backoff.message == f"Back-off restarting failed container main in pod crash_default({uid})"
    assert backoff.type == "Warning" and backoff.count >= restarts - 1


def test_a_pod_crash_looping_for_an_hour_keeps_a_handful_of_events() -> None:
    """Back-off 10 s, 20 s, ... 5 min, a BackOff every 10 s in between: some 330 BackOffs in an hour, and a
    restart every 5 minutes; the spam filter writes 25 events, then one every 5 minutes, which is what kubectl
    shows: the last BackOff written 5 minutes ago, counting all of them."""
    cluster = started(pod("crash", image="busybox", command=["sh", "-c", "exit 1"]), seconds=3600)
    events = about(cluster, "crash")
    assert len(events) == 9  # the Scheduled event is an hour old: gone
    described = cluster.kubectl("describe pod crash").stdout
    uid = cluster.store.get(Pod, "default", "crash").metadata.uid
    assert (
        "  Warning  BackOff  4m58s (x329 over 59m)  kubelet  spec.containers{main}: "
        f"Back-off restarting failed container main in pod crash_default({uid})\n"
    ) in described
    assert "  Normal   Created  59m (x4 over 59m)      kubelet  spec.containers{main}: Created container: main\n" in (
        described
    )
    # another hour: the BackOffs take every token the bucket earns, the other Events expire unwritten
    cluster.advance(3600)
    backoff = next(e for e in events if e.reason == "BackOff")
    assert [(e.name, e.first_timestamp) for e in about(cluster, "crash")] == [(backoff.name, backoff.first_timestamp)]


def test_the_spam_filter_lets_25_events_about_an_object_through_then_one_every_5_minutes() -> None:
    cluster = Cluster(seed=1, think_time=0)
    cluster.kubectl("create service clusterip web --tcp=80")
    web = cluster.store.get(Service, "default", "web")
    recorder = cluster.events.recorder("kubelet", "docker-desktop")
    for i in range(26):
        recorder.event(web, "Normal", f"Tested{i}", "tested")
    assert len(about(cluster, "web")) == 25  # the bucket held 25 tokens
    cluster.advance(299)
    recorder.event(web, "Normal", "Tested0", "tested")
    assert told(cluster, "web")[0] == ("Normal", "Tested0", 1, "tested")  # dropped, yet counted
    cluster.advance(1)
    recorder.event(web, "Normal", "Tested0", "tested")  # a token earned: written, with its count
    assert told(cluster, "web")[0] == ("Normal", "Tested0", 3, "tested")
    recorder.event(web, "Normal", "Tested25", "tested")  # and the bucket is empty again
    assert len(about(cluster, "web")) == 25
    other = cluster.events.recorder("replicaset-controller")  # another source has its own bucket
    other.event(web, "Normal", "Tested", "by another")
    assert told(cluster, "web")[-1] == ("Normal", "Tested", 1, "by another")


def test_similar_events_are_combined_after_ten_different_messages_within_ten_minutes() -> None:
    cluster = started(pod("web"), seconds=30)
    web = cluster.store.get(Pod, "default", "web")
    recorder = cluster.events.recorder("test")

    def tested() -> list[tuple[int, str]]:
        return [(count, message) for _, reason, count, message in told(cluster, "web") if reason == "Tested"]

    for i in range(12):
        recorder.event(web, "Normal", "Tested", f"test {i}")
        cluster.advance(59)  # no gap of more than 10 minutes: one run
    assert tested() == [(1, f"test {i}") for i in range(9)] + [(3, "(combined from similar events): test 11")]
    recorder.event(web, "Normal", "Tested", "test 8")  # one of the nine messages the run still holds
    assert tested()[8] == (2, "test 8")
    recorder.event(web, "Warning", "Tested", "test 12")  # another type: not similar
    assert tested()[-1] == (1, "test 12")
    cluster.advance(601)  # a gap: the run starts afresh
    recorder.event(web, "Normal", "Tested", "test 13")
    assert tested()[-1] == (1, "test 13")


def test_a_failing_readiness_probe_is_reported_every_period() -> None:
    probe = {"httpGet": {"path": "/healthz", "port": 80}, "periodSeconds": 5}
    cluster = started(pod("notready", readinessProbe=probe), seconds=60)
    began = next(e for e in about(cluster, "notready") if e.reason == "Started")
    unhealthy = next(e for e in about(cluster, "notready") if e.reason == "Unhealthy")
    assert unhealthy.type == "Warning"
    assert unhealthy.message == "Readiness probe failed: HTTP probe failed with statuscode: 404"
    running_for = cluster.clock.seconds() - parse_time(began.first_timestamp).timestamp()
    assert unhealthy.count == int(running_for // 5) + 1
    assert unhealthy.first_timestamp == began.first_timestamp
    cluster.advance(20)
    assert next(e for e in about(cluster, "notready") if e.reason == "Unhealthy").count == unhealthy.count + 4


def test_a_failing_liveness_probe_kills_the_container() -> None:
    probe = {"tcpSocket": {"port": 8080}, "periodSeconds": 5, "failureThreshold": 3}
    cluster = started(pod("dead", livenessProbe=probe), seconds=60)
    ip = cluster.store.get(Pod, "default", "dead").status.pod_ip
    tally = counts(cluster, "dead")
    kills = tally["Killing: Container main failed liveness probe, will be restarted"]
    refused = f"Unhealthy: Liveness probe failed: dial tcp {ip}:8080: connect: connection refused"
    assert kills >= 1 and tally[refused] == 3 * kills  # failureThreshold failures, then the kill


def test_an_unschedulable_pod_says_why() -> None:
    cluster = Cluster(seed=1, think_time=0)
    cluster.kubectl(["run", "nowhere", "--image=nginx", '--overrides={"spec":{"nodeSelector":{"disk":"ssd"}}}'])
    cluster.advance(10)
    assert told(cluster, "nowhere") == [
        (
            "Warning",
            "FailedScheduling",
            1,
            "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are "
            "available: 1 Preemption is not helpful for scheduling.",
        )
    ]


def test_a_cloud_load_balancer_is_ensured_and_deleted_with_events() -> None:
    cluster = Cluster(seed=1, profile="cloud", think_time=0)
    cluster.kubectl("create deployment web --image=nginx:alpine")
    cluster.kubectl("expose deployment web --port=80 --type=LoadBalancer")
    cluster.advance(60)
    cluster.kubectl(["patch", "svc", "web", "-p", '{"spec":{"type":"NodePort"}}'])
    assert [(reason, message) for _, reason, _, message in told(cluster, "web") if reason != "ScalingReplicaSet"] == [
        ("EnsuringLoadBalancer", "Ensuring load balancer"),
        ("EnsuredLoadBalancer", "Ensured load balancer"),
        ("Type", "LoadBalancer -> NodePort"),
        ("DeletingLoadBalancer", "Deleting load balancer"),
        ("DeletedLoadBalancer", "Deleted load balancer"),
    ]
    docker = Cluster(seed=1, think_time=0)  # Docker Desktop's vpnkit-controller records nothing
    docker.kubectl("create service loadbalancer web --tcp=80")
    docker.advance(10)
    assert about(docker, "web") == []


def test_events_expire_an_hour_after_their_last_write() -> None:
    probe = {"httpGet": {"path": "/healthz", "port": 80}}
    cluster = started(deployment("web", replicas=1), pod("notready", readinessProbe=probe), seconds=3590)
    assert about(cluster, "web")
    cluster.advance(20)
    assert about(cluster, "web") == []  # written once, an hour ago
    assert [e.reason for e in about(cluster, "notready")] == ["Unhealthy"]  # still written every 10 s
    assert cluster.kubectl("events --for deployment/web").stderr == "No events found in default namespace.\n"


def test_events_draw_no_randomness_and_record_the_same_after_a_save_and_load() -> None:
    steps = [
        ("apply", deployment("web", replicas=12)),
        ("advance", 30),
        ("apply", pod("bad", image="ngnix")),
        ("apply", pod("crash", image="busybox", command=["sh", "-c", "exit 1"])),
        ("advance", 95),
        ("scale", "scale deployment web --replicas=2"),
        ("advance", 700),
        ("advance", 3000),  # the first Events expire; the crash-looping Pod's spam filter holds its BackOffs
    ]

    def run(reload: bool) -> Cluster:
        cluster = Cluster(seed=3, think_time=0)
        for action, argument in steps:
            if action == "advance":
                cluster.advance(argument)
            elif action == "apply":
                cluster.kubectl("apply -f -", stdin=argument)
            else:
                cluster.kubectl(argument)
            if reload:  # the kubesim CLI saves and loads the cluster around every command
                cluster = Cluster.loads(cluster.dumps())
        return cluster

    live, reloaded = run(False), run(True)
    for kind in (Pod, Event):
        assert [o.to_dict() for o in live.store.list(kind)] == [o.to_dict() for o in reloaded.store.list(kind)]
    # an Event takes nothing from the stream that names Pods
    names = live.rng_names.getstate()
    recorder = live.controllers.controllers["kubelet"].ctx.events.recorder("test")
    recorder.event(live.store.list(Pod, "default")[0], "Normal", "Tested", "nothing drawn")
    assert live.rng_names.getstate() == names


def test_a_pod_deleted_in_the_instant_of_the_kubelets_last_sync_still_says_killing() -> None:
    """With no think time the delete lands at the very time the kubelet last synced the Pod (after the label): its
    stop is still told, once, however often the kubelet syncs the terminating Pod."""
    cluster = started(pod("web"), seconds=30)
    cluster.kubectl("label pod web tier=front")
    cluster.kubectl("delete pod web --wait=false")
    cluster.advance(40)
    assert cluster.store.get(Pod, "default", "web") is None
    kills = [event for event in told(cluster, "web") if event[1] == "Killing"]
    assert kills == [("Normal", "Killing", 1, "Stopping container main")]


def test_a_terminating_pod_is_told_killing_once_across_a_save_and_load() -> None:
    """Flask ignores SIGTERM as PID 1: the Pod terminates for its whole grace period, through a save and a load."""
    cluster = started(pod("api", image="flask:latest"), seconds=30)
    cluster.kubectl("delete pod api --wait=false")
    cluster.advance(5)
    cluster = Cluster.loads(cluster.dumps())
    assert cluster.store.get(Pod, "default", "api").metadata.deletion_timestamp
    cluster.advance(40)
    assert cluster.store.get(Pod, "default", "api") is None
    kills = [event for event in told(cluster, "api") if event[1] == "Killing"]
    assert kills == [("Normal", "Killing", 1, "Stopping container main")]
