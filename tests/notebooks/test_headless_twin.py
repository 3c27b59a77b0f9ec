"""Notebook 06's "Why not just DNS to the Pods?": its own cells, run against a cluster, behave as its text says —
the headless twin resolves to Pod IPs, and after every Pod is deleted the cached Pod IP is dead while the cached
ClusterIP still answers."""

from __future__ import annotations

from pathlib import Path

import nbformat

from kubesim_nb.cluster import Cluster

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "06-dns-service-discovery.ipynb"
SETUP = "06-02"  # web-deployment and web-service
SECTION = ["06-headless-twin", "06-headless-get", "06-cache", "06-delete-all", "06-cached-addresses"]


def run_magic_cell(cluster: Cluster, source: str) -> str:
    """What the cell shows: ``%%kubectl ARGS`` passes the rest as stdin; ``%kubectl`` lines run one by one."""
    first, _, rest = source.partition("\n")
    if first.startswith("%%kubectl "):
        return cluster.kubectl(first.removeprefix("%%kubectl "), stdin=rest + "\n").output
    lines = [line.removeprefix("%kubectl ") for line in source.splitlines() if line.startswith("%kubectl ")]
    return "".join(cluster.kubectl(line).output for line in lines)


def test_the_cached_pod_ip_dies_and_the_cached_cluster_ip_keeps_working() -> None:
    cells = {cell.id: cell.source for cell in nbformat.read(NOTEBOOK, as_version=4).cells}
    cluster = Cluster(seed=6)
    shown = {cell_id: run_magic_cell(cluster, cells[cell_id]) for cell_id in [SETUP, *SECTION]}
    cluster_ip = cluster.kubectl("get service web-service -o jsonpath={.spec.clusterIP}").stdout
    assert "web-service-headless   ClusterIP   None" in shown["06-headless-get"]
    resolved = shown["06-cache"].split()
    pod_ips = resolved[:-1]
    assert resolved[-1] == cluster_ip and pod_ips and all(ip.startswith("10.1.") for ip in pod_ips)
    after = shown["06-cached-addresses"]
    cached_pod_ip = after.removeprefix("cached Pod IP: ").split()[0]  # CoreDNS shuffles the A records: any of them
    assert cached_pod_ip in pod_ips
    assert f"cached Pod IP: {cached_pod_ip}\ncurl: (28) Failed to connect to {cached_pod_ip} port 80" in after
    assert f"cached ClusterIP: {cluster_ip}\n<title>Welcome to nginx!</title>" in after
    new_ips = after.split("</title>\n")[1].split()
    assert new_ips and cached_pod_ip not in new_ips  # the headless name follows the new Pods, for who asks again
