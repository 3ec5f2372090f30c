"""gf.numpy has every name of the Python Array API standard 2023.12 (and its linalg)."""

import gradflow as gf

ARRAY_API_2023_12 = """
abs acos acosh add asin asinh atan atan2 atanh bitwise_and bitwise_left_shift bitwise_invert
bitwise_or bitwise_right_shift bitwise_xor ceil clip conj copysign cos cosh divide equal exp
expm1 floor floor_divide greater greater_equal hypot imag isfinite isinf isnan less less_equal
log log1p log2 log10 logaddexp logical_and logical_not logical_or logical_xor maximum minimum
multiply negative nextafter not_equal positive pow real reciprocal remainder round sign signbit
sin sinh square sqrt subtract tan tanh trunc
arange asarray empty empty_like eye from_dlpack full full_like linspace meshgrid ones ones_like
tril triu zeros zeros_like
astype can_cast finfo iinfo isdtype result_type
matmul matrix_transpose tensordot vecdot
broadcast_arrays broadcast_to concat expand_dims flip moveaxis permute_dims repeat reshape roll
squeeze stack tile unstack
take take_along_axis
argmax argmin count_nonzero nonzero searchsorted where
unique_all unique_counts unique_inverse unique_values
argsort sort
cumulative_sum cumulative_prod max mean min prod std sum var
all any diff
e inf nan newaxis pi
bool int8 int16 int32 int64 uint8 uint16 uint32 uint64 float32 float64 complex64 complex128
__array_namespace_info__
""".split()

LINALG = """
cholesky cross det diagonal eigh eigvalsh inv matmul matrix_norm matrix_power matrix_rank
matrix_transpose outer pinv qr slogdet solve svd svdvals tensordot trace vecdot vector_norm
""".split()


def test_every_array_api_name_is_in_gf_numpy():
    missing = [n for n in ARRAY_API_2023_12 if not hasattr(gf.numpy, n)]
    assert not missing
    assert gf.numpy.__array_api_version__ == "2023.12"


def test_every_linalg_name_is_in_gf_numpy_linalg():
    assert not [n for n in LINALG if not hasattr(gf.numpy.linalg, n)]


def test_namespace_info_reports_defaults():
    info = gf.numpy.__array_namespace_info__()
    assert info.default_dtypes()["real floating"] == gf.float32
    assert info.devices() == ["cpu:0"]
    assert "bfloat16" in info.dtypes()
