#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""dpp_bench worker for the Python binding: verifies the passport text with
dpp.verify() and reads the passport name (so the result is really built),
timed in slices on request (the protocol of reference_verify.worker_loop).

  binding_verify.py --worker --path BUILD/bindings/python --text FILE --trust KEY.pem --now N
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_verify import worker_loop  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", action="store_true")
    ap.add_argument("--path", required=True, help="directory holding the dpp package")
    ap.add_argument("--text", required=True)
    ap.add_argument("--trust", required=True)
    ap.add_argument("--now", type=int, required=True)
    a = ap.parse_args()
    sys.path.insert(0, a.path)
    import dpp

    text = open(a.text).read().strip()
    trust = dpp.TrustStore([open(a.trust).read()])
    now = a.now
    r = dpp.verify(text, trust, now)
    name = r.passport.name
    i = len(text) // 2
    bad = text[:i] + ("0" if text[i] != "0" else "1") + text[i + 1:]
    try:
        dpp.verify(bad, trust, now)
        sys.exit("binding_verify: a tampered text verified")
    except dpp.DppError:
        pass

    def once():
        dpp.verify(text, trust, now).passport.name

    worker_loop(once, f"Python binding, libdpp {dpp.library_version()}, passport {name!r}")


if __name__ == "__main__":
    main()
