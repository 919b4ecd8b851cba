# SPDX-License-Identifier: Apache-2.0
"""100,000 verify calls with stable memory (resident set size from /proc)."""
import gc
import os
import time

import pytest

import dpp
from conftest import FIXED_IAT

CALLS = 100_000
TOLERANCE = 4 * 1024 * 1024  # bytes; a leak of 40 bytes per call would exceed it


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")
def test_verify_does_not_leak(passport, keys):
    key = keys["EdDSA"]
    trust = dpp.TrustStore([key.public_key()])
    good = dpp.encode(passport, key, iat=FIXED_IAT)
    bad = good[:-4] + "0000"

    def one(i):
        if i % 10 == 9:  # 10% rejections: exception objects with reports
            try:
                dpp.verify(bad, trust, now=FIXED_IAT)
            except dpp.VerifyError:
                pass
        else:
            r = dpp.verify(good, trust, now=FIXED_IAT)
            if i % 100 == 0:
                r.passport.gtin  # materialize the passport copy sometimes

    for i in range(2000):  # warm-up: allocator pools, caches
        one(i)
    gc.collect()
    before = rss()
    start = time.monotonic()
    for i in range(CALLS):
        one(i)
    elapsed = time.monotonic() - start
    gc.collect()
    after = rss()
    print(f"\n{CALLS} verify calls in {elapsed:.1f} s; RSS {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    assert after - before < TOLERANCE, f"RSS grew by {(after - before) / 1e6:.1f} MB over {CALLS} calls"
