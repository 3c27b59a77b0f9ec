"""Commands that change one field of live objects: ``label``, ``scale``, ``patch``."""

from __future__ import annotations

import json
from typing import Any

import yaml

from ...api.apps import Deployment, ReplicaSet
from ...api.naming import is_qualified_name, is_valid_label_value
from ...errors import ApiError, UsageError
from ..base import Invocation, selector_from_flag
from ..flags import Flag
from ..merge import merge_patch, strategic_patch
from ..objects import decode_document
from ..resources import parse_resource_args

LABEL_FLAGS = [Flag("overwrite", None, "bool", False), Flag("selector", "l"), Flag("all", None, "bool", False),
               Flag("all-namespaces", "A", "bool", False), Flag("list", None, "bool", False), Flag("dry-run", None, "str", "none", no_value="client"),
               Flag("output", "o"), Flag("resource-version")]
SCALE_FLAGS = [Flag("replicas", None, "int", None), Flag("current-replicas", None, "int", -1), Flag("selector", "l"),
               Flag("all", None, "bool", False), Flag("dry-run", None, "str", "none", no_value="client"), Flag("output", "o"), Flag("timeout")]
PATCH_FLAGS = [Flag("patch", "p"), Flag("type", None, "str", "strategic"), Flag("dry-run", None, "str", "none", no_value="client"),
               Flag("output", "o"), Flag("patch-file")]

LABEL_HELP = """Update the labels on a resource.

Examples:
  # Add a label
  kubectl label pods web-pod-1 tier=frontend

  # Change an existing label
  kubectl label --overwrite pods web-pod-1 version=v2

  # Remove a label (note the trailing dash)
  kubectl label pods web-pod-1 version-

Options:
    --all=false: Select all resources, in the namespace of the specified resource types
    --list=false: If true, display the labels for a given resource.
    --overwrite=false: If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.
    -l, --selector='': Selector (label query) to filter on.

Usage:
  kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]
"""

SCALE_HELP = """Set a new size for a deployment or replica set.

Examples:
  # Scale a deployment named 'web-deployment' to 5 replicas
  kubectl scale --replicas=5 deployment/web-deployment

Options:
    --current-replicas=-1: Precondition for current size.
    --replicas=0: The new desired number of replicas. Required.

Usage:
  kubectl scale [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]
"""

PATCH_HELP = """Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.

Examples:
  # Change a service's selector
  kubectl patch service backend-service -p '{"spec":{"selector":{"app":"backend"}}}'

  # Turn a ClusterIP service into a NodePort service
  kubectl patch svc web-service --type merge -p '{"spec":{"type":"NodePort"}}'

Options:
    -p, --patch='': The patch to be applied to the resource JSON file.
    --type='strategic': The type of patch being provided; one of [json merge strategic]

Usage:
  kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]
"""


def _split_label_args(args: list[str]) -> tuple[list[str], list[str]]:
    resources, changes = [], []
    for arg in args:
        (changes if "=" in arg or arg.endswith("-") else resources).append(arg)
    return resources, changes


def _parse_label_changes(changes: list[str]) -> tuple[dict[str, str], list[str]]:
    add, remove = {}, []
    for spec in changes:
        if "=" in spec:
            key, _, value = spec.partition("=")
            if is_qualified_name(key):
                raise UsageError(f"invalid label spec: {spec}")
            problems = is_valid_label_value(value)
            if problems:
                raise UsageError(f'invalid label value: "{spec}": {"; ".join(problems)}')
            add[key] = value
        else:
            key = spec[:-1]
            if not key or is_qualified_name(key):
                raise UsageError(f"invalid label spec: {spec}")
            remove.append(key)
    for key in remove:
        if key in add:
            raise UsageError("can not both modify and remove a label in the same command")
    return add, remove


