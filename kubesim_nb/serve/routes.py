"""What a request asks beside its path (:mod:`kubesim_nb.apiserver.paths`): its query, read as leniently as
apimachinery reads it (a repeated key keeps its first value, empty selector terms are skipped: kr8s sends
``metadata.name=web,``), and the media types its ``Accept`` header lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

__all__ = ["AGGREGATED_CONTENT_TYPE", "Query", "accepts", "wants_aggregated"]

AGGREGATED_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"


def accepts(accept: str, *parameters: str) -> bool:
    """One of the media types an ``Accept`` header lists carries all ``parameters`` (``as=Table``, ``g=...``)."""
    for media_type in accept.split(","):
        given = [p.strip() for p in media_type.split(";")]
        if all(p in given for p in parameters):
            return True
    return False


def wants_aggregated(accept: str) -> bool:
    """The client asked for ``apidiscovery.k8s.io/v2`` discovery (kubectl 1.37 does; older clients and curl do
    not)."""
    return accepts(accept, "as=APIGroupDiscoveryList", "v=v2")


@dataclass(frozen=True)
class Query:
    """The query string: the first value of each key (Go's ``url.Values.Get``)."""

    values: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, target: str) -> "Query":
        return cls(parse_qs(urlsplit(target).query, keep_blank_values=True))

    def get(self, key: str, default: str = "") -> str:
        found = self.values.get(key)
        return found[0] if found else default

    def all(self, key: str) -> list[str]:
        return list(self.values.get(key, []))

    def flag(self, key: str) -> bool:
        """A boolean parameter as apimachinery's query decoder reads it (``true``, ``1``)."""
        return self.get(key).lower() in ("true", "1")

    def integer(self, key: str) -> int | None:
        text = self.get(key)
        try:
            return int(text) if text else None
        except ValueError:
            return None
