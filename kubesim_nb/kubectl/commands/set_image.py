"""``kubectl set image (-f FILENAME | TYPE NAME) CONTAINER=IMAGE ...``: new images for the containers of a
Pod or of a workload's Pod template (``pkg/cmd/set/set_image.go``); ``*`` names every container."""

from __future__ import annotations

from functools import partial
from typing import Any

from ...errors import KubeSimError, UsageError
from ..base import Command, Invocation
from ..builder import RESOURCES_REQUIRED
from ..errors import print_errors
from ..flagsets import SELECTOR_FLAG, filename_flags
from ..setters import change_all, pod_spec_to_change, set_flags, set_targets
from ..targets import LOCAL_NEEDS_FILES, resources_and_pairs
from ..typed import check_output_format

__all__ = ["COMMAND"]

FLAGS = [
    *set_flags(
        "Select all resources, in the namespace of the specified resource types",
        "set image",
        filename_flags("Filename, directory, or URL to files identifying the resource to get from a server."),
    ),
    SELECTOR_FLAG,
]

HELP = """Update existing container image(s) of resources.

 Possible resources include (case insensitive):

  pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj),
replicaset (rs)"""

EXAMPLES = """  # Set a deployment's nginx container image to 'nginx:1.27'
  kubectl set image deployment/web-deployment nginx=nginx:1.27

  # Update the image of all containers of a deployment
  kubectl set image deployment/web-deployment *=nginx:1.27

  # Print the result (in yaml format) of updating the image of a local file, without hitting the server
  kubectl set image -f web-deployment.yaml nginx=nginx:1.27 --local -o yaml"""

USAGE = (
    "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... "
    "CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]"
)


def _parse_images(pairs: list[str]) -> dict[str, str]:
    """``cmdutil.ParsePairs(args, "image", false)``: ``container=image`` only."""
    images = {}
    invalid = [pair for pair in pairs if "=" not in pair or pair.startswith("=")]
    if invalid:
        raise UsageError(f"invalid image format: {', '.join(invalid)}")
    for pair in pairs:
        name, _, image = pair.partition("=")
        images[name] = image
    return images


def _validate(inv: Invocation, resources: list[str], images: dict[str, str]) -> list[KubeSimError]:
    """``Validate``: all its complaints, printed together."""
    problems = []
    if inv.flag("all") and inv.flag("selector"):
        problems.append("cannot set --all and --selector at the same time")
    if not resources and not inv.flag("filename"):
        problems.append(RESOURCES_REQUIRED)
    if not images:
        problems.append("at least one image update is required")
    elif len(images) > 1 and "*" in images:
        problems.append(
            "all containers are already specified by *, but saw more than one container_name=container_image pairs"
        )
    if inv.flag("local") and inv.dry_run_mode() == "server":
        problems.append("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    return [UsageError(problem) for problem in problems]


def _set_images(inv: Invocation, obj: Any, images: dict[str, str], errors: list[KubeSimError]) -> None:
    """Each ``container=image`` on the init containers and containers it names."""
    spec = pod_spec_to_change(obj)
    for name, image in images.items():
        found = False
        for container in (spec.init_containers or []) + (spec.containers or []):
            if name in ("*", container.name):
                container.image, found = image, True
        if not found:
            errors.append(KubeSimError(f'error: unable to find container named "{name}"'))  # Go's whole text


def run(inv: Invocation) -> int:
    inv.dry_run_mode()
    check_output_format(inv)
    resources, pairs = resources_and_pairs(inv.args.positional, "image")
    images = _parse_images(pairs)
    if inv.flag("local") and resources:
        raise UsageError(LOCAL_NEEDS_FILES)
    objects, errors = set_targets(inv, resources, "set image")
    if errors:
        raise errors[0]
    problems = _validate(inv, resources, images)
    if problems:
        print_errors(inv.out, problems)
        return 1
    change = partial(_set_images, inv, images=images, errors=errors)
    return change_all(inv, objects, errors, change, "image updated", "failed to patch image update to pod template: ")


COMMAND = Command("set image", "Update the image of a pod template", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
