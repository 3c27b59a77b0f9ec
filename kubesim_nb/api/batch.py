"""``batch/v1`` kinds: Job and CronJob.

The simulator stores, defaults, validates, lists and describes them, but runs no Job or
CronJob controller: a Job never starts Pods and a CronJob never creates Jobs, so their
status stays as created (the course is about Services and networking, not batch work).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .codec import struct_field
from .core import PodTemplateSpec
from .meta import APIObject, LabelSelector, ObjectMeta, ObjectReference

__all__ = ["CronJob", "CronJobSpec", "CronJobStatus", "Job", "JobCondition", "JobSpec", "JobStatus", "JobTemplateSpec"]

model = dataclass(kw_only=True, slots=True)


@model
class JobSpec:
    parallelism: int | None = None
    completions: int | None = None
    active_deadline_seconds: int | None = None
    pod_failure_policy: Any = None
    success_policy: Any = None
    backoff_limit: int | None = None
    backoff_limit_per_index: int | None = None
    max_failed_indexes: int | None = None
    selector: LabelSelector | None = None
    manual_selector: bool | None = None
    template: PodTemplateSpec | None = struct_field()
    ttl_seconds_after_finished: int | None = None
    completion_mode: str | None = None
    suspend: bool | None = None
    pod_replacement_policy: str | None = None
    managed_by: str | None = None


@model
class JobCondition:
    type: str | None = None
    status: str | None = None
    last_probe_time: str | None = None
    last_transition_time: str | None = None
    reason: str | None = None
    message: str | None = None


@model
class JobStatus:
    conditions: list[JobCondition] | None = None
    start_time: str | None = None
    completion_time: str | None = None
    active: int | None = None
    succeeded: int | None = None
    failed: int | None = None
    terminating: int | None = None
    completed_indexes: str | None = None
    failed_indexes: str | None = None
    uncounted_terminated_pods: Any = None
    ready: int | None = None


@model
class Job(APIObject):
    API_VERSION: ClassVar[str] = "batch/v1"
    KIND: ClassVar[str] = "Job"
    RESOURCE: ClassVar[str] = "jobs"
    GROUP: ClassVar[str] = "batch"

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    spec: JobSpec | None = struct_field()
    status: JobStatus | None = struct_field()


@model
class JobTemplateSpec:
    metadata: ObjectMeta | None = struct_field()
    spec: JobSpec | None = struct_field()


@model
class CronJobSpec:
    schedule: str | None = None
    time_zone: str | None = None
    starting_deadline_seconds: int | None = None
    concurrency_policy: str | None = None
    suspend: bool | None = None
    job_template: JobTemplateSpec | None = struct_field()
    successful_jobs_history_limit: int | None = None
    failed_jobs_history_limit: int | None = None


@model
class CronJobStatus:
    active: list[ObjectReference] | None = None
    last_schedule_time: str | None = None
    last_successful_time: str | None = None


@model
class CronJob(APIObject):
    API_VERSION: ClassVar[str] = "batch/v1"
    KIND: ClassVar[str] = "CronJob"
    RESOURCE: ClassVar[str] = "cronjobs"
    GROUP: ClassVar[str] = "batch"
    SHORT_NAMES: ClassVar[tuple[str, ...]] = ("cj",)

    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    spec: CronJobSpec | None = struct_field()
    status: CronJobStatus | None = struct_field()
