"""The computer's clock and the simulated clock, where the real kubectl meets both.

The server stamps every object with simulated time and computes the ages of its Tables from it. The real kubectl
computes a few ages itself, from the computer's clock (``time.Since`` in
``staging/src/k8s.io/kubectl/pkg/describe/describe.go`` ``translateTimestampSince``: describe's Events; LAST SEEN
in ``staging/src/k8s.io/kubectl/pkg/cmd/events/events.go``), and stamps the computer's time into one object
(``kubectl.kubernetes.io/restartedAt``, ``staging/src/k8s.io/kubectl/pkg/polymorphichelpers/objectrestarter.go``).
The two agree when simulated "now" is the computer's "now", so:

- a new cluster made for ``kubesim serve`` starts at the computer's time (:func:`computer_now`), and with the wall
  clock simulated time then follows real time: the served timestamps are real times. A cluster that already has a
  life of its own keeps its dates (moving it years ahead would replay every crash loop of those years); the server
  says so (:func:`clock_note`);
- with the manual clock simulated time stands still between ``kubesim advance`` commands while the computer's runs
  on, so kubectl's own ages drift from the simulated ones by the time since the two last met; a test that compares
  both front ends accounts for that drift, which it can measure (``tests/serve/served.py``);
- a ``restartedAt`` that a client stamps with its "now" is taken as the cluster's now (:func:`restarted_now`), so a
  restart made by the real kubectl names its new Pods as ours does, whatever the two clocks read.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

from ..clock import format_time, parse_time

__all__ = ["RESTARTED_AT", "clock_note", "computer_now", "restarted_now"]

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
# a client's stamp this close to the server's receipt is the client's "now" (kubectl stamps right before sending)
SAME_MOMENT_SECONDS = 2.0
# a difference between the two clocks worth a word when serving starts
NOTABLE_SKEW_SECONDS = 60.0


def computer_now() -> datetime:
    """The computer's time, to the whole second (a ``metav1.Time`` has no finer precision)."""
    return datetime.fromtimestamp(int(time.time()), tz=timezone.utc)


def clock_note(cluster_now: datetime) -> str | None:
    """A line for the server's terminal when the cluster's clock is far from the computer's; None otherwise."""
    if abs(cluster_now.timestamp() - time.time()) < NOTABLE_SKEW_SECONDS:
        return None
    return (
        f"note: the cluster's clock reads {format_time(cluster_now)}; the ages the real kubectl computes itself "
        "(describe's Events, kubectl events) count from this computer's clock"
    )


def restarted_now(patch: Any, cluster_now: datetime, received: float) -> None:
    """A ``rollout restart`` patch's ``restartedAt``, when it is the client's "now", set to the cluster's now."""
    template = _path(patch, "spec", "template", "metadata", "annotations")
    stamp = template.get(RESTARTED_AT) if template is not None else None
    if not isinstance(stamp, str):
        return
    try:
        stamped = parse_time(stamp).timestamp()
    except ValueError:
        return
    if abs(received - stamped) <= SAME_MOMENT_SECONDS:
        template[RESTARTED_AT] = format_time(cluster_now)


def _path(data: Any, *keys: str) -> dict | None:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data if isinstance(data, dict) else None
