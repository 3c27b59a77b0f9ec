"""``kubectl create secret docker-registry NAME``: a ``kubernetes.io/dockerconfigjson`` Secret for pulling
images from a private registry (``pkg/cmd/create/create_secret_docker.go``)."""

from __future__ import annotations

import base64
import json

from ...api.core import Secret
from ...api.meta import ObjectMeta
from ...errors import UsageError
from ..base import Command, Invocation
from ..data_sources import file_pairs, name_hash
from ..flags import Flag
from ..generators import one_name
from ..typed import GENERATOR_FLAGS, check_generator_flags, create_built, generated_namespace

__all__ = ["COMMAND"]

DOCKER_CONFIG_JSON = ".dockerconfigjson"  # corev1.DockerConfigJsonKey
SECRET_TYPE = "kubernetes.io/dockerconfigjson"

FLAGS = [
    Flag("docker-username"),
    Flag("docker-password"),
    Flag("docker-email"),
    Flag("docker-server", None, "str", "https://index.docker.io/v1/"),
    Flag("from-file", None, "list"),
    Flag("append-hash", None, "bool", False),
    *GENERATOR_FLAGS,
]

HELP = """Create a new secret for use with Docker registries.

Examples:
  # If you do not already have a .dockercfg file, create a dockercfg secret directly
  kubectl create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER
--docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL

Usage:
  kubectl create secret docker-registry NAME --docker-username=user --docker-password=password
--docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] [options]
"""


def _config_json(inv: Invocation) -> bytes:
    """``handleDockerCfgJSONContent``: one ``auths`` entry for the server (Go's struct order, omitempty)."""
    username, password = inv.flag("docker-username") or "", inv.flag("docker-password") or ""
    entry = {"username": username, "password": password, "email": inv.flag("docker-email") or ""}
    entry["auth"] = base64.b64encode(f"{username}:{password}".encode()).decode()
    entry = {k: v for k, v in entry.items() if v}
    return json.dumps({"auths": {inv.flag("docker-server"): entry}}, separators=(",", ":")).encode()


def run(inv: Invocation) -> int:
    name = one_name(inv, "create secret docker-registry")
    check_generator_flags(inv)
    # a file without a key is the .dockerconfigjson
    sources = [s if "=" in s else f"{DOCKER_CONFIG_JSON}={s}" for s in inv.flag("from-file")]
    if not sources and not (inv.flag("docker-username") and inv.flag("docker-password") and inv.flag("docker-server")):
        raise UsageError(
            "either --from-file or the combination of --docker-username, --docker-password and --docker-server is "
            "required"
        )
    contents = file_pairs(inv, sources) if sources else [(DOCKER_CONFIG_JSON, _config_json(inv))]
    data = {}
    for key, content in contents:
        if key in data:
            raise UsageError(f"cannot add key {key}, another key by that name already exists")
        data[key] = base64.b64encode(content).decode()
    if inv.flag("append-hash"):
        name = f"{name}-{name_hash({'kind': 'Secret', 'type': SECRET_TYPE, 'name': name, 'data': data})}"
    secret = Secret(metadata=ObjectMeta(name=name, namespace=generated_namespace(inv)), data=data, type=SECRET_TYPE)
    return create_built(inv, secret, "failed to create secret ")


COMMAND = Command(
    "create secret docker-registry",
    "Create a secret for use with a Docker registry",
    HELP,
    FLAGS,
    run,
    kubeconfig_use="rest",
)
