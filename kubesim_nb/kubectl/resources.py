"""Resource arguments: ``pods``, ``svc,deploy``, ``pod/web-1``, ``all``."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..api.apps import Deployment, ReplicaSet
from ..api.batch import CronJob, Job
from ..api.core import Pod, Service
from ..api.kinds import resolve_resource
from ..errors import UsageError

__all__ = ["ResourceRequest", "has_combined_type_args", "parse_resource_args", "resolve_type", "ALL"]

# the "all" category, in discovery order (pods, services, deployments, replicasets, cronjobs, jobs)
ALL = (Pod, Service, Deployment, ReplicaSet, CronJob, Job)


def resolve_type(name: str) -> type:
    kind = resolve_resource(name)
    if kind is None:
        raise UsageError(f'the server doesn\'t have a resource type "{name}"')
    return kind


@dataclass
class ResourceRequest:
    kind: type
    names: list[str] = field(default_factory=list)


def has_combined_type_args(args: list[str]) -> bool:
    """The builder's ``hasCombinedTypeArgs``: whether the arguments are ``TYPE/NAME``, which cannot be mixed
    with ``TYPE NAME``."""
    if not any("/" in a for a in args):
        return False
    if not all("/" in a for a in args):
        raise UsageError(
            "there is no need to specify a resource type as a separate argument when passing arguments "
            "in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
            "'kubectl get resource resource/<resource_name>'"
        )
    return True


def parse_resource_args(args: list[str]) -> tuple[list[ResourceRequest], bool]:
    """Requests in argument order, and whether several types were asked for (kubectl prints kinds then)."""
    if has_combined_type_args(args):
        requests: list[ResourceRequest] = []
        for arg in args:
            type_name, _, name = arg.partition("/")
            if not name:
                raise UsageError("arguments in resource/name form must have a single resource and name")
            kind = resolve_type(type_name)
            if requests and requests[-1].kind is kind:
                requests[-1].names.append(name)
            else:
                requests.append(ResourceRequest(kind, [name]))
        return requests, len({r.kind for r in requests}) > 1
    type_names = [t for t in args[0].split(",") if t] if args else []
    kinds: list[type] = []
    for type_name in type_names:
        for kind in ALL if type_name == "all" else (resolve_type(type_name),):
            if kind not in kinds:
                kinds.append(kind)
    multiple = len(type_names) > 1 or "all" in type_names
    return [ResourceRequest(kind, list(args[1:])) for kind in kinds], multiple
