"""``kubectl create -f``: create the objects of manifests (``pkg/cmd/create/create.go``).

Documents are created in order, each printing its ``created`` line; a failure
does not stop the others. The errors, client-side and server-side, are printed
at the end in document order. ``create`` is also the parent of its generator
subcommands (``create deployment|namespace|service``).
"""

from __future__ import annotations

from dataclasses import replace

from ...errors import ApiError, UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation
from ..builder import check_files_only, visit_manifests
from ..errors import add_source_to_err, print_errors
from ..flags import Flag
from ..flagsets import SAVE_CONFIG_FLAG, SELECTOR_FLAG, VALIDATE_FLAG, field_manager_flag, filename_flags, printer_flags
from ..objects import LAST_APPLIED, last_applied_json, validation_mode
from ..writes import WrittenObjects, create_object

__all__ = ["COMMAND"]

FLAGS = [
    DRY_RUN_FLAG,
    Flag("edit", kind="bool", usage="Edit the API resource before creating", implemented=False),
    field_manager_flag("kubectl-create"),
    *filename_flags("Filename, directory, or URL to files to use to create the resource"),
    *printer_flags(),
    Flag(
        "raw",
        usage="Raw URI to POST to the server.  Uses the transport specified by the kubeconfig file.",
        implemented=False,
    ),
    SAVE_CONFIG_FLAG,
    replace(SELECTOR_FLAG, implemented=False),
    VALIDATE_FLAG,
    Flag(
        "windows-line-endings",
        kind="bool",
        usage="Only relevant if --edit=true. Defaults to the line ending native to your platform.",
    ),
]

HELP = """Create a resource from a file or from stdin.

 JSON and YAML formats are accepted."""

EXAMPLES = """  # Create a pod using the data in pod.json
  kubectl create -f ./pod.json

  # Create the objects of every manifest in a directory
  kubectl create -f manifests/"""

USAGE = "kubectl create -f FILENAME [options]"


def run(inv: Invocation) -> int:
    check_files_only(inv)
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


COMMAND = Command(
    "create",
    "Create a resource from a file or from stdin",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    kubeconfig_use="rest",
)
