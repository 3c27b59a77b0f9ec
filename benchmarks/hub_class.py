"""A class of 30 learners on a real JupyterHub: the time of each phase and the peak memory.

    python benchmarks/hub_class.py [--learners 30]

The same run as ``tests/hub/test_class.py`` (``tests/hub/hubclass.py``): JupyterHub on 127.0.0.1 with its
DummyAuthenticator and SimpleLocalProcessSpawner, an instructor and N learners (answers cycling correct, wrong,
blank), every learner's server up at once; release, fetch, answer, submit, collect, autograde, the reflection
graded by hand, feedback released and fetched, export. Learners act at once (one thread each), as a class does.
Peak memory is the resident memory of every process of the run together (the hub, the proxy, the learners'
servers, the instructor's nbgrader commands), sampled twice a second; needs ``configurable-http-proxy`` (npm).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hub"))

from hubclass import class_on_a_hub, expected_parts, memory_mb, processes_in, proxy_command, run_class  # noqa: E402

SAMPLE_SECONDS = 0.5


class PeakMemory:
    """The largest total resident memory of the processes working inside ``folder``, sampled on a thread."""

    def __init__(self, folder: Path):
        self.folder, self.peak_mb = folder, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self.peak_mb = max(self.peak_mb, memory_mb(processes_in(self.folder)))

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    args = parser.parse_args()
    if proxy_command() is None:
        print("configurable-http-proxy is not installed: npm install -g configurable-http-proxy", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hub-class-") as folder:
        root = Path(folder)
        with PeakMemory(root) as memory, class_on_a_hub(root, args.learners) as run:
            run_class(run)
            wrong = [
                name
                for name, plan in run.plans.items()
                if name not in run.grades or float(run.grades[name]["score"]) != sum(expected_parts(plan).values())
            ]
    print(f"A class of {args.learners} learners on JupyterHub:")
    for name, seconds in run.timings.items():
        print(f"  {name:<22} {seconds:7.1f} s")
    print(f"  {'total':<22} {sum(run.timings.values()):7.1f} s")
    print(f"peak memory of the run's processes together: {memory.peak_mb:,.0f} MB")
    print("grades: all right" if not wrong else f"grades: WRONG for {', '.join(wrong)}")
    for name, error in run.failures.items():
        print(f"FAILED: {name}: {error.strip().splitlines()[-1]}")
    return 1 if wrong or run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
