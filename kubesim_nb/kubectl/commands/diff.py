"""``kubectl diff -f``: the live objects against what applying the manifests would make of them, as a unified
diff (``pkg/cmd/diff/diff.go``).

kubectl writes each live object and each would-be-applied one (the server's dry run of ``apply``, or of a
create for an object that is not there) as YAML into two temporary folders, ``LIVE-<n>`` and ``MERGED-<n>``,
one file per object named ``[group.]version.Kind.namespace.name``, and runs ``diff -u -N`` on the folders.
Here the files are never written: :func:`unified_diff` prints what GNU diff prints for them, the files' times
being the simulated clock's. The exit code is diff's: 0 when nothing would change, 1 when something would;
kubectl's own errors exit with 2.
"""

from __future__ import annotations

import difflib
import zlib
from dataclasses import dataclass

from ...errors import ApiError, UsageError
from ..base import Command, Invocation
from ..builder import ManifestInfo, visit_manifests
from ..errors import print_errors
from ..flags import Flag, go_list
from ..flagsets import (
    PRUNE_ALLOWLIST_FLAG,
    SELECTOR_FLAG,
    SERVER_SIDE_FLAG,
    SHOW_MANAGED_FIELDS_FLAG,
    filename_flags,
)
from ..objects import metadata_string
from ..output import to_yaml
from ..writes import create_object
from .apply import apply_one

__all__ = ["COMMAND", "unified_diff"]

DIFF_ERROR_EXIT = 2  # cmdutil.CheckDiffErr: kubectl's own errors, apart from diff's 1
CONTEXT_LINES = 3  # diff -u

FLAGS = [
    Flag(
        "concurrency",
        kind="int",
        default=1,
        usage="Number of objects to process in parallel when diffing against the live version. Larger number = "
        "faster, but more memory, I/O and CPU over that shorter period of time.",
    ),
    Flag(
        "field-manager", default="kubectl-client-side-apply", usage="Name of the manager used to track field ownership."
    ),
    *filename_flags("Filename, directory, or URL to files contains the configuration to diff"),
    Flag(
        "force-conflicts",
        kind="bool",
        usage="If true, server-side apply will force the changes against conflicts.",
        implemented=False,
    ),
    Flag(
        "prune",
        kind="bool",
        usage="Include resources that would be deleted by pruning. Can be used with -l and default shows all "
        "resources would be pruned",
        implemented=False,
    ),
    PRUNE_ALLOWLIST_FLAG,
    SELECTOR_FLAG,
    SERVER_SIDE_FLAG,
    SHOW_MANAGED_FIELDS_FLAG,
    Flag("show-secrets", kind="bool", usage="If true, do not mask secret values in the diff.", implemented=False),
]

HELP = """Diff configurations specified by file name or stdin between the current online configuration, and the
configuration as it would be if applied.

 The output is always YAML.

 KUBECTL_EXTERNAL_DIFF environment variable can be used to select your own diff command. Users can use external
commands with params too, example: KUBECTL_EXTERNAL_DIFF="colordiff -N -u"

 By default, the "diff" command available in your path will be run with the "-u" (unified diff) and "-N" (treat
absent files as empty) options.

 Exit status: 0 No differences were found. 1 Differences were found. >1 Kubectl or diff failed with an error.

 In kubesim, the diff is always diff -u -N's."""

EXAMPLES = """  # Diff the web Deployment of a manifest against the live one
  kubectl diff -f web-deployment.yaml

  # Diff what a folder of manifests would change
  kubectl diff -f manifests/"""


@dataclass(frozen=True)
class DiffFile:
    """One object's two versions, as the YAML files kubectl writes (None: an empty file, for an object that is
    not there)."""

    name: str
    live: str | None
    merged: str | None


