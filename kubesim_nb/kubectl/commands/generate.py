"""Commands that build an object from flags: ``create deployment|service|namespace``, ``run``, ``expose``.

The generated objects are the ones real kubectl sends (see ``--dry-run=client
-o yaml``); the server then defaults and validates them like any other.
"""

from __future__ import annotations

from typing import Any

from ...api.apps import Deployment, ReplicaSet
from ...api.core import Namespace, Pod, Service
from ...errors import ApiError, UsageError
from ..base import Invocation
from ..flags import Flag
from ..output import format_objects

DRY_RUN = Flag("dry-run", None, "str", "none", no_value="client")
DEPLOYMENT_FLAGS = [Flag("image", None, "array"), Flag("replicas", "r", "int", 1), Flag("port", None, "int", -1), DRY_RUN,
                    Flag("output", "o"), Flag("save-config", None, "bool", False)]
_SERVICE_COMMON = [Flag("tcp", None, "list"), DRY_RUN, Flag("output", "o"), Flag("save-config", None, "bool", False),
                   Flag("validate", None, "str", "strict", no_value="strict")]
# each `create service` subcommand has its own flags: only clusterip has --clusterip,
# only nodeport has --node-port, only externalname has --external-name
SERVICE_FLAGS_BY_TYPE = {
    "clusterip": _SERVICE_COMMON + [Flag("clusterip")],
    "nodeport": _SERVICE_COMMON + [Flag("node-port", None, "int", 0)],
    "loadbalancer": list(_SERVICE_COMMON),
    "externalname": _SERVICE_COMMON + [Flag("external-name")],
}
SERVICE_FLAGS = _SERVICE_COMMON + [Flag("node-port", None, "int", 0), Flag("clusterip"), Flag("external-name")]
NAMESPACE_FLAGS = [DRY_RUN, Flag("output", "o"), Flag("save-config", None, "bool", False)]
RUN_FLAGS = [Flag("image"), Flag("port"), Flag("labels", "l"), Flag("restart", None, "str", "Always"), Flag("env", None, "array"),
             Flag("command", None, "bool", False), Flag("stdin", "i", "bool", False), Flag("tty", "t", "bool", False),
             Flag("rm", None, "bool", False), Flag("expose", None, "bool", False), Flag("image-pull-policy"), DRY_RUN,
             Flag("output", "o"), Flag("attach", None, "bool", False), Flag("quiet", "q", "bool", False),
             Flag("annotations", None, "array"), Flag("overrides"), Flag("pod-running-timeout")]
EXPOSE_FLAGS = [Flag("port"), Flag("target-port"), Flag("type"), Flag("name"), Flag("protocol"), Flag("selector"),
                Flag("labels", "l"), Flag("external-ip"), Flag("cluster-ip"), Flag("session-affinity"), DRY_RUN, Flag("output", "o"),
                Flag("filename", "f", "list")]

SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer", "externalname": "ExternalName"}


class _Generated:
    """A generated object as ``--dry-run=client -o ...`` prints it (what kubectl holds before sending)."""

    def __init__(self, obj: Any, data: dict):
        self.obj, self.data, self.name = obj, data, obj.name

    def to_dict(self) -> dict:
        return self.data

    def kind_prefix(self) -> str:
        return self.obj.kind_prefix()


def client_object(inv: Invocation, obj: Any, namespaced_output: bool = True) -> _Generated:
    """The object kubectl's generators build: ``creationTimestamp: null``, an empty status
    (``loadBalancer: {}`` for Services), and a namespace only when ``-n`` was given."""
    data = obj.to_dict()
    metadata = data.setdefault("metadata", {})
    if not (namespaced_output and inv.explicit_namespace and type(obj).NAMESPACED):
        metadata.pop("namespace", None)
    metadata["creationTimestamp"] = None
    template = data.get("spec", {}).get("template") if isinstance(obj, (Deployment, ReplicaSet)) else None
    if template is not None:
        template.setdefault("metadata", {})["creationTimestamp"] = None
    if isinstance(obj, Namespace):
        data.setdefault("spec", {})
    data["status"] = {"loadBalancer": {}} if isinstance(obj, Service) else {}
    return _Generated(obj, data)


def _dry_run_mode(inv: Invocation) -> str:
    mode = inv.flag("dry-run", "none")
    if mode not in ("none", "client", "server"):
        raise UsageError(f'Invalid dry-run value ({mode}). Must be "none", "server", or "client".')
    return mode


