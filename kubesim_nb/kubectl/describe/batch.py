"""The describers of the batch group: Job and CronJob (``describeJob`` and ``describeCronJob`` with
``describeJobTemplate`` in ``k8s.io/kubectl/pkg/describe/describe.go``)."""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from ...api.batch import CronJob, CronJobSpec, CronJobStatus, Job, JobSpec, JobStatus, JobTemplateSpec
from ...api.events import Event
from ...printers.apps import selector_string
from ...printers.cells import human_duration, parse_timestamp
from .pod_spec import write_pod_template
from .sections import (
    ObjectLister,
    PrefixWriter,
    go_bool,
    rfc1123z,
    write_annotations,
    write_controlled_by,
    write_events,
    write_labels,
)

__all__ = ["describe_cron_job", "describe_job"]


def _unset_or(value: object, suffix: str = "") -> str:
    return "<unset>" if value is None else f"{value}{suffix}"


def describe_job(job: Job, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    spec, status = job.spec or JobSpec(), job.status or JobStatus()
    w = PrefixWriter()
    w.write(0, f"Name:\t{job.name}\n")
    w.write(0, f"Namespace:\t{job.namespace}\n")
    w.write(0, f"Selector:\t{selector_string(spec.selector)}\n")
    write_labels(w, "Labels", job.metadata.labels)
    write_annotations(w, "Annotations", job.metadata.annotations)
    write_controlled_by(w, job)
    if spec.parallelism is not None:
        w.write(0, f"Parallelism:\t{spec.parallelism}\n")
    w.write(0, f"Completions:\t{_unset_or(spec.completions)}\n")
    if spec.completion_mode is not None:
        w.write(0, f"Completion Mode:\t{spec.completion_mode}\n")
    if spec.suspend is not None:
        w.write(0, f"Suspend:\t{go_bool(spec.suspend)}\n")
    if spec.backoff_limit is not None:
        w.write(0, f"Backoff Limit:\t{spec.backoff_limit}\n")
    if spec.ttl_seconds_after_finished is not None:
        w.write(0, f"TTL Seconds After Finished:\t{spec.ttl_seconds_after_finished}\n")
    if status.start_time:
        w.write(0, f"Start Time:\t{rfc1123z(status.start_time)}\n")
    if status.completion_time:
        w.write(0, f"Completed At:\t{rfc1123z(status.completion_time)}\n")
    if status.start_time and status.completion_time:
        seconds = (parse_timestamp(status.completion_time) - parse_timestamp(status.start_time)).total_seconds()
        w.write(0, f"Duration:\t{human_duration(seconds)}\n")
    if spec.active_deadline_seconds is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec.active_deadline_seconds}s\n")
    counts = f"{status.active or 0} Active"
    if status.ready is not None:
        counts += f" ({status.ready} Ready)"
    w.write(0, f"Pods Statuses:\t{counts} / {status.succeeded or 0} Succeeded / {status.failed or 0} Failed\n")
    if spec.completion_mode == "Indexed":
        w.write(0, f"Completed Indexes:\t{status.completed_indexes or '<none>'}\n")
    write_pod_template(w, spec.template)
    write_events(w, events, now)
    return w.text()


def _write_job_template(w: PrefixWriter, template: JobTemplateSpec) -> None:
    """``describeJobTemplate``."""
    spec = template.spec or JobSpec()
    w.write(0, f"Selector:\t{'<unset>' if spec.selector is None else selector_string(spec.selector)}\n")
    w.write(0, f"Parallelism:\t{_unset_or(spec.parallelism)}\n")
    w.write(0, f"Completions:\t{_unset_or(spec.completions)}\n")
    if spec.active_deadline_seconds is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec.active_deadline_seconds}s\n")
    write_pod_template(w, spec.template)


def describe_cron_job(cron_job: CronJob, api: ObjectLister | None, now: datetime, events: Sequence[Event]) -> str:
    spec, status = cron_job.spec or CronJobSpec(), cron_job.status or CronJobStatus()
    w = PrefixWriter()
    w.write(0, f"Name:\t{cron_job.name}\n")
    w.write(0, f"Namespace:\t{cron_job.namespace}\n")
    write_labels(w, "Labels", cron_job.metadata.labels)
    write_annotations(w, "Annotations", cron_job.metadata.annotations)
    w.write(0, f"Schedule:\t{spec.schedule or ''}\n")
    w.write(0, f"Concurrency Policy:\t{spec.concurrency_policy or ''}\n")
    w.write(0, f"Suspend:\t{'<unset>' if spec.suspend is None else str(spec.suspend)}\n")
    w.write(0, f"Time Zone:\t{_unset_or(spec.time_zone)}\n")
    w.write(0, f"Successful Job History Limit:\t{_unset_or(spec.successful_jobs_history_limit)}\n")
    w.write(0, f"Failed Job History Limit:\t{_unset_or(spec.failed_jobs_history_limit)}\n")
    w.write(0, f"Starting Deadline Seconds:\t{_unset_or(spec.starting_deadline_seconds, 's')}\n")
    _write_job_template(w, spec.job_template or JobTemplateSpec())
    last = status.last_schedule_time
    w.write(0, f"Last Schedule Time:\t{rfc1123z(last) if last else '<unset>'}\n")
    active = ", ".join(job.name or "" for job in status.active or [])
    w.write(0, f"Active Jobs:\t{active or '<none>'}\n")
    write_events(w, events, now)
    return w.text()
