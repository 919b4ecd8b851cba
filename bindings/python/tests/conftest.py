# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures for the dpp binding tests.

Environment (set by ctest; all optional when run by hand):
  PYTHONPATH      where the dpp package is (build tree), unless pip-installed
  DPP_SOURCE_DIR  repository root (default: three levels above this file)
  DPP_CLI         the dpp command-line tool, for round trips
  DPP_JAVA, DPP_JAR   java and dpp.jar, for the Python -> Java round trip
"""
import os
import pathlib
import struct

import pytest

import dpp

ROOT = pathlib.Path(os.environ.get("DPP_SOURCE_DIR") or pathlib.Path(__file__).resolve().parents[3])
EXAMPLE_JSON = ROOT / "examples" / "passport.json"
FIXED_IAT = 1_700_000_000  # 2023-11-14T22:13:20Z


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """Every skipped test is listed with its reason in the summary (as -rs):
    a skip is never silent."""
    if "s" not in config.option.reportchars and "a" not in config.option.reportchars:
        config.option.reportchars += "s"


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def example_json():
    return EXAMPLE_JSON.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def passport():
    return dpp.Passport.from_file(EXAMPLE_JSON)


@pytest.fixture(scope="session")
def keys():
    """One private key per algorithm."""
    return {alg: dpp.Key.generate(alg) for alg in dpp.ALGORITHMS}


@pytest.fixture(scope="session")
def key(keys):
    return keys["ES256"]


@pytest.fixture(scope="session")
def trust(key):
    return dpp.TrustStore([key.public_pem()])


@pytest.fixture(scope="session")
def text(passport, key):
    return dpp.encode(passport, key, iat=FIXED_IAT)


def cbor_uint(major, n):
    """Head of a CBOR item (shortest form)."""
    if n < 24:
        return bytes([major << 5 | n])
    if n < 0x100:
        return bytes([major << 5 | 24, n])
    if n < 0x10000:
        return bytes([major << 5 | 25]) + struct.pack(">H", n)
    if n < 0x100000000:
        return bytes([major << 5 | 26]) + struct.pack(">I", n)
    return bytes([major << 5 | 27]) + struct.pack(">Q", n)


def claims_cbor(passport_cbor, iat):
    """Deterministic CWT claims {6: iat, -262: passport} around raw passport CBOR."""
    return b"\xa2" + b"\x06" + cbor_uint(0, iat) + b"\x39\x01\x05" + passport_cbor


def signed_text(claims, key, include_kid=True):
    """Passport text for arbitrary claims bytes, signed like dpp.encode does."""
    cose = dpp.cose_sign(claims, key, tagged=True, include_kid=include_kid)
    return dpp.text_from_cose(cose, "never")