def _send(inv: Invocation, obj: Any, wrap: str | None = None, namespaced_output: bool = True) -> Any:
    """Create a generated object (or keep it client-side for --dry-run=client)."""
    mode = _dry_run_mode(inv)
    if inv.flag("save-config"):
        # --save-config: the generated object becomes the last-applied configuration
        from ..objects import LAST_APPLIED, last_applied_json

        generated = client_object(inv, obj, namespaced_output).to_dict()
        obj = obj.copy()
        obj.metadata.annotations = {**(obj.metadata.annotations or {}), LAST_APPLIED: last_applied_json(generated)}
    if mode == "client":
        return client_object(inv, obj, namespaced_output)
    try:
        return inv.cluster.api.create(obj, dry_run=mode == "server")
    except ApiError as err:
        if wrap is None:
            raise
        raise UsageError(f"{wrap}: {err.message}") from None


def _print(inv: Invocation, obj: Any, verb: str = "created") -> None:
    if inv.flag("output"):
        inv.out.out(format_objects([obj], inv.flag("output"), single=True))
    else:
        suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(inv.flag("dry-run", "none"), "")
        inv.out.out(f"{obj.kind_prefix()}/{obj.name} {verb}{suffix}")


def _finish(inv: Invocation, obj: Any, verb: str = "created", wrap: str | None = None, namespaced_output: bool = True) -> int:
    """Send a generated object (or print it for --dry-run=client) and report as kubectl does."""
    _print(inv, _send(inv, obj, wrap, namespaced_output), verb)
    return 0


def _one_name(inv: Invocation, what: str) -> str:
    if not inv.args.positional:
        raise UsageError("exactly one NAME is required, got 0", hint=f"See 'kubectl {what} -h' for help and examples")
    if len(inv.args.positional) > 1:
        raise UsageError(f"exactly one NAME is required, got {len(inv.args.positional)}", hint=f"See 'kubectl {what} -h' for help and examples")
    return inv.args.positional[0]


def container_name_for(image: str) -> str:
    """kubectl names a container after its image: registry, path and tag dropped."""
    base = image.split("@")[0].rsplit("/", 1)[-1]
    return base.split(":")[0]


def run_create_deployment(inv: Invocation) -> int:
    name = _one_name(inv, "create deployment")
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
    deployment = Deployment.from_dict({
        "metadata": {"name": name, "namespace": inv.namespace, "labels": labels},
        "spec": {"replicas": inv.flag("replicas"), "selector": {"matchLabels": labels}, "strategy": {},
                 "template": {"metadata": {"labels": labels}, "spec": {"containers": containers}}},
    })
    return _finish(inv, deployment, wrap="failed to create deployment")


def run_create_service(inv: Invocation, type_word: str) -> int:
    name = _one_name(inv, f"create service {type_word}")
    service_type = SERVICE_TYPES[type_word]
    spec: dict[str, Any] = {"type": service_type}
    if type_word != "externalname":
        spec["selector"] = {"app": name}
    ports = []
    for tcp in inv.flag("tcp") or []:
        port_text, _, target = tcp.partition(":")
        try:
            port = int(port_text)
        except ValueError:
            raise UsageError(f'strconv.ParseUint: parsing "{port_text}": invalid syntax') from None
        target_value: Any = target or port_text
        try:
            target_value = int(target_value)
        except ValueError:
            pass
        entry = {"name": f"{port_text}-{target}" if target else port_text, "port": port, "protocol": "TCP", "targetPort": target_value}
        if inv.flag("node-port"):
            entry["nodePort"] = inv.flag("node-port")
        ports.append(entry)
    if type_word == "clusterip" and inv.flag("clusterip"):
        spec["clusterIP"] = inv.flag("clusterip")
    if type_word == "externalname":
        if not inv.flag("external-name"):
            raise UsageError('required flag(s) "external-name" not set')
        spec["externalName"] = inv.flag("external-name")
    elif not ports and spec.get("clusterIP") != "None":
        raise UsageError("at least one tcp port specifier must be provided")
    if ports:
        spec["ports"] = ports
    service = Service.from_dict({"metadata": {"name": name, "namespace": inv.namespace, "labels": {"app": name}}, "spec": spec})
    return _finish(inv, service, wrap=f"failed to create {service_type} service")


