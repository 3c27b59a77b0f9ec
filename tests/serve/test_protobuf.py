"""Protobuf request bodies: what real kubectl sends decodes to what it would have sent as JSON.

The fixtures were captured from real kubectl 1.37.1 by ``capture_protobuf.py`` (run by hand): ``<case>.pb`` is the
body of the command's POST and ``<case>.json`` what the same command prints with ``--dry-run=client -o json``.
Messages kubectl does not print (TokenRequest, SelfSubjectAccessReview) and the special JSON forms no generator
sends are checked against the flags, or against bodies built here field by field (numbers from ``generated.proto``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubesim_nb.api import codec, kinds
from kubesim_nb.serve.protobuf import MAGIC, ProtobufError, decode

FIXTURES = Path(__file__).with_name("fixtures")
PRINTED = sorted(path.stem for path in FIXTURES.glob("*.json"))
BODIES = sorted(FIXTURES.glob("*.pb"))


def body_of(case: str) -> bytes:
    return (FIXTURES / f"{case}.pb").read_bytes()


# --- bodies built field by field ---------------------------------------------------------------------------------


def varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # a negative integer is its 64-bit two's complement, ten bytes long
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def number(field: int, value: int) -> bytes:
    return varint(field << 3) + varint(value)


def nested(field: int, payload: bytes | str) -> bytes:
    """A length-delimited field: a string, bytes or a message."""
    data = payload.encode() if isinstance(payload, str) else payload
    return varint(field << 3 | 2) + varint(len(data)) + data


def envelope(api_version: str, kind: str, raw: bytes) -> bytes:
    """runtime.Unknown: typeMeta {apiVersion = 1, kind = 2} = 1, raw = 2."""
    return MAGIC + nested(1, nested(1, api_version) + nested(2, kind)) + nested(2, raw)


def named(name: str) -> bytes:
    """metadata (= 1 in every kind): ObjectMeta with name = 1."""
    return nested(1, nested(1, name))


# --- what kubectl sends ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", PRINTED)
def test_a_body_decodes_to_the_object_kubectl_prints(case: str) -> None:
    assert decode(body_of(case)) == json.loads((FIXTURES / f"{case}.json").read_text())


def test_every_generator_is_covered() -> None:
    kinds = {decode(path.read_bytes())["kind"] for path in BODIES}
    assert kinds == {
        "ConfigMap",
        "CronJob",
        "Deployment",
        "Ingress",
        "Job",
        "Namespace",
        "Secret",
        "SelfSubjectAccessReview",
        "Service",
        "ServiceAccount",
        "TokenRequest",
    }


@pytest.mark.parametrize("case", PRINTED)
def test_the_simulator_reads_what_a_body_decodes_to(case: str) -> None:
    obj = decode(body_of(case))
    kind = kinds.kind_for(obj["apiVersion"], obj["kind"])
    if kind is None:
        pytest.skip(f"the simulator has no {obj['kind']}")
    codec.decode(kind, obj)  # strict: an unknown field or a wrong type raises


def test_an_explicit_zero_in_a_pointer_field_is_kept() -> None:
    assert decode(body_of("create-deployment-zero"))["spec"]["replicas"] == 0  # not unset, which defaults to 1


@pytest.mark.parametrize(
    ("case", "spec"),
    [
        ("create-token", {"audiences": ["api", "vault"], "expirationSeconds": 3600}),
        (
            "create-token-bound",  # BoundObjectReference's proto name is uID, its JSON name uid
            {
                "boundObjectRef": {
                    "kind": "Pod",
                    "apiVersion": "v1",
                    "name": "web-0",
                    "uid": "0b7f0d4e-6d5b-4e8b-9a51-0f3c1c2d9e11",
                }
            },
        ),
    ],
)
def test_create_token_sends_a_token_request(case: str, spec: dict) -> None:
    assert decode(body_of(case)) == {
        "kind": "TokenRequest",
        "apiVersion": "authentication.k8s.io/v1",
        "metadata": {},
        "spec": spec,
        "status": {"token": "", "expirationTimestamp": None},  # Go writes both: neither is omitempty
    }


@pytest.mark.parametrize(
    ("case", "spec"),
    [
        ("auth-can-i", {"resourceAttributes": {"namespace": "dev", "verb": "create", "resource": "pods"}}),
        ("auth-can-i-subresource", {"resourceAttributes": {"verb": "get", "resource": "pods", "subresource": "log"}}),
        ("auth-can-i-nonresource", {"nonResourceAttributes": {"path": "/logs", "verb": "get"}}),
    ],
)
def test_auth_can_i_sends_a_self_subject_access_review(case: str, spec: dict) -> None:
    assert decode(body_of(case)) == {
        "kind": "SelfSubjectAccessReview",
        "apiVersion": "authorization.k8s.io/v1",
        "metadata": {},
        "spec": spec,
        "status": {"allowed": False},
    }


# --- the JSON forms of their own, and the wire format's corners --------------------------------------------------


def test_time_is_rfc3339_in_whole_seconds_and_a_zero_time_is_left_out() -> None:
    created = nested(1, nested(1, "dev") + nested(8, number(1, 1_700_000_000) + number(2, 999)))
    assert decode(envelope("v1", "Namespace", created))["metadata"] == {
        "name": "dev",
        "creationTimestamp": "2023-11-14T22:13:20Z",
    }
    unset = nested(1, nested(1, "dev") + nested(8, b""))
    assert decode(envelope("v1", "Namespace", unset))["metadata"] == {"name": "dev"}


def test_micro_time_keeps_the_microseconds() -> None:
    event = named("e") + nested(10, number(1, 1_700_000_000) + number(2, 123_456_789))
    assert decode(envelope("v1", "Event", event))["eventTime"] == "2023-11-14T22:13:20.123456Z"


def test_quantities_are_strings() -> None:
    hard = nested(1, nested(1, "cpu") + nested(2, nested(1, "500m"))) + nested(
        1, nested(1, "memory") + nested(2, nested(1, "1Gi"))
    )
    quota = named("q") + nested(2, hard)
    assert decode(envelope("v1", "ResourceQuota", quota))["spec"] == {"hard": {"cpu": "500m", "memory": "1Gi"}}


def test_a_raw_extension_is_its_json() -> None:
    revision = named("r") + nested(2, nested(1, b'{"spec": {"replicas": 2}}')) + number(3, 4)
    assert decode(envelope("apps/v1", "ControllerRevision", revision)) == {
        "kind": "ControllerRevision",
        "apiVersion": "apps/v1",
        "metadata": {"name": "r"},
        "data": {"spec": {"replicas": 2}},
        "revision": 4,
    }


def test_a_message_go_declares_as_a_slice_is_a_list() -> None:
    extra = nested(5, nested(1, "scopes") + nested(2, nested(1, "a") + nested(1, "b")))
    review = named("r") + nested(2, extra)
    assert decode(envelope("authorization.k8s.io/v1", "SubjectAccessReview", review))["spec"] == {
        "extra": {"scopes": ["a", "b"]}
    }


def test_an_embedded_struct_is_flattened_into_its_parent() -> None:
    volume = nested(1, "cache") + nested(2, nested(2, b""))  # Volume{name, VolumeSource{emptyDir: {}}}
    pod = named("p") + nested(2, nested(1, volume))
    assert decode(envelope("v1", "Pod", pod))["spec"] == {"volumes": [{"name": "cache", "emptyDir": {}}]}


def test_repeated_integers_may_be_packed_or_not() -> None:
    packed = nested(4, varint(1) + varint(2))
    unpacked = number(4, 3)
    pod = named("p") + nested(2, nested(14, packed + unpacked))
    assert decode(envelope("v1", "Pod", pod))["spec"] == {"securityContext": {"supplementalGroups": [1, 2, 3]}}


def test_negative_integers_and_the_last_of_repeated_singular_fields() -> None:
    deployment = named("d") + nested(2, number(1, 5) + number(1, -1))
    assert decode(envelope("apps/v1", "Deployment", deployment))["spec"] == {"replicas": -1}


def test_unknown_fields_are_skipped_and_map_entries_default_to_the_zero_value() -> None:
    config = named("c") + nested(2, nested(1, "empty")) + number(99, 7) + nested(98, b"later")
    assert decode(envelope("v1", "ConfigMap", config)) == {
        "kind": "ConfigMap",
        "apiVersion": "v1",
        "metadata": {"name": "c"},
        "data": {"empty": ""},
    }


def test_invalid_utf8_becomes_the_replacement_character_as_in_go_json() -> None:
    assert decode(envelope("v1", "Namespace", named(b"a\xffb")))["metadata"] == {"name": "a\ufffdb"}


# --- errors ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty data"),
        (b'{"kind": "Namespace"}', "provided data does not appear to be a protobuf message, expected prefix"),
        (MAGIC, "empty body"),
        (body_of("create-deployment")[:100], "unexpected EOF"),
        (MAGIC + b"\x0a", "unexpected EOF"),
        (MAGIC + b"\x08" + b"\xff" * 11, "proto: integer overflow"),
        (MAGIC + b"\x00", "proto: illegal tag 0"),
        (MAGIC + b"\x0b", "proto: illegal wireType 3"),
        (envelope("v1", "", b""), "Object 'Kind' is missing"),
        (envelope("v1", "Widget", b""), 'no kind "Widget" is registered for version "v1"'),
        (envelope("v1", "PodSpec", b""), 'no kind "PodSpec" is registered for version "v1"'),
        (envelope("policy/v1", "Eviction", b""), 'no kind "Eviction" is registered for version "policy/v1"'),
        (envelope("v1", "Namespace", number(1, 5)), "proto: wrong wireType = 0 for field metadata"),
        (envelope("v1", "Namespace", nested(1, number(1, 5))), "proto: wrong wireType = 0 for field name"),
        (envelope("v1", "ConfigMap", number(2, 5)), "proto: wrong wireType = 0 for field data"),
        (envelope("apps/v1", "ControllerRevision", nested(2, nested(1, b"\x01"))), "embedded object is not JSON"),
        (envelope("v1", "Event", nested(10, number(1, 1 << 62))), "time out of range"),
    ],
)
def test_a_malformed_body_raises_one_clear_error(body: bytes, message: str) -> None:
    with pytest.raises(ProtobufError, match=message.replace("(", r"\(").replace("[", r"\[")):
        decode(body)


@settings(max_examples=300, derandomize=True)
@given(case=st.sampled_from(BODIES), position=st.integers(min_value=0), replacement=st.binary(max_size=3))
def test_a_damaged_body_decodes_or_raises_protobuf_error(case: Path, position: int, replacement: bytes) -> None:
    body = case.read_bytes()
    position %= len(body)
    damaged = body[:position] + replacement + body[position + len(replacement) + 1 :]
    try:
        assert isinstance(decode(damaged), dict)
    except ProtobufError:
        pass
