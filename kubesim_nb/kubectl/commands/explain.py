"""``kubectl explain RESOURCE[.FIELD...]``: a resource's fields and their documentation, from the server's
OpenAPI v3 document (``pkg/cmd/explain/explain.go``; the rendering is :mod:`..explainer`), or with
``--output=plaintext-openapiv2`` from its OpenAPI v2 document (:mod:`..explainer_v2`).

The resource is the first field of the argument, found as kubectl's REST mapper finds it (plural, singular,
short name); the rest is the field path (``pkg/explain/explain.go`` ``SplitAndParseResourceRequest*``: without
``--api-version``, ``deployments.apps.spec`` names the group too).
"""

from __future__ import annotations

import re

from ...api.kinds import resolve_resource
from ...api.openapi import document as openapi_document
from ...api.openapi import group_version_path
from ...errors import KubeSimError, UsageError
from ..base import Command, Invocation
from ..explainer import PLAINTEXT, print_model_description
from ..explainer_v2 import print_model_description as print_v2_description
from ..flags import Flag

__all__ = ["COMMAND"]

PLAINTEXT_OPENAPIV2 = "plaintext-openapiv2"

FLAGS = [
    Flag(
        "recursive", "R", "bool", False, usage="Print the fields of fields. Use --max-depth to cap the recursion depth."
    ),
    Flag(
        "api-version",
        None,
        "str",
        "",
        usage="Get different explanations for particular API version (API group/version)",
    ),
    Flag(
        "output", "o", "str", PLAINTEXT, usage="Format in which to render the schema (plaintext, plaintext-openapiv2)"
    ),
    Flag(
        "max-depth",
        None,
        "int",
        0,
        usage="Maximum recursion depth when printing nested fields with --recursive. 0 means no limit. "
        "Requires --recursive when greater than 0.",
    ),
]

SUGGEST_API_RESOURCES = 'Use "kubectl api-resources" for a complete list of supported resources.'

HELP = "\n".join(
    [
        "Describe fields and structure of various resources.",
        "",
        " This command describes the fields associated with each supported API resource. Fields are identified via"
        " a simple JSONPath identifier:",
        "",
        "        TYPE.FIELDNAME[.FIELDNAME]",
        "        ",  # explain.go's Long keeps the indent on this blank line
        " Information about each field is retrieved from the server in OpenAPI format.",
        "",
        SUGGEST_API_RESOURCES,
    ]
)

# kubectl's examples keep the two-space indent on their blank lines (templates.Examples)
EXAMPLES = "\n  \n".join(
    [
        "  # Get the documentation of the resource and its fields\n  kubectl explain pods",
        "  # Get all the fields in the resource\n  kubectl explain pods --recursive",
        "  # Get fields in the resource up to a specific recursive depth\n"
        "  kubectl explain pods --recursive --max-depth=2",
        "  # Get the explanation for deployment in supported api versions\n"
        "  kubectl explain deployments --api-version=apps/v1",
        "  # Get the documentation of a specific field of a resource\n  kubectl explain pods.spec.containers",
        "  # Get the documentation of resources in different format\n"
        "  kubectl explain deployment --output=plaintext-openapiv2",
    ]
)

USAGE = (
    "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] "
    "[-o|--output=plaintext|plaintext-openapiv2] [options]"
)

# a field name as client-go's jsonpath lexer reads one: up to the next terminator
_FIELD = re.compile(r"[^\s.,{}\[\]|()=!<>\"'@*$:]+")


def _nodes(text: str) -> list[str]:
    """explain.go jsonPathParse: the nodes of ``{.<text>}`` (a trailing dot ignored), every one a field but the
    first, which is the recursive-descent node when ``text`` starts with a dot (``{..spec}``)."""
    first, *rest = text.removesuffix(".").split(".")
    if (first and not _FIELD.fullmatch(first)) or not all(_FIELD.fullmatch(name) for name in rest):
        raise UsageError("invalid jsonpath syntax, first node must be field node")
    return [first, *rest]


def _resource(argument: str, with_prefix: bool) -> tuple[type, list[str]]:
    """The kind the argument names and its field path (``SplitAndParseResourceRequest[WithMatchingPrefix]``)."""
    names = _nodes(argument)
    if not names[0]:
        raise UsageError("invalid jsonpath syntax, first node must be field node")
    kind = resolve_resource(names[0])
    if kind is None:
        raise KubeSimError(f'the server doesn\'t have a resource type "{names[0]}"')  # checkErr's NoMatch: no prefix
    group_resource = f"{kind.RESOURCE}.{kind.GROUP}" if kind.GROUP else kind.RESOURCE
    if with_prefix and argument.startswith(group_resource):
        # the group-qualified resource is one name: the fields are the nodes after the first of what follows it
        suffix = argument[len(group_resource) :]
        return kind, _nodes(suffix)[1:] if suffix else []
    return kind, names[1:]


def _group_version(text: str) -> tuple[str, str]:
    """schema.ParseGroupVersion: ``v1``, ``apps/v1`` (an empty string is the empty group-version)."""
    if not text:
        return "", ""
    parts = text.split("/")
    if len(parts) == 1:
        return "", text
    if len(parts) == 2:
        return parts[0], parts[1]
    raise UsageError(f"unexpected GroupVersion string: {text}")


def run(inv: Invocation) -> int:
    args, max_depth = inv.args.positional, inv.flag("max-depth")
    if not args:
        raise UsageError(f"You must specify the type of resource to explain. {SUGGEST_API_RESOURCES}\n")
    if len(args) > 1:
        raise UsageError("We accept only this format: explain RESOURCE\n")
    if max_depth > 0 and not inv.flag("recursive"):
        raise UsageError("--max-depth requires --recursive")
    if max_depth < 0:
        raise UsageError("--max-depth must be non-negative")
    api_version = inv.flag("api-version")
    kind, fields = _resource(args[0], with_prefix=not api_version)
    output = inv.flag("output")
    group, _, version = kind.API_VERSION.rpartition("/")
    if api_version:
        group, version = _group_version(api_version)
    if output == PLAINTEXT_OPENAPIV2:
        text = print_v2_description((group, version, kind.KIND), fields, inv.flag("recursive"), max_depth)
        inv.out.raw(text)
        return 0
    gvr = (group, version, kind.RESOURCE)
    document = openapi_document(group_version_path(f"{group}/{version}" if group else version))
    if document is None:
        raise UsageError(f'couldn\'t find resource for "{group}/{version}, Resource={kind.RESOURCE}"')
    if output != PLAINTEXT:
        raise UsageError(f"unrecognized format: {output}")
    explained = print_model_description(document, gvr, fields, inv.flag("recursive"), max_depth)
    inv.out.raw(explained.text)
    if explained.error is not None:
        raise UsageError(explained.error.removeprefix("error: "))
    return 0


COMMAND = Command(
    "explain",
    "Get documentation for a resource",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    kubeconfig_use="rest",
)
