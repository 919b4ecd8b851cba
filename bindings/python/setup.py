# SPDX-License-Identifier: Apache-2.0
"""Builds the dpp package and its extension module dpp._native.

    pip install --no-build-isolation ./bindings/python

SWIG runs at build time (Debian package swig). Where libdpp comes from is
chosen by the environment variable DPP_LIBDPP:

  source   (the default when this directory sits in the libdpp source tree)
           compile libdpp's C sources into the extension: the module is
           self-contained. Needs the -dev packages of libdpp's dependencies
           (libssl-dev libcbor-dev libqrcodegen-dev libjansson-dev zlib1g-dev
           libpng-dev) and pkg-config.
  system   link the installed libdpp found by `pkg-config dpp` (shared
           library; its directory is added to the module's RPATH).
  <dir>    a CMake build directory of libdpp: link its static libdpp.a.
"""
import os
import pathlib
import re
import shlex
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
# The libdpp source tree: the repository, or in an sdist its copy in csrc/
# (same layout; written by build_backend.build_sdist).
ROOT = HERE / "csrc" if (HERE / "csrc" / "libdpp").is_dir() else HERE.parent.parent
COMMON = ROOT / "bindings" / "common"
DEPS = ["libcrypto", "zlib", "libpng", "libcbor", "qrcodegen", "jansson"]

EXPORT_H = """/* Written by bindings/python/setup.py: libdpp compiled into the extension. */
#ifndef DPP_API_H
#define DPP_API_H
#define DPP_API
#define DPP_NO_EXPORT
#define DPP_DEPRECATED __attribute__((__deprecated__))
#define DPP_DEPRECATED_EXPORT DPP_DEPRECATED
#define DPP_DEPRECATED_NO_EXPORT DPP_DEPRECATED
#endif
"""


def cmake_sources(root):
    """libdpp's C sources as the top CMakeLists.txt lists them (the one list,
    so that a source CMake does not build, e.g. another crypto port, is not
    compiled here either): set(DPP_SOURCES ...) and every
    list(APPEND DPP_SOURCES ...) except those in the else() branch of an
    if(DPP_WITH_...) block, i.e. the default build with its optional parts on."""
    text = re.sub(r"#[^\n]*", "", (root / "CMakeLists.txt").read_text(encoding="utf-8"))
    m = re.search(r"set\(DPP_SOURCES\s([^)]*)\)", text)
    if not m:
        sys.exit(f"setup.py: no set(DPP_SOURCES ...) in {root / 'CMakeLists.txt'}")
    files = m.group(1).split()
    off = [b.span(1) for b in re.finditer(r"if\(DPP_WITH_\w+\).*?else\(\)(.*?)endif\(\)", text, re.S)]
    for a in re.finditer(r"list\(APPEND DPP_SOURCES\s([^)]*)\)", text):
        if not any(lo <= a.start() < hi for lo, hi in off):
            files += a.group(1).split()
    missing = [f for f in files if not (root / f).is_file()]
    if missing:
        sys.exit(f"setup.py: sources listed in CMakeLists.txt not found: {', '.join(missing)}")
    return files


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args], check=True, capture_output=True, text=True).stdout
    except FileNotFoundError:
        sys.exit("setup.py: pkg-config not found (Debian package pkg-config)")
    except subprocess.CalledProcessError as e:
        sys.exit(f"setup.py: pkg-config {' '.join(args)} failed: {e.stderr.strip()}")
    return shlex.split(out)


def split_flags(flags, ext):
    for f in flags:
        if f.startswith("-I"):
            ext.include_dirs.append(f[2:])
        elif f.startswith("-L"):
            ext.library_dirs.append(f[2:])
        elif f.startswith("-l"):
            ext.libraries.append(f[2:])
        else:
            ext.extra_link_args.append(f) if f.startswith("-Wl") else ext.extra_compile_args.append(f)


class BuildExt(build_ext):
    """Runs SWIG, then configures the extension for the chosen libdpp."""

    def build_extension(self, ext):
        tmp = pathlib.Path(self.build_temp).resolve()
        gen = tmp / "swig"
        gen.mkdir(parents=True, exist_ok=True)
        wrap = gen / "dpp_python_wrap.c"
        swig = os.environ.get("SWIG", "swig")
        mode = os.environ.get("DPP_LIBDPP") or ("source" if (ROOT / "libdpp" / "src").is_dir() else "system")
        # SWIG reads libdpp's dpp/dpp_passport.h (the passport model's members).
        headers = ([f"-I{ROOT / 'libdpp' / 'include'}"] if (ROOT / "libdpp" / "include").is_dir()
                   else [f for f in pkg_config("--cflags-only-I", "dpp")])
        cmd = [swig, "-python", "-builtin", "-threads", f"-I{COMMON}", *headers, "-outdir", str(gen),
               "-o", str(wrap), str(HERE / "dpp_python.i")]
        self.announce(" ".join(cmd), level=2)
        try:
            subprocess.run(cmd, check=True)
        except FileNotFoundError:
            sys.exit("setup.py: swig not found (Debian package swig, version 4.0 or later)")
        ext.sources = [str(wrap), str(COMMON / "dpp_glue.c")]
        ext.include_dirs += [str(COMMON)]
        ext.define_macros += [("_POSIX_C_SOURCE", "200809L")]
        ext.extra_compile_args += ["-std=c11", "-fvisibility=hidden"]

        if mode == "source":
            inc = tmp / "include"
            (inc / "dpp").mkdir(parents=True, exist_ok=True)
            (inc / "dpp" / "dpp_export.h").write_text(EXPORT_H)
            ext.include_dirs += [str(inc), str(ROOT / "libdpp" / "include"), str(ROOT / "libdpp" / "src")]
            # the optional parts on, as in the default CMake build (DPP_WITH_PNG: dpp_qr_to_png)
            ext.define_macros += [("DPP_WITH_PNG", "1")]
            ext.sources += [str(ROOT / f) for f in cmake_sources(ROOT)]
            split_flags(pkg_config("--cflags", "--libs", *DEPS), ext)
        elif mode == "system":
            split_flags(pkg_config("--cflags", "--libs", "dpp"), ext)
            libdir = pkg_config("--variable=libdir", "dpp")
            if libdir:
                ext.runtime_library_dirs.append(libdir[0])
        else:
            build = pathlib.Path(mode).resolve()
            lib = build / "libdpp.a"
            if not lib.exists():
                sys.exit(f"setup.py: DPP_LIBDPP={mode}: {lib} not found (build libdpp there first)")
            ext.include_dirs += [str(build / "include"), str(ROOT / "libdpp" / "include")]
            ext.define_macros += [("DPP_STATIC_DEFINE", "1")]
            ext.extra_objects.append(str(lib))
            split_flags(pkg_config("--cflags", "--libs", *DEPS), ext)
        super().build_extension(ext)


setup(
    ext_modules=[Extension("dpp._native", sources=[])],
    cmdclass={"build_ext": BuildExt},
)
