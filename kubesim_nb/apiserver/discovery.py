"""Discovery: which groups, versions and resources the server has, generated from :mod:`kubesim_nb.api.kinds`.

This module owns the aggregated form (``apidiscovery.k8s.io/v2`` ``APIGroupDiscoveryList``, answered on
``/api`` and ``/apis`` when the client asks for it, as ``staging/src/k8s.io/apiserver/pkg/endpoints/
discovery/aggregated/handler.go`` does) and the legacy documents (``APIVersions``, ``APIGroupList``,
``APIGroup``, ``APIResourceList``; ``staging/src/k8s.io/apiserver/pkg/endpoints/discovery``). kubectl reads
short names, the ``all`` category, scopes and the ``scale`` subresource from here: the real one through
``kubesim serve``, ours (``api-versions``, ``get --raw``) directly.
"""

from __future__ import annotations

from typing import Any

from ..api.kinds import ALL_CATEGORY, ALL_KINDS, SUBRESOURCES

__all__ = [
    "aggregated",
    "api_group",
    "api_group_list",
    "api_resource_list",
    "api_versions",
    "group_versions",
    "groups",
]

VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
SUBRESOURCE_VERBS = {"log": ["get"], "scale": ["get", "patch", "update"], "status": ["get", "patch", "update"]}
SCALE_KIND = {"group": "autoscaling", "version": "v1", "kind": "Scale"}


def groups() -> dict[str, list[type]]:
    """Group name -> its kinds sorted by resource; the core group ``""`` first, then by name."""
    found: dict[str, list[type]] = {}
    for kind in sorted(ALL_KINDS, key=lambda k: (k.GROUP, k.RESOURCE)):
        found.setdefault(kind.GROUP, []).append(kind)
    return found


def _version(kind: type) -> str:
    return kind.API_VERSION.split("/")[-1]


def _gvk(kind: type) -> dict[str, str]:
    return {"group": kind.GROUP, "version": _version(kind), "kind": kind.KIND}


def _subresource_kind(kind: type, subresource: str) -> dict[str, str]:
    return SCALE_KIND if subresource == "scale" else _gvk(kind)


def _resource(kind: type) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "resource": kind.RESOURCE,
        "responseKind": _gvk(kind),
        "scope": "Namespaced" if kind.NAMESPACED else "Cluster",
        "singularResource": kind.KIND.lower(),
        "verbs": VERBS,
    }
    if kind.SHORT_NAMES:
        entry["shortNames"] = list(kind.SHORT_NAMES)
    if kind in ALL_CATEGORY:
        entry["categories"] = ["all"]
    subresources = SUBRESOURCES.get(kind, ())
    if subresources:
        entry["subresources"] = [
            {"subresource": sub, "responseKind": _subresource_kind(kind, sub), "verbs": SUBRESOURCE_VERBS[sub]}
            for sub in subresources
        ]
    return entry


def aggregated(core: bool) -> dict[str, Any]:
    """The ``APIGroupDiscoveryList`` of ``/api`` (``core``) or ``/apis``."""
    items = []
    for group, kinds in groups().items():
        if (group == "") != core:
            continue
        version = {"version": _version(kinds[0]), "resources": [_resource(k) for k in kinds], "freshness": "Current"}
        items.append({"metadata": {"name": group, "creationTimestamp": None}, "versions": [version]})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {}, "items": items}


def api_versions(server_address: str) -> dict[str, Any]:
    """``/api``, the legacy way: the core group's versions."""
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}],
    }


def api_group(group: str) -> dict[str, Any] | None:
    """``/apis/<group>``; None for a group the server does not have."""
    kinds = groups().get(group)
    if not group or not kinds:
        return None
    version = {"groupVersion": kinds[0].API_VERSION, "version": _version(kinds[0])}
    return {"kind": "APIGroup", "apiVersion": "v1", "name": group, "versions": [version], "preferredVersion": version}


def api_group_list() -> dict[str, Any]:
    """``/apis``, the legacy way."""
    found = [api_group(group) for group in groups() if group]
    return {
        "kind": "APIGroupList",
        "apiVersion": "v1",
        "groups": [{k: v for k, v in g.items() if k not in ("kind", "apiVersion")} for g in found if g],
    }


def api_resource_list(group: str, version: str) -> dict[str, Any] | None:
    """``/api/v1`` or ``/apis/<group>/<version>``: the resources and subresources; None when not served."""
    kinds = [k for k in groups().get(group, []) if _version(k) == version]
    if not kinds:
        return None
    resources = []
    for kind in kinds:
        entry = _resource(kind)
        resources.append(
            {
                "name": kind.RESOURCE,
                "singularName": entry["singularResource"],
                "namespaced": kind.NAMESPACED,
                "kind": kind.KIND,
                "verbs": VERBS,
                **({"shortNames": entry["shortNames"]} if "shortNames" in entry else {}),
                **({"categories": entry["categories"]} if "categories" in entry else {}),
            }
        )
        for sub in entry.get("subresources", []):
            response = sub["responseKind"]
            extra = (
                {"group": response["group"], "version": response["version"]} if sub["subresource"] == "scale" else {}
            )
            resources.append(
                {
                    "name": f"{kind.RESOURCE}/{sub['subresource']}",
                    "singularName": "",
                    "namespaced": kind.NAMESPACED,
                    **extra,
                    "kind": response["kind"],
                    "verbs": sub["verbs"],
                }
            )
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": kinds[0].API_VERSION, "resources": resources}


def group_versions() -> list[str]:
    """``metav1.ExtractGroupVersions`` of the groups: ``v1``, ``apps/v1``, ..."""
    return ["v1", *(group["preferredVersion"]["groupVersion"] for group in api_group_list()["groups"])]
