"""Why a Service selector matches the Pods it does — or none at all.

This module owns the learner-facing explanation of an equality selector (a
Service's ``spec.selector``) against real Pod labels: per key/value, how many
Pods carry the key and the pair, which values the key has instead, a
did-you-mean for near misses (``difflib``; labels are case-sensitive, so
``app=Web`` suggests ``web``), a swapped ``web=app``, and, when every pair
exists but on different Pods, the Pod that comes closest.

It depends on nothing but the standard library: callers hand it plain
``{key: value}`` mappings, so the widgets, a grader or ``diagnose`` can share it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

__all__ = ["KeyFinding", "SelectorExplanation", "did_you_mean", "explain_selector", "pod_mismatches"]

Labels = Mapping[str, str]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` was probably meant to be: same letters in another case, else the closest spelling."""
    pool = sorted(set(candidates) - {word})
    folded = [c for c in pool if c.lower() == word.lower()]
    if folded:
        return folded[0]
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return close[0] if close else None


def _names(pods: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(pods[:limit])
    return shown + (f" and {len(pods) - limit} more" if len(pods) > limit else "")


def _plural(count: int, word: str = "Pod") -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


@dataclass(frozen=True)
class KeyFinding:
    """What the Pods say about one ``key=value`` of the selector."""

    key: str
    value: str
    with_key: tuple[str, ...]  # Pods that carry the key (any value)
    with_pair: tuple[str, ...]  # Pods that carry key=value exactly
    values_seen: tuple[str, ...]  # the key's values across Pods, sorted
    key_suggestion: str | None = None  # a label key that exists, when no Pod has ``key``
    value_suggestion: str | None = None  # a value of ``key`` that exists, when no Pod has ``value``
    swapped: bool = False  # some Pod has ``value=key``

    @property
    def pair(self) -> str:
        return f"{self.key}={self.value}"

    @property
    def ok(self) -> bool:
        return bool(self.with_pair)

    def sentence(self) -> str:
        if self.ok:
            return f"{self.pair} is on {_plural(len(self.with_pair))} ({_names(self.with_pair)})."
        if not self.with_key:
            text = f"No Pod has a label {self.key!r}"
            if self.swapped:
                return text + f" — did you mean {self.value}={self.key}? (key and value look swapped)"
            if self.key_suggestion:
                return text + f" — did you mean {self.key_suggestion!r}? (label keys are case-sensitive)"
            return text + "."
        seen = ", ".join(repr(v) for v in self.values_seen)
        text = f"No Pod has {self.pair}: {self.key!r} is {seen} on the Pods that have it"
        if self.value_suggestion:
            return text + f" — did you mean {self.key}={self.value_suggestion}? (values are case-sensitive)"
        return text + "."


@dataclass(frozen=True)
class SelectorExplanation:
    """The whole story of one selector over one set of Pods."""

    selector: tuple[tuple[str, str], ...]
    matched: tuple[str, ...]
    findings: tuple[KeyFinding, ...]
    closest: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (pod, what it lacks) for the nearest Pods
    pod_count: int = 0

    @property
    def nothing_matches(self) -> bool:
        return not self.matched

    @property
    def missing(self) -> tuple[KeyFinding, ...]:
        """The pairs no Pod carries: each one alone empties the selection."""
        return tuple(f for f in self.findings if not f.ok)

    def headline(self) -> str:
        if not self.selector:
            return (
                "The selector is empty: a Service without a selector selects no Pods "
                "(you would manage its endpoints by hand)."
            )
        wanted = ",".join(f"{k}={v}" for k, v in self.selector)
        if self.matched:
            return f"{wanted} matches {_plural(len(self.matched))}: {_names(self.matched, 6)}."
        if not self.pod_count:
            return f"{wanted} matches nothing: there are no Pods in this namespace."
        return f"{wanted} matches none of the {_plural(self.pod_count)}: a Pod must carry every pair."

    def reasons(self) -> list[str]:
        """Why nothing matches: the missing pairs first, else the Pods that come closest."""
        if self.matched or not self.selector:
            return []
        if self.missing:
            return [f.sentence() for f in self.missing]
        lines = ["Every pair is on some Pod, but no Pod has all of them:"]
        lines += [f.sentence() for f in self.findings]
        for pod, lacks in self.closest:
            lines.append(f"{pod} comes closest: {'; '.join(lacks)}.")
        return lines


def pod_mismatches(selector: Labels, labels: Labels) -> list[str]:
    """Why one Pod is not selected, pair by pair: ``version is v2, not v1``; ``no label env``."""
    reasons = []
    for key, value in sorted(selector.items()):
        if key not in labels:
            reasons.append(f"no label {key}")
        elif labels[key] != value:
            reasons.append(f"{key} is {labels[key]}, not {value}")
    return reasons


def _finding(key: str, value: str, pods: Sequence[tuple[str, Labels]]) -> KeyFinding:
    with_key = tuple(name for name, labels in pods if key in labels)
    with_pair = tuple(name for name, labels in pods if labels.get(key) == value)
    values = tuple(sorted({labels[key] for _, labels in pods if key in labels}))
    all_keys = {k for _, labels in pods for k in labels}
    key_hint = did_you_mean(key, all_keys) if not with_key else None
    value_hint = did_you_mean(value, values) if with_key and not with_pair else None
    swapped = not with_key and any(labels.get(value) == key for _, labels in pods)
    return KeyFinding(key, value, with_key, with_pair, values, key_hint, value_hint, swapped)


def _closest(
    selector: Labels, pods: Sequence[tuple[str, Labels]], limit: int = 2
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    scored = sorted(
        (
            (len(pod_mismatches(selector, labels)), name, tuple(pod_mismatches(selector, labels)))
            for name, labels in pods
        )
    )
    return tuple((name, lacks) for _, name, lacks in scored[:limit])


def explain_selector(selector: Labels, pods: Iterable[tuple[str, Labels]]) -> SelectorExplanation:
    """Explain ``selector`` (``{key: value}``, all must hold) over ``(pod name, labels)`` pairs."""
    pods = [(name, dict(labels or {})) for name, labels in pods]
    pairs = tuple(sorted(selector.items()))
    matched = tuple(name for name, labels in pods if pairs and all(labels.get(k) == v for k, v in pairs))
    findings = tuple(_finding(k, v, pods) for k, v in pairs)
    closest = _closest(dict(pairs), pods) if pairs and not matched and all(f.ok for f in findings) else ()
    return SelectorExplanation(pairs, matched, findings, closest, len(pods))
