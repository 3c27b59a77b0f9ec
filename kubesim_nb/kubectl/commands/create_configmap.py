"""``kubectl create configmap NAME``: a ConfigMap from literals, files and env files
(``pkg/cmd/create/create_configmap.go``)."""

from __future__ import annotations

import base64

from ...api.core import ConfigMap
from ...api.meta import ObjectMeta
from ...api.naming import is_config_map_key
from ...errors import UsageError
from ..base import Command, Invocation
from ..data_sources import DataSources, data_object_flags, name_hash
from ..generators import one_name
from ..typed import check_generator_flags, create_built, generated_namespace

__all__ = ["COMMAND"]

FLAGS = data_object_flags(
    "configmap",
    "Key file can be specified using its file path, in which case file basename will be used as configmap key, "
    "or optionally with a key and file path, in which case the given key will be used.  Specifying a directory "
    "will iterate each named file in the directory whose basename is a valid configmap key.",
)

HELP = """Create a config map based on a file, directory, or specified literal value.

 A single config map may package one or more key/value pairs."""

EXAMPLES = """  # Create a new config map named app-config with key-value pairs
  kubectl create configmap app-config --from-literal=MODE=dev --from-literal=LOG_LEVEL=debug

  # Create a new config map from the files in a folder
  kubectl create configmap app-config --from-file=config/

  # Create a new config map from an env file
  kubectl create configmap app-config --from-env-file=app.env"""

USAGE = (
    "kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] "
    "[--dry-run=server|client|none] [options]"
)


def _add(config_map: ConfigMap, key: str, value: str | None, binary: bytes | None = None) -> None:
    """``validateNewConfigMap``, then the key into ``data`` (or ``binaryData`` for bytes that are not UTF-8)."""
    problems = is_config_map_key(key)
    if problems:
        raise UsageError(f'"{key}" is not a valid key name for a ConfigMap: {",".join(problems)}')
    for field, where in ((config_map.data, "Data"), (config_map.binary_data, "BinaryData")):
        if key in field:
            raise UsageError(
                f'cannot add key "{key}", another key by that name already exists in {where} for ConfigMap '
                f'"{config_map.name}"'
            )
    if binary is None:
        config_map.data[key] = value
    else:
        config_map.binary_data[key] = base64.b64encode(binary).decode()


def _file_value(content: bytes) -> tuple[str | None, bytes | None]:
    try:
        return content.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, content


def run(inv: Invocation) -> int:
    name = one_name(inv, "create configmap")
    check_generator_flags(inv)
    sources = DataSources.of(inv)
    config_map = ConfigMap(metadata=ObjectMeta(name=name, namespace=generated_namespace(inv)), data={}, binary_data={})
    for key, content in sources.file_pairs():
        _add(config_map, key, *_file_value(content))
    for key, value in sources.literal_pairs():
        _add(config_map, key, value)
    for key, value in sources.env_file_pairs("env config file"):
        _add(config_map, key, value)
    if inv.flag("append-hash"):
        fields = {"kind": "ConfigMap", "name": name, "data": config_map.data}
        if config_map.binary_data:
            fields["binaryData"] = config_map.binary_data
        config_map.metadata.name = f"{name}-{name_hash(fields)}"
    return create_built(inv, config_map, "failed to create configmap: ")


COMMAND = Command(
    "create configmap",
    "Create a config map from a local file, directory or literal value",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    aliases=("cm",),
    kubeconfig_use="rest",
)
