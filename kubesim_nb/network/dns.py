"""Cluster DNS: CoreDNS's ``kubernetes`` plugin, Pod resolver config, libc lookups.

Mirrors coredns/plugin/kubernetes (records for Services and Pods), the kubelet's
pkg/kubelet/network/dns/dns.go (a Pod's resolv.conf) and musl's resolver.

- :func:`resolve` answers one query the way CoreDNS (kubeadm's Corefile) does:
  ``<svc>.<ns>.svc.cluster.local`` (the cluster IP whatever the endpoints; one
  A per *ready* endpoint for a headless Service, NXDOMAIN with none), endpoint
  names ``<hostname|a-b-c-d>.<svc>.<ns>.svc...``, SRV for named ports,
  ExternalName CNAMEs, PTR for cluster and endpoint IPs,
  ``a-b-c-d.<ns>.pod.cluster.local``, NXDOMAIN for unknown names and
  namespaces, NODATA for AAAA (the cluster is IPv4-only). Names outside the
  zone are forwarded: :mod:`.internet` answers, not authoritatively.
- :func:`pod_resolver` / :func:`resolv_conf` build a Pod's ``/etc/resolv.conf``
  (kubelet's rules for ``dnsPolicy`` and ``dnsConfig``); :func:`hosts_file`
  its ``/etc/hosts``.
- :func:`lookup_host` / :func:`getaddrinfo` resolve a name as musl (Alpine)
  does: ``/etc/hosts``, then the search list first for names with fewer
  dots than ``ndots``, stopping at the first name that exists.
- :func:`service_env` gives the Service environment variables (pkg/kubelet/envvars/envvars.go).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..api.core import Namespace, Pod, Service
from .activity import record_query
from .index import Backend, usable_backends
from .internet import host_by_name
from .topology import host_resolver, upstream_dns

if TYPE_CHECKING:  # pragma: no cover
    from .proxy import Source
    from .runtime import Runtime

__all__ = [
    "DnsAnswer",
    "DnsRecord",
    "Resolution",
    "ResolvConf",
    "getaddrinfo",
    "hosts_file",
    "lookup_host",
    "pod_resolver",
    "query",
    "resolv_conf",
    "resolve",
    "search_candidates",
    "service_env",
]

ZONE = "cluster.local"
TTL = 30
DNS_SCHEMA_VERSION = "1.1.0"
MUSL_TIMEOUT_SECONDS = 5  # resolv.conf defaults: timeout:5 attempts:2 (musl spreads the attempts over the timeout)


@dataclass(frozen=True)
class DnsRecord:
    name: str  # owner, lower case, no trailing dot
    rtype: str  # A, AAAA, CNAME, SRV, PTR, TXT, SOA, NS
    data: str  # address, target name (no trailing dot), "prio weight port target", or TXT text
    ttl: int = TTL

    def rdata(self, final_dot: bool = True) -> str:
        """Presentation form: names get their trailing dot (as dig and BIND show them)."""
        dot = "." if final_dot else ""
        if self.rtype in ("CNAME", "PTR", "NS"):
            return self.data + dot
        if self.rtype == "SRV":
            prio, weight, port, target = self.data.split()
            return f"{prio} {weight} {port} {target}{dot}"
        if self.rtype == "SOA":
            mname, rname, *numbers = self.data.split()
            return f"{mname}{dot} {rname}{dot} {' '.join(numbers)}"
        if self.rtype == "TXT":
            return f'"{self.data}"'
        return self.data


@dataclass(frozen=True)
class DnsAnswer:
    qname: str
    qtype: str
    rcode: str  # NOERROR | NXDOMAIN | SERVFAIL
    records: tuple[DnsRecord, ...] = ()
    authoritative: bool = True
    authority: tuple[DnsRecord, ...] = ()
    additional: tuple[DnsRecord, ...] = ()

    @property
    def addresses(self) -> list[str]:
        return [r.data for r in self.records if r.rtype in ("A", "AAAA")]


@dataclass
class _Name:
    """What exists at one name: record sets by type (an empty dict is an empty non-terminal)."""

    rrsets: dict[str, list[DnsRecord]] = field(default_factory=dict)
    additional: list[DnsRecord] = field(default_factory=list)


# --------------------------------------------------------------------- CoreDNS
def normalize(name: str) -> str:
    return name.strip().lower().rstrip(".")


def resolve(cluster: "Runtime", qname: str, qtype: str = "A") -> DnsAnswer:
    """Ask the cluster DNS (CoreDNS) one question."""
    name, qtype = normalize(qname), qtype.upper()
    authoritative = name == ZONE or name.endswith("." + ZONE) or _reverse_hit(cluster, name)
    found = _lookup(cluster, name) if authoritative else _forwarded(name)
    return _answer(cluster, name, qtype, found, authoritative, depth=0)


def _answer(
    cluster: "Runtime", name: str, qtype: str, found: _Name | None, authoritative: bool, depth: int
) -> DnsAnswer:
    if found is None:
        return DnsAnswer(name, qtype, "NXDOMAIN", (), authoritative, (_soa(cluster, name, authoritative),))
    records = list(found.rrsets.get(qtype, ()))
    if not records and "CNAME" in found.rrsets and qtype != "CNAME":
        cname = found.rrsets["CNAME"]
        chased = resolve(cluster, cname[0].data, qtype) if depth < 8 else None
        tail = list(chased.records) if chased is not None and chased.rcode == "NOERROR" else []
        return DnsAnswer(name, qtype, "NOERROR", tuple(cname + tail), authoritative)
    if qtype == "A" and len(records) > 1:
        cluster.rng_net.shuffle(records)  # CoreDNS's loadbalance plugin
    authority = () if records else (_soa(cluster, name, authoritative),)
    return DnsAnswer(
        name, qtype, "NOERROR", tuple(records), authoritative, authority, tuple(found.additional) if records else ()
    )


def _lookup(cluster: "Runtime", name: str) -> _Name | None:
    if name.endswith(".in-addr.arpa"):
        return _reverse(cluster, name)
    labels = [] if name == ZONE else name[: -len(ZONE) - 1].split(".")
    if not labels:
        return _Name({"SOA": [_soa(cluster, ZONE, True)], "NS": [DnsRecord(ZONE, "NS", f"ns.dns.{ZONE}")]})
    if labels == ["dns-version"]:
        return _Name({"TXT": [DnsRecord(name, "TXT", DNS_SCHEMA_VERSION)]})
    kind, rest = labels[-1], labels[:-1]
    if kind == "svc":
        return _service_tree(cluster, name, rest)
    if kind == "pod":
        return _pod_tree(cluster, name, rest)
    return None


def _namespace_exists(cluster: "Runtime", namespace: str) -> bool:
    return cluster.api.find(Namespace, "", namespace) is not None


def _service_tree(cluster: "Runtime", name: str, labels: list[str]) -> _Name | None:
    if not labels:
        return _Name()
    namespace = labels[-1]
    if not _namespace_exists(cluster, namespace):
        return None
    if len(labels) == 1:
        return _Name()  # <ns>.svc.cluster.local exists (NODATA)
    svc = cluster.api.find(Service, namespace, labels[-2])
    if svc is None:
        return None
    if len(labels) == 2:
        return _service_name(cluster, svc, name)
    if len(labels) == 3:
        return _endpoint_name(cluster, svc, name, labels[0])
    if len(labels) == 4 and labels[0].startswith("_") and labels[1].startswith("_"):
        return _srv_name(cluster, svc, name, labels[0][1:], labels[1][1:])
    return None


def _fqdn(svc: Service) -> str:
    return f"{svc.name}.{svc.namespace}.svc.{ZONE}"


def _headless(svc: Service) -> bool:
    return svc.spec.cluster_ip in (None, "", "None")


def _ready_addresses(cluster: "Runtime", svc: Service) -> list[Backend]:
    return [b for b in cluster.network.backends((svc.namespace, svc.name)).addresses if b.ready]


def _endpoint_label(backend: Backend) -> str:
    return backend.hostname or backend.ip.replace(".", "-")


def _service_name(cluster: "Runtime", svc: Service, name: str) -> _Name | None:
    if svc.spec.type == "ExternalName":
        return _Name({"CNAME": [DnsRecord(name, "CNAME", normalize(svc.spec.external_name or ""))]})
    if not _headless(svc):
        return _Name({"A": [DnsRecord(name, "A", svc.spec.cluster_ip)]})
    ready = _ready_addresses(cluster, svc)
    if not ready:
        return None  # a headless Service without ready endpoints does not exist in DNS
    return _Name({"A": [DnsRecord(name, "A", b.ip) for b in ready]})


def _endpoint_name(cluster: "Runtime", svc: Service, name: str, label: str) -> _Name | None:
    matches = [b for b in _ready_addresses(cluster, svc) if _endpoint_label(b) == label]
    return _Name({"A": [DnsRecord(name, "A", b.ip) for b in matches]}) if matches else None


def _srv_name(cluster: "Runtime", svc: Service, name: str, port_name: str, proto: str) -> _Name | None:
    ports = [
        p
        for p in svc.spec.ports or []
        if p.name and p.name.lower() == port_name and (p.protocol or "TCP").lower() == proto
    ]
    if not ports or svc.spec.type == "ExternalName":
        return None
    sp = ports[0]
    if not _headless(svc):
        target = _fqdn(svc)
        return _Name(
            {"SRV": [DnsRecord(name, "SRV", f"0 100 {sp.port} {target}")]},
            [DnsRecord(target, "A", svc.spec.cluster_ip)],
        )
    backends = [b for b in cluster.network.backends((svc.namespace, svc.name)).by_port.get(sp.name, ()) if b.ready]
    if not backends:
        return None
    weight = 100 // len(backends)  # CoreDNS splits a weight of 100 among the records of one priority
    records, extra = [], []
    for b in backends:
        target = f"{_endpoint_label(b)}.{_fqdn(svc)}"
        records.append(DnsRecord(name, "SRV", f"0 {weight} {b.port} {target}"))
        extra.append(DnsRecord(target, "A", b.ip))
    return _Name({"SRV": records}, extra)


def _pod_tree(cluster: "Runtime", name: str, labels: list[str]) -> _Name | None:
    """``pods insecure``: any dashed IPv4 in an existing namespace answers with that IP."""
    if not labels:
        return _Name()
    if not _namespace_exists(cluster, labels[-1]):
        return None
    if len(labels) == 1:
        return _Name()
    if len(labels) != 2:
        return None
    try:
        ip = str(ipaddress.IPv4Address(labels[0].replace("-", ".")))
    except ValueError:
        return None
    return _Name({"A": [DnsRecord(name, "A", ip)]})


def _ptr_target(cluster: "Runtime", ip: str) -> str | None:
    index = cluster.network
    key = index.services_by_ip.get(ip)
    if key is not None:
        return f"{key[1]}.{key[0]}.svc.{ZONE}"
    for svc in cluster.api.list(Service):
        for b in index.backends((svc.namespace, svc.name)).addresses:
            if b.ip == ip and b.ready:
                return f"{_endpoint_label(b)}.{_fqdn(svc)}"
    return None


def _reverse_ip(name: str) -> str | None:
    parts = name[: -len(".in-addr.arpa")].split(".")
    if len(parts) != 4:
        return None
    try:
        return str(ipaddress.IPv4Address(".".join(reversed(parts))))
    except ValueError:
        return None


def _reverse_hit(cluster: "Runtime", name: str) -> bool:
    ip = _reverse_ip(name) if name.endswith(".in-addr.arpa") else None
    return ip is not None and _ptr_target(cluster, ip) is not None


def _reverse(cluster: "Runtime", name: str) -> _Name | None:
    ip = _reverse_ip(name)
    target = _ptr_target(cluster, ip) if ip else None
    return _Name({"PTR": [DnsRecord(name, "PTR", target)]}) if target else None


def _forwarded(name: str) -> _Name | None:
    """``forward . /etc/resolv.conf``: the node's resolver, i.e. the Internet."""
    host = host_by_name(name)
    if host is None:
        return None
    return _Name(
        {
            "A": [DnsRecord(name, "A", ip, host.ttl) for ip in host.a],
            "AAAA": [DnsRecord(name, "AAAA", ip, host.ttl) for ip in host.aaaa],
        }
    )


