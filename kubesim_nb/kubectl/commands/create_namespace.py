"""``kubectl create namespace NAME``: a Namespace from flags (``pkg/cmd/create/create_namespace.go``)."""

from __future__ import annotations

from ...api.core import Namespace
from ..base import DRY_RUN_FLAG, Command, Invocation
from ..flags import Flag
from ..generators import one_name, send_and_print

__all__ = ["COMMAND"]

FLAGS = [DRY_RUN_FLAG, Flag("output", "o"), Flag("save-config", None, "bool", False)]

HELP = (
    "Create a namespace with the specified name.\n\nUsage:\n"
    "  kubectl create namespace NAME [--dry-run=server|client|none] [options]\n"
)


def run(inv: Invocation) -> int:
    return send_and_print(inv, Namespace.from_dict({"metadata": {"name": one_name(inv, "create namespace")}}))


COMMAND = Command("create namespace", "Create a namespace", HELP, FLAGS, run, kubeconfig_use="rest")
