"""``kubectl config``: read and change the kubeconfig (``k8s.io/kubectl/pkg/cmd/config``).

The subcommands a learner uses: ``current-context``, ``get-contexts``, ``get-clusters``, ``get-users``, ``view``,
``use-context`` (``use``), ``set-context`` (``--current --namespace=dev`` makes ``dev`` the namespace of later
commands), ``rename-context``, ``delete-context`` and ``delete-cluster``. Which files they read and how a change is
written back is :mod:`..kubeconfig`'s (clientcmd's); this module is what each command prints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...errors import UsageError
from ..base import Command, Invocation, print_help_and_fail
from ..errors import print_errors
from ..flags import Flag, go_list, go_quote
from ..flagsets import NO_HEADERS_FLAG, printer_flags
from ..kubeconfig import KubeconfigFiles, Stanza, flatten, kubeconfig_files, parse_kubeconfig, stanza_fields
from ..output import format_objects, to_json
from ..printers.tabwriter import TABLE_MINWIDTH, TABLE_PADDING, TABLE_TABWIDTH, go_tabwriter

__all__ = ["COMMAND"]


def _files(inv: Invocation) -> KubeconfigFiles:
    return kubeconfig_files(inv.flag("kubeconfig"), inv.env, inv.cwd, inv.cluster)


def _unexpected_args(inv: Invocation) -> int:
    """``helpErrorf``: the subcommand's help on stdout, then the complaint."""
    inv.out.out(inv.help_text().rstrip("\n"))
    inv.out.err(f"error: Unexpected args: {go_list(inv.args.positional)}")
    return 1


# ----------------------------------------------------------------- current-context
def _current_context(inv: Invocation) -> int:
    config = _files(inv).starting_config()
    if not config.current_context:
        raise UsageError("current-context is not set")
    inv.out.out(config.current_context)
    return 0


CURRENT_CONTEXT = Command(
    "config current-context",
    "Display the current-context",
    "Display the current-context.",
    [],
    _current_context,
    examples="  # Display the current-context\n  kubectl config current-context",
    usage="kubectl config current-context [flags] [options]",
    kubeconfig_use="none",
)


# -------------------------------------------------------------------- get-contexts
def _get_contexts(inv: Invocation) -> int:
    output = inv.flag("output") or ""
    if output not in ("", "name"):
        raise UsageError(
            f"--output {output} is not available in kubectl config get-contexts; resetting to default output format"
        )
    config = _files(inv).starting_config()
    wanted = inv.args.positional or sorted(config.contexts)
    errors = [UsageError(f"context {name} not found") for name in wanted if name not in config.contexts]
    shown = sorted(name for name in wanted if name in config.contexts)
    if output == "name":
        inv.out.raw("".join(f"{name}\n" for name in shown))
    else:
        lines = [] if inv.flag("no-headers") else ["CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n"]
        for name in shown:
            fields = config.contexts[name].fields
            current = "*" if name == config.current_context else " "
            cells = (current, name, fields.get("cluster", ""), fields.get("user", ""), fields.get("namespace", ""))
            lines.append("\t".join(cells) + "\n")
        inv.out.raw(go_tabwriter("".join(lines), TABLE_MINWIDTH, TABLE_TABWIDTH, TABLE_PADDING))
    print_errors(inv.out, errors)
    return 1 if errors else 0


GET_CONTEXTS = Command(
    "config get-contexts",
    "Describe one or many contexts",
    "Display one or many contexts from the kubeconfig file.",
    [NO_HEADERS_FLAG, Flag("output", short="o", usage="Output format. One of: (name).")],
    _get_contexts,
    examples="  # List all the contexts in your kubeconfig file\n  kubectl config get-contexts\n  \n"
    "  # Describe one context in your kubeconfig file\n  kubectl config get-contexts my-context",
    usage="kubectl config get-contexts [(-o|--output=)name)] [options]",
    kubeconfig_use="none",
)


# ------------------------------------------------------------ get-clusters, get-users
def _names_of(section: str):
    def run(inv: Invocation) -> int:
        config = _files(inv).starting_config()
        # get-clusters ranges over a Go map (any order); get-users sorts: both sorted here
        inv.out.raw("NAME\n" + "".join(f"{name}\n" for name in sorted(config.section(section))))
        return 0

    return run


GET_CLUSTERS = Command(
    "config get-clusters",
    "Display clusters defined in the kubeconfig",
    "Display clusters defined in the kubeconfig.",
    [],
    _names_of("clusters"),
    examples="  # List the clusters that kubectl knows about\n  kubectl config get-clusters",
    usage="kubectl config get-clusters [flags] [options]",
    kubeconfig_use="none",
)
GET_USERS = Command(
    "config get-users",
    "Display users defined in the kubeconfig",
    "Display users defined in the kubeconfig.",
    [],
    _names_of("users"),
    examples="  # List the users that kubectl knows about\n  kubectl config get-users",
    usage="kubectl config get-users [flags] [options]",
    kubeconfig_use="none",
)


