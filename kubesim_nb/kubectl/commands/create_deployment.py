"""``kubectl create deployment NAME --image=...``: a Deployment from flags (``pkg/cmd/create/create_deployment.go``)."""

from __future__ import annotations

import random

from ...api.apps import Deployment
from ...errors import UsageError
from ..base import Command, Invocation
from ..flags import Flag
from ..flagsets import generator_flags
from ..generators import Generator, one_name

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

# k8s.io/apimachinery/pkg/util/rand: the letters of a random name suffix
SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def container_name_for(image: str) -> str:
    """buildPodSpec: a container is named after its image, registry, path, tag and digest dropped; a name
    with ``_`` or ``.`` gets them as ``-`` and a random suffix (sanitizeAndUniquify; here the suffix is
    derived from the image, so the same command line builds the same object)."""
    name = image.split("/")[-1].split(":")[0].split("@")[0]
    if "_" in name or "." in name:
        suffix = "".join(random.Random(image).choice(SUFFIX_ALPHABET) for _ in range(5))
        name = f"{name.replace('_', '-').replace('.', '-')}-{suffix}"
    return name


def run(inv: Invocation) -> int:
    images = inv.flag("image")
    name = one_name(inv, "create deployment")
    generator = Generator(inv)
    command = list(inv.args.rest)
    if len(images) > 1 and command:
        raise UsageError("cannot specify multiple --image options and command")
    containers = [{"name": container_name_for(image), "image": image, "resources": {}} for image in images]
    for container in containers:
        if command:
            container["command"] = command
    if inv.flag("port") >= 0:
        containers[0]["ports"] = [{"containerPort": inv.flag("port")}]
    labels = {"app": name}
    deployment = Deployment.from_dict(
        {
            "metadata": {"name": name, "namespace": inv.namespace, "labels": labels},
            "spec": {
                "replicas": inv.flag("replicas"),
                "selector": {"matchLabels": labels},
                "template": {"metadata": {"labels": labels}, "spec": {"containers": containers}},
                "strategy": {},
            },
        }
    )
    return generator.send_and_print(generator.annotated(deployment), wrap="failed to create deployment")


COMMAND = Command(
    "create deployment",
    "Create a deployment with the specified name",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    aliases=("deploy",),
    kubeconfig_use="rest",
)
