"""``kubectl create -f``: create the objects of manifests (``pkg/cmd/create/create.go``).

Documents are created in order, each printing its ``created`` line; a failure
does not stop the others. The errors, client-side and server-side, are printed
at the end in document order. Without ``-f``, ``create`` is the parent of its
generator subcommands (``create deployment|namespace|service``).
"""

from __future__ import annotations

from ...errors import ApiError, UsageError
from ..base import Command, Invocation
from ..builder import visit_manifests
from ..errors import add_source_to_err, print_errors
from ..objects import LAST_APPLIED, last_applied_json, validation_mode
from ..writes import MANIFEST_FLAGS, WrittenObjects, create_object

__all__ = ["COMMAND"]

HELP = """Create a resource from a file or from stdin.

 JSON and YAML formats are accepted.

Examples:
  # Create a pod using the data in pod.json
  kubectl create -f ./pod.json

Available Commands:
  deployment     Create a deployment with the specified name
  namespace      Create a namespace with the specified name
  service        Create a service using a specified subcommand

Options:
    --dry-run='none': Must be "none", "server", or "client".
    -f, --filename=[]: Filename, directory, or URL to files to use to create the resource
    -o, --output='': Output format. One of: json, yaml, name.
    --save-config=false: If true, the configuration of current object will be saved in its annotation.

Usage:
  kubectl create -f FILENAME [options]
"""


def run(inv: Invocation) -> int:
    if not inv.flag("filename"):
        return _without_files(inv)
    mode = inv.dry_run_mode()
    written = WrittenObjects(inv, mode, collect=False)
    validation_mode(inv.flag("validate"))  # an invalid --validate fails before any file is read
    infos, errors = visit_manifests(inv, "create")
    for info in infos:
        try:
            info.check_name(creating=True)
            if inv.flag("save-config"):
                annotations = info.data.setdefault("metadata", {}).setdefault("annotations", {})
                annotations[LAST_APPLIED] = last_applied_json(info.data)
            written.add(create_object(inv, info.kind, info.data, mode), "created")
        except (ApiError, UsageError) as err:
            errors.append((info.index + 0.5, add_source_to_err("creating", info.source, err)))
    errors.sort(key=lambda item: item[0])
    print_errors(inv.out, [err for _, err in errors])
    return 1 if errors else 0


def _without_files(inv: Invocation) -> int:
    """``kubectl create`` with no ``-f``: cobra's subcommand help on stderr (create.go, DefaultSubCommandRun)."""
    inv.out.err("Error: must specify one of -f and -k\n\n")
    if inv.args.positional:
        raise UsageError(
            f'unknown command "{" ".join(inv.args.positional)}"', hint="See 'kubectl create -h' for help and examples"
        )
    inv.out.err(HELP.rstrip("\n"))
    return 1


COMMAND = Command(
    "create", "Create a resource from a file or from stdin", HELP, MANIFEST_FLAGS, run, kubeconfig_use="rest"
)
