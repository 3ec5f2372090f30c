"""Primitives by family, one module per family. Importing this package registers all of
them (in sorted module order, so the registry's order is deterministic)."""

import importlib as _importlib
import pkgutil as _pkgutil

for _module in sorted(m.name for m in _pkgutil.iter_modules(__path__)):
    if not _module.startswith("_"):
        _importlib.import_module(f"{__name__}.{_module}")
