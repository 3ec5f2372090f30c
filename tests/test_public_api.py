"""The public surface is deliberate: this snapshot changes only on purpose.

After adding or removing a public name, regenerate the snapshot with
    python tests/test_public_api.py --update
and review the diff.
"""

import pathlib
import sys

import gradflow as gf

SNAPSHOT = pathlib.Path(__file__).with_name("public_api.txt")
NAMESPACES = {
    "gradflow": gf,
    "gradflow.numpy": gf.numpy,
    "gradflow.numpy.linalg": gf.numpy.linalg,
    "gradflow.nn": gf.nn,
    "gradflow.random": gf.random,
    "gradflow.data": gf.data,
}

PUBLIC_SUBMODULES = {
    "config",
    "data",
    "dtypes",
    "errors",
    "graph",
    "keras",
    "nn",
    "numpy",
    "random",
}


def current_api() -> str:
    lines = []
    for prefix, module in NAMESPACES.items():
        for name in sorted(dir(module)):
            if name.startswith("_") and name not in ("__version__", "__array_api_version__"):
                continue
            value = getattr(module, name)
            if type(value).__name__ == "module" and (
                prefix != "gradflow" or name not in PUBLIC_SUBMODULES
            ):
                continue  # which internal modules are loaded depends on what ran before
            lines.append(f"{prefix}.{name}")
    return "\n".join(lines) + "\n"


def test_public_api_matches_snapshot():
    assert current_api() == SNAPSHOT.read_text(), (
        "the public API changed; if on purpose, run `python tests/test_public_api.py --update`"
    )


def test_import_gradflow_does_not_import_jax_or_torch():
    import subprocess

    code = "import sys, gradflow; print(any(m in sys.modules for m in ('jax', 'torch', 'scipy')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


if __name__ == "__main__" and "--update" in sys.argv:
    SNAPSHOT.write_text(current_api())
    print(f"wrote {SNAPSHOT}")
