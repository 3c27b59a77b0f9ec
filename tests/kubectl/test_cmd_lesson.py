"""The lesson's own commands (services-and-networking.md Hands-On Steps 1, 2, 4 and "Debugging: Service Selector
Mismatch"), typed exactly as the lesson writes them, with the files it names.

The lesson's sample outputs are abbreviated; a real v1.34 cluster differs in ways
these tests pin down: every table has an AGE column, ``get services`` also lists
the ``kubernetes`` Service, Pod IPs are Docker Desktop's ``10.1.0.x``, ``get
endpoints`` warns that v1 Endpoints is deprecated, and ``describe service`` has
the v1.34 fields (IP Family Policy, IP Families, IPs, Internal Traffic Policy,
Events) with selectors written ``app=api`` and, before the fix, an empty
``Endpoints:`` value (the placeholder EndpointSlice), where the lesson shows
``<none>``.
"""

from __future__ import annotations

import re

import pytest
from kubectl_cmd_support import (
    BACKEND_DEPLOYMENT,
    BACKEND_SERVICE_FIXED,
    BACKEND_SERVICE_WRONG,
    ENDPOINTS_WARNING,
    WEB_DEPLOYMENT,
    WEB_SERVICE_CLUSTERIP,
    WEB_SERVICE_NODEPORT,
    kubectl,
    ok,
    pod_hash,
    pods,
    service,
    table,
)

IP = r"10\.1\.0\.\d{1,3}"
SERVICE_IP = r"10\.(9[6-9]|10\d|11[01])\.\d{1,3}\.\d{1,3}"


@pytest.fixture
def lesson_dir(tmp_path):
    (tmp_path / "web-deployment.yaml").write_text(WEB_DEPLOYMENT)
    (tmp_path / "web-service-clusterip.yaml").write_text(WEB_SERVICE_CLUSTERIP)
    (tmp_path / "backend-deployment.yaml").write_text(BACKEND_DEPLOYMENT)
    (tmp_path / "backend-service-wrong.yaml").write_text(BACKEND_SERVICE_WRONG)
    return tmp_path


def test_step1_create_a_deployment_with_clear_labels(cluster, lesson_dir):
    assert (
        ok(cluster, "kubectl apply -f web-deployment.yaml", cwd=lesson_dir)
        == "deployment.apps/web-deployment created\n"
    )

    out = ok(cluster, "kubectl get pods --show-labels")
    h = pod_hash(cluster, app="web")
    names = sorted(p.name for p in pods(cluster, app="web"))
    assert len(names) == 3 and all(
        re.fullmatch(rf"web-deployment-{h}-[bcdfghjklmnpqrstvwxz2456789]{{5}}", n) for n in names
    )
    assert out == table(
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"],
        *[[n, "1/1", "Running", "0", "10s", f"app=web,pod-template-hash={h}"] for n in names],
    )

    out = ok(cluster, "kubectl get pods -o wide")
    rows = [line.split() for line in out.splitlines()]
    assert rows[0] == [
        "NAME",
        "READY",
        "STATUS",
        "RESTARTS",
        "AGE",
        "IP",
        "NODE",
        "NOMINATED",
        "NODE",
        "READINESS",
        "GATES",
    ]
    ips = [row[5] for row in rows[1:]]
    assert all(re.fullmatch(IP, ip) for ip in ips) and len(set(ips)) == 3  # each Pod has its own IP
    assert {row[6] for row in rows[1:]} == {"docker-desktop"}
    assert [row[:5] for row in rows[1:]] == [[n, "1/1", "Running", "0", "20s"] for n in names]


