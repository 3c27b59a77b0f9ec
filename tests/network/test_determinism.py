"""Same seed and same actions give the same outputs, byte for byte; a save/load in between changes nothing."""

from __future__ import annotations

from kubesim_nb.cluster import Cluster
from kubesim_nb.network import PodShell

from .conftest import client_pod, deployment, service

SCRIPT = [
    "apk add curl bind-tools",
    "for i in $(seq 1 20); do curl -s http://who | head -1; done",
    "nslookup who",
    "dig who.default.svc.cluster.local",
    "curl -v http://who:81 -m 1",
    "ping -c 2 who",
    "curl -sv http://who/x",
]


def build(seed: int) -> Cluster:
    cluster = Cluster(seed=seed)
    cluster.api.create(deployment("whoami", {"app": "who"}, "kubesim/whoami", replicas=4))
    cluster.api.create(service("who", {"app": "who"}))
    cluster.api.create(client_pod())
    cluster.advance(15)
    return cluster


def transcript(cluster: Cluster, lines: list[str]) -> list[tuple[str, str, int]]:
    shell = PodShell(cluster, "default", "test-pod")
    return [(r.stdout, r.stderr, r.exit_code) for r in map(shell.run_line, lines)]


def test_same_seed_same_outputs():
    assert transcript(build(7), SCRIPT) == transcript(build(7), SCRIPT)


def test_reload_between_commands_changes_nothing():
    straight = transcript(build(8), SCRIPT)
    cluster = build(8)
    reloaded = []
    for line in SCRIPT:
        reloaded += transcript(cluster, [line])
        cluster = Cluster.loads(cluster.dumps())
    assert reloaded == straight


def test_different_seeds_pick_different_backends():
    one = transcript(build(1), SCRIPT[:2])[1][0]
    two = transcript(build(2), SCRIPT[:2])[1][0]
    assert one != two
