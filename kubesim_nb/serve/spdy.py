"""SPDY/3.1 frames, as the Kubernetes port-forward protocol uses them (without I/O: bytes in, frames out).

This module owns the framing of SPDY draft 3.1 as ``github.com/moby/spdystream/spdy`` (``read.go``,
``write.go``, ``types.go``, ``dictionary.go``) implements it for the kubelet and client-go: 8-byte frame
headers, DATA frames, the control frames SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY,
HEADERS and WINDOW_UPDATE, and header blocks compressed with zlib and the SPDY/3 dictionary, one
compression context per direction for the whole connection.

Flow control: spdystream, on both ends of a real port-forward, neither sends WINDOW_UPDATE nor waits for
one, so a peer that honoured the 64 KiB initial window would stall on large replies. Like spdystream,
:class:`FrameReader` parses WINDOW_UPDATE and SETTINGS and the session lets them pass.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "DICTIONARY",
    "Data",
    "Frame",
    "FrameReader",
    "FrameWriter",
    "GoAway",
    "Headers",
    "Ping",
    "RstStream",
    "Settings",
    "SpdyError",
    "SynReply",
    "SynStream",
    "WindowUpdate",
]

VERSION = 3
FLAG_FIN = 0x01
FLAG_UNIDIRECTIONAL = 0x02
MAX_DATA = 0xFFFFFF
READ_CHUNK = 32 * 1024  # what io.Copy hands spdystream's stream.Write at a time

# RST_STREAM status codes (types.go RstStreamStatus)
PROTOCOL_ERROR = 1
INVALID_STREAM = 2
REFUSED_STREAM = 3
CANCEL = 5
# GOAWAY status codes
GOAWAY_OK = 0
GOAWAY_PROTOCOL_ERROR = 1
GOAWAY_INTERNAL_ERROR = 2

SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE = 1, 2, 3, 4, 6, 7, 8, 9


def _dictionary() -> bytes:
    """The SPDY/3 header compression dictionary (SPDY draft 3, section 2.6.10.1): length-prefixed words,
    then the status lines, dates and media types run together."""
    words = (
        "options head post put delete trace accept accept-charset accept-encoding accept-language "
        "accept-ranges age allow authorization cache-control connection content-base content-encoding "
        "content-language content-length content-location content-md5 content-range content-type date etag "
        "expect expires from host if-match if-modified-since if-none-match if-range if-unmodified-since "
        "last-modified location max-forwards pragma proxy-authenticate proxy-authorization range referer "
        "retry-after server te trailer transfer-encoding upgrade user-agent vary via warning www-authenticate "
        "method get status"
    ).split() + ["200 OK", "version", "HTTP/1.1", "url", "public", "set-cookie", "keep-alive", "origin"]
    prefixed = b"".join(struct.pack(">I", len(w)) + w.encode() for w in words)
    tail = (
        "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
        "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
        "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
        "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
        "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
        "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0."
    )
    return prefixed + tail.encode()


DICTIONARY = _dictionary()


class SpdyError(Exception):
    """The peer broke the framing; the session ends."""


# --------------------------------------------------------------------- frames
@dataclass(frozen=True)
class Data:
    stream_id: int
    data: bytes
    fin: bool = False


@dataclass(frozen=True)
class SynStream:
    stream_id: int
    headers: dict[str, list[str]]
    fin: bool = False
    associated_to: int = 0
    priority: int = 0

    def header(self, name: str) -> str:
        values = self.headers.get(name)
        return values[0] if values else ""


@dataclass(frozen=True)
class SynReply:
    stream_id: int
    headers: dict[str, list[str]] = field(default_factory=dict)
    fin: bool = False


@dataclass(frozen=True)
class Headers:
    stream_id: int
    headers: dict[str, list[str]]
    fin: bool = False


@dataclass(frozen=True)
class RstStream:
    stream_id: int
    status: int


@dataclass(frozen=True)
class Settings:
    values: dict[int, int]


@dataclass(frozen=True)
class Ping:
    id: int


@dataclass(frozen=True)
class GoAway:
    last_good_stream_id: int
    status: int = GOAWAY_OK


@dataclass(frozen=True)
class WindowUpdate:
    stream_id: int
    delta: int


Frame = Union[Data, SynStream, SynReply, Headers, RstStream, Settings, Ping, GoAway, WindowUpdate]


# --------------------------------------------------------------------- reading
class FrameReader:
    """Frames from a byte stream fed in arbitrary pieces (kubectl splits one frame over several
    WebSocket messages)."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.inflate = zlib.decompressobj(zdict=DICTIONARY)

    def feed(self, data: bytes) -> list[Frame]:
        self.buffer += data
        frames: list[Frame] = []
        while len(self.buffer) >= 8:
            first, flags_length = struct.unpack(">II", self.buffer[:8])
            length = flags_length & 0xFFFFFF
            if len(self.buffer) < 8 + length:
                break
            payload = bytes(self.buffer[8 : 8 + length])
            del self.buffer[: 8 + length]
            flags = flags_length >> 24
            if first & 0x80000000:
                frame = self._control((first >> 16) & 0x7FFF, first & 0xFFFF, flags, payload)
            else:
                frame = self._data(first & 0x7FFFFFFF, flags, payload)
            if frame is not None:
                frames.append(frame)
        return frames

    @staticmethod
    def _data(stream_id: int, flags: int, payload: bytes) -> Data:
        if stream_id == 0:
            raise SpdyError("stream id zero is disallowed")
        return Data(stream_id, payload, bool(flags & FLAG_FIN))

    def _control(self, version: int, kind: int, flags: int, payload: bytes) -> Frame | None:
        if version != VERSION:
            raise SpdyError(f"unsupported SPDY version {version}")
        fin = bool(flags & FLAG_FIN)
        try:
            if kind == SYN_STREAM:
                stream_id, associated, priority = struct.unpack(">IIB", payload[:9])
                headers = self._headers(payload[10:])
                return SynStream(stream_id & 0x7FFFFFFF, headers, fin, associated & 0x7FFFFFFF, priority >> 5)
            if kind in (SYN_REPLY, HEADERS):
                (stream_id,) = struct.unpack(">I", payload[:4])
                frame_type = SynReply if kind == SYN_REPLY else Headers
                return frame_type(stream_id & 0x7FFFFFFF, self._headers(payload[4:]), fin)
            if kind == RST_STREAM:
                stream_id, status = struct.unpack(">II", payload[:8])
                return RstStream(stream_id & 0x7FFFFFFF, status)
            if kind == SETTINGS:
                (count,) = struct.unpack(">I", payload[:4])
                pairs = [struct.unpack(">II", payload[4 + 8 * i : 12 + 8 * i]) for i in range(count)]
                return Settings({flag_id & 0xFFFFFF: value for flag_id, value in pairs})
            if kind == PING:
                return Ping(struct.unpack(">I", payload[:4])[0])
            if kind == GOAWAY:
                last, status = struct.unpack(">II", payload[:8])
                return GoAway(last & 0x7FFFFFFF, status)
            if kind == WINDOW_UPDATE:
                stream_id, delta = struct.unpack(">II", payload[:8])
                return WindowUpdate(stream_id & 0x7FFFFFFF, delta & 0x7FFFFFFF)
        except struct.error:
            raise SpdyError(f"invalid control frame (type {kind})") from None
        return None  # an unknown control frame is ignored (SPDY/3 section 2.2.1)

    def _headers(self, block: bytes) -> dict[str, list[str]]:
        try:
            raw = self.inflate.decompress(block)
            headers: dict[str, list[str]] = {}
            (count,) = struct.unpack(">I", raw[:4])
            at = 4
            for _ in range(count):
                (size,) = struct.unpack(">I", raw[at : at + 4])
                name = raw[at + 4 : at + 4 + size].decode("latin-1").lower()
                at += 4 + size
                (size,) = struct.unpack(">I", raw[at : at + 4])
                value = raw[at + 4 : at + 4 + size].decode("latin-1")
                at += 4 + size
                headers.setdefault(name, []).extend(value.split("\0"))
            return headers
        except (zlib.error, struct.error) as err:
            raise SpdyError(f"invalid header block: {err}") from None