def _soa(cluster: "Runtime", name: str, authoritative: bool) -> DnsRecord:
    if authoritative:
        serial = int(cluster.clock.seconds()) // 60 * 60  # CoreDNS uses the time of the last change it saw
        return DnsRecord(ZONE, "SOA", f"ns.dns.{ZONE} hostmaster.{ZONE} {serial} 7200 1800 86400 {TTL}", TTL)
    day = cluster.clock.now().strftime("%Y%m%d")
    return DnsRecord("", "SOA", f"a.root-servers.net nstld.verisign-grs.com {day}00 1800 900 604800 86400", TTL)


def resolve_upstream(qname: str, qtype: str = "A") -> DnsAnswer:
    """The node's / laptop's resolver: only the Internet (cluster names do not exist there)."""
    name, qtype = normalize(qname), qtype.upper()
    found = _forwarded(name)
    if found is None:
        return DnsAnswer(name, qtype, "NXDOMAIN", (), False)
    return DnsAnswer(name, qtype, "NOERROR", tuple(found.rrsets.get(qtype, ())), False)


# -------------------------------------------------------------- Pod resolver
@dataclass(frozen=True)
class ResolvConf:
    nameservers: tuple[str, ...]
    search: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # "ndots:5", ...

    @property
    def ndots(self) -> int:
        for option in self.options:
            if option.startswith("ndots:"):
                try:
                    return min(int(option[6:]), 15)
                except ValueError:
                    return 1
        return 1

    def text(self) -> str:
        lines = []
        if self.search:
            lines.append("search " + " ".join(self.search))
        lines += [f"nameserver {ns}" for ns in self.nameservers]
        if self.options:
            lines.append("options " + " ".join(self.options))
        return "\n".join(lines) + "\n"

    def candidates(self, name: str) -> list[str]:
        """musl's order: the search list first for names with fewer dots than ndots, then the name itself."""
        if name.endswith("."):
            return [name[:-1]]
        if name.count(".") >= self.ndots or not self.search:
            return [name]
        return [f"{name}.{domain}" for domain in self.search] + [name]


