"""The flags kubectl's commands share: the global flags, and the flag groups its commands add alike.

The global flags are the root command's persistent flags (``pkg/cmd/cmd.go``: the profiling flags,
``--warnings-as-errors``, kuberc's, cli-runtime's ``genericclioptions.ConfigFlags`` and ``MatchVersionFlags``,
and klog's). The groups are ``pkg/cmd/util/helpers.go``'s (``AddFilenameOptionFlags``, ``AddValidateFlags``,
``AddFieldManagerFlagVar``, ``AddLabelSelectorFlagVar``) and cli-runtime's ``PrintFlags``, with kubectl's usage
text for each flag.
"""

from __future__ import annotations

from .base import DRY_RUN_FLAG
from .flags import Flag

__all__ = [
    "ALL_NAMESPACES_FLAG",
    "CHUNK_SIZE_FLAG",
    "CONTAINER_FLAG",
    "FIELD_SELECTOR_FLAG",
    "FORCE_FLAG",
    "NO_HEADERS_FLAG",
    "PRUNE_ALLOWLIST_FLAG",
    "SERVER_SIDE_FLAG",
    "GLOBAL_FLAGS",
    "HELP_FLAG",
    "PROFILES",
    "RECURSIVE_USAGE",
    "SELECTOR_FLAG",
    "SHOW_MANAGED_FIELDS_FLAG",
    "SAVE_CONFIG_FLAG",
    "VALIDATE_FLAG",
    "deletion_flags",
    "field_manager_flag",
    "generator_flags",
    "override_flags",
    "pod_running_timeout_flag",
    "filename_flags",
    "printer_flags",
]

# the global flags, which every command accepts anywhere on its line; ``kubectl options`` lists them
GLOBAL_FLAGS = [
    Flag(
        "as",
        usage="Username to impersonate for the operation. User could be a regular user or a service account in a "
        "namespace.",
    ),
    Flag(
        "as-group",
        kind="array",
        usage="Group to impersonate for the operation, this flag can be repeated to specify multiple groups.",
    ),
    Flag("as-uid", usage="UID to impersonate for the operation."),
    Flag(
        "as-user-extra",
        kind="array",
        usage="User extras to impersonate for the operation, this flag can be repeated to specify multiple values "
        "for the same key.",
    ),
    Flag("cache-dir", default="$HOME/.kube/cache", usage="Default cache directory"),
    Flag("certificate-authority", usage="Path to a cert file for the certificate authority"),
    Flag("client-certificate", usage="Path to a client certificate file for TLS"),
    Flag("client-key", usage="Path to a client key file for TLS"),
    Flag("cluster", usage="The name of the kubeconfig cluster to use"),
    Flag("context", usage="The name of the kubeconfig context to use"),
    Flag(
        "disable-compression",
        kind="bool",
        usage="If true, opt-out of response compression for all requests to the server",
    ),
    Flag(
        "insecure-skip-tls-verify",
        kind="bool",
        usage="If true, the server's certificate will not be checked for validity. This will make your HTTPS "
        "connections insecure",
    ),
    Flag("kubeconfig", usage="Path to the kubeconfig file to use for CLI requests."),
    Flag(
        "kuberc",
        usage="Path to the kuberc file to use for preferences. This can be disabled by exporting "
        "KUBECTL_KUBERC=false feature gate or turning off the feature KUBERC=off.",
    ),
    Flag("log-flush-frequency", kind="duration", default=5.0, usage="Maximum number of seconds between log flushes"),
    Flag("match-server-version", kind="bool", usage="Require server version to match client version"),
    Flag("namespace", short="n", usage="If present, the namespace scope for this CLI request"),
    Flag("password", usage="Password for basic authentication to the API server"),
    Flag(
        "profile",
        default="none",
        usage="Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex|trace)",
    ),
    Flag("profile-output", default="profile.pprof", usage="Name of the file to write the profile to"),
    Flag("proxy-url", usage="Proxy URL to use for requests to the API server"),
    Flag(
        "request-timeout",
        default="0",
        usage="The length of time to wait before giving up on a single server request. Non-zero values should "
        "contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
    ),
    Flag("server", short="s", usage="The address and port of the Kubernetes API server"),
    Flag(
        "tls-server-name",
        usage="Server name to use for server certificate validation. If it is not provided, the hostname used to "
        "contact the server is used",
    ),
    Flag("token", usage="Bearer token for authentication to the API server"),
    Flag("user", usage="The name of the kubeconfig user to use"),
    Flag("username", usage="Username for basic authentication to the API server"),
    Flag("v", short="v", kind="int", bits=32, usage="number for the log level verbosity"),
    Flag(
        "vmodule",
        kind="text",
        usage="comma-separated list of pattern=N settings for file-filtered logging (only works for the default "
        "text log format)",
    ),
    Flag(
        "warnings-as-errors",
        kind="bool",
        usage="Treat warnings received from the server as errors and exit with a non-zero exit code",
    ),
]

