"""Selector playground latency: from a selector edit to the redraw finishing, for 12, 50 and 200 Pods.

    python benchmarks/widget_latency.py [--edits 30]

One edit is what a keystroke in the browser causes in the kernel: setting
``SelectorPlayground.text.value`` runs, synchronously, the parse, ``kubectl
patch service`` (API server, EndpointSlice controller), a new snapshot, the
explanation, the endpoint list and the diagram (blitted overlay + PNG encode),
ending with the image widget's new value. Edits cycle through selectors that
match two thirds, all, a third and none of the Pods. Wall-clock median and
worst are the figures; the CPU median is printed too, since the machine may be
shared.
"""

from __future__ import annotations

import argparse
import statistics
import time

from kubesim_nb.widgets.demo import scaled_cluster
from kubesim_nb.widgets.selector import SelectorPlayground

EDITS = ("app=web", "app=web,version=v2", "app=wbe", "app=web,version=v1")
TARGET_MS, TARGET_PODS = 100.0, 50


def measure(pods: int, edits: int, warmup: int = 2) -> dict[str, float]:
    playground = SelectorPlayground(scaled_cluster(pods))
    wall, cpu = [], []
    for i in range(warmup + edits):
        text = EDITS[i % len(EDITS)]
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        playground.text.value = text
        if i >= warmup:
            wall.append((time.perf_counter() - start_wall) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert f"selects {text}" in playground.status.value, playground.status.value
    return {
        "median": statistics.median(wall),
        "worst": max(wall),
        "cpu": statistics.median(cpu),
        "full": playground.diagram.diagram.full_redraws,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    print(f"selector edit -> redraw finished (SelectorPlayground in-process, {args.edits} edits after 2 warm-ups)")
    print(f"{'Pods':>5}  {'median ms':>9}  {'worst ms':>8}  {'CPU median ms':>13}  background redraws")
    results = {}
    for pods in (12, 50, 200):
        results[pods] = figures = measure(pods, args.edits)
        print(
            f"{pods:>5}  {figures['median']:>9.1f}  {figures['worst']:>8.1f}  "
            f"{figures['cpu']:>13.1f}  {figures['full']}"
        )
    met = results[TARGET_PODS]["median"] < TARGET_MS
    print(f"target: median under {TARGET_MS:.0f} ms at {TARGET_PODS} Pods: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
