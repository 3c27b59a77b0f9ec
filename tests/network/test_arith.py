"""Shell arithmetic, ``$(( ))``: the evaluator on its own, and each shell's words for its errors.

The expected values and messages are what busybox ash, dash, bash and zsh
print for the same expressions.
"""

from __future__ import annotations

import time

import pytest

from kubesim_nb.network.sh.arith import ArithError, ArithProblem, evaluate
from kubesim_nb.network.sh.dialect import ASH, BASH, DASH, ZSH, Dialect, dialect_for


def value(text: str, dialect: Dialect = ASH, **variables: str) -> int:
    return evaluate(text, dialect.arith, dict(variables))


def error(text: str, dialect: Dialect = ASH, **variables: str) -> ArithError:
    with pytest.raises(ArithError) as caught:
        evaluate(text, dialect.arith, dict(variables))
    return caught.value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1+2", 3),
        (" 1 + 2 ", 3),
        ("\t2 *3\n", 6),
        ("", 0),
        ("  ", 0),
        ("2 + 3 * 4", 14),
        ("(2 + 3) * 4", 20),
        ("10 - 4 - 3", 3),
        ("2 * 3 % 4", 2),
        ("1 + 2 << 1", 6),
        ("7 / 2", 3),
        ("-7 / 2", -3),
        ("7 / -2", -3),
        ("-7 % 3", -1),
        ("7 % -3", 1),
        ("1 << 4", 16),
        ("1 << 65", 2),
        ("-16 >> 2", -4),
        ("1 < 2 == 1", 1),
        ("2 <= 1", 0),
        ("3 >= 3", 1),
        ("1 != 2", 1),
        ("6 & 3", 2),
        ("6 ^ 3", 5),
        ("6 | 3", 7),
        ("1 | 2 ^ 3 & 4", 3),
        ("3 > 2 && 0 || 7", 1),
        ("0 || 0", 0),
        ("!5", 0),
        ("!0", 1),
        ("~5", -6),
        ("- -3", 3),
        ("-(2 + 3)", -5),
        ("+4", 4),
        ("--7", 7),
        ("1 ? 2 : 3", 2),
        ("0 ? 2 : 0 ? 3 : 4", 4),
        ("1 ? 0 ? 5 : 6 : 7", 6),
        ("2 ** 3 ** 2", 512),
        ("-2 ** 2", 4),
        ("2 ** 0", 1),
        ("2 ** 64", 0),
        ("1, 2", 2),
        ("010", 8),
        ("0x1f", 31),
        ("0X1F", 31),
        ("0", 0),
        ("9223372036854775807 + 1", -9223372036854775808),
        ("-9223372036854775808 / -1", -9223372036854775808),
        ("99999999999999999999", 7766279631452241919),
    ],
)
def test_values(text, expected):
    assert value(text) == expected


def test_huge_powers_are_taken_modulo_two_to_the_64():
    started = time.perf_counter()
    assert value("3 ** 1000000000000") == value(str(pow(3, 10**12, 2**64) - 2**64))
    assert time.perf_counter() - started < 1


def test_variables():
    assert value("i + 1", i="4") == 5
    assert value("nosuch + 1") == 1 and value("empty + 1", empty="") == 1
    assert value("y * 2", y="x+2", x="4") == 12  # a value that is itself an expression
    assert value("w + 1", w=" 7 ") == 8
    assert value("y * 2", DASH, y=" 7 ") == 14


def test_assignments_change_the_variables():
    variables = {"i": "4"}
    assert evaluate("i += 3", ASH.arith, variables) == 7 and variables["i"] == "7"
    assert evaluate("x = y = 3", ASH.arith, variables) == 3 and variables["x"] == variables["y"] == "3"
    assert evaluate("i++", ASH.arith, variables) == 7 and variables["i"] == "8"
    assert evaluate("--i", ASH.arith, variables) == 7 and variables["i"] == "7"
    assert evaluate("i <<= 1, i", ASH.arith, variables) == 14
    assert evaluate("i /= 0 ? 1 : 2", ASH.arith, variables) == 7
    assert evaluate("x++ + 1", ASH.arith, variables) == 4 and variables["x"] == "4"
    assert evaluate("a+++b", ASH.arith, {"a": "1", "b": "2"}) == 3  # a++ + b


def test_branches_not_taken_are_not_evaluated():
    variables = {"x": "1"}
    assert evaluate("0 ? x = 5 : 2", ASH.arith, variables) == 2 and variables["x"] == "1"
    assert value("1 ? 5 : 1 / 0") == 5
    assert value("0 && 1 / 0", BASH) == 0 and value("1 || 1 / 0", DASH) == 1
    assert error("0 && 1 / 0", ASH).problem is ArithProblem.DIVISION_BY_ZERO  # busybox evaluates both sides


def test_what_dash_lacks():
    assert value("++i", DASH, i="4") == 4  # + + i
    assert value("--i", DASH, i="4") == 4  # - - i
    assert error("i++", DASH).problem is ArithProblem.OPERAND_EXPECTED
    assert error("2 ** 3", DASH).problem is ArithProblem.OPERAND_EXPECTED
    assert error("1, 2", DASH).problem is ArithProblem.OPERATOR_EXPECTED
    assert error("", DASH).problem is ArithProblem.OPERAND_EXPECTED
    assert error("y", DASH, y="x+2").problem is ArithProblem.ILLEGAL_NUMBER


