"""``-o``/``--output`` and ``--template``: objects printed as kubectl prints them.

The printer is chosen and checked as cli-runtime's ``PrintFlags.ToPrinter``
does (``pkg/genericclioptions/print_flags.go``), before a command changes
anything: ``-o json|yaml|kyaml``, ``-o name``, ``-o jsonpath=...`` and
``-o go-template=...`` (with ``--template``), or without ``-o`` the name
printer's ``<kind>/<name> <operation>`` line. ``kubectl get`` adds its own
formats (``wide``, custom columns) to the list an unknown format is refused with.

YAML follows sigs.k8s.io/yaml (go-yaml): keys sorted, block lists not
indented under their key, double quotes for a string that reads as another type, and
multi-line strings (the last-applied annotation) as ``|`` blocks. JSON is
Go's ``MarshalIndent`` with four spaces and HTML-safe escapes: an object read
from a server is a map (keys sorted), one kubectl built itself
(:class:`TypedObject`) a typed Go struct (fields in the struct's order).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Sequence

import yaml

from ..errors import UsageError
from .gotemplate import (
    TemplateError,
    TemplateExecError,
    go_format,
    go_quote,
    go_repr,
    parse_template,
    render_template,
)
from .jsonpath import JsonPathError, parse_jsonpath, render_jsonpath
from .kyaml import to_kyaml
from .result import Output

__all__ = [
    "GET_FORMATS",
    "PRINT_FORMATS",
    "Printer",
    "TypedObject",
    "as_list",
    "compact_json",
    "format_objects",
    "printer_for",
    "to_json",
    "to_yaml",
    "typed_list",
]

# NewPrintFlags: the JSON/YAML, name and template printers (what every command but get offers)
TEMPLATE_FORMATS = ("go-template", "go-template-file", "template", "templatefile")
JSONPATH_FORMATS = ("jsonpath", "jsonpath-as-json", "jsonpath-file")
PRINT_FORMATS = ("json", "yaml", "kyaml", "name", *TEMPLATE_FORMATS, *JSONPATH_FORMATS)
# get.go's HumanPrintFlags and custom columns come on top
GET_FORMATS = (*PRINT_FORMATS, "custom-columns", "custom-columns-file", "wide")


class _KubectlDumper(yaml.SafeDumper):
    def choose_scalar_style(self):
        # go-yaml double-quotes a string that would read back as another type ("80", "true") and
        # single-quotes one that only cannot be written plain ('*/5 * * * *'), as PyYAML does
        style = super().choose_scalar_style()
        return '"' if style == "'" and not self.event.implicit[0] else style

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, indentless)


def _represent_str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_KubectlDumper.add_representer(str, _represent_str)


def to_yaml(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_KubectlDumper, default_flow_style=False, sort_keys=True, width=1 << 30, allow_unicode=True
    )


def _html_safe(text: str) -> str:
    """Go's encoding/json escapes ``<``, ``>``, ``&`` and the two Unicode line separators."""
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028")):
        text = text.replace(char, escaped)
    return text.replace("\u2029", "\\u2029")


def to_json(data: Any, *, keep_order: bool = False, indent: int = 4) -> str:
    """``json.MarshalIndent`` (four spaces unless told) and a final newline; ``keep_order`` for a typed object."""
    return _html_safe(json.dumps(data, indent=indent, sort_keys=not keep_order, ensure_ascii=False)) + "\n"


def compact_json(data: Any, *, keep_order: bool = False) -> str:
    """``json.Marshal``: compact, keys sorted unless ``keep_order`` (a typed object's field order)."""
    return _html_safe(json.dumps(data, separators=(",", ":"), sort_keys=not keep_order, ensure_ascii=False))


def as_list(items: list[dict]) -> dict:
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


@dataclass
class TypedObject:
    """An object kubectl built itself (a generator's, or ``--dry-run=client``): a typed Go struct, so
    ``-o json`` keeps the order of ``data`` (the struct's field order), where an object read from a
    server is a map printed with sorted keys."""

    data: dict
    kind: type | None  # the API class, for ``-o name`` (None for a List)

    @property
    def name(self) -> str:
        return self.data.get("metadata", {}).get("name", "")

    def to_dict(self) -> dict:
        return self.data

    def kind_prefix(self) -> str:
        return self.kind.kind_prefix()


def typed_list(objects: Sequence[Any]) -> TypedObject:
    """Several objects as one corev1.List (apply.go printObjects): a typed struct around objects read back
    from the server, which are maps (their keys sorted)."""
    items = [json.loads(compact_json(o.to_dict())) for o in objects]
    return TypedObject({"kind": "List", "apiVersion": "v1", "metadata": {}, "items": items}, None)


def _refused(fmt: str, formats: Sequence[str]) -> UsageError:
    return UsageError(
        f'unable to match a printer suitable for the output format "{fmt}", allowed formats are: '
        + ",".join(sorted(formats))
    )


