"""Every command kubectl v1.37 has, in the order it adds them, and what kubesim does with the ones it does not simulate.

kubectl's root command (``pkg/cmd/cmd.go NewKubectlCommand``) adds its commands in groups, then the "other"
commands; cobra suggests commands for a typo in that order and ``kubectl --help`` lists them by group. A command
kubesim does not simulate is still found (so a typo is still a typo, and its help says so); running it is refused
with :func:`not_simulated`'s error.
"""

from __future__ import annotations

from ..errors import UsageError
from .base import Command, Invocation

__all__ = ["ALPHA", "OTHER_COMMANDS", "ROOT_GROUPS", "ROOT_ORDER", "SUMMARIES", "not_simulated"]

# templates.CommandGroups of cmd.go, in order: what ``kubectl --help`` lists under each heading
ROOT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Basic Commands (Beginner):", ("create", "expose", "run", "set")),
    ("Basic Commands (Intermediate):", ("explain", "get", "edit", "delete")),
    ("Deploy Commands:", ("rollout", "scale", "autoscale")),
    (
        "Cluster Management Commands:",
        ("certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint"),
    ),
    (
        "Troubleshooting and Debugging Commands:",
        ("describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events"),
    ),
    ("Advanced Commands:", ("diff", "apply", "patch", "replace", "wait", "kustomize")),
    ("Settings Commands:", ("label", "annotate", "completion")),
)
# the commands cmd.go adds after the groups ("Other Commands:" in the help, but for alpha and options)
OTHER_COMMANDS = ("alpha", "config", "plugin", "version", "api-versions", "api-resources", "options", "kuberc")
ROOT_ORDER = tuple(name for _, names in ROOT_GROUPS for name in names) + OTHER_COMMANDS

# each command's Short (its line in its parent's help), for the commands kubesim does not simulate
SUMMARIES = {
    "autoscale": "Auto-scale a deployment, replica set, stateful set, or replication controller",
    "certificate": "Modify certificate resources",
    "top": "Display resource (CPU/memory) usage",
    "cordon": "Mark node as unschedulable",
    "uncordon": "Mark node as schedulable",
    "drain": "Drain node in preparation for maintenance",
    "taint": "Update the taints on one or more nodes",
    "proxy": "Run a proxy to the Kubernetes API server",
    "cp": "Copy files and directories to and from containers",
    "debug": "Create debugging sessions for troubleshooting workloads and nodes",
    "kustomize": "Build a kustomization target from a directory or URL",
    "plugin": "Provides utilities for interacting with plugins",
    "kuberc": "Manage kuberc configuration files",
    "auth reconcile": "Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects",
    "cluster-info dump": "Dump relevant information for debugging and diagnosis",
    "create clusterrole": "Create a cluster role",
    "create clusterrolebinding": "Create a cluster role binding for a particular cluster role",
    "create poddisruptionbudget": "Create a pod disruption budget with the specified name",
    "create priorityclass": "Create a priority class with the specified name",
    "create quota": "Create a quota with the specified name",
    "create role": "Create a role with single rule",
    "create rolebinding": "Create a role binding for a particular role or cluster role",
    "create serviceaccount": "Create a service account with the specified name",
    "create token": "Request a service account token",
    "set resources": "Update resource requests/limits on objects with pod templates",
    "set serviceaccount": "Update the service account of a resource",
    "set subject": "Update the user, group, or service account in a role binding or cluster role binding",
    "config delete-user": "Delete the specified user from the kubeconfig",
    "config set": "Set an individual value in a kubeconfig file",
    "config set-cluster": "Set a cluster entry in kubeconfig",
    "config set-credentials": "Set a user entry in kubeconfig",
    "config unset": "Unset an individual value in a kubeconfig file",
}
# cobra's SuggestFor and Aliases of the commands kubesim does not simulate (top.go, create_*.go, set_serviceaccount.go)
_SUGGEST_FOR = {"top": ("stats",)}
_ALIASES = {
    "create poddisruptionbudget": ("pdb",),
    "create priorityclass": ("pc",),
    "create quota": ("resourcequota",),
    "create serviceaccount": ("sa",),
    "set serviceaccount": ("sa",),
}


def _refuse(inv: Invocation) -> int:
    raise UsageError(f'kubesim does not implement "kubectl {inv.path}"')


def not_simulated(path: str) -> Command:
    """The stand-in for a kubectl command kubesim does not simulate: found, listed, and refused when run."""
    summary = SUMMARIES[path]
    return Command(
        path,
        summary,
        f"{summary}.\n\n kubesim, the simulator behind this kubectl, does not implement this command.",
        [],
        _refuse,
        aliases=_ALIASES.get(path, ()),
        suggest_for=_SUGGEST_FOR.get(path, ()),
        usage=f"kubectl {path} [options]",
        simulated=False,
        kubeconfig_use="none",
    )


def _no_alpha_commands(inv: Invocation) -> int:
    inv.out.err("No alpha commands are available in this version of kubectl")
    return 0


# cmd/alpha.go: hidden, as this kubectl has no alpha commands
ALPHA = Command(
    "alpha",
    "Commands for features in alpha",
    "These commands correspond to alpha features that are not enabled in Kubernetes clusters by default.",
    [],
    _no_alpha_commands,
    hidden=True,
    kubeconfig_use="none",
)
