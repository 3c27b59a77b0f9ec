"""``kubectl set env``: add, change, remove or list the environment variables of the containers of a Pod
or of a workload's Pod template (``pkg/cmd/set/set_env.go`` with ``pkg/cmd/set/env/env_parse.go``).

``KEY=VALUE`` sets a variable, ``KEY-`` removes it, ``-`` reads ``KEY=VALUE`` lines from standard input,
``--from=configmap/NAME`` (or ``secret/NAME``) adds one variable per key, referring to it.
"""

from __future__ import annotations

import contextlib
import re
from functools import partial
from typing import Any

from ...api.core import ConfigMap, Container, EnvVar, Secret
from ...api.naming import is_env_var_name
from ...errors import UsageError
from ..base import Command, Invocation
from ..builder import RESOURCES_REQUIRED, select_objects
from ..flags import Flag
from ..flagsets import SELECTOR_FLAG, filename_flags
from ..setters import change_all, pod_spec_to_change, selected, set_flags, set_targets
from ..typed import check_output_format

__all__ = ["COMMAND"]

FLAGS = [
    *set_flags(
        "If true, select all resources in the namespace of the specified resource types",
        "set env",
        filename_flags("Filename, directory, or URL to files the resource to update the env"),
    ),
    Flag(
        "containers",
        short="c",
        default="*",
        usage="The names of containers in the selected pod templates to change - may use wildcards",
    ),
    Flag(
        "env",
        short="e",
        kind="array",
        usage="Specify a key-value pair for an environment variable to set into each container.",
    ),
    Flag("from", usage="The name of a resource from which to inject environment variables"),
    Flag("keys", kind="list", usage="Comma-separated list of keys to import from specified resource"),
    Flag(
        "list",
        kind="bool",
        usage="If true, display the environment and any changes in the standard format. this flag will removed when "
        "we have kubectl view env.",
    ),
    Flag(
        "overwrite",
        kind="bool",
        default=True,
        usage="If true, allow environment to be overwritten, otherwise reject updates that overwrite existing "
        "environment.",
    ),
    Flag("prefix", usage="Prefix to append to variable names"),
    Flag("resolve", kind="bool", usage="If true, show secret or configmap references when listing variables"),
    SELECTOR_FLAG,
]

HELP = """Update environment variables on a pod template.

 List environment variable definitions in one or more pods, pod templates. Add, update, or remove container
environment variable definitions in one or more pod templates (within replication controllers or deployment
configurations)."""

EXAMPLES = """  # Update deployment 'web-deployment' with a new environment variable
  kubectl set env deployment/web-deployment MODE=dev

  # List the environment variables defined on a deployment
  kubectl set env deployment/web-deployment --list

  # Import the keys of a config map as environment variables
  kubectl set env deployment/web-deployment --from=configmap/app-config

  # Remove the environment variable MODE from the container nginx
  kubectl set env deployment/web-deployment --containers=nginx MODE-"""

USAGE = "kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]"

ENV_ARGUMENT = re.compile(r"^(.+)=(.*)$", re.DOTALL)  # env_parse.go argumentEnvironment
NOT_ENV_NAME = re.compile(r"[^a-zA-Z0-9_]")  # set_env.go validEnvNameRegexp


def _split_arguments(args: list[str]) -> tuple[list[str], list[str]]:
    """``SplitEnvironmentFromResources``: resources first, then ``KEY=VALUE`` and ``KEY-`` arguments."""
    resources: list[str] = []
    changes: list[str] = []
    for arg in args:
        if ENV_ARGUMENT.match(arg) or arg.endswith("-"):
            changes.append(arg)
        elif changes:
            raise UsageError(f"all resources must be specified before environment changes: {' '.join(args)}")
        else:
            resources.append(arg)
    return resources, changes


def _stdin_env(text: str) -> list[EnvVar]:
    """``readEnv``: ``KEY=VALUE`` lines; ``#`` starts a comment."""
    env = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        if "=" in line:
            name, _, value = line.partition("=")
            env.append(EnvVar(name=name, value=value))
    return env


def _parse_env(specs: list[str], stdin: str | None) -> tuple[list[EnvVar], list[str]]:
    """``ParseEnv``: the variables to set (valid names) and the names to remove."""
    env: list[EnvVar] = []
    remove: list[str] = []
    for spec in specs:
        if spec == "-":
            env += _stdin_env(stdin or "")
        elif "=" in spec:
            name, _, value = spec.partition("=")
            problems = is_env_var_name(name)
            if problems:
                raise UsageError(f'"{name}" is not a valid key name: {";".join(problems)}')
            env.append(EnvVar(name=name, value=value))
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise UsageError(f"unknown environment variable: {spec}")
    if any(var.name in remove for var in env):
        raise UsageError("can not both modify and remove the same environment variable in the same command")
    return env, remove


