"""Reading ``-f FILE|DIR|-``: YAML/JSON documents as kubectl sees them.

YAML is read the way sigs.k8s.io/yaml does (YAML 1.1 scalars, timestamps
kept as strings, duplicate keys rejected) with go-yaml's error wording, and
bounded against hostile input: alias bombs, deep nesting and oversized files
fail fast with a clear message instead of eating memory.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import UsageError

__all__ = [
    "Document",
    "MAX_INPUT_BYTES",
    "ManifestError",
    "PartialManifestError",
    "load_sources",
    "parse_documents",
    "read_sources",
    "read_yaml",
    "split_documents",
]

MAX_INPUT_BYTES = 8 * 1024 * 1024  # far above any real manifest; bounds memory on hostile input
MAX_ALIASES = 100
MAX_DEPTH = 100
MAX_EXPANDED_NODES = 200_000  # aliases are shared at load time but copied by every later step
EXTENSIONS = (".yaml", ".yml", ".json")


class ManifestError(UsageError):
    """A manifest kubectl cannot read (printed as ``error: ...``)."""


@dataclass
class Document:
    source: str  # file name as given, or "STDIN"
    data: Any


class _Loader(yaml.SafeLoader):
    """SafeLoader without timestamp resolution, with alias and depth limits."""

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.YAMLError("document contains excessive aliasing")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.YAMLError(f"exceeded max depth of {MAX_DEPTH}")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        # A repeated key is not an error: sigs.k8s.io/yaml's Unmarshal (what
        # kubectl's YAMLOrJSONDecoder uses) runs go-yaml v2 in non-strict mode,
        # where the last value silently wins, as it does here.
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.YAMLError(f"line {key_node.start_mark.line + 1}: invalid map key")
        return yaml.constructor.SafeConstructor.construct_mapping(self, node, deep=True)  # shared by _FastLoader


_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _RESOLVERS

if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(yaml.CSafeLoader):
        """LibYAML's parser (35x faster) for input that is not deeply nested: its composer
        recurses in C and would crash on hostile nesting, which is why it is not always used."""

        construct_mapping = _Loader.construct_mapping

    _FastLoader.yaml_implicit_resolvers = _RESOLVERS
else:  # pragma: no cover - PyYAML built without LibYAML
    _FastLoader = _Loader

_BRACKETS = re.compile(r"[\[\]{}]")


def _flow_depth_estimate(text: str) -> int:
    """An upper-bound-ish estimate of flow-collection nesting (brackets inside strings count too)."""
    depth = peak = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            peak = max(peak, depth)
        else:
            depth = max(depth - 1, 0)
    return peak


def _indent_estimate(text: str) -> int:
    """The deepest indentation: a bound on block nesting (each level needs one more space)."""
    return max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)


_GO_YAML_WORDING = {
    "mapping values are not allowed here": "mapping values are not allowed in this context",
    "found character '\\t' that cannot start any token": "found character that cannot start any token",
    "found character that cannot start any token": "found character that cannot start any token",
    "could not find expected ':'": "could not find expected ':'",
}
# PyYAML's "expected <block end>, but found ..." is libyaml's "did not find expected
# key" inside a block mapping and "did not find expected '-' indicator" inside a
# block sequence (yaml_parser_parse_block_{mapping_key,sequence_entry}).
_BLOCK_END_WORDING = {
    "while parsing a block mapping": "did not find expected key",
    "while parsing a block collection": "did not find expected '-' indicator",
}


def _yaml_message(err: yaml.YAMLError, text: str = "") -> str:
    """go-yaml v2's wording and its line rule (decode.go ``parser.fail``).

    Marks are 0-based. go-yaml prints ``problem_mark.line`` — plus one only for
    scanner errors, so a parser error names the line *before* the offending
    token — or else ``context_mark.line``, and no line at all when that is 0.
    libyaml also puts STREAM-END on a fresh line when the input does not end
    with a newline.
    """
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None)
    if problem is None:
        return f"yaml: {err}"
    if problem.startswith("found undefined alias"):  # go-yaml's alias() failf: no line
        return f"yaml: unknown anchor '{problem.split()[-1].strip(chr(39))}' referenced"
    wording = _GO_YAML_WORDING.get(problem, problem)
    expected = re.match(r"expected (.+?), but (?:found|got) ", problem)
    if problem.startswith("expected <block end>, but found"):
        wording = _BLOCK_END_WORDING.get(getattr(err, "context", None) or "", "did not find expected key")
    elif expected:  # PyYAML "expected X, but found Y" = libyaml "did not find expected X"
        wording = "did not find expected " + expected.group(1).replace("the node content", "node content")
    scanner = isinstance(err, yaml.scanner.ScannerError)
    line = 0
    if mark is not None:
        problem_line = mark.line
        if not scanner and mark.index >= len(text) and mark.column != 0:
            problem_line += 1  # STREAM-END forced onto a new line
        context = getattr(err, "context_mark", None)
        if problem_line != 0:
            line = problem_line + 1 if scanner else problem_line
        elif context is not None and context.line != 0:
            line = context.line
    return f"yaml: line {line}: {wording}" if line else f"yaml: {wording}"


def split_documents(text: str) -> list[str]:
    """The documents of a stream as apimachinery's ``YAMLReader`` cuts them.

    A line starting with ``---`` ends a document (the separator line itself
    belongs to none); anything but a comment after ``---`` is an error. Each
    document is then parsed on its own, so error line numbers count from the
    line after the separator, exactly as kubectl reports them.
    """
    chunks, buffer = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("---"):
            trimmed = line[3:].strip()
            if trimmed and not trimmed.startswith("#"):
                raise ManifestError(f"invalid Yaml document separator: {trimmed}")
            if buffer:
                chunks.append("".join(buffer))
                buffer = []
            continue
        buffer.append(line)
    if buffer:
        chunks.append("".join(buffer))
    return chunks


def _check_structure(data: Any) -> None:
    """Refuse documents nested too deeply, or whose aliases would expand past a sane size (billion laughs)."""
    budget = MAX_EXPANDED_NODES
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise yaml.YAMLError("document contains excessive aliasing")
        if depth > MAX_DEPTH:
            raise yaml.YAMLError(f"exceeded max depth of {MAX_DEPTH}")
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)


class PartialManifestError(ManifestError):
    """A stream that failed part-way: ``documents`` were read before the failure.

    kubectl's StreamVisitor has already handed those documents on when a later
    one fails to parse, so they are still applied (then the error is printed).
    """

    def __init__(self, message: str, documents: list["Document"]):
        super().__init__(message)
        self.documents = documents


def parse_documents(text: str, source: str) -> list[Document]:
    """Every non-empty document in a multi-document YAML (or JSON) text.

    A parse error raises :class:`PartialManifestError` carrying the documents
    before it.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
        raise ManifestError(
            f"error reading {source}: {len(text.encode())} bytes is more than the "
            f"{MAX_INPUT_BYTES // (1024 * 1024)} MiB a manifest may have"
        )
    documents: list[Document] = []
    prefix = f"error parsing {source}: "
    try:
        chunks = split_documents(text)
    except ManifestError as err:
        raise PartialManifestError(prefix + err.message, documents) from None
    for chunk in chunks:
        try:
            data = read_yaml(chunk)
        except ManifestError as err:
            raise PartialManifestError(f"{prefix}error converting YAML to JSON: {err.message}", documents) from None
        if data is not None:
            documents.append(Document(source, data))
    return documents


