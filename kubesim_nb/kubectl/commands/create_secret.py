"""``kubectl create secret generic NAME``: an Opaque (or ``--type``) Secret from literals, files and env
files (``pkg/cmd/create/create_secret.go``); ``kubectl create secret`` alone lists its subcommands."""

from __future__ import annotations

import base64

from ...api.core import Secret
from ...api.meta import ObjectMeta
from ...api.naming import is_config_map_key
from ...errors import UsageError
from ..base import Command, Invocation, default_subcommand_run
from ..data_sources import SOURCE_FLAGS, env_file_pairs, file_pairs, literal_pairs, name_hash, source_flags
from ..flags import Flag
from ..generators import one_name
from ..typed import GENERATOR_FLAGS, check_generator_flags, create_built, generated_namespace
from . import create_secret_docker, create_secret_tls

__all__ = ["COMMAND"]

FLAGS = [
    *SOURCE_FLAGS,
    Flag("type"),
    Flag("append-hash", None, "bool", False),
    *GENERATOR_FLAGS,
]

HELP = """Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use "kubectl create secret <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""

GENERIC_HELP = """Create a secret based on a file, directory, or specified literal value.

 A single secret may package one or more key/value pairs.

Examples:
  # Create a new secret named db-secret with keys for each file in folder bar
  kubectl create secret generic db-secret --from-file=path/to/bar

  # Create a new secret named db-secret with key1=supersecret and key2=topsecret
  kubectl create secret generic db-secret --from-literal=key1=supersecret --from-literal=key2=topsecret

Usage:
  kubectl create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1]
[--dry-run=server|client|none] [options]
"""


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
    files, literals, env_files = source_flags(inv)
    data: dict[str, str] = {}
    for key, value in literal_pairs(literals):
        _add(data, key, value.encode())
    for key, content in file_pairs(inv, files):
        _add(data, key, content)
    for key, value in env_file_pairs(inv, env_files, "env secret file"):
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
    kubeconfig_use="rest",
)
COMMAND = Command(
    "create secret",
    "Create a secret using a specified subcommand",
    HELP,
    [],
    default_subcommand_run("create secret", HELP),
    (create_secret_docker.COMMAND, create_secret_tls.COMMAND, GENERIC),
)