def _file_name(info: ManifestInfo) -> str:
    """diff.go ``InfoObject.Name``: ``[group.]version.Kind.namespace.name``."""
    kind = info.kind
    group = f"{kind.GROUP}." if kind.GROUP else ""
    namespace = metadata_string(info.data, "namespace") if kind.NAMESPACED else ""
    version = kind.API_VERSION.split("/")[-1]
    return f"{group}{version}.{kind.KIND}.{namespace}.{metadata_string(info.data, 'name')}"


def _as_yaml(obj) -> str:
    data = obj.to_dict()
    data.get("metadata", {}).pop("managedFields", None)
    return to_yaml(data)


def _versions(inv: Invocation, info: ManifestInfo) -> DiffFile:
    """The live object, and the server's dry run of applying the manifest (or of creating it)."""
    namespace = metadata_string(info.data, "namespace") if info.kind.NAMESPACED else ""
    live = inv.cluster.api.find(info.kind, namespace, metadata_string(info.data, "name"))
    if live is None:
        merged = create_object(inv, info.kind, info.data, "server")
    else:
        merged, _ = apply_one(inv, info, "server", bookkeeping=False)
    return DiffFile(_file_name(info), None if live is None else _as_yaml(live), _as_yaml(merged))


def _hunks(before: list[str], after: list[str]) -> list[str]:
    """The ``@@`` hunks of ``diff -u`` for two files' lines (each ending in a newline)."""
    lines = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        first, last = group[0], group[-1]
        old = _range(first[1], last[2])
        new = _range(first[3], last[4])
        lines.append(f"@@ -{old} +{new} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [" " + line for line in before[i1:i2]]
                continue
            lines += ["-" + line for line in before[i1:i2]]
            lines += ["+" + line for line in after[j1:j2]]
    return lines


def _range(start: int, stop: int) -> str:
    """A hunk's line range as GNU diff writes it: ``start,count``, ``start`` for one line, ``start-1,0`` for none."""
    count = stop - start
    if count == 1:
        return str(start + 1)
    return f"{start + 1 if count else start},{count}"


def unified_diff(files: list[DiffFile], live_dir: str, merged_dir: str, time: str) -> str:
    """``diff -u -N live_dir merged_dir``: each file that differs, in name order."""
    out = []
    for file in sorted(files, key=lambda f: f.name):
        before = (file.live or "").splitlines(keepends=True)
        after = (file.merged or "").splitlines(keepends=True)
        if before == after:
            continue
        live_path, merged_path = f"{live_dir}/{file.name}", f"{merged_dir}/{file.name}"
        out.append(f"diff -u -N {live_path} {merged_path}\n")
        out.append(f"--- {live_path}\t{time}\n")
        out.append(f"+++ {merged_path}\t{time}\n")
        out += _hunks(before, after)
    return "".join(out)


def _temp_dir(prefix: str, now: str) -> str:
    """``os.MkdirTemp("", prefix+"-")``: a number of its own (here drawn from the simulated time, so a
    command gives the same names each time it is run at the same moment)."""
    return f"/tmp/{prefix}-{zlib.crc32(f'{prefix}{now}'.encode())}"


def run(inv: Invocation) -> int:
    try:
        if inv.args.positional:
            raise inv.usage_error(f"Unexpected args: {go_list(inv.args.positional)}")
        if not inv.flag("filename"):
            raise UsageError("must specify one of -f and -k")
        infos, problems = visit_manifests(inv, "diff")
        if problems:
            raise problems[0][1]  # the builder stops at its first error
        files = [_versions(inv, info) for info in infos]
    except (ApiError, UsageError) as err:
        print_errors(inv.out, [err])
        return DIFF_ERROR_EXIT
    now = inv.cluster.clock.now()
    time = f"{now:%Y-%m-%d %H:%M:%S}.{now.microsecond * 1000:09d} +0000"
    text = unified_diff(files, _temp_dir("LIVE", time), _temp_dir("MERGED", time), time)
    inv.out.raw(text)
    return 1 if text else 0


COMMAND = Command(
    "diff",
    "Diff the live version against a would-be applied version",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage="kubectl diff -f FILENAME [options]",
    kubeconfig_use="rest",
)
