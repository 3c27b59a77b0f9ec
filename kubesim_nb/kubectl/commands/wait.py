"""``kubectl wait``: wait until objects are created, deleted, or show a condition or a JSONPath value
(``pkg/cmd/wait``: wait.go, condition.go, delete.go, json.go, create.go).

kubectl watches each object in turn until its condition holds, all of them within one ``--timeout``; here
simulated time passes meanwhile, in steps (as ``delete`` waits for its Pods to go), so a wait for Ready right
after ``apply`` ends as soon as the Pods are Ready. The real kubectl against ``kubesim serve`` waits on a watch
instead, during which the server lets the same time pass while :func:`settled` says the watched object is still
changing (``serve/waits.py``): the moment a Pod is Ready, a Deployment rolled out or an object gone is the
moment both waits end.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ...api.apps import Deployment
from ...api.core import Pod, Service
from ...errors import ApiError, KubeSimError, UsageError
from ..base import Command, Invocation, print_changed
from ..builder import select_objects
from ..errors import print_errors
from ..flags import Flag, go_quote
from ..flagsets import ALL_NAMESPACES_FLAG, FIELD_SELECTOR_FLAG, RECURSIVE_USAGE, SELECTOR_FLAG, printer_flags
from ..jsonpath import JsonPathError, evaluate_jsonpath, parse_jsonpath, relaxed_expression
from ..output import printer_for
from .rollout import rollout_state

__all__ = ["COMMAND", "CREATE_POLL_SECONDS", "SETTLE_STEPS", "SETTLE_STEP_SECONDS", "settled"]

# simulated time passes in steps of a second while kubectl watches; --for=create polls every half second
SETTLE_STEP_SECONDS = 1.0
SETTLE_STEPS = 600  # a watched object that never settles: the most time a server lets pass for it (ten minutes)
CREATE_POLL_SECONDS = 0.5
DEFAULT_TIMEOUT_SECONDS = 30.0
WEEK_SECONDS = 168 * 3600.0  # a negative --timeout

TIMED_OUT = "timed out waiting for the condition"  # wait.ErrorInterrupted
NO_MATCHES = "no matching resources found"
JSONPATH_FORMAT = (
    "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or "
    "--for=jsonpath='{.status.readyReplicas}'"
)
JSONPATH_VALUE_REQUIRED = (
    "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3"
)

FLAGS = [
    Flag("all", kind="bool", usage="Select all resources in the namespace of the specified resource types"),
    ALL_NAMESPACES_FLAG,
    replace(
        FIELD_SELECTOR_FLAG,
        usage="Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector "
        "key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
        implemented=False,
    ),
    Flag("filename", short="f", kind="list", usage="identifying the resource."),
    Flag(
        "for",
        kind="array",
        usage="The condition to wait on: [create|delete|condition=condition-name[=condition-value]|"
        "jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true. Condition values "
        "are compared after Unicode simple case folding, which is a more general form of case-insensitivity. "
        "Multiple conditions are supported and AND'ed to each other in a sequential order. If --for=create is "
        "passed, it is always waited first.",
    ),
    Flag(
        "local",
        kind="bool",
        usage="If true, annotation will NOT contact api-server but run locally.",
        implemented=False,
    ),
    Flag("recursive", short="R", kind="bool", default=True, usage=RECURSIVE_USAGE),
    replace(
        SELECTOR_FLAG,
        usage="Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2)",
    ),
    *printer_flags(),
    Flag(
        "timeout",
        kind="duration",
        default=DEFAULT_TIMEOUT_SECONDS,
        usage="The length of time to wait before giving up. Zero means check once and don't wait, negative means "
        "wait for a week.",
    ),
]

HELP = """Wait for a specific condition on one or many resources.

 The command takes multiple resources and waits until the specified condition is seen in the Status field of
every given resource.

 Alternatively, the command can wait for the given set of resources to be created or deleted by providing the
"create" or "delete" keyword as the value to the --for flag.

 A successful message will be printed to stdout indicating when the specified condition has been met. You can
use -o option to change to output destination.

 In kubesim, simulated time passes while kubectl waits."""

EXAMPLES = """  # Wait until the Pods of the web Deployment are Ready
  kubectl wait --for=condition=Ready pod -l app=web

  # Wait until the web Deployment is Available, for at most a minute
  kubectl wait --for=condition=Available deployment/web-deployment --timeout=60s

  # Wait until a Pod runs
  kubectl wait --for=jsonpath='{.status.phase}'=Running pod/client

  # Wait until a LoadBalancer Service has an address
  kubectl wait --for=jsonpath='{.status.loadBalancer.ingress}' service/web-lb

  # Delete a Pod without waiting, then wait for it to be gone
  kubectl delete pod client --wait=false
  kubectl wait --for=delete pod/client --timeout=60s"""

USAGE = (
    "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) "
    "[--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]"
)


def _go_value(value: Any) -> str:
    """``fmt.Sprintf("%v")`` of a JSON value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "<nil>"
    return str(value)


