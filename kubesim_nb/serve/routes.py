"""From a request's URL to what it is about: group, version, resource, namespace, name, subresource.

This module owns the URL shapes of the Kubernetes API (``staging/src/k8s.io/apiserver/pkg/endpoints/request/
requestinfo.go`` ``RequestInfoFactory.NewRequestInfo``), as leniently as go-restful and apimachinery read
them: repeated and trailing slashes are ignored, a repeated query key keeps its first value, empty selector
terms are skipped (kr8s sends ``metadata.name=web,``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from ..api.kinds import ALL_KINDS

__all__ = ["ApiPath", "Query", "accepts", "kind_for_resource", "parse_path"]

NAMESPACE_SUBRESOURCES = ("status", "finalize")  # /api/v1/namespaces/<name>/status is the Namespace's own


def accepts(accept: str, *parameters: str) -> bool:
    """One of the media types an ``Accept`` header lists carries all ``parameters`` (``as=Table``, ``g=...``)."""
    for media_type in accept.split(","):
        given = [p.strip() for p in media_type.split(";")]
        if all(p in given for p in parameters):
            return True
    return False


def kind_for_resource(group: str, version: str, resource: str) -> type | None:
    """The kind served at ``/apis/<group>/<version>/<resource>`` (``/api/v1/...`` for the core group)."""
    for kind in ALL_KINDS:
        if kind.GROUP == group and kind.API_VERSION.split("/")[-1] == version and kind.RESOURCE == resource:
            return kind
    return None


@dataclass(frozen=True)
class ApiPath:
    """A path under ``/api`` or ``/apis``; ``resource`` is empty for a discovery document."""

    prefix: str  # "api" (the core group) or "apis"
    group: str = ""
    version: str = ""
    namespace: str = ""
    resource: str = ""
    name: str = ""
    subresource: str = ""
    group_only: bool = False  # /apis/<group>: the group's discovery

    @property
    def discovery(self) -> bool:
        return not self.resource


def parse_path(path: str) -> ApiPath | None:
    """The parts of an API path, or None when it is not one (``/version``, ``/openapi/v3``, unknown)."""
    parts = [p for p in path.split("/") if p]
    if not parts or parts[0] not in ("api", "apis"):
        return None
    prefix = parts[0]
    if prefix == "api":
        group, rest = "", parts[1:]
    else:
        if len(parts) == 1:
            return ApiPath(prefix)  # /apis: the groups
        group, rest = parts[1], parts[2:]
        if not rest:
            return ApiPath(prefix, group, group_only=True)
    if not rest:
        return ApiPath(prefix)  # /api: the core group's versions
    version, rest = rest[0], rest[1:]
    namespace = ""
    if len(rest) >= 3 and rest[0] == "namespaces" and rest[2] not in NAMESPACE_SUBRESOURCES:
        namespace, rest = rest[1], rest[2:]
    if len(rest) > 3:
        return None
    resource, name, subresource = (rest + ["", "", ""])[:3]
    return ApiPath(prefix, group, version, namespace, resource, name, subresource)


@dataclass(frozen=True)
class Query:
    """The query string: the first value of each key (Go's ``url.Values.Get``)."""

    values: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, target: str) -> "Query":
        return cls(parse_qs(urlsplit(target).query, keep_blank_values=True))

    def get(self, key: str, default: str = "") -> str:
        found = self.values.get(key)
        return found[0] if found else default

    def all(self, key: str) -> list[str]:
        return list(self.values.get(key, []))

    def flag(self, key: str) -> bool:
        """A boolean parameter as apimachinery's query decoder reads it (``true``, ``1``)."""
        return self.get(key).lower() in ("true", "1")

    def integer(self, key: str) -> int | None:
        text = self.get(key)
        try:
            return int(text) if text else None
        except ValueError:
            return None