def _cluster_search(namespace: str) -> tuple[str, ...]:
    return (f"{namespace}.svc.{ZONE}", f"svc.{ZONE}", ZONE)


def pod_resolver(cluster: "Runtime | None", pod: Pod) -> ResolvConf:
    """kubelet's ``/etc/resolv.conf`` for ``pod`` (pkg/kubelet/network/dns)."""
    policy = pod.spec.dns_policy or "ClusterFirst"
    if pod.spec.host_network and policy == "ClusterFirst":
        policy = "Default"
    dns_ip = cluster.dns_ip if cluster is not None else "10.96.0.10"
    upstream = upstream_dns(cluster.profile) if cluster is not None else "192.168.65.7"
    if policy in ("ClusterFirst", "ClusterFirstWithHostNet"):
        base = ResolvConf((dns_ip,), _cluster_search(pod.namespace), ("ndots:5",))
    elif policy == "None":
        base = ResolvConf(())
    else:
        base = ResolvConf((upstream,))
    return _merge_dns_config(base, pod.spec.dns_config)


def _merge_dns_config(base: ResolvConf, config) -> ResolvConf:
    if not config:
        return base
    get = config.get if isinstance(config, dict) else (lambda key, default=None: getattr(config, key, default))
    nameservers = list(dict.fromkeys([*base.nameservers, *(get("nameservers") or [])]))[:3]
    search = list(dict.fromkeys([*base.search, *(get("searches") or [])]))[:32]
    options = {o.split(":")[0]: o for o in base.options}
    for option in get("options") or []:
        item = (
            option
            if isinstance(option, dict)
            else {"name": getattr(option, "name", None), "value": getattr(option, "value", None)}
        )
        options[item["name"]] = f"{item['name']}:{item['value']}" if item.get("value") is not None else item["name"]
    return ResolvConf(tuple(nameservers), tuple(search), tuple(options.values()))


