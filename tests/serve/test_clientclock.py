"""The computer's clock and the simulated one: a ``restartedAt`` stamped by a client's "now" becomes the cluster's
now, any other time is kept; a cluster far from the computer's time is noted when serving starts."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from kubesim_nb.clock import format_time
from kubesim_nb.serve.clientclock import RESTARTED_AT, clock_note, computer_now, restarted_now

CLUSTER_NOW = datetime(2025, 1, 6, 9, 5, 0, tzinfo=timezone.utc)


def _restart_patch(stamp: str) -> dict:
    return {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: stamp}}}}}


def test_a_restart_stamped_now_by_the_client_happens_at_the_clusters_now():
    received = time.time()
    for stamp in (format_time(datetime.fromtimestamp(received, tz=timezone.utc)), "2026-12-05T01:00:00+01:00"):
        patch = _restart_patch(stamp)
        restarted_now(patch, CLUSTER_NOW, parse(stamp) + 0.4)
        assert patch["spec"]["template"]["metadata"]["annotations"][RESTARTED_AT] == "2025-01-06T09:05:00Z"


def test_other_times_and_other_patches_are_kept():
    old = _restart_patch("2020-01-01T00:00:00Z")
    restarted_now(old, CLUSTER_NOW, time.time())
    assert old == _restart_patch("2020-01-01T00:00:00Z")
    for untouched in ({"spec": {"replicas": 2}}, {"spec": {"template": None}}, _restart_patch("not a time")):
        before = repr(untouched)
        restarted_now(untouched, CLUSTER_NOW, time.time())
        assert repr(untouched) == before


def test_a_cluster_far_from_the_computers_time_is_noted():
    assert clock_note(computer_now()) is None
    note = clock_note(CLUSTER_NOW)
    assert note is not None and note.startswith("note: the cluster's clock reads 2025-01-06T09:05:00Z;")
    assert clock_note(computer_now() - timedelta(minutes=5)) is not None


def parse(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
