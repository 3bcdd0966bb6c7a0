"""Signed checkpoints: an Ed25519 signature over (origin, tree size, Merkle root, time).

A checkpoint commits its signer to the whole chain up to ``tree_size``: any later edit, reordering, truncation or
fork either changes that root or fails a consistency proof against it. The signed bytes are
``genesis-lineage/v1/checkpoint\\n`` followed by the RFC 8785 JSON of every field except the signature. Keys are
plain Ed25519 keys from ``cryptography``; public keys travel as PEM files or 64 hex digits.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from genesis.errors import LineageError
from genesis.lineage.documents import require_fields, require_hex
from genesis.lineage.encoding import FORMAT_VERSION, HASH_ALGORITHM, domain_message

__all__ = [
    "SIGNATURE_ALGORITHM",
    "Checkpoint",
    "PublicKeyLike",
    "generate_key",
    "load_private_key",
    "load_public_key",
    "public_key_hex",
    "save_keypair",
    "sign_checkpoint",
]

SIGNATURE_ALGORITHM = "ed25519"
_RAW_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")
PublicKeyLike = Ed25519PublicKey | str | bytes | Path
_FIELDS = frozenset(
    {"version", "hash_algorithm", "signature_algorithm", "origin", "tree_size", "root_hash", "timestamp",
     "public_key", "signature"}
)


def generate_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 signing key (from the operating system's secure random source)."""
    return Ed25519PrivateKey.generate()


def public_key_hex(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """The raw 32-byte public key as 64 lower-case hex digits."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def load_public_key(source: PublicKeyLike) -> Ed25519PublicKey:
    """A public key from a key object, 64 hex digits, PEM bytes or text, or the path of a PEM file."""
    if isinstance(source, Ed25519PublicKey):
        return source
    if isinstance(source, str) and _RAW_HEX_KEY.match(source):
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(source))
    pem = source if isinstance(source, bytes) else None
    if pem is None:
        text = str(source)
        pem = text.encode() if text.lstrip().startswith("-----BEGIN") else _read(Path(text))
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError as error:
        raise LineageError(f"not a PEM public key: {error}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise LineageError(f"expected an Ed25519 public key, got {type(key).__name__}")
    return key


def load_private_key(path: str | Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in the (unencrypted PKCS #8 PEM) file ``path``."""
    try:
        key = serialization.load_pem_private_key(_read(Path(path)), password=None)
    except (ValueError, TypeError) as error:
        raise LineageError(f"{path} is not an unencrypted PEM private key: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise LineageError(f"{path}: expected an Ed25519 private key, got {type(key).__name__}")
    return key


def save_keypair(key: Ed25519PrivateKey, private_path: str | Path) -> Path:
    """Write ``key`` to ``private_path`` (mode 0600) and its public half beside it as ``.pub``; return that path."""
    private_path = Path(private_path)
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_pem)
    public_path = private_path.with_name(private_path.name + ".pub")
    public_path.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                           serialization.PublicFormat.SubjectPublicKeyInfo))
    return public_path


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise LineageError(f"cannot read key file {path}: {error.strerror}") from None


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement "the chain called ``origin`` had ``tree_size`` blocks with Merkle root ``root_hash``".

    The signer's public key travels inside (and is signed); trusting it is a separate decision: pass the key you
    obtained from the signer to :meth:`verify` to pin it.
    """

    origin: str
    tree_size: int
    root_hash: str
    timestamp: str
    public_key: str
    signature: str

    def _message(self) -> bytes:
        body = {k: v for k, v in self.to_dict().items() if k != "signature"}
        return domain_message("checkpoint", body)

    def verify(self, public_key: PublicKeyLike | None = None) -> bool:
        """True when the signature is valid for the embedded key, which must be ``public_key`` if one is given."""
        if public_key is not None and public_key_hex(load_public_key(public_key)) != self.public_key:
            return False
        try:
            load_public_key(self.public_key).verify(bytes.fromhex(self.signature), self._message())
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_dict(self) -> dict[str, Any]:
        """The checkpoint as JSON data, algorithms included."""
        return {
            "version": FORMAT_VERSION,
            "hash_algorithm": HASH_ALGORITHM,
            "signature_algorithm": SIGNATURE_ALGORITHM,
            **asdict(self),
        }

    @classmethod
    def from_dict(cls, d: Any) -> Checkpoint:
        """Parse a checkpoint strictly: exact fields, known algorithms, lower-case hex, positive size."""
        record = require_fields(d, _FIELDS, "checkpoint")
        expected = {"version": FORMAT_VERSION, "hash_algorithm": HASH_ALGORITHM,
                    "signature_algorithm": SIGNATURE_ALGORITHM}
        for name, value in expected.items():
            if record[name] != value:
                raise LineageError(f"checkpoint {name} must be {value!r}, got {record[name]!r}")
        size = record["tree_size"]
        if type(size) is not int or size < 1:
            raise LineageError(f"checkpoint tree_size must be a positive integer, got {size!r}")
        if not isinstance(record["origin"], str) or not isinstance(record["timestamp"], str):
            raise LineageError("checkpoint origin and timestamp must be strings")
        require_hex(record["root_hash"], "checkpoint root_hash")
        require_hex(record["public_key"], "checkpoint public_key")
        require_hex(record["signature"], "checkpoint signature", 64)
        return cls(**{name: record[name] for name in ("origin", "tree_size", "root_hash", "timestamp", "public_key",
                                                      "signature")})


def sign_checkpoint(key: Ed25519PrivateKey, *, origin: str, tree_size: int, root_hash: bytes,
                    timestamp: dt.datetime | None = None) -> Checkpoint:
    """Sign (origin, tree_size, root_hash, time) with ``key``."""
    when = (timestamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat()
    unsigned = Checkpoint(origin=origin, tree_size=tree_size, root_hash=root_hash.hex(), timestamp=when,
                          public_key=public_key_hex(key), signature="")
    return Checkpoint(**{**asdict(unsigned), "signature": key.sign(unsigned._message()).hex()})