# ---------------------------------------------------------------------------- view
@dataclass
class _ConfigObject:
    """A kubeconfig as kubectl's printers see it (``-o name`` prints ``config/<unknown>``)."""

    data: dict
    name: str = "<unknown>"

    def to_dict(self) -> dict:
        return self.data

    def kind_prefix(self) -> str:
        return "config"


def _view(inv: Invocation) -> int:
    if inv.args.positional:
        raise UsageError(
            f"unexpected arguments: {go_list(inv.args.positional)}",
            hint="See 'kubectl config view -h' for help and examples",
        )
    files = _files(inv)
    if not inv.flag("merge"):  # a Tristate: view.go means false with --kubeconfig, but the default wins
        if not files.is_explicit:
            raise UsageError("if merge==false a precise file must be specified")
        text = files.read(files.explicit)  # clientcmd.LoadFromFile: its errors as they are
        if text is None:
            raise UsageError(f"open {files.explicit}: no such file or directory")
        config = parse_kubeconfig(text, files.explicit)
    else:
        config = files.starting_config()
    if inv.flag("minify"):
        config.current_context = inv.flag("context") or config.current_context
        config.minify()
    if inv.flag("flatten"):
        flatten(config, files)
    elif not inv.flag("raw"):
        config.redact()
    output = inv.flag("output") or "yaml"
    if output == "json":  # the printer gets the typed v1.Config: fields in struct order
        inv.out.out(to_json(config.to_v1(), keep_order=True))
    else:
        written = format_objects([_ConfigObject(config.to_v1())], output, single=True)
        if output.startswith("jsonpath"):
            inv.out.raw(written)  # no final newline
        else:
            inv.out.out(written)
    return 0


VIEW = Command(
    "config view",
    "Display merged kubeconfig settings or a specified kubeconfig file",
    "Display merged kubeconfig settings or a specified kubeconfig file.\n\n"
    " You can use --output jsonpath={...} to extract specific values using a jsonpath expression.",
    [
        Flag(
            "flatten",
            kind="bool",
            usage="Flatten the resulting kubeconfig file into self-contained output (useful for creating portable "
            "kubeconfig files)",
        ),
        Flag("merge", kind="bool", default=True, usage="Merge the full hierarchy of kubeconfig files"),
        Flag("minify", kind="bool", usage="Remove all information not used by current-context from the output"),
        *(
            replace(flag, default="yaml")
            if flag.name == "output"
            else replace(flag, implemented=False)
            if flag.name == "template"
            else flag
            for flag in printer_flags()
        ),
        Flag("raw", kind="bool", usage="Display raw byte data and sensitive data"),
    ],
    _view,
    examples="  # Show merged kubeconfig settings\n  kubectl config view\n  \n"
    "  # Show merged kubeconfig settings, raw certificate data, and exposed secrets\n"
    "  kubectl config view --raw\n  \n"
    "  # Get the password for the e2e user\n"
    "  kubectl config view -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}'",
    usage="kubectl config view [flags] [options]",
    kubeconfig_use="none",
)


# --------------------------------------------------------------------- use-context
def _use_context(inv: Invocation) -> int:
    if len(inv.args.positional) != 1:
        return _unexpected_args(inv)
    name = inv.args.positional[0]
    files = _files(inv)
    config = files.starting_config()
    if not name:
        raise UsageError("empty context names are not allowed")
    if name not in config.contexts:
        raise UsageError(f"no context exists with the name: {go_quote(name)}")
    config.current_context = name
    files.modify(config)
    inv.out.out(f"Switched to context {go_quote(name)}.")
    return 0


USE_CONTEXT = Command(
    "config use-context",
    "Set the current-context in a kubeconfig file",
    "Set the current-context in a kubeconfig file.",
    [],
    _use_context,
    examples="  # Use the context for the minikube cluster\n  kubectl config use-context minikube",
    usage="kubectl config use-context CONTEXT_NAME [options]",
    aliases=("use",),
    kubeconfig_use="none",
)


# --------------------------------------------------------------------- set-context
def _set_context(inv: Invocation) -> int:
    if len(inv.args.positional) > 1:
        return _unexpected_args(inv)
    name = inv.args.positional[0] if inv.args.positional else ""
    current = inv.flag("current")
    if not name and not current:
        raise UsageError("you must specify a non-empty context name or --current")
    if name and current:
        raise UsageError("you cannot specify both a context name and --current")
    files = _files(inv)
    config = files.starting_config()
    if current:
        if not config.current_context:
            raise UsageError("no current context is set")
        name = config.current_context
    existing = config.contexts.get(name)
    fields = dict(existing.fields) if existing else {}
    for flag, key in (("cluster", "cluster"), ("user", "user"), ("namespace", "namespace")):
        if inv.args.get(flag) is not None:  # cliflag.StringFlag: only a flag given changes its field
            fields[key] = inv.args.get(flag)
    config.contexts[name] = Stanza(stanza_fields("contexts", fields), existing.origin if existing else "")
    files.modify(config)
    inv.out.out(f"Context {go_quote(name)} {'modified' if existing else 'created'}.")
    return 0


