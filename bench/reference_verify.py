#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Reference passport verifier in Python: the peer the Python binding is
measured against (issue 7). Only Debian packages: python3-cbor2 (with its C
extension) and python3-cryptography (on the system OpenSSL 3).

The pipeline, as a straightforward Python implementation would write it:
  1. check the "DPP1:" prefix;
  2. Base45-decode (RFC 9285) in pure Python;
  3. zlib.decompress when the body starts with a zlib header, with preset
     dictionary v1 (read from spec/README.md, Appendix C) when it names it;
  4. cbor2.loads: tag 18, an array of 4;
  5. cbor2.loads of the protected header: alg and kid; the trusted key by kid
     (kid = first 8 bytes of SHA-256 of the SubjectPublicKeyInfo DER), and
     the alg must match the key type;
  6. Sig_structure = cbor2.dumps(["Signature1", protected, b"", payload]);
  7. verify: ES256/ES384 (r || s to DER), EdDSA, PS256;
  8. cbor2.loads of the payload (CWT claims): iat not in the future beyond
     300 s of skew, exp not passed, the passport claim (-262) present.
It returns the claims with the passport as cbor2 decodes it (dicts). It does
not re-check deterministic encoding or the passport schema, which libdpp
does: the reference is a minimal verifier, so the comparison favours it.

Usage:
  reference_verify.py --trust KEY.pem [--now SECONDS] TEXT_OR_FILE   verify once, print the passport
  reference_verify.py --trust KEY.pem --text FILE --bench SECONDS    verifications per second
  reference_verify.py --worker --trust KEY.pem --text FILE --now N   for dpp_bench (see worker_loop)
