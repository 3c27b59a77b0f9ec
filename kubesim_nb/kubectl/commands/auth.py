"""``kubectl auth can-i|whoami``: what the current user may do, and who it is (``pkg/cmd/auth/cani.go``,
``whoami.go``).

Both ask the API server's review APIs (:mod:`kubesim_nb.apiserver.reviews`), as the real kubectl does: a
SelfSubjectAccessReview for ``can-i``, a SelfSubjectReview for ``whoami``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...api.kinds import resolve_resource
from ...apiserver.reviews import access_review, admin_of, self_subject_review
from ...errors import UsageError
from ..base import Command, Invocation, print_help_and_fail
from ..flags import Flag
from ..flagsets import ALL_NAMESPACES_FLAG, NO_HEADERS_FLAG, printer_flags
from ..output import TypedObject, printer_for
from ..printers import format_table

__all__ = ["COMMAND"]

# cani.go: the verbs it knows (others get a warning) and the resource names that are not types
RESOURCE_VERBS = ("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind")
RESOURCE_VERBS += ("impersonate", "*", "approve", "sign", "escalate", "attest")
NON_RESOURCE_VERBS = ("get", "put", "post", "head", "options", "delete", "patch", "*")
NON_STANDARD_RESOURCE_NAMES = ("*", "*.*")


HELP = """Inspect authorization."""

CAN_I_HELP = """Check whether an action is allowed.

 VERB is a logical Kubernetes API verb like 'get', 'list', 'watch', 'delete', etc. TYPE is a Kubernetes resource.
Shortcuts and groups will be resolved. NONRESOURCEURL is a partial URL that starts with "/". NAME is the name of a
particular Kubernetes resource. This command pairs nicely with impersonation. See --as global flag.

 In kubesim, the one user is the cluster's administrator: every action is allowed."""

CAN_I_EXAMPLES = """  # Check to see if I can create pods in any namespace
  kubectl auth can-i create pods --all-namespaces

  # Check to see if I can delete the web Deployment in the current namespace
  kubectl auth can-i delete deployments/web-deployment

  # Check to see if I can read pod logs
  kubectl auth can-i get pods --subresource=log

  # Check to see if I can access the URL /logs/
  kubectl auth can-i get /logs/"""

WHOAMI_HELP = """Experimental: Check who you are and your attributes (groups, extra).

        This command is helpful to get yourself aware of the current user attributes,
        especially when dynamic authentication, e.g., token webhook, auth proxy, or OIDC provider,
        is enabled in the Kubernetes cluster."""

WHOAMI_EXAMPLES = """  # Get your subject attributes
  kubectl auth whoami

  # Get your subject attributes in JSON format
  kubectl auth whoami -o json"""

CAN_I_FLAGS = [
    replace(ALL_NAMESPACES_FLAG, usage="If true, check the specified action in all namespaces."),
    Flag("list", kind="bool", usage="If true, prints all allowed actions."),
    replace(NO_HEADERS_FLAG, usage="If true, prints allowed actions without headers"),
    Flag("quiet", short="q", kind="bool", usage="If true, suppress output and just return the exit code."),
    Flag("subresource", usage="SubResource such as pod/log or deployment/scale"),
]


def _warn(inv: Invocation, message: str) -> None:
    """cli-runtime's WarningPrinter (cani.go's messages end with a newline of their own)."""
    inv.out.err(f"Warning: {message}\n\n")


def _can_i(inv: Invocation) -> int:
    """cani.go ``Complete``, ``Validate`` and ``RunAccessCheck``."""
    args = inv.args.positional
    if inv.flag("list"):
        if args:
            raise UsageError("list option must be specified with no arguments")
        raise UsageError('kubesim does not implement the --list flag of "kubectl auth can-i"')
    if len(args) != 2:
        raise UsageError(
            "you must specify two arguments: verb resource or verb resource/resourceName.\n"
            "See 'kubectl auth can-i -h' for help and examples."
        )
    verb, target = args
    if target.startswith("/"):
        if inv.flag("subresource"):
            raise UsageError("--subresource can not be used with NonResourceURL")
        if verb not in NON_RESOURCE_VERBS:
            _warn(inv, f"verb '{verb}' is not a known verb")
    else:
        resource = target.split("/", 1)[0]
        kind = None if resource in NON_STANDARD_RESOURCE_NAMES else resolve_resource(resource.lower())
        if kind is None and resource not in NON_STANDARD_RESOURCE_NAMES:
            _warn(inv, f"the server doesn't have a resource type '{resource.lower()}'")
        if kind is not None and not inv.flag("all-namespaces"):
            if not kind.NAMESPACED:
                scope = f" in group '{kind.GROUP}'" if kind.GROUP else ""
                _warn(inv, f"resource '{kind.RESOURCE}' is not namespace scoped{scope}")
            if verb not in RESOURCE_VERBS:
                _warn(inv, f"verb '{verb}' is not a known verb")
    if inv.flag("no-headers"):
        raise UsageError("--no-headers cannot be set without --list specified")
    review = {"kind": "SelfSubjectAccessReview", "spec": _spec(inv, verb, target)}
    allowed = access_review(review, admin_of(inv.cluster.profile.name))["status"]["allowed"]
    if not inv.flag("quiet"):
        inv.out.out("yes" if allowed else "no")
    return 0 if allowed else 1


def _spec(inv: Invocation, verb: str, target: str) -> dict[str, Any]:
    """cani.go ``RunAccessCheck``: the review's spec, for a non-resource URL or a resource (its group
    resolved where the server has the type)."""
    if target.startswith("/"):
        return {"nonResourceAttributes": {"path": target, "verb": verb}}
    resource, _, name = target.partition("/")
    kind = None if resource in NON_STANDARD_RESOURCE_NAMES else resolve_resource(resource.lower())
    attributes = {
        "namespace": "" if inv.flag("all-namespaces") else inv.namespace,
        "verb": verb,
        "group": kind.GROUP if kind else "",
        "resource": kind.RESOURCE if kind else resource.lower(),
        "subresource": inv.flag("subresource") or "",
        "name": name,
    }
    return {"resourceAttributes": {key: value for key, value in attributes.items() if value}}


def _whoami(inv: Invocation) -> int:
    """whoami.go: the SelfSubjectReview's user, as a table or with ``-o``."""
    review = self_subject_review(admin_of(inv.cluster.profile.name))
    if inv.flag("output") or inv.flag("template"):
        printer_for(inv.flag("output"), inv.flag("template"), cwd=inv.cwd).print(inv.out, [TypedObject(review, None)])
        return 0
    user = review["status"]["userInfo"]
    rows = [["ATTRIBUTE", "VALUE"], ["Username", user["username"]], ["Groups", "[" + " ".join(user["groups"]) + "]"]]
    inv.out.raw(format_table(rows))
    return 0


CAN_I = Command(
    "auth can-i",
    "Check whether an action is allowed",
    CAN_I_HELP,
    CAN_I_FLAGS,
    _can_i,
    examples=CAN_I_EXAMPLES,
    usage="kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [options]",
)
WHOAMI = Command(
    "auth whoami",
    "Experimental: Check self subject attributes",
    WHOAMI_HELP,
    printer_flags(),
    _whoami,
    examples=WHOAMI_EXAMPLES,
    usage="kubectl auth whoami [options]",
)
COMMAND = Command(
    "auth",
    "Inspect authorization",
    HELP,
    [],
    print_help_and_fail(),
    subcommands=(CAN_I, WHOAMI),
    usage="kubectl auth [flags] [options]",
    kubeconfig_use="none",
)
