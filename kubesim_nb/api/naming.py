"""Name and label-syntax rules, as apimachinery states them (v1.37).

This module owns the *syntax* checks (DNS labels/subdomains, label keys and
values, IANA port names, IP addresses) and their exact detail strings.
Each ``is_*`` function returns a list of detail strings: empty means valid.
The two ``validate_*`` helpers wrap those details into :class:`FieldError`\\ s
the way ``ValidateObjectMeta`` and ``ValidateLabels`` do.

Lengths are measured in UTF-8 bytes, like Go's ``len``. Since v1.35 label keys
and values are checked by ``pkg/api/validate/content`` (``IsLabelKey``,
``IsLabelValue``), whose wording says "bytes" and "a valid label key"; the other
names are still ``pkg/util/validation``'s, which says "characters".
"""

from __future__ import annotations

import ipaddress
import re
from typing import Callable, Mapping

from .field import FieldError, Path

__all__ = [
    "DNS1035_LABEL_FMT",
    "DNS1123_LABEL_FMT",
    "DNS1123_SUBDOMAIN_FMT",
    "LABEL_KEY_FMT",
    "LABEL_VALUE_FMT",
    "empty_error",
    "is_dns1035_label",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_config_map_key",
    "is_env_var_name",
    "is_qualified_name",
    "is_valid_ip",
    "is_valid_label_value",
    "is_valid_port_name",
    "is_wildcard_dns1123_subdomain",
    "content_max_len_error",
    "max_len_error",
    "parse_ip_sloppy",
    "regex_error",
    "validate_label_name",
    "validate_labels",
    "validate_object_name",
]

# --- formats and messages (pkg/util/validation/validation.go, content/kube.go) ---

DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_LABEL_ERR = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
DNS1123_LABEL_MAX = 63

DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1123_SUBDOMAIN_ERR = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character"
)
DNS1123_SUBDOMAIN_MAX = 253

DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
DNS1035_LABEL_ERR = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
    "start with an alphabetic character, and end with an alphanumeric character"
)
DNS1035_LABEL_MAX = 63

LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
LABEL_KEY_ERR = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
)
LABEL_KEY_MAX = 63

LABEL_VALUE_FMT = "(" + LABEL_KEY_FMT + ")?"
LABEL_VALUE_ERR = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
LABEL_VALUE_MAX = 63

WILDCARD_DNS1123_SUBDOMAIN_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT
WILDCARD_DNS1123_SUBDOMAIN_ERR = (
    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of "
    "lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character"
)

CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+"
CONFIG_MAP_KEY_ERR = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*"
ENV_VAR_NAME_ERR = (
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
    "and must not start with a digit"
)

PORT_NAME_MAX = 15
IP_ERR = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"