# the values of --profile (cmd/profiling.go initProfiling)
PROFILES = ("none", "cpu", "heap", "goroutine", "threadcreate", "block", "mutex", "trace")

# cobra's own -h/--help, which every command has and no help lists
HELP_FLAG = Flag("help", "h", "bool", False)

# cmdutil.AddLabelSelectorFlagVar
SELECTOR_FLAG = Flag(
    "selector",
    short="l",
    usage="Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l "
    "key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label "
    "constraints.",
)

FIELD_SELECTOR_FLAG = Flag(
    "field-selector",
    usage="Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector "
    "key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
)
ALL_NAMESPACES_FLAG = Flag(
    "all-namespaces",
    short="A",
    kind="bool",
    usage="If present, list the requested object(s) across all namespaces. Namespace in current context is "
    "ignored even if specified with --namespace.",
)
# exec's and attach's -c
CONTAINER_FLAG = Flag(
    "container",
    short="c",
    usage="Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting "
    "the container to be attached or the first container in the pod will be chosen",
)
CHUNK_SIZE_FLAG = Flag(
    "chunk-size",
    kind="int",
    default=500,
    usage="Return large lists in chunks rather than all at once. Pass 0 to disable.",
)
# apply's and diff's: kubesim keeps the default allowlist
PRUNE_ALLOWLIST_FLAG = Flag(
    "prune-allowlist",
    kind="array",
    usage="Overwrite the default allowlist with <group/version/kind> for --prune",
    implemented=False,
)
# cmdutil.AddServerSideApplyFlags
SERVER_SIDE_FLAG = Flag("server-side", kind="bool", usage="If true, apply runs in the server instead of the client.")
# cmdutil.AddApplyAnnotationFlags
SAVE_CONFIG_FLAG = Flag(
    "save-config",
    kind="bool",
    usage="If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation "
    "will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.",
)

# cmdutil.AddValidateFlags: a bare --validate means strict
VALIDATE_FLAG = Flag(
    "validate",
    default="strict",
    no_value="strict",
    usage='Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to '
    "validate the input and fail the request if invalid. It will perform server side validation if "
    "ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side "
    'validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if '
    'server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or '
    '"ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.',
)

NO_HEADERS_FLAG = Flag(
    "no-headers",
    kind="bool",
    usage="When using the default or custom-column output format, don't print headers (default print headers).",
)
# kubesim keeps no managed fields, so there are none to keep or to hide
SHOW_MANAGED_FIELDS_FLAG = Flag(
    "show-managed-fields",
    kind="bool",
    usage="If true, keep the managedFields when printing objects in JSON or YAML format.",
)

CREATE_FORMATS = (
    "json, yaml, kyaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, "
    "jsonpath-file"
)