# --------------------------------------------------------------------- writing
class FrameWriter:
    """The bytes of the frames the server sends."""

    def __init__(self) -> None:
        self.deflate = zlib.compressobj(zlib.Z_BEST_COMPRESSION, zdict=DICTIONARY)

    @staticmethod
    def _control(kind: int, flags: int, payload: bytes) -> bytes:
        return struct.pack(">HHI", 0x8000 | VERSION, kind, (flags << 24) | len(payload)) + payload

    def _header_block(self, headers: dict[str, list[str]]) -> bytes:
        raw = struct.pack(">I", len(headers))
        for name, values in headers.items():
            value = "\0".join(values).encode("latin-1")
            raw += struct.pack(">I", len(name)) + name.lower().encode("latin-1") + struct.pack(">I", len(value)) + value
        return self.deflate.compress(raw) + self.deflate.flush(zlib.Z_SYNC_FLUSH)

    def syn_reply(self, stream_id: int, headers: dict[str, list[str]] | None = None, fin: bool = False) -> bytes:
        block = self._header_block(headers or {})
        return self._control(SYN_REPLY, FLAG_FIN if fin else 0, struct.pack(">I", stream_id) + block)

    def syn_stream(self, stream_id: int, headers: dict[str, list[str]], fin: bool = False) -> bytes:
        """A new stream (the client's side; the tests speak it)."""
        block = self._header_block(headers)
        return self._control(SYN_STREAM, FLAG_FIN if fin else 0, struct.pack(">IIBB", stream_id, 0, 0, 0) + block)

    @staticmethod
    def data(stream_id: int, data: bytes, fin: bool = False) -> bytes:
        """DATA frames for ``data`` (several when it is large; an empty one carries only FIN)."""
        chunks = [data[i : i + READ_CHUNK] for i in range(0, len(data), READ_CHUNK)] or [b""]
        out = b""
        for index, chunk in enumerate(chunks):
            last = fin and index == len(chunks) - 1
            out += struct.pack(">II", stream_id & 0x7FFFFFFF, ((FLAG_FIN if last else 0) << 24) | len(chunk)) + chunk
        return out

    def rst_stream(self, stream_id: int, status: int) -> bytes:
        return self._control(RST_STREAM, 0, struct.pack(">II", stream_id, status))

    def ping(self, ping_id: int) -> bytes:
        return self._control(PING, 0, struct.pack(">I", ping_id))

    def goaway(self, last_good_stream_id: int, status: int = GOAWAY_OK) -> bytes:
        return self._control(GOAWAY, 0, struct.pack(">II", last_good_stream_id, status))

    def window_update(self, stream_id: int, delta: int) -> bytes:
        return self._control(WINDOW_UPDATE, 0, struct.pack(">II", stream_id, delta))
