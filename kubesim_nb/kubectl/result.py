"""What a kubectl invocation gives back, and the stream it writes to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .notebook_html import terminal_html

__all__ = ["CommandResult", "Output"]


class Output:
    """Ordered stdout/stderr writes, so a transcript shows them as a terminal would.

    A ``sink`` (the CLI's terminal) receives every write as it happens.
    """

    def __init__(self, sink: Callable[[str, str], None] | None = None) -> None:
        self.chunks: list[tuple[str, str]] = []
        self.sink = sink

    def _write(self, stream: str, text: str) -> None:
        if text:
            chunk = text if text.endswith("\n") else text + "\n"
            if self.chunks and not self.chunks[-1][1].endswith("\n"):
                chunk = "\n" + chunk  # a terminal would show the next write on a new line after raw output
            self.chunks.append((stream, chunk))
            if self.sink is not None:
                self.sink(stream, chunk)

    def out(self, text: str) -> None:
        self._write("stdout", text)

    def raw(self, text: str) -> None:
        """Write exactly ``text`` (``-o jsonpath`` output has no final newline)."""
        if text:
            self.chunks.append(("stdout", text))
            if self.sink is not None:
                self.sink("stdout", text)

    def err(self, text: str) -> None:
        self._write("stderr", text)

    def result(self, exit_code: int, internal_error: bool = False) -> "CommandResult":
        stdout = "".join(t for s, t in self.chunks if s == "stdout")
        stderr = "".join(t for s, t in self.chunks if s == "stderr")
        return CommandResult(stdout, stderr, exit_code, list(self.chunks), internal_error)


@dataclass
class CommandResult:
    stdout: str
    stderr: str
    exit_code: int
    chunks: list[tuple[str, str]] = field(default_factory=list, repr=False)
    internal_error: bool = False  # the simulator failed (a bug, reported as "internal problem"), not kubectl refusing

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def output(self) -> str:
        """stdout and stderr interleaved in the order they were written, as a terminal shows them."""
        return "".join(t for _, t in self.chunks) if self.chunks else self.stdout + self.stderr

    def __str__(self) -> str:
        return self.output

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython plain-text display
        printer.text(self.output.rstrip("\n"))

    def _repr_html_(self) -> str:
        return terminal_html(self.chunks)
