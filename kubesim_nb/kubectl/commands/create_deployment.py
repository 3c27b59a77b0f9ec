"""``kubectl create deployment NAME --image=...``: a Deployment from flags (``pkg/cmd/create/create_deployment.go``)."""

from __future__ import annotations

from ...api.apps import Deployment
from ...errors import UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation
from ..flags import Flag
from ..generators import one_name, send_and_print

__all__ = ["COMMAND"]

FLAGS = [
    Flag("image", None, "array"),
    Flag("replicas", "r", "int", 1),
    Flag("port", None, "int", -1),
    DRY_RUN_FLAG,
    Flag("output", "o"),
    Flag("save-config", None, "bool", False),
]

HELP = (
    "Create a deployment with the specified name.\n\nUsage:\n"
    "  kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]\n"
)


def container_name_for(image: str) -> str:
    """kubectl names a container after its image: registry, path and tag dropped."""
    base = image.split("@")[0].rsplit("/", 1)[-1]
    return base.split(":")[0]


def run(inv: Invocation) -> int:
    name = one_name(inv, "create deployment")
    images = inv.flag("image") or []
    if not images:
        raise UsageError('required flag(s) "image" not set')
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


COMMAND = Command("create deployment", "Create a deployment", HELP, FLAGS, run, kubeconfig_use="rest")
