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
from .output import Printer, printer_for, typed_list

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
    """The output of a command that writes objects from manifests.

    ``create`` chooses its printer first and prints each object as it is
    written (create.go RunCreate); ``apply`` prints ``<kind>/<name> <verb>``
    lines as it goes but keeps the objects for ``-o json|yaml|...`` and prints
    them at the end, one object alone or several as a List (apply.go
    ``printObjects``), so a bad ``-o`` only shows once there is something to print.
    """

    def __init__(self, inv: Invocation, mode: str, *, collect: bool):
        self.inv, self.suffix, self.collect = inv, dry_run_suffix(mode), collect
        self.printer = None if collect else self._printer()
        self.listing: list[Any] = []

    def _printer(self) -> Printer:
        return printer_for(self.inv.flag("output"), self.inv.flag("template"), cwd=self.inv.cwd)

    def add(self, obj: Any, verb: str) -> None:
        """Print the object (``<kind>/<name> <verb>`` without ``-o``), or keep it for the listing."""
        if self.collect and self.inv.flag("output") not in (None, "", "name"):
            self.listing.append(obj)
            return
        (self.printer or self._printer()).print(self.inv.out, [obj], operation=f"{verb}{self.suffix}")

    def print_listing(self) -> None:
        if self.listing:
            printed = self.listing[0] if len(self.listing) == 1 else typed_list(self.listing)
            self._printer().print(self.inv.out, [printed])
