"""From an API path to what it is about: group, version, resource, namespace, name, subresource.

This module owns the URL shapes of the Kubernetes API (``staging/src/k8s.io/apiserver/pkg/endpoints/request/
requestinfo.go`` ``RequestInfoFactory.NewRequestInfo``), as leniently as go-restful reads them: repeated and
trailing slashes are ignored. ``kubesim serve`` routes its requests with it, our kubectl its ``get --raw``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..api.kinds import ALL_KINDS

__all__ = ["ApiPath", "kind_for_resource", "parse_path"]

NAMESPACE_SUBRESOURCES = ("status", "finalize")  # /api/v1/namespaces/<name>/status is the Namespace's own


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
