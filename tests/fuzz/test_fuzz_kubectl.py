"""Fuzzing the front door: manifests, selectors and command lines.

Whatever goes in, only kubectl-style errors come out (the front end turns any
unexpected Python exception into an "internal problem" line, which these
tests treat as a failure), and a command that fails without reporting any
success leaves the cluster exactly as it was.
"""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from kubesim_nb import Cluster

INTERNAL = "the simulator hit an internal problem"

_BASE = Cluster(seed=3, think_time=0)
_BASE.kubectl("create deployment web --image=nginx:alpine --replicas=2")
_BASE.kubectl("expose deployment web --port=80")
_BASE.advance("20s")
_SNAPSHOT = _BASE.dumps()


def fresh() -> Cluster:
    return Cluster.loads(_SNAPSHOT)


def check(cluster: Cluster, command, stdin: str | None = None):
    before = cluster.dumps()
    result = cluster.kubectl(command, stdin=stdin)
    assert INTERNAL not in result.stderr, result.stderr
    assert result.exit_code in (0, 1), (command, result.exit_code, result.stderr)
    if result.exit_code != 0:
        assert result.stderr.strip(), "a failure must say why"
        # a command group without its subcommand (`create`, `create service`) prints its help on stderr;
        # a rejected apply patch shows the patch, "to:" the object and "for:" the file (apply.go)
        is_help = "\nUsage:\n  kubectl " in result.stderr
        assert is_help or all(
            line.startswith(
                (
                    "error",
                    "Error",
                    "The ",
                    "* ",
                    "Warning",
                    "See ",
                    "Run ",
                    "Did you",
                    "\t",
                    "You must",
                    "ensure",
                    "Resource:",
                    "Name:",
                    "from server",
                    "Use ",
                    "It has",
                    "If you",
                    "  ",
                    "No resources",
                    "to:",
                    'for: "',
                    '{"',
                    "resource mapping not found",
                    "Example resource",
                )
            )
            or not line
            for line in result.stderr.splitlines()
        ), result.stderr
        if not result.stdout.strip():
            assert cluster.dumps() == before, f"failed command changed state: {command}"
    return result


# -- manifests ---------------------------------------------------------------
names = st.sampled_from(["web", "web-service", "Web_Service", "1web", "", "a" * 70, "api.v1", "-x", "agent-service"])
label_keys = st.sampled_from(
    ["app", "version", "my key", "/app", "Example.com/app", "a/b/c", "app.kubernetes.io/name", ""]
)
label_values = st.one_of(
    st.sampled_from(["web", "v1", "hello world", "-web", "", "x" * 70]), st.integers(-5, 5), st.booleans(), st.none()
)
ports = st.one_of(st.integers(-2, 70000), st.sampled_from(["80", "http", "HTTP", "my_port", None, 80.5, [80]]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 100000), st.text(max_size=12))


def maybe(strategy):
    return st.one_of(st.just(None), strategy)


@st.composite
def service_manifests(draw):
    port_entry = st.fixed_dictionaries(
        {},
        optional={
            "port": ports,
            "targetPort": ports,
            "nodePort": st.one_of(st.integers(29990, 32770), ports),
            "name": maybe(names),
            "protocol": st.sampled_from(["TCP", "UDP", "tcp", "HTTP"]),
            "targetport": ports,
        },
    )
    spec = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "selector": st.one_of(st.dictionaries(label_keys, label_values, max_size=3), scalars),
                "selectr": st.dictionaries(label_keys, label_values, max_size=2),
                "ports": st.one_of(st.lists(port_entry, max_size=3), scalars),
                "type": st.sampled_from(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName", "Nodeport", ""]),
                "clusterIP": st.sampled_from(["None", "10.96.0.10", "10.96.5.5", "192.168.1.1", "abc", ""]),
                "externalName": st.sampled_from(["example.com", "Bad_Name", ""]),
                "sessionAffinity": st.sampled_from(["ClientIP", "None", "Sticky"]),
                "externalTrafficPolicy": st.sampled_from(["Cluster", "Local", "Foo"]),
                "publishNotReadyAddresses": st.one_of(st.booleans(), scalars),
            },
        )
    )
    metadata = draw(
        st.fixed_dictionaries(
            {"name": names},
            optional={
                "labels": st.dictionaries(label_keys, label_values, max_size=3),
                "namespace": st.sampled_from(["default", "nosuch", ""]),
            },
        )
    )
    doc = {
        "apiVersion": draw(st.sampled_from(["v1", "v2", "apps/v1"])),
        "kind": draw(st.sampled_from(["Service", "Servic"])),
        "metadata": metadata,
        "spec": spec,
    }
    for key in draw(st.sets(st.sampled_from(["apiVersion", "kind", "metadata", "spec"]), max_size=1)):
        del doc[key]
    return doc


