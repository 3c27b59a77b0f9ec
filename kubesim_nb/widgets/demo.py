"""Ready-made clusters for the widgets, built the way a learner would build them.

Each function boots a seeded :class:`~kubesim_nb.cluster.Cluster` and applies
the lesson's manifests through ``kubectl apply`` (so the controllers create
everything), then lets simulated time pass until the Pods run:

- :func:`label_selector_cluster`: the lesson's three Pods (``web-pod-1``
  ``{app: web, version: v1, env: prod}``, ``api-pod-1`` ``{app: api, version: v1}``,
  ``web-pod-2`` ``{app: web, version: v2}``) and ``web-service`` selecting
  ``{app: web, version: v1}`` ("Understanding Label Selectors");
- :func:`web_cluster`: the lesson's ``web-deployment`` and ``web-service``
  plus an Alpine ``client`` Pod to curl from;
- :func:`dns_cluster`: the same in ``default`` plus a ``shop`` namespace with
  its own ``api-service`` and ``tester`` Pod, for DNS across namespaces;
- :func:`scaled_cluster`: ``n`` Pods in two versions, for benchmarks and readability checks;
- :func:`copy_to_profile`: a namespace's Deployments, Services and bare Pods applied to a new cluster of
  another profile (kind, cloud ...), so a widget can show the same Services on another kind of cluster.
"""

from __future__ import annotations

import json

from ..api.apps import Deployment
from ..api.core import Pod, Service
from ..cluster import Cluster

__all__ = [
    "LABEL_SELECTOR_MANIFESTS",
    "LESSON_SERVICE",
    "copy_to_profile",
    "dns_cluster",
    "label_selector_cluster",
    "scaled_cluster",
    "web_cluster",
]

LESSON_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web-service
spec:
  selector: {app: web, version: v1}
  ports:
  - port: 80
    targetPort: 8080
"""

LESSON_PODS = """\
apiVersion: v1
kind: Pod
metadata:
  name: web-pod-1
  labels: {app: web, version: v1, env: prod}
spec:
  containers:
  - name: nginx
    image: nginx:alpine
---
apiVersion: v1
kind: Pod
metadata:
  name: api-pod-1
  labels: {app: api, version: v1}
spec:
  containers:
  - name: flask
    image: flask:latest
---
apiVersion: v1
kind: Pod
metadata:
  name: web-pod-2
  labels: {app: web, version: v2}
spec:
  containers:
  - name: nginx
    image: nginx:alpine
---
"""
LABEL_SELECTOR_MANIFESTS = LESSON_PODS + LESSON_SERVICE

WEB_MANIFESTS = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-deployment
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: web
        image: {image}
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web-service
spec:
  type: {service_type}
  selector: {{app: web}}
  ports:
  - port: 80
    targetPort: 80
"""

SCALED_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web, version: {version}}}
  template:
    metadata:
      labels: {{app: web, version: {version}}}
    spec:
      containers:
      - name: web
        image: nginx:alpine
"""

SHOP_MANIFESTS = """\
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api-deployment, namespace: shop}
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: kubesim/whoami
---
apiVersion: v1
kind: Service
metadata: {name: api-service, namespace: shop}
spec:
  selector: {app: api}
  ports:
  - port: 80
"""


def _apply(cluster: Cluster, manifests: str) -> None:
    result = cluster.kubectl("apply -f -", stdin=manifests)
    if result.exit_code != 0:
        raise RuntimeError(f"the demo manifests did not apply: {result.stderr}")


def _client(cluster: Cluster, name: str = "client", namespace: str = "default") -> None:
    result = cluster.kubectl(["run", name, "--image=alpine", "-n", namespace, "--", "sleep", "infinity"])
    if result.exit_code != 0:
        raise RuntimeError(f"the client Pod could not be created: {result.stderr}")


def label_selector_cluster(seed: int = 1) -> Cluster:
    cluster = Cluster(seed=seed)
    _apply(cluster, LABEL_SELECTOR_MANIFESTS)
    cluster.advance("30s")
    return cluster


def web_cluster(
    seed: int = 1,
    profile: str = "docker-desktop",
    replicas: int = 3,
    image: str = "kubesim/whoami",
    service_type: str = "ClusterIP",
) -> Cluster:
    """``web-deployment`` (``kubesim/whoami`` answers with the name of the Pod that served: you see who answers)."""
    cluster = Cluster(seed=seed, profile=profile)
    _apply(cluster, WEB_MANIFESTS.format(replicas=replicas, image=image, service_type=service_type))
    _client(cluster)
    cluster.advance("30s")
    return cluster


def dns_cluster(seed: int = 1) -> Cluster:
    cluster = web_cluster(seed)
    _apply(cluster, SHOP_MANIFESTS)
    _client(cluster, "tester", "shop")
    cluster.advance("30s")
    return cluster


def scaled_cluster(pods: int, seed: int = 1) -> Cluster:
    """``pods`` Pods for benchmarks and readability checks: two thirds ``{app: web, version: v1}``, a third
    ``version: v2`` (two Deployments), and ``web-service`` selecting ``{app: web, version: v1}``."""
    cluster = Cluster(seed=seed)
    v2 = pods // 3
    for name, version, replicas in (("web-v1", "v1", pods - v2), ("web-v2", "v2", v2)):
        _apply(cluster, SCALED_DEPLOYMENT.format(name=name, version=version, replicas=replicas))
    _apply(cluster, LESSON_SERVICE)
    cluster.advance("30s")
    return cluster


# what the API server fills in: a copy leaves them out, and the new cluster allocates its own
_SERVER_SET_SPEC = {Service: ("clusterIP", "clusterIPs", "healthCheckNodePort"), Pod: ("nodeName",)}


def _as_manifest(obj) -> dict:
    data = obj.to_dict()
    meta = data["metadata"]
    spec = {k: v for k, v in data["spec"].items() if k not in _SERVER_SET_SPEC.get(type(obj), ())}
    return {
        "apiVersion": data["apiVersion"],
        "kind": data["kind"],
        "metadata": {k: meta[k] for k in ("name", "namespace", "labels") if k in meta},
        "spec": spec,
    }


def copy_to_profile(source: Cluster, profile: str, namespace: str = "default", settle: str = "30s") -> Cluster:
    """A new ``profile`` cluster (same seed) with ``namespace``'s Deployments, Services and bare Pods of
    ``source`` applied, then ``settle`` of simulated time. ``source`` is not changed."""
    objects = [
        *source.api.list(Deployment, namespace),
        *(s for s in source.api.list(Service, namespace) if (s.namespace, s.name) != ("default", "kubernetes")),
        *(p for p in source.api.list(Pod, namespace) if not p.metadata.owner_references),
    ]
    cluster = Cluster(seed=source.seed, profile=profile)
    if namespace != "default":
        cluster.kubectl(["create", "namespace", namespace])
    if objects:
        _apply(cluster, "\n---\n".join(json.dumps(_as_manifest(obj)) for obj in objects))
    cluster.advance(settle)
    return cluster
