"""Enough of ``resource.Quantity`` (``k8s.io/apimachinery/pkg/api/resource``) for describe:
parse, add, and the canonical ``String()`` of requests, limits, capacity and allocatable."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

__all__ = ["Quantity", "resource_list"]

_BINARY = (("Ei", 60), ("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20), ("Ki", 10))
_DECIMAL = (("E", 18), ("P", 15), ("T", 12), ("G", 9), ("M", 6), ("k", 3), ("", 0), ("m", -3), ("u", -6), ("n", -9))
_QUANTITY_RE = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))([eE][+-]?\d+|[a-zA-Z]*)")


@dataclass(frozen=True)
class Quantity:
    """Enough of ``resource.Quantity`` for describe: parse, add, canonical ``String()``."""

    value: Fraction = Fraction(0)
    binary: bool = False

    @classmethod
    def parse(cls, raw: Any) -> "Quantity":
        match = _QUANTITY_RE.fullmatch(str(raw).strip())
        if match is None:
            return cls()
        number, suffix = Fraction(match[1]), match[2]
        if suffix[:1] in ("e", "E") and suffix[1:].lstrip("+-").isdigit():
            return cls(number * Fraction(10) ** int(suffix[1:]))
        binary = dict(_BINARY)
        if suffix in binary:
            return cls(number * 2 ** binary[suffix], True)
        return cls(number * Fraction(10) ** dict(_DECIMAL).get(suffix, 0))

    def __add__(self, other: "Quantity") -> "Quantity":
        return Quantity(self.value + other.value, self.binary if self.value else other.binary)

    def milli(self) -> int:
        return math.ceil(self.value * 1000)

    def units(self) -> int:
        return math.ceil(self.value)

    def __str__(self) -> str:
        value = self.value
        if value == 0:
            return "0"
        if self.binary and value.denominator == 1 and abs(value) >= 1024:
            for suffix, power in _BINARY:
                if value % 2**power == 0:
                    return f"{value // 2**power}{suffix}"
        for suffix, exponent in _DECIMAL:
            scaled = value / Fraction(10) ** exponent
            if scaled.denominator == 1:
                return f"{scaled.numerator}{suffix}"
        return f"{math.ceil(value * 10**9)}n"


def resource_list(resources: Mapping[str, Any] | None) -> dict[str, Quantity]:
    return {name: Quantity.parse(value) for name, value in (resources or {}).items()}
