# SPDX-License-Identifier: Apache-2.0
"""Docstrings on every public name, and type stubs that match the code."""
import ast
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


def stub_tree():
    return ast.parse(STUB.read_text(encoding="utf-8"))


def stub_names(body):
    names = {}
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.setdefault(node.name, node)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    names[t.id] = node
    return names


def test_stub_declares_every_public_name():
    names = stub_names(stub_tree().body)
    assert sorted(set(dpp.__all__) - set(names)) == []
    assert "__version__" in names


def params(fn):
    return [p.arg for p in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]


def test_stub_signatures_match():
    names = stub_names(stub_tree().body)
    problems = []
    for name in dpp.__all__:
        obj = getattr(dpp, name)
        node = names[name]
        if inspect.isfunction(obj):
            want = list(inspect.signature(obj).parameters)
            if params(node) != want:
                problems.append(f"{name}: stub {params(node)} != {want}")
        elif inspect.isclass(obj) and isinstance(node, ast.ClassDef):
            members = stub_names(node.body)
            for member, value in public_members(obj):
                if member not in members:
                    problems.append(f"{name}.{member} missing from the stub")
                    continue
                fn = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
                if inspect.isfunction(fn) and isinstance(members[member], ast.FunctionDef):
                    want = list(inspect.signature(fn).parameters)
                    if params(members[member]) != want:
                        problems.append(f"{name}.{member}: stub {params(members[member])} != {want}")
    assert problems == []


def test_py_typed_marker():
    assert STUB.with_name("py.typed").exists()


def test_stub_is_valid_for_mypy_if_available(tmp_path):
    mypy = pytest.importorskip("mypy.api")
    src = tmp_path / "use.py"
    src.write_text("import dpp\n"
                   "k = dpp.Key.generate('EdDSA')\n"
                   "t = dpp.TrustStore([k])\n"
                   "r = dpp.verify('DPP1:', t)\n"
                   "n: str = r.passport.name\n")
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
