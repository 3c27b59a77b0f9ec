"""`kubectl get` tables: real clusters' output (captured samples reproduced byte for byte)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kubesim_nb.api.apps import Deployment, ReplicaSet
from kubesim_nb.api.core import Endpoints, Namespace, Node, Pod, Service
from kubesim_nb.api.discovery import EndpointSlice
from kubesim_nb.clock import format_time
from kubesim_nb.kubectl.printers import print_table
from kubesim_nb.kubectl.printers.core import load_balancer_status_string, service_external_ip
from kubesim_nb.kubectl.printers.tabwriter import format_table, go_tabwriter, human_duration, since

NOW = datetime(2025, 1, 31, 12, 0, 0, tzinfo=timezone.utc)


def ago(seconds: float) -> str:
    return format_time(NOW - timedelta(seconds=seconds))


def meta(name: str, age: float, namespace: str | None = "default", **extra) -> dict:
    data = {"name": name, "creationTimestamp": ago(age), **extra}
    if namespace is not None:
        data["namespace"] = namespace
    return data


# ------------------------------------------------------------------- fixtures
def service(name, age, spec, status=None, **metadata):
    return Service.from_dict({"metadata": meta(name, age, **metadata), "spec": spec, "status": status or {}})


def tcp(port, node_port=None, **extra):
    data = {"port": port, "protocol": "TCP", **extra}
    if node_port:
        data["nodePort"] = node_port
    return data


def sample_services() -> list[Service]:
    return [
        service(
            "kubernetes",
            25 * 86400,
            {
                "type": "ClusterIP",
                "clusterIP": "10.96.0.1",
                "clusterIPs": ["10.96.0.1"],
                "ports": [tcp(443, name="https")],
            },
        ),
        service(
            "web-service",
            300,
            {"type": "NodePort", "clusterIPs": ["10.104.12.7"], "selector": {"app": "web"}, "ports": [tcp(80, 30007)]},
        ),
        service(
            "lb",
            10,
            {
                "type": "LoadBalancer",
                "clusterIPs": ["10.101.3.4"],
                "selector": {"app": "lb"},
                "ports": [tcp(80, 31234), tcp(443, 30443)],
            },
            {"loadBalancer": {"ingress": [{"hostname": "localhost"}]}},
        ),
    ]


def running_pod(name, age, ip, *, labels=None, restarts=0, last_finished=None):
    status = {"name": "nginx", "ready": True, "restartCount": restarts, "state": {"running": {"startedAt": ago(age)}}}
    if last_finished is not None:
        status["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": last_finished}}
    return Pod.from_dict(
        {
            "metadata": meta(name, age, labels=labels or {}),
            "spec": {"nodeName": "docker-desktop", "containers": [{"name": "nginx", "image": "nginx:alpine"}]},
            "status": {
                "phase": "Running",
                "podIP": ip,
                "podIPs": [{"ip": ip}],
                "hostIP": "192.168.65.3",
                "conditions": [{"type": "Ready", "status": "True"}],
                "containerStatuses": [status],
            },
        }
    )


def creating_pod(name, age, labels=None):
    return Pod.from_dict(
        {
            "metadata": meta(name, age, labels=labels or {}),
            "spec": {"nodeName": "docker-desktop", "containers": [{"name": name, "image": "alpine"}]},
            "status": {
                "phase": "Pending",
                "containerStatuses": [
                    {
                        "name": name,
                        "ready": False,
                        "restartCount": 0,
                        "state": {"waiting": {"reason": "ContainerCreating"}},
                    }
                ],
            },
        }
    )


def sample_pods() -> list[Pod]:
    return [
        running_pod(
            "web-deployment-7d4b9c6f5-x2kqz",
            130,
            "10.1.0.5",
            labels={"app": "web-deployment", "pod-template-hash": "7d4b9c6f5"},
        ),
        creating_pod("test-pod", 3, labels={"run": "test-pod"}),
    ]


def lines(text: str) -> list[str]:
    return text.split("\n")


# -------------------------------------------------------------- duration
@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (-2, "<invalid>"),
        (-1.5, "0s"),
        (-1, "0s"),
        (0, "0s"),
        (59, "59s"),
        (119, "119s"),
        (119.9, "119s"),
        (120, "2m"),
        (130, "2m10s"),
        (599, "9m59s"),
        (600, "10m"),
        (179 * 60 + 59, "179m"),
        (3 * 3600, "3h"),
        (3 * 3600 + 5 * 60, "3h5m"),
        (7 * 3600 + 59 * 60 + 59, "7h59m"),
        (8 * 3600, "8h"),
        (47 * 3600 + 3599, "47h"),
        (2 * 86400, "2d"),
        (6 * 86400 + 23 * 3600, "6d23h"),
        (8 * 86400, "8d"),
        (729 * 86400, "729d"),
        (730 * 86400, "2y"),
        ((730 + 326) * 86400, "2y326d"),
        (8 * 365 * 86400, "8y"),
        (20 * 365 * 86400, "20y"),
    ],
)
def test_human_duration(seconds, expected):
    assert human_duration(seconds) == expected


def test_since_unset_timestamp_is_unknown():
    assert since(None, NOW) == "<unknown>"
    assert since(ago(25 * 86400), NOW) == "25d"


# ------------------------------------------------------------- alignment
def test_format_table_column_rule():
    text = format_table([["A", "BB", "C"], ["longer-name", "x", "last-cell-not-padded"]])
    assert text == "A             BB    C\nlonger-name   x     last-cell-not-padded\n"


def test_format_table_empty_last_cell_keeps_previous_padding():
    text = format_table([["NAME", "AGE", "APP"], ["x", "5m", ""]])
    assert text == "NAME   AGE   APP\nx      5m    \n"


def test_go_tabwriter_columns_are_per_block_of_consecutive_lines():
    text = "a:\tvalue\nlonger-label:\tv\nno tab here\nb:\tx\tinner\n"
    assert go_tabwriter(text, 0, 8, 2) == "a:             value\nlonger-label:  v\nno tab here\nb:  x  inner\n"


# --------------------------------------------------------- captured tables
def test_get_svc_captured():
    assert print_table(Service, sample_services(), now=NOW) == (
        "NAME          TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)                      AGE\n"
        "kubernetes    ClusterIP      10.96.0.1     <none>        443/TCP                      25d\n"
        "web-service   NodePort       10.104.12.7   <none>        80:30007/TCP                 5m\n"
        "lb            LoadBalancer   10.101.3.4    localhost     80:31234/TCP,443:30443/TCP   10s\n"
    )


def test_get_svc_wide_captured():
    # The captured sample shows the first two rows; the lb row (elided there) sets the column widths.
    out = lines(print_table(Service, sample_services(), now=NOW, wide=True))
    assert out[:3] == [
        "NAME          TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)                      AGE   SELECTOR",
        "kubernetes    ClusterIP      10.96.0.1     <none>        443/TCP                      25d   <none>",
        "web-service   NodePort       10.104.12.7   <none>        80:30007/TCP                 5m    app=web",
    ]
    assert out[3:] == [
        "lb            LoadBalancer   10.101.3.4    localhost     80:31234/TCP,443:30443/TCP   10s   app=lb",
        "",
    ]


def test_get_svc_all_namespaces_captured():
    out = lines(print_table(Service, sample_services(), now=NOW, all_namespaces=True))
    assert out[:2] == [
        "NAMESPACE   NAME          TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)                      AGE",
        "default     kubernetes    ClusterIP      10.96.0.1     <none>        443/TCP                      25d",
    ]


def test_get_svc_and_pods_name_prefix_captured():
    services = print_table(Service, sample_services(), now=NOW, name_prefix=True)
    pods = print_table(Pod, sample_pods(), now=NOW, name_prefix=True)
    assert lines(services)[:3] == [
        "NAME                  TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)                      AGE",
        "service/kubernetes    ClusterIP      10.96.0.1     <none>        443/TCP                      25d",
        "service/web-service   NodePort       10.104.12.7   <none>        80:30007/TCP                 5m",
    ]
    assert pods == (
        "NAME                                 READY   STATUS              RESTARTS   AGE\n"
        "pod/web-deployment-7d4b9c6f5-x2kqz   1/1     Running             0          2m10s\n"
        "pod/test-pod                         0/1     ContainerCreating   0          3s\n"
    )


def test_name_prefix_carries_the_group():
    deployment = Deployment.from_dict({"metadata": meta("web-deployment", 40), "spec": {"replicas": 3}})
    assert lines(print_table(Deployment, [deployment], now=NOW, name_prefix=True))[1].startswith(
        "deployment.apps/web-deployment   0/3 "
    )


def test_no_objects_prints_nothing():
    assert print_table(Service, [], now=NOW) == ""


def test_no_headers_drops_only_the_header():
    out = print_table(Service, sample_services()[:1], now=NOW, no_headers=True)
    assert out == "kubernetes   ClusterIP   10.96.0.1   <none>   443/TCP   25d\n"


# ---------------------------------------------------------------- pods
def test_get_pods_wide_captured():
    assert print_table(Pod, sample_pods(), now=NOW, wide=True) == (
        "NAME                             READY   STATUS              RESTARTS   AGE     IP         "
        "NODE             NOMINATED NODE   READINESS GATES\n"
        "web-deployment-7d4b9c6f5-x2kqz   1/1     Running             0          2m10s   10.1.0.5   "
        "docker-desktop   <none>           <none>\n"
        "test-pod                         0/1     ContainerCreating   0          3s      <none>     "
        "docker-desktop   <none>           <none>\n"
    )


def test_get_pods_show_labels():
    out = lines(print_table(Pod, sample_pods(), now=NOW, show_labels=True))
    assert out[0].endswith("AGE     LABELS")
    assert out[1].endswith("2m10s   app=web-deployment,pod-template-hash=7d4b9c6f5")
    assert out[2].endswith("3s      run=test-pod")


def test_label_columns_header_is_last_path_segment_and_missing_value_leaves_padding():
    out = print_table(Pod, sample_pods(), now=NOW, label_columns=["app", "example.com/run"])
    assert lines(out) == [
        "NAME                             READY   STATUS              RESTARTS   AGE     APP              RUN",
        "web-deployment-7d4b9c6f5-x2kqz   1/1     Running             0          2m10s   web-deployment   ",
        "test-pod                         0/1     ContainerCreating   0          3s                       ",
        "",
    ]


def pod_row(pod: Pod, wide=False) -> list[str]:
    return lines(print_table(Pod, [pod], now=NOW, wide=wide, no_headers=True))[0].split()


def make_pod(
    statuses,
    *,
    phase="Running",
    conditions=(),
    init=None,
    init_statuses=None,
    deletion=None,
    reason=None,
    node="docker-desktop",
):
    spec = {"containers": [{"name": s["name"], "image": "img"} for s in statuses], "nodeName": node}
    if init is not None:
        spec["initContainers"] = init
    status = {
        "phase": phase,
        "containerStatuses": statuses,
        "conditions": [{"type": t, "status": v} for t, v in conditions],
    }
    if init_statuses is not None:
        status["initContainerStatuses"] = init_statuses
    if reason:
        status["reason"] = reason
    metadata = meta("p", 60)
    if deletion:
        metadata["deletionTimestamp"] = deletion
    return Pod.from_dict({"metadata": metadata, "spec": spec, "status": status})


def cs(name="c", state=None, ready=False, restarts=0, last=None, started=None):
    data = {"name": name, "ready": ready, "restartCount": restarts, "state": state or {}}
    if last:
        data["lastState"] = {"terminated": last}
    if started is not None:
        data["started"] = started
    return data


def test_pod_unscheduled_pending_row():
    pod = Pod.from_dict(
        {
            "metadata": meta("p", 0),
            "spec": {"containers": [{"name": "c", "image": "i"}]},
            "status": {"phase": "Pending"},
        }
    )
    assert pod_row(pod, wide=True) == ["p", "0/1", "Pending", "0", "0s", "<none>", "<none>", "<none>", "<none>"]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"waiting": {"reason": "ErrImagePull"}}, "ErrImagePull"),
        ({"waiting": {"reason": "ImagePullBackOff"}}, "ImagePullBackOff"),
        ({"waiting": {"reason": "CreateContainerConfigError"}}, "CreateContainerConfigError"),
        ({"terminated": {"exitCode": 0, "reason": "Completed"}}, "Completed"),
        ({"terminated": {"exitCode": 137, "reason": "OOMKilled"}}, "OOMKilled"),
        ({"terminated": {"exitCode": 2}}, "ExitCode:2"),
        ({"terminated": {"exitCode": 143, "signal": 15}}, "Signal:15"),
    ],
)
def test_pod_status_from_container_state(state, expected):
    assert pod_row(make_pod([cs(state=state)]))[2] == expected


def test_pod_crash_loop_with_restart_age():
    last = {"exitCode": 1, "reason": "Error", "finishedAt": ago(130)}
    pod = make_pod([cs(state={"waiting": {"reason": "CrashLoopBackOff"}}, restarts=3, last=last)])
    assert pod_row(pod)[:6] == ["p", "0/1", "CrashLoopBackOff", "3", "(2m10s", "ago)"]


def test_pod_completed_with_running_sidecar_container():
    done = cs("a", state={"terminated": {"exitCode": 0, "reason": "Completed"}})
    running = cs("b", state={"running": {}}, ready=True)
    assert pod_row(make_pod([running, done], conditions=[("Ready", "True")]))[1:3] == ["1/2", "Running"]
    assert pod_row(make_pod([running, done], conditions=[("Ready", "False")]))[1:3] == ["1/2", "NotReady"]


def test_pod_completed_but_another_container_failed_shows_error():
    done = cs("a", state={"terminated": {"exitCode": 0, "reason": "Completed"}})
    failed = cs("b", state={"terminated": {"exitCode": 1, "reason": "Error"}})
    assert pod_row(make_pod([failed, done], phase="Failed"))[2] == "Error"


def test_pod_terminating_and_node_lost():
    running = cs(state={"running": {}}, ready=True)
    assert pod_row(make_pod([running], deletion=ago(-30)))[2] == "Terminating"
    assert pod_row(make_pod([running], deletion=ago(-30), reason="NodeLost"))[2] == "Unknown"
    done = cs(state={"terminated": {"exitCode": 0, "reason": "Completed"}})
    assert pod_row(make_pod([done], phase="Succeeded", deletion=ago(-30)))[2] == "Completed"


def test_pod_evicted_reason_and_scheduling_gated():
    assert pod_row(make_pod([], phase="Failed", reason="Evicted"))[2] == "Evicted"
    gated = Pod.from_dict(
        {
            "metadata": meta("p", 1),
            "spec": {"containers": [{"name": "c", "image": "i"}]},
            "status": {
                "phase": "Pending",
                "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}],
            },
        }
    )
    assert pod_row(gated)[2] == "SchedulingGated"


def test_pod_init_containers():
    init = [{"name": "init", "image": "busybox"}]
    waiting = [cs("init", state={"waiting": {"reason": "PodInitializing"}})]
    assert pod_row(make_pod([cs()], phase="Pending", init=init, init_statuses=waiting))[2] == "Init:0/1"
    crash = [cs("init", state={"waiting": {"reason": "CrashLoopBackOff"}}, restarts=2)]
    assert pod_row(make_pod([cs()], phase="Pending", init=init, init_statuses=crash))[2:4] == [
        "Init:CrashLoopBackOff",
        "2",
    ]
    failed = [cs("init", state={"terminated": {"exitCode": 3}})]
    assert pod_row(make_pod([cs()], phase="Pending", init=init, init_statuses=failed))[2] == "Init:ExitCode:3"


def test_pod_sidecar_counts_in_ready_total():
    init = [{"name": "proxy", "image": "envoy", "restartPolicy": "Always"}]
    sidecar = [cs("proxy", state={"running": {}}, ready=True, started=True)]
    pod = make_pod(
        [cs(state={"running": {}}, ready=True)],
        init=init,
        init_statuses=sidecar,
        conditions=[("Initialized", "True"), ("Ready", "True")],
    )
    assert pod_row(pod)[1:3] == ["2/2", "Running"]


def test_pod_readiness_gates_cell():
    pod = Pod.from_dict(
        {
            "metadata": meta("p", 1),
            "spec": {
                "containers": [{"name": "c", "image": "i"}],
                "readinessGates": [{"conditionType": "a"}, {"conditionType": "b"}],
            },
            "status": {"phase": "Running", "conditions": [{"type": "a", "status": "True"}]},
        }
    )
    assert pod_row(pod, wide=True)[-1] == "1/2"


# ------------------------------------------------------------- services
def service_cells(svc: Service, wide=True) -> list[str]:
    return lines(print_table(Service, [svc], now=NOW, wide=wide, no_headers=True))[0].split()


def test_external_name_and_headless_services():
    ext = service("external-database-service", 2, {"type": "ExternalName", "externalName": "api.github.com"})
    assert service_cells(ext) == [
        "external-database-service",
        "ExternalName",
        "<none>",
        "api.github.com",
        "<none>",
        "2s",
        "<none>",
    ]
    headless = service(
        "db",
        60,
        {
            "type": "ClusterIP",
            "clusterIP": "None",
            "clusterIPs": ["None"],
            "selector": {"app": "db"},
            "ports": [tcp(5432)],
        },
    )
    assert service_cells(headless)[:5] == ["db", "ClusterIP", "None", "<none>", "5432/TCP"]


def test_load_balancer_pending_and_external_ips():
    pending = service(
        "frontend-service",
        22 * 60,
        {"type": "LoadBalancer", "clusterIPs": ["10.96.118.105"], "ports": [tcp(80, 30080)]},
    )
    assert service_cells(pending, wide=False) == [
        "frontend-service",
        "LoadBalancer",
        "10.96.118.105",
        "<pending>",
        "80:30080/TCP",
        "22m",
    ]
    with_ips = service(
        "x",
        1,
        {"type": "LoadBalancer", "clusterIPs": ["10.96.0.9"], "externalIPs": ["1.2.3.4"]},
        {"loadBalancer": {"ingress": [{"ip": "5.6.7.8"}, {"hostname": "a.example"}, {"ip": "5.6.7.8"}]}},
    )
    assert service_external_ip(with_ips) == "5.6.7.8,a.example,1.2.3.4"
    cluster = service("y", 1, {"type": "ClusterIP", "clusterIPs": ["10.96.0.8"], "externalIPs": ["1.1.1.1", "2.2.2.2"]})
    assert service_external_ip(cluster) == "1.1.1.1,2.2.2.2"


def test_load_balancer_ingress_stringer_truncates_only_when_not_wide():
    svc = service(
        "x",
        1,
        {"type": "LoadBalancer"},
        {"loadBalancer": {"ingress": [{"hostname": "a-very-long-hostname.example.com"}]}},
    )
    assert load_balancer_status_string(svc, wide=False) == "a-very-long-h..."
    assert load_balancer_status_string(svc, wide=True) == "a-very-long-hostname.example.com"
    # the API server generates tables with Wide: true, so `kubectl get svc` shows the whole name
    assert service_cells(svc, wide=False)[3] == "a-very-long-hostname.example.com"


def test_service_without_ports_and_unknown_type():
    svc = service("x", 1, {"type": "ClusterIP", "clusterIPs": ["10.96.0.7"]})
    assert service_cells(svc)[4] == "<none>"
    odd = service("z", 1, {"type": "Other"})
    assert service_external_ip(odd) == "<unknown>"


# ------------------------------------------------------------ endpoints
def endpoints(name, age, subsets):
    return Endpoints.from_dict({"metadata": meta(name, age), "subsets": subsets})


def test_get_endpoints_captured():
    web = endpoints(
        "web-service",
        300,
        [
            {
                "addresses": [{"ip": f"10.1.0.{i}"} for i in (5, 6, 7, 8)],
                "notReadyAddresses": [{"ip": "10.1.0.9"}],
                "ports": [{"port": 80, "protocol": "TCP"}],
            }
        ],
    )
    empty = endpoints("empty", 3, None)
    assert print_table(Endpoints, [web, empty], now=NOW) == (
        "NAME          ENDPOINTS                                         AGE\n"
        "web-service   10.1.0.5:80,10.1.0.6:80,10.1.0.7:80 + 1 more...   5m\n"
        "empty         <none>                                            3s\n"
    )


def endpoints_cell(subsets) -> str:
    row = print_table(Endpoints, [endpoints("e", 1, subsets)], now=NOW, no_headers=True)
    return row[len("e   ") :].rsplit("   ", 1)[0].strip()


def test_endpoints_cell_rules():
    two_ports = [
        {
            "addresses": [{"ip": "10.1.0.5"}, {"ip": "10.1.0.6"}],
            "ports": [{"name": "http", "port": 8080}, {"name": "metrics", "port": 9090}],
        }
    ]
    assert endpoints_cell(two_ports) == "10.1.0.5:8080,10.1.0.6:8080,10.1.0.5:9090 + 1 more..."
    assert endpoints_cell([{"addresses": [{"ip": "10.1.0.5"}]}]) == "10.1.0.5"
    assert endpoints_cell([{"addresses": [{"ip": "fd00::5"}], "ports": [{"port": 80}]}]) == "[fd00::5]:80"
    assert endpoints_cell([{"addresses": [{"ip": f"10.1.0.{i}"} for i in (1, 2, 3)], "ports": [{"port": 80}]}]) == (
        "10.1.0.1:80,10.1.0.2:80,10.1.0.3:80"
    )


def test_endpoints_only_not_ready_addresses_prints_empty_cell():
    out = print_table(
        Endpoints, [endpoints("e", 1, [{"notReadyAddresses": [{"ip": "10.1.0.5"}], "ports": [{"port": 80}]}])], now=NOW
    )
    assert out == "NAME   ENDPOINTS   AGE\ne                  1s\n"


# -------------------------------------------------------- endpointslices
def test_get_endpointslices():
    full = EndpointSlice.from_dict(
        {
            "metadata": meta("myservice-7vzhx", 60),
            "addressType": "IPv4",
            "ports": [
                {"name": n, "port": p, "protocol": "TCP"} for n, p in (("a", 443), ("b", 80), ("c", 81), ("d", 82))
            ],
            "endpoints": [
                {"addresses": ["10.180.3.17"], "conditions": {"ready": False}},
                {"addresses": ["10.180.3.18"]},
                {"addresses": ["10.180.3.19"]},
                {"addresses": ["10.180.3.20"]},
            ],
        }
    )
    placeholder = EndpointSlice.from_dict({"metadata": meta("empty-abcde", 5), "addressType": "IPv4"})
    named = EndpointSlice.from_dict(
        {
            "metadata": meta("n-1", 5),
            "addressType": "IPv4",
            "ports": [{"name": "http"}, {}],
            "endpoints": [{"addresses": ["10.1.0.5"]}],
        }
    )
    assert print_table(EndpointSlice, [full, placeholder, named], now=NOW) == (
        "NAME              ADDRESSTYPE   PORTS                   "
        "ENDPOINTS                                         AGE\n"
        "myservice-7vzhx   IPv4          443,80,81 + 1 more...   "
        "10.180.3.17,10.180.3.18,10.180.3.19 + 1 more...   60s\n"
        "empty-abcde       IPv4          <unset>                 "
        "<unset>                                           5s\n"
        "n-1               IPv4          http,*                  "
        "10.1.0.5                                          5s\n"
    )


# ------------------------------------------------------- apps workloads
def web_deployment(**status):
    return Deployment.from_dict(
        {
            "metadata": meta("web-deployment", 40, labels={"app": "web-deployment"}),
            "spec": {
                "replicas": 3,
                "selector": {"matchLabels": {"app": "web-deployment"}},
                "template": {
                    "metadata": {"labels": {"app": "web-deployment"}},
                    "spec": {"containers": [{"name": "nginx", "image": "nginx:alpine"}]},
                },
            },
            "status": status,
        }
    )


def test_get_deployment_steady_state_observed():
    deployment = web_deployment(replicas=3, updatedReplicas=3, readyReplicas=3, availableReplicas=3)
    assert print_table(Deployment, [deployment], now=NOW) == (
        "NAME             READY   UP-TO-DATE   AVAILABLE   AGE\nweb-deployment   3/3     3            3           40s\n"
    )
    assert (
        print_table(Deployment, [web_deployment()], now=NOW, no_headers=True)
        == "web-deployment   0/3   0     0     40s\n"
    )


def test_get_deployment_wide():
    out = lines(print_table(Deployment, [web_deployment(readyReplicas=1)], now=NOW, wide=True))
    assert out[0] == "NAME             READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR"
    assert (
        out[1]
        == "web-deployment   1/3     0            0           40s   nginx        nginx:alpine   app=web-deployment"
    )


def test_get_replicaset_wide_selector_includes_hash():
    rs = ReplicaSet.from_dict(
        {
            "metadata": meta("web-deployment-7d4b9c6f5", 40),
            "spec": {
                "replicas": 3,
                "selector": {
                    "matchLabels": {"app": "web-deployment", "pod-template-hash": "7d4b9c6f5"},
                    "matchExpressions": [{"key": "tier", "operator": "In", "values": ["db", "backend"]}],
                },
                "template": {
                    "spec": {
                        "containers": [{"name": "nginx", "image": "nginx:alpine"}, {"name": "side", "image": "busybox"}]
                    }
                },
            },
            "status": {"replicas": 3, "readyReplicas": 2},
        }
    )
    assert print_table(ReplicaSet, [rs], now=NOW, wide=True) == (
        "NAME                       DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES                 SELECTOR\n"
        "web-deployment-7d4b9c6f5   3         3         2       40s   nginx,side   nginx:alpine,busybox   "
        "app=web-deployment,pod-template-hash=7d4b9c6f5,tier in (backend,db)\n"
    )


# ----------------------------------------------------------- nodes, ns
def docker_desktop_node(ready="True", **spec):
    return Node.from_dict(
        {
            "metadata": meta(
                "docker-desktop",
                600,
                namespace=None,
                labels={"node-role.kubernetes.io/control-plane": "", "kubernetes.io/hostname": "docker-desktop"},
            ),
            "spec": spec,
            "status": {
                "conditions": [{"type": "MemoryPressure", "status": "False"}, {"type": "Ready", "status": ready}],
                "addresses": [
                    {"type": "InternalIP", "address": "192.168.65.3"},
                    {"type": "Hostname", "address": "docker-desktop"},
                ],
                "nodeInfo": {
                    "kubeletVersion": "v1.31.4",
                    "osImage": "Docker Desktop",
                    "kernelVersion": "6.10.14-linuxkit",
                    "containerRuntimeVersion": "docker://27.4.0",
                },
            },
        }
    )


def test_get_nodes_observed_docker_desktop():
    assert print_table(Node, [docker_desktop_node()], now=NOW, all_namespaces=True) == (
        "NAME             STATUS   ROLES           AGE   VERSION\n"
        "docker-desktop   Ready    control-plane   10m   v1.31.4\n"
    )


def test_get_nodes_wide_and_status_variants():
    out = lines(print_table(Node, [docker_desktop_node()], now=NOW, wide=True))
    assert out == [
        "NAME             STATUS   ROLES           AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE         "
        "KERNEL-VERSION     CONTAINER-RUNTIME",
        "docker-desktop   Ready    control-plane   10m   v1.31.4   192.168.65.3   <none>        Docker Desktop   "
        "6.10.14-linuxkit   docker://27.4.0",
        "",
    ]
    cordoned = docker_desktop_node("Unknown", unschedulable=True)
    assert print_table(Node, [cordoned], now=NOW, no_headers=True).split()[1] == "NotReady,SchedulingDisabled"
    bare = Node.from_dict({"metadata": meta("n", 1, namespace=None, labels={"kubernetes.io/role": "worker"})})
    assert print_table(Node, [bare], now=NOW, no_headers=True, wide=True).split() == [
        "n",
        "Unknown",
        "worker",
        "1s",
        "<none>",
        "<none>",
        "<unknown>",
        "<unknown>",
        "<unknown>",
    ]


def test_get_namespaces():
    namespaces = [
        Namespace.from_dict({"metadata": meta(n, 25 * 86400, namespace=None), "status": {"phase": "Active"}})
        for n in ("default", "kube-system")
    ]
    assert print_table(Namespace, namespaces, now=NOW) == (
        "NAME          STATUS   AGE\ndefault       Active   25d\nkube-system   Active   25d\n"
    )


def test_cells_are_cut_at_line_breaks():
    svc = service("x", 1, {"type": "ExternalName", "externalName": "a.example\nmore"})
    assert service_cells(svc)[3] == "a.example..."