"""
import argparse
import hashlib
import os
import re
import sys
import time
import zlib

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

PREFIX = "DPP1:"


def _load_dict_v1():
    spec = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "spec", "README.md")
    with open(spec, encoding="utf-8") as f:
        text = f.read()
    appendix = text[text.index("## Appendix C."):]
    block = appendix[appendix.index("```") + 3:]
    block = block[:block.index("```")]
    d = bytes.fromhex("".join(re.findall(r"[0-9a-f]{2,}", block)))
    if zlib.adler32(d) != 0xA9549D2D:
        raise SystemExit("spec/README.md Appendix C: not dictionary v1")
    return d


DICT_V1 = _load_dict_v1()
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
B45_VAL = {c: i for i, c in enumerate(B45)}
ES256, ES384, EDDSA, PS256 = -7, -35, -8, -37
SKEW = 300


class VerifyError(Exception):
    pass


def b45decode(s):
    out = bytearray()
    n = len(s)
    i = 0
    try:
        while i + 3 <= n:
            v = B45_VAL[s[i]] + B45_VAL[s[i + 1]] * 45 + B45_VAL[s[i + 2]] * 2025
            if v > 0xFFFF:
                raise VerifyError("base45: triplet out of range")
            out.append(v >> 8)
            out.append(v & 0xFF)
            i += 3
        if n - i == 2:
            v = B45_VAL[s[i]] + B45_VAL[s[i + 1]] * 45
            if v > 0xFF:
                raise VerifyError("base45: pair out of range")
            out.append(v)
        elif n - i == 1:
            raise VerifyError("base45: dangling character")
    except KeyError:
        raise VerifyError("base45: invalid character")
    return bytes(out)


def load_trust(pem_bytes):
    """{kid: public key} from one PEM public key."""
    key = serialization.load_pem_public_key(pem_bytes)
    spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {hashlib.sha256(spki).digest()[:8]: key}


def _check_sig(key, alg, sig, tbs):
    if alg in (ES256, ES384):
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise VerifyError("alg does not match the key")
        w = 32 if alg == ES256 else 48
        if len(sig) != 2 * w or key.curve.key_size != 8 * w:
            raise VerifyError("alg does not match the key")
        der = encode_dss_signature(int.from_bytes(sig[:w], "big"), int.from_bytes(sig[w:], "big"))
        key.verify(der, tbs, ec.ECDSA(hashes.SHA256() if alg == ES256 else hashes.SHA384()))
    elif alg == EDDSA:
        if not isinstance(key, ed25519.Ed25519PublicKey):
            raise VerifyError("alg does not match the key")
        key.verify(sig, tbs)
    elif alg == PS256:
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerifyError("alg does not match the key")
        key.verify(sig, tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
    else:
        raise VerifyError("unsupported alg")


def verify(text, trust, now):
    if not text.startswith(PREFIX):
        raise VerifyError("prefix")
    body = b45decode(text[len(PREFIX):])
    if len(body) >= 2 and body[0] & 0x0F == 8 and ((body[0] << 8) | body[1]) % 31 == 0:
        if body[1] & 0x20:
            if body[2:6] != b"\xa9\x54\x9d\x2d":
                raise VerifyError("unknown preset dictionary")
            d = zlib.decompressobj(15, zdict=DICT_V1)
            body = d.decompress(body) + d.flush()
            if not d.eof or d.unused_data:
                raise VerifyError("zlib stream")
        else:
            body = zlib.decompress(body)
    msg = cbor2.loads(body)
    if not isinstance(msg, cbor2.CBORTag) or msg.tag != 18 or not isinstance(msg.value, list) or len(msg.value) != 4:
        raise VerifyError("not a tagged COSE_Sign1")
    protected, unprotected, payload, sig = msg.value
    hdr = cbor2.loads(protected)
    alg, kid = hdr.get(1), hdr.get(4)
    key = trust.get(kid)
    if key is None:
        raise VerifyError("unknown kid")
    tbs = cbor2.dumps(["Signature1", protected, b"", payload])
    try:
        _check_sig(key, alg, sig, tbs)
    except InvalidSignature:
        raise VerifyError("signature")
    claims = cbor2.loads(payload)
    if claims.get(6, 1 << 62) > now + SKEW:
        raise VerifyError("issued in the future")
    if 4 in claims and claims[4] <= now:
        raise VerifyError("expired")
    if -262 not in claims:
        raise VerifyError("no passport")
    return claims


def worker_loop(verify_once, info):
    """The dpp_bench worker protocol on stdin/stdout: prints "ready INFO";
    then for each "run SECONDS" line verifies for at least SECONDS of this
    thread's CPU time and answers "OPERATIONS CPU_SECONDS"; "quit" ends."""
    print("ready " + info, flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd or cmd[0] == "quit":
            break
        if cmd[0] != "run":
            continue
        seconds = float(cmd[1])
        ops = 0
        clock = time.thread_time
        t0 = clock()
        while True:
            for _ in range(8):
                verify_once()
            ops += 8
            t = clock() - t0
            if t >= seconds:
                break
        print(f"{ops} {t:.6f}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trust", required=True, help="trusted public key (PEM)")
    ap.add_argument("--now", type=int, default=None, help="validation time (seconds since the epoch)")
    ap.add_argument("--text", help="file holding the passport text")
    ap.add_argument("--bench", type=float, help="verify for this many CPU seconds and print the rate")
    ap.add_argument("--worker", action="store_true", help="dpp_bench worker mode")
    ap.add_argument("input", nargs="?", help="passport text, or a file holding it")
    a = ap.parse_args()
    trust = load_trust(open(a.trust, "rb").read())
    now = a.now if a.now is not None else int(time.time())
    src = a.text or a.input
    if src is None:
        ap.error("no passport text")
    text = src if src.startswith(PREFIX) else open(src).read().strip()

    claims = verify(text, trust, now)  # raises on failure
    # a tampered text must fail
    i = len(text) // 2
    bad = text[:i] + ("0" if text[i] != "0" else "1") + text[i + 1:]
    try:
        verify(bad, trust, now)
        sys.exit("reference_verify: a tampered text verified")
    except Exception:  # any rejection will do
        pass

    if a.worker:
        worker_loop(lambda: verify(text, trust, now),
                    f"reference Python {sys.version.split()[0]}, cbor2 C extension: {_cbor2_c()}")
    elif a.bench:
        n = 0
        t0 = time.thread_time()
        while time.thread_time() - t0 < a.bench:
            verify(text, trust, now)
            n += 1
        print(f"{n / (time.thread_time() - t0):.0f} verifications/s")
    else:
        print(claims[-262])


def _cbor2_c():
    try:
        import _cbor2  # noqa: F401
        return True
    except ImportError:
        return False


if __name__ == "__main__":
    main()
