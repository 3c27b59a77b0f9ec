"""Grading throughput: ``kubesim-grade`` on 1,000 YAML files, ``nbgrader autograde`` per notebook, and a class of
200 notebooks with ``kubesim-grade --submitted --report``.

    python benchmarks/grading.py [--files 1000] [--notebooks 8] [--class-size 200] [--jobs N]

Targets: at least 50 submissions per second for kubesim-grade (the whole
command, start-up and worker processes included), and under 15 s per notebook
for nbgrader autograde. The YAML files cycle through the graded example
submissions of ``tests/grader/grader_examples.py`` for one exercise, each made
unique by a comment line, so nothing is graded from a cache. The class's
notebooks (the released notebook, ``notebooks/09-try-with-ai.ipynb``) take each
answer from the examples of its exercise in turn, so the report has
misconceptions to count; the figure is the whole command, report included.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "grader"))

from grader_course import ASSIGNMENT, Notebook, make_course, nbgrader, released, solution_answers  # noqa: E402
from grader_examples import EXAMPLES  # noqa: E402

from kubesim_nb.grader.assignment import PARTS  # noqa: E402
from kubesim_nb.grader.exercises import YamlAnswer  # noqa: E402

EXERCISE = "internal-service"  # with external-service, the most expensive: an apply plus a rollout per answer


def bench_cli(folder: Path, count: int, jobs: int | None) -> tuple[float, int]:
    examples = [e for e in EXAMPLES if e.exercise == EXERCISE]
    paths = []
    for index in range(count):
        example = examples[index % len(examples)]
        path = folder / f"{index:04d}-{example.name}.yaml"
        path.write_text(f"# submission {index}\n{example.answer}")
        paths.append(str(path))
    command = [sys.executable, "-m", "kubesim_nb.grader.cli", EXERCISE, *paths, "--json", "--no-progress"]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"kubesim-grade failed ({done.returncode}): {done.stderr[-2000:]}")
    results = json.loads(done.stdout)
    expected = [examples[i % len(examples)].points for i in range(count)]
    assert [r["points"] for r in results] == expected, "scores differ from the example table"
    return elapsed, len(results)


def bench_autograde(folder: Path, count: int) -> tuple[float, float]:
    course = make_course(folder / "course")
    release = Notebook(released(course))
    answers = solution_answers()
    for index in range(count):
        learner = release.copy()
        if index % 3 == 0:
            learner.answers(answers)  # fully correct
        elif index % 3 == 1:
            learner.answers({k: v for k, v in answers.items() if k in ("part1_answer", "part2_answer", "dns_answer")})
        learner.submit(course, f"student{index:02d}")
    started = time.perf_counter()
    nbgrader(course, "autograde", ASSIGNMENT)
    batch = time.perf_counter() - started
    started = time.perf_counter()
    nbgrader(course, "autograde", ASSIGNMENT, "--student", "student00", "--force")
    single = time.perf_counter() - started
    return batch / count, single


def bench_class_report(folder: Path, count: int, jobs: int | None) -> tuple[float, int]:
    """``kubesim-grade --submitted --report`` on ``count`` generated notebooks."""
    release = Notebook(ROOT / "notebooks" / "09-try-with-ai.ipynb")
    answers = solution_answers()
    for index in range(count):
        learner = dict(answers)
        for part in (p for p in PARTS if p.exercise is not None):
            examples = [e for e in EXAMPLES if e.exercise == part.exercise_id and "\ud800" not in e.answer]
            example = examples[(index + len(part.id)) % len(examples)]  # (a lone surrogate cannot be saved)
            answer = part.exercise.answer
            writefile = f"%%writefile {answer.file}\n" if isinstance(answer, YamlAnswer) else ""
            learner[part.answer_cell] = writefile + example.answer
        release.copy().answers(learner).submit(folder, f"student{index:03d}")
    report, table = folder / "class-report.html", folder / "grades.csv"
    command = [sys.executable, "-m", "kubesim_nb.grader.cli", "--submitted", str(folder / "submitted")]
    command += ["--report", str(report), "--csv", str(table), "--json", "--no-progress"]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or not report.exists():
        raise SystemExit(f"kubesim-grade --report failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, len(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--notebooks", type=int, default=8)
    parser.add_argument("--class-size", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {cpus} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        elapsed, graded = bench_cli(Path(tmp), args.files, args.jobs)
        rate = graded / elapsed
        print(
            f"kubesim-grade {EXERCISE}: {graded} YAML files in {elapsed:.1f} s = {rate:.0f} submissions/s "
            f"(target >= 50) {'OK' if rate >= 50 else 'BELOW TARGET'}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        elapsed, graded = bench_class_report(Path(tmp), args.class_size, args.jobs)
        print(
            f"kubesim-grade --submitted --report: {graded} notebooks in {elapsed:.1f} s "
            f"({graded / elapsed:.1f} notebooks/s, {graded * 6 / elapsed:.0f} answers/s), class report included"
        )
    with tempfile.TemporaryDirectory() as tmp:
        per_notebook, single = bench_autograde(Path(tmp), args.notebooks)
        print(
            f"nbgrader autograde: {per_notebook:.2f} s per notebook over {args.notebooks} notebooks; "
            f"one notebook alone (start-up included) {single:.1f} s (target < 15 s) "
            f"{'OK' if max(per_notebook, single) < 15 else 'ABOVE TARGET'}"
        )


if __name__ == "__main__":
    main()
