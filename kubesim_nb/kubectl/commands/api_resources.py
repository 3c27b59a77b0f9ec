"""``kubectl api-resources``: the resource types the server serves (``pkg/cmd/apiresources/apiresources.go``)."""

from __future__ import annotations

from ...api.kinds import ALL_KINDS
from ..base import Command, Invocation
from ..flags import Flag, go_list
from ..flagsets import NO_HEADERS_FLAG, SHOW_MANAGED_FIELDS_FLAG
from ..printers import format_table

__all__ = ["COMMAND"]

FLAGS = [
    Flag("api-group", usage="Limit to resources in the specified API group.", implemented=False),
    Flag("cached", kind="bool", usage="Use the cached list of resources if available."),
    Flag(
        "categories",
        kind="list",
        usage="Limit to resources that belong to the specified categories.",
        implemented=False,
    ),
    Flag(
        "namespaced",
        kind="bool",
        default=True,
        usage="If false, non-namespaced resources will be returned, otherwise returning namespaced resources by "
        "default.",
    ),
    NO_HEADERS_FLAG,
    Flag("output", short="o", usage="Output format. One of: (json, yaml, kyaml, name, wide)."),
    SHOW_MANAGED_FIELDS_FLAG,
    Flag(
        "sort-by",
        usage="If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.",
        implemented=False,
    ),
    Flag("verbs", kind="list", usage="Limit to resources that support the specified verbs.", implemented=False),
]

HELP = "Print the supported API resources on the server."
EXAMPLES = """  # Print the supported API resources
  kubectl api-resources

  # Print the supported non-namespaced resources
  kubectl api-resources --namespaced=false"""


def run(inv: Invocation) -> int:
    if inv.args.positional:
        raise inv.usage_error(f"unexpected arguments: {go_list(inv.args.positional)}")
    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    for kind in sorted(ALL_KINDS, key=lambda k: (k.GROUP, k.RESOURCE)):
        if "namespaced" in inv.args.given and kind.NAMESPACED != inv.flag("namespaced"):
            continue
        namespaced = str(kind.NAMESPACED).lower()
        rows.append([kind.RESOURCE, ",".join(kind.SHORT_NAMES), kind.API_VERSION, namespaced, kind.KIND])
    if inv.flag("output") == "name":
        inv.out.out("\n".join(r[0] + (f".{r[2].split('/')[0]}" if "/" in r[2] else "") for r in rows[1:]))
        return 0
    inv.out.out(format_table(rows[1:] if inv.flag("no-headers") else rows).rstrip("\n"))
    return 0


COMMAND = Command(
    "api-resources",
    "Print the supported API resources on the server",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage="kubectl api-resources [flags] [options]",
    kubeconfig_use="rest",
)