def _read_template_file(path: str, cwd: str | None) -> str:
    full = path if os.path.isabs(path) or cwd is None else os.path.join(cwd, path)
    try:
        with open(full, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        raise UsageError(f"error reading --template {path}, open {path}: no such file or directory") from None


@dataclass
class Printer:
    """The printer ``-o`` (and ``--template``) chose: ``kind`` is ``""`` for the name printer's operation line,
    ``name``, ``json``, ``yaml``, ``kyaml``, ``jsonpath``, ``jsonpath-as-json`` or ``go-template``. One
    printer serves a whole command, and the YAML printer puts ``---`` before every object but the first
    (cli-runtime yaml.go ``printCount``)."""

    kind: str
    template: str = ""
    printed: int = field(default=0, init=False)

    def render(self, objects: Sequence[Any], *, single: bool, operation: str = "") -> str:
        """The text for ``objects`` (one object printed alone when ``single``); a go-template that fails
        while running raises :class:`TemplateFailure` with what it printed so far."""
        if self.kind in ("", "name"):
            suffix = f" {operation}" if operation and not self.kind else ""
            return "".join(f"{o.kind_prefix()}/{o.name}{suffix}\n" for o in objects)
        dicts = [o.to_dict() for o in objects]
        typed = single and len(objects) == 1 and isinstance(objects[0], TypedObject)
        data = dicts[0] if single and len(dicts) == 1 else as_list(dicts)
        if self.kind == "yaml":
            return to_yaml(data)
        if self.kind == "json":
            return to_json(data, keep_order=typed)
        if self.kind == "kyaml":
            return to_kyaml(data, keep_order=typed)
        if self.kind == "go-template":
            return _execute_go_template(self.template, data, typed)
        try:
            return render_jsonpath(self.template, data, as_json=self.kind == "jsonpath-as-json")
        except JsonPathError as err:
            # cli-runtime jsonpath.go PrintObj: the template and a Go dump of the object follow
            raise UsageError(
                f"error executing jsonpath {go_quote(self.template)}: Error executing template: {err}. Printing more "
                f"information for debugging the template:\n\ttemplate was:\n\t\t{self.template}\n\tobject given to "
                f"jsonpath engine was:\n\t\t{go_repr(data)}\n\n\n"
            ) from None

    def print(self, out: Output, objects: Sequence[Any], *, single: bool = True, operation: str = "") -> None:
        """Write the objects to stdout exactly as rendered; a failing template prints what it got to first."""
        if self.kind == "yaml" and self.printed:
            out.raw("---\n")
        self.printed += 1
        try:
            out.raw(self.render(objects, single=single, operation=operation))
        except TemplateFailure as failure:
            out.raw(failure.printed)
            raise UsageError(failure.message) from None


class TemplateFailure(UsageError):
    """A go-template that failed while running: ``printed`` is the stdout kubectl wrote before its error."""

    def __init__(self, message: str, printed: str):
        super().__init__(message)
        self.printed = printed


def _execute_go_template(template: str, data: dict, typed: bool) -> str:
    """cli-runtime template.go PrintObj: on failure, what was written, then a dump for debugging."""
    try:
        return render_template(parse_template(template), data)
    except TemplateExecError as err:
        raw = compact_json(data, keep_order=typed)
        debug = (
            f"Error executing template: {err}. Printing more information for debugging the template:\n"
            f"\ttemplate was:\n\t\t{template}\n\traw data was:\n\t\t{raw}\n"
            f"\tobject given to template engine was:\n\t\t{go_format(data)}\n\n"
        )
        raise TemplateFailure(f"error executing template {go_quote(template)}: {err}", err.printed + debug) from None


def printer_for(
    output: str | None, template: str | None = None, *, formats: Sequence[str] = PRINT_FORMATS, cwd: str | None = None
) -> Printer:
    """The printer for ``-o``/``--template``, or kubectl's error for a format it has no printer for."""
    fmt = output or ""
    if template and not fmt:
        fmt = "go-template"  # print_flags.go: --template alone means -o go-template
    if fmt.lower() in ("json", "yaml", "kyaml", "name", "") and fmt.lower() in (*formats, ""):
        return Printer(fmt.lower())
    # the template printers: -o FORMAT=TEMPLATE, or -o FORMAT with --template=TEMPLATE
    name, _, value = (fmt, "", template) if template else fmt.partition("=")
    if name not in (*TEMPLATE_FORMATS, *JSONPATH_FORMATS) or name not in formats:
        raise _refused(fmt, formats)
    if not value:
        raise UsageError("template format specified but no template given")
    if name.endswith("file"):
        value = _read_template_file(value, cwd)
    if name in JSONPATH_FORMATS:
        try:
            parse_jsonpath(value)
        except JsonPathError as err:
            raise UsageError(f"error parsing jsonpath {value}, {err}") from None
        return Printer("jsonpath-as-json" if name == "jsonpath-as-json" else "jsonpath", value)
    try:
        parse_template(value)
    except TemplateError as err:
        raise UsageError(f"error parsing template {value}, {err}") from None
    return Printer("go-template", value)


def format_objects(objects: list[Any], fmt: str, *, single: bool) -> str:
    """Render objects for ``-o FORMAT`` as ``kubectl get`` does; ``single`` when one object was asked for by name."""
    return printer_for(fmt, formats=GET_FORMATS).render(objects, single=single)
