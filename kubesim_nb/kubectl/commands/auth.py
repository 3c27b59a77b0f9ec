"""``kubectl auth can-i|whoami``: what the current user may do, and who it is (``pkg/cmd/auth/cani.go``,
``whoami.go``).

The simulated cluster has one user, its administrator, as on a fresh kind or Docker Desktop cluster: the
server's SelfSubjectAccessReview allows every action, and its SelfSubjectReview names the user the
cluster's kubeconfig authenticates as.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...api.kinds import resolve_resource
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


@dataclass(frozen=True)
class UserInfo:
    username: str
    groups: tuple[str, ...]


# who a cluster's kubeconfig authenticates as: kind's kubeadm admin certificate, Docker Desktop's own
ADMINS = {
    "kind": UserInfo("kubernetes-admin", ("kubeadm:cluster-admins", "system:authenticated")),
    "docker-desktop": UserInfo("docker-for-desktop", ("system:masters", "system:authenticated")),
}
DEFAULT_ADMIN = UserInfo("kubernetes-admin", ("system:masters", "system:authenticated"))

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
    if not inv.flag("quiet"):
        inv.out.out("yes")
    return 0


def admin_of(inv: Invocation) -> UserInfo:
    """The one user of the simulated cluster."""
    return ADMINS.get(inv.cluster.profile.name, DEFAULT_ADMIN)


def _whoami(inv: Invocation) -> int:
    """whoami.go: the SelfSubjectReview's user, as a table or with ``-o``."""
    user = admin_of(inv)
    if inv.flag("output") or inv.flag("template"):
        review = {
            "kind": "SelfSubjectReview",
            "apiVersion": "authentication.k8s.io/v1",
            "metadata": {},
            "status": {"userInfo": {"username": user.username, "groups": list(user.groups)}},
        }
        printer_for(inv.flag("output"), inv.flag("template"), cwd=inv.cwd).print(inv.out, [TypedObject(review, None)])
        return 0
    rows = [["ATTRIBUTE", "VALUE"], ["Username", user.username], ["Groups", "[" + " ".join(user.groups) + "]"]]
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