def _select(inv: Invocation, resources: list[str]) -> list:
    if not resources:
        raise UsageError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    requests, _ = parse_resource_args(resources)
    found = []
    for request in requests:
        kind = request.kind
        namespace = inv.namespace if kind.NAMESPACED else ""
        if request.names:
            for name in request.names:
                found.append(inv.cluster.api.get(kind, namespace, name))
        elif inv.flag("selector") or inv.flag("all"):
            scope = None if inv.flag("all-namespaces") or not kind.NAMESPACED else namespace
            found += inv.cluster.store.list(kind, scope, selector_from_flag(kind, inv.flag("selector")))
        else:
            raise UsageError("resource(s) were provided, but no name was specified")
    return found


def run_label(inv: Invocation) -> int:
    resources, changes = _split_label_args(inv.args.positional)
    if inv.flag("all") and inv.flag("selector"):
        raise UsageError("cannot set --all and --selector at the same time")
    if not resources:
        raise UsageError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not changes and not inv.flag("list"):
        raise UsageError("at least one label update is required")
    add, remove = _parse_label_changes(changes)
    objects = _select(inv, resources)
    if inv.flag("list"):
        # label.go: one object lists bare "k=v" lines; several get a header (stderr) and an indent
        one = len(objects) == 1
        for obj in objects:
            if not one:
                inv.out.err(f"Listing labels for {obj.KIND}.{obj.GROUP}/{obj.name}:")
            inv.out.out("".join(f"{'' if one else ' '}{k}={v}\n" for k, v in sorted(obj.labels.items())))
        return 0
    for obj in objects:
        current = obj.labels
        if not inv.flag("overwrite"):
            for key, value in add.items():
                if key in current and current[key] != value:
                    raise UsageError(f"'{key}' already has a value ({current[key]}), and --overwrite is false")
        labels = {**current, **add}
        for key in remove:
            labels.pop(key, None)
        suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(inv.flag("dry-run", "none"), "")
        if labels == current:
            _print_changed(inv, obj, f"not labeled{suffix}")
            continue
        updated = obj.copy()
        updated.metadata.labels = labels or None
        mode = inv.flag("dry-run", "none")
        if mode not in ("none", "client", "server"):
            raise UsageError(f'Invalid dry-run value ({mode}). Must be "none", "server", or "client".')
        if mode != "client":
            inv.cluster.api.update(updated, dry_run=mode == "server")
        # label.go updateDataChangeMsg: "unlabeled" only when, without --overwrite,
        # the object's JSON got shorter; any other change is "labeled"
        shorter = len(json.dumps(updated.to_dict(), separators=(",", ":"))) < len(json.dumps(obj.to_dict(), separators=(",", ":")))
        verb = "unlabeled" if shorter and not inv.flag("overwrite") else "labeled"
        _print_changed(inv, updated, f"{verb}{suffix}")
    return 0


def _print_changed(inv: Invocation, obj: Any, operation: str) -> None:
    """``<kind>/<name> <operation>``, or the object itself for ``-o name|yaml|json``."""
    if inv.flag("output"):
        from ..output import format_objects

        inv.out.out(format_objects([obj], inv.flag("output"), single=True))
    else:
        inv.out.out(f"{obj.ref_name} {operation}")


