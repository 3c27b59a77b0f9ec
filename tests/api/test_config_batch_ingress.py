"""The kinds kubesim stores without acting on them: ConfigMap, Secret (core/v1), Job, CronJob (batch/v1) and
Ingress (networking.k8s.io/v1): their server defaults, the validation a learner can hit, and Go's marshalling
of the typed objects kubectl builds."""

from __future__ import annotations

import pytest

from kubesim_nb.api.batch import CronJob, Job
from kubesim_nb.api.core import ConfigMap, Secret
from kubesim_nb.api.cron import schedule_error
from kubesim_nb.api.defaults import set_defaults
from kubesim_nb.api.networking import Ingress
from kubesim_nb.api.validation import validate, validate_update

POD_SPEC = {"containers": [{"name": "pi", "image": "busybox"}]}


def errors(obj) -> list[str]:
    set_defaults(obj)
    return [e.render() for e in validate(obj)]


def test_a_job_selects_its_pods_by_uid_once_the_server_set_it():
    job = Job.from_dict({"metadata": {"name": "pi", "uid": "u-1"}, "spec": {"template": {"spec": POD_SPEC}}})
    job.spec.template.spec.restart_policy = "Never"
    set_defaults(job)
    assert job.spec.selector.match_labels == {"batch.kubernetes.io/controller-uid": "u-1"}
    assert job.metadata.labels == {
        "job-name": "pi",
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": "u-1",
        "batch.kubernetes.io/controller-uid": "u-1",
    }
    assert (job.spec.completions, job.spec.parallelism, job.spec.backoff_limit) == (1, 1, 6)
    assert (job.spec.completion_mode, job.spec.suspend, job.spec.pod_replacement_policy) == (
        "NonIndexed",
        False,
        "TerminatingOrFailed",
    )
    assert validate(job) == []


def test_a_job_must_not_restart_always():
    job = Job.from_dict({"metadata": {"name": "pi", "uid": "u-1"}, "spec": {"template": {"spec": POD_SPEC}}})
    assert errors(job) == ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']


def test_cron_job_defaults_and_schedule():
    spec = {"schedule": "*/5 * * *", "jobTemplate": {"spec": {"template": {"spec": {**POD_SPEC}}}}}
    spec["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] = "OnFailure"
    cron_job = CronJob.from_dict({"metadata": {"name": "report"}, "spec": spec})
    assert errors(cron_job) == [
        'spec.schedule: Invalid value: "*/5 * * *": expected exactly 5 fields, found 4: [*/5 * * *]'
    ]
    assert (cron_job.spec.concurrency_policy, cron_job.spec.suspend) == ("Allow", False)
    assert (cron_job.spec.successful_jobs_history_limit, cron_job.spec.failed_jobs_history_limit) == (3, 1)


@pytest.mark.parametrize(
    "schedule, problem",
    [
        ("*/1 * * * *", None),
        ("@hourly", None),
        ("0 9 * JAN-MAR mon", None),
        ("61 * * * *", "end of range (61) above maximum (59): 61"),
        ("x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
        ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
        ("@often", "unrecognized descriptor: @often"),
    ],
)
def test_cron_schedules_as_robfig_cron_reads_them(schedule, problem):
    assert schedule_error(schedule) == problem


def test_secret_string_data_becomes_base64_data_and_opaque():
    secret = Secret.from_dict({"metadata": {"name": "db"}, "stringData": {"password": "s3cr3t"}})
    assert errors(secret) == []
    assert (secret.type, secret.data, secret.string_data) == ("Opaque", {"password": "czNjcjN0"}, None)


def test_a_tls_secret_needs_its_keys():
    secret = Secret.from_dict({"metadata": {"name": "tls"}, "type": "kubernetes.io/tls", "data": {}})
    assert errors(secret) == ["data[tls.crt]: Required value", "data[tls.key]: Required value"]


def test_config_map_keys_and_immutability():
    cm = ConfigMap.from_dict({"metadata": {"name": "app-config"}, "data": {"bad key": "1", "MODE": "dev"}})
    assert errors(cm)[0].startswith('data[bad key]: Invalid value: "bad key": a valid config key must consist')
    old = ConfigMap.from_dict({"metadata": {"name": "c"}, "immutable": True, "data": {"a": "1"}})
    new = ConfigMap.from_dict({"metadata": {"name": "c"}, "immutable": True, "data": {"a": "2"}})
    assert [e.render() for e in validate_update(new, old)] == [
        "data: Forbidden: field is immutable when `immutable` is set"
    ]


def test_ingress_rules_need_a_path_type_and_a_backend_port():
    ingress = Ingress.from_dict(
        {
            "metadata": {"name": "web"},
            "spec": {
                "rules": [
                    {"host": "shop.example.com", "http": {"paths": [{"path": "/", "backend": {"service": {}}}]}},
                    {"http": {"paths": [{"path": "api", "pathType": "Prefix", "backend": {"service": {"name": "a"}}}]}},
                ]
            },
        }
    )
    assert errors(ingress) == [
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
        'spec.rules[1].http.paths[0].path: Invalid value: "api": must be an absolute path',
        "spec.rules[1].http.paths[0].backend: Required value: port name or number is required",
    ]
    assert ingress.to_dict()["status"] == {"loadBalancer": {}}


def test_marshal_writes_go_struct_values_and_drops_empty_lists():
    job = Job.from_dict({"metadata": {"name": "pi"}, "spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}})
    job.spec.template.spec.containers[0].env = []
    assert job.marshal() == {
        "kind": "Job",
        "apiVersion": "batch/v1",
        "metadata": {"name": "pi"},
        "spec": {"template": {"metadata": {}, "spec": {"containers": [{"name": "a", "resources": {}}]}}},
        "status": {},
    }
