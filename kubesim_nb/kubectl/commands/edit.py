"""``kubectl edit (TYPE NAME | TYPE/NAME | -f FILENAME)``: change live objects in the learner's editor
(``pkg/cmd/edit/edit.go`` and ``pkg/cmd/util/editor/editoptions.go``, normal edit mode).

The objects are written to a temporary file (YAML, or JSON with ``-o json``) under kubectl's header and
opened in ``$KUBE_EDITOR`` or ``$EDITOR`` (:mod:`kubesim_nb.kubectl.editor`). An unchanged or emptied file
cancels; otherwise each changed object is sent and reported ``edited``. A file that does not parse, or
an object the API server finds invalid, reopens the editor with the reasons at the top. A notebook has no
terminal for an editor: there ``edit`` says which commands change an object instead.
"""

from __future__ import annotations

import os
from typing import Any

import yaml

from ...errors import ApiError, KubeSimError, UsageError
from ..base import Command, Invocation, print_changed
from ..builder import NOTHING_NAMED, find_named, visit_manifests
from ..editor import edit_in_editor
from ..flags import Flag
from ..flagsets import SAVE_CONFIG_FLAG, VALIDATE_FLAG, field_manager_flag, filename_flags, printer_flags
from ..manifests import ManifestError, parse_documents
from ..merge import three_way_patch
from ..objects import LAST_APPLIED, decode_document, last_applied_json, metadata_string, validation_mode
from ..output import compact_json, to_json, to_yaml
from ..resources import parse_resource_args
from ..targets import DataObject

__all__ = ["COMMAND", "NO_TERMINAL"]

FLAGS = [
    field_manager_flag("kubectl-edit"),
    *filename_flags("Filename, directory, or URL to files to use to edit the resource"),
    *printer_flags(),
    Flag("output-patch", kind="bool", usage="Output the patch if the resource is edited."),
    SAVE_CONFIG_FLAG,
    Flag(
        "subresource",
        usage="If specified, edit will operate on the subresource of the requested object.",
        implemented=False,
    ),
    VALIDATE_FLAG,
    Flag(
        "windows-line-endings",
        kind="bool",
        usage="Defaults to the line ending native to your platform.",
        implemented=False,
    ),
]

HELP = """Edit a resource from the default editor.

 The edit command allows you to directly edit any API resource you can retrieve via the command-line tools. It
will open the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back to 'vi' for
Linux or 'notepad' for Windows. When attempting to open the editor, it will first attempt to use the shell
that has been defined in the 'SHELL' environment variable. If this is not defined, the default shell will be
used, which is '/bin/bash' for Linux or 'cmd' for Windows.

 Editing is done with the API version used to fetch the resource. If an error occurs while updating, a
temporary file will be created on disk that contains your unapplied changes."""

EXAMPLES = """  # Edit the service named 'web-service'
  kubectl edit svc/web-service

  # Use an alternative editor
  KUBE_EDITOR="nano" kubectl edit deployment/web-deployment

  # Edit the deployment in JSON
  kubectl edit deployment/web-deployment -o json"""

USAGE = "kubectl edit (RESOURCE/NAME | -f FILENAME) [options]"

HEADER = (
    "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
    "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
    "# reopened with the relevant failures.\n"
    "#\n"
)
NO_TERMINAL = (
    "kubectl edit opens an editor, and a notebook has no terminal to run one in; change the object with "
    '"kubectl patch", "kubectl set" or "kubectl apply -f" instead, or run "kubesim kubectl edit" in a terminal'
)


def _originals(inv: Invocation) -> list[DataObject]:
    """The live objects to edit: by name, every object of a type (an empty selector is allowed), or those
    the ``-f`` files name. Any object not found stops the command before the editor opens."""
    errors: list[KubeSimError] = []
    found: list[Any] = []
    if inv.flag("filename"):
        infos, problems = visit_manifests(inv, "edit")
        errors += [err for _, err in problems]
        for info in infos:
            found += find_named(inv, info.kind, [metadata_string(info.data, "name")], errors)
    elif inv.args.positional:
        for request in parse_resource_args(inv.args.positional)[0]:
            if request.names:
                found += find_named(inv, request.kind, request.names, errors)
            else:
                found += inv.cluster.api.list(request.kind, inv.namespace if request.kind.NAMESPACED else None)
    else:
        raise UsageError(NOTHING_NAMED)
    if errors:
        raise errors[0]
    if not found:
        raise UsageError("edit cancelled, no objects found")
    return [DataObject(type(obj), obj.to_dict()) for obj in found]


def _render(inv: Invocation, objects: list[DataObject]) -> str:
    data = (
        objects[0].data
        if len(objects) == 1
        else {
            "apiVersion": "v1",
            "items": [obj.data for obj in objects],
            "kind": "List",
            "metadata": {},
        }
    )
    return to_json(data) if inv.flag("output") == "json" else to_yaml(data)


def _without_comments(text: str) -> str:
    """``cmdutil.ManualStrip``: the lines that do not start with ``#`` (``#!`` stays)."""
    lines = text.split("\n")
    kept = [line for line in lines if not (line.strip().startswith("#") and not line.strip().startswith("#!"))]
    return "\n".join(kept)


