"""The Array API inspection utilities (`__array_namespace_info__`)."""

from __future__ import annotations

from gradflow import dtypes


class Info:
    """What this namespace supports: capabilities, devices and dtypes."""

    def capabilities(self) -> dict:
        return {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": 64}

    def default_device(self) -> str:
        return "cpu:0"

    def devices(self) -> list[str]:
        return ["cpu:0"]

    def default_dtypes(self, *, device=None) -> dict:
        return {
            "real floating": dtypes.DEFAULT_FLOAT,
            "complex floating": dtypes.DEFAULT_COMPLEX,
            "integral": dtypes.DEFAULT_INT,
            "indexing": dtypes.DEFAULT_INDEX,
        }

    def dtypes(self, *, device=None, kind=None) -> dict:
        from gradflow.numpy.data_types import isdtype

        found = {d.name: d for d in dtypes.ALL}
        if kind is None:
            return found
        return {name: d for name, d in found.items() if isdtype(d, kind)}