def run_scale(inv: Invocation) -> int:
    replicas = inv.flag("replicas")
    if replicas is None:
        raise UsageError('required flag(s) "replicas" not set')
    if replicas < 0:
        raise UsageError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    mode = inv.flag("dry-run", "none")
    if mode not in ("none", "client", "server"):
        raise UsageError(f'Invalid dry-run value ({mode}). Must be "none", "server", or "client".')
    objects, missing = _select_existing(inv, inv.args.positional)
    if not objects:
        # kubectl 1.34 scale.go: `fmt.Errorf("no objects passed to scale %w", infoErr)`
        detail = missing[0] if len(missing) == 1 else ("[" + ", ".join(missing) + "]" if missing else "")
        raise UsageError(f"no objects passed to scale {detail}".rstrip())
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(mode, "")
    expected = inv.flag("current-replicas")
    for obj in objects:
        if not isinstance(obj, (Deployment, ReplicaSet)):
            # the scale client asks for <resource>/scale, which only workloads have
            verb = "get" if expected >= 0 else "patch"
            raise ApiError("NotFound", f"the server could not find the requested resource ({verb} {obj.RESOURCE} {obj.name})", code=404)
        if expected >= 0 and obj.spec.replicas != expected:
            raise UsageError(f"Expected replicas to be {expected}, was {obj.spec.replicas}")
        updated = obj.copy()
        updated.spec.replicas = replicas
        if mode != "client":
            inv.cluster.api.update(updated, dry_run=mode == "server")
        _print_changed(inv, updated, f"scaled{suffix}")
    for message in missing:  # the builder's NotFound errors, returned after scaling the rest
        inv.out.err(f"Error from server (NotFound): {message}")
    return 1 if missing else 0


def _select_existing(inv: Invocation, resources: list[str]) -> tuple[list, list[str]]:
    """Like :func:`_select`, but objects that do not exist are reported, not raised (ContinueOnError)."""
    if not resources:
        raise UsageError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    requests, _ = parse_resource_args(resources)
    found, missing = [], []
    for request in requests:
        kind = request.kind
        namespace = inv.namespace if kind.NAMESPACED else ""
        if request.names:
            for name in request.names:
                obj = inv.cluster.store.get(kind, namespace, name)
                if obj is None:
                    missing.append(f'{kind.qualified_resource()} "{name}" not found')
                else:
                    found.append(obj)
        elif inv.flag("selector") or inv.flag("all"):
            found += inv.cluster.store.list(kind, namespace if kind.NAMESPACED else None, selector_from_flag(kind, inv.flag("selector")))
        else:
            raise UsageError("resource(s) were provided, but no name was specified")
    return found, missing


def _load_patch(text: str):
    try:
        return json.loads(text)
    except ValueError:
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise UsageError(f'unable to parse "{text}": yaml: {getattr(err, "problem", err)}') from None


def _json_patch(document: dict, operations: list) -> dict:
    """RFC 6902 (add, remove, replace, move, copy, test) for ``--type json``."""
    import copy

    doc = copy.deepcopy(document)

    def split(path: Any, kind: str) -> list[str]:
        if not isinstance(path, str) or (path and not path.startswith("/")):
            raise UsageError(f"jsonpatch {kind} operation does not apply: doc is missing path: \"{path}\"")
        return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]

    def container(parts: list[str], kind: str, path: str) -> Any:
        node: Any = doc
        for part in parts[:-1]:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise UsageError(f"jsonpatch {kind} operation does not apply: doc is missing path: \"{path}\"")
        if not isinstance(node, (dict, list)):
            raise UsageError(f"jsonpatch {kind} operation does not apply: doc is missing path: \"{path}\"")
        return node

    def get(parts: list[str], kind: str, path: str) -> Any:
        parent, last = container(parts, kind, path), parts[-1]
        if isinstance(parent, dict) and last in parent:
            return parent[last]
        if isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
            return parent[int(last)]
        raise UsageError(f"jsonpatch {kind} operation does not apply: doc is missing key: {path}")

    def remove(parts: list[str], kind: str, path: str) -> Any:
        value = get(parts, kind, path)
        parent, last = container(parts, kind, path), parts[-1]
        if isinstance(parent, dict):
            del parent[last]
        else:
            del parent[int(last)]
        return value

    def add(parts: list[str], value: Any, kind: str, path: str) -> None:
        parent, last = container(parts, kind, path), parts[-1]
        if isinstance(parent, dict):
            parent[last] = value
        elif last == "-":
            parent.append(value)
        elif last.isdigit() and int(last) <= len(parent):
            parent.insert(int(last), value)
        else:
            raise UsageError(f"jsonpatch {kind} operation does not apply: doc is missing path: \"{path}\"")

    for op in operations:
        if not isinstance(op, dict) or "op" not in op or "path" not in op:
            raise UsageError("unable to parse patch: each JSON patch operation needs \"op\" and \"path\"")
        kind, path = op["op"], op["path"]
        parts = split(path, kind)
        if not parts:
            raise UsageError(f"jsonpatch {kind} operation does not apply: the whole document cannot be {kind}d")
        if kind == "add":
            add(parts, op.get("value"), kind, path)
        elif kind == "remove":
            remove(parts, kind, path)
        elif kind == "replace":
            get(parts, kind, path)
            remove(parts, kind, path)
            add(parts, op.get("value"), kind, path)
        elif kind in ("move", "copy"):
            source = split(op.get("from"), kind)
            if not source:
                raise UsageError(f"jsonpatch {kind} operation does not apply: doc is missing from path: \"{op.get('from')}\"")
            value = remove(source, kind, op["from"]) if kind == "move" else copy.deepcopy(get(source, kind, op["from"]))
            add(parts, value, kind, path)
        elif kind == "test":
            if get(parts, kind, path) != op.get("value"):
                raise UsageError("testing value failed")
        else:
            raise UsageError(f"Unexpected kind: {kind}")
    return doc


