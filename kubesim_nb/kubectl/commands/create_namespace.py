"""``kubectl create namespace NAME``: a Namespace from flags (``pkg/cmd/create/create_namespace.go``)."""

from __future__ import annotations

from ...api.core import Namespace
from ...errors import UsageError
from ..base import Command, Invocation
from ..flagsets import generator_flags
from ..generators import Generator, one_name

__all__ = ["COMMAND"]

FLAGS = generator_flags()

HELP = "Create a namespace with the specified name."
EXAMPLES = """  # Create a new namespace named shop
  kubectl create namespace shop"""
USAGE = "kubectl create namespace NAME [--dry-run=server|client|none] [options]"


def run(inv: Invocation) -> int:
    name = one_name(inv, "create namespace")
    generator = Generator(inv)
    if not name:
        raise UsageError("name must be specified")
    namespace = Namespace.from_dict({"metadata": {"name": name}})
    return generator.send_and_print(generator.annotated(namespace))


COMMAND = Command(
    "create namespace",
    "Create a namespace with the specified name",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    aliases=("ns",),
    kubeconfig_use="rest",
)
