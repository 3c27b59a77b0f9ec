"""The review APIs a client asks about itself: who am I (``SelfSubjectReview``, ``authentication.k8s.io/v1``)
and may I (``SelfSubjectAccessReview``, ``authorization.k8s.io/v1``), as the API server's registries answer them
(``pkg/registry/authentication/selfsubjectreview/rest.go``, ``pkg/registry/authorization/
selfsubjectaccessreview/rest.go``). Nothing is stored: the answer is the request with its ``status`` filled in.

The simulated cluster has one user, its administrator, as a fresh kind or Docker Desktop cluster has: the
kubeconfig's credentials authenticate as that cluster's admin, whose group may do everything. On Docker
Desktop that group is ``system:masters``, allowed before RBAC is asked (so with no reason); kind's kubeadm binds
``kubeadm:cluster-admins`` to the ``cluster-admin`` ClusterRole, and RBAC gives its reason. ``kubectl auth``
(ours) and ``kubesim serve`` (for the real kubectl) both answer from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..api.field import FieldError
from ..errors import ApiError

__all__ = ["UserInfo", "access_review", "admin_of", "self_subject_review"]

AUTHENTICATED = "system:authenticated"


@dataclass(frozen=True)
class UserInfo:
    username: str
    groups: tuple[str, ...]
    allowed_by: str = ""  # the authorizer's reason for allowing this user everything ("" when RBAC is not asked)


# who a cluster's kubeconfig authenticates as: kind's kubeadm admin certificate, Docker Desktop's own
ADMINS = {
    "kind": UserInfo(
        "kubernetes-admin",
        ("kubeadm:cluster-admins", AUTHENTICATED),
        'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group '
        '"kubeadm:cluster-admins"',
    ),
    "docker-desktop": UserInfo("docker-for-desktop", ("system:masters", AUTHENTICATED)),
}
DEFAULT_ADMIN = UserInfo("kubernetes-admin", ("system:masters", AUTHENTICATED))


def admin_of(profile_name: str) -> UserInfo:
    """The one user of a cluster made with this profile."""
    return ADMINS.get(profile_name, DEFAULT_ADMIN)


def self_subject_review(user: UserInfo) -> dict[str, Any]:
    """The answer to ``POST .../selfsubjectreviews``: the user the request authenticated as."""
    return {
        "kind": "SelfSubjectReview",
        "apiVersion": "authentication.k8s.io/v1",
        "metadata": {},
        "status": {"userInfo": {"username": user.username, "groups": list(user.groups)}},
    }


def access_review(body: dict[str, Any], user: UserInfo) -> dict[str, Any]:
    """The answer to ``POST .../selfsubjectaccessreviews``: the review, validated as
    ``ValidateSelfSubjectAccessReviewSpec`` does, with the decision in ``status`` (the admin may do anything)."""
    spec = body.get("spec") if isinstance(body.get("spec"), dict) else {}
    resource, non_resource = spec.get("resourceAttributes"), spec.get("nonResourceAttributes")
    causes = []
    if resource is not None and non_resource is not None:
        causes.append(
            FieldError(
                "Invalid",
                "spec.nonResourceAttributes",
                non_resource,
                "cannot be specified in combination with resourceAttributes",
            )
        )
    if resource is None and non_resource is None:
        causes.append(
            FieldError(
                "Invalid",
                "spec.resourceAttributes",
                None,
                "exactly one of nonResourceAttributes or resourceAttributes must be specified",
            )
        )
    if causes:
        raise ApiError.invalid("SelfSubjectAccessReview.authorization.k8s.io", "", causes)
    status: dict[str, Any] = {"allowed": True}
    if user.allowed_by:
        status["reason"] = user.allowed_by
    metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
    return {
        "kind": "SelfSubjectAccessReview",
        "apiVersion": "authorization.k8s.io/v1",
        "metadata": metadata,
        "spec": spec,
        "status": status,
    }
