# SPDX-License-Identifier: Apache-2.0
"""Verification from several threads at once: correct results, GIL released."""
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import dpp
from conftest import FIXED_IAT


@pytest.fixture(scope="module")
def corpus(keys, passport):
    """(text, expected) pairs: distinct passports and keys, plus rejections."""
    trust = dpp.TrustStore([k.public_key() for k in keys.values()])
    cases = []
    for i, (alg, k) in enumerate(sorted(keys.items())):
        d = passport.to_dict()
        d["name"] = f"Product {i} signed with {alg}"
        text = dpp.encode(d, k, iat=FIXED_IAT + i)
        cases.append((text, ("ok", d["name"], alg, FIXED_IAT + i)))
    tampered = cases[0][0][:-2] + ("00" if not cases[0][0].endswith("00") else "11")
    cases.append((tampered, ("error", dpp.check(tampered, trust, FIXED_IAT).name)))
    unknown = dpp.encode(passport, dpp.Key.generate("EdDSA"), iat=FIXED_IAT)
    cases.append((unknown, ("error", "DPP_ERR_KID_UNKNOWN")))
    cases.append(("DPP1:%%%", ("error", "DPP_ERR_BASE45")))
    return trust, cases


def outcome(text, trust):
    try:
        r = dpp.verify(text, trust, now=FIXED_IAT + 100)
        return ("ok", r.passport.name, r.claims.alg, r.claims.iat)
    except dpp.VerifyError as e:
        return ("error", e.name)


def test_parallel_verification_is_correct(corpus):
    trust, cases = corpus
    for text, expected in cases:  # single-threaded reference
        assert outcome(text, trust) == expected
    work = [cases[i % len(cases)] for i in range(4000)]

    def run(item):
        text, expected = item
        return outcome(text, trust) == expected

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, work))
    assert all(results), f"{results.count(False)} of {len(results)} verifications gave a wrong result"


def test_adding_keys_while_verifying(corpus, passport):
    """TrustStore.add() during verification: copy on write, no crash, right answers."""
    _, cases = corpus
    key = dpp.Key.generate("EdDSA")
    text = dpp.encode(passport, key, iat=FIXED_IAT)
    store = dpp.TrustStore([key])
    stop = threading.Event()
    errors = []

    def verifier():
        while not stop.is_set():
            try:
                dpp.verify(text, store, now=FIXED_IAT)
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)
                return

    threads = [threading.Thread(target=verifier) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(50):
        store.add(dpp.Key.generate("EdDSA"))
    stop.set()
    for t in threads:
        t.join()
    assert errors == [] and len(store) == 51


def test_gil_released_during_native_calls():
    from dpp import _native
    assert _native.dppb_gil_held() == 1   # accessors keep the GIL
    assert _native.dppb_gil_probe() == 0  # work functions run without it


def test_verify_lets_other_threads_run(corpus):
    """With time-based GIL switching disabled, another thread can only run
    Python code while this one loops over verify() if verify() releases the
    GIL. The other thread waits for a go signal, then sets a flag; this thread
    verifies until it sees the flag. Nothing is counted or timed: the test
    passes as soon as the other thread ran once, and fails only if it never
    did during LIMIT calls (many seconds of verification on any machine)."""
    trust, cases = corpus
    text = cases[0][0]
    go, ran = threading.Event(), threading.Event()
    limit = 200_000

    def other():
        go.wait()  # blocked outside the GIL until the loop below starts
        ran.set()  # needs the GIL: only possible while verify() has released it

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    t = threading.Thread(target=other)
    try:
        t.start()
        go.set()
        calls = 0
        while not ran.is_set() and calls < limit:
            dpp.verify(text, trust, now=FIXED_IAT + 100)
            calls += 1
    finally:
        sys.setswitchinterval(old)
        go.set()
        t.join()
    assert ran.is_set() and calls < limit, \
        f"the other thread never ran during {calls} verify() calls: is the GIL released in verify()?"
