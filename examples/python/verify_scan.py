#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Verify a scanned passport label with the libdpp Python bindings.

    verify_scan.py --trust ISSUER.pem [--trust ...] [--at EPOCH] (--in FILE | TEXT)
    verify_scan.py --demo            sign examples/passport.json with a fresh key, verify it

Prints what was verified (or why it was rejected). Exit codes follow the dpp
CLI: 0 verified, 1 invalid (signature, algorithm, content), 2 untrusted,
3 expired or not yet valid, 4 malformed, 64 usage error, 66 unreadable input.
"""
import argparse
import pathlib
import sys

import dpp

EXIT = {dpp.InvalidError: 1, dpp.SchemaError: 1, dpp.UntrustedError: 2, dpp.ExpiredError: 3,
        dpp.MalformedError: 4}


def show(result: dpp.VerifyResult) -> None:
    p, c = result.passport, result.claims
    print(f"VERIFIED {p.name} (GTIN {p.gtin})")
    print(f"  manufacturer: {p['manufacturer']['name']} ({p['manufacturer']['country']})")
    print(f"  signed: {c.alg}, kid {c.kid.hex()}, issued at {c.iat}" + (f", expires {c.exp}" if c.exp else ""))


def demo() -> int:
    root = pathlib.Path(__file__).resolve().parents[2]
    passport = dpp.Passport.from_file(root / "examples" / "passport.json")
    with dpp.Key.generate("ES256") as key, dpp.TrustStore([key.public_key()]) as trust:
        text = dpp.encode(passport, key)
        print(f"signed {len(text)} characters: {text[:40]}...")
        show(dpp.verify(text, trust))
    return 0


def main(argv) -> int:
    ap = argparse.ArgumentParser(description="Verify passport text (DPP1:...) against trusted keys.")
    ap.add_argument("--trust", action="append", default=[], metavar="PEM", help="trusted public key or certificate")
    ap.add_argument("--at", type=int, help="validation time, seconds since the epoch (default: now)")
    ap.add_argument("--in", dest="infile", metavar="FILE", help="read the passport text from FILE")
    ap.add_argument("--demo", action="store_true", help="sign the bundled example and verify it")
    ap.add_argument("text", nargs="?", help="the passport text")
    a = ap.parse_args(argv)
    if a.demo:
        return demo()
    if not a.trust or (a.text is None) == (a.infile is None):
        ap.print_usage(sys.stderr)
        print("verify_scan.py: give --trust and exactly one of TEXT or --in FILE", file=sys.stderr)
        return 64
    try:
        trust = dpp.TrustStore()
        for path in a.trust:
            trust.add_file(path)
        text = a.text if a.text is not None else pathlib.Path(a.infile).read_text(encoding="utf-8").strip()
    except OSError as e:
        print(f"verify_scan.py: {e}", file=sys.stderr)
        return 66
    except dpp.DppError as e:
        print(f"verify_scan.py: {a.trust}: {e}", file=sys.stderr)
        return 65
    try:
        show(dpp.verify(text, trust, now=a.at))
        return 0
    except dpp.VerifyError as e:
        print(f"REJECTED {e.name} at check '{e.check}': {e.message}")
        return next((code for cls, code in EXIT.items() if isinstance(e, cls)), 1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
