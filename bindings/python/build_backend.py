# SPDX-License-Identifier: Apache-2.0
"""In-tree PEP 517 build backend for the dpp package.

It delegates to setuptools.build_meta when the `wheel` package is installed
(Debian's /usr/bin/python3 with python3-wheel). Otherwise (a pyenv or venv
Python with setuptools < 70 but no `wheel`, and no network to fetch it) it
runs `setup.py build` and zips the result into a wheel itself, so that

    pip install --no-build-isolation ./bindings/python

works offline with either interpreter.

build_sdist makes an sdist that builds from itself, offline: besides the
package, its tests, this backend and the SWIG interface, it carries in csrc/
the C sources of libdpp and of the binding glue (see build_sdist), so that
`pip install --no-build-isolation dpp-X.tar.gz` works outside the
repository (scripts/test-packages.sh installs one into a fresh venv).
"""
import base64
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile

from setuptools import build_meta as _st

HERE = pathlib.Path(__file__).resolve().parent


def _have_bdist_wheel():
    try:
        import setuptools.command.bdist_wheel  # noqa: F401  (setuptools >= 70.1)
        return True
    except ImportError:
        pass
    try:
        import wheel.bdist_wheel  # noqa: F401
        return True
    except ImportError:
        return False


def get_requires_for_build_wheel(config_settings=None):
    return _st.get_requires_for_build_wheel(config_settings) if _have_bdist_wheel() else []


def get_requires_for_build_sdist(config_settings=None):
    return _st.get_requires_for_build_sdist(config_settings)


# What the sdist copies from the repository into csrc/ (same layout, so
# setup.py finds it as it finds the repository): the binding glue, libdpp's
# C sources and headers, and the licence of the vendored GS1 data; and the
# top CMakeLists.txt, which lists the sources to compile.
# (libdpp/scan only when the tree has it.)
_CSRC = [("bindings/common", ("*.c", "*.h", "*.i")), ("libdpp/src", ("*.c", "*.h")),
         ("libdpp/include", ("*.h",)), ("libdpp/gs1", ("LICENSE", "SOURCE"))]
_CSRC_OPTIONAL = [("libdpp/scan", ("*.c", "*.h", "*.cpp"))]


def build_sdist(sdist_directory, config_settings=None):
    """An sdist that builds from itself: the package, tests, backend, SWIG
    interface and, in csrc/, every C source the extension compiles.

    From the repository, the package directory is copied to a temporary
    directory with csrc/ added, and setuptools builds the sdist there (the
    source tree is not touched). From an unpacked sdist (csrc/ present) it
    is rebuilt as it is."""
    if (HERE / "csrc" / "libdpp").is_dir():
        return _st.build_sdist(sdist_directory, config_settings)
    root = HERE.parent.parent
    missing = [d for d, _ in _CSRC if not (root / d).is_dir()]
    if missing:
        raise RuntimeError(f"build_sdist: {', '.join(missing)} not found under {root}: build the sdist from "
                           "bindings/python in a libdpp source tree")
    out = os.path.abspath(sdist_directory)
    with tempfile.TemporaryDirectory(prefix="dpp-sdist-") as tmp:
        stage = pathlib.Path(tmp) / "dpp"
        # symlinks=False: LICENSE and NOTICE (links to the repository's) become files
        shutil.copytree(HERE, stage, ignore=shutil.ignore_patterns(
            "build", "dist", "csrc", "*.egg-info", "__pycache__", ".pytest_cache", "*.so", "*.pyc"))
        for d, patterns in _CSRC + [o for o in _CSRC_OPTIONAL if (root / o[0]).is_dir()]:
            dst = stage / "csrc" / d
            dst.mkdir(parents=True)
            for pattern in patterns:
                for f in sorted((root / d).rglob(pattern)):
                    target = dst / f.relative_to(root / d)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(f, target)
        # the list of libdpp's sources (setup.py's cmake_sources reads it)
        shutil.copy2(root / "CMakeLists.txt", stage / "csrc" / "CMakeLists.txt")
        cwd = os.getcwd()
        os.chdir(stage)
        try:
            return _st.build_sdist(out, config_settings)
        finally:
            os.chdir(cwd)


def _tag():
    impl = f"cp{sys.version_info.major}{sys.version_info.minor}"
    abi = impl + getattr(sys, "abiflags", "")
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{impl}-{abi}-{plat}"


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    if _have_bdist_wheel():
        return _st.build_wheel(wheel_directory, config_settings, metadata_directory)
    with tempfile.TemporaryDirectory(prefix="dpp-wheel-") as tmp:
        tmp = pathlib.Path(tmp)
        subprocess.run([sys.executable, "setup.py", "egg_info", "--egg-base", str(tmp),
                        "build", "--build-base", str(tmp / "build"), "--build-lib", str(tmp / "lib")],
                       cwd=HERE, check=True, stdout=sys.stderr)
        (info,) = tmp.glob("*.egg-info")
        pkg_info = (info / "PKG-INFO").read_text(encoding="utf-8")
        fields = dict(line.split(": ", 1) for line in pkg_info.splitlines() if ": " in line)
        name, version = fields["Name"], fields["Version"]
        dist_info = f"{name}-{version}.dist-info"
        tag = _tag()
        wheel_name = f"{name}-{version}-{tag}.whl"
        files = {}
        lib = tmp / "lib"
        for p in sorted(lib.rglob("*")):
            if p.is_file():
                files[p.relative_to(lib).as_posix()] = p.read_bytes()
        files[f"{dist_info}/METADATA"] = pkg_info.encode("utf-8")
        files[f"{dist_info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: dpp build_backend.py\n"
                                       f"Root-Is-Purelib: false\nTag: {tag}\n").encode()
        files[f"{dist_info}/top_level.txt"] = b"dpp\n"
        record = [_record_line(path, data) for path, data in files.items()]
        record.append(f"{dist_info}/RECORD,,")
        files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
        out = pathlib.Path(wheel_directory) / wheel_name
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for path, data in files.items():
                info_ = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
                info_.external_attr = (0o755 if path.endswith(".so") else 0o644) << 16
                z.writestr(info_, data, zipfile.ZIP_DEFLATED)
        return wheel_name
