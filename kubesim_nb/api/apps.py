"""``apps/v1`` kinds: Deployment and ReplicaSet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .codec import IntOrString, struct_field
from .core import PodTemplateSpec
from .meta import APIObject, LabelSelector, ObjectMeta

__all__ = ["Deployment", "DeploymentSpec", "DeploymentStatus", "ReplicaSet", "ReplicaSetSpec", "ReplicaSetStatus"]

model = dataclass(kw_only=True, slots=True)


@model
class RollingUpdateDeployment:
    max_unavailable: IntOrString | None = None
    max_surge: IntOrString | None = None


@model
class DeploymentStrategy:
    type: str | None = None
    rolling_update: RollingUpdateDeployment | None = None


@model
class DeploymentSpec:
    replicas: int | None = None
    selector: LabelSelector | None = None
    template: PodTemplateSpec | None = struct_field()
    strategy: DeploymentStrategy | None = struct_field()
    min_ready_seconds: int | None = None
    revision_history_limit: int | None = None
    paused: bool | None = None
    progress_deadline_seconds: int | None = None


@model
class DeploymentCondition:
    type: str | None = None
    status: str | None = None
    last_update_time: str | None = None
    last_transition_time: str | None = None
    reason: str | None = None
    message: str | None = None


@model
class DeploymentStatus:
    observed_generation: int | None = None
    replicas: int | None = None
    updated_replicas: int | None = None
    ready_replicas: int | None = None
    available_replicas: int | None = None
    unavailable_replicas: int | None = None
    terminating_replicas: int | None = None
    conditions: list[DeploymentCondition] | None = None
    collision_count: int | None = None


@model
class Deployment(APIObject):
    API_VERSION: ClassVar[str] = "apps/v1"
    KIND: ClassVar[str] = "Deployment"
    RESOURCE: ClassVar[str] = "deployments"
    GROUP: ClassVar[str] = "apps"
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("deploy",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    spec: DeploymentSpec | None = struct_field()
    status: DeploymentStatus | None = struct_field()


@model
class ReplicaSetSpec:
    replicas: int | None = None
    min_ready_seconds: int | None = None
    selector: LabelSelector | None = None
    template: PodTemplateSpec | None = struct_field()


@model
class ReplicaSetStatus:
    replicas: int | None = None
    fully_labeled_replicas: int | None = None
    ready_replicas: int | None = None
    available_replicas: int | None = None
    terminating_replicas: int | None = None
    observed_generation: int | None = None
    conditions: list[Any] | None = None


@model
class ReplicaSet(APIObject):
    API_VERSION: ClassVar[str] = "apps/v1"
    KIND: ClassVar[str] = "ReplicaSet"
    RESOURCE: ClassVar[str] = "replicasets"
    GROUP: ClassVar[str] = "apps"
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("rs",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    spec: ReplicaSetSpec | None = struct_field()
    status: ReplicaSetStatus | None = struct_field()
