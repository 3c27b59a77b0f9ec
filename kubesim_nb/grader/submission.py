"""Reading a submission without trusting it: notebooks, YAML manifests and ``name = value`` answer cells.

Nothing here executes learner code. A YAML answer is parsed with PyYAML's safe
loader under limits (size, number of documents, nodes and depth, so an alias
"billion laughs" or a 10 MB paste is refused quickly); a Python answer cell is
parsed with :mod:`ast` and only plain ``name = literal`` assignments are read,
with :func:`ast.literal_eval`. Anything else in an answer cell (an import, a
function call, a class whose ``==`` is always true...) makes the cell a
:class:`Rejection`, so code in an answer cell earns nothing for that part.
Numbers longer than any Kubernetes number (:data:`MAX_NUMBER_DIGITS`) are
refused before Python converts them, and text holding characters that are not
valid Unicode (lone surrogates, or U+FFFD, what unreadable bytes became) is
refused as not text: garbage is a clear zero with a message, never a crash.

``parse_notebook`` reads a submitted ``.ipynb`` as JSON under the same kind of
limits and rebuilds it as a clean nbformat 4.5 notebook (cells, sources, cell
ids and nbgrader metadata of the right types; nbformat 3 is upgraded as
``nbformat.read(..., as_version=4)`` does), so a damaged cell costs only that
cell, and both ``kubesim-grade`` and ``nbgrader autograde`` (which validates
every notebook against nbformat's schema) see the same notebook. A file that
is not a notebook at all is a :class:`Rejection`. ``parse_notebook`` reads
bytes; ``collection.read_notebook`` decides which files are read at all, and
both grading paths read through it.

``cell_body`` turns a notebook cell's source into the text an exercise
judges: a ``%%writefile`` cell gives its body.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from dataclasses import dataclass
from typing import Any, Iterable

import nbformat
import yaml
from nbformat.notebooknode import NotebookNode

from .results import STATUS_KEY, Status

__all__ = [
    "DAMAGED_NOTEBOOK_HINT",
    "Choices",
    "MAX_BYTES",
    "MAX_NOTEBOOK_BYTES",
    "MAX_NUMBER_DIGITS",
    "Manifest",
    "Rejection",
    "cell_body",
    "notebook_problem",
    "parse_choices",
    "parse_manifest",
    "parse_notebook",
    "too_large",
]

MAX_BYTES = 32 * 1024  # a Service manifest is well under 2 KiB
MAX_NOTEBOOK_BYTES = 8 * 1024 * 1024  # the released notebook is about 20 KiB; outputs and images make it grow
MAX_NODES = 5000  # scalars + collections visited, counting shared (aliased) ones each time
MAX_DEPTH = 40
MAX_NUMBER_DIGITS = 64  # an int64 has at most 19 decimal (64 binary) digits; Python refuses over 4,300


class _NumberTooLong(Exception):
    def __init__(self, digits: int, line: int):
        super().__init__(digits, line)
        self.digits, self.line = digits, line


def _digits(literal: str) -> int:
    """How many digits an integer literal has (sign, underscores and a 0x/0o/0b prefix not counted)."""
    text = literal.lstrip("+-").replace("_", "")
    return len(text) - 2 if text[:2].lower() in ("0x", "0o", "0b") else len(text)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader, refusing an integer too long for Kubernetes before Python converts it."""


def _bounded_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    digits = _digits(node.value)
    if digits > MAX_NUMBER_DIGITS:
        raise _NumberTooLong(digits, node.start_mark.line + 1)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _bounded_int)


def _number_too_long(error: _NumberTooLong, expected: str, hint: str) -> "Rejection":
    return Rejection(
        "number-too-long",
        f"found: a number with {error.digits:,} digits (line {error.line})\nexpected: {expected}\nhint: {hint}",
    )


_SUMMARIES = {
    "empty": "the answer is empty",
    "too-large": "the answer is too large",
    "not-text": "the answer is not text",
    "not-yaml": "the answer is not valid YAML",
    "several-documents": "the answer holds several YAML documents",
    "not-an-object": "the answer is not a Kubernetes object",
    "wrong-kind": "the answer is not the kind asked for",
    "too-complex": "the answer is too complex to read",
    "not-python": "the answer cell is not Python",
    "code-in-answer": "the answer cell holds code, not only answers",
    "number-too-long": "the answer holds a number far too long",
    "not-a-notebook": "the file is not a notebook that can be read",
}


