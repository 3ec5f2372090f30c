"""The pure-Python FarmHash Fingerprint64 equals the C++ library on every length class
(fixture from pyfarmhash), and SipHash-2-4 equals the reference vectors."""

import json
import os

import numpy as np
import pytest

from gradflow.keras.layers.preprocessing.string_hash import fingerprint64, hash_buckets, siphash24

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "preprocessing")
with open(os.path.join(FIXTURES, "farmhash.json")) as f:
    FARMHASH = json.load(f)


@pytest.mark.parametrize("data, expected", FARMHASH, ids=[str(len(d) // 2) for d, _ in FARMHASH])
def test_fingerprint64_matches_farmhash(data, expected):
    assert fingerprint64(bytes.fromhex(data)) == int(expected)


def test_siphash24_reference_vectors():
    # from the SipHash paper's vectors: key 00..0f, messages 00..(n-1)
    key = (0x0706050403020100, 0x0F0E0D0C0B0A0908)
    assert siphash24(key, b"") == 0x726FDB47DD0E0E31
    assert siphash24(key, bytes(range(15))) == 0xA129CA6149BE45E5
    assert siphash24(key, bytes(range(8))) == 0x93F5F5799A932462


def test_hash_buckets_keep_shape_and_range():
    strings = np.array([["a", "b"], ["c", b"d"]], dtype=object)
    out = hash_buckets(strings, 5)
    assert out.shape == (2, 2) and out.dtype == np.int64
    assert ((out >= 0) & (out < 5)).all()
    assert hash_buckets(np.array(["d"], dtype=object), 5)[0] == out[1, 1]
