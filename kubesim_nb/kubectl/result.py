"""What a kubectl invocation gives back, and the stream it writes to."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

__all__ = ["CommandResult", "Output"]


class Output:
    """Ordered stdout/stderr writes, so a transcript shows them as a terminal would."""

    def __init__(self) -> None:
        self.chunks: list[tuple[str, str]] = []

    def out(self, text: str) -> None:
        if text:
            self.chunks.append(("stdout", text if text.endswith("\n") else text + "\n"))

    def err(self, text: str) -> None:
        if text:
            self.chunks.append(("stderr", text if text.endswith("\n") else text + "\n"))

    def result(self, exit_code: int) -> "CommandResult":
        stdout = "".join(t for s, t in self.chunks if s == "stdout")
        stderr = "".join(t for s, t in self.chunks if s == "stderr")
        return CommandResult(stdout, stderr, exit_code, list(self.chunks))


@dataclass
class CommandResult:
    stdout: str
    stderr: str
    exit_code: int
    chunks: list[tuple[str, str]] = field(default_factory=list, repr=False)

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
        parts = []
        for stream, text in self.chunks:
            escaped = html.escape(text)
            parts.append(f'<span style="color:#b3261e">{escaped}</span>' if stream == "stderr" else escaped)
        return '<pre class="kubesim-terminal" style="line-height:1.25">' + "".join(parts) + "</pre>"
