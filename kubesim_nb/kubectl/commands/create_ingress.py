"""``kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]``: an Ingress
(``pkg/cmd/create/create_ingress.go``). No ingress controller serves it in the simulator."""

from __future__ import annotations

import re

from ...api.meta import ObjectMeta
from ...api.networking import (
    HTTPIngressPath,
    HTTPIngressRuleValue,
    Ingress,
    IngressBackend,
    IngressRule,
    IngressServiceBackend,
    IngressSpec,
    IngressTLS,
    ServiceBackendPort,
)
from ...errors import UsageError
from ..base import Command, Invocation
from ..flags import Flag
from ..flagsets import generator_flags
from ..generators import one_name
from ..typed import check_generator_flags, create_built, generated_namespace

__all__ = ["COMMAND"]

FLAGS = [
    Flag(
        "annotation",
        kind="array",
        usage="Annotation to insert in the ingress object, in the format annotation=value",
    ),
    Flag("class", usage="Ingress Class to be used"),
    Flag("default-backend", usage="Default service for backend, in format of svcname:port"),
    *generator_flags(),
    Flag(
        "rule",
        kind="array",
        usage="Rule in format host/path=service:port[,tls=secretname]. Paths containing the leading character '*' "
        "are considered pathType=Prefix. tls argument is optional.",
    ),
]

HELP = """Create an ingress with the specified name."""

EXAMPLES = """  # Route shop.example.com/ to web-service port 80
  kubectl create ingress web --rule="shop.example.com/=web-service:80"

  # Route every path under /api to api-service port 8080 (a trailing * makes the path a Prefix)
  kubectl create ingress api --rule="/api*=api-service:8080"

  # With a TLS secret for the host
  kubectl create ingress web --rule="shop.example.com/=web-service:80,tls=shop-tls\""""

USAGE = "kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]  [options]"

# host (letters, digits, _ - . *), a path from "/", "=", service name, ":", port; then ",tls[=secret]"
# (Go's \w is ASCII; the match only needs to start the rule)
RULE = re.compile(r"^(?P<host>[\w*\-.]*)(?P<path>/.*)=(?P<svcname>[\w\-]+):(?P<svcport>[\w\-]+)", re.ASCII)
GO_INT = re.compile(r"[+-]?[0-9]+")


def _validate(inv: Invocation) -> None:
    rules, default = inv.flag("rule"), inv.flag("default-backend")
    if not default and not rules:
        raise UsageError(
            "not enough information provided: every ingress has to either specify a default-backend (which catches "
            "all traffic) or a list of rules (which catch specific paths)"
        )
    for rule in rules:
        if not RULE.match(rule):
            raise UsageError(f"rule {rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]")
    for annotation in inv.flag("annotation"):
        if "=" not in annotation:
            raise UsageError(f"annotation {annotation} is invalid and should be in format key=[value]")
    if default and default.count(":") != 1:
        raise UsageError("default-backend should be in format servicename:serviceport")


def _backend(service: str) -> IngressBackend:
    """``buildIngressBackendSvc``: ``name:port``, a numeric port as a number, else as a port name."""
    name, port = service.split(":")[:2]
    number = int(port) if GO_INT.fullmatch(port) else None
    backend_port = ServiceBackendPort(number=number) if number is not None else ServiceBackendPort(name=port)
    return IngressBackend(service=IngressServiceBackend(name=name, port=backend_port))


def _path(path_and_service: str) -> HTTPIngressPath:
    """``buildHTTPIngressPath``: ``Exact``, or ``Prefix`` for a path ending in ``*`` (the ``*`` dropped)."""
    path, service = path_and_service.split("=")[:2]
    path = "/" + path
    path_type = "Exact"
    if path.endswith("*"):
        path, path_type = path[:-1], "Prefix"
    return HTTPIngressPath(path=path, path_type=path_type, backend=_backend(service))


def _rules(rules: list[str]) -> list[IngressRule]:
    """``buildIngressRules``: one rule per host, its paths in the order given."""
    built: list[IngressRule] = []
    for rule in rules:
        host, _, rest = rule.split(",")[0].partition("/")
        path = _path(rest)
        same_host = next((r for r in built if (r.host or "") == host), None)
        if same_host is not None:
            same_host.http.paths.append(path)
        else:
            built.append(IngressRule(host=host or None, http=HTTPIngressRuleValue(paths=[path])))
    return built


def _tls(rules: list[str]) -> list[IngressTLS]:
    """``buildTLSRules``: hosts grouped by secret, each host once."""
    entries: list[IngressTLS] = []
    seen_hosts: set[str] = set()
    for rule in rules:
        parts = rule.split(",")
        if len(parts) != 2:
            continue
        host = rule.split("/", 1)[0]
        secret_parts = parts[1].split("=")
        secret = secret_parts[1] if len(secret_parts) > 1 else ""
        if host in seen_hosts:
            continue
        seen_hosts.add(host)
        same_secret = next((e for e in entries if (e.secret_name or "") == secret), None)
        if same_secret is not None:
            same_secret.hosts = (same_secret.hosts or []) + [host]
        elif host or secret:
            entries.append(IngressTLS(hosts=[host] if host else None, secret_name=secret or None))
    return entries


def run(inv: Invocation) -> int:
    name = one_name(inv, "create ingress")
    check_generator_flags(inv)
    _validate(inv)
    rules = inv.flag("rule")
    annotations = dict(annotation.split("=", 1) for annotation in inv.flag("annotation"))
    default = inv.flag("default-backend")
    spec = IngressSpec(
        ingress_class_name=inv.flag("class") or None,
        default_backend=_backend(default) if default else None,
        tls=_tls(rules),
        rules=_rules(rules),
    )
    metadata = ObjectMeta(name=name, namespace=generated_namespace(inv), annotations=annotations)
    return create_built(inv, Ingress(metadata=metadata, spec=spec), "failed to create ingress: ")


COMMAND = Command(
    "create ingress",
    "Create an ingress with the specified name",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    aliases=("ing",),
    kubeconfig_use="rest",
)
