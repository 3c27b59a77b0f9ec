"""Who may use a served cluster: the holder of the bearer token in ``kubesim serve``'s own kubeconfig.

On a shared computer (a JupyterHub host) every user reaches every port of the loopback, so a learner's
server answers, as a real API server does, only a client that presents its credentials. This module owns
that rule, as kube-apiserver applies it:

- authentication (``staging/src/k8s.io/apiserver/pkg/authentication/request/bearertoken/bearertoken.go``):
  an ``Authorization: Bearer`` token that is not the server's fails the request with 401, whatever the path;
- a request without credentials is anonymous, and is let in only where the bootstrap cluster role
  ``system:public-info-viewer`` lets everyone in (``plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go``):
  ``GET`` on ``/healthz``, ``/livez``, ``/readyz``, ``/version`` and ``/version/``; anywhere else it gets 401, as
  from an API server whose anonymous authentication is limited to those endpoints
  (``AuthenticationConfiguration``'s ``anonymous.conditions``,
  ``staging/src/k8s.io/apiserver/pkg/apis/apiserver/types.go``);
- the refusal is ``apierrors.NewUnauthorized("Unauthorized")``'s Status, whatever the request asked for
  (``staging/src/k8s.io/apiserver/pkg/endpoints/filters/authentication.go``, ``Unauthorized``).

The token comes from :mod:`secrets` and is compared in constant time; the files that hold it (the
kubeconfig, :mod:`.kubeconfig`, and the record of :mod:`.remote`) are written by :func:`write_private`, readable
by their owner only from the moment they exist.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

__all__ = ["PUBLIC_PATHS", "UNAUTHORIZED", "admitted", "new_token", "write_private"]

# system:public-info-viewer's nonResourceURLs, verb get
PUBLIC_PATHS = frozenset({"/healthz", "/livez", "/readyz", "/version", "/version/"})
UNAUTHORIZED = {
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "message": "Unauthorized",
    "reason": "Unauthorized",
    "code": 401,
}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def bearer_token(authorization: str) -> str:
    """The token of an ``Authorization`` header; empty when the header carries no bearer token."""
    parts = authorization.strip().split(" ", 2)
    if len(parts) < 2 or parts[0].lower() != "bearer":
        return ""
    return parts[1]


def admitted(token: str, method: str, path: str, authorization: str) -> bool:
    """Whether a request to ``path`` with this ``Authorization`` header may go on to a server whose token is
    ``token``."""
    given = bearer_token(authorization)
    if given:
        return hmac.compare_digest(given.encode(), token.encode())
    return method == "GET" and path in PUBLIC_PATHS


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with ``text``, in a file of mode 0600 from its creation on."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)  # a leftover may have other permissions, which O_CREAT would keep
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)
