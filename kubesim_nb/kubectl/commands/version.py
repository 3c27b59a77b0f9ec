"""``kubectl version``: the client's version and the API server's ``/version`` (``pkg/cmd/version/version.go``)."""

from __future__ import annotations

from ...errors import UsageError
from ...profiles import server_version
from ..base import Command, Invocation
from ..flags import Flag, go_list
from ..kubeconfig import client_namespace, kubeconfig_files
from ..output import to_json, to_yaml

__all__ = ["COMMAND", "client_version"]

FLAGS = [
    Flag("client", kind="bool", usage="If true, shows client version only (no server required)."),
    Flag("output", short="o", usage="One of 'yaml' or 'json'."),
]

HELP = "Print the client and server version information for the current context."
EXAMPLES = """  # Print the client and server versions for the current context
  kubectl version"""

KUSTOMIZE_VERSION = "v5.8.1"  # the kustomize built into kubectl v1.37


CLIENT_FIELDS = (
    "major",
    "minor",
    "gitVersion",
    "gitCommit",
    "gitTreeState",
    "buildDate",
    "goVersion",
    "compiler",
    "platform",
)


def client_version() -> dict[str, str]:
    """kubectl's own ``version.Info``: the same release build as the server, without the emulation fields."""
    server = server_version()
    return {name: server[name] for name in CLIENT_FIELDS}


def run(inv: Invocation) -> int:
    if inv.args.positional:
        raise UsageError(f"extra arguments: {go_list(inv.args.positional)}")
    fmt = inv.flag("output")
    if fmt and fmt not in ("json", "yaml"):
        raise UsageError("--output must be 'yaml' or 'json'")
    client, server = client_version(), server_version()
    data = {"clientVersion": client, "kustomizeVersion": KUSTOMIZE_VERSION}
    if not inv.flag("client"):  # asking the server needs a REST client from the kubeconfig
        files = kubeconfig_files(inv.flag("kubeconfig"), inv.env, inv.cwd, inv.cluster)
        client_namespace(files, inv.flag("context"), inv.flag("namespace"), rest_first=True)
        data["serverVersion"] = server
    # version.go prints json.MarshalIndent (struct field order, two spaces) and yaml.Marshal with Fprintln,
    # so YAML ends with a blank line
    if fmt == "json":
        inv.out.out(to_json(data, keep_order=True, indent=2))
    elif fmt == "yaml":
        inv.out.out(to_yaml(data) + "\n")
    else:
        lines = [f"Client Version: {client['gitVersion']}", f"Kustomize Version: {KUSTOMIZE_VERSION}"]
        if not inv.flag("client"):
            lines.append(f"Server Version: {server['gitVersion']}")
        inv.out.out("\n".join(lines))
    return 0


COMMAND = Command(
    "version",
    "Print the client and server version information",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage="kubectl version [flags] [options]",
    kubeconfig_use="none",
)