def printer_flags(output_usage: str = f"Output format. One of: ({CREATE_FORMATS}).") -> list[Flag]:
    """cli-runtime's ``PrintFlags.AddFlags``: ``-o`` with the formats the command prints, and the template flags."""
    return [
        Flag(
            "allow-missing-template-keys",
            kind="bool",
            default=True,
            usage="If true, ignore any errors in templates when a field or map key is missing in the template. "
            "Only applies to golang and jsonpath output formats.",
        ),
        Flag("output", short="o", usage=output_usage),
        SHOW_MANAGED_FIELDS_FLAG,
        Flag(
            "template",
            usage="Template string or path to template file to use when -o=go-template, -o=go-template-file. The "
            "template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].",
        ),
    ]


RECURSIVE_USAGE = (
    "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests "
    "organized within the same directory."
)


def filename_flags(
    usage: str,
    kustomize: str = "Process the kustomization directory.",
    implemented: bool = True,
    recursive: bool = False,
) -> list[Flag]:
    """``cmdutil.AddFilenameOptionFlags``: ``-f``, ``-R`` (``recursive`` by default for some commands) and ``-k``
    (kubesim builds no kustomizations); a command that does not read its objects from files here has its ``-f``
    not ``implemented``."""
    return [
        Flag("filename", short="f", kind="list", usage=usage, implemented=implemented),
        Flag(
            "kustomize",
            short="k",
            usage=f"{kustomize} This flag can't be used together with -f or -R.",
            implemented=False,
        ),
        Flag("recursive", short="R", kind="bool", default=recursive, usage=RECURSIVE_USAGE),
    ]


def field_manager_flag(default: str) -> Flag:
    """``cmdutil.AddFieldManagerFlagVar`` (kubesim keeps no managed fields)."""
    return Flag("field-manager", default=default, usage="Name of the manager used to track field ownership.")


FORCE_FLAG = Flag(
    "force",
    kind="bool",
    usage="If true, immediately remove resources from API and bypass graceful deletion. Note that immediate "
    "deletion of some resources may result in inconsistency or data loss and requires confirmation.",
)


def deletion_flags(filename_usage: str, wait: bool = False) -> list[Flag]:
    """``delete.DeleteFlags.AddFlags``: how objects are deleted (by ``delete``, ``apply --prune``, ``run --rm``),
    without ``--force`` (:data:`FORCE_FLAG`), which not every command implements."""
    return [
        Flag(
            "cascade",
            default="background",
            no_value="background",
            usage='Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for '
            "the dependents (e.g. Pods created by a ReplicationController). Defaults to background.",
        ),
        *filename_flags(filename_usage, kustomize="Process a kustomization directory."),
        Flag(
            "grace-period",
            kind="int",
            default=-1,
            usage="Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. "
            "Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).",
        ),
        Flag(
            "timeout",
            kind="duration",
            usage="The length of time to wait before giving up on a delete, zero means determine a timeout from "
            "the size of the object",
        ),
        Flag(
            "wait",
            kind="bool",
            default=wait,
            usage="If true, wait for resources to be gone before returning. This waits for finalizers.",
        ),
    ]


def override_flags(overrides: bool = False) -> list[Flag]:
    """``cmdutil.AddOverrideFlags`` of the generators (``run``, ``expose``): where kubesim implements
    ``--overrides``, it merges them (the default ``--override-type``, which cannot be changed here)."""
    return [
        Flag(
            "override-type",
            default="merge",
            usage="The method used to override the generated object: json, merge, or strategic.",
            implemented=False,
        ),
        Flag(
            "overrides",
            usage="An inline JSON override for the generated object. If this is non-empty, it is used to override "
            "the generated object. Requires that the object supply a valid apiVersion field.",
            implemented=overrides,
        ),
    ]


def generator_flags() -> list[Flag]:
    """The flags every ``kubectl create <object>`` generator has (create.go ``CreateSubcommandOptions``)."""
    return [*printer_flags(), DRY_RUN_FLAG, field_manager_flag("kubectl-create"), SAVE_CONFIG_FLAG, VALIDATE_FLAG]


def pod_running_timeout_flag(default: float) -> Flag:
    """``cmdutil.AddPodRunningTimeoutFlag``: how long to wait for a Pod to run (in seconds)."""
    return Flag(
        "pod-running-timeout",
        kind="duration",
        default=default,
        usage="The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running",
    )
