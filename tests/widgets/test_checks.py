"""The judges of the notebooks' "Try it" tasks fail until the learner has done the task."""

from __future__ import annotations

import pytest

from kubesim_nb.magics import use_cluster
from kubesim_nb.widgets import checks
from kubesim_nb.widgets.demo import web_cluster


@pytest.fixture
def cluster():
    """web-deployment (3 Pods) and web-service as the notebook's current cluster."""
    cluster = use_cluster(web_cluster())
    yield cluster
    use_cluster(None)


def test_scaled_and_back_fails_until_the_deployment_went_up_and_came_back(cluster) -> None:
    judge = checks.scaled_and_back("web-deployment", "web-service", up=4, back=3)
    assert judge() == (False, "web-deployment has not been scaled yet: scale it to 4 replicas, then back to 3.")
    cluster.kubectl("scale deployment web-deployment --replicas=4")
    assert judge() == (False, "web-deployment was changed once: scale it to 4 replicas, then back to 3.")
    cluster.kubectl("scale deployment web-deployment --replicas=3")
    cluster.advance(30)  # the fourth Pod stops
    passed, message = judge()
    assert passed and message.startswith("web-deployment was scaled and is back at 3 replicas; web-service has 3")
    cluster.kubectl("scale deployment web-deployment --replicas=5")
    assert judge() == (False, "web-deployment wants 5 replicas: scale it back to 3.")
    assert checks.scaled_and_back("nope", "web-service", 4, 3)()[0] is False


def test_service_has_endpoints_counts_the_endpointslices_addresses(cluster) -> None:
    assert checks.service_has_endpoints("web-service", 3)()[0]
    passed, message = checks.service_has_endpoints("web-service", 2)()
    assert not passed and message.startswith("web-service has 3 endpoint(s): 10.1.0.")


def test_answers_from_your_computer_curls_from_the_laptop(cluster) -> None:
    judge = checks.answers_from_your_computer("http://localhost:30007")
    assert judge() == (False, "curl http://localhost:30007 from your computer got no answer (curl's exit code: 7).")
    cluster.kubectl(["patch", "service", "web-service", "-p", '{"spec":{"type":"NodePort"}}'])
    cluster.kubectl(
        [
            "patch",
            "service",
            "web-service",
            "--type=json",
            "-p",
            '[{"op":"replace","path":"/spec/ports/0/nodePort","value":30007}]',
        ]
    )
    assert judge() == (True, "curl http://localhost:30007 from your computer answered HTTP 200.")