def run_patch(inv: Invocation) -> int:
    text = inv.flag("patch")
    if inv.flag("patch-file"):
        import os

        path = inv.flag("patch-file") if inv.cwd is None else os.path.join(inv.cwd, inv.flag("patch-file"))
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    if not text:
        raise UsageError("must specify -p to patch")
    kind_of_patch = inv.flag("type")
    mode = inv.flag("dry-run", "none")
    if mode not in ("none", "client", "server"):
        raise UsageError(f'Invalid dry-run value ({mode}). Must be "none", "server", or "client".')
    if kind_of_patch not in ("json", "merge", "strategic"):
        raise UsageError(f"--type must be one of [json merge strategic], not \"{kind_of_patch}\"")
    patch = _load_patch(text)
    for obj in _select(inv, inv.args.positional):
        current = obj.to_dict()
        if kind_of_patch == "json":
            if not isinstance(patch, list):
                raise UsageError("unable to parse patch: json: cannot unmarshal object into Go value of type jsonpatch.Patch")
            patched = _json_patch(current, patch)
        elif not isinstance(patch, dict):
            raise UsageError(f'unable to parse "{text}": a patch must be a JSON object')
        else:
            patched = merge_patch(current, patch) if kind_of_patch == "merge" else strategic_patch(current, patch)
        if patched == current:
            _report_patch(inv, obj, "patched (no change)", mode)
            continue
        metadata = patched.get("metadata") if isinstance(patched, dict) else None
        for key in ("labels", "annotations"):  # omitempty maps: an emptied one is simply gone
            if isinstance(metadata, dict) and metadata.get(key) == {}:
                del metadata[key]
        new = decode_document(type(obj), patched, patch=True)
        if mode != "client":
            new = inv.cluster.api.update(new, dry_run=mode == "server")
        # patch.go compares the object before and after: a patch that normalises away
        # (e.g. removing a label that is not there) is "patched (no change)"
        same = new.to_dict() == (current if mode != "client" else type(obj).from_dict(
            {k: v for k, v in current.items() if k not in ("apiVersion", "kind")}).to_dict())
        _report_patch(inv, new, "patched (no change)" if same else "patched", mode)
    return 0


def _report_patch(inv: Invocation, obj: Any, verb: str, mode: str) -> None:
    """patch.go: ``<kind>/<name> patched[ (no change)][ (dry run)]``, or the object for ``-o``."""
    from ..output import format_objects

    if inv.flag("output"):
        inv.out.out(format_objects([obj], inv.flag("output"), single=True))
        return
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(mode, "")
    inv.out.out(f"{obj.ref_name} {verb}{suffix}")
