"""``kubectl run NAME --image=...``: a Pod from flags, optionally exposed, or attached to with ``-i``/``-t``
(``pkg/cmd/run/run.go``)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any, Callable

from ...api.core import Pod, Service
from ...api.merge import merge_patch
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
from ..objects import decode_document
from ..pods import run_in_pod

__all__ = ["COMMAND", "RUNNING_STEPS", "RUNNING_STEP_SECONDS", "attachable", "session_over"]

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

# attach.go: printed to stderr before attaching, unless --quiet
ATTACH_WARNING = (
    "All commands and output from this session will be recorded in container logs, including credentials and "
    "sensitive information passed through the command prompt."
)
ATTACH_HINT = "If you don't see a command prompt, try pressing enter."
# attach.go reattachMessage, printed to stdout when a session with a terminal ends
REATTACH = "Session ended, resume using '{command} {pod} -c {container} -n {namespace} -i -t' command"
# run.go: the error that ends kubectl run -i --restart=Never (or OnFailure) when the container failed
TERMINATED = "pod {namespace}/{name} terminated ({reason})\n{message}"
RESTART_POLICIES = ("Always", "OnFailure", "Never")
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
RUNNING_STEP_SECONDS = 1.0  # run -i waits for the container in steps of simulated time
RUNNING_STEPS = 300

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


def _completed(pod: Pod) -> bool:
    return pod.status.phase in ("Succeeded", "Failed")


def attachable(pod: Pod) -> bool:
    """run.go's wait before attaching is over: the Pod runs and is Ready, or it has already ended."""
    return _completed(pod) or _running_and_ready(pod)


def session_over(pod: Pod) -> bool:
    """run.go's wait after the session (``--restart=Never`` or ``OnFailure``): with Never the Pod has ended, either
    way; with OnFailure it has succeeded (a failure is restarted)."""
    if pod.spec.restart_policy == "Never":
        return _completed(pod)
    return pod.status.phase == "Succeeded"


def _running_and_ready(pod: Pod) -> bool:
    """run.go podRunningAndReady: the Pod runs and its Ready condition is True."""
    ready = any(c.type == "Ready" and c.status == "True" for c in pod.status.conditions or [])
    return pod.status.phase == "Running" and ready


def _wait_for(inv: Invocation, pod: Pod, condition: Callable[[Pod], bool]) -> Pod:
    """run.go waitForPod: watch the Pod until ``condition`` holds, for at most --pod-running-timeout."""
    deadline = inv.cluster.clock.seconds() + inv.flag("pod-running-timeout")
    while True:
        current = inv.cluster.api.find(Pod, pod.namespace, pod.name)
        if current is None:
            raise UsageError(f'pods "{pod.name}" not found')
        if condition(current):
            return current
        if inv.cluster.clock.seconds() >= deadline:
            raise UsageError("timed out waiting for the condition")
        inv.cluster.advance(RUNNING_STEP_SECONDS)


def _run_attached(inv: Invocation, pod: Pod) -> int:
    """``run -i``/``-t``/``--attach``: create the Pod, attach to it once it runs; ``--rm`` deletes it after,
    whatever happened (run.go defers removeCreatedObjects)."""
    created = inv.cluster.api.create(pod)
    try:
        code, failure = _attach(inv, created)
    finally:
        if inv.flag("rm"):
            inv.cluster.api.delete(Pod, created.namespace, created.name)  # the default grace period, no wait
            if not inv.flag("quiet"):  # run.go: deleteOpts.Quiet = o.Quiet
                inv.out.out(f'pod "{created.name}" deleted from {created.namespace} namespace')
    if failure:  # a uexec.CodeExitError: printed as it is, without "error: ", and its code is kubectl's
        inv.out.err(failure)
    return code


def _attach(inv: Invocation, created: Pod) -> tuple[int, str | None]:
    """run.go Run after the Pod is created: handleAttachPod, then with --restart=Never/OnFailure the container's
    exit code and, when it failed, the message kubectl ends with."""
    pod = _wait_for(inv, created, attachable)
    container = pod.spec.containers[0]
    # without a command the container runs its image's own, a shell in the images learners attach to
    argv = inv.args.rest or ["sh"]
    if _completed(pod):  # finished before kubectl could attach: it prints the logs instead
        run_in_pod(inv, pod, container.name, argv, False)
    else:
        if not inv.flag("quiet"):
            inv.out.err(ATTACH_WARNING)
            inv.out.err(ATTACH_HINT)
        code = run_in_pod(inv, pod, container.name, argv, bool(inv.flag("tty")))
        if inv.flag("tty") and not inv.flag("quiet"):  # attach.go reattachMessage: only with a terminal
            names = {"pod": pod.name, "container": container.name, "namespace": pod.namespace}
            inv.out.out(REATTACH.format(command="kubectl attach", **names))
        inv.cluster.main_process_exited(pod, container, code)  # what was attached to is the container's PID 1
    restart = inv.flag("restart")
    if inv.flag("leave-stdin-open") or restart == "Always":
        return 0, None
    finished = _wait_for(inv, pod, session_over)
    if finished.status.phase == "Succeeded":
        return 0, None
    statuses = finished.status.container_statuses or []
    terminated = statuses[0].state.terminated if statuses and statuses[0].state else None
    if terminated is None or not terminated.exit_code:
        raise UsageError(f"pod {pod.namespace}/{pod.name} failed with unknown exit code")
    failure = TERMINATED.format(
        namespace=pod.namespace, name=pod.name, reason=terminated.reason, message=terminated.message or ""
    )
    return terminated.exit_code, failure


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
