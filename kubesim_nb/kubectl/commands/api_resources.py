"""``kubectl api-resources``: the resource types the server serves (``pkg/cmd/apiresources/apiresources.go``)."""

from __future__ import annotations

from ...api.kinds import ALL_KINDS
from ..base import Command, Invocation
from ..flags import Flag
from ..printers import format_table

__all__ = ["COMMAND"]

FLAGS = [Flag("namespaced", None, "str", None), Flag("output", "o"), Flag("no-headers", None, "bool", False)]

HELP = "Print the supported API resources on the server.\n\nUsage:\n  kubectl api-resources [flags] [options]\n"


def run(inv: Invocation) -> int:
    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    for kind in sorted(ALL_KINDS, key=lambda k: (k.GROUP, k.RESOURCE)):
        if inv.flag("namespaced") is not None and str(kind.NAMESPACED).lower() != inv.flag("namespaced").lower():
            continue
        namespaced = str(kind.NAMESPACED).lower()
        rows.append([kind.RESOURCE, ",".join(kind.SHORT_NAMES), kind.API_VERSION, namespaced, kind.KIND])
    if inv.flag("output") == "name":
        inv.out.out("\n".join(r[0] + (f".{r[2].split('/')[0]}" if "/" in r[2] else "") for r in rows[1:]))
        return 0
    inv.out.out(format_table(rows[1:] if inv.flag("no-headers") else rows).rstrip("\n"))
    return 0


COMMAND = Command(
    "api-resources", "Print the supported API resources on the server", HELP, FLAGS, run, kubeconfig_use="rest"
)
