"""``kubectl patch``: a strategic merge, JSON merge or JSON patch on live objects, or with ``--local`` on
the objects of ``-f`` files, printed and not sent (``pkg/cmd/patch/patch.go``)."""

from __future__ import annotations

import copy
import json
import os
from typing import Any

import yaml

from ...errors import UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation, dry_run_suffix, print_changed
from ..builder import select_objects
from ..errors import print_errors
from ..flags import Flag, go_quote
from ..flagsets import field_manager_flag, filename_flags, printer_flags
from ..merge import merge_patch, strategic_patch
from ..objects import decode_document
from ..targets import target_objects

__all__ = ["COMMAND"]

FLAGS = [
    DRY_RUN_FLAG,
    field_manager_flag("kubectl-patch"),
    *filename_flags("Filename, directory, or URL to files identifying the resource to update"),
    Flag(
        "local",
        kind="bool",
        usage="If true, patch will operate on the content of the file, not the server-side resource.",
    ),
    *printer_flags(),
    Flag("patch", short="p", usage="The patch to be applied to the resource JSON file."),
    Flag("patch-file", usage="A file containing a patch to be applied to the resource."),
    Flag(
        "subresource",
        usage="If specified, patch will operate on the subresource of the requested object.",
        implemented=False,
    ),
    Flag("type", default="strategic", usage="The type of patch being provided; one of [json merge strategic]"),
]

HELP = """Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch."""

EXAMPLES = """  # Change a service's selector
  kubectl patch service backend-service -p '{"spec":{"selector":{"app":"backend"}}}'

  # Turn a ClusterIP service into a NodePort service
  kubectl patch svc web-service --type merge -p '{"spec":{"type":"NodePort"}}'"""

USAGE = "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]"


def _read_patch_file(inv: Invocation, name: str) -> str:
    try:
        with open(name if inv.cwd is None else os.path.join(inv.cwd, name), encoding="utf-8") as handle:
            return handle.read()
    except OSError as err:
        # Go's *PathError: "open <name>: <reason>", the reason in lower case
        raise UsageError(f"unable to read patch file: open {name}: {(err.strerror or str(err)).lower()}") from None


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
    doc = copy.deepcopy(document)

    def split(path: Any, kind: str) -> list[str]:
        if not isinstance(path, str) or (path and not path.startswith("/")):
            raise UsageError(f'jsonpatch {kind} operation does not apply: doc is missing path: "{path}"')
        return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]

    def container(parts: list[str], kind: str, path: str) -> Any:
        node: Any = doc
        for part in parts[:-1]:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise UsageError(f'jsonpatch {kind} operation does not apply: doc is missing path: "{path}"')
        if not isinstance(node, (dict, list)):
            raise UsageError(f'jsonpatch {kind} operation does not apply: doc is missing path: "{path}"')
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
            raise UsageError(f'jsonpatch {kind} operation does not apply: doc is missing path: "{path}"')

    for op in operations:
        if not isinstance(op, dict) or "op" not in op or "path" not in op:
            raise UsageError('unable to parse patch: each JSON patch operation needs "op" and "path"')
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
                raise UsageError(
                    f'jsonpatch {kind} operation does not apply: doc is missing from path: "{op.get("from")}"'
                )
            value = remove(source, kind, op["from"]) if kind == "move" else copy.deepcopy(get(source, kind, op["from"]))
            add(parts, value, kind, path)
        elif kind == "test":
            if get(parts, kind, path) != op.get("value"):
                raise UsageError("testing value failed")
        else:
            raise UsageError(f"Unexpected kind: {kind}")
    return doc


def _patched(current: dict, patch: Any, kind_of_patch: str, text: str) -> dict:
    """``current`` with the patch applied as its ``--type`` says."""
    if kind_of_patch == "json":
        if not isinstance(patch, list):
            raise UsageError(
                "unable to parse patch: json: cannot unmarshal object into Go value of type jsonpatch.Patch"
            )
        return _json_patch(current, patch)
    if not isinstance(patch, dict):
        raise UsageError(f'unable to parse "{text}": a patch must be a JSON object')
    return merge_patch(current, patch) if kind_of_patch == "merge" else strategic_patch(current, patch)


def _run_local(inv: Invocation, patch: Any, kind_of_patch: str, text: str) -> int:
    """``--local``: each object of the files, patched and printed; nothing is sent."""
    if inv.args.positional:
        raise UsageError("cannot specify --local and server resources")
    mode = inv.dry_run_mode()
    if mode == "server":
        raise UsageError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    objects, errors = target_objects(inv, [], "patch")
    for obj in objects:
        try:
            patched = _patched(obj.data, patch, kind_of_patch, text)
        except UsageError as err:
            errors.append(err)
            continue
        changed = patched != obj.data
        obj.data = patched
        print_changed(inv, obj, ("patched" if changed else "patched (no change)") + dry_run_suffix(mode))
    print_errors(inv.out, errors)
    return 1 if errors else 0


def run(inv: Invocation) -> int:
    # patch.go Validate, then RunPatch's reading of the patch, before any object is looked up
    text, patch_file = inv.flag("patch"), inv.flag("patch-file")
    if text and patch_file:
        raise UsageError("cannot specify --patch and --patch-file together")
    if not text and not patch_file:
        raise UsageError("must specify --patch or --patch-file containing the contents of the patch")
    kind_of_patch = inv.flag("type").lower()
    mode = inv.dry_run_mode()
    if kind_of_patch not in ("json", "merge", "strategic"):
        raise UsageError(f"--type must be one of [json merge strategic], not {go_quote(inv.flag('type'))}")
    if patch_file:
        text = _read_patch_file(inv, patch_file)
    patch = _load_patch(text)
    if inv.flag("local"):
        return _run_local(inv, patch, kind_of_patch, text)
    objects, missing = select_objects(inv, inv.args.positional)
    if missing:
        raise missing[0]
    for obj in objects:
        current = obj.to_dict()
        patched = _patched(current, patch, kind_of_patch, text)
        if patched == current:
            print_changed(inv, obj, f"patched (no change){dry_run_suffix(mode)}")
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
        same = new.to_dict() == (
            current
            if mode != "client"
            else type(obj).from_dict({k: v for k, v in current.items() if k not in ("apiVersion", "kind")}).to_dict()
        )
        print_changed(inv, new, ("patched (no change)" if same else "patched") + dry_run_suffix(mode))
    return 0


COMMAND = Command("patch", "Update fields of a resource", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
