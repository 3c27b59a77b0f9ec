"""``kubectl explain``'s renderer: kubectl's own Go template run on the server's OpenAPI v3 document.

Mirrors ``k8s.io/kubectl/pkg/explain/v2``: ``explain.go`` (``PrintModelDescription``: the group-version's
document, then the template), ``generator.go`` (the template's data: GVR, Document, FieldPath, Recursive,
MaxDepth) and ``funcs.go`` (``WithBuiltinTemplateFuncs``, the functions the template calls). The template is
kubectl's ``templates/plaintext.tmpl``, vendored unchanged in ``explain_templates/``; :mod:`.gotemplate` runs it.
``wrap`` is ``pkg/util/term``'s word-wrap writer, which is ``github.com/mitchellh/go-wordwrap``'s ``WrapString``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable
from urllib.parse import unquote

from .gotemplate import (
    NO_VALUE,
    CallError,
    Template,
    TemplateExecError,
    go_sprintf,
    parse_template,
    render_template,
)

__all__ = ["Explained", "print_model_description", "wrap_string"]

PLAINTEXT = "plaintext"  # the template's name, kubectl's default --output


class ExplainError(Exception):
    """funcs.go ``explainError``: what the template's ``throw`` returns; kubectl prints it alone."""


@dataclass(frozen=True)
class Explained:
    """What explain printed, and the error it stopped with (kubectl prints it on stderr), if any."""

    text: str
    error: str | None = None


# unicode.IsSpace (the Latin-1 spaces; beyond them, Unicode's White_Space); go-wordwrap keeps NBSP in words
_LATIN1_SPACES = frozenset("\t\n\v\f\r \x85")


def _is_space(char: str) -> bool:
    return char in _LATIN1_SPACES if char <= "\xff" else char.isspace()


def wrap_string(text: str, limit: int) -> str:
    """go-wordwrap ``WrapString``: break lines at white space so they fit ``limit`` runes when words allow; a
    word longer than the limit stays whole. A limit of 0 leaves the text alone (``wordWrapWriter``)."""
    if limit == 0:
        return text
    out: list[str] = []
    current, word, space = 0, "", ""
    for char in text:
        if char == "\n":
            if not word:
                if current + len(space) > limit:
                    current = 0
                else:
                    out.append(space)
            else:
                out += [space, word]
            space, word = "", ""
            out.append(char)
            current = 0
        elif _is_space(char):
            if not space or word:
                current += len(space) + len(word)
                out += [space, word]
                space, word = "", ""
            space += char
        else:
            word += char
            if current + len(space) + len(word) > limit and len(word) < limit:
                out.append("\n")
                current, space = 0, ""
    if not word:
        if current + len(space) <= limit:
            out.append(space)
    else:
        out += [space, word]
    return "".join(out)


def _map(value: Any) -> dict[str, Any]:
    """A ``map[string]any`` parameter: a missing value is Go's nil map."""
    return value if isinstance(value, dict) else {}


def _dict(*pairs: Any) -> dict[str, Any]:
    if len(pairs) % 2:
        raise CallError("expected even # of arguments")
    for key in pairs[::2]:
        if not isinstance(key, str):
            raise CallError(f"key of type {type(key).__name__} is not a string as expected")
    return dict(zip(pairs[::2], pairs[1::2]))


def _set(mapping: Any, *pairs: Any) -> dict[str, Any]:
    if len(pairs) % 2:
        raise CallError("expected even number of arguments")
    if not all(isinstance(key, str) for key in pairs[::2]):
        raise CallError("keys must be strings")
    return {**_map(mapping), **dict(zip(pairs[::2], pairs[1::2]))}


def _end(which: int) -> Callable[[Any], Any]:
    """``first`` (0) and ``last`` (-1) of a list."""

    def pick(items: Any) -> Any:
        if items is None or items is NO_VALUE:
            raise CallError("list is empty")
        if not isinstance(items, list):
            raise CallError(f"{'first' if which == 0 else 'last'} cannot be used on type: {type(items).__name__}")
        if not items:
            raise CallError("list is empty")
        return items[which]

    return pick


def _contains(items: Any, value: Any) -> bool:
    """reflect.DeepEqual of ``value`` with an element of a list; anything else contains nothing."""
    return isinstance(items, list) and any(item == value for item in items)


def _resolve_ref(ref: Any, document: Any) -> dict[str, Any]:
    """A ``#/components/schemas/...`` reference in the document; an empty (nil) map when it leads nowhere."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        return {}
    current = _map(document)
    for part in unquote(ref[1:]).split("/"):
        if part:
            following = current.get(part)
            if not isinstance(following, dict):
                return {}
            current = following
    return current


def _throw(message: str, *args: Any) -> str:
    text = go_sprintf(message, *args)
    raise CallError(text, cause=ExplainError(text))


def _fail(message: str) -> str:
    raise CallError(message)


def _include(name: str, data: Any) -> str:
    """Run one of the template's ``define``\\ d templates into a string."""
    try:
        return render_template(_plaintext(), data, name)
    except TemplateExecError as err:
        raise CallError(str(err), cause=err.cause) from None


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "throw": _throw,
    "fail": _fail,
    "wrap": lambda limit, text: wrap_string(text, limit),
    "split": lambda text, sep: text.split(sep) if sep else list(text),
    "join": lambda sep, *parts: sep.join(parts),
    "include": _include,
    "ternary": lambda yes, no, condition: yes if condition else no,
    "first": _end(0),
    "last": _end(-1),
    "indent": lambda amount, text: " " * amount + text.replace("\n", "\n" + " " * amount),
    "dict": _dict,
    "contains": _contains,
    "set": _set,
    "list": lambda *values: list(values),
    "add": lambda value, operand: value + operand,
    "sub": lambda value, operand: value - operand,
    "mul": lambda value, operand: value * operand,
    "resolveRef": _resolve_ref,
}


@functools.cache
def _plaintext() -> Template:
    text = (resources.files(__package__) / "explain_templates" / f"{PLAINTEXT}.tmpl").read_text(encoding="utf-8")
    return parse_template(text, PLAINTEXT, FUNCTIONS)


def print_model_description(
    document: dict[str, Any],
    gvr: tuple[str, str, str],
    field_path: list[str],
    recursive: bool = False,
    max_depth: int = 0,
) -> Explained:
    """The explanation of a resource (``gvr``: group, version, resource) or of a field below it, from its
    group-version's OpenAPI v3 document (``printModelDescriptionWithGenerator``)."""
    group, version, resource = gvr
    data = {
        # a struct to Go; its String method is niladic, so the template reads it like a field
        "GVR": {
            "Group": group,
            "Version": version,
            "Resource": resource,
            "String": f"{group}/{version}, Resource={resource}",
        },
        "Document": document,
        "Recursive": recursive,
        "MaxDepth": max_depth,
        "FieldPath": field_path,
    }
    try:
        return Explained(render_template(_plaintext(), data))
    except TemplateExecError as err:
        # explain.go: an explainError is returned alone (errors.As); any other is the template's own error
        message = str(err.cause) if isinstance(err.cause, ExplainError) else str(err)
        return Explained(err.printed, message)