@dataclass(frozen=True)
class Rejection:
    """Why an answer cannot be judged; ``message`` says what was found, what was expected and a hint."""

    reason: str  # a key of _SUMMARIES
    message: str

    @property
    def summary(self) -> str:
        return _SUMMARIES.get(self.reason, self.reason)


@dataclass(frozen=True)
class Manifest:
    data: dict
    text: str

    @property
    def name(self) -> str | None:
        meta = self.data.get("metadata")
        name = meta.get("name") if isinstance(meta, dict) else None
        return name if isinstance(name, str) else None

    @property
    def namespace(self) -> str:
        meta = self.data.get("metadata")
        ns = meta.get("namespace") if isinstance(meta, dict) else None
        return ns if isinstance(ns, str) and ns else "default"

    @property
    def spec(self) -> dict:
        spec = self.data.get("spec")
        return spec if isinstance(spec, dict) else {}


@dataclass(frozen=True)
class Choices:
    """The values read from a ``name = literal`` answer cell (the last assignment of a name wins)."""

    values: dict[str, Any]
    ignored: tuple[str, ...] = ()  # lines that are not plain answers ("line 3: print(x)"), read past, never run

    def note(self) -> str | None:
        """What feedback says about the lines that were ignored, if any."""
        if not self.ignored:
            return None
        listing = "; ".join(self.ignored[:3]) + ("; ..." if len(self.ignored) > 3 else "")
        return (
            f"ignored: code other than answers ({listing}); the answers in the cell were graded. Answer cells are "
            "read, never run: keep only lines like name = value there"
        )


# ------------------------------------------------------------------- text
# A lone surrogate cannot be encoded as UTF-8; U+FFFD is what unreadable bytes and surrogates become when read.
_NOT_TEXT = re.compile("[\ud800-\udfff\ufffd]")


def _as_text(raw: str | bytes) -> str | Rejection:
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            return too_large(len(raw))
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            return Rejection(
                "not-text",
                f"found: bytes that are not UTF-8 text (at byte {err.start})\n"
                "expected: a text file\nhint: save the answer as plain UTF-8 text",
            )
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return too_large(len(raw.encode("utf-8", "surrogatepass")))
    if "\x00" in raw:
        return Rejection("not-text", "found: a NUL byte\nexpected: plain text\nhint: paste the YAML as text")
    broken = _NOT_TEXT.search(raw)
    if broken:
        return Rejection(
            "not-text",
            f"found: a character that is not valid text (line {raw.count(chr(10), 0, broken.start()) + 1})\n"
            "expected: plain text\nhint: retype that line; the character probably came from a damaged copy and paste",
        )
    return raw


def too_large(size: int) -> Rejection:
    return Rejection(
        "too-large",
        f"found: an answer of {size:,} bytes\n"
        f"expected: at most {MAX_BYTES:,} bytes (a Service manifest is well under 2 KiB)\n"
        "hint: submit only the Service manifest",
    )


_WRITEFILE = re.compile(r"^\s*%%(writefile|file)\b.*$")


def cell_body(source: str) -> str:
    """The text a ``%%writefile`` answer cell writes (the whole cell if it has no such line)."""
    lines = source.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if _WRITEFILE.match(line):
            return "\n".join(lines[index + 1 :])
        break
    return source


# ------------------------------------------------------------------- YAML
def _budget(node: Any, depth: int = 0, seen: list[int] | None = None) -> str | None:
    """Walk the parsed document like a tree (aliases counted each time); say what is too much."""
    counter = seen if seen is not None else [0]
    counter[0] += 1
    if counter[0] > MAX_NODES:
        return f"more than {MAX_NODES:,} values once YAML aliases are expanded"
    if depth > MAX_DEPTH:
        return f"nesting deeper than {MAX_DEPTH} levels"
    if isinstance(node, dict):
        for key, value in node.items():
            problem = _budget(key, depth + 1, counter) or _budget(value, depth + 1, counter)
            if problem:
                return problem
    elif isinstance(node, list):
        for value in node:
            problem = _budget(value, depth + 1, counter)
            if problem:
                return problem
    return None


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a YAML list"
    if isinstance(value, str):
        preview = value.strip().splitlines()[0][:60] if value.strip() else ""
        return f"a plain text string ({preview!r})"
    return f"a single {type(value).__name__} value ({value!r})"[:100]


