"""The XLA backend: gradflow's primitives lowered to jax, run on CPU, GPU or TPU.

- `runtime.py` imports jax (once, on first use) and configures it;
- `lowering.py` gives the XLA rules their `lax` namespace and lowers graphs;
- `eager.py` runs one primitive at a time, each compiled and cached;
- `program.py` compiles a whole gf.function graph into one jitted program;
- `devices.py` names devices (`cpu:0`, `gpu:1`) and places arrays on them.

Importing this package imports jax; gradflow imports it only when the xla backend is
chosen, a gf.function asks for `jit_compile=True`, or an XLA device is asked for.
"""

from gradflow.backends.xla.runtime import jax_module

__all__ = ["jax_module"]
