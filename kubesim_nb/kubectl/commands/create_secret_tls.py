"""``kubectl create secret tls NAME --cert=FILE --key=FILE``: a ``kubernetes.io/tls`` Secret
(``pkg/cmd/create/create_secret_tls.go``), the pair checked first as Go's ``tls.X509KeyPair`` checks it."""

from __future__ import annotations

import base64
import re
import ssl

from ...api.core import Secret
from ...api.meta import ObjectMeta
from ...errors import UsageError
from ..base import Command, Invocation
from ..data_sources import append_hash_flag, local_path, name_hash
from ..flags import Flag
from ..flagsets import generator_flags
from ..generators import one_name
from ..typed import check_generator_flags, create_built, generated_namespace

__all__ = ["COMMAND"]

FLAGS = [
    append_hash_flag("secret"),
    Flag("cert", usage="Path to PEM encoded public key certificate."),
    *generator_flags(),
    Flag("key", usage="Path to private key associated with given certificate."),
]

HELP = """Create a TLS secret from the given public/private key pair.

 The public/private key pair must exist beforehand. The public key certificate must be .PEM encoded and match
the given private key."""

EXAMPLES = """  # Create a new TLS secret named shop-tls with the given key pair
  kubectl create secret tls shop-tls --cert=path/to/tls.crt --key=path/to/tls.key"""

USAGE = (
    "kubectl create secret tls NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none] "
    "[options]"
)

PEM_BLOCK = re.compile(r"-----BEGIN ([^-\n]*)-----\r?\n.*?-----END \1-----", re.DOTALL)


def _read(path: str, name: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        raise UsageError(f"Cannot read file {name}, open {name}: no such file or directory") from None


def _check_pair(cert: bytes, key: bytes, cert_path: str, key_path: str) -> None:
    """``tls.X509KeyPair``: a CERTIFICATE block, a PRIVATE KEY block, and a key that matches the certificate."""
    cert_types = PEM_BLOCK.findall(cert.decode("utf-8", errors="replace"))
    if "CERTIFICATE" not in cert_types:
        if not cert_types:
            raise UsageError("tls: failed to find any PEM data in certificate input")
        if len(cert_types) == 1 and cert_types[0].endswith("PRIVATE KEY"):
            raise UsageError(
                "tls: failed to find certificate PEM data in certificate input, but did find a private key; "
                "PEM inputs may have been switched"
            )
        raise UsageError(
            'tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the '
            f"following types: [{' '.join(cert_types)}]"
        )
    skipped = []
    for block_type in PEM_BLOCK.findall(key.decode("utf-8", errors="replace")):
        if block_type == "PRIVATE KEY" or block_type.endswith(" PRIVATE KEY"):
            break
        skipped.append(block_type)
    else:
        if not skipped:
            raise UsageError("tls: failed to find any PEM data in key input")
        if skipped == ["CERTIFICATE"]:
            raise UsageError("tls: found a certificate rather than a key in the PEM for the private key")
        raise UsageError(
            'tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM '
            f"blocks of the following types: [{' '.join(skipped)}]"
        )
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_cert_chain(cert_path, key_path)
    except ssl.SSLError as err:
        if "KEY_VALUES_MISMATCH" in str(err):
            raise UsageError("tls: private key does not match public key") from None
        raise UsageError("tls: failed to parse private key") from None


def run(inv: Invocation) -> int:
    name = one_name(inv, "create secret tls")
    check_generator_flags(inv)
    if not inv.flag("cert") or not inv.flag("key"):
        raise UsageError("key and cert must be specified")
    cert_path, key_path = local_path(inv, inv.flag("cert")), local_path(inv, inv.flag("key"))
    cert, key = _read(cert_path, inv.flag("cert")), _read(key_path, inv.flag("key"))
    _check_pair(cert, key, cert_path, key_path)
    data = {"tls.crt": base64.b64encode(cert).decode(), "tls.key": base64.b64encode(key).decode()}
    if inv.flag("append-hash"):
        name = f"{name}-{name_hash({'kind': 'Secret', 'type': 'kubernetes.io/tls', 'name': name, 'data': data})}"
    secret = Secret(
        metadata=ObjectMeta(name=name, namespace=generated_namespace(inv)), data=data, type="kubernetes.io/tls"
    )
    return create_built(inv, secret, "failed to create secret ")


COMMAND = Command(
    "create secret tls",
    "Create a TLS secret",
    HELP,
    FLAGS,
    run,
    examples=EXAMPLES,
    usage=USAGE,
    kubeconfig_use="rest",
)
