"""``kubectl describe``: by name, name prefix, ``-l``, or every object of a type (``pkg/cmd/describe/describe.go``).

The text of each object comes from the describers, :mod:`kubesim_nb.kubectl.describe`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import ApiError, KubeSimError, UsageError
from ..base import Command, Invocation
from ..builder import check_no_args_with_files, objects_from_files, selector_from_flag, warn_if_deprecated
from ..describe import describe
from ..errors import print_errors
from ..flags import Flag
from ..flagsets import ALL_NAMESPACES_FLAG, CHUNK_SIZE_FLAG, SELECTOR_FLAG, filename_flags
from ..resources import parse_resource_args

__all__ = ["COMMAND"]

FLAGS = [
    ALL_NAMESPACES_FLAG,
    CHUNK_SIZE_FLAG,
    *filename_flags("Filename, directory, or URL to files containing the resource to describe"),
    SELECTOR_FLAG,
    Flag(
        "show-events",
        kind="bool",
        default=True,
        usage="If true, display events related to the described object. Defaults to true for a single object, false "
        "for multiple objects and prefix matching.",
    ),
]

HELP = """Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You
may select a single object by name, all objects of that type, provide a name prefix, or label selector."""

EXAMPLES = """  # Describe a service: its selector, ports and the endpoints behind it
  kubectl describe service web-service

  # Describe pods by label
  kubectl describe pods -l app=web"""

USAGE = "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]"


@dataclass
class Described:
    """The objects to describe, the errors for those not found, and whether a name was taken as a prefix."""

    found: list = field(default_factory=list)
    errors: list[KubeSimError] = field(default_factory=list)
    by_prefix: bool = False


def _described(inv: Invocation) -> Described:
    """The objects to describe, and the errors for those not found: from ``-f``, by name or name prefix, or
    every object of a type (``-l`` filters them)."""
    if inv.flag("filename"):
        check_no_args_with_files(inv.args.positional)
        return Described(*objects_from_files(inv))
    if not inv.args.positional:
        raise UsageError(
            'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of '
            "supported resources."
        )
    requests, _ = parse_resource_args(inv.args.positional)
    api = inv.cluster.api
    all_namespaces = bool(inv.flag("all-namespaces"))
    described = Described()
    found, errors = described.found, described.errors
    for request in requests:
        kind = request.kind
        namespace = inv.namespace if kind.NAMESPACED else ""
        warn_if_deprecated(inv, kind)
        if request.names:
            for name in request.names:
                obj = api.find(kind, namespace, name)
                if obj is not None:
                    found.append(obj)
                    continue
                prefixed = [o for o in api.list(kind, namespace or None) if o.name.startswith(name)]
                if prefixed:
                    found += prefixed
                    described.by_prefix = True
                else:
                    errors.append(ApiError.not_found(kind.qualified_resource(), name))
        else:
            selector = selector_from_flag(kind, inv.flag("selector"))
            objects = api.list(kind, None if all_namespaces or not kind.NAMESPACED else namespace, selector)
            if not objects:
                where = "" if all_namespaces or not kind.NAMESPACED else f" in {namespace} namespace"
                inv.out.err(f"No resources found{where}.")
            found += objects
    return described


def run(inv: Invocation) -> int:
    described = _described(inv)
    texts = [describe(obj, inv.cluster.api, inv.now).rstrip("\n") + "\n" for obj in described.found]
    # describe.go Run: events only for a single object found as named, unless --show-events says otherwise
    single = len(texts) <= 1 and not described.errors and not described.by_prefix
    if not (inv.flag("show-events") if "show-events" in inv.args.given else single):
        texts = [_without_events(text) for text in texts]
    if described.by_prefix:  # DescribeMatchingResources: each followed by a blank line
        inv.out.raw("".join(text + "\n" for text in texts))
    elif texts:
        inv.out.raw("\n\n".join(texts))
    print_errors(inv.out, described.errors)
    return 1 if described.errors else 0


def _without_events(text: str) -> str:
    """``--show-events=false``: the trailing ``Events:`` block is not printed at all."""
    lines = text.rstrip("\n").split("\n")
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith("Events:"):
            return "\n".join(lines[:i]) + "\n"
    return text


COMMAND = Command(
    "describe",
    "Show details of a specific resource or group of resources",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    suggest_for=("inspect",),
)
