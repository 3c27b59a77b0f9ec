"""What ``kubectl create -f`` and ``kubectl apply -f`` share after visiting the manifests.

The request body decoded as the server decodes it under kubectl's
``--validate`` directive; the create request (cli-runtime's
``resource.Helper.Create``, or nothing sent for ``--dry-run=client``); and
their output: one line per object as it is written, or with ``-o`` every
object at the end as one List.
"""

from __future__ import annotations

from typing import Any

from .base import Invocation, dry_run_suffix
from .objects import decode_document, validation_mode
from .output import format_objects

__all__ = ["WrittenObjects", "create_object", "decode_request"]


def decode_request(inv: Invocation, kind: type, data: dict, patch: bool = False) -> Any:
    """The server's decode of the body kubectl sends; ``--validate=warn`` warnings go to stderr."""
    return decode_document(kind, data, validation_mode(inv.flag("validate")), warn=inv.out.err, patch=patch)


def create_object(inv: Invocation, kind: type, data: dict, mode: str) -> Any:
    """Create the object (a dry run for ``--dry-run=server``); ``--dry-run=client`` sends nothing."""
    obj = decode_request(inv, kind, data)
    if mode == "client":
        return obj
    return inv.cluster.api.create(obj, dry_run=mode == "server")


class WrittenObjects:
    """The output of a command that writes objects from manifests."""

    def __init__(self, inv: Invocation, mode: str):
        self.inv, self.suffix = inv, dry_run_suffix(mode)
        self.listing: list[Any] = []

    def add(self, obj: Any, verb: str) -> None:
        """``<kind>/<name> <verb>`` now, or the object kept for the ``-o`` listing."""
        if self.inv.flag("output"):
            self.listing.append(obj)
        else:
            self.inv.out.out(f"{obj.kind_prefix()}/{obj.name} {verb}{self.suffix}")

    def print_listing(self) -> None:
        if self.listing:
            self.inv.out.out(format_objects(self.listing, self.inv.flag("output"), single=len(self.listing) == 1))
