"""``kubectl get``: tables, ``-o wide``, ``--show-labels``, ``-L``, ``-o yaml|json|name|jsonpath``, ``-w``
(``pkg/cmd/get/get.go``)."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from ...api.fieldselector import field_filter
from ...apiserver.documents import encode, get_document
from ...errors import ApiError, KubeSimError, UsageError
from ...printers import table_for
from ..base import Command, Invocation
from ..builder import find_named, group_version, selector_from_flag, warn_if_deprecated
from ..errors import print_errors
from ..flags import Flag, go_quote
from ..flagsets import (
    ALL_NAMESPACES_FLAG,
    CHUNK_SIZE_FLAG,
    FIELD_SELECTOR_FLAG,
    NO_HEADERS_FLAG,
    SELECTOR_FLAG,
    filename_flags,
    printer_flags,
)
from ..jsonpath import JsonPathError, evaluate_jsonpath
from ..output import format_objects
from ..printers import print_table
from ..resources import parse_resource_args
from ..watch import WATCH_ONE_TYPE, watch

__all__ = ["COMMAND"]

OUTPUT_USAGE = (
    "Output format. One of: (json, yaml, kyaml, name, go-template, go-template-file, template, templatefile, "
    "jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns "
    "[https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template "
    "[http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template "
    "[https://kubernetes.io/docs/reference/kubectl/jsonpath/]."
)

FLAGS = [
    ALL_NAMESPACES_FLAG,
    CHUNK_SIZE_FLAG,
    FIELD_SELECTOR_FLAG,
    *filename_flags(
        "Filename, directory, or URL to files identifying the resource to get from a server.", implemented=False
    ),
    Flag(
        "ignore-not-found",
        kind="bool",
        usage="If set to true, suppresses NotFound error for specific objects that do not exist. Using this flag "
        "with commands that query for collections of resources has no effect when no resources are found.",
    ),
    Flag(
        "label-columns",
        short="L",
        kind="list",
        usage="Accepts a comma separated list of labels that are going to be presented as columns. Names are "
        "case-sensitive. You can also use multiple flag options like -L label1 -L label2...",
    ),
    NO_HEADERS_FLAG,
    *printer_flags(OUTPUT_USAGE),
    Flag(
        "output-watch-events",
        kind="bool",
        usage="Output watch event objects when --watch or --watch-only is used. Existing objects are output as "
        "initial ADDED events.",
        implemented=False,
    ),
    Flag("raw", usage="Raw URI to request from the server.  Uses the transport specified by the kubeconfig file."),
    SELECTOR_FLAG,
    Flag(
        "server-print",
        kind="bool",
        default=True,
        usage="If true, have the server return the appropriate table output. Supports extension APIs and CRDs.",
    ),
    Flag("show-kind", kind="bool", usage="If present, list the resource type for the requested object(s)."),
    Flag(
        "show-labels",
        kind="bool",
        usage="When printing, show all labels as the last column (default hide labels column)",
    ),
    Flag(
        "sort-by",
        usage="If non-empty, sort list types using this field specification.  The field specification is expressed "
        "as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this "
        "JSONPath expression must be an integer or a string.",
    ),
    Flag("subresource", usage="If specified, gets the subresource of the requested object.", implemented=False),
    Flag("watch", short="w", kind="bool", usage="After listing/getting the requested object, watch for changes."),
    Flag(
        "watch-only",
        kind="bool",
        usage="Watch for changes to the requested object(s), without listing/getting first.",
        implemented=False,
    ),
]

HELP = """Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label
selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current
namespace unless you pass --all-namespaces.

 In kubesim, --watch runs until Ctrl-C on a terminal; in a notebook it watches for --request-timeout of simulated
time (default 30s)."""

EXAMPLES = """  # List all pods in ps output format
  kubectl get pods

  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide

  # List the pods with their labels, and only those with app=web
  kubectl get pods --show-labels -l app=web

  # List services, deployments and replica sets together
  kubectl get svc,deploy,rs

  # Show the endpoints of a service (deprecated API; see endpointslices)
  kubectl get endpoints web-service"""

USAGE = (
    "kubectl get [(-o|--output=)json|yaml|kyaml|name|go-template|go-template-file|template|templatefile|jsonpath|"
    "jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l "
    "label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]"
)

REQUIRED_RESOURCE = """You must specify the type of resource to get. \
Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples"""


def _field_filter(kind: type, text: str | None):
    """The server's field filter; its BadRequest as kubectl's resource builder words it."""
    try:
        return field_filter(kind, text)
    except ApiError as err:
        raise ApiError.bad_request(
            f'Unable to find "{group_version(kind)}, Resource={kind.RESOURCE}" that match '
            f'label selector "", field selector "{text}": {err.message}'
        ) from None


def _sort(objects: list, spec: str | None) -> list:
    """``--sort-by``: numbers numerically, strings byte by byte (``a1070`` before ``a5``, as the real kubectl
    v1.37 sorts them), objects without the field first."""
    if not spec:
        return objects
    template = spec if spec.startswith("{") else "{" + spec + "}"

    def value(obj):
        try:
            found = evaluate_jsonpath(template, obj.to_dict())
        except JsonPathError:
            raise UsageError(f'couldn\'t find any field with path "{template}" in the list of objects') from None
        return found[0] if found else None

    keyed = [(value(o), o) for o in objects]
    if objects and all(v is None for v, _ in keyed):
        raise UsageError(f'couldn\'t find any field with path "{template}" in the list of objects')

    def less(x, y) -> bool:
        if x is None:
            return y is not None
        if y is None:
            return False
        if isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool):
            return x < y
        return str(x) < str(y)

    def compare(p, q):
        return -1 if less(p[0], q[0]) else (1 if less(q[0], p[0]) else 0)

    return [o for _, o in sorted(keyed, key=functools.cmp_to_key(compare))]


def _raw(inv: Invocation) -> int:
    """``--raw PATH``: the server's answer to a GET of the path, byte for byte (rawhttp/raw.go ``RawGet``)."""
    path = inv.flag("raw")
    if inv.args.positional:
        raise UsageError("arguments may not be passed when --raw is specified")
    if inv.flag("watch") or inv.flag("watch-only") or inv.flag("selector"):
        raise UsageError(
            "--raw may not be specified with other flags that filter the server request or alter the output"
        )
    if inv.flag("output"):
        raise UsageError("--raw and --output are mutually exclusive")
    if not path.startswith("/") and "://" not in path:
        raise UsageError(f"--raw must be a valid URL path: parse {go_quote(path)}: invalid URI for request")
    address = urlsplit(inv.cluster.profile.api_server_url).netloc
    inv.out.raw(encode(get_document(inv.cluster.api, path, address).body).decode("utf-8"))
    return 0


