"""The data plane: Service routing (kube-proxy), cluster DNS (CoreDNS), and shells in Pods.

- :mod:`.proxy` — :func:`connect` a client to an address through kube-proxy's rules.
- :mod:`.dns` — :func:`resolve` a query as CoreDNS does; Pod resolver config; libc lookups.
- :mod:`.shell` — :class:`PodShell` (``kubectl exec -it``), :class:`HostShell` (the laptop),
  :func:`exec_command` (``kubectl exec POD -- CMD``); the shell itself (grammar, expansion, arithmetic,
  interpreter, builtins, dialects) is the package :mod:`.sh`.
- :mod:`.portforward` — :func:`port_forward` (``kubectl port-forward``).
- :mod:`.tools` — the programs (curl, wget, nslookup, dig, ping, apk, ...).
- :mod:`.traces` — what each curl/wget request went through, kept for the packet view;
  :mod:`.iptables` — kube-proxy's rules for a Service as ``iptables-save`` prints them.

State that outlives a command lives in ``cluster.sessions["network"]`` (:mod:`.state`).
"""

from .dns import (
    DnsAnswer,
    DnsRecord,
    getaddrinfo,
    hosts_file,
    pod_resolver,
    resolv_conf,
    resolve,
    search_candidates,
    service_env,
)
from .machine import ExecError, HostProfile
from .portforward import PortForward, PortForwardError, port_forward, port_forwards, stop_port_forward
from .proxy import ConnectFailure, Connection, Hop, Source, connect, ping
from .shell import HostShell, PodShell, ShellResult, exec_command

__all__ = [
    "ConnectFailure",
    "Connection",
    "DnsAnswer",
    "DnsRecord",
    "ExecError",
    "Hop",
    "HostProfile",
    "HostShell",
    "PodShell",
    "PortForward",
    "PortForwardError",
    "ShellResult",
    "Source",
    "connect",
    "exec_command",
    "getaddrinfo",
    "hosts_file",
    "ping",
    "pod_resolver",
    "port_forward",
    "port_forwards",
    "resolv_conf",
    "resolve",
    "search_candidates",
    "service_env",
    "stop_port_forward",
]
