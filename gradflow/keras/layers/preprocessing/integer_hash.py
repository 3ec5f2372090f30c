"""FarmHash Fingerprint64 of integers' decimal strings, in gradflow ops: what TensorFlow's
`string_to_hash_bucket_fast(as_string(x))` computes, vectorized over uint64 tensors so
that Hashing and IntegerLookup run on integers inside models and traced functions.

A decimal int64 has 1 to 20 characters; each length has its own FarmHash branch, so the
hash is computed for every length and the element's own length selects the result."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras.layers.preprocessing import string_hash

gnp = gf.numpy
_MAX_DIGITS = 20  # '-9223372036854775808'


def _u(value: int):
    return gf.constant(np.uint64(value))


def _rotate(v, shift: int):
    return (v >> _u(shift)) | (v << _u(64 - shift))


def _shift_mix(v):
    return v ^ (v >> _u(47))


def _hash_len16(u, v, mul):
    a = (u ^ v) * mul
    a = a ^ (a >> _u(47))
    b = (v ^ a) * mul
    b = b ^ (b >> _u(47))
    return b * mul


def _fetch(chars: list, start: int, width: int):
    """The little-endian word of `width` bytes at `start`."""
    word = chars[start]
    for k in range(1, width):
        word = word | (chars[start + k] << _u(8 * k))
    return word


def _hash_of_length(chars: list, n: int):
    """farmhashna::Hash64 of the first `n` characters (n <= 32)."""
    k0, k1, k2 = _u(string_hash._K0), _u(string_hash._K1), _u(string_hash._K2)
    mul = _u(string_hash._K2 + 2 * n)
    if n >= 17:
        a = _fetch(chars, 0, 8) * k1
        b = _fetch(chars, 8, 8)
        c = _fetch(chars, n - 8, 8) * mul
        d = _fetch(chars, n - 16, 8) * k2
        return _hash_len16(
            _rotate(a + b, 43) + _rotate(c, 30) + d, a + _rotate(b + k2, 18) + c, mul
        )
    if n >= 8:
        a = _fetch(chars, 0, 8) + k2
        b = _fetch(chars, n - 8, 8)
        return _hash_len16(_rotate(b, 37) * mul + a, (_rotate(a, 25) + b) * mul, mul)
    if n >= 4:
        a = _fetch(chars, 0, 4)
        return _hash_len16(_u(n) + (a << _u(3)), _fetch(chars, n - 4, 4), mul)
    y = chars[0] + (chars[n >> 1] << _u(8))
    z = _u(n) + (chars[n - 1] << _u(2))
    return _shift_mix((y * k2) ^ (z * k0)) * k2


def _decimal_chars(x):
    """The ASCII codes (uint64, 0 past the end) of each element's decimal string, and
    the strings' lengths."""
    x = gnp.astype(x, "int64")
    negative = x < 0
    as_unsigned = gnp.astype(x, "uint64")
    magnitude = gnp.where(negative, ~as_unsigned + _u(1), as_unsigned)
    powers = gf.constant(np.asarray([10**k for k in range(_MAX_DIGITS)], dtype=np.uint64))
    digits = gnp.ones(x.shape, dtype="int64")
    for k in range(1, _MAX_DIGITS):
        digits = digits + gnp.astype(magnitude >= _u(10**k), "int64")
    sign = gnp.astype(negative, "int64")
    chars = []
    for position in range(_MAX_DIGITS):
        exponent = digits - 1 - (position - sign)
        valid = ((position - sign) >= 0) & (exponent >= 0)
        power = gnp.take(powers, gnp.clip(exponent, 0, _MAX_DIGITS - 1))
        digit = (magnitude // power) % _u(10)
        char = gnp.where(valid, digit + _u(48), _u(0))
        if position == 0:
            char = gnp.where(negative, _u(45), char)
        chars.append(char)
    return chars, digits + sign


def decimal_hash_buckets(x, num_buckets: int):
    """Fingerprint64 of each element's decimal string, modulo `num_buckets`, as int64.

    Args:
        x: an integer tensor (1-D).
        num_buckets: the number of buckets.

    Returns:
        An int64 tensor shaped like `x`.

    Example:
    >>> decimal_hash_buckets(gf.constant(np.array([100, 300, 700])), 4).numpy().tolist()
    [3, 3, 2]
    """
    chars, lengths = _decimal_chars(x)
    hashed = gnp.zeros(x.shape, dtype="uint64")
    for n in range(1, _MAX_DIGITS + 1):
        hashed = gnp.where(lengths == n, _hash_of_length(chars, n), hashed)
    return gnp.astype(hashed % _u(num_buckets), "int64")