def run(inv: Invocation) -> int:
    if inv.flag("raw"):
        return _raw(inv)
    args = inv.args.positional
    if not args:
        inv.out.err(REQUIRED_RESOURCE)
        return 1
    requests, multiple = parse_resource_args(args)
    all_namespaces = bool(inv.flag("all-namespaces"))
    if all_namespaces and any(r.names for r in requests):
        raise UsageError("a resource cannot be retrieved by name across all namespaces")
    fmt = inv.flag("output", "")
    for kind in dict.fromkeys(r.kind for r in requests):
        warn_if_deprecated(inv, kind)
    groups: list[tuple[type, list]] = []
    errors: list[KubeSimError] = []
    for request in requests:
        kind = request.kind
        namespace = inv.namespace if kind.NAMESPACED else ""
        if request.names:
            objects = find_named(inv, kind, request.names, errors)
        else:
            selector = selector_from_flag(kind, inv.flag("selector"))
            keep = _field_filter(kind, inv.flag("field-selector"))
            scope = None if all_namespaces or not kind.NAMESPACED else namespace
            objects = [o for o in inv.cluster.api.list(kind, scope, selector) if keep(o)]
        groups.append((kind, _sort(objects, inv.flag("sort-by"))))
    everything = [o for _, objects in groups for o in objects]
    listing = ""
    if inv.flag("watch") and len({r.kind for r in requests}) > 1:
        raise UsageError(WATCH_ONE_TYPE)
    if fmt and fmt != "wide":
        # get.go printGeneric: no "No resources found" for -o yaml|json|name|jsonpath; with
        # --ignore-not-found and nothing found, not even an empty List
        single = len(requests) == 1 and len(requests[0].names) == 1 and not multiple
        if inv.flag("watch"):
            pass  # get.go watch(): the objects are printed one by one, by the printer the watch goes on with
        elif (everything or not single) and not (not everything and inv.flag("ignore-not-found")):
            written = format_objects(everything, fmt, single=single)
            if fmt.startswith("jsonpath"):
                inv.out.raw(written)  # kubectl prints jsonpath results without a final newline
            else:
                inv.out.out(written)
    else:
        listing = _print_tables(inv, groups, multiple, all_namespaces)
        # get.go: a table printer that wrote nothing, no error and no --ignore-not-found -> say so (stderr)
        if not everything and not errors and not inv.flag("ignore-not-found") and not inv.flag("watch"):
            namespaced = all(r.kind.NAMESPACED for r in requests)
            where = "" if all_namespaces or not namespaced else f" in {inv.namespace} namespace"
            inv.out.err(f"No resources found{where}." if where else "No resources found")
    print_errors(inv.out, errors)
    if inv.flag("watch"):
        keep = _field_filter(requests[0].kind, inv.flag("field-selector"))
        return watch(inv, requests, all_namespaces, listing, keep, everything) or (1 if errors else 0)
    return 1 if errors else 0


def _print_tables(inv: Invocation, groups, multiple: bool, all_namespaces: bool) -> str:
    kinds_shown = {kind for kind, objects in groups if objects}
    name_prefix = multiple or len(kinds_shown) > 1 or bool(inv.flag("show-kind"))
    tables = []
    for kind, objects in groups:
        if not objects:
            continue
        tables.append(
            print_table(
                kind,
                table_for(kind, objects, inv.now),
                wide=inv.flag("output") == "wide",
                show_labels=bool(inv.flag("show-labels")),
                label_columns=tuple(inv.flag("label-columns") or ()),
                all_namespaces=all_namespaces and kind.NAMESPACED,
                name_prefix=name_prefix,
                no_headers=bool(inv.flag("no-headers")),
            )
        )
    if tables:
        inv.out.out("\n".join(tables).rstrip("\n"))
    return tables[0] if len(tables) == 1 else ""


COMMAND = Command(
    "get",
    "Display one or many resources",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    suggest_for=("list", "ls"),
)
