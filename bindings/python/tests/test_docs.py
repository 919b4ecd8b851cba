# SPDX-License-Identifier: Apache-2.0
"""Docstrings on every public name, and inline type annotations on every public signature."""
import inspect
import pathlib

import pytest

import dpp
from conftest import ROOT

STUB = pathlib.Path(dpp.__file__).with_name("__init__.pyi")
CONSTANTS = {"PREFIX", "MAX_TEXT_LEN", "MAX_LINK_LEN", "MAX_COSE_LEN", "KID_LEN", "ALGORITHMS", "CHECKS", "FORMS"}


def public_members(cls):
    for name, value in vars(cls).items():
        if name.startswith("_") or name in getattr(cls, "__dataclass_fields__", {}):
            continue
        yield name, value


def test_every_public_name_has_a_docstring():
    assert dpp.__doc__ and "Threads" in dpp.__doc__
    missing = []
    for name in dpp.__all__:
        obj = getattr(dpp, name)
        if name in CONSTANTS:
            continue
        if not inspect.getdoc(obj):
            missing.append(name)
        if inspect.isclass(obj):
            for member, value in public_members(obj):
                if isinstance(value, (bool, int, str)):
                    continue  # documented class constants (VerifyResult.verified)
                doc = inspect.getdoc(value.__func__ if isinstance(value, classmethod) else value)
                if not doc:
                    missing.append(f"{name}.{member}")
    assert missing == []


def annotated(fn):
    """Names of the parameters (and "return") of fn that have no annotation."""
    sig = inspect.signature(fn)
    missing = [n for n, p in sig.parameters.items()
               if p.annotation is inspect.Parameter.empty and n not in ("self", "cls")
               and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if sig.return_annotation is inspect.Signature.empty and fn.__name__ != "__init__":
        missing.append("return")
    return missing


def test_types_are_inline():
    """No separate stub: the package's own annotations are the types (py.typed)."""
    assert not STUB.exists()
    assert STUB.with_name("py.typed").exists()
    problems = []
    for name in dpp.__all__:
        obj = getattr(dpp, name)
        if inspect.isfunction(obj):
            problems += [f"{name}: {m}" for m in annotated(obj)]
        elif inspect.isclass(obj):
            for member, value in public_members(obj):
                fn = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
                fn = fn.fget if isinstance(fn, property) else fn
                if inspect.isfunction(fn):
                    problems += [f"{name}.{member}: {m}" for m in annotated(fn)]
    assert problems == []


def test_py_typed_marker():
    assert STUB.with_name("py.typed").exists()


def test_types_are_valid_for_mypy_if_available(tmp_path):
    mypy = pytest.importorskip("mypy.api")
    src = tmp_path / "use.py"
    src.write_text("import dpp\n"
                   "from decimal import Decimal\n"
                   "k = dpp.Key.generate('EdDSA')\n"
                   "t = dpp.TrustStore([k])\n"
                   "r = dpp.verify('DPP1:', t)\n"
                   "n: str = r.passport.name\n"
                   "f = r.passport.footprint\n"
                   "d: Decimal = f.total if f is not None else Decimal(0)\n")
    out, err, status = mypy.run([str(src), "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "c")])
    assert status == 0, out + err


def readme_block(kind):
    text = (ROOT / "bindings" / "README.md").read_text(encoding="utf-8")
    start = text.index(f"<!-- readme-example: {kind} -->")
    body = text[text.index("\n", text.index("```", start)) + 1:]
    return body[:body.index("```")]


def test_readme_python_example_runs():
    """The five-line example of bindings/README.md, run from the repository root."""
    import os
    import subprocess
    import sys
    code = readme_block("python")
    assert len(code.strip().splitlines()) == 5
    env = dict(os.environ, PYTHONPATH=str(pathlib.Path(dpp.__file__).resolve().parents[1]),
               PYTHONIOENCODING="utf-8")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env,
                       encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "热轧钢卷 06901234567892 6883392581360a50"
