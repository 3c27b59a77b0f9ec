"""``kubectl create secret docker-registry NAME``: a ``kubernetes.io/dockerconfigjson`` Secret for pulling
images from a private registry (``pkg/cmd/create/create_secret_docker.go``)."""

from __future__ import annotations

import base64
import json

from ...api.core import Secret
from ...api.meta import ObjectMeta
from ...errors import UsageError
from ..base import Command, Invocation
from ..data_sources import append_hash_flag, file_pairs, name_hash
from ..flags import Flag
from ..flagsets import generator_flags
from ..generators import one_name
from ..typed import check_generator_flags, create_built, generated_namespace

__all__ = ["COMMAND"]

DOCKER_CONFIG_JSON = ".dockerconfigjson"  # corev1.DockerConfigJsonKey
SECRET_TYPE = "kubernetes.io/dockerconfigjson"

FLAGS = [
    append_hash_flag("secret"),
    Flag("docker-email", usage="Email for Docker registry"),
    Flag("docker-password", usage="Password for Docker registry authentication"),
    Flag("docker-server", default="https://index.docker.io/v1/", usage="Server location for Docker registry"),
    Flag("docker-username", usage="Username for Docker registry authentication"),
    Flag(
        "from-file",
        kind="list",
        usage="Key files can be specified using their file path, in which case a default name of "
        f"{DOCKER_CONFIG_JSON} will be given to them, or optionally with a name and file path, in which case the "
        "given name will be used. Specifying a directory will iterate each named file in the directory that is a "
        "valid secret key. For this command, the key should always be .dockerconfigjson.",
    ),
    *generator_flags(),
]

HELP = "Create a new secret for use with Docker registries."

EXAMPLES = """  # If you do not already have a .dockercfg file, create a dockercfg secret directly
  kubectl create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER \
--docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL"""

USAGE = (
    "kubectl create secret docker-registry NAME --docker-username=user --docker-password=password "
    "--docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] [options]"
)


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
    examples=EXAMPLES,
    usage=USAGE,
    kubeconfig_use="rest",
)
