"""``kubectl create namespace NAME``: a Namespace from flags (``pkg/cmd/create/create_namespace.go``)."""

from __future__ import annotations

from ...api.core import Namespace
from ..base import Command, Invocation
from ..flagsets import generator_flags
from ..generators import one_name, send_and_print

__all__ = ["COMMAND"]

FLAGS = generator_flags()

HELP = "Create a namespace with the specified name."
EXAMPLES = """  # Create a new namespace named shop
  kubectl create namespace shop"""
USAGE = "kubectl create namespace NAME [--dry-run=server|client|none] [options]"


def run(inv: Invocation) -> int:
    return send_and_print(inv, Namespace.from_dict({"metadata": {"name": one_name(inv, "create namespace")}}))


COMMAND = Command(
    "create namespace",
    "Create a namespace with the specified name",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    aliases=("ns",),
)
