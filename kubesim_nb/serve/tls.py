"""HTTPS for ``kubesim serve``: a certificate of its own, and the TLS end of every connection.

The real kubectl sends a kubeconfig's credentials only over TLS (``staging/src/k8s.io/client-go/tools/clientcmd/
client_config.go``: "only try to read the auth information if we are secure"), so a server that wants a bearer
token must speak HTTPS, as kube-apiserver's secure port does. This module owns:

- :class:`Certificates`: a certificate authority and a serving certificate made at each start (ECDSA P-256,
  like kubeadm's ``/etc/kubernetes/pki/ca.crt`` and ``apiserver.crt``), for the loopback's names; the kubeconfig
  carries the authority as ``certificate-authority-data``, the key never leaves the process;
- :class:`TlsFront`: the listening socket. Each accepted connection's TLS is ended here and its plain bytes are
  piped, on one thread per connection, into one end of a socket pair whose other end the HTTP server serves:
  the server, its watches and its upgraded streams (exec, port-forward) read and write an ordinary socket.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import os
import select
import socket
import ssl
import tempfile
import threading
from dataclasses import dataclass
from typing import Callable

__all__ = ["Certificates", "TlsFront"]

POLL_SECONDS = 0.2
HANDSHAKE_SECONDS = 10
SEND_SECONDS = 60  # a client that reads nothing for this long is gone
READ_SIZE = 65536
VALID_DAYS = 365


@dataclass(frozen=True)
class Certificates:
    """A certificate authority (PEM), and the serving certificate and key it signed (PEM)."""

    authority: bytes
    certificate: bytes
    key: bytes

    @classmethod
    def make(cls, hosts: list[str]) -> "Certificates":
        """New certificates for a server reached at ``hosts`` (IP addresses or DNS names)."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

        now = datetime.datetime.now(datetime.timezone.utc)
        ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubesim-ca")])

        def builder(subject: x509.Name, public_key) -> x509.CertificateBuilder:
            return (
                x509.CertificateBuilder()
                .subject_name(subject)
                .issuer_name(ca_name)
                .public_key(public_key)
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5))
                .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            )

        usage = dict(
            content_commitment=False, data_encipherment=False, key_agreement=False, crl_sign=False,
            encipher_only=False, decipher_only=False,
        )  # fmt: skip
        authority = (
            builder(ca_name, ca_key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(digital_signature=True, key_encipherment=False, key_cert_sign=True, **usage),
                critical=True,
            )
            .sign(ca_key, hashes.SHA256())
        )
        names = [_general_name(host) for host in dict.fromkeys(hosts)]
        server = (
            builder(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]), server_key.public_key())
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(digital_signature=True, key_encipherment=True, key_cert_sign=False, **usage),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        pem = serialization.Encoding.PEM
        key = server_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        return cls(authority.public_bytes(pem), server.public_bytes(pem), key)

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.set_alpn_protocols(["http/1.1"])
        # the ssl module loads a chain only from files: give it a file nobody else can read, for a moment
        fd, path = tempfile.mkstemp(suffix=".pem")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.certificate + self.key)
            context.load_cert_chain(path)
        finally:
            os.unlink(path)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client's context that trusts this server's authority only (the ``kubesim`` command's, tests')."""
        return ssl.create_default_context(cadata=self.authority.decode("ascii"))


def _general_name(host: str):
    from cryptography import x509

    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


class TlsFront:
    """The listening socket: accepts, ends TLS, and hands a plain socket to ``serve(sock, client_address)``."""

    def __init__(self, address: str, port: int, context: ssl.SSLContext):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.listener.bind((address, port))
            self.listener.listen(128)
        except OSError:
            self.listener.close()
            raise
        self.context = context
        self._stopping = threading.Event()

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.listener.getsockname()[:2]
        return host, port

    def run(self, serve: Callable[[socket.socket, tuple], None]) -> None:
        """Accept connections until :meth:`stop`."""
        while not self._stopping.is_set():
            try:
                readable, _, _ = select.select([self.listener], [], [], POLL_SECONDS)
                if not readable:
                    continue
                conn, client = self.listener.accept()
            except (OSError, ValueError):  # closed by stop(), or a client gone before it was accepted
                continue
            threading.Thread(target=self._connection, args=(conn, client, serve), daemon=True).start()

    def stop(self) -> None:
        self._stopping.set()
        self.listener.close()

    def _connection(self, conn: socket.socket, client: tuple, serve: Callable[[socket.socket, tuple], None]) -> None:
        conn.settimeout(HANDSHAKE_SECONDS)
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):  # not TLS, or a client that gave up: nothing to serve
            conn.close()
            return
        plain, inner = socket.socketpair()
        serve(inner, client)
        try:
            self._pipe(tls, plain)
        finally:
            plain.close()
            tls.close()

    def _pipe(self, tls: ssl.SSLSocket, plain: socket.socket) -> None:
        """Copy bytes both ways until the server's side closes; the client's end of sending is passed on."""
        tls.settimeout(POLL_SECONDS)
        client_open = True
        while not self._stopping.is_set():
            watched = [tls, plain] if client_open else [plain]
            readable = [tls] if client_open and tls.pending() else select.select(watched, [], [], POLL_SECONDS)[0]
            if tls in readable:
                try:
                    data = tls.recv(READ_SIZE)
                except TimeoutError:  # a TLS record not complete yet
                    data = None
                except (OSError, ssl.SSLError):
                    data = b""
                if data:
                    with contextlib.suppress(OSError):  # the server stopped reading (it answered and closes)
                        plain.sendall(data)
                elif data == b"":
                    client_open = False
                    with contextlib.suppress(OSError):
                        plain.shutdown(socket.SHUT_WR)
            if plain in readable:
                try:
                    data = plain.recv(READ_SIZE)
                except OSError:  # reset: the server closed with the client's bytes unread
                    return
                if not data:
                    return
                tls.settimeout(SEND_SECONDS)
                try:
                    tls.sendall(data)
                except (OSError, ssl.SSLError):
                    return
                tls.settimeout(POLL_SECONDS)
