"""``kubectl create namespace NAME``: a Namespace from flags (``pkg/cmd/create/create_namespace.go``)."""

from __future__ import annotations

from ...api.core import Namespace
from ...errors import UsageError
from ..base import Command, Invocation
from ..generators import GENERATOR_FLAGS, Generator, one_name

__all__ = ["COMMAND"]

HELP = (
    "Create a namespace with the specified name.\n\nUsage:\n"
    "  kubectl create namespace NAME [--dry-run=server|client|none] [options]\n"
)


def run(inv: Invocation) -> int:
    name = one_name(inv, "create namespace")
    generator = Generator(inv)
    if not name:
        raise UsageError("name must be specified")
    namespace = Namespace.from_dict({"metadata": {"name": name}})
    return generator.send_and_print(generator.annotated(namespace))


COMMAND = Command("create namespace", "Create a namespace", HELP, GENERATOR_FLAGS, run, kubeconfig_use="rest")
