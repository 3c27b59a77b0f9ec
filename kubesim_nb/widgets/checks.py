"""The judges of the notebooks' "Try it" tasks: what the learner's cluster must show once the task is done.

Each function returns a judge for :func:`kubesim_nb.quiz.check_cluster`: called when the learner clicks
*Check my cluster*, it reads the notebook's current cluster (``kubesim_nb.magics.current_cluster``) and
answers ``(passed, what was found)``. A judge looks only where a learner could look too (EndpointSlices,
a Deployment's ``metadata.generation``, a curl from the laptop), so its message tells the learner what
to run to see the same thing.

- :func:`service_has_endpoints`: a Service has exactly N endpoint addresses;
- :func:`scaled_and_back`: a Deployment was scaled (its spec changed at least twice) and is back at N
  replicas, with N endpoints (the API server raises a Deployment's ``metadata.generation`` on every spec
  change: ``PrepareForUpdate`` in ``pkg/registry/apps/deployment/strategy.go``);
- :func:`answers_from_your_computer`: a URL answers HTTP 200 from the learner's computer.
"""

from __future__ import annotations

from typing import Callable

from ..api.apps import Deployment
from ..api.discovery import SERVICE_NAME_LABEL, EndpointSlice
from ..api.labels import selector_from_map
from ..magics import current_cluster

__all__ = ["answers_from_your_computer", "scaled_and_back", "service_has_endpoints"]

Judge = Callable[[], tuple[bool, str]]


def _endpoint_addresses(service: str, namespace: str) -> list[str]:
    """The addresses of the Service's EndpointSlices (what ``kubectl get endpointslices`` lists)."""
    cluster = current_cluster()
    slices = cluster.api.list(EndpointSlice, namespace, selector_from_map({SERVICE_NAME_LABEL: service}))
    return [address for s in slices for endpoint in s.endpoints or [] for address in (endpoint.addresses or [])[:1]]


def _endpoints_verdict(service: str, count: int, namespace: str) -> tuple[bool, str]:
    found = _endpoint_addresses(service, namespace)
    return len(found) == count, f"{service} has {len(found)} endpoint(s): {', '.join(found) or 'none'}"


def service_has_endpoints(service: str, count: int, namespace: str = "default") -> Judge:
    """Passes when ``service`` has exactly ``count`` endpoint addresses."""
    return lambda: _endpoints_verdict(service, count, namespace)


def scaled_and_back(deployment: str, service: str, up: int, back: int, namespace: str = "default") -> Judge:
    """Passes once ``deployment`` was scaled (to ``up``) and back to ``back`` replicas, and ``service`` has
    ``back`` endpoints. Scaling changes the Deployment's spec, and every spec change raises its
    ``metadata.generation`` (1 when created): up and back makes it at least 3."""

    def judge() -> tuple[bool, str]:
        found = current_cluster().api.find(Deployment, namespace, deployment)
        if found is None:
            return False, f"there is no Deployment {deployment}: run the cells above first."
        replicas, changes = found.spec.replicas, (found.metadata.generation or 1) - 1
        if changes < 2:
            done = "has not been scaled yet" if changes == 0 else "was changed once"
            return False, f"{deployment} {done}: scale it to {up} replicas, then back to {back}."
        if replicas != back:
            return False, f"{deployment} wants {replicas} replicas: scale it back to {back}."
        passed, endpoints = _endpoints_verdict(service, back, namespace)
        return passed, f"{deployment} was scaled and is back at {back} replicas; {endpoints}" + (
            "" if passed else " (let a few seconds pass: Pods take a moment to stop or start)"
        )

    return judge


def answers_from_your_computer(url: str) -> Judge:
    """Passes when ``curl URL`` from the learner's computer answers HTTP 200."""

    def judge() -> tuple[bool, str]:
        result = current_cluster().host_shell().run_line(f"curl -s -o /dev/null -w %{{http_code}} --max-time 3 {url}")
        code = result.stdout.strip()
        if code in ("", "000"):  # curl writes 000 when nothing answered
            return False, f"curl {url} from your computer got no answer (curl's exit code: {result.exit_code})."
        return code == "200", f"curl {url} from your computer answered HTTP {code}."

    return judge
