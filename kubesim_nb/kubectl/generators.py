"""What the commands that build an object from flags share: ``create deployment|namespace|service``,
``run`` and ``expose``.

The generated objects are the ones real kubectl sends (see ``--dry-run=client
-o yaml``); the server then defaults and validates them like any other. This
is the common part of ``pkg/cmd/create/create.go`` (``CreateSubcommandOptions``):
the printer ``-o`` asks for (checked before anything is sent), the object as
kubectl holds it (a typed Go struct, :class:`~.output.TypedObject`), the
``--save-config`` annotation (``pkg/util/apply.go CreateOrUpdateAnnotation``),
sending it (or not, for ``--dry-run=client``), and the ``<kind>/<name>
created`` line.
"""

from __future__ import annotations

from typing import Any

from ..api.core import Namespace, Service
from ..errors import ApiError, UsageError
from .base import Invocation, dry_run_suffix
from .flags import invalid_argument, invalid_syntax
from .objects import LAST_APPLIED, validation_mode
from .output import Printer, TypedObject, compact_json, printer_for

__all__ = ["Generator", "one_name", "parse_pairs", "port_flag"]


class Generator:
    """One run of a generator command: its printer, chosen before anything else happens
    (``PrintFlags.ToPrinter`` in ``Complete``), and the objects it sends and prints."""

    def __init__(self, inv: Invocation):
        self.inv = inv
        self.mode = inv.dry_run_mode()
        self.printer: Printer = printer_for(inv.flag("output"), inv.flag("template"), cwd=inv.cwd)
        validation_mode(inv.flag("validate"))  # GetValidationDirective

    def client_object(self, obj: Any) -> TypedObject:
        """The object as kubectl's generator built it: only what was set (``metav1.Time`` is ``omitzero``
        since 1.34, so no ``creationTimestamp``), an empty status (``loadBalancer: {}`` for a Service),
        ``spec: {}`` for a Namespace, and a namespace only when ``-n`` was given (EnforceNamespace)."""
        data = _typed(obj).data
        if not (self.inv.explicit_namespace and type(obj).NAMESPACED):
            data["metadata"].pop("namespace", None)
        if isinstance(obj, Namespace):
            data.setdefault("spec", {})
        data["status"] = {"loadBalancer": {}} if isinstance(obj, Service) else {}
        return TypedObject(data, type(obj))

    def annotated(self, obj: Any) -> Any:
        """``--save-config``: the generated object, as compact JSON in Go's field order, becomes its
        last-applied configuration (with the JSON encoder's final newline)."""
        if not self.inv.flag("save-config"):
            return obj
        annotation = compact_json(self.client_object(obj).to_dict(), keep_order=True) + "\n"
        obj = obj.copy()
        obj.metadata.annotations = {**(obj.metadata.annotations or {}), LAST_APPLIED: annotation}
        return obj

    def send(self, obj: Any, wrap: str | None = None) -> Any:
        """Create the object, or keep it client-side for ``--dry-run=client``; either way kubectl holds a
        typed object (its client decodes the server's answer into the Go struct).

        ``wrap`` prefixes a server error the way the generator's command does
        (``failed to create deployment: ...``).
        """
        if self.mode == "client":
            return self.client_object(obj)
        try:
            return _typed(self.inv.cluster.api.create(obj, dry_run=self.mode == "server"))
        except ApiError as err:
            if wrap is None:
                raise
            raise UsageError(f"{wrap}: {err.message}") from None

    def print(self, obj: Any, verb: str = "created") -> None:
        """``<kind>/<name> created[ (dry run)]``, or the object as ``-o`` asks."""
        self.printer.print(self.inv.out, [obj], operation=f"{verb}{dry_run_suffix(self.mode)}")

    def send_and_print(self, obj: Any, verb: str = "created", wrap: str | None = None) -> int:
        """Send a generated object (or keep it for ``--dry-run=client``) and report it as kubectl does."""
        self.print(self.send(obj, wrap), verb)
        return 0


def _typed(obj: Any) -> TypedObject:
    """An API object as a typed Go struct: TypeMeta (``kind``, ``apiVersion``) first, then its fields in the
    order the dataclasses declare them (Go's)."""
    data = obj.to_dict()
    return TypedObject({"kind": data.pop("kind"), "apiVersion": data.pop("apiVersion"), **data}, type(obj))


def one_name(inv: Invocation, command: str) -> str:
    """The NAME argument a generator needs, exactly one (``NameFromCommandArgs``: arguments after ``--``
    are the command, not names)."""
    count = len(inv.args.positional) if inv.args.dash_at is None else inv.args.dash_at
    if count != 1:
        raise UsageError(
            f"exactly one NAME is required, got {count}", hint=f"See 'kubectl {command} -h' for help and examples"
        )
    return inv.args.positional[0]


def port_flag(inv: Invocation) -> int | None:
    """``--port`` (a string flag in run.go and expose.go) as a number, if given."""
    text = inv.flag("port")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise UsageError(invalid_argument(text, "--port", invalid_syntax("strconv.ParseInt", text))) from None


def parse_pairs(text: str | None, what: str) -> dict[str, str]:
    """``--labels``/``--selector`` as ``key=value,key=value``."""
    pairs = {}
    for item in filter(None, (text or "").split(",")):
        key, eq, value = item.partition("=")
        if not eq:
            raise UsageError(f"invalid {what}: {item}")
        pairs[key] = value
    return pairs
