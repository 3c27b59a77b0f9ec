"""Where Go's ``encoding/json`` decoder stops on a manifest, and what it says (``encoding/json/scanner.go``).

kubectl reads a stream that starts with ``{`` as JSON first
(k8s.io/apimachinery ``pkg/util/yaml/decoder.go YAMLOrJSONDecoder``); when the
JSON is broken and the text is not YAML either, the JSON decoder's error is the
one kubectl prints: ``unexpected EOF``, or ``json: offset N: invalid character
'x' after object key`` with N the bytes read up to and including the culprit.
"""

from __future__ import annotations

from typing import Callable

__all__ = ["JsonStop", "first_json_value"]

_SPACE = b" \t\r\n"
_HEX = b"0123456789abcdefABCDEF"
_DIGITS = b"0123456789"


class JsonStop(Exception):
    """The decoder's error for the first value of the stream (its text as kubectl prints it)."""


def _quote_char(byte: int) -> str:
    """scanner.go quoteChar: ``'x'``, with Go's escapes for what is not printable."""
    if byte == ord("'"):
        return "'\\''"
    if byte == ord('"'):
        return "'\"'"
    escapes = {ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r", ord("\\"): "\\\\", 7: "\\a", 8: "\\b"}
    escapes.update({12: "\\f", 11: "\\v"})
    if byte in escapes:
        return f"'{escapes[byte]}'"
    if byte < 0x20 or byte == 0x7F:
        return f"'\\x{byte:02x}'"
    return f"'{chr(byte)}'" if byte < 0x80 else "'\\ufffd'"


class _Scanner:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def fail(self, context: str) -> None:
        raise JsonStop(f"json: offset {self.pos + 1}: invalid character {_quote_char(self.data[self.pos])} {context}")

    def peek(self) -> int:
        if self.pos >= len(self.data):
            raise JsonStop("unexpected EOF")
        return self.data[self.pos]

    def skip_space(self) -> int:
        while self.peek() in _SPACE:
            self.pos += 1
        return self.data[self.pos]

    def value(self) -> None:
        byte = self.skip_space()
        if byte == ord("{"):
            self.pos += 1
            self.members(b"}", self.key_value, "after object key:value pair")
        elif byte == ord("["):
            self.pos += 1
            self.members(b"]", self.value, "after array element")
        elif byte == ord('"'):
            self.string()
        elif byte == ord("-") or byte in _DIGITS:
            self.number()
        elif byte in b"tfn":
            self.literal({ord("t"): b"true", ord("f"): b"false", ord("n"): b"null"}[byte])
        else:
            self.fail("looking for beginning of value")

    def members(self, close: bytes, member: Callable[[], None], after: str) -> None:
        """The members of an object or an array, separated by commas, up to ``close``."""
        if self.skip_space() == close[0]:
            self.pos += 1
            return
        while True:
            member()
            byte = self.skip_space()
            if byte == close[0]:
                self.pos += 1
                return
            if byte != ord(","):
                self.fail(after)
            self.pos += 1

    def key_value(self) -> None:
        if self.skip_space() != ord('"'):
            self.fail("looking for beginning of object key string")
        self.string()
        if self.skip_space() != ord(":"):
            self.fail("after object key")
        self.pos += 1
        self.value()

    def string(self) -> None:
        self.pos += 1
        while True:
            byte = self.peek()
            if byte == ord('"'):
                self.pos += 1
                return
            if byte < 0x20:
                self.fail("in string literal")
            self.pos += 1
            if byte == ord("\\"):
                if self.peek() not in b'"\\/bfnrtu':
                    self.fail("in string escape code")
                if self.data[self.pos] == ord("u"):
                    for _ in range(4):
                        self.pos += 1
                        if self.peek() not in _HEX:
                            self.fail("in \\u hexadecimal character escape")
                self.pos += 1

    def digits(self, context: str) -> None:
        if self.peek() not in _DIGITS:
            self.fail(context)
        while self.pos < len(self.data) and self.data[self.pos] in _DIGITS:
            self.pos += 1

    def number(self) -> None:
        if self.data[self.pos] == ord("-"):
            self.pos += 1
        if self.peek() == ord("0"):
            self.pos += 1
        else:
            self.digits("in numeric literal")
        if self.pos < len(self.data) and self.data[self.pos] == ord("."):
            self.pos += 1
            self.digits("after decimal point in numeric literal")
        if self.pos < len(self.data) and self.data[self.pos] in b"eE":
            self.pos += 1
            if self.peek() in b"+-":
                self.pos += 1
            self.digits("in exponent of numeric literal")

    def literal(self, word: bytes) -> None:
        for expected in word:
            if self.peek() != expected:
                self.fail(f"in literal {word.decode()} (expecting {_quote_char(expected)})")
            self.pos += 1


def first_json_value(data: bytes) -> int:
    """The byte offset where the stream's first JSON value ends; :class:`JsonStop` if it is broken."""
    scanner = _Scanner(data)
    scanner.value()
    return scanner.pos
