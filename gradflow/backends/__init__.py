"""Backends: where arrays live and kernels run.

`numpy` is built in (its kernels are the primitives' `numpy=` functions) and always
there. `xla` lives in `gradflow.backends.xla` and needs the `xla` extra (jax); nothing
here imports jax until the xla backend is first used.
"""