def resolv_conf(cluster: "Runtime", pod: Pod) -> str:
    """The text of the Pod's ``/etc/resolv.conf``."""
    return pod_resolver(cluster, pod).text()


def search_candidates(pod: Pod, name: str) -> list[str]:
    """The names a musl/curl lookup of ``name`` tries from ``pod``, in order (ndots:5 rule)."""
    return pod_resolver(None, pod).candidates(name)


def hosts_file(pod: Pod) -> str:
    """The kubelet-managed ``/etc/hosts`` of a Pod."""
    lines = [
        "# Kubernetes-managed hosts file.",
        "127.0.0.1\tlocalhost",
        "::1\tlocalhost ip6-localhost ip6-loopback",
        "fe00::0\tip6-localnet",
        "fe00::0\tip6-mcastprefix",
        "fe00::1\tip6-allnodes",
        "fe00::2\tip6-allrouters",
    ]
    hostname = pod.spec.hostname or pod.name
    if pod.ip and not pod.spec.host_network:
        if pod.spec.subdomain:
            lines.append(f"{pod.ip}\t{hostname}.{pod.spec.subdomain}.{pod.namespace}.svc.{ZONE}\t{hostname}")
        else:
            lines.append(f"{pod.ip}\t{hostname}")
    aliases = pod.spec.host_aliases or []
    if aliases:
        lines += ["", "# Entries added by HostAliases."]
        for alias in aliases:
            entry = (
                alias
                if isinstance(alias, dict)
                else {"ip": getattr(alias, "ip", ""), "hostnames": getattr(alias, "hostnames", [])}
            )
            lines.append(f"{entry.get('ip')}\t" + "\t".join(entry.get("hostnames") or []))
    return "\n".join(lines) + "\n"


