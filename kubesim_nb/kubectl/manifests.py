"""Reading ``-f FILE|DIR|-``: YAML/JSON documents as kubectl sees them.

YAML is read the way sigs.k8s.io/yaml does (YAML 1.1 scalars, timestamps
kept as strings, duplicate keys rejected) with go-yaml's error wording, and
bounded against hostile input: alias bombs, deep nesting and oversized files
fail fast with a clear message instead of eating memory.
"""

from __future__ import annotations

import glob
import ipaddress
import json
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..errors import KubeSimError, UsageError
from .gojson import JsonStop, first_json_value

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
        # PyYAML names the alias, LibYAML does not: read it at the mark (``*name``)
        alias = re.match(r"\*([^\s,\[\]{}]+)", text[mark.index :]) if mark is not None else None
        name = alias.group(1) if alias else problem.split()[-1].strip(chr(39))
        return f"yaml: unknown anchor '{name}' referenced"
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
    if text.lstrip().startswith("{"):  # GuessJSONStream: JSON first
        return _json_documents(text, source)
    return _yaml_documents(text, source)


def _json_documents(text: str, source: str) -> list[Document]:
    """YAMLOrJSONDecoder on a stream that looks like JSON: JSON values one after the other; at the first
    broken one the rest is read as YAML, and if that fails too, the JSON decoder's error is the one told."""
    data, documents, start = text.encode("utf-8", "surrogatepass"), [], 0
    while data[start:].strip():
        try:
            end = start + first_json_value(data[start:])
        except JsonStop as err:
            message = f"error parsing {source}: {err}"
            if len(documents) > 1:  # an unambiguous JSON stream
                raise PartialManifestError(message, documents) from None
            try:
                return documents + _yaml_documents(data[start:].decode("utf-8", "surrogatepass"), source)
            except PartialManifestError as yaml_err:
                if yaml_err.documents:
                    raise PartialManifestError(yaml_err.message, documents + yaml_err.documents) from None
                raise PartialManifestError(message, documents) from None
        documents.append(Document(source, json.loads(data[start:end])))
        start = end
    return documents


def _yaml_documents(text: str, source: str) -> list[Document]:
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


def _url_error(url: str) -> KubeSimError:
    """What fetching a manifest URL ends with here, where nothing answers (the simulator has no network):
    kubectl's StandardErrorMessage of the HTTP client's error."""
    host = urlsplit(url).netloc
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if not host:
        return KubeSimError("Unable to connect to the server: http: no Host in request URL")
    if name in ("", "localhost") or _is_ip(name.strip("[]")):
        return KubeSimError(
            f"The connection to the server {host} was refused - did you specify the right host or port?"
        )
    return KubeSimError(f"Unable to connect to the server: dial tcp: lookup {name}: no such host")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _walk(root: str, shown: str, recursive: bool) -> list[tuple[str, str]]:
    """ExpandPathsToFileVisitors: Go's filepath.Walk (entries in name order, a subfolder where its name
    falls), keeping the manifests (.json, .yaml, .yml) below ``root``, or ``root`` itself if it is a file."""
    if not os.path.isdir(root):
        return [(shown, root)]
    found = []
    for entry in sorted(os.listdir(root)):
        path, name = os.path.join(root, entry), os.path.normpath(os.path.join(shown, entry))
        if os.path.isdir(path):
            if recursive:
                found += _walk(path, name, recursive)
        elif os.path.splitext(entry)[1] in EXTENSIONS:
            found.append((name, path))
    return found


def _sources(filenames: list[str], cwd: str | None, recursive: bool) -> list[tuple[str, str | None]]:
    """FilenameParam: ``(shown name, path)`` for every file to read (path ``None`` for stdin, the URL
    itself for a URL); the builder's errors (missing paths, nothing to read) stop everything."""
    sources: list[tuple[str, str | None]] = []
    problems: list[str] = []
    stdin_used = False
    for name in filenames:
        if name == "-":
            if stdin_used:
                problems.append("standard input cannot be used for multiple arguments")
            stdin_used = True
            sources.append(("STDIN", None))
            continue
        if name.startswith(("http://", "https://")):
            sources.append((name, name))
            continue
        full = name if os.path.isabs(name) or cwd is None else os.path.join(cwd, name)
        if os.path.exists(full):
            matches = [(name, full)]
        else:  # expandIfFilePattern: a glob
            matches = [(os.path.relpath(m, cwd) if cwd else m, m) for m in sorted(glob.glob(full))]
            if not matches:
                problems.append(f'the path "{name}" does not exist')
                continue
        for shown, path in matches:
            sources += _walk(path, shown, recursive)
        if not sources and not problems:
            listed = " ".join(shown for shown, _ in matches)
            problems.append(f"error reading [{listed}]: recognized file extensions are [.json .yaml .yml]")
    if len(problems) == 1:
        raise ManifestError(problems[0])
    if problems:  # an aggregate: one line each, as MultipleErrors prints them
        raise KubeSimError("\n".join(problems))
    return sources


def read_sources(
    filenames: list[str], stdin: str | None, cwd: str | None, recursive: bool = False
) -> tuple[list[Document], list[tuple[int, KubeSimError]]]:
    """Documents from every ``-f`` argument, in order (folders as Go's filepath.Walk goes through them),
    with kubectl's continue-on-error behaviour.

    Returns ``(documents, errors)``; each error comes with the number of
    documents read before it, so a caller can interleave them as kubectl's
    visitor does. The builder's own errors (a missing path, a folder without
    manifests) stop everything before any file is read.
    """
    documents: list[Document] = []
    errors: list[tuple[int, KubeSimError]] = []
    for shown, path in _sources(filenames, cwd, recursive):
        try:
            if path is None:
                text = stdin or ""
            elif path.startswith(("http://", "https://")):
                raise _url_error(path)
            else:
                text = _read(path)
            documents.extend(parse_documents(text, shown))
        except PartialManifestError as err:
            documents.extend(err.documents)
            errors.append((len(documents), err))
        except KubeSimError as err:
            errors.append((len(documents), err))
    return documents, errors


def load_sources(filenames: list[str], stdin: str | None, cwd: str | None, recursive: bool = False) -> list[Document]:
    """Documents from every ``-f`` argument, in order; the first unreadable source raises."""
    documents, errors = read_sources(filenames, stdin, cwd, recursive)
    if errors:
        raise errors[0][1]
    return documents