SET_CONTEXT = Command(
    "config set-context",
    "Set a context entry in kubeconfig",
    "Set a context entry in kubeconfig.\n\n"
    " Specifying a name that already exists will merge new fields on top of existing values for those fields.",
    [
        Flag("cluster", usage="cluster for the context entry in kubeconfig"),
        Flag("current", kind="bool", usage="Modify the current context"),
        Flag("namespace", short="n", usage="namespace for the context entry in kubeconfig"),
        Flag("user", usage="user for the context entry in kubeconfig"),
    ],
    _set_context,
    examples="  # Set the user field on the gce context entry without touching other values\n"
    "  kubectl config set-context gce --user=cluster-admin",
    usage="kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] "
    "[--namespace=namespace] [options]",
    kubeconfig_use="none",
)


# ------------------------------------------------------------------ rename-context
def _rename_context(inv: Invocation) -> int:
    if len(inv.args.positional) != 2:
        return _unexpected_args(inv)
    old, new = inv.args.positional
    if not new:
        raise UsageError("You must specify a new non-empty context name")
    files = _files(inv)
    config = files.starting_config()
    where = files.default_filename()
    if old not in config.contexts:
        raise UsageError(f"cannot rename the context {go_quote(old)}, it's not in {where}")
    if new in config.contexts:
        raise UsageError(
            f"cannot rename the context {go_quote(old)}, the context {go_quote(new)} already exists in {where}"
        )
    config.contexts[new] = config.contexts.pop(old)
    if config.current_context == old:
        config.current_context = new
    files.modify(config)
    inv.out.out(f"Context {go_quote(old)} renamed to {go_quote(new)}.")
    return 0


RENAME_CONTEXT = Command(
    "config rename-context",
    "Rename a context from the kubeconfig file",
    "Renames a context from the kubeconfig file.\n\n"
    " CONTEXT_NAME is the context name that you want to change.\n\n"
    " NEW_NAME is the new name you want to set.\n\n"
    " Note: If the context being renamed is the 'current-context', this field will also be updated.",
    [],
    _rename_context,
    examples="  # Rename the context 'old-name' to 'new-name' in your kubeconfig file\n"
    "  kubectl config rename-context old-name new-name",
    usage="kubectl config rename-context CONTEXT_NAME NEW_NAME [options]",
    kubeconfig_use="none",
)


# ------------------------------------------------------- delete-context, delete-cluster
def _deleter(section: str, noun: str):
    def run(inv: Invocation) -> int:
        files = _files(inv)
        config = files.starting_config()
        if len(inv.args.positional) != 1:  # delete_context.go: the help, and no error
            inv.out.out(inv.help_text().rstrip("\n"))
            return 0
        name = inv.args.positional[0]
        where = files.default_filename()
        if name not in config.section(section):
            raise UsageError(f"cannot delete {noun} {name}, not in {where}")
        if section == "contexts" and config.current_context == name:
            inv.out.err(
                'warning: this removed your active context, use "kubectl config use-context" to select a different one'
            )
        del config.section(section)[name]
        files.modify(config)
        inv.out.out(f"deleted {noun} {name} from {where}")
        return 0

    return run


DELETE_CONTEXT = Command(
    "config delete-context",
    "Delete the specified context from the kubeconfig",
    "Delete the specified context from the kubeconfig.",
    [],
    _deleter("contexts", "context"),
    examples="  # Delete the context for the minikube cluster\n  kubectl config delete-context minikube",
    usage="kubectl config delete-context NAME [options]",
    kubeconfig_use="none",
)
DELETE_CLUSTER = Command(
    "config delete-cluster",
    "Delete the specified cluster from the kubeconfig",
    "Delete the specified cluster from the kubeconfig.",
    [],
    _deleter("clusters", "cluster"),
    examples="  # Delete the minikube cluster\n  kubectl config delete-cluster minikube",
    usage="kubectl config delete-cluster NAME [options]",
    kubeconfig_use="none",
)

SUBCOMMANDS = (
    CURRENT_CONTEXT,
    DELETE_CLUSTER,
    DELETE_CONTEXT,
    GET_CLUSTERS,
    GET_CONTEXTS,
    GET_USERS,
    RENAME_CONTEXT,
    SET_CONTEXT,
    USE_CONTEXT,
    VIEW,
)


# -------------------------------------------------------------------------- config
HELP = (
    'Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".\n\n'
    " The loading order follows these rules:\n\n"
    "  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no "
    "merging takes place.\n"
    "  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting "
    "rules for your system). These paths are merged. When a value is modified, it is modified in the file that "
    "defines the stanza. When a value is created, it is created in the first file that exists. If no files in the "
    "chain exist, then it creates the last file in the list.\n"
    "  3.  Otherwise, ${HOME}/.kube/config is used and no merging takes place."
)

COMMAND = Command(
    "config",
    "Modify kubeconfig files",
    HELP,
    [],
    print_help_and_fail(),
    SUBCOMMANDS,
    usage="kubectl config SUBCOMMAND [options]",
    kubeconfig_use="none",
)
