"""Grading one answer: parse it, give it a fresh cluster, run the exercise's checks, bound the cost.

``grade(exercise, raw)`` is the one entry point every front door uses — the
judge process behind nbgrader, ``kubesim-grade``, the learner's public checks.
It never raises for anything a learner can submit: an unreadable answer
becomes a :class:`PartResult` with a ``problem`` and zero points per check,
and so does a manifest the API server refuses (only the check that explains
the refusal runs: nothing was created, so nothing else can earn points); a
grader failure (a check that crashes, a simulator error, the time limit)
becomes a ``PartResult`` with an ``error``, which callers report as "grading
did not work" rather than as a score.

Time is bounded with a ``SIGALRM`` timer when called on the main thread (the
judge process and the CLI's worker processes); memory is bounded by the
caller (``resource.setrlimit`` in those processes).
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from kubesim_nb.api.codec import DecodeError
from kubesim_nb.api.kinds import kind_for
from kubesim_nb.cluster import Cluster

from .checks import Trial, Verdict
from .exercises import ChoiceAnswer, Exercise, GradedCheck, YamlAnswer
from .results import CheckResult, PartResult
from .scenario import apply_setup, fresh
from .submission import Choices, Manifest, Rejection, parse_choices, parse_manifest

__all__ = ["DEFAULT_TIME_LIMIT", "GradingTimeout", "grade", "time_limit"]

DEFAULT_TIME_LIMIT = 20.0  # seconds of real time per answer
SETTLE_AFTER_APPLY = "10s"  # simulated: endpoints, a LoadBalancer's ingress on Docker Desktop


class GradingTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`GradingTimeout` in the block after ``seconds`` (main thread only; elsewhere no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):  # pragma: no cover - timing dependent
        raise GradingTimeout(f"grading took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _skipped(checks: tuple[GradedCheck, ...], why: str) -> tuple[CheckResult, ...]:
    return tuple(
        CheckResult(c.id, c.title, 0.0, c.points, False, f"not checked: {why}", hidden=c.hidden) for c in checks
    )


REFUSED = "the API server refused your manifest, so nothing was created (see the first check)"


def _type_mismatch(manifest: Manifest) -> str | None:
    """What the API server answers when it creates an object with a field of the wrong type, or None.

    Feedback quotes this decoding error, which names every wrongly typed field, whatever ``kubectl apply``
    prints for the answer: for a list as metadata.name it fails earlier ("resource name may not be empty"),
    and for an update of an existing Service (a map as its port) it prints the whole patch first.
    """
    kind = kind_for(manifest.data.get("apiVersion"), manifest.data.get("kind"))
    try:
        kind.from_dict({k: v for k, v in manifest.data.items() if k not in ("apiVersion", "kind")})
    except DecodeError as err:
        if err.mismatched:
            return (
                f'Error from server (BadRequest): error when creating "STDIN": {kind.KIND} in version '
                f'"{kind.API_VERSION}" cannot be handled as a {kind.KIND}: {"; ".join(err.mismatched)}'
            )
    return None


def _trial_for_yaml(exercise: Exercise, manifest: Manifest, rolled: bool = False) -> Trial:
    cluster = fresh(exercise.scenario, rolled=rolled)
    _extra_setup(cluster, exercise)
    mismatch = _type_mismatch(manifest)
    if mismatch is not None:
        exit_code, stdout, stderr = 1, "", mismatch + "\n"
    else:
        result = cluster.kubectl("apply -f -", stdin=manifest.text)
        if result.internal_error:  # a simulator bug, not the API server refusing the answer
            raise RuntimeError(f"kubectl apply: {result.stderr.strip()}")
        exit_code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    cluster.advance(SETTLE_AFTER_APPLY)
    trial = Trial(cluster, manifest=manifest, apply_exit=exit_code, apply_stdout=stdout, apply_stderr=stderr)
    if exercise.rolled and not rolled:
        trial.make_rolled = lambda: _trial_for_yaml(exercise, manifest, rolled=True)
    return trial


def _extra_setup(cluster: Cluster, exercise: Exercise) -> None:
    for manifest in exercise.extra_setup:
        apply_setup(cluster, manifest)
    if exercise.extra_setup:
        cluster.advance(SETTLE_AFTER_APPLY)


def _trial_for_choices(exercise: Exercise, values: dict) -> Trial:
    cluster = fresh(exercise.scenario)
    _extra_setup(cluster, exercise)
    return Trial(cluster, choices=values)


def _run(check: GradedCheck, trial: Trial) -> CheckResult:
    verdict: Verdict = check.judge(trial)
    score = min(max(float(verdict.score), 0.0), 1.0)
    return CheckResult(
        check.id,
        check.title,
        round(score * check.points, 2),
        check.points,
        score >= 1.0,
        verdict.found,
        verdict.expected,
        verdict.hint,
        check.hidden,
        verdict.misconception,
    )


def grade(
    exercise: Exercise,
    raw: str | bytes | dict | Rejection,
    *,
    include_hidden: bool = True,
    practice: bool = False,
    seconds: float | None = DEFAULT_TIME_LIMIT,
) -> PartResult:
    """Judge ``raw`` against ``exercise``: answer text, a dict of values (choice exercises, in a kernel), or a
    :class:`Rejection` already decided by the caller (a file too large to read, say).

    ``include_hidden=False`` runs the public checks only; ``practice=True`` runs what the learner's practice check
    runs (:meth:`Exercise.practice_checks`) instead."""
    checks = exercise.practice_checks() if practice else exercise.visible_checks(include_hidden)
    maximum = sum(c.points for c in checks)
    started = time.perf_counter()
    try:
        with time_limit(seconds):
            if isinstance(raw, Rejection):
                parsed = raw
            elif isinstance(exercise.answer, YamlAnswer):
                parsed = parse_manifest(raw, exercise.answer.kind, exercise.answer.api_version)
            elif isinstance(raw, dict):
                parsed = dict(raw)
            else:
                parsed = parse_choices(raw, exercise.answer.names, exercise.answer.example)
            if isinstance(parsed, Rejection):
                return PartResult(exercise.id, _skipped(checks, parsed.summary), problem=parsed.message)
            note = parsed.note() if isinstance(parsed, Choices) else None
            if isinstance(exercise.answer, ChoiceAnswer):
                trial = _trial_for_choices(exercise, parsed if isinstance(parsed, dict) else parsed.values)
            else:
                trial = _trial_for_yaml(exercise, parsed)
            if trial.refused:
                results = (_run(c, trial) if c.explains_refusal else _skipped((c,), REFUSED)[0] for c in checks)
                return PartResult(exercise.id, tuple(results))
            return PartResult(exercise.id, tuple(_run(check, trial) for check in checks), note=note)
    except GradingTimeout as err:
        return PartResult(exercise.id, error=str(err), max_points_if_error=maximum)
    except MemoryError:
        return PartResult(exercise.id, error="grading ran out of memory", max_points_if_error=maximum)
    except RecursionError:
        return PartResult(exercise.id, error="grading recursed too deeply", max_points_if_error=maximum)
    except Exception as err:  # a grader or simulator bug: report it, never turn it into a learner's score
        elapsed = time.perf_counter() - started
        return PartResult(
            exercise.id,
            error=f"internal error after {elapsed:.1f} s ({type(err).__name__}: {err})",
            max_points_if_error=maximum,
        )
