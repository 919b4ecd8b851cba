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
    """With time-based GIL switching disabled, two threads can only interleave if
    verify() releases the GIL; count how often the running thread changes."""
    trust, cases = corpus
    text = cases[0][0]
    log = []
    barrier = threading.Barrier(2)

    def worker(tag):
        barrier.wait()
        for _ in range(300):
            dpp.verify(text, trust, now=FIXED_IAT + 100)
            log.append(tag)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        threads = [threading.Thread(target=worker, args=(t,)) for t in "AB"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    switches = sum(1 for a, b in zip(log, log[1:]) if a != b)
    assert switches >= 10, f"threads interleaved only {switches} times: is the GIL released in verify()?"
