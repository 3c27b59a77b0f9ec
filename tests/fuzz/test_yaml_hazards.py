"""Hostile YAML answers with a clear error, in bounded work and memory.

Work is counted in Python function calls rather than seconds, so a slow or busy machine cannot fail the test.
"""

from __future__ import annotations

import tracemalloc

import pytest

from kubesim_nb import Cluster

LEVELS = "abcdefghij"
ALIAS_BOMB = "\n".join(
    ["apiVersion: v1", "kind: Service", "bomb:", "  a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"  {LEVELS[i + 1]}: &{LEVELS[i + 1]} [{', '.join(['*' + LEVELS[i]] * 9)}]" for i in range(9)]
    + ["metadata:", "  name: bomb", "  annotations:", "    z: *j"]
)
DEEP = "a: " + "[" * 20000 + "]" * 20000
DEEP_MAPS = "".join(f"{' ' * i}k{i}:\n" for i in range(400)) + " " * 400 + "v: 1\n"
BIG_OBJECT = (
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: big\n  annotations:\n"
    + "".join(f"    k{i}: {'x' * 1000}\n" for i in range(5000))
    + "spec:\n  ports:\n  - port: 80\n"
)
HUGE = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n" + "".join(
    f"  k{i}: {'x' * 1000}\n" for i in range(9000)
)
CALL_BUDGET = 1_000_000  # refusing the alias bomb takes about 220,000 calls; expanding it would take billions


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("alias bomb", ALIAS_BOMB, "document contains excessive aliasing"),
        ("deep flow nesting", DEEP, "exceeded max depth"),
        ("deep block nesting", DEEP_MAPS, "exceeded max depth"),
        ("multi-megabyte file", HUGE, "MiB a manifest may have"),
        ("object over the API server's request limit", BIG_OBJECT, "Request entity too large: limit is 3145728"),
    ],
)
def test_hazard_is_refused_with_bounded_work_and_memory(name: str, text: str, expected: str, counting_calls) -> None:
    cluster = Cluster(seed=1, think_time=0)
    before = cluster.dumps()
    result, calls = counting_calls(lambda: cluster.kubectl("apply -f -", stdin=text))
    tracemalloc.start()  # measured on a second run: tracing slows Python down several times
    cluster.kubectl("apply -f -", stdin=text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 1
    assert result.stderr.startswith(("error: ", "Error from server")) and expected in result.stderr, result.stderr[:300]
    assert calls < CALL_BUDGET, f"{name} took {calls:,} Python calls"
    assert peak < 200 * 1024 * 1024, f"{name} peaked at {peak / 1e6:.0f} MB"
    assert cluster.dumps() == before
