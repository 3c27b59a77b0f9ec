"""Field selectors: which fields of which kinds a ``fieldSelector`` may name, and the filter it makes.

This module owns the selectable fields of the registries (``pkg/registry/core/pod/strategy.go``
``PodToSelectableFields``, ``pkg/registry/core/service/strategy.go``, ``pkg/registry/core/event/strategy.go``
(:data:`kubesim_nb.api.events.SELECTABLE_FIELDS`, which ``describe`` uses), and ``metadata.name`` /
``metadata.namespace`` for every kind) and the parse of ``fields.ParseSelector``
(``staging/src/k8s.io/apimachinery/pkg/fields/selector.go``: ``=``, ``==``, ``!=``, terms separated by
commas, empty terms skipped). A selector the server cannot use is its BadRequest (which kubectl's
resource builder wraps in ``Unable to find ...``).
"""

from __future__ import annotations

from typing import Any, Callable

from ..errors import ApiError
from .events import SELECTABLE_FIELDS as EVENT_FIELDS

__all__ = ["field_filter"]

_FIELDS = {
    "metadata.name": lambda o: o.metadata.name,
    "metadata.namespace": lambda o: o.metadata.namespace or "",
    "status.phase": lambda o: (o.status.phase or "") if getattr(o, "status", None) is not None else "",
    "spec.nodeName": lambda o: (o.spec.node_name or "") if hasattr(o.spec, "node_name") else "",
    "status.podIP": lambda o: (o.status.pod_ip or "") if hasattr(getattr(o, "status", None), "pod_ip") else "",
    "spec.type": lambda o: (o.spec.type or "") if hasattr(o.spec, "type") else "",
    **EVENT_FIELDS,
}


# the field selectors only Pods, only Services support
_POD_FIELDS = ("status.phase", "spec.nodeName", "status.podIP")
_SERVICE_FIELDS = ("spec.type",)


def field_filter(kind: type, text: str | None) -> Callable[[Any], bool]:
    """The filter of a field selector (``status.phase=Running,spec.nodeName!=n1``); empty terms are skipped."""
    if not text:
        return lambda obj: True
    terms = []
    for term in (t for t in text.split(",") if t.strip()):
        for op in ("!=", "==", "="):
            if op in term:
                key, value = term.split(op, 1)
                break
        else:
            raise ApiError.bad_request(f"invalid selector: '{text}'; can't understand '{term}'")
        field = key.strip()
        supported = (
            field in _FIELDS
            and (field not in _POD_FIELDS or kind.KIND == "Pod")
            and (field not in _SERVICE_FIELDS or kind.KIND == "Service")
            and (field not in EVENT_FIELDS or kind.KIND == "Event")
        )
        if not supported:
            raise ApiError.bad_request(f"field label not supported: {field}")
        terms.append((_FIELDS[field], op == "!=", value.strip()))
    return lambda obj: all((get(obj) != value) if negate else (get(obj) == value) for get, negate, value in terms)
