"""Object metadata shared by every kind (apimachinery's ``metav1``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from .codec import clone, decode, encode, marshal, shallow_copy

__all__ = [
    "APIObject",
    "LabelSelector",
    "LabelSelectorRequirement",
    "ObjectMeta",
    "ObjectReference",
    "OwnerReference",
]

model = dataclass(kw_only=True, slots=True)


@model
class OwnerReference:
    api_version: str | None = None
    kind: str | None = None
    name: str | None = None
    uid: str | None = None
    controller: bool | None = None
    block_owner_deletion: bool | None = None


@model
class ObjectReference:
    kind: str | None = None
    namespace: str | None = None
    name: str | None = None
    uid: str | None = None
    api_version: str | None = None
    resource_version: str | None = None
    field_path: str | None = None  # a part of the object: "spec.containers{nginx}"


@model
class ObjectMeta:
    name: str | None = None
    generate_name: str | None = None
    namespace: str | None = None
    self_link: str | None = None
    uid: str | None = None
    resource_version: str | None = None
    generation: int | None = None
    creation_timestamp: str | None = None
    deletion_timestamp: str | None = None
    deletion_grace_period_seconds: int | None = None
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None
    owner_references: list[OwnerReference] | None = None
    finalizers: list[str] | None = None
    managed_fields: list[Any] | None = None


@model
class LabelSelectorRequirement:
    key: str | None = None
    operator: str | None = None
    values: list[str] | None = None


@model
class LabelSelector:
    match_labels: dict[str, str] | None = None
    match_expressions: list[LabelSelectorRequirement] | None = None


class APIObject:
    """Mixin for top-level kinds: type facts as class variables, codec helpers.

    Subclasses are dataclasses with ``api_version``, ``kind`` and ``metadata``.
    """

    API_VERSION: ClassVar[str]
    KIND: ClassVar[str]
    RESOURCE: ClassVar[str]  # plural, lower case: "services"
    GROUP: ClassVar[str] = ""  # "" for core, "apps", "discovery.k8s.io"
    NAMESPACED: ClassVar[bool] = True
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ()

    metadata: ObjectMeta

    @classmethod
    def from_dict(cls, data: dict) -> Any:
        return decode(cls, data)

    def to_dict(self) -> dict:
        data = encode(self)
        data["apiVersion"] = self.API_VERSION
        data["kind"] = self.KIND
        return data

    def marshal(self) -> dict:
        """The object as Go's ``encoding/json`` writes the typed struct kubectl holds in memory (an object it
        built or converted itself): ``kind`` and ``apiVersion`` first, then the fields in Go's order."""
        body = {k: v for k, v in marshal(self).items() if k not in ("apiVersion", "kind")}
        return {"kind": self.KIND, "apiVersion": self.API_VERSION, **body}

    def copy(self) -> Any:
        return clone(self)

    def with_status(self, status: Any) -> Any:
        """A new version of this object with another status, sharing the (unchanged) spec.

        Controllers write status far more often than anything else; copying only
        what changes keeps that cheap. The metadata is copied shallowly because the
        store stamps a new resourceVersion on it.
        """
        new = shallow_copy(self)
        new.metadata = shallow_copy(self.metadata)
        new.status = status
        return new

    @property
    def name(self) -> str:
        return self.metadata.name or ""

    @property
    def namespace(self) -> str:
        return self.metadata.namespace or ""

    @property
    def labels(self) -> dict[str, str]:
        return self.metadata.labels or {}

    @classmethod
    def qualified_resource(cls) -> str:
        """``services`` or ``deployments.apps``: the resource in server messages."""
        return cls.RESOURCE + (f".{cls.GROUP}" if cls.GROUP else "")

    @classmethod
    def qualified_kind(cls) -> str:
        """``Service`` or ``Deployment.apps``: the kind in server error messages."""
        return cls.KIND + (f".{cls.GROUP}" if cls.GROUP else "")

    @classmethod
    def group_version(cls) -> str:
        """``/v1``, ``apps/v1``: a schema.GroupVersion as Go prints it (the core group is empty)."""
        return cls.API_VERSION if "/" in cls.API_VERSION else "/" + cls.API_VERSION

    @classmethod
    def kind_prefix(cls) -> str:
        """``service`` or ``deployment.apps``: kubectl's ``-o name`` prefix."""
        return cls.KIND.lower() + (f".{cls.GROUP}" if cls.GROUP else "")

    @property
    def ref_name(self) -> str:
        return f"{self.kind_prefix()}/{self.name}"
