"""Strategic merge patches and the three-way merge behind ``kubectl apply``, shared by kubectl and the
API server (apimachinery's ``staging/src/k8s.io/apimachinery/pkg/util/strategicpatch``).

``original`` is the last-applied configuration, ``modified`` the new manifest
and ``current`` the live object. A field in ``modified`` wins; a field that was
in ``original`` but is no longer in ``modified`` is removed; everything else
the server or controllers set (clusterIP, nodePort, status) is kept. Lists of
objects with a merge key (containers by ``name``, Service ports by ``port``...)
merge item by item, other lists are replaced whole — as in Kubernetes' types.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

__all__ = [
    "LAST_APPLIED",
    "merge_patch",
    "server_side_apply",
    "strategic_patch",
    "three_way_merge",
    "three_way_patch",
]

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"  # what client-side apply last sent

# field name -> merge key of its list items (Kubernetes patchMergeKey tags)
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "imagePullSecrets": "name",
    "ownerReferences": "uid",
    "conditions": "type",
    "hostAliases": "ip",
    "topologySpreadConstraints": "topologyKey",
    "readinessGates": "conditionType",
    "resourceClaims": "name",
}


def _merge_key(field: str, items: list, path: tuple[str, ...]) -> str | None:
    if field == "ports":
        return "containerPort" if "containers" in path or "initContainers" in path else "port"
    return MERGE_KEYS.get(field)


def _keyed(items: list, key: str) -> dict:
    return {item.get(key): item for item in items if isinstance(item, dict) and key in item}


def _keyable(items: list, key: str) -> bool:
    """Every item is an object whose merge key is a scalar (a list or map as a key cannot be merged on)."""
    return all(isinstance(i, dict) and isinstance(i.get(key), (str, int, float, bool)) for i in items)


def _merge(current: Any, original: Any, modified: Any, path: tuple[str, ...]) -> Any:
    if isinstance(modified, dict) and isinstance(current, dict):
        original = original if isinstance(original, dict) else {}
        result = {k: v for k, v in current.items() if not (k in original and k not in modified)}
        for key, value in modified.items():
            if key in current:
                result[key] = _merge(current[key], original.get(key), value, path + (key,))
            else:
                result[key] = deepcopy(value)
        return result
    if isinstance(modified, list) and isinstance(current, list) and path:
        key = _merge_key(path[-1], modified, path)
        if (
            key
            and _keyable(modified + current, key)
            and _keyable(
                [i for i in original or [] if isinstance(i, dict) and key in i] if isinstance(original, list) else [],
                key,
            )
        ):
            return _merge_list(current, original if isinstance(original, list) else [], modified, key, path)
    return deepcopy(modified)


def _merge_list(current: list, original: list, modified: list, key: str, path: tuple[str, ...]) -> list:
    live, before = _keyed(current, key), _keyed(original, key)
    result = []
    for item in modified:
        name = item[key]
        result.append(_merge(live[name], before.get(name), item, path) if name in live else deepcopy(item))
    wanted = {item[key] for item in modified}
    # items someone else added (not in our last-applied config) stay
    result += [deepcopy(item) for item in current if item[key] not in wanted and item[key] not in before]
    return result


def three_way_merge(original: dict, modified: dict, current: dict) -> dict:
    """The object ``kubectl apply`` would leave on the server."""
    return _merge(current, original, modified, ())


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch (``kubectl patch --type merge``)."""
    if not isinstance(patch, dict):
        return deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


SET_ELEMENT_ORDER = "$setElementOrder/"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/"
PATCH = "$patch"
RETAIN_KEYS = "$retainKeys"


def strategic_patch(target: Any, patch: Any, path: tuple[str, ...] = ()) -> Any:
    """A strategic merge patch: like a merge patch, but keyed lists merge item by item, with the
    directives ``$patch`` (replace, delete, merge), ``$retainKeys``, ``$setElementOrder/<list>`` and
    ``$deleteFromPrimitiveList/<list>`` (``strategicpatch.StrategicMergePatch``)."""
    if isinstance(patch, dict):
        directive = patch.get(PATCH)
        if directive == "replace":
            return {k: deepcopy(v) for k, v in patch.items() if k != PATCH}
        if directive == "delete":
            return None
        if not isinstance(target, dict):
            target = {}  # patching a field that is not set: nulls in the patch just vanish
        result = dict(target)
        for key, value in patch.items():
            if key == PATCH or key == RETAIN_KEYS or key.startswith(SET_ELEMENT_ORDER):
                continue
            if key.startswith(DELETE_FROM_PRIMITIVE_LIST):
                field = key[len(DELETE_FROM_PRIMITIVE_LIST) :]
                if isinstance(result.get(field), list) and isinstance(value, list):
                    result[field] = [item for item in result[field] if item not in value]
                continue
            if value is None:
                result.pop(key, None)
                continue
            merged = strategic_patch(result.get(key), value, path + (key,))
            if merged is None:
                result.pop(key, None)
            else:
                result[key] = merged
        for key, order in patch.items():
            field = key[len(SET_ELEMENT_ORDER) :]
            if key.startswith(SET_ELEMENT_ORDER) and isinstance(result.get(field), list) and isinstance(order, list):
                result[field] = _ordered(result[field], order, _merge_key(field, order, path + (field,)))
        if isinstance(patch.get(RETAIN_KEYS), list):
            result = {k: v for k, v in result.items() if k in patch[RETAIN_KEYS]}
        return result
    if isinstance(patch, list) and path:
        return _patch_list(target if isinstance(target, list) else [], patch, path)
    return deepcopy(patch)