_DNS1123_LABEL_RE = re.compile(DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN_RE = re.compile(DNS1123_SUBDOMAIN_FMT)
_DNS1035_LABEL_RE = re.compile(DNS1035_LABEL_FMT)
_WILDCARD_DNS1123_SUBDOMAIN_RE = re.compile(WILDCARD_DNS1123_SUBDOMAIN_FMT)
_CONFIG_MAP_KEY_RE = re.compile(CONFIG_MAP_KEY_FMT)
_ENV_VAR_NAME_RE = re.compile(ENV_VAR_NAME_FMT)
_LABEL_KEY_RE = re.compile(LABEL_KEY_FMT)
_LABEL_VALUE_RE = re.compile(LABEL_VALUE_FMT)
_PORT_NAME_CHARSET_RE = re.compile("[-a-z0-9]+")
_PORT_NAME_LETTER_RE = re.compile("[a-z]")


# --- message helpers --------------------------------------------------------


def regex_error(msg: str, regex: str, *examples: str) -> str:
    """``RegexError``: ``<msg> (e.g. 'a',  or 'b', regex used for validation is '<re>')``."""
    if not examples:
        return f"{msg} (regex used for validation is '{regex}')"
    text = msg + " (e.g. "
    for i, example in enumerate(examples):
        if i > 0:
            text += " or "
        text += f"'{example}', "
    return text + f"regex used for validation is '{regex}')"


def max_len_error(length: int) -> str:
    """``validation.MaxLenError`` (pkg/util/validation)."""
    return f"must be no more than {length} characters"


def content_max_len_error(length: int) -> str:
    """``content.MaxLenError`` (pkg/api/validate/content: label keys and values, v1.35+)."""
    return f"must be no more than {length} bytes"


def empty_error() -> str:
    return "must be non-empty"


def _byte_len(value: str) -> int:
    return len(value.encode("utf-8", "surrogatepass"))


def _matches(regex: re.Pattern[str], value: str) -> bool:
    # Go's ``^...$`` (no multi-line flag) is a full match; Python's ``$`` would
    # also accept a trailing newline.
    return regex.fullmatch(value) is not None


# --- the checks -------------------------------------------------------------


def is_dns1123_label(value: str) -> list[str]:
    """``IsDNS1123Label`` (namespaces, port names of Services)."""
    errs: list[str] = []
    if _byte_len(value) > DNS1123_LABEL_MAX:
        errs.append(max_len_error(DNS1123_LABEL_MAX))
    if not _matches(_DNS1123_LABEL_RE, value):
        if _matches(_DNS1123_SUBDOMAIN_RE, value):
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value: str, too_long: Callable[[int], str] = max_len_error) -> list[str]:
    """``IsDNS1123Subdomain`` (Pod/Deployment names; label-key prefixes with content's ``too_long`` wording)."""
    errs: list[str] = []
    if _byte_len(value) > DNS1123_SUBDOMAIN_MAX:
        errs.append(too_long(DNS1123_SUBDOMAIN_MAX))
    if not _matches(_DNS1123_SUBDOMAIN_RE, value):
        errs.append(regex_error(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_wildcard_dns1123_subdomain(value: str) -> list[str]:
    """``IsWildcardDNS1123Subdomain`` (an Ingress rule's ``*.example.com`` host)."""
    errs: list[str] = []
    if _byte_len(value) > DNS1123_SUBDOMAIN_MAX:
        errs.append(max_len_error(DNS1123_SUBDOMAIN_MAX))
    if not _matches(_WILDCARD_DNS1123_SUBDOMAIN_RE, value):
        errs.append(regex_error(WILDCARD_DNS1123_SUBDOMAIN_ERR, WILDCARD_DNS1123_SUBDOMAIN_FMT, "*.example.com"))
    return errs


def _chdir_prefix(value: str) -> list[str]:
    """``hasChDirPrefix``: a key that would name ``.`` or ``..`` as a file."""
    if value in (".", ".."):
        return [f"must not be '{value}'"]
    return ["must not start with '..'"] if value.startswith("..") else []


def is_config_map_key(value: str) -> list[str]:
    """``IsConfigMapKey`` (the keys of a ConfigMap's or a Secret's data)."""
    errs: list[str] = []
    if _byte_len(value) > DNS1123_SUBDOMAIN_MAX:
        errs.append(max_len_error(DNS1123_SUBDOMAIN_MAX))
    if not _matches(_CONFIG_MAP_KEY_RE, value):
        errs.append(regex_error(CONFIG_MAP_KEY_ERR, CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    return errs + _chdir_prefix(value)


def is_env_var_name(value: str) -> list[str]:
    """``IsEnvVarName`` as kubectl checks it (``kubectl set env``, ``--from-env-file``)."""
    errs: list[str] = []
    if not _matches(_ENV_VAR_NAME_RE, value):
        errs.append(regex_error(ENV_VAR_NAME_ERR, ENV_VAR_NAME_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"))
    return errs + _chdir_prefix(value)


def is_dns1035_label(value: str) -> list[str]:
    """``IsDNS1035Label`` (Service names)."""
    errs: list[str] = []
    if _byte_len(value) > DNS1035_LABEL_MAX:
        errs.append(max_len_error(DNS1035_LABEL_MAX))
    if not _matches(_DNS1035_LABEL_RE, value):
        errs.append(regex_error(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


def is_qualified_name(value: str) -> list[str]:
    """``IsQualifiedName`` (``content.IsLabelKey``): a label key, ``[prefix/]name``."""
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part " + empty_error())
        else:
            errs.extend("prefix part " + msg for msg in is_dns1123_subdomain(prefix, content_max_len_error))
    else:
        return [
            "a valid label key "
            + regex_error(LABEL_KEY_ERR, LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errs.append("name part " + empty_error())
    elif _byte_len(name) > LABEL_KEY_MAX:
        errs.append("name part " + content_max_len_error(LABEL_KEY_MAX))
    if not _matches(_LABEL_KEY_RE, name):
        errs.append("name part " + regex_error(LABEL_KEY_ERR, LABEL_KEY_FMT, "MyName", "my.name", "123-abc"))
    return errs


def is_valid_label_value(value: str) -> list[str]:
    """``IsValidLabelValue`` (``content.IsLabelValue``): empty, or ≤ 63 alphanumerics with ``-_.`` inside."""
    errs: list[str] = []
    if _byte_len(value) > LABEL_VALUE_MAX:
        errs.append(content_max_len_error(LABEL_VALUE_MAX))
    if not _matches(_LABEL_VALUE_RE, value):
        errs.append(regex_error(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def is_valid_port_name(value: str) -> list[str]:
    """``IsValidPortName`` (IANA_SVC_NAME, used for a named ``targetPort``)."""
    errs: list[str] = []
    if _byte_len(value) > PORT_NAME_MAX:
        errs.append(max_len_error(PORT_NAME_MAX))
    if not _matches(_PORT_NAME_CHARSET_RE, value):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if _PORT_NAME_LETTER_RE.search(value) is None:
        errs.append("must contain at least one letter (a-z)")
    if "--" in value:
        errs.append("must not contain consecutive hyphens")
    if value and (value[0] == "-" or value[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


_IPV4_SLOPPY_RE = re.compile(r"([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)")


def _parse_ipv4_sloppy(value: str) -> str | None:
    """IPv4 the way ``netutils.ParseIPSloppy`` reads it: leading zeros are decimal."""
    m = _IPV4_SLOPPY_RE.fullmatch(value)
    if m is None or any(int(octet) > 255 for octet in m.groups()):
        return None
    return ".".join(str(int(octet)) for octet in m.groups())


def parse_ip_sloppy(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``netutils.ParseIPSloppy`` (k8s.io/utils/net): IPv4 octets (also inside IPv6) may carry leading zeros."""
    if ":" not in value:
        v4 = _parse_ipv4_sloppy(value)
        return None if v4 is None else ipaddress.IPv4Address(v4)
    if "%" in value:  # Go's net.ParseIP rejects zones
        return None
    head, _, tail = value.rpartition(":")
    if "." in tail:  # embedded IPv4, which may carry leading zeros too
        v4 = _parse_ipv4_sloppy(tail)
        if v4 is None:
            return None
        value = head + ":" + v4
    try:
        return ipaddress.IPv6Address(value)
    except ValueError:
        return None


def is_valid_ip(value: str) -> list[str]:
    """``IsValidIP``: accepts what ``netutils.ParseIPSloppy`` accepts."""
    return [] if parse_ip_sloppy(value) is not None else [IP_ERR]


# --- field-error wrappers ---------------------------------------------------

NameRule = Callable[[str], "list[str]"]

_NAME_RULES: dict[str, NameRule] = {
    "dns1035-label": is_dns1035_label,
    "dns1123-label": is_dns1123_label,
    "dns1123-subdomain": is_dns1123_subdomain,
}


def validate_object_name(
    kind_rule: "NameRule | str", name: str, path: "str | Path" = "metadata.name"
) -> list[FieldError]:
    """The name part of ``ValidateObjectMeta``.

    ``kind_rule`` is one of the ``is_*`` functions (``is_dns1035_label`` for
    Services, ``is_dns1123_subdomain`` for Pods and Deployments,
    ``is_dns1123_label`` for Namespaces) or its short name
    (``"dns1035-label"``, ``"dns1123-subdomain"``, ``"dns1123-label"``).
    ``path`` is the path of the name field itself. One Invalid error per
    detail, length first, as the Go code appends them.
    """
    rule = _NAME_RULES[kind_rule] if isinstance(kind_rule, str) else kind_rule
    if not name:
        return [FieldError.required(path, "name or generateName is required")]
    return [FieldError.invalid(path, name, msg) for msg in rule(name)]


def validate_label_name(key: str, path: "str | Path") -> list[FieldError]:
    """``ValidateLabelName``: one Invalid error (value = the key) per detail."""
    return [FieldError.invalid(path, key, msg) for msg in is_qualified_name(key)]


def validate_labels(labels: "Mapping[str, str] | None", path: "str | Path") -> list[FieldError]:
    """``ValidateLabels``: for each label, key errors then value errors.

    The field path is not indexed by key; the bad value is the key or the
    value string itself. Go walks the map in random order; this walks it in
    sorted key order so output is deterministic.
    """
    errs: list[FieldError] = []
    for key in sorted(labels or {}):
        value = (labels or {})[key]
        errs.extend(validate_label_name(key, path))
        errs.extend(FieldError.invalid(path, value, msg) for msg in is_valid_label_value(value))
    return errs
