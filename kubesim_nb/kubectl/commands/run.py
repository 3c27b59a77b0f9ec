"""``kubectl run NAME --image=...``: a Pod from flags, optionally exposed, or attached to with ``-i``/``-t``
(``pkg/cmd/run/run.go``)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from ...api.core import Pod, Service
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
from ..generators import parse_pairs, port_flag, print_created, send
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
        implemented=False,
    ),
    *override_flags(overrides=True),
    pod_running_timeout_flag(60),
    Flag("port", usage="The port that this container exposes."),
    *printer_flags(),
    Flag("privileged", kind="bool", usage="If true, run the container in privileged mode.", implemented=False),
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
    replace(SAVE_CONFIG_FLAG, implemented=False),
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


def _build_pod(inv: Invocation, name: str) -> Pod:
    image = inv.flag("image")
    restart = inv.flag("restart")
    if restart not in ("Always", "OnFailure", "Never"):
        raise UsageError(f"invalid restart policy: {restart}, valid values are: Always, OnFailure, Never")
    container: dict[str, Any] = {"name": name, "image": image, "resources": {}}
    if inv.args.rest:
        container["command" if inv.flag("command") else "args"] = list(inv.args.rest)
    port = port_flag(inv)
    if port is not None:
        container["ports"] = [{"containerPort": port}]
    if inv.flag("env"):
        container["env"] = [{"name": k, "value": v} for k, _, v in (e.partition("=") for e in inv.flag("env"))]
    if inv.flag("image-pull-policy"):
        container["imagePullPolicy"] = inv.flag("image-pull-policy")
    if inv.flag("stdin"):
        container["stdin"] = True
        container["stdinOnce"] = True
    if inv.flag("tty"):
        container["tty"] = True
    labels = parse_pairs(inv.flag("labels"), "label spec") or {"run": name}
    annotations = dict(a.partition("=")[::2] for a in inv.flag("annotations") or []) or None
    metadata = {"name": name, "namespace": inv.namespace, "labels": labels}
    if annotations:
        metadata["annotations"] = annotations
    spec = {"containers": [container], "restartPolicy": restart, "dnsPolicy": "ClusterFirst"}
    data = {"metadata": metadata, "spec": spec}
    if inv.flag("overrides"):
        # run.go: --overrides is an inline JSON merged over the generated object (--override-type=merge)
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


def _validate(inv: Invocation) -> None:
    """run.go ``Validate``, in its order (an invalid ``--dry-run`` fails before, in ``Complete``)."""
    dry_run = inv.dry_run_mode()
    if not inv.args.positional or inv.args.dash_at == 0:
        raise UsageError("NAME is required for run")
    if not inv.flag("image"):
        raise UsageError("--image is required")
    if inv.flag("tty") and not inv.flag("stdin"):
        raise UsageError("-i/--stdin is required for containers with -t/--tty=true")
    if inv.flag("expose") and not inv.flag("port"):
        raise UsageError("--port must be set when exposing a service")
    if inv.flag("port") and not re.fullmatch(r"[+-]?[0-9]+", inv.flag("port")):  # strconv.Atoi
        raise UsageError("--port must be a number")
    attach = inv.flag("attach") if "attach" in inv.args.given else inv.flag("stdin")
    if inv.flag("rm") and not attach:
        raise UsageError("--rm should only be used for attached containers")
    if attach and dry_run != "none":
        raise UsageError(
            "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)"
        )


def run(inv: Invocation) -> int:
    _validate(inv)
    name = inv.args.positional[0]
    pod = _build_pod(inv, name)
    if inv.flag("stdin") or inv.flag("tty") or inv.flag("attach"):
        return _run_attached(inv, pod)
    # run.go creates the Pod first, then the Service, but prints the Service first
    # (generateService prints it) and the Pod last; -o yaml separates them with ---
    created = send(inv, pod, namespaced_output=False)
    if inv.flag("expose"):
        port = port_flag(inv)
        ports = [{"port": port, "protocol": "TCP", "targetPort": port}]
        service = Service.from_dict(
            {"metadata": {"name": name, "namespace": inv.namespace}, "spec": {"selector": pod.labels, "ports": ports}}
        )
        print_created(inv, send(inv, service, namespaced_output=False))
        if inv.flag("output") == "yaml":
            inv.out.out("---")
    print_created(inv, created)
    return 0


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


COMMAND = Command("run", "Run a particular image on the cluster", HELP, FLAGS, run, examples=EXAMPLES, usage=USAGE)
