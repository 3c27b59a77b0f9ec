"""Cluster DNS: CoreDNS records (coredns plugin/kubernetes), Pod resolver config (pkg/kubelet/network/dns/dns.go),
libc lookups, Service env vars (pkg/kubelet/envvars/envvars.go)."""

from __future__ import annotations

from kubesim_nb.api.core import Namespace, Pod, Service
from kubesim_nb.cluster import Cluster
from kubesim_nb.network import getaddrinfo, pod_resolver, resolv_conf, resolve, search_candidates, service_env

from .conftest import client_pod, pods_of, service


def a(cluster: Cluster, name: str) -> list[str]:
    return sorted(resolve(cluster, name).addresses)


def test_cluster_ip_service_resolves_regardless_of_endpoints(who):
    who.api.create(service("empty", {"app": "nothing"}))
    who.advance(2)
    ip = who.store.get(Service, "default", "empty").spec.cluster_ip
    answer = resolve(who, "empty.default.svc.cluster.local")
    assert answer.rcode == "NOERROR" and answer.addresses == [ip] and answer.authoritative
    assert answer.records[0].ttl == 30


def test_case_insensitive_and_trailing_dot(who):
    ip = who.store.get(Service, "default", "who").spec.cluster_ip
    assert a(who, "WHO.Default.SVC.cluster.local.") == [ip]


def test_aaaa_is_nodata_and_unknown_names_are_nxdomain(who):
    aaaa = resolve(who, "who.default.svc.cluster.local", "AAAA")
    assert aaaa.rcode == "NOERROR" and aaaa.records == () and aaaa.authority[0].rtype == "SOA"
    assert resolve(who, "nosuch.default.svc.cluster.local").rcode == "NXDOMAIN"
    assert resolve(who, "who.nosuchns.svc.cluster.local").rcode == "NXDOMAIN"
    assert resolve(who, "who.kube-system.svc.cluster.local").rcode == "NXDOMAIN"  # wrong namespace
    assert resolve(who, "default.svc.cluster.local").rcode == "NOERROR"  # a namespace exists: NODATA
    assert resolve(who, "web.default").rcode == "NXDOMAIN" and not resolve(who, "web.default").authoritative


def test_kubernetes_default_and_dns_version(who):
    assert a(who, "kubernetes.default.svc.cluster.local") == [who.kubernetes_ip]
    assert resolve(who, "dns-version.cluster.local", "TXT").records[0].rdata() == '"1.1.0"'


def test_headless_service_lists_ready_endpoints_only(who):
    who.api.create(service("who-headless", {"app": "who"}, clusterIP="None", ports=[{"name": "http", "port": 80}]))
    who.advance(2)
    ips = sorted(p.ip for p in pods_of(who, "who"))
    assert a(who, "who-headless.default.svc.cluster.local") == ips
    dashed = ips[0].replace(".", "-")
    assert a(who, f"{dashed}.who-headless.default.svc.cluster.local") == [ips[0]]
    srv = resolve(who, "_http._tcp.who-headless.default.svc.cluster.local", "SRV")
    assert sorted(r.rdata() for r in srv.records)[0] == f"0 33 80 {dashed}.who-headless.default.svc.cluster.local."
    assert len(srv.additional) == 3


def test_headless_without_ready_endpoints_is_nxdomain(who):
    who.api.create(service("ghost", {"app": "none"}, clusterIP="None"))
    who.advance(2)
    assert resolve(who, "ghost.default.svc.cluster.local").rcode == "NXDOMAIN"


def test_hostname_and_subdomain_endpoint_names(who):
    who.api.create(service("sub", {"app": "named"}, clusterIP="None"))
    who.api.create(
        Pod.from_dict(
            {
                "metadata": {"name": "named-0", "labels": {"app": "named"}},
                "spec": {
                    "hostname": "db-0",
                    "subdomain": "sub",
                    "containers": [{"name": "w", "image": "kubesim/whoami"}],
                },
            }
        )
    )
    who.advance(10)
    ip = who.store.get(Pod, "default", "named-0").ip
    assert a(who, "db-0.sub.default.svc.cluster.local") == [ip]


