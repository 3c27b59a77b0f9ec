"""Table columns and rows for the ``batch`` kinds: Job and CronJob.

This module owns ``printJob`` (STATUS from the conditions, COMPLETIONS,
DURATION) and ``printCronJob`` of ``pkg/printers/internalversion/printers.go``.
"""

from __future__ import annotations

from datetime import datetime

from ...api.batch import CronJob, Job, JobSpec, JobStatus
from .apps import container_cells, format_selector
from .tabwriter import Column, TableHandler, human_duration, parse_timestamp, since

__all__ = ["TABLES", "cron_job_row", "job_row"]

# the conditions printJob looks for, in its order
JOB_STATUS_CONDITIONS = (("Complete", "Complete"), ("Failed", "Failed"))
LATER_STATUS_CONDITIONS = (("Suspended", "Suspended"), ("FailureTarget", "FailureTarget"))


def _has_condition(status: JobStatus, condition_type: str) -> bool:
    return any(c.type == condition_type and c.status == "True" for c in status.conditions or [])


def _job_status(job: Job, status: JobStatus) -> str:
    for condition_type, shown in JOB_STATUS_CONDITIONS:
        if _has_condition(status, condition_type):
            return shown
    if job.metadata.deletion_timestamp:
        return "Terminating"
    for condition_type, shown in LATER_STATUS_CONDITIONS:
        if _has_condition(status, condition_type):
            return shown
    return "Running"


def _completions(spec: JobSpec, succeeded: int) -> str:
    if spec.completions is not None:
        return f"{succeeded}/{spec.completions}"
    parallelism = spec.parallelism or 0
    return f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"


def _duration(status: JobStatus, now: datetime) -> str:
    if not status.start_time:
        return ""
    end = parse_timestamp(status.completion_time) if status.completion_time else now
    return human_duration((end - parse_timestamp(status.start_time)).total_seconds())


def job_row(job: Job, now: datetime) -> list[str]:
    spec, status = job.spec or JobSpec(), job.status or JobStatus()
    containers = spec.template.spec.containers if spec.template and spec.template.spec else None
    return [
        job.name,
        _job_status(job, status),
        _completions(spec, status.succeeded or 0),
        _duration(status, now),
        since(job.metadata.creation_timestamp, now),
        *container_cells(containers),
        format_selector(spec.selector),
    ]


JOB_COLUMNS = (
    Column("Name"),
    Column("Status"),
    Column("Completions"),
    Column("Duration"),
    Column("Age"),
    Column("Containers", 1),
    Column("Images", 1),
    Column("Selector", 1),
)


def cron_job_row(cron_job: CronJob, now: datetime) -> list[str]:
    spec, status = cron_job.spec, cron_job.status
    job_spec = spec.job_template.spec if spec and spec.job_template and spec.job_template.spec else JobSpec()
    pod_spec = job_spec.template.spec if job_spec.template else None
    suspend = spec.suspend if spec else None
    last = status.last_schedule_time if status else None
    return [
        cron_job.name,
        (spec.schedule if spec else None) or "",
        (spec.time_zone if spec else None) or "<none>",
        "<unset>" if suspend is None else str(suspend),
        str(len((status.active if status else None) or [])),
        since(last, now) if last else "<none>",
        since(cron_job.metadata.creation_timestamp, now),
        *container_cells(pod_spec.containers if pod_spec else None),
        format_selector(job_spec.selector),
    ]


CRON_JOB_COLUMNS = (
    Column("Name"),
    Column("Schedule"),
    Column("Timezone"),
    Column("Suspend"),
    Column("Active"),
    Column("Last Schedule"),
    Column("Age"),
    Column("Containers", 1),
    Column("Images", 1),
    Column("Selector", 1),
)

TABLES = {Job: TableHandler(JOB_COLUMNS, job_row), CronJob: TableHandler(CRON_JOB_COLUMNS, cron_job_row)}
