"""The REST verbs on the simulated cluster: get, list, watch, create, update, patch, delete, and the
``scale``, ``status`` and ``log`` subresources.

This module owns what ``staging/src/k8s.io/apiserver/pkg/endpoints/handlers`` does around the registry
(``get.go``, ``create.go``, ``update.go``, ``patch.go``, ``delete.go``, ``watch.go``): the namespace taken
from the URL, ``dryRun=All``, ``fieldValidation`` (Strict, Warn, Ignore; warnings become ``Warning``
headers), optimistic concurrency (409 on a stale resourceVersion), the four patch types (JSON merge, JSON
patch, strategic merge, apply), ``autoscaling/v1`` Scale, Table answers and watches. Everything else
(defaulting, allocation, validation, cascading deletion, graceful Pod termination) is the simulated API
server's (:class:`kubesim_nb.apiserver.APIServer`), called under the cluster's lock.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Mapping

import yaml

from ..api.apps import Deployment, ReplicaSet
from ..api.core import Node, Pod
from ..api.fieldselector import field_filter
from ..api.kinds import DEPRECATIONS
from ..api.labels import Selector, SelectorParseError, parse_selector
from ..api.merge import merge_patch, server_side_apply, strategic_patch
from ..apiserver.documents import list_document
from ..apiserver.paths import ApiPath, kind_for_resource
from ..apiserver.reviews import access_review, admin_of, self_subject_review
from ..errors import ApiError
from ..kubectl.describe import NODE_LEASE_NAMESPACE, node_lease
from ..kubectl.objects import decode_document
from ..network.logs import readable_logs
from ..printers.apps import selector_string
from .clientclock import restarted_now
from .protobuf import ProtobufError
from .protobuf import decode as decode_protobuf
from .routes import Query
from .status import method_not_allowed, not_found_path, unsupported_media_type
from .tables import TABLE_CONTENT_TYPE, table_json, wants_table
from .waits import driver_for
from .watch import WatchHub, WatchRequest, stream_watch

__all__ = ["Request", "Response", "RestHandler", "Stream", "pod_container"]

DEFAULT_WATCH_SECONDS = 1800.0  # kube-apiserver's --min-request-timeout when a watch names none
LOG_POLL_SECONDS = 0.5
PATCH_TYPES = (
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
    "application/apply-patch+yaml",
)
LAST_APPLIED_MANAGER = "kubectl-last-applied"  # kubectl apply --server-side's second patch: the annotation
# (group, version, resource) of kinds the simulator does not model that kubectl lists without discovery
EMPTY_LISTS = {("", "v1", "resourcequotas"): "ResourceQuotaList", ("", "v1", "limitranges"): "LimitRangeList"}
NODE_LEASES = ("coordination.k8s.io", "v1", "leases")
ACCESS_REVIEWS = ("authorization.k8s.io", "v1", "selfsubjectaccessreviews")  # kubectl auth can-i
SELF_REVIEWS = ("authentication.k8s.io", "v1", "selfsubjectreviews")  # kubectl auth whoami
RUN_WAITS_KEPT = 256
BODY_TYPES = ("application/json", "application/yaml", "application/vnd.kubernetes.protobuf")

# write(bytes) and connected() of the response being streamed
Stream = Callable[[Callable[[bytes], None], Callable[[], bool]], None]


@dataclass(frozen=True)
class Request:
    method: str
    path: ApiPath
    query: Query
    headers: Mapping[str, str]
    body: bytes = b""

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""

    @property
    def media_type(self) -> str:
        return self.header("Content-Type").split(";")[0].strip().lower()


@dataclass
class Response:
    code: int = 200
    body: Any = None  # a dict is sent as JSON, a str as text, bytes as they are
    content_type: str = "application/json"
    warnings: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # more headers (Location, Etag), over the defaults
    stream: Stream | None = None


@dataclass
class RestHandler:
    """The verbs, on one cluster, under one lock."""

    cluster: Any
    lock: threading.RLock
    hub: WatchHub
    manual_clock: bool = True  # a wait in a real kubectl lets simulated time pass (see .waits)
    pending_session: str | None = None  # the kubectl invocation whose writes the controllers have not seen
    # (Kubectl-Session, namespace, Pod) of the latest kubectl runs that have waited for their Pod to start: a
    # next wait on that Pod is for the end of the session's process (see .waits). Oldest first, at most
    # RUN_WAITS_KEPT: a run is over long before as many others have started
    run_waits: dict[tuple[str, str, str], None] = field(default_factory=dict)

    def settle_between_commands(self, session: str) -> None:
        """Let the controllers react to a kubectl command's writes once the command is over, as our kubectl
        does after each command: when a request comes from another invocation (``Kubectl-Session``, one
        per kubectl process) or from a client that names none. Within one command (``apply -f`` of a
        Deployment and a Service) they do not run in between, so names and addresses are drawn in the
        same order as by our kubectl."""
        with self.lock:
            if self.pending_session is not None and session != self.pending_session:
                self.cluster.settle()
                self.pending_session = None

    # ------------------------------------------------------------ dispatch
    def handle(self, request: Request) -> Response:
        path = request.path
        kind = kind_for_resource(path.group, path.version, path.resource)
        if kind is None:
            return self._unmodelled(request)
        if kind.NAMESPACED is False and path.namespace:
            raise not_found_path()
        if path.subresource and path.subresource not in ("status", "scale", "log"):
            raise not_found_path()
        response = self._verb(request, kind)
        if kind in DEPRECATIONS:
            response.warnings.append(DEPRECATIONS[kind])
        return response

    def _verb(self, request: Request, kind: type) -> Response:
        path, method = request.path, request.method
        if path.subresource == "scale":
            return self._scale(request, kind)
        if path.subresource == "log" and kind is Pod and method == "GET":
            return self._log(request)
        if path.subresource == "status" and method == "GET":
            return self._get(request, kind)
        if path.subresource:
            raise method_not_allowed(method)
        if not path.name:
            if method == "GET":
                return self._watch(request, kind) if request.query.flag("watch") else self._list(request, kind)
            if method == "POST":
                return self._create(request, kind)
            raise method_not_allowed(method)
        verbs = {"GET": self._get, "PUT": self._update, "PATCH": self._patch, "DELETE": self._delete}
        if method not in verbs:
            raise method_not_allowed(method)
        return verbs[method](request, kind)

    def _unmodelled(self, request: Request) -> Response:
        """A kind the simulator does not have, that every API server has and kubectl reads without asking
        discovery: ``describe namespace``'s quotas and limit ranges (listed empty, as in a new cluster),
        ``describe node``'s Lease (the kubelet's, renewed just now) and ``kubectl auth``'s reviews."""
        path = request.path
        if (path.group, path.version, path.resource) in (ACCESS_REVIEWS, SELF_REVIEWS) and not (
            path.namespace or path.name or path.subresource
        ):
            return self._review(request)
        if request.method != "GET" or request.query.flag("watch") or path.subresource:
            raise not_found_path()
        listing = EMPTY_LISTS.get((path.group, path.version, path.resource))
        if listing is not None and not path.name:
            metadata = {"resourceVersion": self._resource_version()}
            return Response(body={"kind": listing, "apiVersion": path.version, "metadata": metadata, "items": []})
        if (path.group, path.version, path.resource) == NODE_LEASES and path.namespace == NODE_LEASE_NAMESPACE:
            with self.lock:
                if path.name and self.cluster.api.find(Node, "", path.name) is not None:
                    return Response(body=node_lease(path.name, self.cluster.clock.now()))
            raise ApiError.not_found("leases.coordination.k8s.io", path.name)
        raise not_found_path()

    def _review(self, request: Request) -> Response:
        """``kubectl auth can-i`` and ``whoami``: a review is created, answered and not stored."""
        if request.method != "POST":
            raise method_not_allowed(request.method)
        body = self._body(request)
        access = request.path.resource == ACCESS_REVIEWS[2]
        if not isinstance(body, dict):
            kind = "SelfSubjectAccessReview" if access else "SelfSubjectReview"
            raise ApiError.bad_request(f"the body of the request is not a {kind} object")
        user = admin_of(self.cluster.profile.name)
        return Response(code=201, body=access_review(body, user) if access else self_subject_review(user))

    # --------------------------------------------------------------- reads
    def _namespace(self, request: Request, kind: type) -> str:
        return request.path.namespace if kind.NAMESPACED else ""

    def _matches(self, request: Request, kind: type) -> Callable[[Any], bool]:
        selector = _label_selector(request.query.get("labelSelector"))
        fields = field_filter(kind, request.query.get("fieldSelector"))
        namespace = request.path.namespace if kind.NAMESPACED else ""

        def matches(obj: Any) -> bool:
            return (
                (not namespace or obj.namespace == namespace)
                and (selector is None or selector.matches(obj.labels))
                and fields(obj)
            )

        return matches

    def _listed(self, request: Request, kind: type) -> list[Any]:
        matches = self._matches(request, kind)
        namespace = request.path.namespace if kind.NAMESPACED and request.path.namespace else None
        return [o for o in self.cluster.api.list(kind, namespace) if matches(o)]

    def _resource_version(self) -> str:
        return str(self.cluster.store.resource_version)

    def _table(self, request: Request, kind: type, objects: list[Any]) -> Response:
        include = request.query.get("includeObject", "Metadata")
        now = self.cluster.clock.now()
        body = table_json(kind, objects, now, include=include, resource_version=self._resource_version())
        return Response(body=body, content_type=TABLE_CONTENT_TYPE)

    def _list(self, request: Request, kind: type) -> Response:
        with self.lock:
            objects = self._listed(request, kind)
            if wants_table(request.header("Accept")):
                return self._table(request, kind, objects)
            return Response(body=list_document(kind, objects, self._resource_version()))

    def _get(self, request: Request, kind: type) -> Response:
        with self.lock:
            obj = self.cluster.api.get(kind, self._namespace(request, kind), request.path.name)
            if wants_table(request.header("Accept")) and not request.path.subresource:
                return self._table(request, kind, [obj])
            return Response(body=obj.to_dict())

    def _watch(self, request: Request, kind: type) -> Response:
        query = request.query
        with self.lock:
            matches = self._matches(request, kind)  # a bad selector is an error before the stream starts
            driver = self._driver(request, kind) if self.manual_clock else None
        table = wants_table(request.header("Accept"))
        first = [True]

        def encode(event_type: str, obj: Any, resource_version: str, now: datetime) -> dict:
            if not table:
                return obj.to_dict()
            body = table_json(
                kind,
                [obj],
                now,
                include=query.get("includeObject", "Metadata"),
                resource_version=resource_version,
                with_columns=first[0],
            )
            first[0] = False
            return body

        version = query.get("resourceVersion")
        watch = WatchRequest(
            kind=kind,
            matches=matches,
            resource_version=int(version) if version.isdigit() and version != "0" else None,
            send_initial_events=query.flag("sendInitialEvents"),
            timeout_seconds=float(query.integer("timeoutSeconds") or DEFAULT_WATCH_SECONDS),
            encode=encode,
        )

        def stream(write: Callable[[bytes], None], connected: Callable[[], bool]) -> None:
            def send(event: dict) -> None:
                write(json.dumps(event, separators=(",", ":")).encode() + b"\n")

            stream_watch(self.hub, self.lock, lambda: self._listed(request, kind), watch, send, connected, driver)

        return Response(content_type="application/json", stream=stream)

    def _driver(self, request: Request, kind: type):
        name = ""
        for term in request.query.get("fieldSelector").split(","):
            key, _, value = term.partition("=")
            if key.strip() == "metadata.name":
                name = value.strip()
        command, namespace = request.header("Kubectl-Command"), request.path.namespace
        waited = (request.header("Kubectl-Session") or "", namespace, name)
        after_session = command == "kubectl run" and waited in self.run_waits
        if command == "kubectl run" and name:
            self.run_waits[waited] = None
            while len(self.run_waits) > RUN_WAITS_KEPT:
                del self.run_waits[next(iter(self.run_waits))]
        return driver_for(self.cluster, command, kind, namespace, name, after_session)

    # -------------------------------------------------------------- writes
    def _written(self, request: Request, obj: Any) -> dict:
        """The answer to a write. The controllers react to it once the command that made it is over (see
        :meth:`settle_between_commands`), or at once for a client that does not say which command it runs."""
        body = obj.to_dict()
        session = request.header("Kubectl-Session")
        if session:
            self.pending_session = session
        else:
            self.cluster.settle()
        return body

    def _body(self, request: Request) -> Any:
        media = request.media_type
        if media == "application/vnd.kubernetes.protobuf":
            return _protobuf(request.body)
        if media and media not in BODY_TYPES + PATCH_TYPES:
            raise unsupported_media_type(media, list(BODY_TYPES))
        try:
            if media in ("application/yaml", "application/apply-patch+yaml"):
                return yaml.safe_load(request.body.decode("utf-8"))
            return json.loads(request.body.decode("utf-8") or "null")
        except (ValueError, yaml.YAMLError) as err:
            raise ApiError.bad_request(f"the body of the request could not be decoded: {err}") from None

    @staticmethod
    def _dry_run(request: Request) -> bool:
        values = request.query.all("dryRun")
        unknown = [v for v in values if v != "All"]
        if unknown:
            raise ApiError.bad_request(f'Invalid dry run value(s): "{unknown[0]}"; supported values: "All"')
        return bool(values)

    @staticmethod
    def _validation(request: Request) -> str:
        mode = request.query.get("fieldValidation", "Warn")
        if mode not in ("Strict", "Warn", "Ignore"):
            raise ApiError.bad_request(
                f"fieldValidation parameter unsupported: {mode}. Supported values: Ignore, Warn, Strict"
            )
        return mode.lower()

    def _decode(self, request: Request, kind: type, data: Any, response: Response, patch: bool = False) -> Any:
        if not isinstance(data, dict):
            raise ApiError.bad_request(f"the body of the request is not a {kind.KIND} object")

        def warn(text: str) -> None:
            response.warnings.append(text.removeprefix("Warning: "))

        return decode_document(kind, data, self._validation(request), warn, patch=patch)

    def _in_request_namespace(self, request: Request, kind: type, data: Any) -> Any:
        """The namespace comes from the URL; a body that names another one is refused."""
        if not isinstance(data, dict) or not kind.NAMESPACED:
            return data
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        given = metadata.get("namespace")
        if given and given != request.path.namespace:
            raise ApiError.bad_request(
                "the namespace of the provided object does not match the namespace sent on the request"
            )
        return {**data, "metadata": {**metadata, "namespace": request.path.namespace}}

    def _create(self, request: Request, kind: type) -> Response:
        response = Response(code=201)
        data = self._in_request_namespace(request, kind, self._body(request))
        with self.lock:
            obj = self._decode(request, kind, data, response)
            response.body = self._written(request, self.cluster.api.create(obj, dry_run=self._dry_run(request)))
        return response

    def _current(self, request: Request, kind: type) -> Any:
        return self.cluster.api.get(kind, self._namespace(request, kind), request.path.name)

    @staticmethod
    def _check_version(kind: type, current: Any, data: dict) -> None:
        """Optimistic concurrency: a body that names a resourceVersion must name the stored one."""
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        wanted = metadata.get("resourceVersion")
        if wanted and str(wanted) != current.metadata.resource_version:
            raise ApiError.conflict(
                f'Operation cannot be fulfilled on {kind.qualified_resource()} "{current.name}": the object has '
                "been modified; please apply your changes to the latest version and try again"
            )

    def _check_name(self, request: Request, data: Any) -> None:
        metadata = data.get("metadata") if isinstance(data, dict) and isinstance(data.get("metadata"), dict) else {}
        if metadata.get("name") and metadata["name"] != request.path.name:
            raise ApiError.bad_request("the name of the object does not match the name on the URL")

    def _update(self, request: Request, kind: type) -> Response:
        response = Response()
        data = self._in_request_namespace(request, kind, self._body(request))
        self._check_name(request, data)
        with self.lock:
            current = self._current(request, kind)
            self._check_version(kind, current, data)
            obj = self._decode(request, kind, data, response)
            response.body = self._written(request, self.cluster.api.update(obj, dry_run=self._dry_run(request)))
        return response

    def _patched(self, request: Request, current: dict) -> dict:
        media = request.media_type
        patch = self._body(request)
        if media == "application/json-patch+json":
            import jsonpatch

            try:
                return jsonpatch.apply_patch(current, patch)
            except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, TypeError) as err:
                raise ApiError(
                    "Invalid", f"the server rejected our request due to an error in our request: {err}", code=422
                ) from None
        if not isinstance(patch, dict):
            raise ApiError.bad_request("the body of the request is not a JSON object")
        restarted_now(patch, self.cluster.clock.now(), time.time())  # kubectl rollout restart's stamp
        if media == "application/merge-patch+json":
            return merge_patch(current, patch)
        if media == "application/strategic-merge-patch+json":
            return strategic_patch(current, patch)
        if media == "application/apply-patch+yaml":
            manager = request.query.get("fieldManager")
            return server_side_apply(current, patch, heir=manager != LAST_APPLIED_MANAGER)
        raise unsupported_media_type(media, list(PATCH_TYPES))

    def _patch(self, request: Request, kind: type) -> Response:
        response = Response()
        with self.lock:
            current = self.cluster.api.find(kind, self._namespace(request, kind), request.path.name)
            if current is None and request.media_type == "application/apply-patch+yaml":
                data = self._in_request_namespace(request, kind, self._body(request))
                obj = self._decode(request, kind, data, response)
                response.code = 201
                response.body = self._written(request, self.cluster.api.create(obj, dry_run=self._dry_run(request)))
                return response
            if current is None:
                current = self._current(request, kind)  # the NotFound
            data = self._patched(request, current.to_dict())
            if data == current.to_dict():  # nothing changes: nothing is written, as etcd's guaranteed update
                return Response(body=current.to_dict())
            self._check_version(kind, current, data)
            data = self._in_request_namespace(request, kind, data)
            obj = self._decode(request, kind, data, response, patch=True)
            response.body = self._written(request, self.cluster.api.update(obj, dry_run=self._dry_run(request)))
        return response

    def _delete(self, request: Request, kind: type) -> Response:
        options = self._body(request) if request.body.strip() else {}
        options = options if isinstance(options, dict) else {}
        grace = options.get("gracePeriodSeconds", request.query.integer("gracePeriodSeconds"))
        propagation = options.get("propagationPolicy") or request.query.get("propagationPolicy") or "Background"
        dry_run = self._dry_run(request) or bool(options.get("dryRun"))
        with self.lock:
            obj = self.cluster.api.delete(
                kind,
                self._namespace(request, kind),
                request.path.name,
                grace_period=grace if isinstance(grace, int) else None,
                dry_run=dry_run,
                propagation=propagation,
            )
            current = self.cluster.api.find(kind, self._namespace(request, kind), request.path.name)
            return Response(body=self._written(request, current or obj))

    # --------------------------------------------------------- subresources
    def _scale(self, request: Request, kind: type) -> Response:
        if kind not in (Deployment, ReplicaSet):
            raise not_found_path()
        if request.method not in ("GET", "PUT", "PATCH"):
            raise method_not_allowed(request.method)
        with self.lock:
            current = self._current(request, kind)
            if request.method == "GET":
                return Response(body=_scale(current))
            data = self._body(request) if request.method == "PUT" else self._patched(request, _scale(current))
            self._check_version(kind, current, data if isinstance(data, dict) else {})
            replicas = (data.get("spec") or {}).get("replicas") if isinstance(data, dict) else None
            if not isinstance(replicas, int) or isinstance(replicas, bool):
                raise ApiError.bad_request("Scale.spec.replicas must be an integer")
            updated = current.copy()
            updated.spec.replicas = replicas
            stored = self.cluster.api.update(updated, dry_run=self._dry_run(request))
            self._written(request, stored)
            return Response(body=_scale(stored))

    def _log(self, request: Request) -> Response:
        query = request.query
        with self.lock:
            pod = self._current(request, Pod)
            container = pod_container(pod, query.get("container"))
            lines = readable_logs(self.cluster, pod, container, previous=query.flag("previous"))
        tail = query.integer("tailLines")
        shown = lines[-tail:] if tail else ([] if tail == 0 else lines)
        text = "".join(line + "\n" for line in shown)
        if not query.flag("follow"):
            return Response(body=text, content_type="text/plain")

        def stream(write: Callable[[bytes], None], connected: Callable[[], bool]) -> None:
            if text:
                write(text.encode())
            sent = len(lines)
            while connected():
                time.sleep(LOG_POLL_SECONDS)
                with self.lock:
                    live = self.cluster.api.find(Pod, pod.namespace, pod.name)
                    if live is None or live.metadata.uid != pod.metadata.uid:
                        return
                    now = readable_logs(self.cluster, live, container)
                if len(now) > sent:
                    write("".join(line + "\n" for line in now[sent:]).encode())
                    sent = len(now)

        return Response(content_type="text/plain", stream=stream)


