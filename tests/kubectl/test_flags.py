"""pflag's parsing rules, as kubesim's kubectl applies them (the conformance cases compare the messages)."""

from __future__ import annotations

import pytest

from kubesim_nb.errors import UsageError
from kubesim_nb.kubectl.flags import Flag, go_duration, parse_flags, parse_go_duration, parse_go_int

FLAGS = [
    Flag("namespace", "n"),
    Flag("stdin", "i", "bool"),
    Flag("tty", "t", "bool"),
    Flag("replicas", "r", "int", 1, bits=32),
    Flag("timeout", kind="duration"),
    Flag("tcp", kind="list"),
    Flag("env", kind="array", default=["A=1"]),
    Flag("filename", "f", "list", deprecated="it is ignored"),
]


def parse(line: str):
    return parse_flags(line.split(), FLAGS, "run")


def test_values_in_every_spelling():
    args = parse("web -itn dev --replicas 0x10 --timeout=1m30s --tcp=80:8080,443 --tcp 5000 --env B=2 -- sh -c")
    assert args.positional == ["web"] and args.rest == ["sh", "-c"] and args.dash_at == 1
    assert (args["stdin"], args["tty"], args["namespace"], args["replicas"]) == (True, True, "dev", 16)
    assert args["timeout"] == 90 and args["tcp"] == ["80:8080", "443", "5000"] and args["env"] == ["B=2"]
    assert args.given == {"stdin", "tty", "namespace", "replicas", "timeout", "tcp", "env"}
    assert parse("-n=shop")["namespace"] == "shop"
    assert parse_flags(["--dry_run=client"], [Flag("dry-run")], "run")["dry-run"] == "client"  # "_" is "-"


@pytest.mark.parametrize(
    "line, message",
    [
        ("-r", "flag needs an argument: 'r' in -r"),
        ("-ir", "flag needs an argument: 'r' in -r"),
        ("--replicas=", 'invalid argument "" for "-r, --replicas" flag: strconv.ParseInt: parsing "": invalid syntax'),
        ("-r 08", 'invalid argument "08" for "-r, --replicas" flag: strconv.ParseInt: parsing "08": invalid syntax'),
        (
            "-r 3000000000",
            'invalid argument "3000000000" for "-r, --replicas" flag: strconv.ParseInt: parsing "3000000000": value '
            "out of range",
        ),
        (
            "--stdin=yes",
            'invalid argument "yes" for "-i, --stdin" flag: strconv.ParseBool: parsing "yes": invalid syntax',
        ),
        ("--timeout=5", 'invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"'),
        ("--timeout=1d", 'invalid argument "1d" for "--timeout" flag: time: unknown unit "d" in duration "1d"'),
        ("-iz", "unknown shorthand flag: 'z' in -z"),
        ("---n dev", "bad flag syntax: ---n"),
        ("--colour", "unknown flag: --colour"),
    ],
)
def test_pflag_errors(line, message):
    with pytest.raises(UsageError) as caught:
        parse(line)
    assert (caught.value.message, caught.value.hint) == (message, "See 'kubectl run --help' for usage.")


def test_a_deprecated_flag_works_and_warns():
    args = parse("-f x.yaml")
    assert args["filename"] == ["x.yaml"]
    assert args.warnings == [
        "Flag shorthand -f has been deprecated, it is ignored",
        "Flag --filename has been deprecated, it is ignored",
    ]


def test_go_numbers_and_durations():
    assert [parse_go_int(text) for text in ("0", "-0x1f", "0o17", "017", "1_000", "0b101")] == [0, -31, 15, 15, 1000, 5]
    assert [parse_go_duration(text) for text in ("0", "1.5h", "300ms", "-2m")] == [0, 5400, 0.3, -120]
    assert [go_duration(seconds) for seconds in (0, 20, 60, 5400.5, 0.25)] == [
        "0s",
        "20s",
        "1m0s",
        "1h30m0.5s",
        "250ms",
    ]