def test_step2_expose_via_clusterip_service(cluster, lesson_dir):
    ok(cluster, "kubectl apply -f web-deployment.yaml", cwd=lesson_dir)
    assert ok(cluster, "kubectl apply -f web-service-clusterip.yaml", cwd=lesson_dir) == "service/web-service created\n"
    out = ok(cluster, "kubectl get services")
    ip = service(cluster, "web-service").spec.cluster_ip
    assert re.fullmatch(SERVICE_IP, ip)
    assert out == table(
        ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
        ["kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "5d"],
        ["web-service", "ClusterIP", ip, "<none>", "80/TCP", "10s"],
    )
    # the virtual IP never changes, even when every Pod is replaced
    ok(cluster, "kubectl delete pods -l app=web")
    assert service(cluster, "web-service").spec.cluster_ip == ip


def test_step4_convert_to_nodeport(cluster, lesson_dir):
    ok(cluster, "kubectl apply -f web-deployment.yaml", cwd=lesson_dir)
    ok(cluster, "kubectl apply -f web-service-clusterip.yaml", cwd=lesson_dir)
    ip = service(cluster, "web-service").spec.cluster_ip
    # "Update web-service-clusterip.yaml": the same file, now NodePort with nodePort 30007
    (lesson_dir / "web-service-clusterip.yaml").write_text(WEB_SERVICE_NODEPORT)
    assert (
        ok(cluster, "kubectl apply -f web-service-clusterip.yaml", cwd=lesson_dir) == "service/web-service configured\n"
    )
    assert ok(cluster, "kubectl get services") == table(
        ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
        ["kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP", "5d"],
        ["web-service", "NodePort", ip, "<none>", "80:30007/TCP", "20s"],
    )
    assert (
        ok(cluster, "kubectl apply -f web-service-clusterip.yaml", cwd=lesson_dir) == "service/web-service unchanged\n"
    )


def test_debugging_service_selector_mismatch(cluster, lesson_dir):
    # Scenario: a Deployment with app: backend
    assert (
        ok(cluster, "kubectl apply -f backend-deployment.yaml", cwd=lesson_dir)
        == "deployment.apps/backend-deployment created\n"
    )
    # ... and a Service with the wrong selector
    assert (
        ok(cluster, "kubectl apply -f backend-service-wrong.yaml", cwd=lesson_dir)
        == "service/backend-service created\n"
    )

    result = kubectl(cluster, "kubectl get endpoints backend-service")
    assert result.exit_code == 0
    assert result.stderr == ENDPOINTS_WARNING
    assert result.stdout == table(["NAME", "ENDPOINTS", "AGE"], ["backend-service", "<none>", "10s"])

    # 2. the Service selector, v1.34 layout: the placeholder slice leaves Endpoints blank
    ip = service(cluster, "backend-service").spec.cluster_ip
    wrong = ok(cluster, "kubectl describe service backend-service")
    assert wrong == (
        "Name:                     backend-service\n"
        "Namespace:                default\n"
        "Labels:                   <none>\n"
        "Annotations:              <none>\n"
        "Selector:                 app=api\n"
        "Type:                     ClusterIP\n"
        "IP Family Policy:         SingleStack\n"
        "IP Families:              IPv4\n"
        f"IP:                       {ip}\n"
        f"IPs:                      {ip}\n"
        "Port:                     <unset>  80/TCP\n"
        "TargetPort:               5000/TCP\n"
        "Endpoints:                \n"
        "Session Affinity:         None\n"
        "Internal Traffic Policy:  Cluster\n"
        "Events:                   <none>\n"
    )

    # 1. the Pods and their labels
    h = pod_hash(cluster, app="backend")
    names = sorted(p.name for p in pods(cluster, app="backend"))
    assert len(names) == 2
    assert ok(cluster, "kubectl get pods --show-labels") == table(
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"],
        *[[n, "1/1", "Running", "0", "40s", f"app=backend,pod-template-hash={h}"] for n in names],
    )

    # Fixing the selector: the lesson edits the same file and applies it again
    (lesson_dir / "backend-service-wrong.yaml").write_text(BACKEND_SERVICE_FIXED)
    assert (
        ok(cluster, "kubectl apply -f backend-service-wrong.yaml", cwd=lesson_dir)
        == "service/backend-service configured\n"
    )

    result = kubectl(cluster, "kubectl get endpoints backend-service")
    assert result.stderr == ENDPOINTS_WARNING
    header, row = result.stdout.splitlines()
    assert header.split() == ["NAME", "ENDPOINTS", "AGE"]
    name, endpoints, age = row.split()
    assert (name, age) == ("backend-service", "50s")
    assert re.fullmatch(rf"{IP}:5000,{IP}:5000", endpoints)  # the 2 backend Pods, on targetPort 5000
    assert sorted(e.split(":")[0] for e in endpoints.split(",")) == sorted(
        p.status.pod_ip for p in pods(cluster, app="backend")
    )
    assert result.stdout == table(["NAME", "ENDPOINTS", "AGE"], ["backend-service", endpoints, "50s"])

    # 4. verify the fix
    fixed = ok(cluster, "kubectl describe service backend-service")
    assert fixed == wrong.replace(
        "Selector:                 app=api\n", "Selector:                 app=backend\n"
    ).replace("Endpoints:                \n", f"Endpoints:                {endpoints}\n")


def test_debugging_endpointslices_behind_the_scenes(cluster, lesson_dir):
    ok(cluster, "kubectl apply -f backend-deployment.yaml", cwd=lesson_dir)
    ok(cluster, "kubectl apply -f backend-service-wrong.yaml", cwd=lesson_dir)
    out = ok(cluster, "kubectl get endpointslices -l kubernetes.io/service-name=backend-service")
    (row,) = out.splitlines()[1:]
    slice_name, address_type, ports, endpoints, _age = row.split()
    assert re.fullmatch(r"backend-service-[bcdfghjklmnpqrstvwxz2456789]{5}", slice_name)
    assert (address_type, ports, endpoints) == ("IPv4", "<unset>", "<unset>")
    (lesson_dir / "backend-service-wrong.yaml").write_text(BACKEND_SERVICE_FIXED)
    ok(cluster, "kubectl apply -f backend-service-wrong.yaml", cwd=lesson_dir)
    (row,) = ok(cluster, "kubectl get endpointslices -l kubernetes.io/service-name=backend-service").splitlines()[1:]
    # the placeholder slice is updated in place: same name, now with the Pods
    assert row.split()[:3] == [slice_name, "IPv4", "5000"]
    assert re.fullmatch(rf"{IP},{IP}", row.split()[3])
