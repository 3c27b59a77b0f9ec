"""``-o yaml|json|name|jsonpath=...``: objects printed as kubectl prints them.

YAML follows sigs.k8s.io/yaml (go-yaml): keys sorted, block lists not
indented under their key, double quotes when a string needs quoting, and
multi-line strings (the last-applied annotation) as ``|`` blocks. JSON is
Go's ``MarshalIndent`` with four spaces and HTML-safe escapes.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from ..errors import UsageError
from .jsonpath import JsonPathError, parse_jsonpath, render_jsonpath

__all__ = ["as_list", "format_objects", "to_json", "to_yaml"]


class _KubectlDumper(yaml.SafeDumper):
    def choose_scalar_style(self):  # go-yaml quotes with double quotes
        style = super().choose_scalar_style()
        return '"' if style == "'" else style

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


def to_json(data: Any, *, sort_keys: bool = True) -> str:
    """``sort_keys=False``: keys in the order given, as Go marshals a typed object (struct field order)."""
    text = json.dumps(data, indent=4, sort_keys=sort_keys, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def as_list(items: list[dict]) -> dict:
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


def go_repr(value: Any) -> str:
    """Go's ``%#v`` of a JSON value decoded into ``interface{}`` (what kubectl dumps on a jsonpath failure)."""
    if isinstance(value, dict):
        return (
            "map[string]interface {}{"
            + ", ".join(f"{json.dumps(k, ensure_ascii=False)}:{go_repr(v)}" for k, v in sorted(value.items()))
            + "}"
        )
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(go_repr(v) for v in value) + "}"
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def format_objects(objects: list[Any], fmt: str, *, single: bool) -> str:
    """Render objects for ``-o FORMAT``; ``single`` when one object was asked for by name."""
    dicts = [o.to_dict() for o in objects]
    data = dicts[0] if single and len(dicts) == 1 else as_list(dicts)
    if fmt == "yaml":
        return to_yaml(data)
    if fmt == "json":
        return to_json(data)
    if fmt == "name":
        return "".join(f"{o.kind_prefix()}/{o.name}\n" for o in objects)
    for prefix in ("jsonpath=", "jsonpath-as-json="):
        if fmt.startswith(prefix):
            template = fmt[len(prefix) :]
            try:
                parse_jsonpath(template)
            except JsonPathError as err:
                raise UsageError(f"error parsing jsonpath {template}, {err}") from None
            try:
                return render_jsonpath(template, data)
            except JsonPathError as err:
                # cli-runtime jsonpath.go PrintObj: the template and a Go dump of the object follow
                raise UsageError(
                    f'error executing jsonpath "{template}": Error executing template: {err}. '
                    f"Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n"
                    f"\tobject given to jsonpath engine was:\n\t\t{go_repr(data)}\n\n\n"
                ) from None
    raise UsageError(
        f'unable to match a printer suitable for the output format "{fmt}", allowed formats are: '
        "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
        "jsonpath-file,name,template,templatefile,wide,yaml"
    )