def test_zsh_reads_a_leading_zero_as_decimal():
    assert value("010", ZSH) == 10 and value("08", ZSH) == 8
    assert error("08").problem is ArithProblem.BAD_NUMBER


@pytest.mark.parametrize(
    "text, problem, token",
    [
        ("1 +", ArithProblem.OPERAND_EXPECTED, "+"),
        ("1 + ", ArithProblem.OPERAND_EXPECTED, "+ "),
        ("* 3", ArithProblem.OPERAND_EXPECTED, "* 3"),
        ("1 2 ", ArithProblem.OPERATOR_EXPECTED, "2 "),
        ("abc def", ArithProblem.OPERATOR_EXPECTED, "def"),
        ("1 ? 2", ArithProblem.COLON_EXPECTED, "2"),
        ("(1", ArithProblem.PAREN_EXPECTED, "1"),
        ("1 )", ArithProblem.OPERATOR_EXPECTED, ")"),
        ("1 = 2", ArithProblem.NOT_ASSIGNABLE, "= 2"),
        ("2 + x = 3", ArithProblem.NOT_ASSIGNABLE, "= 3"),
        ("5 / (3 - 3) + 1", ArithProblem.DIVISION_BY_ZERO, "(3 - 3) + 1"),
        ("5 % 0", ArithProblem.DIVISION_BY_ZERO, "0"),
        ("2 ** -1", ArithProblem.NEGATIVE_EXPONENT, "1"),
        ("08", ArithProblem.BAD_NUMBER, "08"),
        ("0x", ArithProblem.BAD_NUMBER, "0x"),
        ("1abc", ArithProblem.BAD_NUMBER, "1abc"),
        ("@", ArithProblem.OPERAND_EXPECTED, "@"),
    ],
)
def test_errors_say_what_and_where(text, problem, token):
    found = error(text)
    assert (found.problem, found.token, found.expression) == (problem, token, text)


def test_work_is_bounded():
    assert error("r", r="r").problem is ArithProblem.RECURSION
    assert error("a", a="b", b="a").problem is ArithProblem.RECURSION
    doubling = {f"v{n}": f"v{n + 1} + v{n + 1}" for n in range(30)}
    assert error("v0", **doubling).problem is ArithProblem.RECURSION  # 2**30 look-ups are never made
    assert error("(" * 100 + "1" + ")" * 100).problem is ArithProblem.RECURSION
    assert value("-" * 5000 + "1") == 1 and value("!" * 5001 + "1") == 0


@pytest.mark.parametrize(
    "dialect, text, variables, message",
    [
        (ASH, "1/0", {}, "divide by zero"),
        (ASH, "1 +", {}, "arithmetic syntax error"),
        (ASH, "1 ? 2", {}, "malformed ?: operator"),
        (ASH, "r", {"r": "r"}, "expression recursion loop detected"),
        (DASH, " 1/0 ", {}, 'arithmetic expression: division by zero: " 1/0 "'),
        (DASH, "1 +", {}, 'arithmetic expression: expecting primary: "1 +"'),
        (DASH, "abc def", {}, 'arithmetic expression: expecting EOF: "abc def"'),
        (DASH, "08", {}, 'arithmetic expression: expecting EOF: "08"'),
        (DASH, "1 ? 2", {}, "arithmetic expression: expecting ':': \"1 ? 2\""),
        (DASH, "(1", {}, "arithmetic expression: expecting ')': \"(1\""),
        (DASH, "y", {"y": "x+2"}, "Illegal number: x+2"),
        (BASH, " 1/0 ", {}, '1/0 : division by 0 (error token is "0 ")'),
        (BASH, "1 + ", {}, '1 + : syntax error: operand expected (error token is "+ ")'),
        (BASH, "abc def", {}, 'abc def: syntax error in expression (error token is "def")'),
        (BASH, "1 ? 2", {}, '1 ? 2: `:\' expected for conditional expression (error token is "2")'),
        (BASH, "(1", {}, '(1: missing `)\' (error token is "1")'),
        (BASH, "1 = 2", {}, '1 = 2: attempted assignment to non-variable (error token is "= 2")'),
        (BASH, "08", {}, '08: value too great for base (error token is "08")'),
        (BASH, "2**-1", {}, '2**-1: exponent less than 0 (error token is "1")'),
        (BASH, "r", {"r": "r"}, 'r: expression recursion level exceeded (error token is "r")'),
        (ZSH, "1/0", {}, "division by zero"),
        (ZSH, "1 +", {}, "bad math expression: operand expected at end of string"),
        (ZSH, "* 3", {}, "bad math expression: operand expected at `* 3'"),
        (ZSH, "1 2 ", {}, "bad math expression: operator expected at `2 '"),
        (ZSH, "1 ? 2", {}, "bad math expression: ':' expected"),
        (ZSH, "1 = 2", {}, "bad math expression: lvalue required"),
        (ZSH, "r", {"r": "r"}, "math recursion limit exceeded: r"),
    ],
)
def test_each_shell_words_its_errors(dialect, text, variables, message):
    assert dialect.arith_message(error(text, dialect, **variables)) == message


def test_dialect_of_a_machines_shell():
    assert [dialect_for(name) for name in ("ash", "dash", "bash", "zsh", "sh")] == [ASH, DASH, BASH, ZSH, ASH]
    assert (ASH.arith_failure_status, DASH.arith_failure_status, BASH.arith_failure_status) == (2, 2, 1)
