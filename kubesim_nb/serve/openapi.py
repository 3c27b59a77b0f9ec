"""``/openapi/v3``: the index and one document per group-version.

This module is a seam: :func:`openapi_v3` answers a path under ``/openapi/v3`` with a document, or None.
Its documents are the minimal stub kubectl needs (``staging/src/k8s.io/cli-runtime/pkg/resource/
query_param_verifier_v3.go``): for each kind a ``patch`` operation carrying ``x-kubernetes-group-version-kind``
and the ``fieldValidation`` query parameter, so ``apply``, ``create -f`` and ``replace`` send
``fieldValidation=Strict`` and leave validation to the server. No schemas and no strategic-merge-patch
content type are listed, so kubectl computes apply patches from its compiled-in types. The OpenAPI schema
module (``kubesim_nb.api.openapi``, for ``kubectl explain``) replaces this content.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..profiles import KUBERNETES_VERSION
from .discovery import groups

__all__ = ["openapi_v3"]


def _group_version_path(group: str, version: str) -> str:
    return f"api/{version}" if not group else f"apis/{group}/{version}"


def _document(kinds: list[type]) -> dict[str, Any]:
    paths = {}
    for kind in kinds:
        version = kind.API_VERSION.split("/")[-1]
        scope = "/namespaces/{namespace}" if kind.NAMESPACED else ""
        path = f"/{_group_version_path(kind.GROUP, version)}{scope}/{kind.RESOURCE}/{{name}}"
        paths[path] = {
            "patch": {
                "operationId": f"patch{kind.KIND}",
                "x-kubernetes-group-version-kind": {"group": kind.GROUP, "version": version, "kind": kind.KIND},
                "parameters": [
                    {"name": "fieldValidation", "in": "query", "schema": {"type": "string", "uniqueItems": True}}
                ],
                "requestBody": {
                    "content": {
                        "application/json-patch+json": {"schema": {"type": "object"}},
                        "application/merge-patch+json": {"schema": {"type": "object"}},
                        "application/apply-patch+yaml": {"schema": {"type": "object"}},
                    }
                },
            }
        }
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": KUBERNETES_VERSION}, "paths": paths}


def _documents() -> dict[str, dict[str, Any]]:
    by_path = {}
    for group, kinds in groups().items():
        version = kinds[0].API_VERSION.split("/")[-1]
        by_path[_group_version_path(group, version)] = _document(kinds)
    return by_path


def _hash(document: dict[str, Any]) -> str:
    return hashlib.sha512(json.dumps(document, sort_keys=True).encode()).hexdigest()[:128].upper()


def openapi_v3(path: str) -> dict[str, Any] | None:
    """The document at ``/openapi/v3/<path>`` (``""``: the index), or None when there is none."""
    documents = _documents()
    path = path.strip("/")
    if not path:
        return {
            "paths": {
                name: {"serverRelativeURL": f"/openapi/v3/{name}?hash={_hash(doc)}"} for name, doc in documents.items()
            }
        }
    return documents.get(path)
