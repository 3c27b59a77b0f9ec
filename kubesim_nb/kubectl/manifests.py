"""Reading ``-f FILE|DIR|-``: YAML/JSON documents as kubectl sees them.

YAML is read the way sigs.k8s.io/yaml does (YAML 1.1 scalars, timestamps
kept as strings, duplicate keys rejected) with go-yaml's error wording, and
bounded against hostile input: alias bombs, deep nesting and oversized files
fail fast with a clear message instead of eating memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import UsageError

__all__ = ["Document", "MAX_INPUT_BYTES", "ManifestError", "load_sources", "parse_documents"]

MAX_INPUT_BYTES = 8 * 1024 * 1024  # far above any real manifest; bounds memory on hostile input
MAX_ALIASES = 100
MAX_DEPTH = 100
EXTENSIONS = (".yaml", ".yml", ".json")


class ManifestError(UsageError):
    """A manifest kubectl cannot read (printed as ``error: ...``)."""


@dataclass
class Document:
    source: str  # file name as given, or "STDIN"
    data: Any


class _Loader(yaml.SafeLoader):
    """SafeLoader without timestamp resolution, with duplicate-key, alias and depth limits."""

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
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.YAMLError(f"line {key_node.start_mark.line + 1}: invalid map key")
            if key in seen:
                raise yaml.YAMLError(f'unmarshal errors:\n  line {key_node.start_mark.line + 1}: key "{key}" already set in map')
            seen[key] = True
        return super().construct_mapping(node, deep=True)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_GO_YAML_WORDING = {
    "mapping values are not allowed here": "mapping values are not allowed in this context",
    "found character '\\t' that cannot start any token": "found character that cannot start any token",
    "found character that cannot start any token": "found character that cannot start any token",
    "expected <block end>, but found '<block mapping start>'": "did not find expected key",
    "expected <block end>, but found '<block sequence start>'": "did not find expected key",
    "expected <block end>, but found '-'": "did not find expected key",
    "expected <block end>, but found '<scalar>'": "did not find expected key",
    "expected <block end>, but found '?'": "did not find expected key",
    "could not find expected ':'": "could not find expected ':'",
}


def _yaml_message(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None)
    if problem is None:
        return f"yaml: {err}"
    text = _GO_YAML_WORDING.get(problem, problem)
    if problem.startswith("found undefined alias"):
        text = f"unknown anchor '{problem.split()[-1].strip(chr(39))}' referenced"
    return f"yaml: line {mark.line + 1}: {text}" if mark is not None else f"yaml: {text}"


def parse_documents(text: str, source: str) -> list[Document]:
    """Every non-empty document in a multi-document YAML (or JSON) text."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
        raise ManifestError(f"error reading {source}: {len(text.encode())} bytes is more than the {MAX_INPUT_BYTES // (1024 * 1024)} MiB a manifest may have")
    documents = []
    try:
        for data in yaml.load_all(text, Loader=_Loader):
            if data is not None:
                documents.append(Document(source, data))
    except yaml.YAMLError as err:
        raise ManifestError(f"error parsing {source}: error converting YAML to JSON: {_yaml_message(err)}") from None
    except RecursionError:
        raise ManifestError(f"error parsing {source}: error converting YAML to JSON: yaml: exceeded max depth of {MAX_DEPTH}") from None
    return documents


def _read(path: str) -> str:
    size = os.path.getsize(path)
    if size > MAX_INPUT_BYTES:
        raise ManifestError(f"error reading {path}: {size} bytes is more than the {MAX_INPUT_BYTES // (1024 * 1024)} MiB a manifest may have")
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError(f"error parsing {path}: error converting YAML to JSON: yaml: invalid leading UTF-8 octet") from None


def load_sources(filenames: list[str], stdin: str | None, cwd: str | None, recursive: bool = False) -> list[Document]:
    """Documents from every ``-f`` argument, in order (directories: sorted file names)."""
    documents: list[Document] = []
    for name in filenames:
        if name == "-":
            documents += parse_documents(stdin or "", "STDIN")
            continue
        if name.startswith(("http://", "https://")):
            raise ManifestError(f'unable to read URL "{name}", server reported no route to host: the simulated cluster has no internet access')
        path = name if os.path.isabs(name) or cwd is None else os.path.join(cwd, name)
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for file in sorted(files):
                    if file.endswith(EXTENSIONS):
                        full = os.path.join(root, file)
                        shown = os.path.join(name, os.path.relpath(full, path))
                        documents += parse_documents(_read(full), shown)
                if not recursive:
                    break
            continue
        if not os.path.exists(path):
            raise ManifestError(f'the path "{name}" does not exist')
        documents += parse_documents(_read(path), name)
    return documents
