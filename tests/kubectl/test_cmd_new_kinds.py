"""The commands of issue 11 against the simulated cluster: create configmap|secret|job|cronjob|ingress,
then get and describe them; annotate; label and annotate with -f. (Their client-side answers are judged
against the real kubectl in tests/conformance.)"""

from __future__ import annotations

import yaml
from kubectl_cmd_support import WEB_DEPLOYMENT, WEB_SERVICE_CLUSTERIP, fails_cleanly, kubectl, ok, pods, service, table

from kubesim_nb.api.batch import Job
from kubesim_nb.api.core import ConfigMap, Service


def test_a_config_map_is_created_listed_and_described(cluster):
    assert ok(cluster, "create configmap app-config --from-literal=MODE=dev") == "configmap/app-config created\n"
    assert ok(cluster, "get configmaps") == table(["NAME", "DATA", "AGE"], ["app-config", "1", "10s"])
    assert cluster.store.get(ConfigMap, "default", "app-config").data == {"MODE": "dev"}
    assert ok(cluster, "describe cm app-config") == (
        "Name:         app-config\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Data\n====\nMODE:\n----\ndev\n\n\nBinaryData\n====\n\nEvents:  <none>\n"
    )
    result = kubectl(cluster, "create configmap app-config --from-literal=MODE=prod")
    assert (result.exit_code, result.stderr) == (
        1,
        'error: failed to create configmap: configmaps "app-config" already exists\n',
    )


def test_a_secret_keeps_its_values_out_of_sight(cluster):
    ok(cluster, "create secret generic db-secret --from-literal=password=s3cr3t")
    assert ok(cluster, "get secrets") == table(["NAME", "TYPE", "DATA", "AGE"], ["db-secret", "Opaque", "1", "10s"])
    assert "password:  6 bytes\n" in ok(cluster, "describe secret db-secret")
    data = yaml.safe_load(ok(cluster, "get secret db-secret -o yaml"))
    assert (data["type"], data["data"]) == ("Opaque", {"password": "czNjcjN0"})


def test_jobs_and_cron_jobs_are_stored_but_never_run(cluster):
    assert (
        ok(cluster, "create cronjob backup --image=busybox --schedule='*/5 * * * *'")
        == "cronjob.batch/backup created\n"
    )
    assert ok(cluster, "create job manual --from=cronjob/backup") == "job.batch/manual created\n"
    job = cluster.store.get(Job, "default", "manual")
    assert job.metadata.owner_references[0].name == "backup"
    assert job.metadata.annotations == {"cronjob.kubernetes.io/instantiate": "manual"}
    assert ok(cluster, "get jobs").splitlines()[1].split() == ["manual", "Running", "0/1", "10s"]
    cron = ok(cluster, "get cj").splitlines()
    assert cron[1].split() == ["backup", "*/5", "*", "*", "*", "*", "<none>", "False", "0", "<none>", "30s"]
    result = kubectl(cluster, "create cronjob nightly --image=busybox --schedule='0 25 * * *'")
    assert result.stderr == (
        'error: failed to create cronjob: CronJob.batch "nightly" is invalid: spec.schedule: Invalid value: '
        '"0 25 * * *": end of range (25) above maximum (23): 25\n'
    )


def test_an_ingress_describes_its_backends(cluster):
    ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(cluster, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    ok(cluster, "create ingress web --rule=shop.example.com/=web-service:80 --rule=shop.example.com/api*=api:8080")
    assert ok(cluster, "get ing").splitlines()[1].split() == ["web", "<none>", "shop.example.com", "80", "10s"]
    text = ok(cluster, "describe ingress web")
    assert "  shop.example.com  \n" in text
    assert 'api:8080 (<error: services "api" not found>)' in text
    assert "/      web-service:80 (" in text


def test_annotate_live_objects_and_files(still, files):
    ok(still, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert ok(still, "annotate svc web-service owner=team-a") == "service/web-service annotated\n"
    assert still.store.get(Service, "default", "web-service").metadata.annotations["owner"] == "team-a"
    assert fails_cleanly(still, "annotate svc web-service owner=team-b").stderr == (
        "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value "
        "(team-a)\n"
    )
    folder = files({"svc.yaml": WEB_SERVICE_CLUSTERIP})
    assert ok(still, "annotate -f svc.yaml owner=team-b --overwrite", cwd=folder) == "service/web-service annotated\n"
    assert "\nowner=team-b\n" in ok(still, "annotate svc web-service --list")
    assert ok(still, "label -f svc.yaml tier=frontend", cwd=folder) == "service/web-service labeled\n"
    assert still.store.get(Service, "default", "web-service").labels == {"tier": "frontend"}
    assert (
        fails_cleanly(still, "annotate svc nope a=b").stderr
        == 'Error from server (NotFound): services "nope" not found\n'
    )


def test_set_image_env_and_selector_on_live_objects(cluster):
    ok(cluster, "apply -f -", stdin=WEB_DEPLOYMENT)
    ok(cluster, "apply -f -", stdin=WEB_SERVICE_CLUSTERIP)
    assert ok(cluster, "set image deployment/web-deployment nginx=nginx:1.27") == (
        "deployment.apps/web-deployment image updated\n"
    )
    ok(cluster, "rollout status deployment/web-deployment")
    assert {c.image for p in pods(cluster, app="web") for c in p.spec.containers} == {"nginx:1.27"}
    result = kubectl(cluster, "set image deployment/web-deployment web=nginx:1.27")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", 'error: unable to find container named "web"\n')
    ok(cluster, "create configmap app-config --from-literal=api.url=http://api-service:8080")
    result = kubectl(cluster, "set env deployment/web-deployment MODE=dev --from=configmap/app-config")
    assert result.stderr == "Warning: key api.url transferred to API_URL\n"
    assert ok(cluster, "set env deployment/web-deployment --list") == (
        "# Deployment web-deployment, container nginx\nMODE=dev\n# API_URL from configmap app-config, key api.url\n"
    )
    assert ok(cluster, "set selector svc web-service app=api") == "service/web-service selector updated\n"
    assert service(cluster, "web-service").spec.selector == {"app": "api"}
    result = kubectl(cluster, "set image svc/web-service nginx=nginx:1.27")
    assert result.stderr == (
        "error: services/web-service the object is not a pod or does not have a pod template: *v1.Service\n"
    )
