"""Objects kubectl holds as typed Go structs, and sending the ones its ``create <kind>`` generators build.

``create configmap|secret|job|cronjob|ingress`` build a typed object, and ``set image|env|selector`` convert
what they read into one (``scheme.Scheme``). kubectl prints such an object as Go marshals the struct
(:meth:`APIObject.marshal`): ``-o json`` keeps Go's field order and shows the struct values (``status: {}``),
``-o yaml`` sorts the keys as for every object (sigs.k8s.io/yaml goes through a map).

:func:`create_built` is the common end of ``Run`` in ``pkg/cmd/create/create_{configmap,secret,job,cronjob,
ingress}.go``: ``util.CreateOrUpdateAnnotation`` for ``--save-config``, the create request (none for
``--dry-run=client``), and ``PrintObj``.
"""

from __future__ import annotations

from typing import Any

from ..errors import ApiError, UsageError
from .base import Invocation, dry_run_suffix, print_changed
from .objects import LAST_APPLIED, validation_mode
from .output import TypedObject as GoStruct
from .output import compact_json, printer_for

__all__ = [
    "TypedObject",
    "check_generator_flags",
    "check_output_format",
    "create_built",
    "generated_namespace",
]


class TypedObject(GoStruct):
    """An API object as kubectl holds it in a typed struct (:class:`~.output.TypedObject`): its data is what
    the struct marshals to (:meth:`APIObject.marshal`), printed in Go's field order."""

    def __init__(self, obj: Any):
        super().__init__(obj.marshal(), type(obj))
        self.obj = obj


def check_output_format(inv: Invocation) -> None:
    """``PrintFlags.ToPrinter`` in ``Complete``: an unknown ``-o`` fails before anything is built or sent."""
    if inv.flag("output") or inv.flag("template"):
        printer_for(inv.flag("output"), inv.flag("template"), cwd=inv.cwd)


def generated_namespace(inv: Invocation) -> str | None:
    """The namespace a generator writes into its object: only one given with ``-n`` (``EnforceNamespace``)."""
    return inv.namespace if inv.explicit_namespace else None


def _save_config(obj: Any) -> Any:
    """``--save-config``: the object itself, as compact Go JSON, becomes its last-applied configuration."""
    annotations = {k: v for k, v in (obj.metadata.annotations or {}).items() if k != LAST_APPLIED}
    bare = obj.copy()
    bare.metadata.annotations = annotations or None
    text = compact_json(bare.marshal(), keep_order=True) + "\n"
    saved = obj.copy()
    saved.metadata.annotations = {**annotations, LAST_APPLIED: text}
    return saved


def create_built(inv: Invocation, obj: Any, failure: str) -> int:
    """Create what a generator built (``--dry-run=client`` sends nothing) and print it as kubectl does.

    ``failure`` starts the message of a rejected request (``failed to create configmap: ``)."""
    mode = inv.dry_run_mode()
    if inv.flag("save-config"):
        obj = _save_config(obj)
    if mode != "client":
        # the body kubectl sends: the struct as Go encodes it (empty maps and lists are not sent)
        request = type(obj).from_dict({k: v for k, v in obj.marshal().items() if k not in ("kind", "apiVersion")})
        request.metadata.namespace = inv.namespace if type(obj).NAMESPACED else None
        try:
            obj = inv.cluster.api.create(request, dry_run=mode == "server")
        except ApiError as err:
            raise UsageError(failure + err.message) from None
    print_changed(inv, TypedObject(obj), f"created{dry_run_suffix(mode)}")
    return 0


def check_generator_flags(inv: Invocation) -> str:
    """What every generator's ``Complete`` checks before building: ``--dry-run``, ``-o``, ``--validate``."""
    mode = inv.dry_run_mode()
    check_output_format(inv)
    validation_mode(inv.flag("validate"))
    return mode
