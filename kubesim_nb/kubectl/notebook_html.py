"""How terminal output looks in a notebook: the HTML of a :class:`~kubesim_nb.kubectl.result.CommandResult`
(what ``%kubectl``, ``%%kubectl`` and ``%host`` show) and of the widgets' transcripts.

- Columns are kept. JupyterLab's stylesheet wraps a ``pre`` in an output mid-word
  (``.jp-OutputArea-output pre {white-space: pre-wrap; word-break: break-all}``), which breaks
  ``kubectl get -o wide`` tables ("NOM / INATED NODE"); :data:`TERMINAL_STYLE` keeps every line on one
  line and scrolls sideways instead, as a terminal window does.
- A long HTML page in the output (nginx's 25-line welcome page after a ``curl``) is shortened to the
  lines that say what it is — its first line, ``<title>`` and ``<h1>`` — and a note says how many lines
  were left out. Only the view is shortened: ``stdout`` keeps every byte.

Plain functions from text to escaped HTML; no Kubernetes counterpart (kubectl writes to a terminal).
"""

from __future__ import annotations

import html
import re
from typing import Iterable

__all__ = ["TERMINAL_STYLE", "shorten_html_pages", "shortened_html", "terminal_html"]

TERMINAL_STYLE = "white-space:pre;word-break:normal;overflow-wrap:normal;overflow-x:auto"
NOTE_STYLE = "color:#6b6b6b;font-style:italic"
ERROR_STYLE = "color:#b3261e"
LONG_PAGE = 8  # an HTML page of more lines than this is shortened

_PAGE_START = re.compile(r"^\s*(<!DOCTYPE html|<html[\s>])", re.IGNORECASE)
_PAGE_END = re.compile(r"</html>\s*$", re.IGNORECASE)
_WHAT_IT_IS = re.compile(r"<title>|<h1[\s>]", re.IGNORECASE)


def _shorten_page(page: list[str]) -> list[tuple[bool, str]]:
    kept = [page[0], *(line for line in page[1:] if _WHAT_IT_IS.search(line))]
    left_out = len(page) - len(kept)
    note = f"[… {left_out} lines of this HTML page left out here, to keep the point in view]"
    return [(False, line) for line in kept] + [(True, note)]


def shorten_html_pages(text: str) -> list[tuple[bool, str]]:
    """``text`` as lines, ``(is_note, line)``: each HTML page longer than :data:`LONG_PAGE` lines shortened."""
    lines = text.split("\n")
    out: list[tuple[bool, str]] = []
    i = 0
    while i < len(lines):
        end = next((j for j in range(i, len(lines)) if _PAGE_END.search(lines[j])), None)
        if _PAGE_START.match(lines[i]) and end is not None and end - i + 1 > LONG_PAGE:
            out += _shorten_page(lines[i : end + 1])
            i = end + 1
        else:
            out.append((False, lines[i]))
            i += 1
    return out


def shortened_html(text: str) -> str:
    """``text`` escaped for a ``pre``, each long HTML page shortened, the notes in grey italics."""
    return "\n".join(
        f'<span style="{NOTE_STYLE}">{html.escape(line)}</span>' if is_note else html.escape(line)
        for is_note, line in shorten_html_pages(text)
    )


def _chunk_html(text: str, style: str | None) -> str:
    body = shortened_html(text)
    return f'<span style="{style}">{body}</span>' if style and body else body


def terminal_html(chunks: Iterable[tuple[str, str]]) -> str:
    """``(stream, text)`` chunks as one ``pre``: stderr in red, columns kept, long HTML pages shortened."""
    body = "".join(_chunk_html(text, ERROR_STYLE if stream == "stderr" else None) for stream, text in chunks)
    return f'<pre class="kubesim-terminal" style="{TERMINAL_STYLE};line-height:1.25">{body}</pre>'