def _label_selector(text: str) -> Selector | None:
    """A ``labelSelector``, or the server's BadRequest (which kubectl's resource builder wraps)."""
    if not text:
        return None
    try:
        return parse_selector(text)
    except SelectorParseError as err:
        raise ApiError.bad_request(err.message) from None


def _scale(obj: Any) -> dict:
    """The ``autoscaling/v1`` Scale of a Deployment or ReplicaSet."""
    meta = obj.metadata
    return {
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": meta.name,
            "namespace": meta.namespace,
            "uid": meta.uid,
            "resourceVersion": meta.resource_version,
            "creationTimestamp": meta.creation_timestamp,
        },
        "spec": {"replicas": obj.spec.replicas if obj.spec.replicas is not None else 1},
        "status": {
            "replicas": (obj.status.replicas if obj.status else None) or 0,
            "selector": selector_string(obj.spec.selector),
        },
    }


def pod_container(pod: Pod, name: str):
    """The container a log, exec or attach request names; without a name, the Pod's only one
    (``pkg/registry/core/pod/strategy.go`` ``streamLocation``)."""
    containers = pod.spec.containers or []
    if name:
        for container in containers:
            if container.name == name:
                return container
        raise ApiError.bad_request(f"container {name} is not valid for pod {pod.name}")
    if len(containers) == 1:
        return containers[0]
    names = " ".join(c.name or "" for c in containers)
    raise ApiError.bad_request(f"a container name must be specified for pod {pod.name}, choose one of: [{names}]")


def _protobuf(body: bytes) -> Any:
    """A protobuf request body (``kubectl create <generator>``), as the JSON body it stands for."""
    try:
        return decode_protobuf(body)
    except ProtobufError as err:
        raise ApiError.bad_request(f"the body of the request could not be decoded: {err}") from None