@dataclass(frozen=True)
class Condition:
    """One ``--for``: ``create``, ``delete``, ``condition`` (``name`` = ``value``, case-insensitively) or
    ``jsonpath`` (``template``; any value when ``value`` is empty)."""

    kind: str
    name: str = ""
    value: str = ""
    template: str = ""

    def met(self, obj: Any) -> bool:
        """Whether the object shows what this condition waits for (condition.go ``checkCondition``,
        json.go ``checkCondition``); a JSONPath that leads nowhere useful is an error."""
        data = obj.to_dict()
        if self.kind == "condition":
            return self._condition_met(data)
        try:
            found = evaluate_jsonpath(self.template, data)
        except JsonPathError:
            return False  # jsonpath.New("wait").AllowMissingKeys(true)
        if not found:
            return False
        if len(found) > 1:
            raise UsageError("given jsonpath expression matches more than one value")
        if not self.value:
            return True
        if isinstance(found[0], (dict, list)):
            raise UsageError("jsonpath leads to a nested object or list which is not supported")
        return _go_value(found[0]).strip() == self.value.strip()

    def _condition_met(self, data: dict) -> bool:
        status = data.get("status") or {}
        generation = (data.get("metadata") or {}).get("generation")
        for condition in status.get("conditions") or []:
            if str(condition.get("type", "")).casefold() != self.name.casefold() or "status" not in condition:
                continue
            # a condition about an older generation of the object does not count yet
            observed = condition.get("observedGeneration", status.get("observedGeneration"))
            if generation is not None and observed is not None and observed < generation:
                return False
            return str(condition["status"]).casefold() == self.value.casefold()
        return False


def _split_jsonpath_input(text: str) -> list[str]:
    """json.go ``splitJSONPathInput``: split on single ``=``; ``==`` stays in the expression."""
    parts, current, i = [], "", 0
    while i < len(text):
        if text[i] == "=":
            if text[i + 1 : i + 2] == "=":
                current += "=="
                i += 2
                continue
            parts.append(current)
            current = ""
        else:
            current += text[i]
        i += 1
    return [*parts, current]


def parse_conditions(values: list[str]) -> list[Condition]:
    """wait.go ``conditionFuncsFor``: each ``--for`` in order, or kubectl's error for one it does not know."""
    conditions = []
    for text in values:
        lowered = text.lower()
        if lowered in ("delete", "create"):
            conditions.append(Condition(lowered))
        elif text.startswith("condition="):
            name, equals, value = text.removeprefix("condition=").partition("=")
            conditions.append(Condition("condition", name=name, value=value if equals else "true"))
        elif text.startswith("jsonpath="):
            conditions.append(_jsonpath_condition(text.removeprefix("jsonpath=")))
        else:
            raise UsageError(f"unrecognized condition: {go_quote(text)}")
    if not conditions:
        raise UsageError("unrecognized condition: []")  # %q of no --for at all
    return conditions


def _jsonpath_condition(text: str) -> Condition:
    """wait.go ``processJSONPathInput`` and ``newJSONPathParser``."""
    parts = _split_jsonpath_input(text)
    if len(parts) > 2:
        raise UsageError(JSONPATH_FORMAT)
    try:
        template = relaxed_expression(parts[0])
    except JsonPathError as err:
        raise UsageError(str(err)) from None
    value = parts[1].strip("'\"") if len(parts) == 2 else ""
    if len(parts) == 2 and not value:
        raise UsageError(JSONPATH_VALUE_REQUIRED)
    if not template:
        raise UsageError("jsonpath expression cannot be empty")
    try:
        parse_jsonpath(template)
    except JsonPathError as err:
        raise UsageError(str(err)) from None
    return Condition("jsonpath", template=template, value=value)


def settled(cluster: Any, kind: type, namespace: str, name: str) -> bool:
    """Whether nothing a wait may wait for is still to come for this object: it is gone, or a Pod is Ready
    or has ended, a Deployment has rolled out, a LoadBalancer Service has its address (when the cluster
    gives one). While an object is not settled, a wait on it lets simulated time pass."""
    obj = cluster.api.find(kind, namespace, name)
    if obj is None:
        return True
    if obj.metadata.deletion_timestamp:
        return False
    if isinstance(obj, Pod):
        status = obj.status
        if status is not None and status.phase in ("Succeeded", "Failed"):
            return True
        return Condition("condition", name="Ready", value="true").met(obj)
    if isinstance(obj, Deployment):
        return rollout_state(obj)[0]
    if isinstance(obj, Service) and obj.spec.type == "LoadBalancer" and cluster.profile.load_balancer != "none":
        lb = obj.status.load_balancer if obj.status else None
        return bool(lb and lb.ingress)
    return True