def parse_manifest(raw: str | bytes, kind: str = "Service", api_version: str = "v1") -> Manifest | Rejection:
    """One ``kind``/``api_version`` object from ``raw``, or why not."""
    text = _as_text(raw)
    if isinstance(text, Rejection):
        return text
    hint_kind = f"apiVersion: {api_version} and kind: {kind}"
    try:
        documents = list(yaml.load_all(text, Loader=_Loader))
    except _NumberTooLong as err:
        return _number_too_long(
            err, "numbers Kubernetes can store (a port is at most 65535)", "check that number for extra digits"
        )
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        return Rejection(
            "not-yaml",
            f"found: text that is not valid YAML{where}: {problem}\n"
            f"expected: one YAML document with {hint_kind}\n"
            "hint: indent with spaces (not tabs), put a space after each colon, and keep list "
            "items (- port: 80) under their key",
        )
    except (RecursionError, MemoryError):
        return Rejection(
            "too-complex",
            f"found: YAML nested too deeply to read\nexpected: a small {kind} manifest\nhint: submit only the manifest",
        )
    documents = [d for d in documents if d is not None]
    if not documents:
        return Rejection(
            "empty",
            f"found: an empty answer (no YAML, or only comments)\n"
            f"expected: a {kind} manifest with {hint_kind}\n"
            "hint: write the manifest below the %%writefile line of this part's answer cell",
        )
    if len(documents) > 1:
        kinds = ", ".join(str(d.get("kind")) if isinstance(d, dict) else _describe(d) for d in documents[:5])
        return Rejection(
            "several-documents",
            f"found: {len(documents)} YAML documents ({kinds})\n"
            f"expected: exactly one document, the {kind}\n"
            "hint: remove the other documents and the --- separators",
        )
    data = documents[0]
    problem = _budget(data)
    if problem:
        return Rejection(
            "too-complex",
            f"found: {problem}\nexpected: a small {kind} manifest\n"
            "hint: a Service needs a few fields, no anchors or aliases",
        )
    if not isinstance(data, dict):
        return Rejection(
            "not-an-object",
            f"found: {_describe(data)}\n"
            f"expected: a {kind} object (a mapping with {hint_kind}, metadata and spec)\n"
            f"hint: start with 'apiVersion: {api_version}'",
        )
    found_kind, found_version = data.get("kind"), data.get("apiVersion")
    if found_kind != kind or found_version != api_version:
        found = (
            f"kind: {found_kind if found_kind is not None else '(missing)'}, "
            f"apiVersion: {found_version if found_version is not None else '(missing)'}"
        )
        hint = (
            f"a {kind} is in the core API group: its apiVersion is '{api_version}'"
            if found_kind == kind
            else f"this exercise asks for a {kind}, not a {found_kind}"
            if found_kind
            else f"add 'kind: {kind}' and 'apiVersion: {api_version}' at the top"
        )
        return Rejection("wrong-kind", f"found: {found}\nexpected: {hint_kind}\nhint: {hint}")
    return Manifest(data, text)


# ------------------------------------------------------- name = value cells
def _statement_text(source: str, node: ast.stmt) -> str:
    segment = ast.get_source_segment(source, node) or type(node).__name__
    first = segment.splitlines()[0] if segment else ""
    return first if len(first) <= 60 else first[:57] + "..."