def read_yaml(text: str) -> Any:
    """The first document of ``text`` as sigs.k8s.io/yaml reads it (None if empty); a syntax error raises
    :class:`ManifestError` in go-yaml's words (``yaml: line 6: could not find expected ':'``)."""
    try:
        # go-yaml's Unmarshal reads the first document of its input only; LibYAML
        # (same parser go-yaml ports, same messages) when the text cannot be hostile
        loader = _FastLoader if _flow_depth_estimate(text) + _indent_estimate(text) <= MAX_DEPTH else _Loader
        data = next(iter(yaml.load_all(text, Loader=loader)), None)
        if data is not None:
            _check_structure(data)
    except yaml.YAMLError as err:
        raise ManifestError(_yaml_message(err, text)) from None
    except RecursionError:
        raise ManifestError(f"yaml: exceeded max depth of {MAX_DEPTH}") from None
    return data


def _read(path: str) -> str:
    size = os.path.getsize(path)
    if size > MAX_INPUT_BYTES:
        raise ManifestError(
            f"error reading {path}: {size} bytes is more than the "
            f"{MAX_INPUT_BYTES // (1024 * 1024)} MiB a manifest may have"
        )
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError(
            f"error parsing {path}: error converting YAML to JSON: yaml: invalid leading UTF-8 octet"
        ) from None


def read_sources(
    filenames: list[str], stdin: str | None, cwd: str | None, recursive: bool = False
) -> tuple[list[Document], list[tuple[int, ManifestError]]]:
    """Documents from every ``-f`` argument, in order (directories: sorted file names),
    with kubectl's continue-on-error behaviour.

    Returns ``(documents, errors)``; each error comes with the number of
    documents read before it, so a caller can interleave them as kubectl's
    visitor does. A missing path or URL stops everything (the builder refuses
    it before visiting anything).
    """
    documents: list[Document] = []
    errors: list[tuple[int, ManifestError]] = []

    def parse(text_or_reader, shown: str) -> None:
        try:
            text = text_or_reader() if callable(text_or_reader) else text_or_reader
            documents.extend(parse_documents(text, shown))
        except PartialManifestError as err:
            documents.extend(err.documents)
            errors.append((len(documents), err))
        except ManifestError as err:
            errors.append((len(documents), err))

    paths = []
    for name in filenames:
        if name == "-":
            paths.append((name, None))
            continue
        if name.startswith(("http://", "https://")):
            raise ManifestError(
                f'unable to read URL "{name}", server reported no route to host: '
                "the simulated cluster has no internet access"
            )
        path = name if os.path.isabs(name) or cwd is None else os.path.join(cwd, name)
        if not os.path.exists(path):
            raise ManifestError(f'the path "{name}" does not exist')
        paths.append((name, path))
    for name, path in paths:
        if path is None:
            parse(stdin or "", "STDIN")
        elif os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for file in sorted(files):
                    if file.endswith(EXTENSIONS):
                        full = os.path.join(root, file)
                        shown = os.path.normpath(
                            os.path.join(name, os.path.relpath(full, path))
                        )  # Go's filepath.Join cleans the path
                        parse(lambda full=full: _read(full), shown)
                if not recursive:
                    break
        else:
            parse(lambda path=path: _read(path), name)
    return documents, errors


def load_sources(filenames: list[str], stdin: str | None, cwd: str | None, recursive: bool = False) -> list[Document]:
    """Documents from every ``-f`` argument, in order; the first unreadable source raises."""
    documents, errors = read_sources(filenames, stdin, cwd, recursive)
    if errors:
        raise errors[0][1]
    return documents