def _patch_list(target: list, patch: list, path: tuple[str, ...]) -> list:
    if any(isinstance(i, dict) and i.get(PATCH) == "replace" for i in patch):
        return [deepcopy(i) for i in patch if not (isinstance(i, dict) and i.get(PATCH) == "replace")]
    key = _merge_key(path[-1], patch, path)
    if not key or not _keyable(target + [i for i in patch if isinstance(i, dict) and key in i], key):
        return deepcopy(patch)
    result = [deepcopy(i) for i in target]
    for item in patch:
        if not isinstance(item, dict) or key not in item:
            continue
        index = next((n for n, live in enumerate(result) if live.get(key) == item[key]), None)
        if item.get(PATCH) == "delete":
            if index is not None:
                result.pop(index)
        elif index is None:
            result.append(strategic_patch({}, item, path))
        else:
            result[index] = strategic_patch(result[index], item, path)
    return result


def _ordered(items: list, order: list, key: str | None) -> list:
    """``$setElementOrder``: the listed items first, in the given order, then the others as they were."""

    def identity(item: Any) -> Any:
        return item.get(key) if key and isinstance(item, dict) else item

    wanted = [identity(i) for i in order]
    placed = sorted((i for i in items if identity(i) in wanted), key=lambda i: wanted.index(identity(i)))
    return placed + [i for i in items if identity(i) not in wanted]


def _diff(old: Any, new: Any, path: tuple[str, ...], additions: bool, deletions: bool) -> dict:
    """One side of strategicpatch.CreateThreeWayMergePatch's diffMaps."""
    patch: dict = {}
    for key, value in new.items():
        if key not in old:
            if additions:
                patch[key] = deepcopy(value)
            continue
        before = old[key]
        if isinstance(value, dict) and isinstance(before, dict):
            sub = _diff(before, value, path + (key,), additions, deletions)
            if sub:
                patch[key] = sub
        elif (
            isinstance(value, list)
            and isinstance(before, list)
            and _merge_key(key, value, path + (key,))
            and _keyable(value + before, _merge_key(key, value, path + (key,)))
        ):
            merge_key = _merge_key(key, value, path + (key,))
            items = []
            live = _keyed(before, merge_key)
            for item in value:
                name = item[merge_key]
                if name not in live:
                    if additions:
                        items.append(deepcopy(item))
                    continue
                sub = _diff(live[name], item, path + (key,), additions, deletions)
                if sub:
                    items.append({merge_key: name, **sub})
            if deletions:
                wanted = {item[merge_key] for item in value}
                items += [
                    {merge_key: item[merge_key], "$patch": "delete"} for item in before if item[merge_key] not in wanted
                ]
            if items:
                patch[f"$setElementOrder/{key}"] = [{merge_key: item[merge_key]} for item in value]
                patch[key] = items
        elif before != value and additions:
            patch[key] = deepcopy(value)
    if deletions:
        for key in old:
            if key not in new:
                patch[key] = None
    return patch


def _combine(first: dict, second: dict) -> dict:
    result = deepcopy(first)
    for key, value in second.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _combine(result[key], value)
        else:
            result[key] = deepcopy(value)
    return result


def three_way_patch(original: dict, modified: dict, current: dict) -> dict:
    """The strategic merge patch ``kubectl apply`` sends (shown when the server rejects it):
    changes and additions from current to modified, plus nulls for what the last-applied
    configuration had and the manifest no longer has."""
    delta = _diff(current, modified, (), additions=True, deletions=False)
    removed = _diff(original, modified, (), additions=False, deletions=True)
    return _combine(removed, delta)


def server_side_apply(current: dict, configuration: dict, *, heir: bool = True) -> dict:
    """The object a server-side apply of ``configuration`` leaves (simplified: no managedFields).

    The configuration merges into the live object. The applier kubectl uses (``heir``) has been handed
    the fields of the last client-side apply (kubectl's ``csaupgrade``): those the configuration no
    longer has are removed, and the last-applied annotation stays as it is. Another field manager
    (``kubectl-last-applied``, with which kubectl then re-applies that annotation) owns nothing yet, so
    its configuration only adds and changes fields.
    """
    if not heir:
        return three_way_merge({}, configuration, current)
    configuration = deepcopy(configuration)
    kept = ((current.get("metadata") or {}).get("annotations") or {}).get(LAST_APPLIED)
    if kept is not None:
        metadata = configuration.setdefault("metadata", {})
        if not isinstance(metadata.get("annotations"), dict):
            metadata["annotations"] = {}
        metadata["annotations"][LAST_APPLIED] = kept
    try:
        original = json.loads(kept) if kept else {}
    except ValueError:
        original = {}
    return three_way_merge(original if isinstance(original, dict) else {}, configuration, current)