def test_srv_for_named_ports_only(who):
    ip_name = "who.default.svc.cluster.local"
    srv = resolve(who, f"_http._tcp.{ip_name}", "SRV")
    assert [r.rdata() for r in srv.records] == [f"0 100 80 {ip_name}."]
    assert srv.additional[0].data == who.store.get(Service, "default", "who").spec.cluster_ip
    who.api.create(service("unnamed", {"app": "who"}))
    who.advance(1)
    assert resolve(who, "_http._tcp.unnamed.default.svc.cluster.local", "SRV").rcode == "NXDOMAIN"


def test_external_name_is_a_cname_followed_to_its_target(who):
    who.api.create(
        Service.from_dict(
            {"metadata": {"name": "ext"}, "spec": {"type": "ExternalName", "externalName": "example.com"}}
        )
    )
    who.api.create(
        Service.from_dict(
            {
                "metadata": {"name": "inner"},
                "spec": {"type": "ExternalName", "externalName": "who.default.svc.cluster.local"},
            }
        )
    )
    who.advance(1)
    answer = resolve(who, "ext.default.svc.cluster.local")
    assert [(r.rtype, r.rdata()) for r in answer.records] == [("CNAME", "example.com."), ("A", "93.184.215.14")]
    inner = resolve(who, "inner.default.svc.cluster.local")
    assert inner.records[-1].data == who.store.get(Service, "default", "who").spec.cluster_ip


def test_forwarded_names(who):
    answer = resolve(who, "example.com")
    assert answer.addresses == ["93.184.215.14"] and not answer.authoritative
    assert resolve(who, "no-such-host.example").rcode == "NXDOMAIN"


def test_ptr_for_cluster_and_endpoint_ips(who):
    assert (
        resolve(who, "10.0.96.10.in-addr.arpa", "PTR").records[0].rdata() == "kube-dns.kube-system.svc.cluster.local."
    )
    pod_ip = pods_of(who, "who")[0].ip
    reverse = ".".join(reversed(pod_ip.split("."))) + ".in-addr.arpa"
    assert (
        resolve(who, reverse, "PTR").records[0].rdata() == f"{pod_ip.replace('.', '-')}.who.default.svc.cluster.local."
    )


def test_pod_a_records(who):
    assert a(who, "10-1-0-99.default.pod.cluster.local") == ["10.1.0.99"]
    assert resolve(who, "10-1-0-99.nosuch.pod.cluster.local").rcode == "NXDOMAIN"


# ------------------------------------------------------------- Pod resolver
def test_resolv_conf_for_cluster_first(web):
    pod = web.store.get(Pod, "default", "test-pod")
    assert resolv_conf(web, pod) == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
    )


def test_resolv_conf_default_policy_and_host_network(web):
    coredns = next(p for p in web.store.list(Pod, "kube-system") if p.name.startswith("coredns"))
    assert resolv_conf(web, coredns) == "nameserver 192.168.65.7\n"
    proxy = next(p for p in web.store.list(Pod, "kube-system") if p.name.startswith("kube-proxy"))
    assert pod_resolver(web, proxy).search == ()


def test_dns_config_is_merged(web):
    web.api.create(
        client_pod(
            "custom",
            dnsConfig={
                "nameservers": ["1.1.1.1"],
                "searches": ["corp.example"],
                "options": [{"name": "ndots", "value": "2"}],
            },
        )
    )
    pod = web.store.get(Pod, "default", "custom")
    assert resolv_conf(web, pod) == (
        "search default.svc.cluster.local svc.cluster.local cluster.local corp.example\n"
        "nameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:2\n"
    )


