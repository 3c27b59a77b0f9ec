"""Where ``create configmap`` and ``create secret generic`` take their keys from.

``--from-literal=key=value`` (``ParseLiteralSource`` in ``k8s.io/kubectl/pkg/util/util.go``),
``--from-file=[key=]path`` with a directory meaning each regular file in it (``ParseFileSource`` and the
``handle*FromFileSources`` of ``pkg/cmd/create``), and ``--from-env-file=path`` (``AddFromEnvFile`` in
``pkg/cmd/util/env_file.go``). Files are read from the invocation's working folder. :class:`DataSources`
gives each kind of source's ``(key, content)`` pairs in kubectl's order, when the command asks for them (each
generator reads them in an order of its own, and so fails on the first bad one it reads); the command adds
them with its own rules and messages.
:func:`name_hash` is ``--append-hash`` (``pkg/util/hash/hash.go``).
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from dataclasses import dataclass

from ..api.naming import is_env_var_name
from ..errors import UsageError
from .base import Invocation
from .flags import Flag
from .flagsets import generator_flags

__all__ = [
    "DataSources",
    "append_hash_flag",
    "data_object_flags",
    "file_pairs",
    "local_path",
    "name_hash",
]


def data_source_flags(what: str, from_file_usage: str) -> list[Flag]:
    """The flags that name the keys of a ``what`` (``configmap``, ``secret``): ``--from-file`` and
    ``--from-env-file`` are StringSlices (comma-separated, repeatable), ``--from-literal`` a StringArray."""
    return [
        Flag(
            "from-env-file",
            kind="list",
            usage=f"Specify the path to a file to read lines of key=val pairs to create a {what}.",
        ),
        Flag("from-file", kind="list", usage=from_file_usage),
        Flag(
            "from-literal",
            kind="array",
            usage=f"Specify a key and literal value to insert in {what} (i.e. mykey=somevalue)",
        ),
    ]


def data_object_flags(what: str, from_file_usage: str) -> list[Flag]:
    """The flags of ``create configmap`` and ``create secret generic``: ``--append-hash``, the data sources,
    and the generator flags."""
    return [append_hash_flag(what), *data_source_flags(what, from_file_usage), *generator_flags()]


def append_hash_flag(what: str) -> Flag:
    """``--append-hash``: :func:`name_hash` after the name of the ``what`` (``configmap``, ``secret``)."""
    return Flag("append-hash", kind="bool", usage=f"Append a hash of the {what} to its name.")


UTF8_BOM = "\ufeff"

# the hex digits hash.encodeHash turns into consonants, so a hash never spells a word
HASH_LETTERS = str.maketrans({"0": "g", "1": "h", "3": "k", "a": "m", "e": "t"})


def name_hash(fields: dict) -> str:
    """``encodeHash(hash(json.Marshal(fields)))``: ten characters of the SHA-256 of the sorted JSON."""
    text = json.dumps(fields, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:10].translate(HASH_LETTERS)


@dataclass(frozen=True)
class DataSources:
    """The ``--from-file``, ``--from-literal`` and ``--from-env-file`` of an invocation."""

    inv: Invocation
    files: list[str]
    literals: list[str]
    env_files: list[str]

    @classmethod
    def of(cls, inv: Invocation) -> "DataSources":
        """The invocation's sources; an env file cannot be mixed with the others."""
        files, literals, env_files = inv.flag("from-file"), inv.flag("from-literal"), inv.flag("from-env-file")
        if env_files and (files or literals):
            raise UsageError("from-env-file cannot be combined with from-file or from-literal")
        return cls(inv, files, literals, env_files)

    def file_pairs(self) -> list[tuple[str, bytes]]:
        return file_pairs(self.inv, self.files)

    def literal_pairs(self) -> list[tuple[str, str]]:
        return literal_pairs(self.literals)

    def env_file_pairs(self, what: str) -> list[tuple[str, str]]:
        """``what`` names the file in the directory error (``env config file``, ``env secret file``)."""
        return env_file_pairs(self.inv, self.env_files, what)


def literal_pairs(sources: list[str]) -> list[tuple[str, str]]:
    """``key=value`` pairs, split at the first ``=``; a missing key or ``=`` is an error."""
    pairs = []
    for source in sources:
        key, eq, value = source.partition("=")
        if not eq or not key:
            raise UsageError(f"invalid literal source {source}, expected key=value")
        pairs.append((key, value))
    return pairs


def local_path(inv: Invocation, name: str) -> str:
    """A file name as the learner typed it, from the invocation's working folder."""
    return name if os.path.isabs(name) or inv.cwd is None else os.path.join(inv.cwd, name)


def _stat_error(name: str, path: str) -> UsageError | None:
    """Go's ``os.Stat`` failure as the generators word it (``error reading x: no such file or directory``)."""
    if os.path.exists(path):
        return None
    return UsageError(f"error reading {name}: no such file or directory")


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _split_file_source(source: str) -> tuple[str, str]:
    """``ParseFileSource``: ``path`` (the key is its base name) or ``key=path``."""
    separators = source.count("=")
    if separators == 0:
        return posixpath.basename(source.replace(os.sep, "/")), source
    if separators == 1 and source.startswith("="):
        raise UsageError(f"key name for file path {source[1:]} missing")
    if separators == 1 and source.endswith("="):
        raise UsageError(f"file path for key name {source[:-1]} missing")
    if separators > 1:
        raise UsageError("key names or file paths cannot contain '='")
    key, _, name = source.partition("=")
    return key, name


def file_pairs(inv: Invocation, sources: list[str]) -> list[tuple[str, bytes]]:
    """The content of each file, keyed by its name (or the key given); a directory gives each regular
    file in it, in name order, and cannot take a key."""
    pairs: list[tuple[str, bytes]] = []
    for source in sources:
        key, name = _split_file_source(source)
        path = local_path(inv, name)
        problem = _stat_error(name, path)
        if problem:
            raise problem
        if not os.path.isdir(path):
            pairs.append((key, _read(path)))
            continue
        if "=" in source:
            raise UsageError("cannot give a key name for a directory path")
        for entry in sorted(os.listdir(path)):
            full = os.path.join(path, entry)
            if os.path.isfile(full) and not os.path.islink(full):
                pairs.append((entry, _read(full)))
    return pairs


def env_file_pairs(inv: Invocation, sources: list[str], what: str) -> list[tuple[str, str]]:
    """``KEY=value`` lines of env files; blank lines and ``#`` comments are skipped, a line without ``=``
    takes its value from the environment (empty here). ``what`` names the file in the directory error
    (``env config file``, ``env secret file``)."""
    pairs = []
    for name in sources:
        path = local_path(inv, name)
        problem = _stat_error(name, path)
        if problem:
            raise problem
        if os.path.isdir(path):
            raise UsageError(f"{what} cannot be a directory")
        lines = _read(path).decode("utf-8", errors="replace").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines):
            line = line.removesuffix("\r")
            if number == 0:
                line = line.removeprefix(UTF8_BOM)
            line = line.lstrip()
            if not line or line.startswith("#"):
                continue
            key, _, value = line.partition("=")
            problems = is_env_var_name(key)
            if problems:
                raise UsageError(f'"{key}" is not a valid key name: {";".join(problems)}')
            pairs.append((key, value))
    return pairs