def _hosts_lookup(hosts_text: str, name: str) -> list[str]:
    wanted = normalize(name)
    found = []
    for line in hosts_text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and wanted in (f.lower() for f in fields[1:]) and ":" not in fields[0]:
            found.append(fields[0])
    return found


# ------------------------------------------------------------------ lookups
@dataclass(frozen=True)
class Resolution:
    """The outcome of a libc lookup."""

    name: str
    addresses: tuple[str, ...]
    error: str | None = None  # None | "nxdomain" | "nodata" | "timeout"
    elapsed_ms: int = 0
    tried: tuple[str, ...] = ()  # the names queried, in order (each but the last answered NXDOMAIN)
    canonical: str | None = None
    server: str | None = None  # the nameserver asked (None: no query: an IP, or /etc/hosts)

    @property
    def ok(self) -> bool:
        return bool(self.addresses)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.IPv4Address(name)
        return True
    except ValueError:
        return False


def query(cluster: "Runtime", src: "Source", server: str, qname: str, qtype: str = "A") -> DnsAnswer | None:
    """One DNS query from ``src`` to ``server``; ``None`` if no answer comes back (timeout). Each query is
    recorded (:mod:`.activity`)."""
    answer = _answer_from(cluster, src, server, qname, qtype)
    record_query(cluster, src, qname, answer.rcode if answer else "timeout", answer.addresses if answer else ())
    return answer


def _answer_from(cluster: "Runtime", src: "Source", server: str, qname: str, qtype: str) -> DnsAnswer | None:
    if not dns_server_reachable(cluster, src, server):
        return None
    if server == cluster.dns_ip and src.kind != "host":
        return resolve(cluster, qname, qtype)
    return resolve_upstream(qname, qtype)


def dns_server_reachable(cluster: "Runtime", src: "Source", server: str) -> bool:
    """Whether a UDP query to ``server:53`` gets an answer (a CoreDNS Pod must be ready and running)."""
    from .listeners import pod_listener

    if src.kind == "host":
        return server != cluster.dns_ip
    index = cluster.network
    key = index.services_by_ip.get(server)
    if key is None:
        return server == upstream_dns(cluster.profile)
    service = index.service(key)
    dns_ports = [p.name or "" for p in (service.spec.ports or []) if p.port == 53 and (p.protocol or "TCP") == "UDP"]
    candidates = usable_backends(b for name in dns_ports for b in index.backends(key).by_port.get(name, ()))
    for backend in candidates:
        pod = cluster.api.find(Pod, *backend.pod) if backend.pod else None
        if pod is not None and pod_listener(cluster, pod, 53) is not None:
            return True
    return False


