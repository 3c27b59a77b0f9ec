"""Label selectors as apimachinery has them: pkg/labels/labels.go (FormatLabels), pkg/labels/selector.go
(matching, String(), the parser and its errors), pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector) and
pkg/apis/meta/v1/validation/validation.go (ValidateLabelSelector)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kubesim_nb.api.labels import (
    EVERYTHING,
    NOTHING,
    Requirement,
    Selector,
    SelectorParseError,
    format_label_selector,
    format_labels,
    label_selector_as_selector,
    new_requirement,
    parse_selector,
    selector_from_label_selector,
    selector_from_map,
    validate_label_selector,
)
from kubesim_nb.api.meta import LabelSelector, LabelSelectorRequirement
from kubesim_nb.errors import KubeSimError

VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
KEY_NAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


# --- FormatLabels (labels.go) ---------------------------------------------------


@pytest.mark.parametrize(
    "mapping, expected",
    [
        ({}, "<none>"),
        (None, "<none>"),
        ({"app": "web"}, "app=web"),
        (
            {"tier": "backend", "app": "web", "pod-template-hash": "7d4b9c6f5"},
            "app=web,pod-template-hash=7d4b9c6f5,tier=backend",
        ),
        ({"empty": ""}, "empty="),
    ],
)
def test_format_labels(mapping, expected):
    assert format_labels(mapping) == expected


# --- matching (selector.go Requirement.Matches) -------------------------------------

WEB = {"app": "web", "env": "dev", "replicas": "3"}


@pytest.mark.parametrize(
    "selector, labels, expected",
    [
        ("app=web", WEB, True),
        ("app==web", WEB, True),
        ("app=db", WEB, False),
        ("app=web", {}, False),
        ("app!=web", WEB, False),
        ("app!=db", WEB, True),
        ("app!=web", {}, True),  # absent label matches !=
        ("env in (dev,qa)", WEB, True),
        ("env in (prod)", WEB, False),
        ("env in (dev)", {}, False),
        ("env notin (prod)", WEB, True),
        ("env notin (dev,qa)", WEB, False),
        ("env notin (prod)", {}, True),  # absent label matches notin
        ("app", WEB, True),
        ("app", {"app": ""}, True),  # exists: any value, even empty
        ("app", {}, False),
        ("!app", WEB, False),
        ("!app", {"other": "x"}, True),
        ("replicas>2", WEB, True),
        ("replicas>3", WEB, False),
        ("replicas<5", WEB, True),
        ("replicas<3", WEB, False),
        ("replicas>2", {}, False),
        ("replicas>2", {"replicas": "three"}, False),  # not int64: never matches
        ("replicas<5", {"replicas": "three"}, False),
        ("replicas>2", {"replicas": "99999999999999999999"}, False),  # overflows int64
        ("replicas<5", {"replicas": "-7"}, True),
        ("app=", {"app": ""}, True),
        ("app=", {"app": "web"}, False),
        ("app=", {}, False),
        ("env in ()", {"env": ""}, True),
        ("env in ()", {"env": "dev"}, False),
        ("app=web,env=dev", WEB, True),
        ("app=web,env=prod", WEB, False),
        ("app=web, !missing, env notin (prod)", WEB, True),
        ("", WEB, True),  # empty selector matches everything
        ("", {}, True),
        ("in=notin", {"in": "notin"}, True),  # keywords are identifiers where keys/values go
    ],
)
def test_matches(selector, labels, expected):
    assert parse_selector(selector).matches(labels) is expected


def test_matches_none_labels():
    assert parse_selector("!app").matches(None) is True
    assert parse_selector("app").matches(None) is False


# --- canonical String() (selector.go) -----------------------------------------------


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("app=web", "app=web"),
        ("app==web", "app==web"),
        ("app!=web", "app!=web"),
        ("env in (qa,dev)", "env in (dev,qa)"),
        ("env notin (prod, dev)", "env notin (dev,prod)"),
        ("env   in(dev)", "env in (dev)"),
        ("app", "app"),
        ("!app", "!app"),
        ("  ! app ", "!app"),
        ("replicas>5", "replicas>5"),
        ("replicas < 5", "replicas<5"),
        ("tier=db,app=web", "app=web,tier=db"),  # sorted by key
        ("b,a,!c", "a,b,!c"),  # '!' is not part of the key when sorting
        ("app=", "app="),
        ("env in ()", "env in ()"),
        ("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
        ("x in (a,a,b)", "x in (a,b)"),
        ("x in (,)", "x in ()"),
        ("app.kubernetes.io/name=web", "app.kubernetes.io/name=web"),
        ("a in (in,notin)", "a in (in,notin)"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_canonical_string(text, canonical):
    assert str(parse_selector(text)) == canonical


def test_parsed_requirements_are_sorted_and_deduplicated():
    sel = parse_selector("tier notin (b,a,a), app=web")
    assert sel.requirements == (Requirement("app", "=", ("web",)), Requirement("tier", "notin", ("a", "b")))


def test_requirement_string_sorts_values_without_mutating():
    req = Requirement("env", "in", ("qa", "dev"))
    assert str(req) == "env in (dev,qa)"
    assert req.values == ("qa", "dev")


# --- parse errors (selector.go Parse) ---------------------------------------------

PARSE_ERRORS = [
    ("app in web", "unable to parse requirement: found 'web' expected: '('"),
    ("app in (web", "unable to parse requirement: found '', expected: ',' or ')'"),
    ("app in (", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
    ("type=app,versionv1.0.1)", "unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt"),
    ("version v1", "unable to parse requirement: found 'v1', expected: in, notin, =, ==, !=, gt, lt"),
    ("kdl/description=First nginx Pod", "found 'nginx', expected: ',' or 'end of string'"),
    ("app=web,", "found '', expected: identifier after ','"),
    ("=web", "found '=', expected: !, identifier, or 'end of string'"),
    ("app=a/b", f'unable to parse requirement: values[0][app]: Invalid value: "a/b": {VALUE_MSG}'),
    (
        "replicas>abc",
        "unable to parse requirement: values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' operators, "
        "the value must be an integer",
    ),
    # further paths through the same parser
    ("app in", "unable to parse requirement: found '' expected: '('"),
    ("app in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"),
    ("app in (a,=", "unable to parse requirement: found '=', expected: ',', or identifier"),
    ("app in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
    ("app==(", "unable to parse requirement: found '(', expected: identifier"),
    ("!", "unable to parse requirement: found '', expected: identifier"),
    ("!,a", "unable to parse requirement: found ',', expected: identifier"),
    ("!a=b", "found '=', expected: ',' or 'end of string'"),
    ("!=web", "found '!=', expected: !, identifier, or 'end of string'"),
    (",", "found ',', expected: !, identifier, or 'end of string'"),
    ("app,,env", "found ',', expected: identifier after ','"),
    ("app=web)", "found ')', expected: ',' or 'end of string'"),
    (
        "replicas>",
        "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, "
        "the value must be an integer",
    ),
    ("replicas>-1", f'unable to parse requirement: values[0][replicas]: Invalid value: "-1": {VALUE_MSG}'),
    (
        "replicas>a/b",
        "unable to parse requirement: [values[0]: Invalid value: \"a/b\": for 'Gt', 'Lt' operators, "
        f'the value must be an integer, values[0][replicas]: Invalid value: "a/b": {VALUE_MSG}]',
    ),
    ("*bar", f'unable to parse requirement: <nil>: Invalid value: "*bar": {KEY_NAME_MSG}'),
    (
        "a/b/c=x",
        'unable to parse requirement: <nil>: Invalid value: "a/b/c": a valid label key must consist of alphanumeric '
        "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
        "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
        "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ),
    ("a in (,,)", "unable to parse requirement: found ')', expected: ',', or identifier"),  # sic, as in Go
    ("a in (x,,)", "unable to parse requirement: found ')', expected: ',', or identifier"),
    ("app/", f'unable to parse requirement: <nil>: Invalid value: "app/": name part must be non-empty; {KEY_NAME_MSG}'),
]


@pytest.mark.parametrize("text, message", PARSE_ERRORS)
def test_parse_errors(text, message):
    with pytest.raises(SelectorParseError) as info:
        parse_selector(text)
    assert info.value.message == message
    assert isinstance(info.value, KubeSimError)


def test_full_kubectl_line_can_be_built_from_the_message():
    with pytest.raises(SelectorParseError) as info:
        parse_selector("type=app,versionv1.0.1)")
    line = (
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector '
        f'"type=app,versionv1.0.1)", field selector "": {info.value.message}'
    )
    assert line == (
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector '
        '"type=app,versionv1.0.1)", field selector "": unable to parse requirement: found \')\', expected: '
        "in, notin, =, ==, !=, gt, lt"
    )


# --- Selector API ---------------------------------------------------------------


def test_empty_and_nothing():
    assert EVERYTHING.empty() and str(EVERYTHING) == "" and EVERYTHING.matches({"a": "b"})
    assert parse_selector("").empty()
    assert not NOTHING.empty()
    assert str(NOTHING) == ""
    assert not NOTHING.matches({}) and not NOTHING.matches({"app": "web"})
    assert NOTHING != EVERYTHING
    assert NOTHING.add(Requirement("a", "exists")) is NOTHING
    assert not parse_selector("app").empty()


@pytest.mark.parametrize(
    "text, pairs",
    [
        ("app=web", (("app", "web"),)),
        ("app==web,tier in (db)", (("app", "web"), ("tier", "db"))),
        ("tier in (db,cache)", ()),
        ("app!=web,env notin (a),x,!y,r>1", ()),
        ("b=2,a=1", (("a", "1"), ("b", "2"))),
        ("", ()),
    ],
)
def test_equality_pairs(text, pairs):
    assert parse_selector(text).equality_pairs() == pairs


def test_equality_pairs_of_nothing():
    assert NOTHING.equality_pairs() == ()


def test_selector_constructor_sorts_by_key():
    sel = Selector((Requirement("b", "="), Requirement("a", "exists")))
    assert [r.key for r in sel.requirements] == ["a", "b"]
    assert sel.add(Requirement("0", "!")).requirements[0].key == "0"


@pytest.mark.parametrize(
    "key, op, values, message",
    [
        ("app", "in", [], "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
        (
            "app",
            "=",
            ["a", "b"],
            'values: Invalid value: ["a","b"]: exact-match compatibility requires one single value',
        ),
        (
            "app",
            "exists",
            ["a"],
            'values: Invalid value: ["a"]: values set must be empty for exists and does not exist',
        ),
        (
            "app",
            "gt",
            ["1", "2"],
            "values: Invalid value: [\"1\",\"2\"]: for 'Gt', 'Lt' operators, exactly one value is required",
        ),
        (
            "app",
            "Equals",
            ["a"],
            'operator: Unsupported value: "Equals": supported values: '
            '"in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
        ),
        ("my key", "exists", [], f'key: Invalid value: "my key": {KEY_NAME_MSG}'),
    ],
)
def test_new_requirement_errors(key, op, values, message):
    with pytest.raises(SelectorParseError) as info:
        new_requirement(key, op, values)
    assert info.value.message == message


# --- selectors in objects (helpers.go LabelSelectorAsSelector) -------------------


def test_selector_from_map_is_equality_only():
    sel = selector_from_map({"tier": "backend", "app": "web"})
    assert str(sel) == "app=web,tier=backend"
    assert sel.matches({"app": "web", "tier": "backend", "x": "y"})
    assert not sel.matches({"app": "web"})
    assert sel.equality_pairs() == (("app", "web"), ("tier", "backend"))
    assert selector_from_map({}) == EVERYTHING and selector_from_map(None) == EVERYTHING


@pytest.mark.parametrize(
    "match_labels, match_expressions, canonical, matching, not_matching",
    [
        ({"app": "web"}, None, "app=web", {"app": "web"}, {"app": "db"}),
        (
            {"app": "web"},
            [{"key": "tier", "operator": "In", "values": ["db", "backend"]}],
            "app=web,tier in (backend,db)",
            {"app": "web", "tier": "db"},
            {"app": "web"},
        ),
        (None, [{"key": "env", "operator": "NotIn", "values": ["prod"]}], "env notin (prod)", {}, {"env": "prod"}),
        (None, [{"key": "canary", "operator": "Exists"}], "canary", {"canary": ""}, {}),
        (None, [{"key": "canary", "operator": "DoesNotExist"}], "!canary", {}, {"canary": "yes"}),
        ({}, [], "", {}, None),  # empty {} selector: matches everything
        ({}, None, "", {"a": "b"}, None),
    ],
)
def test_selector_from_label_selector(match_labels, match_expressions, canonical, matching, not_matching):
    sel = selector_from_label_selector(match_labels, match_expressions)
    assert str(sel) == canonical
    assert sel.matches(matching)
    if not_matching is not None:
        assert not sel.matches(not_matching)


def test_nil_label_selector_matches_nothing():
    assert selector_from_label_selector(None, None) is NOTHING
    assert label_selector_as_selector(None) is NOTHING
    assert label_selector_as_selector(LabelSelector()) == EVERYTHING
    assert str(label_selector_as_selector(LabelSelector(match_labels={"app": "web"}))) == "app=web"
    in_expression = LabelSelectorRequirement(key="tier", operator="In", values=["web", "api"])
    assert str(label_selector_as_selector(LabelSelector(match_expressions=[in_expression]))) == "tier in (api,web)"


@pytest.mark.parametrize(
    "match_labels, match_expressions, message",
    [
        (
            None,
            [{"key": "app", "operator": "Equals", "values": ["web"]}],
            '"Equals" is not a valid label selector operator',
        ),
        (
            None,
            [{"key": "app", "operator": "In"}],
            "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
        ),
        ({"app": "a b"}, None, f'values[0][app]: Invalid value: "a b": {VALUE_MSG}'),
    ],
)
def test_selector_from_label_selector_errors(match_labels, match_expressions, message):
    with pytest.raises(SelectorParseError) as info:
        selector_from_label_selector(match_labels, match_expressions)
    assert info.value.message == message


@pytest.mark.parametrize(
    "match_labels, match_expressions, expected",
    [
        (None, None, "<none>"),
        ({}, [], "<none>"),
        ({"app": "web"}, None, "app=web"),
        (
            {"tier": "db", "app": "web"},
            [{"key": "env", "operator": "NotIn", "values": ["prod", "dev"]}],
            "app=web,env notin (dev,prod),tier=db",
        ),
        (None, [{"key": "app", "operator": "Equals", "values": ["web"]}], "<error>"),
    ],
)
def test_format_label_selector(match_labels, match_expressions, expected):
    assert format_label_selector(match_labels, match_expressions) == expected


# --- ValidateLabelSelector (meta/v1/validation) -----------------------------------


@pytest.mark.parametrize(
    "match_labels, match_expressions, expected",
    [
        ({"app": "web"}, [{"key": "tier", "operator": "In", "values": ["db"]}], []),
        (None, None, []),
        (
            None,
            [{"key": "tier", "operator": "In", "values": []}],
            [
                "spec.selector.matchExpressions[0].values: Required value: "
                "must be specified when `operator` is 'In' or 'NotIn'"
            ],
        ),
        (
            None,
            [{"key": "tier", "operator": "NotIn"}],
            [
                "spec.selector.matchExpressions[0].values: Required value: "
                "must be specified when `operator` is 'In' or 'NotIn'"
            ],
        ),
        (
            None,
            [{"key": "tier", "operator": "Exists", "values": ["x"]}],
            [
                "spec.selector.matchExpressions[0].values: Forbidden: "
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            ],
        ),
        (
            None,
            [{"key": "tier", "operator": "DoesNotExist", "values": ["x"]}],
            [
                "spec.selector.matchExpressions[0].values: Forbidden: "
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            ],
        ),
        (
            None,
            [
                {"key": "app", "operator": "In", "values": ["a"]},
                {"key": "tier", "operator": "Equals", "values": ["db"]},
            ],
            ['spec.selector.matchExpressions[1].operator: Invalid value: "Equals": not a valid selector operator'],
        ),
        (
            None,
            [{"key": "my key", "operator": "Equals", "values": ["a b"]}],
            [
                'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
                f'spec.selector.matchExpressions[0].key: Invalid value: "my key": {KEY_NAME_MSG}',
                f'spec.selector.matchExpressions[0].values[0]: Invalid value: "a b": {VALUE_MSG}',
            ],
        ),
        (
            {"my key": "a b"},
            None,
            [
                f'spec.selector.matchLabels: Invalid value: "my key": {KEY_NAME_MSG}',
                f'spec.selector.matchLabels: Invalid value: "a b": {VALUE_MSG}',
            ],
        ),
    ],
)
def test_validate_label_selector(match_labels, match_expressions, expected):
    errs = validate_label_selector(match_labels, match_expressions, "spec.selector")
    assert [e.render() for e in errs] == expected


# --- properties -------------------------------------------------------------------

_names = st.from_regex(r"[a-z]([a-z0-9._-]{0,8}[a-z0-9])?", fullmatch=True)
_keys = st.one_of(
    _names, st.builds(lambda p, n: f"{p}/{n}", st.sampled_from(["example.com", "app.kubernetes.io"]), _names)
)
_values = st.one_of(st.just(""), st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9._-]{0,6}[A-Za-z0-9])?", fullmatch=True))
_ws = st.sampled_from(["", " ", "  ", "\t"])


@st.composite
def _requirement_texts(draw):
    key = draw(_keys)
    w1, w2, w3 = draw(_ws), draw(_ws), draw(_ws)
    form = draw(st.sampled_from(["=", "==", "!=", "in", "notin", "exists", "!", ">", "<"]))
    if form == "exists":
        return key
    if form == "!":
        return f"!{w1}{key}"
    if form in (">", "<"):
        return f"{key}{w1}{form}{w2}{draw(st.integers(0, 2**63 - 1))}"
    if form in ("in", "notin"):
        # unique: Go itself rejects two empty values in a row before ')', e.g. "(a,,)"
        vals = draw(st.lists(_values, min_size=1, max_size=4, unique=True))
        return f"{key} {form}{w1}({w2}{(w3 + ',').join(vals)})"
    return f"{key}{w1}{form}{w2}{draw(_values)}"


@st.composite
def _selector_texts(draw):
    return ",".join(draw(st.lists(_requirement_texts(), max_size=5)))


@given(_selector_texts())
def test_canonical_string_round_trips(text):
    sel = parse_selector(text)
    again = parse_selector(str(sel))
    assert again == sel
    assert str(again) == str(sel)


_selector_pieces = st.sampled_from(list("ab=!(),<> \t0-./_") + ["in", "notin", "in ", " notin "])


@given(st.lists(_selector_pieces, max_size=20).map("".join))
def test_parse_only_raises_selector_parse_error_on_selector_like_text(text):
    try:
        sel = parse_selector(text)
    except SelectorParseError as err:
        assert isinstance(err.message, str) and err.message
    else:
        assert parse_selector(str(sel)) == sel


@given(st.text(max_size=40))
def test_parse_only_raises_selector_parse_error_on_arbitrary_text(text):
    try:
        parse_selector(text)
    except SelectorParseError:
        pass


@given(st.dictionaries(_names, _values, max_size=5))
def test_map_selector_matches_its_own_labels_and_round_trips(mapping):
    sel = selector_from_map(mapping)
    assert sel.matches(mapping)
    assert parse_selector(format_labels(mapping) if mapping else "") == sel


@settings(max_examples=50)
@given(st.dictionaries(_names, _values, max_size=4), st.dictionaries(_names, _values, max_size=4))
def test_not_equals_is_the_complement_of_equals(selector_map, labels):
    assume(selector_map)
    for key, value in selector_map.items():
        eq = parse_selector(f"{key}={value}").matches(labels)
        ne = parse_selector(f"{key}!={value}").matches(labels)
        assert eq != ne
