"""``ip addr`` / ``ip route`` inside a Pod: the Pod's own address, derived from its IP and node."""

from __future__ import annotations

import ipaddress
import zlib

from ..topology import in_pod_network
from .base import ToolContext, program

__all__ = ["ip"]


def _mac(ip: str) -> str:
    digest = zlib.crc32(ip.encode()).to_bytes(4, "big")
    return ":".join(
        f"{b:02x}" for b in (0x0A, 0x58, *digest)
    )  # "0a:58": the CNI bridge plugin's locally administered prefix


def _addresses(ctx: ToolContext) -> str:
    pod = ctx.machine.pod
    lines = [
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000",
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
        "    inet 127.0.0.1/8 scope host lo",
        "       valid_lft forever preferred_lft forever",
        "    inet6 ::1/128 scope host ",
        "       valid_lft forever preferred_lft forever",
    ]
    node = in_pod_network(ctx.cluster, pod.ip) if pod is not None and pod.ip else None
    if node is not None:
        network = ipaddress.ip_network(node.pod_cidr)
        lines += [
            (
                f"2: eth0@if{4 + int(ipaddress.ip_address(pod.ip)) % 200}: "
                "<BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state UP "
            ),
            f"    link/ether {_mac(pod.ip)} brd ff:ff:ff:ff:ff:ff",
            f"    inet {pod.ip}/{network.prefixlen} brd {network.broadcast_address} scope global eth0",
            "       valid_lft forever preferred_lft forever",
        ]
    return "\n".join(lines) + "\n"


def _routes(ctx: ToolContext) -> str:
    pod = ctx.machine.pod
    node = in_pod_network(ctx.cluster, pod.ip) if pod is not None and pod.ip else None
    if node is None:
        return ""
    return f"default via {node.gateway} dev eth0 \n{node.pod_cidr} dev eth0 scope link  src {pod.ip} \n"


@program("ip")
def ip(ctx: ToolContext, argv: list[str]) -> int:
    obj = argv[1] if len(argv) > 1 else ""
    if obj in ("a", "addr", "address"):
        ctx.out.write(_addresses(ctx))
        return 0
    if obj in ("r", "route"):
        ctx.out.write(_routes(ctx))
        return 0
    ctx.err.write(
        "BusyBox v1.37.0 multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n"
    )
    return 1
