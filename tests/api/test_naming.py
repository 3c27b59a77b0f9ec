"""Name and label syntax, byte for byte: apimachinery's pkg/util/validation/validation.go (DNS labels and
subdomains, qualified names, label values) and pkg/api/validation/objectmeta.go (ValidateObjectMeta)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubesim_nb.api.field import FieldError
from kubesim_nb.api.naming import (
    LABEL_KEY_FMT,
    LABEL_VALUE_FMT,
    is_dns1035_label,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_qualified_name,
    is_valid_ip,
    is_valid_label_value,
    is_valid_port_name,
    regex_error,
    validate_labels,
    validate_object_name,
)

DNS1035_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
    "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
KEY_NAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)

LONG_63 = "a" * 63
LONG_64 = "a" * 64


def lines(errors: list[FieldError]) -> list[str]:
    return [e.render() for e in errors]


# --- RegexError ---------------------------------------------------------------


@pytest.mark.parametrize(
    "msg, regex, examples, expected",
    [
        ("bad", "x+", (), "bad (regex used for validation is 'x+')"),
        ("bad", "x+", ("x",), "bad (e.g. 'x', regex used for validation is 'x+')"),
        ("bad", "x+", ("x", "xx"), "bad (e.g. 'x',  or 'xx', regex used for validation is 'x+')"),
        ("bad", "x+", ("a", "b", "c"), "bad (e.g. 'a',  or 'b',  or 'c', regex used for validation is 'x+')"),
    ],
)
def test_regex_error_format(msg, regex, examples, expected):
    assert regex_error(msg, regex, *examples) == expected


# --- object names -----------------------------------------------------------


@pytest.mark.parametrize(
    "rule, name, expected",
    [
        ("dns1035-label", "Web_Service", [f'metadata.name: Invalid value: "Web_Service": {DNS1035_MSG}']),
        ("dns1035-label", "1web", [f'metadata.name: Invalid value: "1web": {DNS1035_MSG}']),
        ("dns1035-label", "web.svc", [f'metadata.name: Invalid value: "web.svc": {DNS1035_MSG}']),
        ("dns1035-label", LONG_64, [f'metadata.name: Invalid value: "{LONG_64}": must be no more than 63 characters']),
        (
            "dns1035-label",
            "W" * 64,
            [
                f'metadata.name: Invalid value: "{"W" * 64}": must be no more than 63 characters',
                f'metadata.name: Invalid value: "{"W" * 64}": {DNS1035_MSG}',
            ],
        ),
        ("dns1035-label", "", ["metadata.name: Required value: name or generateName is required"]),
        ("dns1035-label", "web-service", []),
        ("dns1035-label", LONG_63, []),
        ("dns1123-subdomain", "Web", [f'metadata.name: Invalid value: "Web": {SUBDOMAIN_MSG}']),
        ("dns1123-subdomain", "web.example", []),
        ("dns1123-subdomain", "", ["metadata.name: Required value: name or generateName is required"]),
        ("dns1123-label", "kube-system", []),
        ("dns1123-label", "a.b", ['metadata.name: Invalid value: "a.b": must not contain dots']),
    ],
)
def test_validate_object_name(rule, name, expected):
    assert lines(validate_object_name(rule, name, "metadata.name")) == expected


def test_validate_object_name_accepts_a_function_and_defaults_the_path():
    assert lines(validate_object_name(is_dns1035_label, "Web_Service")) == [
        f'metadata.name: Invalid value: "Web_Service": {DNS1035_MSG}'
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("http", []),
        ("1http", []),
        ("HTTP", [DNS1123_LABEL_MSG]),
        ("my_port", [DNS1123_LABEL_MSG]),
        ("a.b", ["must not contain dots"]),
        (LONG_63, []),
        (LONG_64, ["must be no more than 63 characters"]),
        ("", [DNS1123_LABEL_MSG]),
    ],
)
def test_is_dns1123_label(value, expected):
    assert is_dns1123_label(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("example.com", []),
        ("example.com.", [SUBDOMAIN_MSG]),  # callers strip a trailing dot for externalName
        ("Bad_Name", [SUBDOMAIN_MSG]),
        (".a", [SUBDOMAIN_MSG]),
        ("a" * 253, []),
        ("a" * 254, ["must be no more than 253 characters"]),
    ],
)
def test_is_dns1123_subdomain(value, expected):
    assert is_dns1123_subdomain(value) == expected


def test_external_name_line():
    errs = [FieldError.invalid("spec.externalName", "Bad_Name", m) for m in is_dns1123_subdomain("Bad_Name")]
    assert lines(errs) == [f'spec.externalName: Invalid value: "Bad_Name": {SUBDOMAIN_MSG}']


def test_port_name_dns1123_label_line():
    errs = [FieldError.invalid("spec.ports[0].name", "HTTP", m) for m in is_dns1123_label("HTTP")]
    assert lines(errs) == [f'spec.ports[0].name: Invalid value: "HTTP": {DNS1123_LABEL_MSG}']


# --- IANA_SVC_NAME (named targetPort) ----------------------------------------

ONLY_ALNUM = "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
ONE_LETTER = "must contain at least one letter (a-z)"
CONSECUTIVE = "must not contain consecutive hyphens"
HYPHEN_ENDS = "must not begin or end with a hyphen"
TOO_LONG_15 = "must be no more than 15 characters"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("http", []),
        ("http-alt", []),
        ("a1", []),
        ("HTTP", [ONLY_ALNUM, ONE_LETTER]),
        ("my_port", [ONLY_ALNUM]),
        ("abcdefghijklmnop", [TOO_LONG_15]),
        ("8080", [ONE_LETTER]),
        ("a--b", [CONSECUTIVE]),
        ("-ab", [HYPHEN_ENDS]),
        ("ab-", [HYPHEN_ENDS]),
        ("", [ONLY_ALNUM, ONE_LETTER]),
        ("-", [ONE_LETTER, HYPHEN_ENDS]),
    ],
)
def test_is_valid_port_name(value, expected):
    assert is_valid_port_name(value) == expected


def test_target_port_name_line():
    errs = [FieldError.invalid("spec.ports[0].targetPort", "my_port", m) for m in is_valid_port_name("my_port")]
    assert lines(errs) == [
        'spec.ports[0].targetPort: Invalid value: "my_port": must contain only alpha-numeric characters '
        "(a-z, 0-9), and hyphens (-)"
    ]


# --- IPs ------------------------------------------------------------------------

IP_MSG = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"


@pytest.mark.parametrize(
    "value, valid",
    [
        ("10.96.0.1", True),
        ("0.0.0.0", True),
        ("010.096.000.001", True),  # ParseIPSloppy: leading zeros are decimal
        ("::1", True),
        ("2001:db8::ffff", True),
        ("::ffff:10.1.2.3", True),
        ("abc", False),
        ("", False),
        ("None", False),
        ("256.1.1.1", False),
        ("1.2.3", False),
        ("1.2.3.4.5", False),
        (" 1.2.3.4", False),
        ("1.2.3.4\n", False),
        ("fe80::1%eth0", False),
        ("2001:db8::gggg", False),
        ("10.0.0.0/8", False),
    ],
)
def test_is_valid_ip(value, valid):
    assert is_valid_ip(value) == ([] if valid else [IP_MSG])


def test_cluster_ip_line():
    errs = [FieldError.invalid("spec.clusterIPs[0]", "abc", m) for m in is_valid_ip("abc")]
    assert lines(errs) == [f'spec.clusterIPs[0]: Invalid value: "abc": {IP_MSG}']


# --- label keys and values --------------------------------------------------

LONG_KEY = "k" * 64
LONG_VALUE = "v" * 64


@pytest.mark.parametrize(
    "labels, expected",
    [
        ({"my key": "x"}, [f'metadata.labels: Invalid value: "my key": {KEY_NAME_MSG}']),
        (
            {LONG_KEY: "x"},
            [f'metadata.labels: Invalid value: "{LONG_KEY}": name part must be no more than 63 bytes'],
        ),
        ({"/app": "x"}, ['metadata.labels: Invalid value: "/app": prefix part must be non-empty']),
        (
            {"Example.com/app": "x"},
            [f'metadata.labels: Invalid value: "Example.com/app": prefix part {SUBDOMAIN_MSG}'],
        ),
        (
            {"a/b/c": "x"},
            [
                'metadata.labels: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '
                "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
                "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') "
                "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ],
        ),
        ({"app": "hello world"}, [f'metadata.labels: Invalid value: "hello world": {VALUE_MSG}']),
        ({"app": "-web"}, [f'metadata.labels: Invalid value: "-web": {VALUE_MSG}']),
        ({"app": LONG_VALUE}, [f'metadata.labels: Invalid value: "{LONG_VALUE}": must be no more than 63 bytes']),
        # good ones
        ({"app": "web", "app.kubernetes.io/name": "Web_1.x", "empty": ""}, []),
        ({"k" * 63: "v" * 63}, []),
        ({}, []),
        (None, []),
    ],
)
def test_validate_labels_rows(labels, expected):
    assert lines(validate_labels(labels, "metadata.labels")) == expected


def test_validate_labels_key_errors_then_value_errors_in_key_order():
    labels = {"z key": "ok", "a key": "bad value"}
    assert lines(validate_labels(labels, "spec.selector")) == [
        f'spec.selector: Invalid value: "a key": {KEY_NAME_MSG}',
        f'spec.selector: Invalid value: "bad value": {VALUE_MSG}',
        f'spec.selector: Invalid value: "z key": {KEY_NAME_MSG}',
    ]


def test_value_too_long_and_malformed_gives_both_errors():
    value = "-" + "v" * 63
    assert is_valid_label_value(value) == ["must be no more than 63 bytes", VALUE_MSG]


@pytest.mark.parametrize(
    "key, expected",
    [
        ("app", []),
        ("App.Name_1", []),
        ("example.com/app", []),
        ("app/", ["name part must be non-empty", KEY_NAME_MSG]),
        ("", ["name part must be non-empty", KEY_NAME_MSG]),
        ("/", ["prefix part must be non-empty", "name part must be non-empty", KEY_NAME_MSG]),
        ("a" * 254 + "/x", ["prefix part must be no more than 253 bytes"]),
        ("-app", [KEY_NAME_MSG]),
        ("app\n", [KEY_NAME_MSG]),
    ],
)
def test_is_qualified_name(key, expected):
    assert is_qualified_name(key) == expected


@pytest.mark.parametrize("value", ["", "a", "A-b_c.d", "12345", "v" * 63])
def test_valid_label_values(value):
    assert is_valid_label_value(value) == []


# --- properties ---------------------------------------------------------------


@given(st.text(max_size=80))
def test_label_value_agrees_with_the_regex(value):
    ok = re.fullmatch(LABEL_VALUE_FMT, value) is not None and len(value.encode("utf-8", "surrogatepass")) <= 63
    assert (is_valid_label_value(value) == []) == ok


@given(st.from_regex(re.compile(LABEL_KEY_FMT), fullmatch=True).filter(lambda s: s.isascii() and len(s) <= 63))
def test_generated_label_keys_are_valid(key):
    assert is_qualified_name(key) == []
    assert is_qualified_name("example.com/" + key) == []


@given(st.text(max_size=70))
def test_dns1035_label_is_a_subset_of_dns1123_label(value):
    if not is_dns1035_label(value):
        assert is_dns1123_label(value) == []
