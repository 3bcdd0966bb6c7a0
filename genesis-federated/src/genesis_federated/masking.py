"""Pairwise additive masking: the coordinator learns the sum of the sites' vectors, never one of them.

A simulation of the secure-aggregation protocol of Bonawitz et al. (2017) for an
honest-but-curious coordinator:

1. every site makes an X25519 key pair for the training session and publishes the public key;
2. sites ``a < b`` (by name) agree on a pair key per round and phase, HKDF-SHA256 over their
   X25519 shared secret with ``session|round|phase|a|b`` as context;
3. each vector is encoded in fixed point (``FRACTION_BITS`` fractional bits) as integers modulo
   2**64; site ``a`` adds the ChaCha20 keystream of each pair key, site ``b`` subtracts it, so
   the masks cancel in the sum of all sites;
4. if a site drops out after the others masked their vectors, every survivor reveals its pair
   key with the dropped site for that round and phase only, and the coordinator removes those
   masks. A vector arriving after that must be rejected (this simulation has no second,
   self-mask layer protecting late arrivals).

Example::

    >>> a, b = MaskingKeys(), MaskingKeys()
    >>> keys = {"a": a.public_bytes, "b": b.public_bytes}
    >>> ctx = MaskContext("s", 1, "marginals")
    >>> total = mask("a", a, keys, ctx, encode([1.5])) + mask("b", b, keys, ctx, encode([2.0]))
    >>> decode(total).tolist()
    [3.5]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from genesis.errors import ValidationError

__all__ = ["FRACTION_BITS", "MaskContext", "MaskingKeys", "decode", "encode", "mask", "unmask_dropped"]

#: Fixed-point resolution of masked values: 2**-24 (about 6e-8).
FRACTION_BITS = 24
_SCALE = float(2**FRACTION_BITS)
#: Largest magnitude a masked value (or a sum of them) may have.
LIMIT = float(2 ** (63 - FRACTION_BITS - 1))


@dataclass(frozen=True)
class MaskContext:
    """What a pair key is bound to: the training session, the round and the phase."""

    session: str
    round: int
    phase: str

    def info(self, first: str, second: str) -> bytes:
        """HKDF context for the pair ``first < second``."""
        return f"genesis-federated|{self.session}|{self.round}|{self.phase}|{first}|{second}".encode()


class MaskingKeys:
    """A site's X25519 key pair for one training session (the private key never leaves the site)."""

    def __init__(self) -> None:
        self._private = X25519PrivateKey.generate()

    @property
    def public_bytes(self) -> bytes:
        """The raw 32-byte public key, published through the coordinator."""
        return self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def pair_key(self, me: str, peer: str, peer_public: bytes, context: MaskContext) -> bytes:
        """The 32-byte key this site shares with ``peer`` for ``context`` only."""
        shared = self._private.exchange(X25519PublicKey.from_public_bytes(peer_public))
        first, second = sorted((me, peer))
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context.info(first, second)).derive(shared)


def encode(values: np.ndarray | list[float]) -> np.ndarray:
    """Floats to fixed-point integers modulo 2**64."""
    x = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(x)) or np.any(np.abs(x) >= LIMIT):
        raise ValidationError(f"values to mask must be finite and below {LIMIT:.3g} in magnitude")
    return np.round(x * _SCALE).astype(np.int64).view(np.uint64)


def decode(values: np.ndarray) -> np.ndarray:
    """Fixed-point integers modulo 2**64 back to floats."""
    return np.asarray(values, dtype=np.uint64).view(np.int64) / _SCALE


def _stream(key: bytes, length: int) -> np.ndarray:
    """``length`` pseudo-random 64-bit words: the ChaCha20 keystream of ``key``."""
    encryptor = Cipher(algorithms.ChaCha20(key, bytes(16)), mode=None).encryptor()
    return np.frombuffer(encryptor.update(bytes(8 * length)), dtype=np.uint64)


def mask(
    me: str, keys: MaskingKeys, public_keys: Mapping[str, bytes], context: MaskContext, encoded: np.ndarray
) -> np.ndarray:
    """``encoded`` plus this site's pairwise masks with every other site in ``public_keys``."""
    masked = np.array(encoded, dtype=np.uint64)
    for peer, public in public_keys.items():
        if peer == me:
            continue
        stream = _stream(keys.pair_key(me, peer, public, context), len(masked))
        masked = masked + stream if me < peer else masked - stream
    return masked


def unmask_dropped(total: np.ndarray, revealed: Mapping[tuple[str, str], bytes]) -> np.ndarray:
    """Remove the masks survivors applied for dropped sites; ``revealed[(survivor, dropped)]`` is their pair key."""
    result = np.array(total, dtype=np.uint64)
    for (survivor, dropped), key in revealed.items():
        stream = _stream(key, len(result))
        result = result - stream if survivor < dropped else result + stream
    return result
