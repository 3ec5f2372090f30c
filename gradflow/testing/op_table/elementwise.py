"""Op-table rows for the elementwise functions."""

import numpy as np

from gradflow import numpy as gnp
from gradflow.testing.op_info import ALL_REAL, FLOATS, OpInfo, binary_samples, unary_samples

OPS = [
    OpInfo("add", gnp.add, np.add, binary_samples(), dtypes=ALL_REAL, second_order=True),
    OpInfo("subtract", gnp.subtract, np.subtract, binary_samples(), dtypes=ALL_REAL),
    OpInfo("multiply", gnp.multiply, np.multiply, binary_samples(), dtypes=ALL_REAL, second_order=True),
    OpInfo("divide", gnp.divide, np.divide, binary_samples(low2=0.5, high2=2.0), dtypes=FLOATS,
           second_order=True),
    OpInfo("exp", gnp.exp, np.exp, unary_samples(), second_order=True),
    OpInfo("log", gnp.log, np.log, unary_samples(0.1, 3.0), second_order=True),
    OpInfo("sqrt", gnp.sqrt, np.sqrt, unary_samples(0.1, 3.0)),
    OpInfo("tanh", gnp.tanh, np.tanh, unary_samples(), second_order=True),
]
