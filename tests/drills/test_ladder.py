"""The Debug Services ladder ticks from what the learner's commands did (the activity record), rung by rung."""

from __future__ import annotations

import pytest

from kubesim_nb.drills import Drill
from kubesim_nb.drills.ladder import shows_endpoints
from kubesim_nb.network.activity import KEPT, mark, since


def ticked(drill: Drill) -> dict[str, str]:
    return {rung.id: rung.evidence for rung in drill.ladder().rungs() if rung.ticked}


def test_the_ladder_ticks_as_the_learner_climbs_it() -> None:
    drill = Drill.start(7)  # label-case: the name resolves, connections are refused, no endpoints
    cluster = drill.cluster
    assert ticked(drill) == {}
    cluster.kubectl("get pods --show-labels")  # not a rung
    assert ticked(drill) == {}
    cluster.kubectl("exec deploy/frontend -- nslookup backend-service")
    clusterip = cluster.kubectl("get service backend-service -o jsonpath={.spec.clusterIP}").stdout
    assert list(ticked(drill)) == ["name"]
    assert ticked(drill)["name"].startswith(f"backend-service.default.svc.cluster.local resolves to {clusterip} (")
    cluster.kubectl("exec deploy/frontend -- wget -qO- -T 3 http://backend-service/data")
    assert ticked(drill)["cluster-ip"].startswith(f"{clusterip}:80 refused")
    cluster.kubectl("describe service backend-service")
    assert ticked(drill)["endpoints"] == "you ran kubectl describe service backend-service"
    pod_ip = cluster.kubectl("get pods -l app=backend -o jsonpath={.items[0].status.podIP}").stdout
    cluster.kubectl(f"exec deploy/frontend -- wget -qO- -T 3 http://{pod_ip}:5000/data")
    assert ticked(drill)["pod"].startswith(f"{pod_ip}:5000 answered (from default/frontend-")
    assert drill.ladder().climbed == 4


def test_a_name_that_does_not_resolve_ticks_the_first_rung_with_what_it_found() -> None:
    drill = Drill.start(1)  # other-namespace
    assert drill.fault.id == "other-namespace"
    drill.cluster.kubectl("exec deploy/frontend -- wget -qO- -T 3 http://backend-service/data")
    found = ticked(drill)
    assert list(found) == ["name"] and "NXDOMAIN — the name does not resolve" in found["name"]


def test_the_drills_own_probes_tick_nothing() -> None:
    drill = Drill.start(7)
    drill.check()
    drill.symptom()
    assert ticked(drill) == {}


@pytest.mark.parametrize(
    "command, shows",
    [
        ("get endpoints", True),
        ("get ep backend-service", True),
        ("get endpointslices -l kubernetes.io/service-name=backend-service", True),
        ("get endpointslices backend-service-x7k2p -n default", True),
        ("get endpoints/backend-service", True),
        ("describe svc backend-service", True),
        ("describe services", True),
        ("get service backend-service", False),
        ("get endpoints other-service", False),
        ("get pods", False),
        ("-n default get endpoints", True),
    ],
)
def test_which_kubectl_commands_show_endpoints(command: str, shows: bool) -> None:
    assert shows_endpoints(command.split(), "backend-service") is shows


def test_the_record_keeps_the_latest_entries_only() -> None:
    drill = Drill.start(7)
    start = mark(drill.cluster)
    for _ in range(KEPT + 5):
        drill.cluster.kubectl("version --client")
    kept = since(drill.cluster)
    assert len(kept) == KEPT and kept[-1].seq == start + KEPT + 4 and kept[-1].argv == ("version", "--client")
