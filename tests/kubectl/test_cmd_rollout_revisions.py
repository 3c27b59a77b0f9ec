"""rollout history|undo|pause|resume, on the revisions the Deployment controller keeps, and diff."""

from __future__ import annotations

from kubectl_cmd_support import WEB_DEPLOYMENT, kubectl, ok

from kubesim_nb.api.apps import Deployment, ReplicaSet


def _images_by_revision(cluster) -> dict[str, str]:
    return {
        rs.metadata.annotations["deployment.kubernetes.io/revision"]: rs.spec.template.spec.containers[0].image
        for rs in cluster.api.list(ReplicaSet, "default")
    }


def test_undo_makes_the_old_template_the_newest_revision(cluster):
    ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(cluster, "set image deployment/web-deployment nginx=nginx:1.27")
    assert _images_by_revision(cluster) == {"1": "nginx:alpine", "2": "nginx:1.27"}
    assert ok(cluster, "rollout history deployment/web-deployment") == (
        "deployment.apps/web-deployment \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    )
    undo = kubectl(cluster, "rollout undo deployment/web-deployment")
    assert undo.stdout == "deployment.apps/web-deployment rolled back\n"
    assert undo.stderr.startswith("Warning: resource deployments/web-deployment was previously managed with")
    ok(cluster, "rollout status deployment/web-deployment")
    assert _images_by_revision(cluster) == {"3": "nginx:alpine", "2": "nginx:1.27"}
    old = next(
        rs
        for rs in cluster.api.list(ReplicaSet, "default")
        if rs.spec.template.spec.containers[0].image == "nginx:alpine"
    )
    assert old.metadata.annotations["deployment.kubernetes.io/revision-history"] == "1"
    deployment = cluster.api.get(Deployment, "default", "web-deployment")
    assert deployment.metadata.annotations["deployment.kubernetes.io/revision"] == "3"


def test_a_paused_deployment_does_not_roll_out(cluster):
    ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT)
    assert ok(cluster, "rollout pause deployment/web-deployment") == "deployment.apps/web-deployment paused\n"
    ok(cluster, "set image deployment/web-deployment nginx=nginx:1.27")
    ok(cluster, "get pods")
    assert set(_images_by_revision(cluster).values()) == {"nginx:alpine"}
    refused = kubectl(cluster, "rollout undo deployment/web-deployment --to-revision=1")
    assert "you cannot rollback a paused deployment" in refused.stderr
    assert ok(cluster, "rollout resume deployment/web-deployment") == "deployment.apps/web-deployment resumed\n"
    ok(cluster, "rollout status deployment/web-deployment")
    assert _images_by_revision(cluster)["2"] == "nginx:1.27"


def test_diff_exits_1_with_changes_and_0_without(cluster, files):
    folder = files({"web.yaml": WEB_DEPLOYMENT})
    new = kubectl(cluster, "diff -f web.yaml", cwd=folder)
    assert new.exit_code == 1 and "@@ -0,0 +1," in new.stdout and "+  replicas: 3\n" in new.stdout
    ok(cluster, "apply -f web.yaml", cwd=folder)
    same = kubectl(cluster, "diff -f web.yaml", cwd=folder)
    assert (same.stdout, same.stderr, same.exit_code) == ("", "", 0)
    ok(cluster, "scale deployment web-deployment --replicas=5")
    changed = kubectl(cluster, "diff -f web.yaml", cwd=folder)
    assert changed.exit_code == 1 and "-  replicas: 5\n+  replicas: 3\n" in changed.stdout
    assert kubectl(cluster, "diff -f missing.yaml", cwd=folder).exit_code == 2
