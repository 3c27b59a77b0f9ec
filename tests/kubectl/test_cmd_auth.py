"""auth can-i and whoami: the one user of the simulated cluster is its administrator."""

from __future__ import annotations

from kubectl_cmd_support import kubectl, ok

from kubesim_nb import Cluster


def test_the_administrator_may_do_anything(still):
    assert ok(still, "auth can-i create pods") == "yes\n"
    assert ok(still, "auth can-i delete deployments/web-deployment -n dev") == "yes\n"
    assert ok(still, "auth can-i get /healthz") == "yes\n"
    assert ok(still, "auth can-i '*' '*'") == "yes\n"
    quiet = kubectl(still, "auth can-i get pods -q")
    assert (quiet.stdout, quiet.exit_code) == ("", 0)


def test_can_i_warns_as_kubectl_does(still):
    result = kubectl(still, "auth can-i frob nodes")
    assert result.stdout == "yes\n"
    assert result.stderr == (
        "Warning: resource 'nodes' is not namespace scoped\n\nWarning: verb 'frob' is not a known verb\n\n"
    )
    assert (
        kubectl(still, "auth can-i get widgets").stderr
        == "Warning: the server doesn't have a resource type 'widgets'\n\n"
    )


def test_whoami_names_the_clusters_admin():
    kind = Cluster(seed=1, profile="kind", think_time=0)
    assert ok(kind, "auth whoami") == (
        "ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n"
    )
    desktop = Cluster(seed=1, think_time=0)
    assert "docker-for-desktop" in ok(desktop, "auth whoami -o jsonpath={.status.userInfo.username}")


def test_api_versions_lists_the_served_group_versions(still):
    assert ok(still, "api-versions") == "apps/v1\nbatch/v1\ndiscovery.k8s.io/v1\nnetworking.k8s.io/v1\nv1\n"
