# SPDX-License-Identifier: Apache-2.0
"""`pip install --no-build-isolation ./bindings/python` works offline, for this
interpreter (setuptools.build_meta with Debian's wheel package) and for the
python3 first on PATH (e.g. pyenv: the in-tree fallback that needs no wheel).

Builds from a copy of the sources, so the source tree stays clean.
Set DPP_SKIP_PIP_TEST=1 to skip (each build compiles libdpp, ~15 s)."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(os.environ.get("DPP_SKIP_PIP_TEST") == "1", reason="DPP_SKIP_PIP_TEST=1")

SMOKE = """
import dpp, sys
k = dpp.Key.generate("EdDSA")
p = dpp.Passport.from_file(sys.argv[1])
r = dpp.verify(dpp.encode(p, k), dpp.TrustStore([k.public_key()]))
assert r.passport == p and dpp.library_version() == "0.1.0"
print("installed ok:", dpp.__file__)
"""


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory):
    dst = tmp_path_factory.mktemp("src")
    ignore = shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".pytest_cache")
    shutil.copytree(ROOT / "bindings" / "python", dst / "bindings" / "python", ignore=ignore)
    shutil.copytree(ROOT / "bindings" / "common", dst / "bindings" / "common", ignore=ignore)
    shutil.copytree(ROOT / "libdpp", dst / "libdpp", ignore=ignore)
    shutil.copy2(ROOT / "CMakeLists.txt", dst / "CMakeLists.txt")   # setup.py reads the source list there
    return dst


def install_and_smoke(python, venv, source, system_site):
    args = [python, "-m", "venv", str(venv)] + (["--system-site-packages"] if system_site else [])
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot create a venv with {python}: {r.stderr.strip()[:200]}")
    vpy = venv / "bin" / "python"
    if subprocess.run([str(vpy), "-c", "import setuptools"], capture_output=True).returncode != 0:
        pytest.skip(f"{python}: no setuptools in its venv")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_FIND_LINKS")}
    r = subprocess.run([str(vpy), "-m", "pip", "install", "--no-build-isolation", "--no-index", "-q",
                        str(source / "bindings" / "python")], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    r = subprocess.run([str(vpy), "-c", SMOKE, str(ROOT / "examples" / "passport.json")],
                       capture_output=True, text=True, env=env, cwd=str(venv))
    assert r.returncode == 0, r.stdout + r.stderr
    assert str(venv) in r.stdout


def test_pip_install_this_python(tmp_path, source_copy):
    install_and_smoke(sys.executable, tmp_path / "venv", source_copy, system_site=True)


def test_pip_install_python_on_path(tmp_path, source_copy):
    other = shutil.which("python3")
    if other is None:
        pytest.skip("no python3 on PATH")
    real = subprocess.run([other, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True)
    if pathlib.Path(real.stdout.strip()).resolve() == pathlib.Path(sys.executable).resolve():
        # Same interpreter: exercise the no-`wheel` fallback with an isolated venv instead.
        install_and_smoke(sys.executable, tmp_path / "venv", source_copy, system_site=False)
    else:
        install_and_smoke(other, tmp_path / "venv", source_copy, system_site=False)
