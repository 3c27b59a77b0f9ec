"""``kubectl run NAME --image=...``: a Pod from flags, optionally exposed, or attached to with ``-i``/``-t``
(``pkg/cmd/run/run.go``)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from ...api.core import Pod, Service
from ...api.naming import is_env_var_name
from ...errors import UsageError
from ..base import DRY_RUN_FLAG, Command, Invocation
from ..flags import Flag
from ..flagsets import (
    FORCE_FLAG,
    SAVE_CONFIG_FLAG,
    deletion_flags,
    field_manager_flag,
    override_flags,
    pod_running_timeout_flag,
    printer_flags,
)
from ..generators import Generator
from ..merge import merge_patch
from ..objects import decode_document
from ..pods import run_in_pod

__all__ = ["COMMAND"]

FLAGS = [
    Flag("annotations", kind="array", usage="Annotations to apply to the pod."),
    Flag(
        "attach",
        kind="bool",
        usage="If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' "
        "were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With "
        "'--restart=Never' the exit code of the container process is returned.",
    ),
    Flag(
        "command",
        kind="bool",
        usage="If true and extra arguments are present, use them as the 'command' field in the container, rather "
        "than the 'args' field which is the default.",
    ),
    *(
        # run.go: "-f" is accepted and ignored
        replace(flag, deprecated="it is ignored by kubectl run and will be removed in a future release")
        if flag.name == "filename"
        else flag
        for flag in deletion_flags("to use to replace the resource.")
    ),
    Flag(
        "detach-keys",
        default="ctrl-p,ctrl-q",
        usage="Override the key sequence for detaching a container.",
        implemented=False,
    ),
    DRY_RUN_FLAG,
    Flag("env", kind="array", usage="Environment variables to set in the container."),
    Flag(
        "expose",
        kind="bool",
        usage="If true, create a ClusterIP service associated with the pod.  Requires `--port`.",
    ),
    field_manager_flag("kubectl-run"),
    FORCE_FLAG,
    Flag("image", usage="The image for the container to run.", required=True),
    Flag(
        "image-pull-policy",
        usage="The image pull policy for the container.  If left empty, this value will not be specified by the "
        "client and defaulted by the server.",
    ),
    Flag("labels", short="l", usage="Comma separated labels to apply to the pod. Will override previous values."),
    Flag(
        "leave-stdin-open",
        kind="bool",
        usage="If the pod is started in interactive mode or with stdin, leave stdin open after the first attach "
        "completes. By default, stdin will be closed after the first attach completes.",
    ),
    *override_flags(overrides=True),
    pod_running_timeout_flag(60),
    Flag("port", usage="The port that this container exposes."),
    *printer_flags(),
    Flag("privileged", kind="bool", usage="If true, run the container in privileged mode."),
    Flag("quiet", short="q", kind="bool", usage="If true, suppress prompt messages."),
    Flag(
        "restart",
        default="Always",
        usage="The restart policy for this Pod.  Legal values [Always, OnFailure, Never].",
    ),
    Flag(
        "rm",
        kind="bool",
        usage="If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with "
        "'--attach' or with '-i/--stdin'.",
    ),
    SAVE_CONFIG_FLAG,
    Flag(
        "stdin",
        short="i",
        kind="bool",
        usage="Keep stdin open on the container in the pod, even if nothing is attached.",
    ),
    Flag("tty", short="t", kind="bool", usage="Allocate a TTY for the container in the pod."),
]

HELP = "Create and run a particular image in a pod."
EXAMPLES = """  # Start a nginx pod
  kubectl run nginx --image=nginx

  # Start a temporary alpine pod with a shell, removed when you exit
  kubectl run -it test-pod --image=alpine --rm -- sh"""
USAGE = (
    'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] '
    "[--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]"
)

ATTACH_HINT = "If you don't see a command prompt, try pressing enter."
RESTART_POLICIES = ("Always", "OnFailure", "Never")
PULL_POLICIES = ("Always", "IfNotPresent", "Never")

# github.com/distribution/reference ReferenceRegexp: [domain[:port]/]path[:tag][@digest]
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?"
IMAGE_REFERENCE = re.compile(
    rf"(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*(?::[\w][\w.-]{{0,127}})?"
    r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?"
)


def _annotations(pairs: list[str]) -> dict[str, str]:
    """cmdutil.ParsePairs(--annotations, "annotations"): every ``key=value``; the rest are named together."""
    parsed, invalid = {}, []
    for pair in pairs:
        if "=" in pair and not pair.startswith("="):
            key, _, value = pair.partition("=")
            parsed[key] = value
        else:
            invalid.append(pair)
    if invalid:
        raise UsageError(f"invalid annotations format: {', '.join(invalid)}")
    return parsed


def _labels(text: str | None) -> dict[str, str]:
    """run.go parseLabels: ``key=value`` pairs, comma-separated."""
    labels = {}
    for spec in (text or "").split(",") if text else []:
        parts = spec.split("=")
        if len(parts) != 2:
            raise UsageError(f"unexpected label spec: {spec}")
        if not parts[0]:
            raise UsageError("unexpected empty label key")
        labels[parts[0]] = parts[1]
    return labels


def _envs(values: list[str]) -> list[dict[str, str]]:
    """run.go parseEnvs: ``NAME=value`` with a valid variable name."""
    envs = []
    for env in values:
        name, eq, value = env.partition("=")
        if not eq or not name or is_env_var_name(name):
            raise UsageError(f"invalid env: {env}")
        envs.append({"name": name, "value": value})
    return envs


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise UsageError(f"invalid {what}: {value}, valid values are: {', '.join(allowed)}")
    return value


def _check(inv: Invocation, attach: bool, mode: str) -> None:
    """RunOptions.Validate."""
    if not inv.args.positional or inv.args.dash_at == 0:
        raise UsageError("NAME is required for run")
    image = inv.flag("image")
    if not image:
        raise UsageError("--image is required")
    if not IMAGE_REFERENCE.fullmatch(image):
        raise UsageError(f'invalid image name "{image}": invalid reference format')
    if inv.flag("tty") and not inv.flag("stdin"):
        raise UsageError("-i/--stdin is required for containers with -t/--tty=true")
    port = inv.flag("port")
    if inv.flag("expose") and not port:
        raise UsageError("--port must be set when exposing a service")
    if port and not re.fullmatch(r"[+-]?[0-9]+", port):
        raise UsageError("--port must be a number")
    if not attach and inv.flag("rm"):
        raise UsageError("--rm should only be used for attached containers")
    if attach and mode != "none":
        raise UsageError(
            "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)"
        )


def _build_pod(inv: Invocation, name: str, labels: dict[str, str], annotations: dict, envs: list) -> Pod:
    """createPod: one container named after the Pod, the extra arguments as its args (or command)."""
    interactive = bool(inv.flag("stdin"))
    container: dict[str, Any] = {"name": name, "image": inv.flag("image"), "resources": {}}
    arguments = inv.args.positional[1:] + list(inv.args.rest)
    if arguments:
        container["command" if inv.flag("command") else "args"] = arguments
    if inv.flag("port"):
        container["ports"] = [{"containerPort": int(inv.flag("port"))}]
    if envs:
        container["env"] = envs
    if inv.flag("image-pull-policy"):
        container["imagePullPolicy"] = inv.flag("image-pull-policy")
    if inv.flag("privileged"):
        container["securityContext"] = {"privileged": True}
    if interactive:
        container["stdin"] = True
        if not inv.flag("leave-stdin-open"):
            container["stdinOnce"] = True
    if inv.flag("tty"):
        container["tty"] = True
    metadata: dict[str, Any] = {"name": name, "namespace": inv.namespace, "labels": labels}
    if annotations:
        metadata["annotations"] = annotations
    spec = {"containers": [container], "restartPolicy": inv.flag("restart"), "dnsPolicy": "ClusterFirst"}
    data = {"metadata": metadata, "spec": spec}
    if inv.flag("overrides"):
        # --overrides is an inline JSON merged over the generated object (--override-type=merge)
        try:
            overrides = json.loads(inv.flag("overrides"))
        except ValueError as err:
            raise UsageError(f"--overrides is not valid JSON: {err.msg}") from None
        if not isinstance(overrides, dict):
            raise UsageError(
                "json: cannot unmarshal non-object overrides into Go value of type map[string]interface {}"
            )
        data = merge_patch({"apiVersion": "v1", "kind": "Pod", **data}, overrides)
        return decode_document(Pod, data)
    return Pod.from_dict(data)


def run(inv: Invocation) -> int:
    # RunOptions.Complete
    annotations = _annotations(inv.flag("annotations") or [])
    explicit_labels = _labels(inv.flag("labels"))
    envs = _envs(inv.flag("env") or [])
    _one_of(inv.flag("restart"), RESTART_POLICIES, "restart policy")
    if inv.flag("image-pull-policy"):
        _one_of(inv.flag("image-pull-policy"), PULL_POLICIES, "image pull policy")
    if inv.flag("pod-running-timeout") <= 0:  # GetPodRunningTimeoutFlag
        raise UsageError("--pod-running-timeout must be higher than zero")
    # --attach defaults to -i's value (run.go: Flags().Changed("attach"))
    attach = inv.flag("attach") if "attach" in inv.args.given else bool(inv.flag("stdin"))
    generator = Generator(inv)
    _check(inv, attach, generator.mode)
    name = inv.args.positional[0]
    labels = explicit_labels or {"run": name}
    pod = _build_pod(inv, name, labels, annotations, envs)
    if attach:
        return _run_attached(inv, pod)
    created = [generator.send(_annotated_unless_client(generator, pod))]
    if inv.flag("expose"):
        port = int(inv.flag("port"))
        service = Service.from_dict(
            {
                "metadata": {"name": name, "namespace": inv.namespace, "labels": explicit_labels or None},
                "spec": {"selector": labels, "ports": [{"port": port, "protocol": "TCP", "targetPort": port}]},
            }
        )
        created.append(generator.send(_annotated_unless_client(generator, service)))
    # run.go prints every object it created, the Pod first, with one printer (-o yaml separates them)
    for obj in created:
        generator.print(obj)
    return 0


def _annotated_unless_client(generator: Generator, obj: Any) -> Any:
    """createGeneratedObject writes the --save-config annotation only on what it sends to the server."""
    return obj if generator.mode == "client" else generator.annotated(obj)


def _started(current: Pod) -> bool:
    """The container has run (it may already have finished, like a one-shot ``wget``)."""
    return any(
        s.state and (s.state.running or s.state.terminated) or s.last_state
        for s in current.status.container_statuses or []
    )


def _wait_running(inv: Invocation, pod: Pod) -> Pod:
    """What kubectl run -i does before attaching: wait for the container to start."""
    for _ in range(300):
        current = inv.cluster.api.find(Pod, pod.namespace, pod.name)
        if current is None:
            raise UsageError(f'pods "{pod.name}" not found')
        if current.status.phase in ("Succeeded", "Failed") or _started(current):
            return current
        statuses = current.status.container_statuses or []
        waiting = [s.state.waiting.reason for s in statuses if s.state and s.state.waiting]
        if any(reason in ("ErrImagePull", "ImagePullBackOff", "InvalidImageName") for reason in waiting):
            raise UsageError("timed out waiting for the condition")
        inv.cluster.advance(1)
    raise UsageError("timed out waiting for the condition")


def _run_attached(inv: Invocation, pod: Pod) -> int:
    """``run -i``/``-t``/``--attach``: create the Pod, wait for it, attach to it; ``--rm`` deletes it after."""
    api = inv.cluster.api
    created = api.create(pod)
    tty = bool(inv.flag("tty"))
    running = _wait_running(inv, created)
    code = 0
    if _started(running):
        if tty:
            inv.out.err(ATTACH_HINT)
        # without a command the container runs its image's own, a shell in the images learners attach to
        code = run_in_pod(inv, running, inv.args.rest or ["sh"], tty)
    if inv.flag("rm"):
        api.delete(Pod, created.namespace, created.name, grace_period=0)
        inv.out.out(f'pod "{created.name}" deleted from {created.namespace} namespace')
    elif tty:
        inv.out.out(
            f"Session ended, resume using 'kubectl attach {created.name} -c {created.name} -i -t' command "
            "when the pod is running"
        )
    if code and not inv.flag("rm"):
        inv.out.err(f"pod {created.namespace}/{created.name} terminated (Error)")
    return code


COMMAND = Command(
    "run",
    "Run a particular image on the cluster",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    kubeconfig_use="rest",
)
