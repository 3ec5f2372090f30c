"""Array API type promotion, including weakly typed Python scalars."""

import pytest

import gradflow as gf
from gradflow import dtypes
from gradflow import numpy as gnp

PROMOTIONS = [
    (gf.int8, gf.uint8, gf.int16),
    (gf.int32, gf.int64, gf.int64),
    (gf.uint8, gf.uint16, gf.uint16),
    (gf.uint32, gf.int32, gf.int64),
    (gf.float16, gf.float32, gf.float32),
    (gf.bfloat16, gf.float16, gf.float32),
    (gf.float32, gf.float64, gf.float64),
    (gf.float32, gf.complex64, gf.complex64),
    (gf.float64, gf.complex64, gf.complex128),
    (gf.bool, gf.int8, gf.int8),
    (gf.int32, gf.float16, gf.float16),
]


@pytest.mark.parametrize("a,b,expected", PROMOTIONS)
def test_promotion_table(a, b, expected):
    assert dtypes.result_type(a, b) == expected
    assert dtypes.result_type(b, a) == expected
    assert gnp.result_type(a, b) == expected


def test_python_scalars_are_weak():
    x16 = gnp.asarray([1.0], dtype=gf.float16)
    assert (x16 * 2.0).dtype == gf.float16
    assert (gnp.asarray([1], dtype=gf.int8) + 1).dtype == gf.int8
    assert (gnp.asarray([1], dtype=gf.int8) * 1.5).dtype == gf.float32
    assert gnp.result_type(gf.float32, 1.0) == gf.float32


def test_scalar_that_does_not_fit_is_an_error():
    with pytest.raises(gf.DTypeError, match="does not fit in int8"):
        gnp.asarray([1], dtype=gf.int8) + 1000


def test_unknown_dtype_name():
    with pytest.raises(gf.DTypeError, match="not a gradflow dtype"):
        dtypes.as_dtype("float8")


def test_finfo_iinfo_isdtype_can_cast():
    assert gnp.finfo(gf.bfloat16).bits == 16
    assert gnp.iinfo(gf.uint8).max == 255
    assert gnp.isdtype(gf.float16, "real floating")
    assert not gnp.isdtype(gf.int8, "unsigned integer")
    assert gnp.can_cast(gf.int8, gf.int16) and not gnp.can_cast(gf.float32, gf.int32)
    with pytest.raises(gf.DTypeError, match="iinfo"):
        gnp.finfo(gf.int32)