SERVICE_HELP = """Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use "kubectl create service <command> --help" for more information about a given command.
"""


def run_create_service_help(inv: Invocation) -> int:
    """``kubectl create service`` without a type: cobra prints the help to stderr and exits 1."""
    inv.out.err(SERVICE_HELP.rstrip("\n"))
    return 1


def run_create_namespace(inv: Invocation) -> int:
    name = _one_name(inv, "create namespace")
    return _finish(inv, Namespace.from_dict({"metadata": {"name": name}}))


def _parse_pairs(text: str | None, what: str) -> dict[str, str]:
    pairs = {}
    for item in filter(None, (text or "").split(",")):
        key, eq, value = item.partition("=")
        if not eq:
            raise UsageError(f"invalid {what}: {item}")
        pairs[key] = value
    return pairs


def build_run_pod(inv: Invocation, name: str) -> Pod:
    image = inv.flag("image")
    if not image:
        raise UsageError('required flag(s) "image" not set')
    restart = inv.flag("restart")
    if restart not in ("Always", "OnFailure", "Never"):
        raise UsageError(f"invalid restart policy: {restart}", hint="See 'kubectl run -h' for help and examples")
    container: dict[str, Any] = {"name": name, "image": image, "resources": {}}
    if inv.args.rest:
        container["command" if inv.flag("command") else "args"] = list(inv.args.rest)
    if inv.flag("port"):
        try:
            container["ports"] = [{"containerPort": int(inv.flag("port"))}]
        except ValueError:
            raise UsageError(f'invalid argument "{inv.flag("port")}" for "--port" flag: strconv.ParseInt: parsing "{inv.flag("port")}": invalid syntax') from None
    if inv.flag("env"):
        container["env"] = [{"name": k, "value": v} for k, _, v in (e.partition("=") for e in inv.flag("env"))]
    if inv.flag("image-pull-policy"):
        container["imagePullPolicy"] = inv.flag("image-pull-policy")
    if inv.flag("stdin"):
        container["stdin"] = True
        container["stdinOnce"] = True
    if inv.flag("tty"):
        container["tty"] = True
    labels = _parse_pairs(inv.flag("labels"), "label spec") or {"run": name}
    annotations = dict(a.partition("=")[::2] for a in inv.flag("annotations") or []) or None
    data = {"metadata": {"name": name, "namespace": inv.namespace, "labels": labels, **({"annotations": annotations} if annotations else {})},
            "spec": {"containers": [container], "restartPolicy": restart, "dnsPolicy": "ClusterFirst"}}
    if inv.flag("overrides"):
        # run.go: --overrides is an inline JSON merged over the generated object (--override-type=merge)
        import json

        from ..merge import merge_patch
        from ..objects import decode_document

        try:
            overrides = json.loads(inv.flag("overrides"))
        except ValueError as err:
            raise UsageError(f"--overrides is not valid JSON: {err.msg}") from None
        if not isinstance(overrides, dict):
            raise UsageError("json: cannot unmarshal non-object overrides into Go value of type map[string]interface {}")
        data = merge_patch({"apiVersion": "v1", "kind": "Pod", **data}, overrides)
        return decode_document(Pod, data)
    return Pod.from_dict(data)


def run_run(inv: Invocation) -> int:
    if not inv.args.positional:
        raise UsageError("NAME is required for run", hint="See 'kubectl run -h' for help and examples")
    name = inv.args.positional[0]
    if inv.flag("rm") and not (inv.flag("stdin") or inv.flag("attach")):
        raise UsageError("--rm should only be used for attached containers")
    if inv.flag("expose") and not inv.flag("port"):
        raise UsageError("--port must be set when exposing a service", hint="See 'kubectl run -h' for help and examples")
    _dry_run_mode(inv)
    pod = build_run_pod(inv, name)
    if inv.flag("stdin") or inv.flag("tty") or inv.flag("attach"):
        from .exec import run_attached

        return run_attached(inv, pod)
    # run.go creates the Pod first, then the Service, but prints the Service first
    # (generateService prints it) and the Pod last; -o yaml separates them with ---
    created = _send(inv, pod, namespaced_output=False)
    if inv.flag("expose"):
        port = int(inv.flag("port"))
        service = Service.from_dict({"metadata": {"name": name, "namespace": inv.namespace},
                                     "spec": {"selector": pod.labels, "ports": [{"port": port, "protocol": "TCP", "targetPort": port}]}})
        _print(inv, _send(inv, service, namespaced_output=False))
        if inv.flag("output") == "yaml":
            inv.out.out("---")
    _print(inv, created)
    return 0


