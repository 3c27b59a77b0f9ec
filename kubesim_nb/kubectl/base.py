"""What every kubectl command receives, and the flags they share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

from ..api.labels import SelectorParseError, parse_selector
from ..errors import ApiError
from .errors import error_message
from .flags import Flag, ParsedArgs
from .result import Output

from ..network.runtime import Runtime

__all__ = ["COMMON_FLAGS", "Invocation", "KubectlRuntime", "get_named", "selector_from_flag"]


class KubectlRuntime(Runtime, Protocol):
    """The cluster as kubectl sees it: the data plane's view, plus the learner's think time before a command."""

    think_time: float

    def tick(self) -> None:
        """Let the learner's think time pass (before a command that parsed)."""

COMMON_FLAGS = [
    Flag("namespace", "n"),
    Flag("help", "h", "bool", False),
    Flag("context"),
    Flag("kubeconfig"),
    Flag("request-timeout"),
    Flag("v", "v"),
]


@dataclass
class Invocation:
    cluster: KubectlRuntime
    command: str  # "get", "create deployment"...
    args: ParsedArgs
    out: Output
    stdin: str | None
    cwd: str | None
    # on a terminal: reads one line after showing a prompt; None at end of input
    read_line: Callable[[str], str | None] | None = None

    @property
    def namespace(self) -> str:
        return self.args.get("namespace") or "default"

    @property
    def explicit_namespace(self) -> bool:
        return bool(self.args.get("namespace"))

    def flag(self, name: str, default: Any = None) -> Any:
        value = self.args.get(name)
        return default if value is None else value

    @property
    def now(self):
        return self.cluster.clock.now()


def get_named(inv: Invocation, kind: type, names: list[str], errors: list[str]) -> list:
    """The named objects of ``kind`` in the invocation's namespace; a NotFound line per missing one
    (none with ``--ignore-not-found``), as kubectl's resource builder reports them."""
    namespace = inv.namespace if kind.NAMESPACED else ""
    found = []
    for name in names:
        obj = inv.cluster.store.get(kind, namespace, name)
        if obj is not None:
            found.append(obj)
        elif not inv.flag("ignore-not-found"):
            errors.append(error_message(ApiError.not_found(kind.qualified_resource(), name)))
    return found


def _resource_text(kind: type) -> str:
    group_version = kind.API_VERSION if "/" in kind.API_VERSION else "/" + kind.API_VERSION
    return f'"{group_version}, Resource={kind.RESOURCE}"'


def selector_from_flag(kind: type, text: str | None):
    """``-l`` parsed as the server does; a bad selector is the server's BadRequest."""
    if not text:
        return None
    try:
        return parse_selector(text)
    except SelectorParseError as err:
        raise ApiError.bad_request(
            f'Unable to find {_resource_text(kind)} that match label selector "{text}", field selector "": {err.message}'
        ) from None
