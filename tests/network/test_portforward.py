"""kubectl port-forward: one Pod chosen once, kept until it dies."""

from __future__ import annotations

import pytest

from kubesim_nb.api.core import Pod
from kubesim_nb.errors import ApiError
from kubesim_nb.network import HostShell, PortForwardError, port_forward, port_forwards, stop_port_forward

from .conftest import pods_of


def test_forward_to_a_service_sticks_to_one_pod(who):
    forward = port_forward(who, "svc/who", 8080, 80)
    assert forward.banner() == "Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n"
    host = HostShell(who)
    answers = {host.run_line("curl -s http://localhost:8080").stdout.splitlines()[0] for _ in range(20)}
    assert answers == {f"Hostname: {forward.pod}"}
    assert port_forwards(who) == [forward]


def test_forward_breaks_when_its_pod_dies(who):
    forward = port_forward(who, "svc/who", 8080, 80)
    who.api.delete(Pod, "default", forward.pod)
    who.advance(10)  # the Deployment replaces the Pod; the forward does not follow
    result = HostShell(who).run_line("curl http://localhost:8080")
    assert result.exit_code == 7 and result.stderr.startswith(
        "curl: (7) Failed to connect to localhost port 8080 after "
    )
    assert port_forwards(who) == []


def test_forward_to_a_pod_and_errors(who):
    pod = pods_of(who, "who")[0]
    port_forward(who, f"pod/{pod.name}", 9000, 80)
    assert HostShell(who).run_line("curl -s localhost:9000").stdout.startswith(f"Hostname: {pod.name}")
    with pytest.raises(PortForwardError) as busy:
        port_forward(who, f"pod/{pod.name}", 9000, 80)
    assert "bind: address already in use" in busy.value.message
    with pytest.raises(ApiError):
        port_forward(who, "svc/nosuch", 9001, 80)
    with pytest.raises(PortForwardError) as noport:
        port_forward(who, "svc/who", 9002, 8080)
    assert noport.value.message == "error: Service who does not have a service port 8080"
    assert stop_port_forward(who, 9000)
    assert HostShell(who).run_line("curl -s localhost:9000").exit_code == 7


def test_forward_to_a_port_nothing_listens_on_gives_an_empty_reply(who):
    pod = pods_of(who, "who")[0]
    port_forward(who, f"pod/{pod.name}", 9100, 81)
    assert HostShell(who).run_line("curl localhost:9100").stderr == "curl: (52) Empty reply from server\n"