def _long_number(text: str) -> _NumberTooLong | None:
    """The first integer literal with more than MAX_NUMBER_DIGITS digits (found before Python converts it)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NUMBER and _INTEGER.match(token.string):
                digits = _digits(token.string)
                if digits > MAX_NUMBER_DIGITS:
                    return _NumberTooLong(digits, token.start[0])
    except (tokenize.TokenError, SyntaxError):
        pass  # ast.parse reports the syntax error
    return None


_INTEGER = re.compile(r"(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$")


def parse_choices(raw: str | bytes, names: Iterable[str], example: str | None = None) -> Choices | Rejection:
    """Read ``name = literal`` lines for ``names``; any other statement is ignored and named in
    :attr:`Choices.ignored` (a cell with no plain answer at all beside such code is rejected).

    ``example`` is an answer line to quote in messages (``agent_dns_name = "..."``).
    """
    text = _as_text(raw)
    if isinstance(text, Rejection):
        return text
    wanted = tuple(names)
    example = example or f"{wanted[0]} = ..."
    long_number = _long_number(text)
    if long_number is not None:
        return _number_too_long(long_number, f"answer lines like {example}", "check that number for extra digits")
    try:
        tree = ast.parse(text)
    except SyntaxError as err:
        return Rejection(
            "not-python",
            f"found: a line that is not Python (line {err.lineno}: {err.msg})\n"
            f"expected: lines like {example}\nhint: keep only the answer lines; "
            "magics (%...) and shell commands do not belong in this cell",
        )
    except (RecursionError, MemoryError, ValueError):
        return Rejection(
            "too-complex",
            f"found: an answer cell Python cannot read\nexpected: lines like {example}\n"
            "hint: keep only the answer lines",
        )
    values: dict[str, Any] = {}
    bad: list[str] = []
    for node in tree.body:
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, (str, type(...)))
        ):
            continue  # a docstring or a bare ... placeholder
        if isinstance(node, ast.Pass):
            continue
        target, value = None, None
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            target, value = node.target.id, node.value
        if target is None:
            bad.append(f"line {node.lineno}: {_statement_text(text, node)}")
            continue
        try:
            values[target] = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            bad.append(f"line {node.lineno}: {_statement_text(text, node)} (not a plain value)")
    if bad and not values:
        listing = "; ".join(bad[:3]) + ("; ..." if len(bad) > 3 else "")
        return Rejection(
            "code-in-answer",
            f"found: code other than answers ({listing})\n"
            f"expected: only lines like {example} (plain values: True/False, "
            'numbers, "text")\nhint: answer cells are read, never run, when your '
            "notebook is graded; a part whose answer cell holds other code earns "
            "nothing",
        )
    return Choices(dict(values), tuple(bad))


# ------------------------------------------------------------------ notebooks
_CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")  # nbformat 4.5's pattern for cell ids
_SURROGATE = re.compile("[\ud800-\udfff]")
_CELL_TYPES = ("code", "markdown", "raw")
_FLAGS = ("grade", "solution", "locked", "task")


DAMAGED_NOTEBOOK_HINT = (
    "open the file in Jupyter; if it does not open, it was damaged (cut short while saving or uploading, say): "
    "submit it again"
)


def notebook_problem(found: str, hint: str = DAMAGED_NOTEBOOK_HINT) -> str:
    """The message for a submitted file that is not a notebook that can be graded."""
    return f"found: {found}\nexpected: a notebook (.ipynb) as Jupyter saves it\nhint: {hint}"


def _not_a_notebook(found: str) -> Rejection:
    return Rejection("not-a-notebook", notebook_problem(found))


def _text(value: Any) -> str:
    """A cell's source: a string, or nbformat's list of lines; anything else becomes U+FFFD (unreadable)."""
    if isinstance(value, list):
        return "".join(line if isinstance(line, str) else "\ufffd" for line in value)
    return value if isinstance(value, str) else "\ufffd"


def _clean(text: str) -> str:
    """Lone surrogates (valid in JSON, not in UTF-8: nbgrader cannot hash or write them) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _nbgrader_metadata(value: Any) -> dict | None:
    """The fields nbgrader reads, each of the right type; None without a text grade_id (then it is no nbgrader cell)."""
    if not isinstance(value, dict) or not isinstance(value.get("grade_id"), str) or not value["grade_id"]:
        return None
    meta: dict[str, Any] = {"grade_id": _clean(value["grade_id"])}
    meta.update((flag, value[flag]) for flag in _FLAGS if isinstance(value.get(flag), bool))
    points = value.get("points")
    if isinstance(points, (int, float)) and not isinstance(points, bool) and 0 <= points < 1e9:
        meta["points"] = points
    for key, kind in (("schema_version", int), ("checksum", str), ("cell_type", str)):
        if type(value.get(key)) is kind:
            meta[key] = _clean(value[key]) if kind is str else value[key]
    return meta


