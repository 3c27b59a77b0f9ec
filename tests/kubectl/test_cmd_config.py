"""``kubectl config`` on the simulated laptop: its ~/.kube/config lives with the cluster, and the context's namespace
is where later commands work (the same commands against real files are in tests/conformance/cases/config.yaml)."""

from __future__ import annotations

from pathlib import Path

from kubesim_nb import Cluster


def run(cluster: Cluster, line: str, **kwargs):
    return cluster.kubectl(line, **kwargs)


def test_a_fresh_laptop_has_the_profiles_kubeconfig() -> None:
    docker = Cluster(seed=1, think_time=0)
    assert run(docker, "config current-context").stdout == "docker-desktop\n"
    assert run(docker, "config view").stdout == (
        "apiVersion: v1\n"
        "clusters:\n"
        "- cluster:\n"
        "    certificate-authority-data: DATA+OMITTED\n"
        "    server: https://kubernetes.docker.internal:6443\n"
        "  name: docker-desktop\n"
        "contexts:\n"
        "- context:\n"
        "    cluster: docker-desktop\n"
        "    user: docker-desktop\n"
        "  name: docker-desktop\n"
        "current-context: docker-desktop\n"
        "kind: Config\n"
        "users:\n"
        "- name: docker-desktop\n"
        "  user:\n"
        "    client-certificate-data: DATA+OMITTED\n"
        "    client-key-data: DATA+OMITTED\n"
    )
    kind = Cluster(seed=1, profile="kind", think_time=0)
    assert run(kind, "config get-contexts").stdout == (
        "CURRENT   NAME        CLUSTER     AUTHINFO    NAMESPACE\n*         kind-kind   kind-kind   kind-kind   \n"
    )
    assert run(kind, "config view -o jsonpath={.clusters[0].cluster.server}").stdout == "https://127.0.0.1:40419"
    assert "-----BEGIN CERTIFICATE-----" not in run(kind, "config view --raw").stdout  # base64 of it


def test_set_context_namespace_becomes_the_default_namespace() -> None:
    cluster = Cluster(seed=1, think_time=0)
    assert run(cluster, "create namespace dev").ok
    changed = run(cluster, "config set-context --current --namespace=dev")
    assert (changed.stdout, changed.stderr, changed.exit_code) == ('Context "docker-desktop" modified.\n', "", 0)
    assert run(cluster, "config view --minify -o jsonpath={..namespace}").stdout == "dev"
    assert run(cluster, "create deployment web-deployment --image=nginx:alpine").ok
    assert run(cluster, "get deployments -o name").stdout == "deployment.apps/web-deployment\n"
    assert run(cluster, "get deployments -n default").stderr == "No resources found in default namespace.\n"
    assert run(cluster, "get deployment web-deployment -n dev -o jsonpath={.metadata.namespace}").stdout == "dev"
    # the namespace flag still wins, and --namespace= gives the context back its default
    assert run(cluster, "get deployments -n dev -o name").stdout == "deployment.apps/web-deployment\n"
    assert run(cluster, "config set-context --current --namespace=").ok
    assert run(cluster, "get deployments").stderr == "No resources found in default namespace.\n"


def test_the_laptop_kubeconfig_is_saved_with_the_cluster() -> None:
    cluster = Cluster(seed=1, think_time=0)
    run(cluster, "config set-context shop --cluster=docker-desktop --user=docker-desktop --namespace=shop")
    run(cluster, "config use-context shop")
    restored = Cluster.loads(cluster.dumps())
    assert run(restored, "config current-context").stdout == "shop\n"
    assert run(restored, "config get-contexts -o name").stdout == "docker-desktop\nshop\n"
    assert run(restored, "get pods").stderr == "No resources found in shop namespace.\n"


def test_messages_name_the_laptops_file() -> None:
    cluster = Cluster(seed=1, think_time=0)
    gone = run(cluster, "config delete-context docker-desktop")
    assert gone.stdout == "deleted context docker-desktop from /Users/learner/.kube/config\n"
    assert gone.stderr.startswith("warning: this removed your active context")
    broken = run(cluster, "get pods")
    assert (broken.stderr, broken.exit_code) == (
        "Error in configuration: context was not found for specified context: docker-desktop\n",
        1,
    )
    kind = Cluster(seed=1, profile="kind", think_time=0)
    missing = run(kind, "config rename-context kind kind-2")
    assert missing.stderr == 'error: cannot rename the context "kind", it\'s not in /home/learner/.kube/config\n'


def test_a_context_that_does_not_exist() -> None:
    cluster = Cluster(seed=1, think_time=0)
    assert run(cluster, "get pods --context kind").stderr == (
        "Error in configuration: context was not found for specified context: kind\n"
    )
    assert run(cluster, "create deployment web --image=nginx --context kind").stderr == (
        'error: context "kind" does not exist\n'
    )
    assert run(cluster, "config use-context kind").stderr == 'error: no context exists with the name: "kind"\n'
    assert run(cluster, "version --client --context kind").ok


def test_an_explicit_kubeconfig_file_is_read_and_written(tmp_path: Path) -> None:
    cluster = Cluster(seed=1, think_time=0)
    (tmp_path / "team.yaml").write_text(
        "apiVersion: v1\nkind: Config\ncontexts:\n- name: team\n  context: {cluster: docker-desktop, user: me}\n"
        "current-context: team\n"
    )
    assert run(cluster, "config set-context --current -n tools --kubeconfig team.yaml", cwd=str(tmp_path)).ok
    assert (tmp_path / "team.yaml").read_text() == (
        "apiVersion: v1\nclusters: null\ncontexts:\n- context:\n    cluster: docker-desktop\n    namespace: tools\n"
        "    user: me\n  name: team\ncurrent-context: team\nkind: Config\nusers: null\n"
    )
    assert run(cluster, "get pods --kubeconfig team.yaml", cwd=str(tmp_path)).stderr == (
        "No resources found in tools namespace.\n"
    )
    assert run(cluster, "config current-context").stdout == "docker-desktop\n"  # the laptop's own is untouched
