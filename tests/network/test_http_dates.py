"""Simulated time is consistent: servers answer with a ``Date`` after what they serve was made, on a cluster that
was set up after the Kubernetes it runs was released."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from kubesim_nb import Cluster
from kubesim_nb.api.core import Node
from kubesim_nb.clock import parse_time
from kubesim_nb.network.shell import PodShell
from kubesim_nb.profiles import BUILD_DATE


def test_nginx_date_is_after_its_page_was_written_and_the_etag_says_when(web: Cluster) -> None:
    shell = PodShell(web, "default", "test-pod")
    shell.run_line("apk add curl")
    lines = shell.run_line("curl -sI http://web-service").stdout.split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    date, modified = (parsedate_to_datetime(headers[name]) for name in ("Date", "Last-Modified"))
    assert modified < date
    mtime, size = headers["ETag"].strip('"').split("-")
    assert int(mtime, 16) == modified.timestamp() and int(size, 16) == int(headers["Content-Length"])


def test_the_cluster_was_set_up_after_its_kubernetes_was_built() -> None:
    cluster = Cluster(seed=1)
    node = cluster.api.get(Node, "", "docker-desktop")
    assert parse_time(BUILD_DATE) < parse_time(node.metadata.creation_timestamp) < cluster.clock.now()
