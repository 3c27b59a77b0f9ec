"""``kubectl create deployment NAME --image=...``: a Deployment from flags (``pkg/cmd/create/create_deployment.go``)."""

from __future__ import annotations

from ...api.apps import Deployment
from ...errors import UsageError
from ..base import Command, Invocation
from ..flags import Flag
from ..flagsets import generator_flags
from ..generators import one_name, send_and_print

__all__ = ["COMMAND"]

FLAGS = [
    *generator_flags(),
    Flag(
        "image",
        kind="list",
        usage="Image names to run. A deployment can have multiple images set for multi-container pod.",
        required=True,
    ),
    Flag("port", kind="int", default=-1, usage="The containerPort that this deployment exposes.", bits=32),
    Flag("replicas", short="r", kind="int", default=1, usage="Number of replicas to create. Default is 1.", bits=32),
]

HELP = "Create a deployment with the specified name."
EXAMPLES = """  # Create a deployment named web-deployment that runs the nginx:alpine image
  kubectl create deployment web-deployment --image=nginx:alpine

  # Create a deployment with 3 replicas, whose containers listen on port 80
  kubectl create deployment web-deployment --image=nginx:alpine --replicas=3 --port=80

  # Create a deployment with a command
  kubectl create deployment my-dep --image=busybox -- date"""
USAGE = "kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]"


def container_name_for(image: str) -> str:
    """kubectl names a container after its image: registry, path and tag dropped."""
    base = image.split("@")[0].rsplit("/", 1)[-1]
    return base.split(":")[0]


def run(inv: Invocation) -> int:
    name = one_name(inv, "create deployment")
    images = inv.flag("image")
    containers = [{"name": container_name_for(image), "image": image, "resources": {}} for image in images]
    if inv.args.rest:
        if len(images) > 1:
            raise UsageError("cannot specify multiple --image options and command")
        containers[0]["command"] = list(inv.args.rest)
    if inv.flag("port") >= 0:
        containers[0]["ports"] = [{"containerPort": inv.flag("port")}]
    labels = {"app": name}
    deployment = Deployment.from_dict(
        {
            "metadata": {"name": name, "namespace": inv.namespace, "labels": labels},
            "spec": {
                "replicas": inv.flag("replicas"),
                "selector": {"matchLabels": labels},
                "strategy": {},
                "template": {"metadata": {"labels": labels}, "spec": {"containers": containers}},
            },
        }
    )
    return send_and_print(inv, deployment, wrap="failed to create deployment")


COMMAND = Command(
    "create deployment",
    "Create a deployment with the specified name",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    aliases=("deploy",),
)