def _cell(raw: dict, cell_id: str) -> NotebookNode:
    cell_type = raw.get("cell_type") if raw.get("cell_type") in _CELL_TYPES else "raw"
    metadata: dict[str, Any] = {}
    raw_meta = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    nbgrader_meta = _nbgrader_metadata(raw_meta.get("nbgrader"))
    if nbgrader_meta is not None:
        metadata["nbgrader"] = nbgrader_meta
    tags = raw_meta.get("tags")
    if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        metadata["tags"] = list(dict.fromkeys(_clean(t) for t in tags))
    source = _clean(_text(raw.get("source")))
    if cell_type == "code":
        return nbformat.v4.new_code_cell(source, metadata=metadata, id=cell_id)
    cell = (nbformat.v4.new_markdown_cell if cell_type == "markdown" else nbformat.v4.new_raw_cell)(
        source, metadata=metadata, id=cell_id
    )
    attachments = raw.get("attachments")
    if isinstance(attachments, dict) and all(
        isinstance(name, str) and isinstance(data, dict) and all(isinstance(v, str) for v in data.values())
        for name, data in attachments.items()
    ):
        cell.attachments = {_clean(name): {k: _clean(v) for k, v in data.items()} for name, data in attachments.items()}
    return cell


def _rebuild(data: dict) -> NotebookNode:
    """A clean nbformat 4.5 notebook from a notebook's JSON: what can be read is kept, what cannot is dropped."""
    cells, used = [], set()
    for index, raw in enumerate(data["cells"]):
        if not isinstance(raw, dict):
            continue
        cell_id = raw.get("id")
        if not isinstance(cell_id, str) or not _CELL_ID.match(cell_id) or cell_id in used:
            cell_id, copy = f"cell-{index}", 0  # invalid, missing or duplicated: a new id, as nbformat repairs them
            while cell_id in used:
                copy += 1
                cell_id = f"cell-{index}-{copy}"
        used.add(cell_id)
        cells.append(_cell(raw, cell_id))
    metadata: dict[str, Any] = {}
    raw_meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    spec = raw_meta.get("kernelspec")
    if isinstance(spec, dict) and all(isinstance(spec.get(k), str) for k in ("name", "display_name")):
        metadata["kernelspec"] = {k: _clean(v) for k, v in spec.items() if k in ("name", "display_name", "language")}
    language = raw_meta.get("language_info")
    if isinstance(language, dict) and isinstance(language.get("name"), str):
        metadata["language_info"] = {"name": _clean(language["name"])}
    status = Status.from_json(raw_meta.get(STATUS_KEY))
    if status is not None and status.not_graded:  # a stand-in (collection.stand_in_notebook), read again
        metadata[STATUS_KEY] = Status(status.status, _clean(status.reason)).to_json()
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
    notebook.nbformat_minor = 5
    return notebook


def _bounded_json_int(literal: str) -> int | None:
    """A JSON integer, or None for one longer than any notebook needs (Python refuses to convert 4,300 digits)."""
    return int(literal) if _digits(literal) <= MAX_NUMBER_DIGITS else None


def parse_notebook(raw: bytes) -> NotebookNode | Rejection:
    """A submitted notebook file's bytes as a clean nbformat 4.5 notebook, or why it cannot be read at all."""
    if len(raw) > MAX_NOTEBOOK_BYTES:
        return _not_a_notebook(
            f"a file of {len(raw) / 2**20:,.1f} MiB, larger than the {MAX_NOTEBOOK_BYTES // 2**20} MiB a notebook "
            "may have"
        )
    if not raw.strip():
        return _not_a_notebook("an empty file")
    try:
        text = raw.decode(json.detect_encoding(raw), "replace")  # undecodable bytes become U+FFFD, as in Jupyter
        data = json.loads(text.removeprefix("\ufeff"), parse_int=_bounded_json_int)
    except json.JSONDecodeError as err:
        return _not_a_notebook(
            f"a file that is not valid notebook JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        )
    except (RecursionError, MemoryError):
        return _not_a_notebook("JSON nested far too deeply to be a notebook")
    except (ValueError, LookupError) as err:
        return _not_a_notebook(f"a file that is not text ({type(err).__name__})")
    if isinstance(data, dict) and data.get("nbformat") == 3 and isinstance(data.get("worksheets"), list):
        try:  # what nbformat.read(..., as_version=4) does, and so what nbgrader grades
            data = nbformat.v4.upgrade(nbformat.from_dict(data), from_version=3, from_minor=data.get("nbformat_minor"))
        except Exception:  # noqa: BLE001 - anything in a damaged old notebook
            return _not_a_notebook("an old (nbformat 3) notebook too damaged to convert")
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return _not_a_notebook("JSON that is not a notebook (it has no list of cells)")
    if data.get("nbformat", 4) != 4:
        return _not_a_notebook(f"a notebook in format version {str(data.get('nbformat'))[:20]}, which is not 3 or 4")
    return _rebuild(data)