def _content(text: str) -> Any:
    """``cmdutil.StripComments``: the file as data (formatting does not count), or its uncommented text."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return _without_comments(text)


def _has_lines(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in text.splitlines())


def _edited_objects(text: str) -> list[dict]:
    """The objects of the edited file (a List is flattened), as the builder reads ``edited-file``."""
    objects: list[dict] = []
    for document in parse_documents(text, "edited-file"):
        data = document.data
        if isinstance(data, dict) and data.get("kind") == "List" and isinstance(data.get("items"), list):
            objects += [item for item in data["items"] if isinstance(item, dict)]
        elif isinstance(data, dict):
            objects.append(data)
        else:
            raise ManifestError("error parsing edited-file: the edited file is not an object")
    return objects


def _check_namespace(inv: Invocation, data: dict) -> None:
    """``RequireNamespace``: an edit may not move an object to another namespace."""
    given = metadata_string(data, "namespace")
    if given and given != inv.namespace:
        raise UsageError(
            f'the namespace from the provided object "{given}" does not match the namespace "{inv.namespace}". '
            f"You must pass '--namespace={given}' to perform this operation."
        )


class _Results:
    """``editResults``: the reasons to reopen the editor with, and what cannot be retried there."""

    def __init__(self) -> None:
        self.reasons: list[tuple[str, list[str]]] = []
        self.invalid = 0
        self.not_found = 0
        self.retryable = 0

    def add_error(self, err: ApiError, obj: DataObject) -> str:
        kind = obj.kind
        resource = kind.RESOURCE + (f".{kind.GROUP}" if kind.GROUP else "")
        if err.reason == "Invalid":
            self.invalid += 1
            self.reasons.append((f'{resource} "{obj.name}" was not valid', [c.render() for c in err.causes]))
            return f'error: {resource} "{obj.name}" is invalid'
        if err.reason == "NotFound":
            self.not_found += 1
            return f'error: {resource} "{obj.name}" could not be found on the server'
        self.retryable += 1
        return f'error: {resource} "{obj.name}" could not be patched: {err.message}'

    def header(self) -> str:
        text = HEADER
        for head, causes in self.reasons:
            text += f"# {head}:\n" if causes else f"# {head}\n"
            text += "".join(f"# * {cause}\n" for cause in causes) + "#\n"
        return text


def _save(inv: Invocation, obj: DataObject, edited: dict, results: _Results) -> None:
    """``visitToPatch`` for one edited object: skipped, edited, or an error for the results."""
    if edited == obj.data:
        print_changed(inv, DataObject(obj.kind, edited), "skipped")
        return
    identity = ("apiVersion", "kind")
    if any(edited.get(key) != obj.data.get(key) for key in identity) or metadata_string(edited, "name") != obj.name:
        raise UsageError("At least one of apiVersion, kind and name was changed")
    if inv.flag("output-patch"):
        patch = three_way_patch(obj.data, edited, obj.data)
        inv.out.out(f"Patch: {compact_json(patch)}")
    try:
        new = decode_document(obj.kind, edited, validation_mode(inv.flag("validate")), patch=True)
        updated = inv.cluster.api.update(new)
    except ApiError as err:
        inv.out.err(results.add_error(err, obj))
        return
    print_changed(inv, DataObject(obj.kind, updated.to_dict()), "edited")


def run(inv: Invocation) -> int:
    validation_mode(inv.flag("validate"))
    originals = _originals(inv)
    if inv.read_line is None:
        raise UsageError(NO_TERMINAL)
    by_uid = {metadata_string(obj.data, "uid"): obj for obj in originals}
    suffix = ".json" if inv.flag("output") == "json" else ".yaml"
    original_text = _render(inv, originals)
    results, failed_edit = _Results(), None
    while True:
        body = original_text if failed_edit is None else _without_comments(failed_edit)
        edited_text, path = edit_in_editor(results.header() + body, suffix)
        if failed_edit is not None and _content(failed_edit) == _content(edited_text):
            inv.out.err(f'A copy of your changes has been stored to "{path}"')
            raise UsageError("Edit cancelled, no valid changes were saved.")
        if _content(original_text) == _content(edited_text):
            os.remove(path)
            inv.out.err("Edit cancelled, no changes made.")
            return 0
        if not _has_lines(edited_text):
            os.remove(path)
            inv.out.err("Edit cancelled, saved file was empty.")
            return 0
        results, failed_edit = _Results(), edited_text
        try:
            edited = _edited_objects(edited_text)
        except ManifestError as err:
            results.reasons.append((f"The edited file had a syntax error: {err.message}", []))
            continue
        try:
            for data in edited:
                _check_namespace(inv, data)
                if inv.flag("save-config"):
                    annotations = data.setdefault("metadata", {}).setdefault("annotations", {})
                    annotations[LAST_APPLIED] = last_applied_json(data)
                original = by_uid.get(metadata_string(data, "uid"))
                if original is None:
                    raise UsageError(f"no original object found for {metadata_string(data, 'name')}")
                _save(inv, original, data, results)
        except UsageError:
            inv.out.err(f'A copy of your changes has been stored to "{path}"')
            raise
        if results.retryable:
            inv.out.err(f"You can run `kubectl replace -f {path}` to try this update again.")
            return 1
        if results.not_found:
            inv.out.err(f'The edits you made on deleted resources have been saved to "{path}"')
            return 1
        if not results.invalid:
            os.remove(path)
            return 0


COMMAND = Command("edit", "Edit a resource on the server", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
