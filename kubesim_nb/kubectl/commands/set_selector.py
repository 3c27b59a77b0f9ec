"""``kubectl set selector (-f FILENAME | TYPE NAME) EXPRESSIONS``: replace a Service's selector
(``pkg/cmd/set/set_selector.go``); the last argument is the selector, in label-query syntax."""

from __future__ import annotations

from functools import partial
from typing import Any

from ...api.core import Service
from ...api.labels import SelectorParseError, parse_selector
from ...errors import UsageError
from ..base import Command, Invocation
from ..flags import Flag
from ..flagsets import RECURSIVE_USAGE
from ..setters import change_all, set_flags, set_targets
from ..typed import check_output_format

__all__ = ["COMMAND"]

FLAGS = [
    *set_flags(
        "Select all resources in the namespace of the specified resource types",
        "annotation",  # set_selector.go's own wording
        [
            Flag("filename", short="f", kind="list", usage="identifying the resource."),
            Flag("recursive", short="R", kind="bool", default=True, usage=RECURSIVE_USAGE),
        ],
    ),
    Flag(
        "resource-version",
        usage="If non-empty, the selectors update will only succeed if this is the current resource-version for the "
        "object. Only valid when specifying a single resource.",
        implemented=False,
    ),
]

HELP = """Set the selector on a resource. Note that the new selector will overwrite the old selector if the resource
had one prior to the invocation of 'set selector'.

 A selector must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and
underscores, up to 63 characters. If --resource-version is specified, then updates will use this resource
version, otherwise the existing resource-version will be used. Note: currently selectors can only be set on
Service objects."""

EXAMPLES = """  # Point web-service at the Pods labelled app=web and tier=frontend
  kubectl set selector service web-service 'app=web,tier=frontend'

  # Print a local Service manifest with a new selector, without a cluster
  kubectl set selector --local -f web-service.yaml app=api -o yaml"""

USAGE = "kubectl set selector (-f FILENAME | TYPE NAME) EXPRESSIONS [--resource-version=version] [options]"

# metav1.LabelSelectorOperator for the set-based operators of the label parser
OPERATORS = {"in": "In", "notin": "NotIn", "exists": "Exists", "!": "DoesNotExist"}


def _selector(text: str) -> dict[str, str]:
    """``metav1.ParseToLabelSelector``, then ``copyOldSelector``: a Service takes equality terms only."""
    try:
        requirements = parse_selector(text).requirements
    except SelectorParseError as err:
        raise UsageError(f'couldn\'t parse the selector string "{text}": {err.message}') from None
    labels: dict[str, str] = {}
    expressions = []
    for requirement in requirements:
        if requirement.operator in ("=", "=="):
            labels[requirement.key] = requirement.values[0]
        elif requirement.operator in ("gt", "lt"):
            raise UsageError(f'"{requirement.operator}" isn\'t supported in label selectors')
        elif requirement.operator in OPERATORS:
            values = " ".join(sorted(requirement.values))
            expressions.append(f"{{{requirement.key} {OPERATORS[requirement.operator]} [{values}]}}")
        else:
            raise UsageError(f'"{requirement.operator}" is not a valid label selector operator')
    if expressions:
        raise UsageError(f"match expression [{' '.join(expressions)}] not supported on this object")
    return labels


def _set_selector(obj: Any, text: str) -> None:
    if not isinstance(obj, Service):
        raise UsageError("setting a selector is only supported for Services")
    obj.spec.selector = _selector(text)


def run(inv: Invocation) -> int:
    inv.dry_run_mode()
    check_output_format(inv)
    if not inv.args.positional:
        raise UsageError("one selector is required")
    *resources, text = inv.args.positional
    _selector(text)  # Complete parses it before anything is looked up
    objects, errors = set_targets(inv, resources, "set selector")
    return change_all(inv, objects, errors, partial(_set_selector, text=text), "selector updated", "", selector=True)


COMMAND = Command("set selector", "Set the selector on a resource", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
