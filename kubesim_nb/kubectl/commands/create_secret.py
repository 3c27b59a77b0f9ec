"""``kubectl create secret generic NAME``: an Opaque (or ``--type``) Secret from literals, files and env
files (``pkg/cmd/create/create_secret.go``); ``kubectl create secret`` alone lists its subcommands."""

from __future__ import annotations

import base64

from ...api.core import Secret
from ...api.meta import ObjectMeta
from ...api.naming import is_config_map_key
from ...errors import UsageError
from ..base import Command, Invocation, print_help_and_fail
from ..data_sources import DataSources, data_object_flags, name_hash
from ..flags import Flag
from ..generators import one_name
from ..typed import check_generator_flags, create_built, generated_namespace
from . import create_secret_docker, create_secret_tls

__all__ = ["COMMAND"]

FLAGS = [
    *data_object_flags(
        "secret",
        "Key files can be specified using their file path, in which case a default name will be given to them, or "
        "optionally with a name and file path, in which case the given name will be used.  Specifying a directory "
        "will iterate each named file in the directory that is a valid secret key.",
    ),
    Flag("type", usage="The type of secret to create"),
]

HELP = """Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key."""

GENERIC_HELP = """Create a secret based on a file, directory, or specified literal value.

 A single secret may package one or more key/value pairs."""

GENERIC_EXAMPLES = """  # Create a new secret named db-secret with keys for each file in folder bar
  kubectl create secret generic db-secret --from-file=path/to/bar

  # Create a new secret named db-secret with key1=supersecret and key2=topsecret
  kubectl create secret generic db-secret --from-literal=key1=supersecret --from-literal=key2=topsecret"""

GENERIC_USAGE = (
    "kubectl create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] "
    "[--dry-run=server|client|none] [options]"
)


def _add(data: dict[str, str], key: str, value: bytes) -> None:
    """``addKeyFromLiteralToSecret``: a valid key, once; the value base64-encoded as JSON carries bytes."""
    problems = is_config_map_key(key)
    if problems:
        raise UsageError(f'"{key}" is not valid key name for a Secret {";".join(problems)}')
    if key in data:
        raise UsageError(f"cannot add key {key}, another key by that name already exists")
    data[key] = base64.b64encode(value).decode()


def run_generic(inv: Invocation) -> int:
    name = one_name(inv, "create secret generic")
    check_generator_flags(inv)
    sources = DataSources.of(inv)
    data: dict[str, str] = {}
    for key, value in sources.literal_pairs():
        _add(data, key, value.encode())
    for key, content in sources.file_pairs():
        _add(data, key, content)
    for key, value in sources.env_file_pairs("env secret file"):
        _add(data, key, value.encode())
    secret_type = inv.flag("type") or None
    if inv.flag("append-hash"):
        name = f"{name}-{name_hash({'kind': 'Secret', 'type': secret_type or '', 'name': name, 'data': data})}"
    secret = Secret(metadata=ObjectMeta(name=name, namespace=generated_namespace(inv)), data=data, type=secret_type)
    return create_built(inv, secret, "failed to create secret ")


GENERIC = Command(
    "create secret generic",
    "Create a secret from a local file, directory, or literal value",
    GENERIC_HELP,
    FLAGS,
    run_generic,
    examples=GENERIC_EXAMPLES,
    usage=GENERIC_USAGE,
    kubeconfig_use="rest",
)
COMMAND = Command(
    "create secret",
    "Create a secret using a specified subcommand",
    HELP,
    [],
    print_help_and_fail(),
    (create_secret_docker.COMMAND, GENERIC, create_secret_tls.COMMAND),
    usage="kubectl create secret (docker-registry | generic | tls) [options]",
    kubeconfig_use="none",
)