def test_search_candidates_follow_ndots(web):
    pod = web.store.get(Pod, "default", "test-pod")
    assert search_candidates(pod, "web-service") == [
        "web-service.default.svc.cluster.local",
        "web-service.svc.cluster.local",
        "web-service.cluster.local",
        "web-service",
    ]
    assert search_candidates(pod, "a.b.c.d.e.f") == ["a.b.c.d.e.f"]
    assert search_candidates(pod, "web-service.default.svc.cluster.local.") == ["web-service.default.svc.cluster.local"]


def test_getaddrinfo_name_forms(web):
    pod = web.store.get(Pod, "default", "test-pod")
    ip = web.store.get(Service, "default", "web-service").spec.cluster_ip
    for name in (
        "web-service",
        "web-service.default",
        "web-service.default.svc",
        "web-service.default.svc.cluster.local",
        "web-service.default.svc.cluster.local.",
    ):
        assert getaddrinfo(web, pod, name) == [ip], name
    assert getaddrinfo(web, pod, "example.com") == ["93.184.215.14"]
    assert getaddrinfo(web, pod, "localhost") == ["127.0.0.1"]
    assert getaddrinfo(web, pod, "test-pod") == [pod.ip]
    assert getaddrinfo(web, pod, "nosuch") is None
    assert getaddrinfo(web, None, "web-service") is None  # the laptop knows nothing of cluster DNS


def test_short_name_fails_from_another_namespace(web):
    web.api.create(Namespace.from_dict({"metadata": {"name": "other"}}))
    web.api.create(client_pod("elsewhere", namespace="other"))
    web.advance(5)
    pod = web.store.get(Pod, "other", "elsewhere")
    assert getaddrinfo(web, pod, "web-service") is None
    assert getaddrinfo(web, pod, "web-service.default") is not None


def test_dns_outage_makes_lookups_time_out(web):
    from kubesim_nb.api.apps import Deployment
    from kubesim_nb.network.dns import lookup_host
    from kubesim_nb.network.proxy import Source

    coredns = web.store.get(Deployment, "kube-system", "coredns").copy()
    coredns.spec.replicas = 0
    web.api.update(coredns)
    web.advance(40)
    pod = web.store.get(Pod, "default", "test-pod")
    result = lookup_host(web, Source.of_pod(pod), "web-service", pod)
    assert result.error == "timeout" and result.elapsed_ms == 5000


# ------------------------------------------------------------ environment
def test_service_env_for_pods_created_after_the_service(web):
    pod = web.store.get(Pod, "default", "test-pod")
    ip = web.store.get(Service, "default", "web-service").spec.cluster_ip
    env = service_env(web, pod)
    assert env["WEB_SERVICE_SERVICE_HOST"] == ip and env["WEB_SERVICE_SERVICE_PORT"] == "80"
    assert env["WEB_SERVICE_PORT"] == f"tcp://{ip}:80"
    assert env["WEB_SERVICE_PORT_80_TCP_PROTO"] == "tcp" and env["WEB_SERVICE_PORT_80_TCP_ADDR"] == ip
    assert env["KUBERNETES_SERVICE_PORT_HTTPS"] == "443" and env["KUBERNETES_SERVICE_HOST"] == web.kubernetes_ip
    web_pod = pods_of(web, "web")[0]  # created in the same second as the Service: it started after it
    web.api.create(service("later", {"app": "web"}))
    web.advance(1)
    assert "LATER_SERVICE_HOST" not in service_env(web, web.store.get(Pod, "default", "test-pod"))
    assert "WEB_SERVICE_SERVICE_HOST" in service_env(web, web_pod)


def test_service_links_disabled_keep_the_kubernetes_service(web):
    web.api.create(client_pod("nolinks", enableServiceLinks=False))
    web.advance(5)
    env = service_env(web, web.store.get(Pod, "default", "nolinks"))
    assert "WEB_SERVICE_SERVICE_HOST" not in env and "KUBERNETES_SERVICE_HOST" in env