@dataclass
class Deadline:
    """The one ``--timeout`` every object's wait shares (wait.go's context with a timeout), in simulated time."""

    inv: Invocation
    seconds: float

    def __post_init__(self) -> None:
        self.ends = self.inv.cluster.clock.seconds() + self.seconds

    @property
    def left(self) -> float:
        return self.ends - self.inv.cluster.clock.seconds()

    def step(self, seconds: float) -> bool:
        """Let up to ``seconds`` pass; False when the time is up."""
        if self.left <= 0:
            return False
        self.inv.cluster.advance(min(seconds, self.left))
        return True


def _current(inv: Invocation, obj: Any) -> Any | None:
    """The object as it is now, or None when it is gone (one of the same name that came back is another)."""
    now = inv.cluster.api.find(type(obj), obj.namespace, obj.name)
    return now if now is not None and now.metadata.uid == obj.metadata.uid else None


def _object_name(obj: Any) -> str:
    """``resource.Info.ObjectName``: ``pods/web-1``."""
    return f"{type(obj).RESOURCE}/{obj.name}"


def _wait_deleted(inv: Invocation, obj: Any, deadline: Deadline) -> Any:
    """delete.go ``IsDeleted``: the object as last seen once it is gone."""
    last = _current(inv, obj)
    if last is None:
        return obj
    if deadline.seconds == 0:
        raise UsageError(f"condition not met for {_object_name(obj)}")
    while deadline.step(SETTLE_STEP_SECONDS):
        if _current(inv, obj) is None:
            return last
    raise UsageError(f"{TIMED_OUT} on {_object_name(obj)}")


def _wait_for(inv: Invocation, obj: Any, condition: Condition, deadline: Deadline) -> Any:
    """condition.go ``getObjAndCheckCondition``: the object once it shows the condition. An object that went
    away before kubectl watched it is NotFound; once the shared deadline has passed, every wait times out."""
    current = inv.cluster.api.find(type(obj), obj.namespace, obj.name)
    if current is None:
        raise ApiError.not_found(type(obj).qualified_resource(), obj.name)
    if deadline.seconds == 0:
        if condition.met(current):
            return current
        raise UsageError(f"condition not met for {_object_name(obj)}")
    if deadline.left <= 0:
        raise UsageError(f"{TIMED_OUT} on {_object_name(obj)}")
    while True:
        current = inv.cluster.api.find(type(obj), obj.namespace, obj.name)
        if current is not None and condition.met(current):
            return current
        if not deadline.step(SETTLE_STEP_SECONDS):
            raise UsageError(f"{TIMED_OUT} on {_object_name(obj)}")


def _wait_created(inv: Invocation, deadline: Deadline) -> None:
    """wait.go: ``--for=create`` polls every half second until the arguments find something."""
    while True:
        try:
            found, errors = select_objects(inv, inv.args.positional)
        except ApiError as err:
            if err.reason != "NotFound":
                raise
            found, errors = [], [err]
        if any(not (isinstance(err, ApiError) and err.reason == "NotFound") for err in errors):
            raise errors[0]
        if found and not errors:
            return
        if not deadline.step(CREATE_POLL_SECONDS):
            raise UsageError(TIMED_OUT)


def run(inv: Invocation) -> int:
    printer_for(inv.flag("output"), inv.flag("template"), cwd=inv.cwd)  # a bad -o fails first
    conditions = parse_conditions(inv.flag("for") or [])
    timeout = inv.flag("timeout")
    deadline = Deadline(inv, WEEK_SECONDS if timeout < 0 else timeout)
    kinds = [condition.kind for condition in conditions]
    if "create" in kinds:
        _wait_created(inv, deadline)
    objects, errors = select_objects(inv, inv.args.positional)
    if "delete" in kinds:
        errors = [err for err in errors if not (isinstance(err, ApiError) and err.reason == "NotFound")]
    for obj in objects:
        try:
            for condition in conditions:
                if condition.kind == "create":
                    final = obj
                elif condition.kind == "delete":
                    final = _wait_deleted(inv, obj, deadline)
                else:
                    final = _wait_for(inv, obj, condition, deadline)
                print_changed(inv, final, "condition met")
        except KubeSimError as err:
            errors.append(err)  # the builder goes on to the next object (ContinueOnError)
    if errors:
        print_errors(inv.out, errors)
        return 1
    if not objects and "delete" not in kinds:
        raise UsageError(NO_MATCHES)
    return 0


COMMAND = Command(
    "wait",
    "Wait for a specific condition on one or many resources",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
)