@st.composite
def deployment_manifests(draw):
    labels = st.dictionaries(label_keys, label_values, max_size=2)
    container = st.fixed_dictionaries(
        {},
        optional={
            "name": maybe(names),
            "image": st.sampled_from(["nginx:alpine", "ngnix", "", "busybox"]),
            "ports": st.lists(
                st.fixed_dictionaries({}, optional={"containerPort": ports, "name": maybe(names)}), max_size=2
            ),
            "command": st.one_of(st.lists(st.text(max_size=5), max_size=3), scalars),
        },
    )
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": draw(names)},
        "spec": draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "replicas": st.one_of(st.integers(-1, 4), scalars),
                    "selector": st.one_of(
                        st.fixed_dictionaries(
                            {},
                            optional={
                                "matchLabels": labels,
                                "matchExpressions": st.lists(
                                    st.fixed_dictionaries(
                                        {},
                                        optional={
                                            "key": label_keys,
                                            "operator": st.sampled_from(["In", "Exists", "Equals"]),
                                            "values": st.lists(st.text(max_size=4), max_size=2),
                                        },
                                    ),
                                    max_size=2,
                                ),
                            },
                        ),
                        scalars,
                    ),
                    "template": st.one_of(
                        st.fixed_dictionaries(
                            {},
                            optional={
                                "metadata": st.fixed_dictionaries({}, optional={"labels": labels}),
                                "spec": st.fixed_dictionaries(
                                    {}, optional={"containers": st.lists(container, max_size=2)}
                                ),
                            },
                        ),
                        scalars,
                    ),
                },
            )
        ),
    }


@given(st.one_of(service_manifests(), deployment_manifests()), st.sampled_from(["apply", "create"]))
def test_any_manifest_gives_a_kubectl_answer(doc, verb) -> None:
    check(fresh(), f"{verb} -f -", stdin=yaml.safe_dump(doc))


@given(st.text(max_size=300))
def test_any_text_as_a_manifest(text) -> None:
    check(fresh(), "apply -f -", stdin=text)


@given(
    st.lists(st.sampled_from(list("app=web,!()inotx =<>-/._ v1 23 9") + [" in ", " notin ", "  "]), max_size=20).map(
        "".join
    )
)
def test_any_selector(selector) -> None:
    check(fresh(), ["get", "pods", "-l", selector])


VOCABULARY = [
    "get",
    "describe",
    "delete",
    "label",
    "scale",
    "patch",
    "apply",
    "create",
    "run",
    "expose",
    "rollout",
    "version",
    "pods",
    "pod",
    "svc",
    "services",
    "deploy",
    "deployment",
    "rs",
    "ep",
    "endpointslices",
    "nodes",
    "ns",
    "all",
    "foo",
    "web",
    "web-service",
    "web/x",
    "deployment/web",
    "svc/web",
    "pod/nosuch",
    "-n",
    "kube-system",
    "nosuch",
    "-A",
    "-o",
    "wide",
    "yaml",
    "json",
    "name",
    "jsonpath={.items[*].metadata.name}",
    "jsonpath={.bad[",
    "-l",
    "app=web",
    "app in (web",
    "--show-labels",
    "-L",
    "app",
    "--replicas=3",
    "--replicas=-1",
    "--replicas",
    "app=api",
    "app-",
    "--overwrite",
    "-p",
    '{"spec":{"type":"NodePort"}}',
    "{bad",
    "--type",
    "merge",
    "json",
    "--image=nginx",
    "--port=80",
    "--target-port=8080",
    "--type=NodePort",
    "--dry-run=client",
    "--",
    "sh",
    "-c",
    "exit 1",
    "--grace-period=0",
    "--force",
    "-f",
    "-",
    "--all",
    "status",
    "restart",
    "service",
    "nodeport",
    "clusterip",
    "--tcp=80:80",
    "--tcp=http",
    "namespace",
    "shop",
    "--help",
    "--unknown",
    "-x",
    "--sort-by=.metadata.name",
    "--field-selector=status.phase=Running",
    "--field-selector=foo=bar",
    "--no-headers",
]


@given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=7))
def test_any_command_line(words) -> None:
    check(fresh(), words, stdin="")
