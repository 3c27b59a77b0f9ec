"""What the commands that build an object from flags share: ``create deployment|namespace|service``,
``run`` and ``expose``.

The generated objects are the ones real kubectl sends (see ``--dry-run=client
-o yaml``); the server then defaults and validates them like any other. This
is the common part of ``pkg/cmd/create/create.go`` (``CreateSubcommandOptions``):
the object as kubectl holds it before sending, sending it (or not, for
``--dry-run=client``), and the ``<kind>/<name> created`` line.
"""

from __future__ import annotations

from typing import Any

from ..api.apps import Deployment, ReplicaSet
from ..api.core import Namespace, Service
from ..errors import ApiError, UsageError
from .base import Invocation, dry_run_suffix, print_changed
from .flags import invalid_argument, invalid_syntax
from .objects import LAST_APPLIED, last_applied_json, validation_mode

__all__ = ["GeneratedObject", "one_name", "parse_pairs", "port_flag", "print_created", "send", "send_and_print"]


class GeneratedObject:
    """A generated object as ``--dry-run=client -o ...`` prints it (what kubectl holds before sending)."""

    def __init__(self, obj: Any, data: dict):
        self.obj, self.data, self.name = obj, data, obj.name

    def to_dict(self) -> dict:
        return self.data

    def kind_prefix(self) -> str:
        return self.obj.kind_prefix()


def _client_object(inv: Invocation, obj: Any, namespaced_output: bool) -> GeneratedObject:
    """The object kubectl's generators build: ``creationTimestamp: null``, an empty status
    (``loadBalancer: {}`` for Services), and a namespace only when ``-n`` was given."""
    data = obj.to_dict()
    metadata = data.setdefault("metadata", {})
    if not (namespaced_output and inv.explicit_namespace and type(obj).NAMESPACED):
        metadata.pop("namespace", None)
    metadata["creationTimestamp"] = None
    template = data.get("spec", {}).get("template") if isinstance(obj, (Deployment, ReplicaSet)) else None
    if template is not None:
        template.setdefault("metadata", {})["creationTimestamp"] = None
    if isinstance(obj, Namespace):
        data.setdefault("spec", {})
    data["status"] = {"loadBalancer": {}} if isinstance(obj, Service) else {}
    return GeneratedObject(obj, data)


def send(inv: Invocation, obj: Any, wrap: str | None = None, namespaced_output: bool = True) -> Any:
    """Create a generated object, or keep it client-side for ``--dry-run=client``.

    ``wrap`` prefixes a server error the way the generator's command does
    (``failed to create deployment: ...``); ``namespaced_output=False`` leaves the
    namespace out of the client-side object even with ``-n`` (``kubectl run``).
    """
    mode = inv.dry_run_mode()
    validation_mode(inv.flag("validate"))  # an invalid --validate is refused, though generated objects are valid
    if inv.flag("save-config"):
        # --save-config: the generated object becomes the last-applied configuration
        generated = _client_object(inv, obj, namespaced_output).to_dict()
        obj = obj.copy()
        obj.metadata.annotations = {**(obj.metadata.annotations or {}), LAST_APPLIED: last_applied_json(generated)}
    if mode == "client":
        return _client_object(inv, obj, namespaced_output)
    try:
        return inv.cluster.api.create(obj, dry_run=mode == "server")
    except ApiError as err:
        if wrap is None:
            raise
        raise UsageError(f"{wrap}: {err.message}") from None


def print_created(inv: Invocation, obj: Any, verb: str = "created") -> None:
    """``<kind>/<name> created[ (dry run)]``, or the object for ``-o``."""
    print_changed(inv, obj, f"{verb}{dry_run_suffix(inv.flag('dry-run'))}")


def send_and_print(inv: Invocation, obj: Any, verb: str = "created", wrap: str | None = None) -> int:
    """Send a generated object (or keep it for ``--dry-run=client``) and report it as kubectl does."""
    print_created(inv, send(inv, obj, wrap), verb)
    return 0


def one_name(inv: Invocation, command: str) -> str:
    """The NAME argument a generator needs, exactly one."""
    count = len(inv.args.positional)
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