def _exposed_selector_and_ports(obj: Any) -> tuple[dict[str, str] | None, list[dict], dict[str, str]]:
    if isinstance(obj, (Deployment, ReplicaSet)):
        selector = obj.spec.selector
        if selector is not None and selector.match_expressions:
            raise UsageError("couldn't retrieve selectors via --selector flag or introspection: the provided selector can't be converted: "
                             "match expressions are not supported")
        containers = obj.spec.template.spec.containers or []
        return dict(selector.match_labels or {}) if selector else None, [p for c in containers for p in c.ports or []], obj.labels
    if isinstance(obj, Pod):
        return dict(obj.labels), [p for c in obj.spec.containers or [] for p in c.ports or []], obj.labels
    if isinstance(obj, Service):
        return dict(obj.spec.selector or {}), [], obj.labels
    raise UsageError(f"cannot expose a {obj.KIND}")


def run_expose(inv: Invocation) -> int:
    from ..resources import parse_resource_args

    if inv.flag("filename"):
        # expose -f: the object as the file describes it (the builder reads the file, not the server)
        from ..manifests import load_sources
        from ..objects import decode_document, mapping_for

        if inv.args.positional:
            raise UsageError("Unexpected args: " + str(inv.args.positional).replace("'", ""))
        documents = load_sources(inv.flag("filename"), inv.stdin, inv.cwd)
        if not documents:
            raise UsageError("no objects passed to expose")
        kind = mapping_for(documents[0])
        source = decode_document(kind, documents[0].data)
    else:
        if not inv.args.positional:
            raise UsageError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n"
                             "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
        requests, _ = parse_resource_args(inv.args.positional)
        if not requests or not requests[0].names:
            raise UsageError("resource(s) were provided, but no name was specified")
        source = inv.cluster.api.get(requests[0].kind, inv.namespace, requests[0].names[0])
    selector, container_ports, labels = _exposed_selector_and_ports(source)
    if inv.flag("selector"):
        selector = _parse_pairs(inv.flag("selector"), "selector")
    if not selector:
        raise UsageError("couldn't retrieve selectors via --selector flag or introspection", hint="See 'kubectl expose -h' for help and examples")
    protocol = inv.flag("protocol") or "TCP"
    if inv.flag("port"):
        try:
            port = int(inv.flag("port"))
        except ValueError:
            raise UsageError(f'invalid argument "{inv.flag("port")}" for "--port" flag: strconv.ParseInt: parsing "{inv.flag("port")}": invalid syntax') from None
        ports = [{"port": port, "protocol": protocol, "targetPort": port}]
    elif container_ports:
        ports = [{"port": p.container_port, "protocol": p.protocol or protocol, "targetPort": p.container_port,
                  **({"name": f"port-{i + 1}"} if len(container_ports) > 1 else {})} for i, p in enumerate(container_ports)]
    elif isinstance(source, Service):
        ports = [{k: v for k, v in {"name": p.name, "port": p.port, "protocol": p.protocol, "targetPort": p.target_port}.items() if v is not None}
                 for p in source.spec.ports or []]
    else:
        raise UsageError("couldn't find port via --port flag or introspection", hint="See 'kubectl expose -h' for help and examples")
    if inv.flag("target-port"):
        target = inv.flag("target-port")
        for entry in ports:
            entry["targetPort"] = int(target) if target.isdigit() else target
    spec: dict[str, Any] = {"selector": selector, "ports": ports}
    for flag, field in (("type", "type"), ("cluster-ip", "clusterIP"), ("session-affinity", "sessionAffinity")):
        if inv.flag(flag):
            spec[field] = inv.flag(flag)
    if inv.flag("external-ip"):
        spec["externalIPs"] = [inv.flag("external-ip")]
    name = inv.flag("name") or source.name
    service_labels = _parse_pairs(inv.flag("labels"), "label spec") or dict(labels) or None
    service = Service.from_dict({"metadata": {"name": name, "namespace": inv.namespace, **({"labels": service_labels} if service_labels else {})},
                                 "spec": spec})
    return _finish(inv, service, verb="exposed")