def lookup_host(cluster: "Runtime", src: "Source", name: str, pod: Pod | None = None) -> Resolution:
    """Resolve ``name`` as a program in ``pod`` (or on the laptop when ``pod`` is None) does with getaddrinfo."""
    name = name.strip()
    if _is_ip(name):
        return Resolution(name, (name,))
    if pod is not None:
        local = _hosts_lookup(hosts_file(pod), name)
        conf = pod_resolver(cluster, pod)
    else:
        local = ["127.0.0.1"] if normalize(name) == "localhost" else []
        conf = ResolvConf((host_resolver(cluster.profile),))
    if local:
        return Resolution(name, tuple(local), canonical=name)
    if not conf.nameservers:
        return Resolution(name, (), "timeout", 0)
    return _search(cluster, src, conf, name)


def _search(cluster: "Runtime", src: "Source", conf: ResolvConf, name: str) -> Resolution:
    server = conf.nameservers[0]
    tried: list[str] = []
    elapsed = 0
    for candidate in conf.candidates(name):
        tried.append(candidate)
        answer = query(cluster, src, server, candidate, "A")
        if answer is None:
            return Resolution(name, (), "timeout", MUSL_TIMEOUT_SECONDS * 1000 + elapsed, tuple(tried), server=server)
        elapsed += 1 if answer.authoritative else 12
        if answer.rcode == "NXDOMAIN":
            continue
        if answer.rcode != "NOERROR":
            return Resolution(name, (), "servfail", elapsed, tuple(tried), server=server)
        addresses = tuple(r.data for r in answer.records if r.rtype == "A")
        if addresses:
            return Resolution(name, addresses, None, elapsed, tuple(tried), candidate, server)
        return Resolution(name, (), "nodata", elapsed, tuple(tried), server=server)  # musl stops at a name that exists
    return Resolution(name, (), "nxdomain", elapsed, tuple(tried), server=server)


def getaddrinfo(cluster: "Runtime", pod: Pod | None, name: str) -> list[str] | None:
    """The IPv4 addresses ``name`` resolves to from ``pod`` (None: the laptop), or None if it does not resolve."""
    from .proxy import Source

    src = Source.of_pod(pod) if pod is not None else Source.host(cluster)
    result = lookup_host(cluster, src, name, pod)
    return list(result.addresses) if result.ok else None


# ---------------------------------------------------------- environment
def _env_name(service_name: str) -> str:
    return service_name.upper().replace("-", "_")


def _links(svc: Service) -> list[tuple[str, str]]:
    """kubelet's envvars.FromServices for one Service."""
    prefix, ip, ports = _env_name(svc.name), svc.spec.cluster_ip, svc.spec.ports or []
    result = [(f"{prefix}_SERVICE_HOST", ip)]
    if ports:
        result.append((f"{prefix}_SERVICE_PORT", str(ports[0].port)))
    result += [(f"{prefix}_SERVICE_PORT_{_env_name(p.name)}", str(p.port)) for p in ports if p.name]
    for i, p in enumerate(ports):
        proto = p.protocol or "TCP"
        url = f"{proto.lower()}://{ip}:{p.port}"
        if i == 0:
            result.append((f"{prefix}_PORT", url))
        base = f"{prefix}_PORT_{p.port}_{proto.upper()}"
        result += [(base, url), (f"{base}_PROTO", proto.lower()), (f"{base}_PORT", str(p.port)), (f"{base}_ADDR", ip)]
    return result


def service_env(cluster: "Runtime", pod: Pod) -> dict[str, str]:
    """Service link variables the kubelet gave ``pod``'s containers (Services that existed when they started)."""
    started = pod.status.start_time if pod.status and pod.status.start_time else pod.metadata.creation_timestamp or ""
    links = pod.spec.enable_service_links is not False
    chosen: dict[str, Service] = {}
    for svc in cluster.api.list(Service):
        if _headless(svc) or svc.spec.type == "ExternalName" or (svc.metadata.creation_timestamp or "") > started:
            continue
        if svc.namespace == "default" and svc.name == "kubernetes":
            chosen.setdefault(svc.name, svc)
        elif svc.namespace == pod.namespace and links:
            chosen[svc.name] = svc
    env = {}
    for svc in chosen.values():
        env.update(_links(svc))
    return dict(sorted(env.items()))