def _validate(inv: Invocation, resources: list[str]) -> None:
    if inv.flag("local") and inv.dry_run_mode() == "server":
        raise UsageError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    if not inv.flag("filename") and not resources:
        raise UsageError(RESOURCES_REQUIRED)
    if inv.flag("list") and inv.flag("output"):
        raise UsageError("--list and --output may not be specified together")
    if inv.flag("keys") and not inv.flag("from"):
        raise UsageError("when specifying --keys, a configmap or secret must be provided with --from")


def _env_name(inv: Invocation, key: str) -> str:
    """``keyToEnvName``: upper case, ``_`` for what a variable name cannot hold (with a warning)."""
    name = NOT_ENV_NAME.sub("_", key).upper()
    if name != key:
        inv.out.err(f"Warning: key {key} transferred to {name}")
    return name


def _from_references(inv: Invocation) -> list[EnvVar]:
    """``--from``: a variable per key of a ConfigMap or Secret (``--keys`` picks some), referring to it."""
    objects, missing = select_objects(inv, [inv.flag("from")])
    if missing:
        raise missing[0]
    keys = inv.flag("keys")
    env = []
    for source in objects:
        if not isinstance(source, (ConfigMap, Secret)):
            raise UsageError("unsupported resource specified in --from")
        reference = "secretKeyRef" if isinstance(source, Secret) else "configMapKeyRef"
        for key in sorted(source.data or {}):
            if not keys or key in keys:
                env.append(EnvVar(name=_env_name(inv, key), value_from={reference: {"key": key, "name": source.name}}))
    return env


def _reference_text(value_from: dict) -> str:
    """``GetEnvVarRefString``: where a variable's value comes from."""
    for field, what in (("configMapKeyRef", "configmap"), ("secretKeyRef", "secret")):
        if field in value_from:
            return f"{what} {value_from[field].get('name', '')}, key {value_from[field].get('key', '')}"
    if "fieldRef" in value_from:
        return f"field path {value_from['fieldRef'].get('fieldPath', '')}"
    if "resourceFieldRef" in value_from:
        ref = value_from["resourceFieldRef"]
        prefix = f"{ref['containerName']}/" if ref.get("containerName") else ""
        return f"resource field {prefix}{ref.get('resource', '')}"
    return "invalid valueFrom"


def _updated(existing: list[EnvVar], env: list[EnvVar], remove: list[str]) -> list[EnvVar]:
    """``updateEnv``: a set variable replaces every one of its name, in place; new ones are appended."""
    newer = {}
    for var in env:
        newer.setdefault(var.name, var)
    covered = set(remove)
    out = []
    for var in existing:
        if var.name in covered:
            continue
        if var.name in newer:
            covered.add(var.name)
            out.append(newer[var.name])
        else:
            out.append(var)
    for var in env:
        if var.name not in covered:
            covered.add(var.name)
            out.append(var)
    return out


def _list_container(inv: Invocation, obj: Any, container: Container) -> None:
    inv.out.out(f"# {type(obj).KIND} {obj.name}, container {container.name}")
    for var in container.env or []:
        if var.value_from is None:
            inv.out.out(f"{var.name}={var.value or ''}")
        else:
            inv.out.out(f"# {var.name} from {_reference_text(var.value_from)}")


def _set_env(inv: Invocation, obj: Any, env: list[EnvVar], remove: list[str]) -> None:
    """The change to each container ``--containers`` selects (containers, then init containers)."""
    spec = pod_spec_to_change(obj)
    pattern = inv.flag("containers")
    containers = [c for c in (spec.containers or []) + (spec.init_containers or []) if selected(c.name or "", pattern)]
    if not containers:
        inv.out.err(f'Warning: {type(obj).KIND}/{obj.name} does not have any containers matching "{pattern}"')
        return
    for container in containers:
        current = {var.name: var.value or "" for var in container.env or []}
        if not inv.flag("overwrite"):
            for var in env:
                if var.name in current and current[var.name] != (var.value or ""):
                    raise UsageError(
                        f"'{var.name}' already has a value ({current[var.name]}), and --overwrite is false"
                    )
        container.env = _updated(container.env or [], env, remove) or None
        if inv.flag("list"):
            _list_container(inv, obj, container)


def run(inv: Invocation) -> int:
    resources, changes = _split_arguments(inv.args.positional)
    inv.dry_run_mode()
    check_output_format(inv)
    _validate(inv, resources)
    env, remove = _parse_env(inv.flag("env") + changes, inv.stdin)
    if inv.flag("from"):
        env += _from_references(inv)
    prefix = inv.flag("prefix") or ""
    env = [EnvVar(name=prefix + var.name, value=var.value, value_from=var.value_from) for var in env]
    objects, errors = set_targets(inv, resources, "set env")
    if errors:
        raise errors[0]
    change = partial(_set_env, inv, env=env, remove=remove)
    if inv.flag("list"):
        for obj in objects:
            with contextlib.suppress(UsageError):  # RunEnv returns before it looks at what failed
                change(obj)
        return 0
    return change_all(inv, objects, errors, change, "env updated", "failed to patch env update to pod template: ")


COMMAND = Command(
    "set env", "Update environment variables on a pod template", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE
)
