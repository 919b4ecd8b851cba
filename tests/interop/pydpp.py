#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""pydpp: an independent Python implementation of the libdpp wire format.

Written from spec/README.md, spec/payload.cddl and spec/link.md alone (not
from the C sources), to test libdpp for interoperability. Both transport
forms: "DPP1:" + Base45 text, and the link form (a GS1 Digital Link URI whose
fragment carries the body as digits; AI formats read from the GS1 Barcode
Syntax Dictionary file in the repository, libdpp/gs1/). Uses only the standard library,
python3-cryptography and (optionally, for cross-checks in tests) python3-cbor2.

    python3 pydpp.py encode --key K.pem [--iat N] [--exp N] [--iss S]
                     [--compress auto|never|always] [--legacy-zlib]
                     [--resolver HOST[/PREFIX] [--form text|link]] passport.json
    python3 pydpp.py verify --trust PUB.pem [--trust ...] --at N TEXT
    python3 pydpp.py inspect TEXT        (no signature check; debugging only)

Errors carry the same names as libdpp's dpp_err enumerators.
"""

import base64
import hashlib
import json
import os
import re
import sys
import time
import zlib

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature, encode_dss_signature)

# ---------------------------------------------------------------- constants

PREFIX = "DPP1:"
MAX_TEXT_LEN = 4296
MAX_COSE_LEN = 4096
MAX_CBOR_DEPTH = 16
IAT_SKEW = 300
KID_LEN = 8
CLAIM_ISS, CLAIM_EXP, CLAIM_IAT, CLAIM_PASSPORT = 1, 4, 6, -262
ALG_ES256, ALG_ES384, ALG_EDDSA, ALG_PS256 = -7, -35, -8, -37
ALG_NAMES = {ALG_ES256: "ES256", ALG_ES384: "ES384", ALG_EDDSA: "EdDSA", ALG_PS256: "PS256"}
COSE_TAG = 18
DECIMAL_TAG = 4
MAX_MANTISSA = 10**18 - 1
MAX_DATE = 2932896  # 9999-12-31
MAX_STAGES = 5
ZLIB_LEVEL = 9

ERRORS = {
    "DPP_OK": 0, "DPP_ERR_INVALID_ARG": 1, "DPP_ERR_BUFFER_TOO_SMALL": 2,
    "DPP_ERR_NO_MEMORY": 3, "DPP_ERR_CRYPTO_BACKEND": 4,
    "DPP_ERR_PREFIX": 20, "DPP_ERR_PREFIX_VERSION": 21, "DPP_ERR_BASE45": 22,
    "DPP_ERR_INFLATE": 23, "DPP_ERR_TOO_LARGE": 24, "DPP_ERR_CBOR_MALFORMED": 25,
    "DPP_ERR_CBOR_NOT_DETERMINISTIC": 26, "DPP_ERR_CBOR_DUPLICATE_KEY": 27,
    "DPP_ERR_CBOR_TRAILING": 28, "DPP_ERR_CBOR_DEPTH": 29, "DPP_ERR_COSE_TAG": 30,
    "DPP_ERR_COSE_STRUCTURE": 31, "DPP_ERR_CWT_CLAIMS": 32,
    "DPP_ERR_ALG_MISSING": 40, "DPP_ERR_ALG_UNSUPPORTED": 41,
    "DPP_ERR_ALG_UNPROTECTED": 42, "DPP_ERR_ALG_KEY_MISMATCH": 43,
    "DPP_ERR_KID_MISSING": 44, "DPP_ERR_KID_UNKNOWN": 45, "DPP_ERR_SIGNATURE": 46,
    "DPP_ERR_NOT_YET_VALID": 47, "DPP_ERR_EXPIRED": 48, "DPP_ERR_KEY_NOT_VALID": 49,
    "DPP_ERR_CRIT_UNSUPPORTED": 50,
    "DPP_ERR_SCHEMA_MISSING": 60, "DPP_ERR_SCHEMA_TYPE": 61, "DPP_ERR_SCHEMA_RANGE": 62,
    "DPP_ERR_SCHEMA_FORMAT": 63, "DPP_ERR_SCHEMA_CHECK_DIGIT": 64,
    "DPP_ERR_SCHEMA_UNKNOWN_FIELD": 65, "DPP_ERR_JSON_SYNTAX": 66,
    "DPP_ERR_PAYLOAD_VERSION": 67,
    "DPP_ERR_KEY_FORMAT": 80, "DPP_ERR_KEY_TYPE": 81, "DPP_ERR_KEY_NOT_PRIVATE": 82,
    "DPP_ERR_KEY_WEAK": 83,
    "DPP_ERR_QR_CAPACITY": 90,
    "DPP_ERR_DL_SYNTAX": 140, "DPP_ERR_DL_PERCENT": 141, "DPP_ERR_DL_AI": 142, "DPP_ERR_DL_AI_VALUE": 143,
    "DPP_ERR_DL_QUALIFIER_ORDER": 144, "DPP_ERR_DL_QUERY": 145, "DPP_ERR_DL_PAYLOAD": 146,
    "DPP_ERR_DL_DOMAIN": 147, "DPP_ERR_DL_PRIMARY_KEY": 148, "DPP_ERR_DL_QUALIFIER": 149,
    "DPP_ERR_DL_DOMAIN_SCOPE": 150,
    # trust layer (spec/trust.md section 9)
    "DPP_ERR_LIST_UNSIGNED": 100, "DPP_ERR_LIST_UNPINNED": 101, "DPP_ERR_LIST_ROLLBACK": 102,
    "DPP_ERR_LIST_STALE": 103, "DPP_ERR_LIST_FORMAT": 104, "DPP_ERR_SIGNER_NOT_VALID": 105,
    "DPP_ERR_ROLE": 106, "DPP_ERR_SCOPE": 107, "DPP_ERR_REVOKED": 108, "DPP_ERR_ATTESTER_UNKNOWN": 109,
    "DPP_ERR_ATTESTATION_PRODUCT": 110, "DPP_ERR_ATTESTATION_SIGNATURE": 111, "DPP_ERR_ATTESTATION_CLAIM": 112,
    "DPP_ERR_CERT_CHAIN": 113, "DPP_ERR_CERT_POLICY": 114, "DPP_ERR_ATTESTATION_TIME": 126, "DPP_ERR_REVSET_ORDER": 129, "DPP_ERR_REVSET_CODE": 130,
    "DPP_ERR_REVSET_TRAILING": 131,
    "DPP_ERR_LIST_WRONG_SCHEME": 119, "DPP_ERR_ROLLOVER_GAP": 120, "DPP_ERR_OPERATOR_RETIRED": 121,
    "DPP_ERR_STATUS_REVOKED": 122, "DPP_ERR_STATUS_LIST_MISSING": 123, "DPP_ERR_STATUS_INDEX": 124,
    "DPP_ERR_STATUS_DELTA_BASE": 125,
}

# The verifier's checks, in order (names as dpp_check_name() would give them).
CHECKS = ["prefix", "base45", "inflate", "cose", "alg", "kid", "signature",
          "key_validity", "claims", "iat", "exp", "schema", "link"]
CLAIM_RESOLVER = -265  # spec/link.md section 2
# Spec section 4.1: dropped from both ends of a text before anything else, nothing more.
WHITE_SPACE = " \t\r\n"


class DppError(Exception):
    """A failure with a libdpp error name, e.g. DppError('DPP_ERR_SIGNATURE')."""

    def __init__(self, name, msg=""):
        assert name in ERRORS, name
        super().__init__("%s: %s" % (name, msg) if msg else name)
        self.name = name
        self.msg = msg
        self.check = None  # set by unwrap(): the check that failed


# ---------------------------------------------------------------- Base45 (RFC 9285)

B45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
B45_VALUE = {c: i for i, c in enumerate(B45_ALPHABET)}


def b45encode(data):
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = n % 45, n // 45
        d, e = n % 45, n // 45
        out.append(B45_ALPHABET[c] + B45_ALPHABET[d] + B45_ALPHABET[e])
    if len(data) % 2:
        n = data[-1]
        out.append(B45_ALPHABET[n % 45] + B45_ALPHABET[n // 45])
    return "".join(out)


def b45decode(text):
    """Strict Base45 decoding; every violation is DPP_ERR_BASE45."""
    vals = []
    for off, ch in enumerate(text):
        v = B45_VALUE.get(ch)
        if v is None:
            raise DppError("DPP_ERR_BASE45", "offset %d: character %r not in the alphabet" % (off, ch))
        vals.append(v)
    if len(vals) % 3 == 1:
        raise DppError("DPP_ERR_BASE45", "length %d is 1 mod 3" % len(vals))
    out = bytearray()
    for i in range(0, len(vals), 3):
        chunk = vals[i:i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 2025
            if n > 0xFFFF:
                raise DppError("DPP_ERR_BASE45", "offset %d: triple value %d > 65535" % (i, n))
            out += bytes((n >> 8, n & 0xFF))
        else:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise DppError("DPP_ERR_BASE45", "offset %d: pair value %d > 255" % (i, n))
            out.append(n)
    return bytes(out)


# ---------------------------------------------------------------- deterministic CBOR

class Tag:
    """A CBOR tag (number, content)."""
    __slots__ = ("number", "value")

    def __init__(self, number, value):
        self.number = number
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Tag) and (self.number, self.value) == (other.number, other.value)

    def __hash__(self):
        return hash(("tag", self.number))

    def __repr__(self):
        return "Tag(%d, %r)" % (self.number, self.value)


class RawKey:
    """A map key that Python cannot hash (array or map), kept as its encoding."""
    __slots__ = ("encoded",)

    def __init__(self, encoded):
        self.encoded = encoded

    def __eq__(self, other):
        return isinstance(other, RawKey) and self.encoded == other.encoded

    def __hash__(self):
        return hash(self.encoded)


def _head(major, n):
    if n < 24:
        return bytes([(major << 5) | n])
    if n < 0x100:
        return bytes([(major << 5) | 24, n])
    if n < 0x10000:
        return bytes([(major << 5) | 25]) + n.to_bytes(2, "big")
    if n < 0x100000000:
        return bytes([(major << 5) | 26]) + n.to_bytes(4, "big")
    if n < 0x10000000000000000:
        return bytes([(major << 5) | 27]) + n.to_bytes(8, "big")
    raise ValueError("integer out of CBOR range")


def cbor_encode(obj):
    """Deterministic encoding (RFC 8949 4.2.1): shortest heads, definite
    lengths, map keys sorted bytewise by their encodings, no floats."""
    if obj is False:
        return b"\xf4"
    if obj is True:
        return b"\xf5"
    if obj is None:
        return b"\xf6"
    if isinstance(obj, int):
        return _head(0, obj) if obj >= 0 else _head(1, -1 - obj)
    if isinstance(obj, (bytes, bytearray)):
        return _head(2, len(obj)) + bytes(obj)
    if isinstance(obj, str):
        raw = obj.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(obj, (list, tuple)):
        return _head(4, len(obj)) + b"".join(cbor_encode(x) for x in obj)
    if isinstance(obj, dict):
        pairs = []
        for k, v in obj.items():
            pairs.append((k.encoded if isinstance(k, RawKey) else cbor_encode(k), cbor_encode(v)))
        pairs.sort(key=lambda p: p[0])
        for a, b in zip(pairs, pairs[1:]):
            if a[0] == b[0]:
                raise ValueError("duplicate map key")
        return _head(5, len(pairs)) + b"".join(k + v for k, v in pairs)
    if isinstance(obj, Tag):
        return _head(6, obj.number) + cbor_encode(obj.value)
    raise TypeError("cannot encode %r in deterministic CBOR" % (type(obj),))


def _utf8_ok(raw):
    # Python's strict UTF-8 decoder rejects overlongs, surrogates and > U+10FFFF.
    try:
        raw.decode("utf-8", "strict")
        return True
    except UnicodeDecodeError:
        return False


class _Reader:
    def __init__(self, data, max_depth):
        self.d = bytes(data)
        self.pos = 0
        self.max_depth = max_depth

    def fail(self, name, off, msg):
        raise DppError(name, "offset %d: %s" % (off, msg))

    def take(self, n, off):
        if n > len(self.d) - self.pos:
            self.fail("DPP_ERR_CBOR_MALFORMED", off, "truncated")
        b = self.d[self.pos:self.pos + n]
        self.pos += n
        return b

    def head(self):
        off = self.pos
        ib = self.take(1, off)[0]
        major, ai = ib >> 5, ib & 0x1F
        if major == 7:
            if ai == 20:
                return off, 7, False
            if ai == 21:
                return off, 7, True
            if ai == 22:
                return off, 7, None
            if ai in (25, 26, 27):
                self.fail("DPP_ERR_CBOR_MALFORMED", off, "floating-point value")
            if ai == 31:
                self.fail("DPP_ERR_CBOR_MALFORMED", off, "break outside an indefinite-length item")
            self.fail("DPP_ERR_CBOR_MALFORMED", off, "simple value %d not allowed" % ai)
        if ai < 24:
            return off, major, ai
        if ai in (24, 25, 26, 27):
            width = 1 << (ai - 24)
            n = int.from_bytes(self.take(width, off), "big")
            smallest = {1: 24, 2: 0x100, 4: 0x10000, 8: 0x100000000}[width]
            if n < smallest:
                self.fail("DPP_ERR_CBOR_NOT_DETERMINISTIC", off, "head not in its shortest form")
            return off, major, n
        if ai == 31:
            self.fail("DPP_ERR_CBOR_MALFORMED", off, "indefinite length")
        self.fail("DPP_ERR_CBOR_MALFORMED", off, "reserved additional information %d" % ai)

    def item(self, depth):
        off, major, n = self.head()
        if major == 7:
            return n
        if major == 0:
            return n
        if major == 1:
            return -1 - n
        if major == 2:
            return self.take(n, off)
        if major == 3:
            raw = self.take(n, off)
            if not _utf8_ok(raw):
                self.fail("DPP_ERR_CBOR_MALFORMED", off, "text string is not valid UTF-8")
            return raw.decode("utf-8")
        # containers: arrays, maps and tags open a nesting level
        if depth > self.max_depth:
            self.fail("DPP_ERR_CBOR_DEPTH", off, "nesting deeper than %d" % self.max_depth)
        if major == 4:
            if n > len(self.d) - self.pos:
                self.fail("DPP_ERR_CBOR_MALFORMED", off, "array count %d exceeds the bytes left" % n)
            return [self.item(depth + 1) for _ in range(n)]
        if major == 5:
            if n > (len(self.d) - self.pos) // 2:
                self.fail("DPP_ERR_CBOR_MALFORMED", off, "map count %d exceeds the bytes left" % n)
            out = {}
            prev = None
            for _ in range(n):
                kstart = self.pos
                k = self.item(depth + 1)
                kenc = self.d[kstart:self.pos]
                if prev is not None:
                    if kenc == prev:
                        self.fail("DPP_ERR_CBOR_DUPLICATE_KEY", kstart, "duplicate map key")
                    if kenc < prev:
                        self.fail("DPP_ERR_CBOR_NOT_DETERMINISTIC", kstart, "map keys out of order")
                prev = kenc
                if isinstance(k, (list, dict)):
                    k = RawKey(kenc)
                out[k] = self.item(depth + 1)
            return out
        # major 6: tag
        return Tag(n, self.item(depth + 1))


def cbor_decode(data, max_depth=MAX_CBOR_DEPTH):
    """Strict decoding of exactly one item: well-formed, deterministic, no
    floats/undefined/simple values/indefinite lengths, valid UTF-8, nesting
    at most max_depth containers, no trailing bytes."""
    r = _Reader(data, max_depth)
    obj = r.item(1)
    if r.pos != len(r.d):
        r.fail("DPP_ERR_CBOR_TRAILING", r.pos, "%d bytes after the item" % (len(r.d) - r.pos))
    # Belt and braces: a strictly decoded item re-encodes to the same bytes.
    if cbor_encode(obj) != bytes(data):
        raise DppError("DPP_ERR_CBOR_NOT_DETERMINISTIC", "re-encoding differs")
    return obj


# ---------------------------------------------------------------- zlib transport

# Preset deflate dictionary, version 1 (spec Appendix C): 1,277 bytes, copied
# from the hexadecimal block of spec/README.md (tests/interop/test_interop.py
# checks that it still equals that block). RFC 1950 names it in a zlib stream
# by its DICTID, the Adler-32 of the dictionary.
DICT_V1 = bytes.fromhex(
    "6f486f742d726f6c6c656420636f696c70436f6c642d726f6c6c656420636f69"
    "6c685769726520726f6465526562617265736865657465706c61746565696e67"
    "6f746662696c6c65746663656d656e746f506f72746c616e642063656d656e74"
    "6a66657274696c69736572676261747465727965737465656c69616c756d696e"
    "69756d656772616465687374616e64617264684945412032303233634c454963"
    "474c4e64555343436444554e5364454f5249635641546353475363444e566754"
    "5556205355446d54555620526865696e6c616e646e4275726561752056657269"
    "74617368496e74657274656b6544454b5241634253496949534f203134303031"
    "6849534f20393030316949534f2034353030316949534f203530303031705265"
    "73706f6e7369626c65537465656c781841534920506572666f726d616e636520"
    "5374616e646172646a49415446203136393439634550446642462d424f466345"
    "4146674452492d4541466c48616c6c2d4865726f756c746b4472792070726f63"
    "6573736b48616265722d426f7363686c456c656374726f6c7973697363534d52"
    "6449726f6e6b537465656c207363726170655363726170694d616e67616e6573"
    "656753696c69636f6e66436172626f6e69416c756d696e69756d6f416c756d69"
    "6e69756d207363726170684368726f6d69756d664e69636b656c66436f707065"
    "72645a696e63694d61676e657369756d68546974616e69756d67436c696e6b65"
    "72694c696d6573746f6e656647797073756d67466c792061736872426c617374"
    "206675726e61636520736c616767416d6d6f6e6961645572656170416d6d6f6e"
    "69756d206e69747261746572506f7461737369756d2063686c6f726964656848"
    "7964726f67656e684772617068697465764c69746869756d2069726f6e207068"
    "6f737068617465674c69746869756d65537465656c624665624d6e6253696143"
    "62416c624372624e69624375625a6e624d6762434e62494e625452624b52624a"
    "5062564e625541624252625553624742624445624652624954624553624e4c62"
    "504c6345555263434e596355534463494e526354525963474250634b5257634a"
    "5059021a0071861803c482021a0071865d03c482021a0071875503c482021a00"
    "71883803c482021a00715f1103c482021a0071885903c482021a0071869403c4"
    "82021a0071887c03c482021a0071891a03c482021a0071865203c482021a0014"
    "1b1503c482021a0074f32103c4820219df3003c482021a001459ec03c482021a"
    "0076c01903c48203c4822103c4822203c4822306010682194b9e194d0a068219"
    "4d0b194e780682194e79194fe50682194fe61951520263544e45030104010263"
    "544e450302040102634b474d0301040102634b474d0302040102634336320301"
    "0401026343363203020401058482011907c48220080a020d81a3010d82a3010d"
    "83a3010ea4011a01810ea4011a01d90ea4011a04480ea4011a044b0ea4011a04"
    "880ea5011a01810ea5011a01d90ea5011a04480ea5011a044b0ea5011a04880e"
    "a6011a01810ea6011a01d90ea6011a04480ea6011a044b0ea6011a04880ea701"
    "1a01810ea7011a01d90ea7011a04480ea7011a044b0ea7011a048805c4822107"
    "010883c48221190ca701190b86a30109a20109a30108194e031b000000586059"
    "0100d2844ea20138240448d2844ea20138220448d2844da201270448a2061a6b"
    "a2061a6a5840a05901a2061a69390105ab01010250d2844da201260448"
)
DICT_V1_ID = 0xA9549D2D
DICT_V1_LEN = 1277
if len(DICT_V1) != DICT_V1_LEN or zlib.adler32(DICT_V1) != DICT_V1_ID:   # pragma: no cover
    raise ImportError("pydpp: DICT_V1 does not match spec Appendix C (length or Adler-32)")

ZLIB_FDICT = 0x20     # FLG bit 5: a 4-byte DICTID follows the 2-byte header


def looks_like_zlib(data):
    """The body is a zlib stream when its first two bytes form a valid RFC 1950
    header (CM 8, CINFO <= 7, FCHECK); otherwise it is the COSE message."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and data[0] >> 4 <= 7 and (data[0] * 256 + data[1]) % 31 == 0


def inflate_strict(data):
    """RFC 1950 stream, CM 8, either without a preset dictionary (FDICT 0) or
    with dictionary v1 (FDICT 1, DICTID a9549d2d, checked before inflating);
    ends exactly at the end of data; inflates to at most MAX_COSE_LEN bytes,
    the cap enforced while inflating (spec 4.3)."""
    if len(data) < 2:
        raise DppError("DPP_ERR_INFLATE", "no zlib header")
    cmf, flg = data[0], data[1]
    if cmf & 0x0F != 8 or cmf >> 4 > 7:
        raise DppError("DPP_ERR_INFLATE", "CM/CINFO not deflate with a window <= 32 KiB")
    if (cmf * 256 + flg) % 31 != 0:
        raise DppError("DPP_ERR_INFLATE", "header check bits wrong")
    zdict = None
    if flg & ZLIB_FDICT:
        if len(data) < 6:
            raise DppError("DPP_ERR_INFLATE", "stream of %d bytes too short for its 4-byte DICTID" % len(data))
        dictid = int.from_bytes(data[2:6], "big")
        if dictid != DICT_V1_ID:
            raise DppError("DPP_ERR_INFLATE", "preset dictionary DICTID %08x unknown (only %08x, version 1)"
                           % (dictid, DICT_V1_ID))
        zdict = DICT_V1
    # CPython hands zdict to zlib when inflate asks for it (Z_NEED_DICT), i.e.
    # only for a stream with FDICT 1; the DICTID was checked above.
    d = zlib.decompressobj(15, zdict=zdict) if zdict is not None else zlib.decompressobj(15)
    try:
        out = d.decompress(data, MAX_COSE_LEN + 1)
    except zlib.error as e:
        raise DppError("DPP_ERR_INFLATE", str(e))
    if len(out) > MAX_COSE_LEN:
        raise DppError("DPP_ERR_TOO_LARGE", "inflates to more than %d bytes" % MAX_COSE_LEN)
    if not d.eof:
        if d.unconsumed_tail:
            raise DppError("DPP_ERR_TOO_LARGE", "inflates to more than %d bytes" % MAX_COSE_LEN)
        raise DppError("DPP_ERR_INFLATE", "stream truncated")
    if d.unused_data:
        raise DppError("DPP_ERR_INFLATE", "%d bytes after the end of the zlib stream" % len(d.unused_data))
    return out


ZLIB_WBITS = 12       # 4 KiB window: the whole message fits (CINFO = 4)
ZLIB_MEMLEVEL = 6


def deflate(data):
    """The encoder's zlib stream (spec 4.3): preset dictionary v1, level 9,
    window bits 12, memory level 6, default strategy."""
    c = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, ZLIB_WBITS, ZLIB_MEMLEVEL, zlib.Z_DEFAULT_STRATEGY,
                         zdict=DICT_V1)
    return c.compress(data) + c.flush()


def deflate_legacy(data):
    """A stream without a preset dictionary (FDICT 0): what encoders wrote
    before dictionary v1. Encoders no longer write it; verifiers accept it.
    Only for tests (and the CLI's --legacy-zlib)."""
    c = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, ZLIB_WBITS, ZLIB_MEMLEVEL, zlib.Z_DEFAULT_STRATEGY)
    return c.compress(data) + c.flush()


# ---------------------------------------------------------------- keys

class Key:
    """A signing or verification key; the algorithm follows from the key type."""

    def __init__(self, priv=None, pub=None, not_before=None, not_after=None):
        self.priv = priv
        self.pub = pub if pub is not None else priv.public_key()
        self.alg = key_alg(self.pub)
        self.not_before = not_before
        self.not_after = not_after
        spki = self.pub.public_bytes(serialization.Encoding.DER,
                                     serialization.PublicFormat.SubjectPublicKeyInfo)
        self.kid = hashlib.sha256(spki).digest()[:KID_LEN]

    @property
    def is_private(self):
        return self.priv is not None


# ---------------------------------------------------------------- weak keys (spec 5.2)
# Written from the spec: a trusted key must not be a point of small order
# (Ed25519), the point at infinity or a point off the curve (EC), nor RSA
# with e = 1, an even e or a modulus under 2048 bits. DPP_ERR_KEY_WEAK.

ED_P = 2 ** 255 - 19
ED_D = -121665 * pow(121666, ED_P - 2, ED_P) % ED_P


def _ed_point_order(y):
    """The order of the point with this y if it is 1, 2, 4 or 8, else None
    (multiplying by 2 at most three times must reach the identity)."""
    def x_of(y):
        u, v = (y * y - 1) % ED_P, (ED_D * y * y + 1) % ED_P
        x2 = u * pow(v, ED_P - 2, ED_P) % ED_P
        x = pow(x2, (ED_P + 3) // 8, ED_P)
        if x * x % ED_P != x2:
            x = x * pow(2, (ED_P - 1) // 4, ED_P) % ED_P
        return x if x * x % ED_P == x2 else None

    x = x_of(y)
    if x is None:
        return None
    pt = (x, y)
    for order in (1, 2, 4, 8):
        if pt == (0, 1):
            return order
        x1, y1 = pt
        t = ED_D * x1 * x1 * y1 * y1 % ED_P
        pt = (2 * x1 * y1 * pow(1 + t, ED_P - 2, ED_P) % ED_P,
              (y1 * y1 + x1 * x1) * pow(1 - t, ED_P - 2, ED_P) % ED_P)
    return None


def check_ed25519_public(raw):
    y = int.from_bytes(raw, "little") & ((1 << 255) - 1)
    order = _ed_point_order(y % ED_P)
    if order is not None:
        raise DppError("DPP_ERR_KEY_WEAK", "Ed25519 public key is a small-order point (order %d)" % order)
    if y >= ED_P:
        raise DppError("DPP_ERR_KEY_WEAK", "Ed25519 public key is not canonically encoded")
    u, v = (y * y - 1) % ED_P, (ED_D * y * y + 1) % ED_P
    x2 = u * pow(v, ED_P - 2, ED_P) % ED_P
    if x2 != 0 and pow(x2, (ED_P - 1) // 2, ED_P) != 1:
        raise DppError("DPP_ERR_KEY_WEAK", "Ed25519 public key is not a point on the curve")


def check_rsa_public(e, n):
    if n.bit_length() < 2048:
        raise DppError("DPP_ERR_KEY_WEAK", "RSA modulus of %d bits: need >= 2048" % n.bit_length())
    if e < 3 or e % 2 == 0:
        raise DppError("DPP_ERR_KEY_WEAK", "RSA public exponent %d: need an odd exponent >= 3" % e)


# (name, field prime, b) of the curves y^2 = x^3 - 3x + b this profile uses
_EC_CURVES = {
    bytes.fromhex("2a8648ce3d030107"): ("P-256", 2 ** 256 - 2 ** 224 + 2 ** 192 + 2 ** 96 - 1,
                                       0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B),
    bytes.fromhex("2b81040022"): ("P-384", 2 ** 384 - 2 ** 128 - 2 ** 96 + 2 ** 32 - 1,
                                  int("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875a"
                                      "c656398d8a2ed19d2a85c8edd3ec2aef", 16)),
}


def _der_read(b, i):
    """(tag, content start, content end) of the DER item at b[i]."""
    if i + 2 > len(b):
        raise ValueError("truncated")
    tag, n, j = b[i], b[i + 1], i + 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4 or j + k > len(b):
            raise ValueError("bad length")
        n, j = int.from_bytes(b[j:j + k], "big"), j + k
    if j + n > len(b):
        raise ValueError("truncated")
    return tag, j, j + n


def check_ec_spki(der):
    """For a SubjectPublicKeyInfo of an EC key on P-256 or P-384: refuses the
    point at infinity and points off the curve. Other SPKIs pass through."""
    if der is None:
        return
    try:
        tag, s, e = _der_read(der, 0)
        if tag != 0x30 or e != len(der):
            return
        tag, a, ae = _der_read(der, s)
        if tag != 0x30:
            return
        tag, o, oe = _der_read(der, a)
        if tag != 0x06 or der[o:oe] != bytes.fromhex("2a8648ce3d0201"):
            return
        tag, c, ce = _der_read(der, oe)
        if tag != 0x06 or der[c:ce] not in _EC_CURVES:
            return
        tag, k, ke = _der_read(der, ae)
        if tag != 0x03 or ke - k < 2 or der[k] != 0:
            return
    except ValueError:
        return
    name, p, b = _EC_CURVES[der[c:ce]]
    pt = der[k + 1:ke]
    fl = (p.bit_length() + 7) // 8
    if pt == b"\x00":
        raise DppError("DPP_ERR_KEY_WEAK", "%s public key is the point at infinity" % name)
    if len(pt) == 1 + 2 * fl and pt[0] == 4:
        x, y = int.from_bytes(pt[1:1 + fl], "big"), int.from_bytes(pt[1 + fl:], "big")
        on = x < p and y < p and (y * y - (x ** 3 - 3 * x + b)) % p == 0
    elif len(pt) == 1 + fl and pt[0] in (2, 3):
        x = int.from_bytes(pt[1:], "big")
        rhs = (x ** 3 - 3 * x + b) % p
        on = x < p and (rhs == 0 or pow(rhs, (p - 1) // 2, p) == 1)
    else:
        return
    if not on:
        raise DppError("DPP_ERR_KEY_WEAK", "%s public key is not a point on the curve" % name)


def _pem_body(data, label):
    m = re.search(rb"-----BEGIN " + label + rb"-----(.*?)-----END " + label + rb"-----", data, re.S)
    if m is None:
        return None
    try:
        return base64.b64decode(b"".join(m.group(1).split()), validate=True)
    except ValueError:
        return None


def key_alg(pub):
    if isinstance(pub, ec.EllipticCurvePublicKey):
        if isinstance(pub.curve, ec.SECP256R1):
            return ALG_ES256
        if isinstance(pub.curve, ec.SECP384R1):
            return ALG_ES384
        raise DppError("DPP_ERR_KEY_TYPE", "curve %s not supported" % pub.curve.name)
    if isinstance(pub, ed25519.Ed25519PublicKey):
        check_ed25519_public(pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
        return ALG_EDDSA
    if isinstance(pub, rsa.RSAPublicKey):
        nums = pub.public_numbers()
        check_rsa_public(nums.e, nums.n)
        return ALG_PS256
    raise DppError("DPP_ERR_KEY_TYPE", "key type not supported")


def load_key(data):
    """PEM or DER: private key, public key, or X.509 certificate."""
    if isinstance(data, str):
        data = data.encode()
    # an EC point at infinity or off its curve does not even load: look first
    check_ec_spki(_pem_body(data, rb"PUBLIC KEY") if b"-----BEGIN" in data else data)
    loaders = []
    if b"-----BEGIN" in data:
        loaders = [lambda: Key(priv=serialization.load_pem_private_key(data, None)),
                   lambda: Key(pub=serialization.load_pem_public_key(data)),
                   lambda: _cert_key(x509.load_pem_x509_certificate(data))]
    else:
        loaders = [lambda: Key(priv=serialization.load_der_private_key(data, None)),
                   lambda: Key(pub=serialization.load_der_public_key(data)),
                   lambda: _cert_key(x509.load_der_x509_certificate(data))]
    for f in loaders:
        try:
            return f()
        except DppError:
            raise
        except (ValueError, TypeError):
            continue
        except Exception:  # unsupported algorithm and similar
            continue
    raise DppError("DPP_ERR_KEY_FORMAT", "not a key or certificate")


def _cert_key(cert):
    return Key(pub=cert.public_key(), not_before=_utc_ts(cert.not_valid_before),
               not_after=_utc_ts(cert.not_valid_after))


def _utc_ts(dt):
    import calendar
    return calendar.timegm(dt.utctimetuple())


def generate_key(alg):
    if alg == ALG_ES256:
        return Key(priv=ec.generate_private_key(ec.SECP256R1()))
    if alg == ALG_ES384:
        return Key(priv=ec.generate_private_key(ec.SECP384R1()))
    if alg == ALG_EDDSA:
        return Key(priv=ed25519.Ed25519PrivateKey.generate())
    if alg == ALG_PS256:
        return Key(priv=rsa.generate_private_key(65537, 2048))
    raise DppError("DPP_ERR_INVALID_ARG", "unknown alg")


def private_pem(key):
    return key.priv.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()).decode()


def public_pem(key):
    return key.pub.public_bytes(serialization.Encoding.PEM,
                                serialization.PublicFormat.SubjectPublicKeyInfo).decode()


# ---------------------------------------------------------------- COSE_Sign1 (RFC 9052)

def sig_structure(protected, payload, external_aad=b""):
    return cbor_encode(["Signature1", protected, external_aad, payload])


def _coord_len(alg):
    return 32 if alg == ALG_ES256 else 48


def raw_sign(key, alg, tbs):
    if key.priv is None:
        raise DppError("DPP_ERR_KEY_NOT_PRIVATE")
    if alg in (ALG_ES256, ALG_ES384):
        h = hashes.SHA256() if alg == ALG_ES256 else hashes.SHA384()
        r, s = decode_dss_signature(key.priv.sign(tbs, ec.ECDSA(h)))
        n = _coord_len(alg)
        return r.to_bytes(n, "big") + s.to_bytes(n, "big")
    if alg == ALG_EDDSA:
        return key.priv.sign(tbs)
    if alg == ALG_PS256:
        return key.priv.sign(tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                             hashes.SHA256())
    raise DppError("DPP_ERR_ALG_UNSUPPORTED")


def raw_verify(pub, alg, tbs, sig):
    """True if sig verifies under pub with alg (alg fixed by the key type)."""
    try:
        if alg in (ALG_ES256, ALG_ES384):
            n = _coord_len(alg)
            if len(sig) != 2 * n:
                return False
            r = int.from_bytes(sig[:n], "big")
            s = int.from_bytes(sig[n:], "big")
            h = hashes.SHA256() if alg == ALG_ES256 else hashes.SHA384()
            pub.verify(encode_dss_signature(r, s), tbs, ec.ECDSA(h))
            return True
        if alg == ALG_EDDSA:
            if len(sig) != 64:
                return False
            pub.verify(sig, tbs)
            return True
        if alg == ALG_PS256:
            if len(sig) != (pub.key_size + 7) // 8:
                return False
            pub.verify(sig, tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                       hashes.SHA256())
            return True
    except InvalidSignature:
        return False
    except ValueError:
        return False
    return False


def cose_sign1(payload, key, include_kid=True, tagged=True, protected_extra=None,
               unprotected=None, alg=None, external_aad=b""):
    """COSE_Sign1 with protected {1: alg, 4: kid}; extras only for building test vectors;
    external_aad for signed lists (trust.md 3.2)."""
    alg = key.alg if alg is None else alg
    hdr = {1: alg}
    if include_kid:
        hdr[4] = key.kid
    if protected_extra:
        hdr.update(protected_extra)
    protected = cbor_encode(hdr)
    sig = raw_sign(key, key.alg, sig_structure(protected, payload, external_aad))
    msg = [protected, {} if unprotected is None else unprotected, payload, sig]
    return cbor_encode(Tag(COSE_TAG, msg) if tagged else msg)


# ---------------------------------------------------------------- reference data

COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
ZW""".split())
assert len(COUNTRIES) == 249

# GS1 AI 82-character set (GS1 General Specifications, figure 7.11-1)
GS1_AI82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
assert len(GS1_AI82) == 82

RE_SCHEME = re.compile(r"[A-Z0-9-]{1,16}\Z")
RE_UNIT = re.compile(r"[A-Z0-9]{2,3}\Z")
RE_CURRENCY = re.compile(r"[A-Z]{3}\Z")
RE_COUNTRY = re.compile(r"[A-Z]{2}\Z")

# Enumerations: CBOR value -> JSON spelling. Filled from spec/passport.schema.json.
ENUMS = {
    "boundary": {1: "cradle-to-gate", 2: "cradle-to-grave", 3: "gate-to-gate", 4: "cradle-to-cradle"},
    "method": {1: "ISO 14067", 2: "GHG Protocol", 3: "PEF", 4: "PAS 2050", 5: "GB/T 24067",
               6: "PACT", 7: "EU 2023/1542"},
    "stage": {1: "raw-materials", 2: "production", 3: "distribution", 4: "use", 5: "end-of-life"},
    "verification": {1: "self-declared", 2: "third-party-verified"},
    "cbam_method": {1: "actual", 2: "default", 3: "mixed"},
    "instrument": {1: "ets", 2: "carbon-tax", 3: "levy", 4: "fee", 5: "other"},
}


# ---------------------------------------------------------------- value helpers

class Dec:
    """Exact decimal mantissa * 10**exponent, exponent in -18..0."""
    __slots__ = ("m", "e")

    def __init__(self, m, e):
        self.m, self.e = m, e

    def __eq__(self, o):
        return isinstance(o, Dec) and (self.m, self.e) == (o.m, o.e)

    def __repr__(self):
        return "Dec(%s)" % self.text()

    def cmp(self, m2, e2=0):
        """Compare by value with m2 * 10**e2."""
        e = min(self.e, e2)
        a = self.m * 10 ** (self.e - e)
        b = m2 * 10 ** (e2 - e)
        return (a > b) - (a < b)

    def text(self):
        neg = self.m < 0
        digits = str(abs(self.m))
        if self.e == 0:
            s = digits
        else:
            k = -self.e
            digits = digits.rjust(k + 1, "0")
            s = digits[:-k] + "." + digits[-k:]
        return "-" + s if neg else s

    def to_cbor(self):
        return self.m if self.e == 0 else Tag(DECIMAL_TAG, [self.e, self.m])


RE_DEC = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?\Z")


def _shortest_double_text(literal):
    """A JSON real as the shortest decimal that round-trips to the same double."""
    import decimal
    f = float(literal)
    if f != f or f in (float("inf"), float("-inf")):
        return literal
    t = format(decimal.Decimal(repr(f)).normalize(), "f")
    return "0" if t == "-0" else t


def parse_decimal_text(s, path):
    if not RE_DEC.match(s):
        raise DppError("DPP_ERR_SCHEMA_FORMAT", "%s: %r is not a decimal" % (path, s))
    neg = s.startswith("-")
    body = s[1:] if neg else s
    ip, _, fp = body.partition(".")
    if len(fp) > 18:
        raise DppError("DPP_ERR_SCHEMA_RANGE", "%s: more than 18 decimal places" % path)
    m = int(ip + fp)
    if neg and m == 0:
        raise DppError("DPP_ERR_SCHEMA_FORMAT", "%s: negative zero" % path)
    if m > MAX_MANTISSA:
        raise DppError("DPP_ERR_SCHEMA_RANGE", "%s: more than 18 digits" % path)
    return Dec(-m if neg else m, -len(fp))


def days_to_date(days):
    import datetime
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).isoformat()


def date_to_days(s, path):
    import datetime
    if not isinstance(s, str):
        raise DppError("DPP_ERR_SCHEMA_TYPE", "%s: expected a date string" % path)
    if not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", s):
        raise DppError("DPP_ERR_SCHEMA_FORMAT", "%s: %r is not YYYY-MM-DD" % (path, s))
    try:
        d = datetime.date(int(s[:4]), int(s[5:7]), int(s[8:10]))
    except ValueError:
        raise DppError("DPP_ERR_SCHEMA_FORMAT", "%s: %r is not a calendar date" % (path, s))
    if d.year < 1970:
        raise DppError("DPP_ERR_SCHEMA_RANGE", "%s: before 1970-01-01" % path)
    return (d - datetime.date(1970, 1, 1)).days


def gs1_check_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits[:-1])):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10 == int(digits[-1])


def cas_check_ok(digits):
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(ch) * (i + 1) for i, ch in enumerate(reversed(body)))
    return total % 10 == check


def cas_text(digits):
    return "%s-%s-%s" % (digits[:-3], digits[-3:-1], digits[-1])


# ---------------------------------------------------------------- passport schema
#
# Each object is a list of fields: (cbor_key, json_name, kind, required, params).
# The internal model is the JSON form with decimals as Dec and dates as int days.

def _text(cap, charset=None):
    return ("text", {"cap": cap, "charset": charset})


def _dec(rule, min_exp=-18):
    return ("decimal", {"rule": rule, "min_exp": min_exp})


IDENTIFIER = "identifier"

PARTY = [
    (1, "name", _text(96), True),
    (2, "country", ("country", {}), True),
    (3, "operator_id", (IDENTIFIER, {}), False),
]
FACILITY = [
    (1, "id", (IDENTIFIER, {}), True),
    (2, "name", _text(96), False),
]
MATERIAL = [
    (1, "name", _text(96), True),
    (2, "cas", ("cas", {}), False),
    (3, "mass_fraction", _dec("share"), False),
    (4, "mass", _dec("positive"), False),
    (5, "mass_unit", ("unit", {}), False),
    (6, "recycled_share", _dec("share"), False),
    (7, "renewable_share", _dec("share"), False),
    (8, "origin", ("country", {}), False),
    (9, "hazardous", ("true", {}), False),
]
FOOTPRINT = [
    (1, "total", _dec("nonneg"), True),
    (2, "declared_unit", ("unit", {}), True),
    (3, "boundary", ("enum", {"enum": "boundary"}), True),
    (4, "method", ("enum", {"enum": "method"}), True),
    (5, "stages", ("stages", {}), False),
    (6, "period", ("period", {}), True),          # JSON: period_start / period_end
    (7, "primary_share", _dec("share"), False),
    (8, "electricity_ef", _dec("nonneg"), False),
    (9, "electricity_ef_source", _text(64), False),
    (10, "verification", ("enum", {"enum": "verification"}), True),
]
CERTIFICATION = [
    (1, "scheme", _text(48), True),
    (2, "certificate_id", _text(48), True),
    (3, "issuer", _text(96), True),
    (4, "valid_from", ("date", {}), False),
    (5, "valid_until", ("date", {}), False),
    (6, "scope", _text(96), False),
]
# The CBAM block's communication template data (keys 9..19, spec/README.md).
CBAM_INSTALLATION = [
    (1, "name", _text(96), True),
    (2, "street", _text(96), False),
    (3, "city", _text(96), False),
    (4, "postcode", _text(16), False),
    (5, "country", ("country", {}), True),
    (6, "unlocode", ("unlocode", {}), False),
    (7, "coordinates", ("coords", {}), False),      # CBOR [lat, lon]; JSON {latitude, longitude}
    (8, "activity", _text(64), False),
    (9, "operator_id", (IDENTIFIER, {}), False),
]
CBAM_ELECTRICITY = [
    (1, "consumed", _dec("nonneg"), True),
    (2, "emission_factor", _dec("nonneg"), False),
    (3, "source", _text(64), False),
]
CBAM_PRECURSOR = [
    (1, "cn_code", ("cn", {}), True),
    (2, "quantity", _dec("positive"), False),
    (3, "see_direct", _dec("nonneg", -5), True),
    (4, "see_indirect", _dec("nonneg", -5), False),
]
CBAM_PRICE_DETAILS = [                            # JSON: members of carbon_price
    (1, "covered", _dec("nonneg"), False),
    (2, "rebate", _dec("nonneg"), False),
    (3, "rebate_type", _text(48), False),
    (4, "rebate_covered", _dec("nonneg"), False),
    (5, "effective", _dec("nonneg"), False),
]
CBAM_VERIFIER = [
    (1, "name", _text(96), True),
    (2, "country", ("country", {}), False),
    (3, "accreditation_state", ("country", {}), False),
    (4, "accreditation_body", _text(96), False),
    (5, "accreditation_id", _text(48), False),
]
SEE_UNITS = {1: "tCO2e/t", 2: "tCO2e/MWh"}
RE_UNLOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}\Z")
CBAM = [
    (1, "cn_code", ("cn", {}), True),
    (2, "origin", ("country", {}), True),
    (3, "installation_id", _text(48), False),
    (4, "route", _text(32), False),
    (5, "see_direct", _dec("nonneg", -5), True),
    (6, "see_indirect", _dec("nonneg", -5), False),
    (7, "method", ("enum", {"enum": "cbam_method"}), True),
    (8, "carbon_price", ("price", {}), False),     # JSON: {amount, currency, instrument, details of 18}
    (9, "installation", ("object", {"fields": CBAM_INSTALLATION}), False),
    (10, "period", ("range", {}), False),          # CBOR [start, end]; JSON {start, end}
    (11, "process", _text(64), False),
    (12, "goods_category", _text(48), False),
    (13, "see_total", _dec("nonneg", -5), False),
    (14, "see_unit", ("seeunit", {}), False),
    (15, "default_share", _dec("share"), False),
    (16, "electricity", ("object", {"fields": CBAM_ELECTRICITY}), False),
    (17, "precursors", ("list", {"fields": CBAM_PRECURSOR, "max": 6}), False),
    (18, "price_details", ("object", {"fields": CBAM_PRICE_DETAILS}), False),
    (19, "verifier", ("object", {"fields": CBAM_VERIFIER}), False),
]
PRICE_MEMBERS = ("amount", "currency", "instrument")
DETAIL_MEMBERS = tuple(f[1] for f in CBAM_PRICE_DETAILS)
PASSPORT = [
    (2, "id", ("uuid", {}), True),
    (3, "gtin", ("gtin", {}), True),
    (4, "batch", _text(20, GS1_AI82), False),
    (5, "serial", _text(20, GS1_AI82), False),
    (6, "name", _text(96), True),
    (7, "category", _text(48), False),
    (8, "production_date", ("date", {}), False),
    (9, "manufacturer", ("object", {"fields": PARTY}), True),
    (10, "facility", ("object", {"fields": FACILITY}), False),
    (11, "materials", ("list", {"fields": MATERIAL, "max": 16}), False),
    (12, "footprint", ("object", {"fields": FOOTPRINT}), False),
    (13, "certifications", ("list", {"fields": CERTIFICATION, "max": 8}), False),
    (14, "cbam", ("object", {"fields": CBAM}), False),
    (15, "extensions", ("ext", {}), False),
]

# JSON member names that a "compound" CBOR field spreads over.
SPLIT_JSON = {
    "period": ("period_start", "period_end"),
}


def _fail(name, path, msg):
    raise DppError(name, "%s: %s" % (path, msg))


def _is_uint(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


BIDI_CONTROLS = frozenset([0x200E, 0x200F] + list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)))


def rule_t_violation(v):
    """Spec section 9.1 rule T: no C0, DEL, C1 control and no bidirectional
    formatting control (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069).
    Returns what is wrong, or None."""
    for c in v:
        o = ord(c)
        if o < 0x20 or 0x7F <= o <= 0x9F:
            return "control character U+%04X" % o
        if o in BIDI_CONTROLS:
            return "bidirectional control character U+%04X" % o
    return None


def _check_text(v, path, cap, charset=None):
    if not isinstance(v, str):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected text")
    n = len(v.encode("utf-8"))
    if n < 1 or n > cap:
        _fail("DPP_ERR_SCHEMA_RANGE", path, "length %d outside 1..%d bytes" % (n, cap))
    bad = rule_t_violation(v)
    if bad:
        _fail("DPP_ERR_SCHEMA_FORMAT", path, bad)
    if charset is not None and any(c not in charset for c in v):
        _fail("DPP_ERR_SCHEMA_FORMAT", path, "character outside the GS1 AI 82-character set")
    return v


def _check_country(v, path):
    if not isinstance(v, str):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected text")
    if not RE_COUNTRY.match(v) or v not in COUNTRIES:
        _fail("DPP_ERR_SCHEMA_FORMAT", path, "%r is not an assigned ISO 3166-1 alpha-2 code" % v)
    return v


def _check_unit(v, path):
    if not isinstance(v, str):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected text")
    if not RE_UNIT.match(v):
        _fail("DPP_ERR_SCHEMA_FORMAT", path, "%r is not a Rec 20 code shape [A-Z0-9]{2,3}" % v)
    return v


def _check_dec_rule(d, path, rule, min_exp):
    if d.e < min_exp:
        _fail("DPP_ERR_SCHEMA_RANGE", path, "more than %d decimal places" % -min_exp)
    if rule == "share" and (d.cmp(0) < 0 or d.cmp(1) > 0):
        _fail("DPP_ERR_SCHEMA_RANGE", path, "%s is out of range 0..1" % d.text())
    if rule == "nonneg" and d.cmp(0) < 0:
        _fail("DPP_ERR_SCHEMA_RANGE", path, "%s is negative" % d.text())
    if rule == "positive" and d.cmp(0) <= 0:
        _fail("DPP_ERR_SCHEMA_RANGE", path, "%s is not > 0" % d.text())
    return d


def _dec_from_cbor(v, path):
    if _is_int(v):
        if abs(v) > MAX_MANTISSA:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "|value| > 10^18 - 1")
        return Dec(v, 0)
    if isinstance(v, Tag) and v.number == DECIMAL_TAG:
        a = v.value
        if not (isinstance(a, list) and len(a) == 2 and _is_int(a[0]) and _is_int(a[1])):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "tag 4 content is not [int, int]")
        e, m = a
        if e < -18 or e > -1:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "exponent %d outside -18..-1" % e)
        if abs(m) > MAX_MANTISSA:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "|mantissa| > 10^18 - 1")
        return Dec(m, e)
    _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a decimal (int or tag 4)")


def _dec_from_json(v, path):
    if isinstance(v, str):
        return parse_decimal_text(v, path)
    if isinstance(v, JsonNumber):
        return parse_decimal_text(_shortest_double_text(v.text), path)
    if _is_int(v):
        return parse_decimal_text(str(v), path)
    _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a decimal string")


def _date_from_cbor(v, path):
    if not _is_uint(v):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected uint days")
    if v > MAX_DATE:
        _fail("DPP_ERR_SCHEMA_RANGE", path, "day %d after 9999-12-31" % v)
    return v


def _ident_from_cbor(v, path):
    if not (isinstance(v, list) and len(v) == 2):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected [scheme, value]")
    return _ident_check({"scheme": v[0], "value": v[1]}, path)


def _ident_check(d, path):
    if not isinstance(d["scheme"], str):
        _fail("DPP_ERR_SCHEMA_TYPE", path + ".scheme", "expected text")
    if not RE_SCHEME.match(d["scheme"]):
        _fail("DPP_ERR_SCHEMA_FORMAT", path + ".scheme", "%r is not [A-Z0-9-]{1,16}" % d["scheme"])
    _check_text(d["value"], path + ".value", 48)
    return {"scheme": d["scheme"], "value": d["value"]}


# --- CBOR -> model

def _field_from_cbor(kind, params, v, path):
    if kind == "text":
        return _check_text(v, path, params["cap"], params["charset"])
    if kind == "country":
        return _check_country(v, path)
    if kind == "unit":
        return _check_unit(v, path)
    if kind == "decimal":
        return _check_dec_rule(_dec_from_cbor(v, path), path, params["rule"], params["min_exp"])
    if kind == "date":
        return _date_from_cbor(v, path)
    if kind == "uuid":
        if not isinstance(v, bytes):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected bstr")
        if len(v) != 16:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "length %d != 16" % len(v))
        if v == bytes(16):
            _fail("DPP_ERR_SCHEMA_MISSING", path, "all-zero id means absent")
        return v
    if kind == "gtin":
        if not _is_uint(v):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected uint")
        if v > 99999999999999:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "more than 14 digits")
        digits = "%014d" % v
        if not gs1_check_ok(digits):
            _fail("DPP_ERR_SCHEMA_CHECK_DIGIT", path, "GTIN check digit wrong")
        return digits
    if kind == "cas":
        if not _is_uint(v):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected uint")
        if v < 10000 or v > 9999999999:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "CAS RN needs 5..10 digits")
        digits = str(v)
        if not cas_check_ok(digits):
            _fail("DPP_ERR_SCHEMA_CHECK_DIGIT", path, "CAS check digit wrong")
        return cas_text(digits)
    if kind == "cn":
        if not _is_uint(v):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected uint")
        if v > 99999999:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "more than 8 digits")
        return "%08d" % v
    if kind == "enum":
        if not _is_uint(v):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected uint")
        names = ENUMS[params["enum"]]
        if v not in names:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "%d outside 1..%d" % (v, len(names)))
        return v
    if kind == "true":
        if v is not True:
            _fail("DPP_ERR_SCHEMA_TYPE", path, "must be true when present")
        return True
    if kind == IDENTIFIER:
        return _ident_from_cbor(v, path)
    if kind == "object":
        return _object_from_cbor(params["fields"], v, path)
    if kind == "list":
        if not isinstance(v, list):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected an array")
        if not 1 <= len(v) <= params["max"]:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "%d entries outside 1..%d" % (len(v), params["max"]))
        return [_object_from_cbor(params["fields"], x, "%s[%d]" % (path, i)) for i, x in enumerate(v)]
    if kind == "stages":
        if not isinstance(v, list):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected an array")
        if not 1 <= len(v) <= MAX_STAGES:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "%d entries outside 1..%d" % (len(v), MAX_STAGES))
        out = []
        for i, x in enumerate(v):
            p = "%s[%d]" % (path, i)
            if not (isinstance(x, list) and len(x) == 2):
                _fail("DPP_ERR_SCHEMA_TYPE", p, "expected [stage, value]")
            st = _field_from_cbor("enum", {"enum": "stage"}, x[0], p + ".stage")
            out.append({"stage": st, "value": _dec_from_cbor(x[1], p + ".value")})
        return out
    if kind == "period":
        if not (isinstance(v, list) and len(v) == 2):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected [start, end]")
        return [_date_from_cbor(v[0], path + "_start"), _date_from_cbor(v[1], path + "_end")]
    if kind == "price":
        if not (isinstance(v, list) and len(v) == 3):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected [amount, currency, instrument]")
        return _price_check(_dec_from_cbor(v[0], path + ".amount"), v[1], v[2], path, cbor=True)
    if kind == "ext":
        return _ext_from_cbor(v, path)
    if kind == "unlocode":
        return _check_unlocode(v, path)
    if kind == "coords":
        if not (isinstance(v, list) and len(v) == 2):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected [latitude, longitude]")
        return _coords_check(_dec_from_cbor(v[0], path + ".latitude"), _dec_from_cbor(v[1], path + ".longitude"),
                             path)
    if kind == "range":
        if not (isinstance(v, list) and len(v) == 2):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected [start, end]")
        return [_date_from_cbor(v[0], path + ".start"), _date_from_cbor(v[1], path + ".end")]
    if kind == "seeunit":
        if not _is_uint(v) or v not in SEE_UNITS:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "%r outside 1..2" % (v,))
        return SEE_UNITS[v]
    raise AssertionError(kind)


def _check_unlocode(v, path):
    if not isinstance(v, str):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected text")
    if not RE_UNLOCODE.match(v) or v[:2] not in COUNTRIES:
        _fail("DPP_ERR_SCHEMA_FORMAT", path, "%r is not a UN/LOCODE" % v)
    return v


def _coords_check(lat, lon, path):
    if lat.cmp(-90) < 0 or lat.cmp(90) > 0:
        _fail("DPP_ERR_SCHEMA_RANGE", path + ".latitude", "%s outside -90..90" % lat.text())
    if lon.cmp(-180) < 0 or lon.cmp(180) > 0:
        _fail("DPP_ERR_SCHEMA_RANGE", path + ".longitude", "%s outside -180..180" % lon.text())
    return [lat, lon]


def _price_check(amount, cur, inst, path, cbor):
    _check_dec_rule(amount, path + ".amount", "nonneg", -18)
    if not isinstance(cur, str):
        _fail("DPP_ERR_SCHEMA_TYPE", path + ".currency", "expected text")
    if not RE_CURRENCY.match(cur):
        _fail("DPP_ERR_SCHEMA_FORMAT", path + ".currency", "%r is not [A-Z]{3}" % cur)
    if cbor:
        inst = _field_from_cbor("enum", {"enum": "instrument"}, inst, path + ".instrument")
    else:
        inst = _enum_from_json("instrument", inst, path + ".instrument")
    return [amount, cur, inst]


def _object_from_cbor(fields, v, path):
    if not isinstance(v, dict):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a map")
    known = {f[0]: f for f in fields}
    for k in v:
        if k not in known or isinstance(k, bool):
            _fail("DPP_ERR_SCHEMA_UNKNOWN_FIELD", path, "unknown key %r" % (k,))
    out = {}
    for key, name, (kind, params), required in fields:
        p = "%s.%s" % (path, name) if path else name
        if key not in v:
            if required:
                _fail("DPP_ERR_SCHEMA_MISSING", p, "missing")
            continue
        out[name] = _field_from_cbor(kind, params, v[key], p)
    _cross_checks(fields, out, path)
    return out


def _cross_checks(fields, o, path):
    pre = path + "." if path else ""
    if fields is MATERIAL:
        if "mass_fraction" not in o and "mass" not in o:
            _fail("DPP_ERR_SCHEMA_MISSING", pre + "mass_fraction", "needs mass_fraction or mass")
        if ("mass" in o) != ("mass_unit" in o):
            _fail("DPP_ERR_SCHEMA_MISSING", pre + ("mass_unit" if "mass" in o else "mass"),
                  "mass and mass_unit go together")
    if fields is PASSPORT and "materials" in o:
        total = Dec(0, 0)
        for mat in o["materials"]:
            f = mat.get("mass_fraction")
            if f is not None:
                e = min(total.e, f.e)
                total = Dec(total.m * 10 ** (total.e - e) + f.m * 10 ** (f.e - e), e)
        if total.cmp(1) > 0:
            _fail("DPP_ERR_SCHEMA_RANGE", pre + "materials", "mass fractions sum to %s > 1" % total.text())
    if fields is FOOTPRINT:
        st = [s["stage"] for s in o.get("stages", [])]
        if any(b <= a for a, b in zip(st, st[1:])):
            _fail("DPP_ERR_SCHEMA_RANGE", pre + "stages", "stages not strictly increasing")
        if o["period"][0] > o["period"][1]:
            _fail("DPP_ERR_SCHEMA_RANGE", pre + "period_end", "period_end before period_start")
    if fields is CERTIFICATION:
        if "valid_from" in o and "valid_until" in o and o["valid_until"] < o["valid_from"]:
            _fail("DPP_ERR_SCHEMA_RANGE", pre + "valid_until", "valid_until before valid_from")
    if fields is CBAM_INSTALLATION and "unlocode" in o and o["unlocode"][:2] != o["country"]:
        _fail("DPP_ERR_SCHEMA_RANGE", pre + "unlocode", "not in the installation's country")
    if fields is CBAM:
        if "period" in o and o["period"][0] > o["period"][1]:
            _fail("DPP_ERR_SCHEMA_RANGE", pre + "period.end", "end before start")
        det = o.get("price_details")
        if det is not None:
            if len(det) == 0:
                _fail("DPP_ERR_SCHEMA_RANGE", pre + "carbon_price", "empty price details map")
            if "carbon_price" not in o:
                _fail("DPP_ERR_SCHEMA_MISSING", pre + "carbon_price.amount", "price details need the price")
            if "rebate_type" in det and "rebate" not in det:
                _fail("DPP_ERR_SCHEMA_MISSING", pre + "carbon_price.rebate", "required with rebate_type")


EXT_MAX_ENTRIES = 32
EXT_MAX_LEN = 1024
EXT_MAX_NEST = 4
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _ext_value_check(v, path, level):
    if v is None or isinstance(v, bool) or isinstance(v, str):
        return
    if _is_int(v):
        if v < INT64_MIN or v > INT64_MAX:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "integer outside the signed 64-bit range")
        return
    if isinstance(v, (list, dict)):
        if level + 1 > EXT_MAX_NEST:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "nested more than %d levels" % EXT_MAX_NEST)
        if isinstance(v, list):
            for i, x in enumerate(v):
                _ext_value_check(x, "%s[%d]" % (path, i), level + 1)
        else:
            for k, x in v.items():
                if not isinstance(k, str):
                    _fail("DPP_ERR_SCHEMA_TYPE", path, "extension map keys must be text")
                _check_ext_key(k, path, 255)
                _ext_value_check(x, "%s.%s" % (path, k), level + 1)
        return
    _fail("DPP_ERR_SCHEMA_TYPE", path, "extension value of a type not allowed")


def _check_ext_key(k, path, cap):
    n = len(k.encode("utf-8"))
    if n < 1 or n > cap:
        _fail("DPP_ERR_SCHEMA_RANGE", path, "key length %d outside 1..%d" % (n, cap))


def _ext_from_cbor(v, path):
    if not isinstance(v, dict):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a map")
    if not 1 <= len(v) <= EXT_MAX_ENTRIES:
        _fail("DPP_ERR_SCHEMA_RANGE", path, "%d entries outside 1..%d" % (len(v), EXT_MAX_ENTRIES))
    for k, x in v.items():
        if not isinstance(k, str):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "extension keys must be text")
        _check_ext_key(k, path, 64)
        _ext_value_check(x, "%s.%s" % (path, k), 0)
    n = len(cbor_encode(v))
    if n > EXT_MAX_LEN:
        _fail("DPP_ERR_SCHEMA_RANGE", path, "%d encoded bytes > %d" % (n, EXT_MAX_LEN))
    return v


def passport_from_cbor_obj(obj):
    """Decoded CBOR passport map -> model (validated)."""
    if not isinstance(obj, dict):
        raise DppError("DPP_ERR_SCHEMA_TYPE", "passport: expected a map")
    if 1 not in obj:
        raise DppError("DPP_ERR_SCHEMA_MISSING", "version: missing")
    if obj[1] != 1 or not _is_uint(obj[1]):
        raise DppError("DPP_ERR_PAYLOAD_VERSION", "version %r unsupported" % (obj[1],))
    rest = dict(obj)
    del rest[1]
    return _object_from_cbor(PASSPORT, rest, "")


def passport_from_cbor(data):
    return passport_from_cbor_obj(cbor_decode(data))


# --- model -> CBOR

def _field_to_cbor(kind, params, v):
    if kind in ("text", "country", "unit", "date", "enum", "uuid"):
        return v
    if kind == "decimal":
        return v.to_cbor()
    if kind in ("gtin", "cn"):
        return int(v)
    if kind == "cas":
        return int(v.replace("-", ""))
    if kind == "true":
        return True
    if kind == IDENTIFIER:
        return [v["scheme"], v["value"]]
    if kind == "object":
        return _object_to_cbor(params["fields"], v)
    if kind == "list":
        return [_object_to_cbor(params["fields"], x) for x in v]
    if kind == "stages":
        return [[s["stage"], s["value"].to_cbor()] for s in v]
    if kind == "period":
        return list(v)
    if kind == "price":
        return [v[0].to_cbor(), v[1], v[2]]
    if kind == "ext":
        return v
    if kind == "unlocode":
        return v
    if kind in ("coords",):
        return [v[0].to_cbor(), v[1].to_cbor()]
    if kind == "range":
        return list(v)
    if kind == "seeunit":
        return 2 if v == "tCO2e/MWh" else 1
    raise AssertionError(kind)


def _object_to_cbor(fields, o):
    out = {}
    for key, name, (kind, params), _req in fields:
        if name in o:
            out[key] = _field_to_cbor(kind, params, o[name])
    return out


def passport_to_cbor_obj(model):
    obj = _object_to_cbor(PASSPORT, model)
    obj[1] = 1
    return obj


def passport_to_cbor(model):
    return cbor_encode(passport_to_cbor_obj(model))


# --- JSON <-> model

class JsonNumber:
    """A JSON number kept as its literal text (no binary floats)."""
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


def json_loads(text):
    try:
        return json.loads(text, parse_float=JsonNumber,
                          object_pairs_hook=_no_dup_pairs)
    except DppError:
        raise
    except ValueError as e:
        raise DppError("DPP_ERR_JSON_SYNTAX", str(e))


def _no_dup_pairs(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise DppError("DPP_ERR_JSON_SYNTAX", "duplicate member %r" % k)
        d[k] = v
    return d


def _json_field(kind, params, name, src, path):
    """Reads JSON member(s) for one CBOR field from object src; returns the model value."""
    v = src[name]
    if kind == "text":
        return _check_text(v, path, params["cap"], params["charset"])
    if kind == "country":
        return _check_country(v, path)
    if kind == "unit":
        return _check_unit(v, path)
    if kind == "decimal":
        return _check_dec_rule(_dec_from_json(v, path), path, params["rule"], params["min_exp"])
    if kind == "date":
        return date_to_days(v, path)
    if kind == "uuid":
        if not isinstance(v, str):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a UUID string")
        if not re.match(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z", v):
            _fail("DPP_ERR_SCHEMA_FORMAT", path, "not a UUID")
        raw = bytes.fromhex(v.replace("-", ""))
        if raw == bytes(16):
            _fail("DPP_ERR_SCHEMA_MISSING", path, "all-zero id means absent")
        return raw
    if kind == "gtin":
        if not isinstance(v, str):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a digit string")
        if not re.match(r"[0-9]+\Z", v) or len(v) not in (8, 12, 13, 14):
            _fail("DPP_ERR_SCHEMA_FORMAT", path, "GTIN needs 8, 12, 13 or 14 digits")
        v = v.rjust(14, "0")
        if not gs1_check_ok(v):
            _fail("DPP_ERR_SCHEMA_CHECK_DIGIT", path, "GTIN check digit wrong")
        return v
    if kind == "cas":
        if not isinstance(v, str):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a CAS RN string")
        if not re.match(r"[1-9][0-9]{1,6}-[0-9]{2}-[0-9]\Z", v):
            _fail("DPP_ERR_SCHEMA_FORMAT", path, "not a CAS RN NNNNNNN-NN-N")
        if not cas_check_ok(v.replace("-", "")):
            _fail("DPP_ERR_SCHEMA_CHECK_DIGIT", path, "CAS check digit wrong")
        return v
    if kind == "cn":
        if not isinstance(v, str):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a digit string")
        if not re.match(r"[0-9]{8}\Z", v):
            _fail("DPP_ERR_SCHEMA_FORMAT", path, "CN code needs 8 digits")
        return v
    if kind == "enum":
        return _enum_from_json(params["enum"], v, path)
    if kind == "true":
        if not isinstance(v, bool):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a boolean")
        return v
    if kind == IDENTIFIER:
        return _ident_from_json(v, path)
    if kind == "object":
        return _object_from_json(params["fields"], v, path)
    if kind == "list":
        if not isinstance(v, list):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected an array")
        if not 1 <= len(v) <= params["max"]:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "%d entries outside 1..%d" % (len(v), params["max"]))
        return [_object_from_json(params["fields"], x, "%s[%d]" % (path, i)) for i, x in enumerate(v)]
    if kind == "stages":
        if not isinstance(v, list):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected an array")
        if not 1 <= len(v) <= MAX_STAGES:
            _fail("DPP_ERR_SCHEMA_RANGE", path, "%d entries outside 1..%d" % (len(v), MAX_STAGES))
        out = []
        for i, x in enumerate(v):
            p = "%s[%d]" % (path, i)
            if not isinstance(x, dict):
                _fail("DPP_ERR_SCHEMA_TYPE", p, "expected an object")
            for k in x:
                if k not in ("stage", "value"):
                    _fail("DPP_ERR_SCHEMA_UNKNOWN_FIELD", p, "unknown member %r" % k)
            for k in ("stage", "value"):
                if k not in x:
                    _fail("DPP_ERR_SCHEMA_MISSING", p + "." + k, "missing")
            out.append({"stage": _enum_from_json("stage", x["stage"], p + ".stage"),
                        "value": _dec_from_json(x["value"], p + ".value")})
        return out
    if kind == "unlocode":
        return _check_unlocode(v, path)
    if kind == "coords":
        if not isinstance(v, dict):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected an object")
        for k in v:
            if k not in ("latitude", "longitude"):
                _fail("DPP_ERR_SCHEMA_UNKNOWN_FIELD", path + "." + k, "unknown member")
        for k in ("latitude", "longitude"):
            if k not in v:
                _fail("DPP_ERR_SCHEMA_MISSING", path + "." + k, "missing")
        return _coords_check(_dec_from_json(v["latitude"], path + ".latitude"),
                             _dec_from_json(v["longitude"], path + ".longitude"), path)
    if kind == "range":
        if not isinstance(v, dict):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected an object")
        for k in v:
            if k not in ("start", "end"):
                _fail("DPP_ERR_SCHEMA_UNKNOWN_FIELD", path + "." + k, "unknown member")
        for k in ("start", "end"):
            if k not in v:
                _fail("DPP_ERR_SCHEMA_MISSING", path + "." + k, "missing")
        return [date_to_days(v["start"], path + ".start"), date_to_days(v["end"], path + ".end")]
    if kind == "seeunit":
        if not isinstance(v, str):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a string")
        if v not in SEE_UNITS.values():
            _fail("DPP_ERR_SCHEMA_RANGE", path, "%r is not tCO2e/t or tCO2e/MWh" % v)
        return v
    if kind == "price":
        if not isinstance(v, dict):
            _fail("DPP_ERR_SCHEMA_TYPE", path, "expected an object")
        for k in v:
            if k not in PRICE_MEMBERS + DETAIL_MEMBERS:
                _fail("DPP_ERR_SCHEMA_UNKNOWN_FIELD", path + "." + k, "unknown member")
        for k in ("amount", "currency", "instrument"):
            if k not in v:
                _fail("DPP_ERR_SCHEMA_MISSING", path + "." + k, "missing")
        return _price_check(_dec_from_json(v["amount"], path + ".amount"), v["currency"], v["instrument"],
                            path, cbor=False)
    if kind == "ext":
        return _ext_from_json(v, path)
    raise AssertionError(kind)


def _enum_from_json(enum, v, path):
    names = ENUMS[enum]
    if not isinstance(v, str):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected a string")
    for num, nm in names.items():
        if nm == v:
            return num
    _fail("DPP_ERR_SCHEMA_RANGE", path, "%r is not one of %s" % (v, ", ".join(names.values())))


def _ident_from_json(v, path):
    if not isinstance(v, dict):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected an object")
    for k in v:
        if k not in ("scheme", "value"):
            _fail("DPP_ERR_SCHEMA_UNKNOWN_FIELD", path, "unknown member %r" % k)
    for k in ("scheme", "value"):
        if k not in v:
            _fail("DPP_ERR_SCHEMA_MISSING", path + "." + k, "missing")
    return _ident_check(v, path)


def _object_from_json(fields, v, path):
    if not isinstance(v, dict):
        _fail("DPP_ERR_SCHEMA_TYPE", path or "passport", "expected an object")
    names = set()
    for _key, name, (kind, _p), _r in fields:
        if name == "price_details" and fields is CBAM:
            continue   # its members are inside carbon_price
        names.update(SPLIT_JSON.get(name, (name,)) if kind == "period" else (name,))
    for k in v:
        if k not in names:
            _fail("DPP_ERR_SCHEMA_UNKNOWN_FIELD", (path + "." if path else "") + k, "unknown member")
    out = {}
    for _key, name, (kind, params), required in fields:
        p = "%s.%s" % (path, name) if path else name
        if name == "price_details" and fields is CBAM:
            cp = v.get("carbon_price")
            det = {k: x for k, x in cp.items() if k in DETAIL_MEMBERS} if isinstance(cp, dict) else {}
            if det:
                out[name] = _object_from_json(CBAM_PRICE_DETAILS, det, path + ".carbon_price")
            continue
        if kind == "period":
            a, b = SPLIT_JSON[name]
            present = [m for m in (a, b) if m in v]
            if len(present) < 2:
                if required or present:
                    missing = a if a not in v else b
                    _fail("DPP_ERR_SCHEMA_MISSING", (path + "." if path else "") + missing, "missing")
                continue
            out[name] = [date_to_days(v[a], path + "." + a), date_to_days(v[b], path + "." + b)]
            continue
        if name not in v:
            if required:
                _fail("DPP_ERR_SCHEMA_MISSING", p, "missing")
            continue
        val = _json_field(kind, params, name, v, p)
        if kind == "true" and val is False:
            continue  # false means absent
        out[name] = val
    _cross_checks(fields, out, path)
    return out


def _ext_from_json(v, path):
    if not isinstance(v, dict):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "expected an object")
    conv = _ext_json_value(v, path)
    _ext_from_cbor(conv, path)
    return cbor_decode(cbor_encode(conv))   # members in deterministic (CBOR) order


def _ext_json_value(v, path):
    if isinstance(v, JsonNumber):
        _fail("DPP_ERR_SCHEMA_TYPE", path, "extension numbers must be integers")
    if isinstance(v, dict):
        return {k: _ext_json_value(x, path + "." + k) for k, x in v.items()}
    if isinstance(v, list):
        return [_ext_json_value(x, "%s[%d]" % (path, i)) for i, x in enumerate(v)]
    return v


def passport_from_json(text_or_obj):
    obj = json_loads(text_or_obj) if isinstance(text_or_obj, (str, bytes)) else text_or_obj
    return _object_from_json(PASSPORT, obj, "")


def _field_to_json(kind, params, name, v, out):
    if kind == "decimal":
        out[name] = v.text()
    elif kind == "date":
        out[name] = days_to_date(v)
    elif kind == "uuid":
        h = v.hex()
        out[name] = "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])
    elif kind == "enum":
        out[name] = ENUMS[params["enum"]][v]
    elif kind == "object":
        out[name] = _object_to_json(params["fields"], v)
    elif kind == "list":
        out[name] = [_object_to_json(params["fields"], x) for x in v]
    elif kind == "stages":
        out[name] = [{"stage": ENUMS["stage"][s["stage"]], "value": s["value"].text()} for s in v]
    elif kind == "period":
        a, b = SPLIT_JSON[name]
        out[a] = days_to_date(v[0])
        out[b] = days_to_date(v[1])
    elif kind == "price":
        out[name] = {"amount": v[0].text(), "currency": v[1], "instrument": ENUMS["instrument"][v[2]]}
    elif kind == IDENTIFIER:
        out[name] = {"scheme": v["scheme"], "value": v["value"]}
    elif kind == "coords":
        out[name] = {"latitude": v[0].text(), "longitude": v[1].text()}
    elif kind == "range":
        out[name] = {"start": days_to_date(v[0]), "end": days_to_date(v[1])}
    else:  # text, country, unit, gtin, cas, cn, true, ext, unlocode, seeunit
        out[name] = v


def _object_to_json(fields, o):
    out = {}
    for _key, name, (kind, params), _req in fields:
        if name in o:
            if name == "price_details" and fields is CBAM:
                out.setdefault("carbon_price", {}).update(_object_to_json(CBAM_PRICE_DETAILS, o[name]))
                continue
            _field_to_json(kind, params, name, o[name], out)
    return out


def passport_to_json_obj(model):
    return _object_to_json(PASSPORT, model)


def passport_to_json(model):
    return json.dumps(passport_to_json_obj(model), indent=2, ensure_ascii=False)


def normalize_json(text_or_obj):
    """The canonical JSON object of a passport given in JSON form."""
    return passport_to_json_obj(passport_from_json(text_or_obj))


# ---------------------------------------------------------------- the link form (spec/link.md)

MAX_LINK_LEN = 7089          # link.md section 1: the whole link
MAX_LINK_URI_LEN = 4296      # the part before '#'
MAX_RESOLVER_LEN = 128
LINK_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
GS1_SET_82 = frozenset("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
# link.md section 3: digits of a group of k bytes, the fewest that hold 256^k values
GROUP_DIGITS = [len(str(256 ** k - 1)) for k in range(13)]   # index k; GROUP_DIGITS[12] == 29
DIGITS_BYTES = {GROUP_DIGITS[k]: k for k in range(1, 13)}
RE_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\Z")

_GS1_DICT = None


def gs1_dictionary():
    """{AI: (format spec, primary key?)} from the GS1 Barcode Syntax Dictionary in
    the repository (libdpp/gs1/gs1-syntax-dictionary.txt): the AI formats of
    link.md section 1 come from it, not from this file."""
    global _GS1_DICT
    if _GS1_DICT is None:
        import os
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "libdpp", "gs1",
                            "gs1-syntax-dictionary.txt")
        out = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                parts = line.split()
                ais = parts[0]
                i = 1
                if i < len(parts) and set(parts[i]) <= set("*?"):
                    i += 1
                fmt = []
                while i < len(parts) and "=" not in parts[i] and parts[i] != "dlpkey":
                    fmt.append(parts[i])
                    i += 1
                attrs = parts[i:]
                pk = any(a == "dlpkey" or a.startswith("dlpkey=") for a in attrs)
                lo, _, hi = ais.partition("-")
                for n in range(int(lo), int(hi or lo) + 1):
                    out[str(n).zfill(len(lo))] = (fmt, pk)
        _GS1_DICT = out
    return _GS1_DICT


def _gs1_value_ok(ai, value):
    """A single-component AI value against its dictionary format: N<n> (n digits),
    X..<n> (1..n characters of set 82), with the csum (GS1 mod-10) linter."""
    fmt = gs1_dictionary()[ai][0]
    comp = fmt[0].split(",")
    kind = comp[0]
    if kind.startswith("N") and ".." not in kind:
        if len(value) != int(kind[1:]) or not value.isdigit() or not value.isascii():
            return "length %d or not %s digits" % (len(value), kind[1:])
        if "csum" in comp[1:] and not gs1_check_ok(value):
            return "check digit wrong"
        return None
    if kind.startswith("X.."):
        n = int(kind[3:])
        if not 1 <= len(value) <= n:
            return "length %d outside 1..%d" % (len(value), n)
        if any(ch not in GS1_SET_82 for ch in value):
            return "a character outside GS1 set 82"
        return None
    raise ValueError("format %s not used by this form" % kind)


def resolver_is_normalised(v):
    """link.md section 2: lower-case host of at least two DNS labels (the last not
    all digits), then optional "/" segments of unreserved characters, not all
    digits; no scheme, port, user info or trailing "/"."""
    host, _, prefix = v.partition("/")
    labels = host.split(".")
    if len(labels) < 2 or not all(RE_LABEL.match(lb) for lb in labels) or labels[-1].isdigit():
        return False
    if prefix == "" and v.endswith("/"):
        return False
    if prefix:
        for seg in prefix.split("/"):
            if not seg or seg in (".", "..") or seg.isdigit() or any(ch not in LINK_UNRESERVED for ch in seg):
                return False
    return True


def is_link(text):
    """link.md section 1: a link starts with "https:" in any letter case."""
    return text[:6].lower() == "https:"


def _pct_decode(seg, ai):
    """A GS1 Digital Link path value: unreserved characters literal, everything
    else %XX with upper-case hex; no %00, no needless escape (DPP_ERR_DL_PERCENT)."""
    out = bytearray()
    i = 0
    while i < len(seg):
        ch = seg[i]
        if ch == "%":
            hx = seg[i + 1:i + 3]
            if len(hx) != 2 or any(c not in "0123456789ABCDEFabcdef" for c in hx):
                raise DppError("DPP_ERR_DL_PERCENT", "AI %s value %r: '%%' not followed by two hex digits" % (ai, seg))
            if hx != hx.upper():
                raise DppError("DPP_ERR_DL_PERCENT", "AI %s value %r: lower-case hex %%%s" % (ai, seg, hx))
            b = int(hx, 16)
            if b == 0:
                raise DppError("DPP_ERR_DL_PERCENT", "AI %s value %r: %%00" % (ai, seg))
            if chr(b) in LINK_UNRESERVED:
                raise DppError("DPP_ERR_DL_PERCENT", "AI %s value %r: needless escape %%%s of %r" % (ai, seg, hx, chr(b)))
            out.append(b)
            i += 3
        elif ch in LINK_UNRESERVED:
            out.append(ord(ch))
            i += 1
        else:
            raise DppError("DPP_ERR_DL_PERCENT", "AI %s value %r: %r must be percent-encoded" % (ai, seg, ch))
    try:
        return out.decode("ascii")
    except UnicodeDecodeError:
        raise DppError("DPP_ERR_DL_AI_VALUE", "AI %s value %r: not ASCII" % (ai, seg)) from None


class Link:
    """The parts of a link's URI: resolver (lower-case host + prefix), gtin, and
    the qualifiers present (22, 10, 21) decoded."""

    def __init__(self):
        self.resolver = None
        self.gtin = None
        self.qualifiers = {}


def parse_link_uri(uri):
    """The URI part (before '#') of a link, link.md section 1; check "prefix"."""
    from urllib.parse import urlsplit
    if len(uri) > MAX_LINK_URI_LEN:
        raise DppError("DPP_ERR_DL_SYNTAX", "the part before '#' is %d characters, at most %d"
                       % (len(uri), MAX_LINK_URI_LEN))
    for i, ch in enumerate(uri):
        if not 0x21 <= ord(ch) <= 0x7E:
            raise DppError("DPP_ERR_DL_SYNTAX", "character U+%04X at offset %d (printable ASCII only)" % (ord(ch), i))
    if uri[:8].lower() != "https://":
        raise DppError("DPP_ERR_DL_SYNTAX", "scheme: the link must start with https://")
    parts = urlsplit(uri)
    if parts.query or "?" in uri:
        raise DppError("DPP_ERR_DL_QUERY", "a query string is not allowed")
    netloc = parts.netloc
    if "@" in netloc:
        raise DppError("DPP_ERR_DL_SYNTAX", "user information in the authority")
    if netloc.startswith("["):
        raise DppError("DPP_ERR_DL_SYNTAX", "IP literal host")
    if ":" in netloc:
        raise DppError("DPP_ERR_DL_SYNTAX", "port in the authority")
    host = netloc.lower()
    labels = host.split(".")
    if len(labels) < 2 or not all(RE_LABEL.match(lb) for lb in labels):
        raise DppError("DPP_ERR_DL_SYNTAX", "host %r: at least two DNS labels of letters, digits and '-'" % netloc)
    if labels[-1].isdigit():
        raise DppError("DPP_ERR_DL_SYNTAX", "host %r: an IP address" % netloc)
    if not parts.path.startswith("/"):
        raise DppError("DPP_ERR_DL_SYNTAX", "no path")
    segs = parts.path[1:].split("/")
    for sg in segs:
        if sg == "":
            raise DppError("DPP_ERR_DL_SYNTAX", "empty path segment (double or trailing '/')")
        if sg in (".", ".."):
            raise DppError("DPP_ERR_DL_SYNTAX", "'.' or '..' path segment")
    # AI/value pairs read from the end of the path up to the primary key
    d = gs1_dictionary()
    i = len(segs)
    pk = None
    while i >= 2 and segs[i - 2].isdigit():
        ai = segs[i - 2]
        if ai in d and d[ai][1]:
            pk = i - 2
            break
        i -= 2
    if pk is None:
        # the pair before the non-AI segment, if any, names an AI that is no qualifier
        j = len(segs) - 2
        while j >= 0 and segs[j].isdigit() and not (segs[j] in d and d[segs[j]][1]):
            j -= 2
        raise DppError("DPP_ERR_DL_AI", "no GS1 Digital Link primary key (AI 01) in the path")
    if segs[pk] != "01":
        raise DppError("DPP_ERR_DL_AI", "primary key AI %s: this form needs AI 01 (GTIN)" % segs[pk])
    order = ["22", "10", "21"]
    last = -1
    quals = []
    for q in range(pk + 2, len(segs), 2):
        ai = segs[q]
        if ai not in order:
            raise DppError("DPP_ERR_DL_AI", "AI %s is not a qualifier of AI 01 (22, 10, 21)" % ai)
        if order.index(ai) <= last:
            raise DppError("DPP_ERR_DL_QUALIFIER_ORDER", "qualifier AI %s repeated or out of the order 22, 10, 21" % ai)
        last = order.index(ai)
        quals.append((ai, segs[q + 1]))
    for sg in segs[:pk]:
        if any(ch not in LINK_UNRESERVED for ch in sg) or sg.isdigit():
            raise DppError("DPP_ERR_DL_SYNTAX", "path prefix segment %r: unreserved characters, not digits only" % sg)
    lk = Link()
    gtin = _pct_decode(segs[pk + 1], "01")
    bad = _gs1_value_ok("01", gtin)
    if bad:
        raise DppError("DPP_ERR_DL_AI_VALUE", "AI 01 value %r: %s (this form requires a GTIN of 14 digits)" % (gtin, bad))
    lk.gtin = gtin
    for ai, raw in quals:
        v = _pct_decode(raw, ai)
        bad = _gs1_value_ok(ai, v)
        if bad:
            raise DppError("DPP_ERR_DL_AI_VALUE", "AI %s value %r: %s" % (ai, v, bad))
        lk.qualifiers[ai] = v
    lk.resolver = "/".join([host] + segs[:pk])
    if len(lk.resolver) > MAX_RESOLVER_LEN:
        raise DppError("DPP_ERR_DL_SYNTAX", "host and prefix longer than %d characters" % MAX_RESOLVER_LEN)
    return lk


def link_fragment_version(frag):
    """Check "prefix" on the fragment (the text after the first '#'): present,
    not empty, no second '#', starting with the version digit 1."""
    if frag is None:
        raise DppError("DPP_ERR_DL_PAYLOAD", "no '#' fragment: a plain product link, no passport")
    if frag == "":
        raise DppError("DPP_ERR_DL_PAYLOAD", "empty fragment")
    if not frag[0].isdigit() or not frag[0].isascii():
        raise DppError("DPP_ERR_DL_PAYLOAD", "the fragment does not start with the format version digit")
    if frag[0] != "1":
        raise DppError("DPP_ERR_PREFIX_VERSION", "format version %s (this implementation reads 1)" % frag[0])


def link_digits_decode(digits):
    """Check "base45" on the fragment after the version digit: a 4-digit length,
    then 29-digit groups of 12 bytes and a last group of GROUP_DIGITS[k] digits
    for k bytes, each below 256^k; exactly the announced number of bytes."""
    if len(digits) < 4 or not all("0" <= c <= "9" for c in digits[:4]):
        raise DppError("DPP_ERR_DL_PAYLOAD", "no 4-digit body length after the version digit")
    announced = int(digits[:4])
    body = digits[4:]
    for i, c in enumerate(body):
        if not "0" <= c <= "9":
            raise DppError("DPP_ERR_DL_PAYLOAD", "character %r at digit %d is not a decimal digit" % (c, i))
    if not body:
        raise DppError("DPP_ERR_DL_PAYLOAD", "no digits after the length")
    rest = len(body) % 29
    if rest and rest not in DIGITS_BYTES:
        raise DppError("DPP_ERR_DL_PAYLOAD", "%d digits are no whole number of byte groups (truncated?)" % len(body))
    out = bytearray()
    for i in range(0, len(body), 29):
        grp = body[i:i + 29]
        k = DIGITS_BYTES[len(grp)]
        v = int(grp)
        if v >= 256 ** k:
            raise DppError("DPP_ERR_DL_PAYLOAD", "the %d digits at %d exceed %d bytes" % (len(grp), i, k))
        out += v.to_bytes(k, "big")
    if not 1 <= announced <= MAX_COSE_LEN or announced != len(out):
        raise DppError("DPP_ERR_DL_PAYLOAD", "truncated: %d bytes announced, the digits hold %d"
                       % (announced, len(out)))
    return bytes(out)


def link_digits_encode(body):
    """link.md section 3 (the encoder side)."""
    return "".join(str(int.from_bytes(body[i:i + 12], "big")).zfill(GROUP_DIGITS[len(body[i:i + 12])])
                   for i in range(0, len(body), 12))


def link_check_binding(lk, resolver, model):
    """Check "link" (link.md section 4): the link's domain, GTIN and qualifiers
    are the signed ones."""
    if resolver is None:
        raise DppError("DPP_ERR_DL_DOMAIN", "the passport was signed without a resolver: valid only as DPP1: text")
    if lk.resolver != resolver:
        raise DppError("DPP_ERR_DL_DOMAIN", "link resolver %r is not the signed %r" % (lk.resolver, resolver))
    gtin = str(model["gtin"]).zfill(14)
    if lk.gtin != gtin:
        raise DppError("DPP_ERR_DL_PRIMARY_KEY", "link GTIN %s is not the signed %s" % (lk.gtin, gtin))
    if "22" in lk.qualifiers:
        raise DppError("DPP_ERR_DL_QUALIFIER", "a consumer product variant (AI 22): passports carry none")
    for ai, name in (("10", "batch"), ("21", "serial")):
        if lk.qualifiers.get(ai) != model.get(name):
            raise DppError("DPP_ERR_DL_QUALIFIER", "link %s %r, signed %r" % (name, lk.qualifiers.get(ai),
                                                                             model.get(name)))


def pct_encode(value):
    return "".join(ch if ch in LINK_UNRESERVED else "%%%02X" % b
                   for ch, b in ((chr(b), b) for b in value.encode("utf-8")))


def link_from_body(body, resolver, model):
    """The link an encoder writes (link.md section 5)."""
    host, _, prefix = resolver.partition("/")
    uri = "HTTPS://" + host.upper() + ("/" + prefix if prefix else "") + "/01/" + str(model["gtin"]).zfill(14)
    if model.get("batch") is not None:
        uri += "/10/" + pct_encode(model["batch"])
    if model.get("serial") is not None:
        uri += "/21/" + pct_encode(model["serial"])
    out = uri + "#1%04d" % len(body) + link_digits_encode(body)
    if len(out) > MAX_LINK_LEN:
        raise DppError("DPP_ERR_TOO_LARGE", "link of %d characters > %d" % (len(out), MAX_LINK_LEN))
    return out


# ---------------------------------------------------------------- encoder

def encode_cose(model, key, iat, exp=None, iss=None, resolver=None):
    if key.priv is None:
        raise DppError("DPP_ERR_KEY_NOT_PRIVATE")
    if not _is_int(iat) or iat <= 0:
        raise DppError("DPP_ERR_INVALID_ARG", "iat must be > 0")
    if exp is not None and exp <= iat:
        raise DppError("DPP_ERR_INVALID_ARG", "exp must be > iat")
    if iss is not None:
        n = len(iss.encode("utf-8"))
        if n < 1 or n > 64:
            raise DppError("DPP_ERR_INVALID_ARG", "iss must be 1..64 bytes")
    pcbor = passport_to_cbor(model)
    # validate our own output by decoding it again (catches model errors)
    passport_from_cbor(pcbor)
    claims = {CLAIM_IAT: iat, CLAIM_PASSPORT: passport_to_cbor_obj(model)}
    if resolver is not None:
        if not resolver_is_normalised(resolver) or not 4 <= len(resolver) <= MAX_RESOLVER_LEN:
            raise DppError("DPP_ERR_DL_SYNTAX", "resolver %r is not in the normalised form (e.g. id.example.com)"
                           % (resolver,))
        claims[CLAIM_RESOLVER] = resolver
    if exp is not None:
        claims[CLAIM_EXP] = exp
    if iss is not None:
        claims[CLAIM_ISS] = iss
    cose = cose_sign1(cbor_encode(claims), key)
    if len(cose) > MAX_COSE_LEN:
        raise DppError("DPP_ERR_TOO_LARGE", "COSE message %d bytes > %d" % (len(cose), MAX_COSE_LEN))
    return cose


def text_from_cose(cose, compress="auto", legacy_zlib=False, link_to=None):
    """compress: "auto" (the zlib stream only if strictly shorter than the COSE
    message), "always" or "never". legacy_zlib=True writes a stream without the
    preset dictionary (FDICT 0), as encoders did before dictionary v1: for tests."""
    if compress not in ("auto", "always", "never"):
        raise DppError("DPP_ERR_INVALID_ARG", "compress must be auto, always or never")
    body = cose
    if compress != "never":
        z = deflate_legacy(cose) if legacy_zlib else deflate(cose)
        if compress == "always" or len(z) < len(cose):
            body = z
    if link_to is not None:  # (resolver, model): the link form
        return link_from_body(body, link_to[0], link_to[1])
    text = PREFIX + b45encode(body)
    if len(text) > MAX_TEXT_LEN:
        raise DppError("DPP_ERR_TOO_LARGE", "text %d characters > %d" % (len(text), MAX_TEXT_LEN))
    return text


def encode(model, key, iat, exp=None, iss=None, compress="auto", legacy_zlib=False, resolver=None, form="text"):
    """form "link" (needs resolver): the link form of spec/link.md."""
    if form not in ("text", "link"):
        raise DppError("DPP_ERR_INVALID_ARG", "form must be text or link")
    if form == "link" and resolver is None:
        raise DppError("DPP_ERR_DL_DOMAIN", "the link form needs a resolver")
    cose = encode_cose(model, key, iat, exp, iss, resolver)
    return text_from_cose(cose, compress, legacy_zlib, (resolver, model) if form == "link" else None)


# ---------------------------------------------------------------- verifier

RE_OTHER_VERSION = re.compile(r"DPP[0-9]+:")


def cose_from_text(text):
    """Steps prefix, base45 and inflate (either form). Returns (cose_bytes, compressed)."""
    cose, compressed, _link = unwrap(text)
    return cose, compressed


class Parsed:
    pass


def parse_cose(cose):
    """Check 'cose': strict CBOR, tag 18, array of 4, header maps, crit."""
    obj = cbor_decode(cose)
    if not isinstance(obj, Tag) or obj.number != COSE_TAG:
        raise DppError("DPP_ERR_COSE_TAG", "not tagged 18")
    a = obj.value
    if not (isinstance(a, list) and len(a) == 4):
        raise DppError("DPP_ERR_COSE_STRUCTURE", "not an array of 4")
    prot_b, unprot, payload, sig = a
    if not isinstance(prot_b, bytes):
        raise DppError("DPP_ERR_COSE_STRUCTURE", "protected header is not a bstr")
    if not isinstance(unprot, dict):
        raise DppError("DPP_ERR_COSE_STRUCTURE", "unprotected header is not a map")
    if not isinstance(payload, bytes):
        raise DppError("DPP_ERR_COSE_STRUCTURE", "payload is not a bstr")
    if not isinstance(sig, bytes):
        raise DppError("DPP_ERR_COSE_STRUCTURE", "signature is not a bstr")
    if len(prot_b) == 0:
        prot = {}
    else:
        prot = cbor_decode(prot_b)
        if not isinstance(prot, dict):
            raise DppError("DPP_ERR_COSE_STRUCTURE", "protected header is not a map")
    for hdr in (prot, unprot):
        if 2 in hdr:
            raise DppError("DPP_ERR_CRIT_UNSUPPORTED", "crit header present")
    for k in prot:
        if k not in (1, 4) or isinstance(k, bool):
            raise DppError("DPP_ERR_COSE_STRUCTURE", "protected header label %r not allowed" % (k,))
    for k in unprot:
        if k in prot:
            raise DppError("DPP_ERR_COSE_STRUCTURE", "label %r in both headers" % (k,))
    for k in unprot:
        if k not in (1, 4) or isinstance(k, bool):
            raise DppError("DPP_ERR_COSE_STRUCTURE", "unprotected header must be empty (label %r)" % (k,))
    if 4 in prot and not isinstance(prot[4], bytes):
        raise DppError("DPP_ERR_COSE_STRUCTURE", "kid is not a bstr")
    p = Parsed()
    p.protected, p.prot, p.unprot, p.payload, p.sig = prot_b, prot, unprot, payload, sig
    return p


def parse_claims(payload):
    """Check 'claims': strict CBOR map with exactly the allowed claims."""
    c = cbor_decode(payload)
    if not isinstance(c, dict):
        raise DppError("DPP_ERR_CWT_CLAIMS", "claims set is not a map")
    for k in c:
        if isinstance(k, bool) or k not in (CLAIM_ISS, CLAIM_EXP, CLAIM_IAT, CLAIM_PASSPORT, CLAIM_RESOLVER,
                                            CLAIM_STATUS, CLAIM_ATTESTATIONS):
            raise DppError("DPP_ERR_CWT_CLAIMS", "unknown claim %r" % (k,))
    if CLAIM_IAT not in c:
        raise DppError("DPP_ERR_CWT_CLAIMS", "iat missing")
    for k, nm in ((CLAIM_IAT, "iat"), (CLAIM_EXP, "exp")):
        if k in c and not (_is_uint(c[k]) and c[k] <= INT64_MAX):
            raise DppError("DPP_ERR_CWT_CLAIMS", "%s is not a uint <= 2^63-1" % nm)
    if CLAIM_ISS in c:
        v = c[CLAIM_ISS]
        if not isinstance(v, str) or not 1 <= len(v.encode("utf-8")) <= 64:
            raise DppError("DPP_ERR_CWT_CLAIMS", "iss is not text of 1..64 bytes")
        bad = rule_t_violation(v)
        if bad:
            raise DppError("DPP_ERR_CWT_CLAIMS", "iss: %s" % bad)
    if CLAIM_RESOLVER in c:
        v = c[CLAIM_RESOLVER]
        if not isinstance(v, str) or not 4 <= len(v.encode("utf-8")) <= 128 or not resolver_is_normalised(v):
            raise DppError("DPP_ERR_CWT_CLAIMS", "resolver (-265) %r is not a lower-case host with an optional "
                           "path prefix of 4..128 bytes" % (v,))
    if CLAIM_STATUS in c:   # trust.md 6.4: [list id, index]
        v = c[CLAIM_STATUS]
        if not (isinstance(v, list) and len(v) == 2 and isinstance(v[0], bytes) and len(v[0]) == KID_LEN
                and _is_uint(v[1]) and v[1] < MAX_STATUS_BITS):
            raise DppError("DPP_ERR_CWT_CLAIMS", "status (-266) is not [8-byte list id, index < 2^24]")
    if CLAIM_ATTESTATIONS in c:   # trust.md 5.1
        _check_attestations(c[CLAIM_ATTESTATIONS])
    if CLAIM_PASSPORT not in c:
        raise DppError("DPP_ERR_CWT_CLAIMS", "passport claim -262 missing")
    return c   # the passport's own type is checked in the schema step


class Result:
    def __init__(self):
        self.ok = False
        self.error = None
        self.msg = ""
        self.check = None
        self.passport = None
        self.claims = None

    def as_json(self):
        return {"ok": self.ok, "error": self.error, "check": self.check,
                "message": self.msg,
                "passport": passport_to_json_obj(self.passport) if self.passport is not None else None,
                "claims": self.claims}


def unwrap(text):
    """Checks prefix, base45 and inflate of either form (spec section 4,
    link.md sections 1 and 3) on the text without its surrounding white space.
    Returns (cose, compressed, link or None). On failure the DppError carries
    the check in .check."""
    step = "prefix"
    try:
        t = text.strip(WHITE_SPACE)
        link = None
        if is_link(t):
            if len(t.encode("utf-8", "surrogatepass")) > MAX_LINK_LEN:
                raise DppError("DPP_ERR_TOO_LARGE", "link longer than %d characters" % MAX_LINK_LEN)
            uri, hash_, frag = t.partition("#")
            link = parse_link_uri(uri)
            link_fragment_version(frag if hash_ else None)
            if "#" in frag:
                raise DppError("DPP_ERR_DL_SYNTAX", "a second '#'")
            step = "base45"
            body = link_digits_decode(frag[1:])
        else:
            if len(t.encode("utf-8", "surrogatepass")) > MAX_TEXT_LEN:
                raise DppError("DPP_ERR_TOO_LARGE", "text longer than %d characters" % MAX_TEXT_LEN)
            if not t.startswith(PREFIX):
                if RE_OTHER_VERSION.match(t):
                    raise DppError("DPP_ERR_PREFIX_VERSION", "unsupported version")
                raise DppError("DPP_ERR_PREFIX", "missing %r" % PREFIX)
            step = "base45"
            body = b45decode(t[len(PREFIX):])
            if not body:
                raise DppError("DPP_ERR_BASE45", "empty body")
        step = "inflate"
        if not looks_like_zlib(body):
            if len(body) > MAX_COSE_LEN:
                raise DppError("DPP_ERR_TOO_LARGE", "COSE message too long")
            return body, False, link
        try:
            return inflate_strict(body), True, link
        except DppError as e:
            # link.md section 3: the length makes a cut link DPP_ERR_DL_PAYLOAD, not a zlib error
            if link is not None and e.name == "DPP_ERR_INFLATE" and ("truncated" in e.msg or "too short" in e.msg):
                raise DppError("DPP_ERR_DL_PAYLOAD", "the zlib stream ends early: %s" % e.msg) from None
            raise
    except DppError as e:
        e.check = step
        raise


def verify(text, trust, now, store=None):
    """Verifies passport text (either form) against a list of Keys (pinned: any role, any
    scope) and, optionally, a TrustStore with loaded lists, at time now.
    Returns a Result whose .error is a libdpp error name or None; .scheme names the scheme
    that recognised the signer ("" default, None for a pinned key)."""
    res = Result()
    res.scheme = None
    res.revoked_by = None
    step = "prefix"
    try:
        # 0..2: prefix, base45, inflate
        try:
            cose, compressed, link = unwrap(text)
        except DppError as e:
            step = e.check
            raise
        # 3: cose
        step = "cose"
        p = parse_cose(cose)
        # 4: alg
        step = "alg"
        if 1 in p.unprot:
            raise DppError("DPP_ERR_ALG_UNPROTECTED", "alg in the unprotected header")
        if 1 not in p.prot:
            raise DppError("DPP_ERR_ALG_MISSING", "no alg in the protected header")
        alg = p.prot[1]
        if alg not in ALG_NAMES or isinstance(alg, bool):
            raise DppError("DPP_ERR_ALG_UNSUPPORTED", "alg %r not allowed" % (alg,))
        # 5: kid
        step = "kid"
        if 4 not in p.prot:
            raise DppError("DPP_ERR_KID_MISSING", "no kid in the protected header")
        if p.unprot:
            step = "cose"
            raise DppError("DPP_ERR_COSE_STRUCTURE", "unprotected header must be empty")
        kid = p.prot[4]
        candidates = [k for k in trust if k.kid == kid]
        listed = [e.key for e in store.entries_for(kid)] if store is not None else []
        pinned = bool(candidates)
        candidates = candidates + listed
        if not candidates:
            raise DppError("DPP_ERR_KID_UNKNOWN", "no trusted key has kid %s" % kid.hex())
        # 6: signature -- the key's own algorithm decides how to verify
        step = "signature"
        tbs = sig_structure(p.protected, p.payload)
        signer = None
        matching = [k for k in candidates if k.alg == alg]
        if not matching:
            step = "alg"
            raise DppError("DPP_ERR_ALG_KEY_MISMATCH", "alg %d does not match the key" % alg)
        for k in matching:
            if raw_verify(k.pub, k.alg, tbs, p.sig):
                signer = k
                break
        if signer is None:
            raise DppError("DPP_ERR_SIGNATURE", "signature does not verify")
        # 7: key validity
        step = "key_validity"
        if signer.not_before is not None:
            if now < signer.not_before or now > signer.not_after:
                raise DppError("DPP_ERR_KEY_NOT_VALID", "certificate not valid at %d" % now)
        # 8: claims
        step = "claims"
        c = parse_claims(p.payload)
        # 9, 10: iat, exp
        step = "iat"
        if c[CLAIM_IAT] > now + IAT_SKEW:
            raise DppError("DPP_ERR_NOT_YET_VALID", "iat %d > now + %d" % (c[CLAIM_IAT], IAT_SKEW))
        step = "exp"
        if CLAIM_EXP in c and c[CLAIM_EXP] <= now:
            raise DppError("DPP_ERR_EXPIRED", "exp %d <= now" % c[CLAIM_EXP])
        # 11: schema
        step = "schema"
        model = passport_from_cbor_obj(c[CLAIM_PASSPORT])
        # 12..15: window, role, scope and revocation (trust.md 8); 16: attestations not implemented
        if store is not None:
            res.scheme, failed = _trust_steps(store, pinned, c, c[CLAIM_PASSPORT], kid)
            if failed is not None:
                step = failed[1]
                res.revoked_by = getattr(failed[0], "scheme", None)
                raise failed[0]
        if CLAIM_ATTESTATIONS in c:
            step = "attestation"
            _attestation_step(store, trust, c, c[CLAIM_PASSPORT], signer, now)
        # 17: link, the binding
        step = "link"
        if link is not None:
            link_check_binding(link, c.get(CLAIM_RESOLVER), model)
    except DppError as e:
        res.error, res.msg, res.check = e.name, e.msg, step
        return res
    res.ok = True
    res.passport = model
    res.claims = {"iat": c[CLAIM_IAT], "exp": c.get(CLAIM_EXP), "iss": c.get(CLAIM_ISS),
                  "alg": ALG_NAMES[alg], "kid": kid.hex(), "compressed": compressed,
                  "resolver": c.get(CLAIM_RESOLVER), "form": "link" if link is not None else "text"}
    return res


def inspect(text):
    """Decodes without checking signature, trust or time (debugging only)."""
    cose, compressed = cose_from_text(text)
    p = parse_cose(cose)
    c = parse_claims(p.payload)
    return {"protected": {str(k): (v.hex() if isinstance(v, bytes) else v) for k, v in p.prot.items()},
            "compressed": compressed, "cose_hex": cose.hex(),
            "iat": c[CLAIM_IAT], "exp": c.get(CLAIM_EXP), "iss": c.get(CLAIM_ISS),
            "passport": passport_to_json_obj(passport_from_cbor_obj(c[CLAIM_PASSPORT]))}


# ---------------------------------------------------------------- trust layer
# Written from spec/trust.md and spec/trust.cddl alone: the signed-list
# envelope (section 3.3), trust lists (3.1, 3.4) with operator chains (3.9),
# revocation lists (6.1, 6.3), status lists whole and delta (6.4) and several
# schemes at once (3.8), attestations (claim -263, section 5) with their signing
# time (5.7). Not implemented: the full-document link (-264), X.509 chains
# (section 4) beyond one CA issuing the signer certificate directly.

CLAIM_STATUS = -266
CLAIM_ATTESTATIONS = -263
ATTESTATION_AAD = b"dpp-attestation-v1"
# trust.md 2.1: what each role may attest (claim ids; 16.. = certifications[i])
_ALL_CLAIMS = {1, 9, 10, 11, 12, 13, 14, 15} | set(range(16, 24))
LIST_TRUST, LIST_REVOCATION, LIST_STATUS = 1, 2, 3
LIST_AAD = {LIST_TRUST: b"dpp-trust-list-v1", LIST_REVOCATION: b"dpp-revocation-list-v1",
            LIST_STATUS: b"dpp-status-list-v1"}
LIST_NAMES = {LIST_TRUST: "trust list", LIST_REVOCATION: "revocation list", LIST_STATUS: "status list"}
ROLLOVER_AAD = b"dpp-operator-rollover-v1"
MAX_LIST_LEN = 32 * 1024 * 1024
MAX_ROLLOVERS, MAX_ROLLOVER_LEN = 16, 2048
MAX_STATUS_BITS = 1 << 24
MAX_STATUS_PARTS = 4096
MAX_RETIRED = 64
ROLE_MANUFACTURER, ROLE_CERTIFIER, ROLE_CBAM_VERIFIER, ROLE_OPERATOR = 1, 2, 3, 4
ATTEST_ALLOWED = {1: set(), 2: _ALL_CLAIMS - {14}, 3: {14}, 4: set()}
SCOPE_CLAIMS = {10: "facility", 11: "materials", 12: "footprint", 13: "certifications", 14: "cbam",
                15: "extensions"}
KNOWN_CLAIMS = (1, 9, 10, 11, 12, 13, 14, 15)
SELF_LIMITED_REASONS = (2, 3)   # superseded, cessation: only signatures from the date on
IMPLEMENTS = ("trust-lists", "status-lists", "rollover", "schemes", "attestations", "attestation-time",
              "compact-revocations", "x509")
"""The `requires` tags of the test vectors (test-vectors/README.md) this module implements."""


def status_list_id(kid, period):
    """trust.md 6.4: SHA-256("dpp-status-v1" || issuer kid || period uint32 BE)[0..8]."""
    return hashlib.sha256(b"dpp-status-v1" + kid + period.to_bytes(4, "big")).digest()[:8]


def _leb128_gaps_encode(indexes):
    out = bytearray()
    prev = -1
    for i in sorted(set(indexes)):
        g = i - prev - 1
        prev = i
        while True:
            b = g & 0x7F
            g >>= 7
            out.append(b | (0x80 if g else 0))
            if not g:
                break
    return bytes(out)


def _leb128_gaps_decode(data, n_bits, what):
    """Indexes from LEB128 gaps (shortest form, strictly increasing); an index >= n_bits is
    DPP_ERR_STATUS_INDEX."""
    out = []
    i, prev = 0, -1
    while i < len(data):
        g, shift, start = 0, 0, i
        while True:
            if i >= len(data):
                raise DppError("DPP_ERR_LIST_FORMAT", "%s: LEB128 number cut at byte %d" % (what, start))
            b = data[i]
            i += 1
            g |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                if b == 0 and i - start > 1:
                    raise DppError("DPP_ERR_LIST_FORMAT", "%s: LEB128 number at byte %d not in shortest form"
                                   % (what, start))
                break
            if shift > 28:
                raise DppError("DPP_ERR_LIST_FORMAT", "%s: LEB128 number at byte %d too long" % (what, start))
        prev = prev + g + 1
        if prev >= n_bits:
            raise DppError("DPP_ERR_STATUS_INDEX", "%s: index %d >= n_bits %d" % (what, prev, n_bits))
        out.append(prev)
    return out


def revset_hash(salt, kind, key):
    """The 64-bit hash of a compact revocation set entry: SHA-256("dpp-revset-v1" || salt || kind ||
    key)[0..8] big-endian; kind 2 passport (key: its 16-byte id), 3 batch (key: GTIN as uint64 BE ||
    batch length || batch bytes)."""
    return int.from_bytes(hashlib.sha256(b"dpp-revset-v1" + salt + bytes([kind]) + key).digest()[:8], "big")


class _Bits:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def bit(self):
        if self.pos >= 8 * len(self.data):
            return None
        b = self.data[self.pos // 8] >> (7 - self.pos % 8) & 1
        self.pos += 1
        return b

    def rest_is_zero_padding(self):
        """Only zero padding bits of the current byte remain."""
        if (self.pos + 7) // 8 != len(self.data):
            return False
        return self.pos % 8 == 0 or self.data[-1] & (0xFF >> (self.pos % 8)) == 0


def _parse_revset(a):
    """Revocation list key 9 (hashed_revocations): [salt, n, meta, codes, metaidx]. Returns (salt,
    {hash: (reason, day)})."""
    if not (isinstance(a, list) and len(a) == 5 and isinstance(a[0], bytes) and _is_uint(a[1])
            and all(isinstance(x, bytes) for x in a[2:])) or len(a[0]) != 16:
        raise DppError("DPP_ERR_LIST_FORMAT", "key 9: [salt (16 bytes), n, meta, codes, metaidx]")
    salt, n, meta, codes, metaidx = a
    if n == 0:
        raise DppError("DPP_ERR_LIST_FORMAT", "key 9: n = 0")
    if n > 1000000:
        raise DppError("DPP_ERR_TOO_LARGE", "key 9: %d entries > 1000000" % n)
    if not meta or len(meta) % 3:
        raise DppError("DPP_ERR_LIST_FORMAT", "key 9: meta is not m x 3 bytes")
    recs = [meta[i:i + 3] for i in range(0, len(meta), 3)]
    m = len(recs)
    if m > n or any(r[0] > 6 for r in recs) or any(x >= y for x, y in zip(recs, recs[1:])):
        raise DppError("DPP_ERR_LIST_FORMAT", "key 9: meta records (m <= n, reason <= 6, strictly ascending)")
    k = 64 - n.bit_length()
    rd = _Bits(codes)
    hashes, val = [], 0
    for i in range(n):
        q = 0
        while True:
            b = rd.bit()
            if b is None:
                raise DppError("DPP_ERR_REVSET_CODE", "key 9: code %d runs past the end" % i)
            if b == 0:
                break
            q += 1
        r = 0
        for _ in range(k):
            b = rd.bit()
            if b is None:
                raise DppError("DPP_ERR_REVSET_CODE", "key 9: code %d runs past the end" % i)
            r = r << 1 | b
        g = q << k | r
        if i > 0 and g == 0:
            raise DppError("DPP_ERR_REVSET_ORDER", "key 9: hash %d is not above the one before" % i)
        val += g
        if val >= 1 << 64:
            raise DppError("DPP_ERR_REVSET_CODE", "key 9: code %d takes the hash past 2^64 - 1" % i)
        hashes.append(val)
    if not rd.rest_is_zero_padding():
        raise DppError("DPP_ERR_REVSET_TRAILING", "key 9: bits or bytes after the last code")
    w = (m - 1).bit_length()
    if len(metaidx) != (n * w + 7) // 8:
        raise DppError("DPP_ERR_LIST_FORMAT", "key 9: metaidx is not %d bytes" % ((n * w + 7) // 8))
    rd = _Bits(metaidx)
    out, used = {}, set()
    for h in hashes:
        idx = 0
        for _ in range(w):
            idx = idx << 1 | rd.bit()
        if idx >= m:
            raise DppError("DPP_ERR_LIST_FORMAT", "key 9: meta index %d >= %d" % (idx, m))
        used.add(idx)
        out[h] = (recs[idx][0], int.from_bytes(recs[idx][1:], "big"))
    if not rd.rest_is_zero_padding():
        raise DppError("DPP_ERR_REVSET_TRAILING", "key 9: nonzero padding bits in metaidx")
    if len(used) != m:
        raise DppError("DPP_ERR_LIST_FORMAT", "key 9: a meta record no entry uses")
    return salt, out


class _Entry:
    pass


# ---- the X.509 alternative (trust.md 4, 4.1): role policy OIDs
ROLE_POLICIES = {"2.999.4711.1.1": 1, "2.999.4711.1.2": 2, "2.999.4711.1.3": 3}
for _uuid, _role in (("20a70004e4d348cc8d0742453741e3e1", 1), ("a55ab0a9ecf3484095b985624fd08482", 2),
                     ("27d417ddac204cc4865138e8a7750962", 3)):
    ROLE_POLICIES["2.25.%d" % int(_uuid, 16)] = _role    # X.667: 2.25 + the UUID as one integer


def oid_from_uuid(uuid_hex):
    return "2.25.%d" % int(uuid_hex.replace("-", ""), 16)


def _oid_text(body):
    arcs, v = [], 0
    for b in body:
        v = v << 7 | (b & 0x7F)
        if not b & 0x80:
            arcs.append(v)
            v = 0
    first = arcs[0]
    head = [0, first] if first < 40 else [1, first - 40] if first < 80 else [2, first - 80]
    return ".".join(str(a) for a in head + arcs[1:])


def _cert_extensions(der):
    """{oid text: (critical, value bytes)} of a DER certificate, read by hand (cryptography cannot parse
    128-bit OID arcs)."""
    _, a, _e = _der_read(der, 0)           # Certificate
    _, i, end = _der_read(der, a)          # TBSCertificate
    out = {}
    while i < end:
        tag, c, e = _der_read(der, i)
        if tag == 0xA3:
            _, j, je = _der_read(der, c)   # SEQUENCE OF Extension
            while j < je:
                _, x, xe = _der_read(der, j)
                _, oc, oe = _der_read(der, x)
                oid = _oid_text(der[oc:oe])
                k, crit = oe, False
                t2, c2, e2 = _der_read(der, k)
                if t2 == 0x01:
                    crit = der[c2] != 0
                    k = e2
                    t2, c2, e2 = _der_read(der, k)
                out[oid] = (crit, der[c2:e2])
                j = xe
        i = e
    return out


def _key_usage(exts):
    if "2.5.29.15" not in exts:
        return None
    v = exts["2.5.29.15"][1]
    _, c, e = _der_read(v, 0)
    bits = v[c + 1:e]
    return int.from_bytes(bits.ljust(2, b"\0")[:2], "big")   # bit 0 (digitalSignature) = 0x8000


def _is_ca(exts):
    if "2.5.29.19" not in exts:
        return False
    v = exts["2.5.29.19"][1]
    _, c, e = _der_read(v, 0)
    if c < e:
        t, c2, _e2 = _der_read(v, c)
        return t == 0x01 and v[c2] != 0
    return False


def _cert_roles(exts):
    if "2.5.29.32" not in exts:
        return set()
    v = exts["2.5.29.32"][1]
    _, j, je = _der_read(v, 0)
    roles = set()
    while j < je:
        _, c, e = _der_read(v, j)
        _, oc, oe = _der_read(v, c)
        oid = _oid_text(v[oc:oe])
        if oid in ROLE_POLICIES:
            roles.add(ROLE_POLICIES[oid])
        j = e
    return roles


class _Scheme:
    def __init__(self, name):
        self.name = name
        self.pins = {}          # kid -> Key
        self.retired = set()    # kids
        self.entries = []       # _Entry
        self.rev_kids = None    # kid -> (reason, day); None: no revocation list loaded
        self.rev_ids = {}
        self.rev_batches = set()
        self.rev_hashed = None  # (salt, {64-bit hash: (reason, day)}): the compact set, key 9
        self.trust_operator = None


class _StatusPart:
    pass


class TrustStore:
    """Pinned operator keys per scheme ("" the default one), the entries of each scheme's trust
    list, its revocation list, and the status parts (trust.md 3.8, 6.4)."""

    def __init__(self):
        self.schemes = {"": _Scheme("")}
        self.status = {}        # list id -> _StatusPart
        self.cas = []           # (certificate, Key)
        self.certs = []         # signer certificates, as entries without window or scope

    def scheme(self, name, create=False):
        if name not in self.schemes:
            if not create:
                raise DppError("DPP_ERR_INVALID_ARG", "no scheme %r" % name)
            if not 1 <= len(name) <= 63 or any(not 0x20 < ord(ch) < 0x7F for ch in name):
                raise DppError("DPP_ERR_INVALID_ARG", "scheme name %r: 1..63 printable ASCII bytes" % name)
            if len(self.schemes) > 16:
                raise DppError("DPP_ERR_TOO_LARGE", "more than 16 schemes")
            self.schemes[name] = _Scheme(name)
        return self.schemes[name]

    def add_ca(self, pem):
        """A pinned CA certificate (trust.md 4): basicConstraints CA:TRUE with keyCertSign."""
        cert = x509.load_pem_x509_certificate(pem) if b"-----BEGIN" in pem else x509.load_der_x509_certificate(pem)
        der = cert.public_bytes(serialization.Encoding.DER)
        exts = _cert_extensions(der)
        ku = _key_usage(exts)
        if not _is_ca(exts) or ku is None or not ku & 0x0400:
            raise DppError("DPP_ERR_CERT_CHAIN", "not a CA certificate (basicConstraints CA, keyCertSign)")
        self.cas.append((cert, load_key(der)))

    def add_cert(self, pem):
        """A signer certificate issued by a pinned CA (no intermediates here): role from its policy."""
        if not self.cas:
            raise DppError("DPP_ERR_INVALID_ARG", "no CA pinned")
        cert = x509.load_pem_x509_certificate(pem) if b"-----BEGIN" in pem else x509.load_der_x509_certificate(pem)
        der = cert.public_bytes(serialization.Encoding.DER)
        issuer = None
        for ca, cakey in self.cas:
            if ca.subject == cert.issuer and raw_verify(cakey.pub, cakey.alg, cert.tbs_certificate_bytes,
                                                        cert.signature):
                issuer = (ca, cakey)
                break
        if issuer is None:
            raise DppError("DPP_ERR_CERT_CHAIN", "the certificate does not chain to a pinned CA")
        exts = _cert_extensions(der)
        ku = _key_usage(exts)
        if ku is None or not ku & 0x8000:
            raise DppError("DPP_ERR_CERT_CHAIN", "no digitalSignature key usage")
        roles = _cert_roles(exts)
        if len(roles) != 1:
            raise DppError("DPP_ERR_CERT_POLICY", "%d libdpp role policies (exactly one needed)" % len(roles))
        key = load_key(der)
        key.not_before = max(key.not_before, _utc_ts(issuer[0].not_valid_before))   # chain intersection
        key.not_after = min(key.not_after, _utc_ts(issuer[0].not_valid_after))
        e = _Entry()
        e.kid, e.key, e.role, e.scheme = key.kid, key, roles.pop(), ""
        e.not_before = e.not_after = e.claims = e.prefixes = e.categories = e.resolvers = None
        self.certs.append(e)

    def pin_operator(self, key, scheme=""):
        sc = self.scheme(scheme, create=True)
        sc.pins[key.kid] = key
        sc.retired.discard(key.kid)   # pinning again lifts a retirement (3.9)

    # -- the envelope (3.3) ------------------------------------------------
    def _open(self, data, kind, policy, sc, any_scheme=False):
        """Steps 1..11 of trust.md 3.3 for a list of type kind loaded into scheme sc (any_scheme:
        the pins of every scheme, for status lists). Returns (header dict, payload map, signer kid,
        retire list, successor Key or None)."""
        now, min_seq, grace = policy
        if len(data) > MAX_LIST_LEN:
            raise DppError("DPP_ERR_TOO_LARGE", "list of %d bytes > 32 MiB" % len(data))
        if data and data[0] >> 5 == 5:
            raise DppError("DPP_ERR_LIST_UNSIGNED", "a bare CBOR map: the list is not signed")
        p = parse_cose(data)
        if p.sig == b"":
            raise DppError("DPP_ERR_LIST_UNSIGNED", "empty signature")
        if 1 in p.unprot:
            raise DppError("DPP_ERR_ALG_UNPROTECTED", "alg in the unprotected header")
        if 1 not in p.prot:
            raise DppError("DPP_ERR_ALG_MISSING", "no alg in the protected header")
        if not isinstance(p.prot.get(4), bytes) or len(p.prot[4]) != KID_LEN:
            raise DppError("DPP_ERR_KID_MISSING", "no 8-byte kid in the protected header")
        if p.unprot:
            raise DppError("DPP_ERR_COSE_STRUCTURE", "unprotected header must be empty")
        kid = p.prot[4]
        body = cbor_decode(p.payload)
        if not isinstance(body, dict):
            raise DppError("DPP_ERR_LIST_FORMAT", "the payload is not a map")
        # step 6: which key signs; an operator chain (3.9) may lead there from a pinned key
        retire, successor = [], None
        pins = {}
        if any_scheme:
            for name in sorted(self.schemes):
                pins.update(self.schemes[name].pins)
        else:
            pins = sc.pins
        revoked_ops = self._revoked_operators(sc, any_scheme)
        if kid in revoked_ops:
            raise DppError("DPP_ERR_OPERATOR_RETIRED", "operator key %s is revoked" % kid.hex())
        if kid in pins:
            signer = pins[kid]
            chain = body.get(7) if kind == LIST_TRUST else None
            if chain is not None:   # a chain from another pinned key to the signer still retires that key
                try:
                    start, _ = self._walk(chain, pins, kid)
                    retire = [k for k in start if k != kid]
                except DppError:
                    retire = []
        elif not any_scheme and kid in sc.retired:
            raise DppError("DPP_ERR_OPERATOR_RETIRED", "operator key %s was retired by a rollover" % kid.hex())
        elif kind == LIST_TRUST and 7 in body:
            retire, successor = self._walk(body[7], pins, kid, sc)
            signer = successor
        else:
            self._unpinned(kid, sc, any_scheme)
        # step 7: the signature, with this type's AAD
        if p.prot[1] != signer.alg:
            raise DppError("DPP_ERR_ALG_KEY_MISMATCH", "alg %r does not match the operator key" % (p.prot[1],))
        if not raw_verify(signer.pub, signer.alg, sig_structure(p.protected, p.payload, LIST_AAD[kind]), p.sig):
            for other, aad in LIST_AAD.items():
                if other != kind and raw_verify(signer.pub, signer.alg, sig_structure(p.protected, p.payload, aad),
                                                p.sig):
                    raise DppError("DPP_ERR_LIST_FORMAT", "this is a %s, not a %s" % (LIST_NAMES[other],
                                                                                     LIST_NAMES[kind]))
            raise DppError("DPP_ERR_SIGNATURE", "the %s's signature does not verify" % LIST_NAMES[kind])
        # step 8: header
        for k in (1, 2, 3, 4, 5):
            if not _is_uint(body.get(k)):
                raise DppError("DPP_ERR_LIST_FORMAT", "header key %d missing or not a uint" % k)
        if body[1] != 1:
            raise DppError("DPP_ERR_LIST_FORMAT", "version %d" % body[1])
        if body[2] != kind:
            raise DppError("DPP_ERR_LIST_FORMAT", "this is a %s, not a %s" % (LIST_NAMES.get(body[2], "list of "
                                                                                              "unknown type"),
                                                                             LIST_NAMES[kind]))
        if body[3] < 1 or not 0 < body[4] < body[5]:
            raise DppError("DPP_ERR_LIST_FORMAT", "sequence >= 1 and 0 < issued_at < next_update")
        if body[3] < min_seq:
            raise DppError("DPP_ERR_LIST_ROLLBACK", "sequence %d < %d seen" % (body[3], min_seq))
        if body[4] > now + IAT_SKEW:
            raise DppError("DPP_ERR_NOT_YET_VALID", "issued_at %d > now + %d" % (body[4], IAT_SKEW))
        if grace < 0:
            raise DppError("DPP_ERR_INVALID_ARG", "grace < 0")
        if now > body[5] + grace:
            raise DppError("DPP_ERR_LIST_STALE", "now %d > next_update %d + grace %d" % (now, body[5], grace))
        return body, kid, retire, successor

    def _revoked_operators(self, sc, any_scheme):
        out = set()
        for s in (self.schemes.values() if any_scheme else [sc]):
            if s.rev_kids:
                out.update(s.rev_kids)
        return out

    def _unpinned(self, kid, sc, any_scheme):
        if not any_scheme:
            for name in sorted(self.schemes):
                if name != sc.name and kid in self.schemes[name].pins:
                    raise DppError("DPP_ERR_LIST_WRONG_SCHEME", "list signed by operator %s of scheme %r, loaded "
                                   "for scheme %r" % (kid.hex(), name, sc.name))
        raise DppError("DPP_ERR_LIST_UNPINNED", "no pinned operator key has kid %s" % kid.hex())

    def _walk(self, chain, pins, signer_kid, sc=None):
        """trust.md 3.9 step 2. Returns (kids replaced, the signer's Key)."""
        if not isinstance(chain, list) or not 1 <= len(chain) <= MAX_ROLLOVERS:
            raise DppError("DPP_ERR_LIST_FORMAT", "operator chain: 1..16 statements")
        stmts = []
        for i, st in enumerate(chain):
            if not isinstance(st, bytes) or len(st) > MAX_ROLLOVER_LEN:
                raise DppError("DPP_ERR_LIST_FORMAT", "rollover %d: a bstr of at most 2048 bytes" % i)
            try:
                q = parse_cose(st)
                succ = cbor_decode(q.payload)
            except DppError:
                raise DppError("DPP_ERR_LIST_FORMAT", "rollover %d: not a COSE_Sign1" % i) from None
            if (q.sig == b"" or 1 not in q.prot or not isinstance(q.prot.get(4), bytes) or len(q.prot[4]) != 8
                    or q.unprot or not isinstance(succ, dict) or list(succ) != [1] or not isinstance(succ[1], bytes)):
                raise DppError("DPP_ERR_LIST_FORMAT", "rollover %d: not a well-formed rollover" % i)
            stmts.append((q, succ[1]))
        first = next((i for i, (q, _) in enumerate(stmts) if q.prot[4] in pins), None)
        if first is None:
            if sc is not None:
                self._unpinned(signer_kid, sc, False)
            raise DppError("DPP_ERR_LIST_UNPINNED", "no rollover is signed by a pinned operator key")
        cur = pins[stmts[first][0].prot[4]]
        replaced = []
        for i in range(first, len(stmts)):
            q, spki = stmts[i]
            if q.prot[4] != cur.kid:
                raise DppError("DPP_ERR_ROLLOVER_GAP", "rollover %d is signed by %s, not by %s, the previous "
                               "successor" % (i, q.prot[4].hex(), cur.kid.hex()))
            if q.prot[1] != cur.alg or not raw_verify(cur.pub, cur.alg, sig_structure(q.protected, q.payload,
                                                                                      ROLLOVER_AAD), q.sig):
                raise DppError("DPP_ERR_SIGNATURE", "rollover %d does not verify with %s" % (i, cur.kid.hex()))
            replaced.append(cur.kid)
            try:
                cur = load_key(spki)
            except DppError:
                raise DppError("DPP_ERR_LIST_FORMAT", "rollover %d: the successor is not a public key" % i) from None
        if cur.kid != signer_kid:
            raise DppError("DPP_ERR_ROLLOVER_GAP", "the chain ends at %s, the list is signed by %s"
                           % (cur.kid.hex(), signer_kid.hex()))
        return replaced, cur

    def _commit_rollover(self, sc, retire, successor):
        if successor is not None:
            sc.pins[successor.kid] = successor
            sc.retired.discard(successor.kid)
        for k in retire:
            sc.pins.pop(k, None)
            if len(sc.retired) < MAX_RETIRED:
                sc.retired.add(k)

    # -- the three list types ---------------------------------------------
    def load_list(self, data, policy, scheme=""):
        """A trust list (3.1). policy: (now, min_sequence, grace_seconds)."""
        sc = self.scheme(scheme) if scheme else self.schemes[""]
        body, op_kid, retire, successor = self._open(data, LIST_TRUST, policy, sc)
        if set(body) - {1, 2, 3, 4, 5, 6, 7} or 6 not in body:
            raise DppError("DPP_ERR_LIST_FORMAT", "trust list keys: 1..6 and optionally 7")
        entries = []
        if not isinstance(body[6], list):
            raise DppError("DPP_ERR_LIST_FORMAT", "entries: not an array")
        if len(body[6]) > 65536:
            raise DppError("DPP_ERR_TOO_LARGE", "more than 65536 entries")
        last = None
        for i, m in enumerate(body[6]):
            e = _parse_entry(m, "entries[%d]" % i)
            if last is not None and (e.kid, e.role) <= last:
                raise DppError("DPP_ERR_LIST_FORMAT", "entries[%d]: not sorted by (kid, role) or repeated" % i)
            last = (e.kid, e.role)
            e.scheme = sc.name
            entries.append(e)
        sc.entries = entries
        sc.trust_operator = op_kid
        self._commit_rollover(sc, retire, successor)
        return body[3]

    def load_revocations(self, data, policy, scheme=""):
        sc = self.scheme(scheme) if scheme else self.schemes[""]
        body, _, _, _ = self._open(data, LIST_REVOCATION, policy, sc)
        if set(body) - {1, 2, 3, 4, 5, 6, 7, 8, 9}:
            raise DppError("DPP_ERR_LIST_FORMAT", "revocation list keys: 1..5, then 6, 7, 8, 9")
        hashed = _parse_revset(body[9]) if 9 in body else None
        kids, ids, batches = {}, {}, set()
        for key, size, out in ((6, 8, kids), (7, 16, ids)):
            if key in body:
                b = body[key]
                rec = size + 3
                if not isinstance(b, bytes) or not b or len(b) % rec:
                    raise DppError("DPP_ERR_LIST_FORMAT", "key %d: n x %d-byte records" % (key, rec))
                prev = None
                for off in range(0, len(b), rec):
                    k, reason, day = b[off:off + size], b[off + size], int.from_bytes(b[off + size + 1:off + rec],
                                                                                     "big")
                    if prev is not None and k <= prev or reason > 6:
                        raise DppError("DPP_ERR_LIST_FORMAT", "key %d: records sorted, unique, reason <= 6" % key)
                    prev = k
                    out[k] = (reason, day)
        if 8 in body:
            for r in body[8]:
                if not (isinstance(r, list) and len(r) == 4 and _is_uint(r[0]) and isinstance(r[1], str)):
                    raise DppError("DPP_ERR_LIST_FORMAT", "batch record")
                batches.add((r[0], r[1]))
        sc.rev_kids, sc.rev_ids, sc.rev_batches, sc.rev_hashed = kids, ids, batches, hashed
        return body[3]

    def load_status(self, data, policy):
        """A status list, whole or delta (6.4), verified with the pins of every scheme."""
        body, _, _, _ = self._open(data, LIST_STATUS, policy, self.schemes[""], any_scheme=True)
        whole = 8 in body
        allowed = {1, 2, 3, 4, 5, 6, 7, 8} if whole else {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}
        if set(body) - allowed or not {6, 7} <= set(body) or (not whole and (9 not in body or not
                                                                             ({10, 11} & set(body)))):
            raise DppError("DPP_ERR_LIST_FORMAT", "status list keys: 6, 7 and 8 (whole) or 9 and 10/11 (delta)")
        lid, n_bits = body[6], body[7]
        if not isinstance(lid, bytes) or len(lid) != 8 or not _is_uint(n_bits) or not 1 <= n_bits <= MAX_STATUS_BITS:
            raise DppError("DPP_ERR_LIST_FORMAT", "list id (8 bytes) and n_bits 1..2^24")
        held = self.status.get(lid)
        if whole:
            nbytes = (n_bits + 7) // 8
            if not isinstance(body[8], bytes) or not looks_like_zlib(body[8]):
                raise DppError("DPP_ERR_LIST_FORMAT", "key 8: not a zlib stream")
            d = zlib.decompressobj()
            try:
                bits = d.decompress(body[8], nbytes + 1)
            except zlib.error as e:
                raise DppError("DPP_ERR_LIST_FORMAT", "key 8: %s" % e) from None
            if len(bits) != nbytes or not d.eof or d.unused_data:
                raise DppError("DPP_ERR_LIST_FORMAT", "key 8: does not inflate to exactly %d bytes" % nbytes)
            if n_bits % 8 and bits[-1] & (0xFF >> (n_bits % 8)):
                raise DppError("DPP_ERR_LIST_FORMAT", "padding bits set")
            if held is not None and body[3] < held.sequence:
                raise DppError("DPP_ERR_LIST_ROLLBACK", "status part %s: sequence %d < held %d"
                               % (lid.hex(), body[3], held.sequence))
            if held is None and len(self.status) >= MAX_STATUS_PARTS:
                raise DppError("DPP_ERR_TOO_LARGE", "more than 4096 status parts")
            part = _StatusPart()
            part.bits = bytearray(bits)
        else:
            if not _is_uint(body[9]):
                raise DppError("DPP_ERR_LIST_FORMAT", "delta: key 9 (base sequence) is not a uint")
            sets = _leb128_gaps_decode(body.get(10, b""), n_bits, "key 10")
            clears = _leb128_gaps_decode(body.get(11, b""), n_bits, "key 11")
            if held is None or held.sequence != body[9] or held.n_bits != n_bits or body[3] <= body[9]:
                raise DppError("DPP_ERR_STATUS_DELTA_BASE", "status delta on base %d for part %s: %s" % (
                    body[9], lid.hex(), "part not held" if held is None else "held sequence %d" % held.sequence))
            part = held
            for i in sets:
                part.bits[i // 8] |= 0x80 >> (i % 8)
            for i in clears:
                part.bits[i // 8] &= ~(0x80 >> (i % 8)) & 0xFF
        part.n_bits, part.sequence, part.issued_at, part.next_update = n_bits, body[3], body[4], body[5]
        self.status[lid] = part
        return body[3]

    # -- verifying (8: steps 13..16) ----------------------------------------
    def entries_for(self, kid):
        out = [e for e in self.certs if e.kid == kid]
        for name in sorted(self.schemes):   # default scheme ("") first, then by name
            out += [e for e in self.schemes[name].entries if e.kid == kid]
        return out

    def has_revocations(self):
        return any(s.rev_kids is not None for s in self.schemes.values())


def _parse_entry(m, path):
    if not isinstance(m, dict) or not {1, 4, 5} <= set(m) or set(m) - {1, 2, 3, 4, 5, 6, 7, 8} \
            or (2 in m) == (3 in m):
        raise DppError("DPP_ERR_LIST_FORMAT", "%s: keys 1, 2 or 3, 4, 5 and optionally 6, 7, 8" % path)
    e = _Entry()
    e.kid = m[1]
    der = m.get(2, m.get(3))
    if not isinstance(der, bytes) or len(der) > 4096:
        raise DppError("DPP_ERR_LIST_FORMAT", "%s: key or certificate of at most 4096 bytes" % path)
    if 2 in m:
        e.key = load_key(der)
        if e.key.is_private:
            raise DppError("DPP_ERR_LIST_FORMAT", "%s: a private key" % path)
    else:
        cert = x509.load_der_x509_certificate(der)
        e.key = _cert_key(cert)
    if e.key.kid != e.kid:
        raise DppError("DPP_ERR_LIST_FORMAT", "%s: kid %s is not the key's %s" % (path, e.kid.hex(), e.key.kid.hex()))
    e.role = m[5]
    if e.role not in (1, 2, 3, 4):
        raise DppError("DPP_ERR_LIST_FORMAT", "%s: role %r" % (path, e.role))
    e.not_before, e.not_after = m.get(6), m.get(7)
    if e.not_before is not None and e.not_after is not None and not e.not_before < e.not_after:
        raise DppError("DPP_ERR_LIST_FORMAT", "%s: not_before >= not_after" % path)
    sc = m.get(8)
    e.claims = e.prefixes = e.categories = e.resolvers = None
    if sc is not None:
        if not isinstance(sc, dict) or not sc or set(sc) - {1, 2, 3, 4}:
            raise DppError("DPP_ERR_LIST_FORMAT", "%s.scope: a non-empty map of keys 1..4" % path)
        e.claims = sc.get(1)
        if e.claims is not None and (not _is_uint(e.claims) or e.claims == 0 or e.claims >= 1 << 32
                                     or any(e.claims >> b & 1 for b in range(32) if b not in KNOWN_CLAIMS)):
            raise DppError("DPP_ERR_LIST_FORMAT", "%s.scope: claim mask" % path)
        e.prefixes, e.categories, e.resolvers = sc.get(2), sc.get(3), sc.get(4)
    return e


def _entry_check(e, claims, passport_obj):
    """trust.md 3.4 for a passport signer: (stage reached, error, check) or None when it passes."""
    iat = claims[CLAIM_IAT]
    if (e.not_before is not None and iat < e.not_before) or (e.not_after is not None and iat > e.not_after):
        return 0, DppError("DPP_ERR_SIGNER_NOT_VALID", "iat %d outside the signer's window" % iat), "signer_window"
    if e.role != ROLE_MANUFACTURER:
        return 1, DppError("DPP_ERR_ROLE", "role %d may not sign passports" % e.role), "role"
    gtin = str(passport_obj[3]).zfill(14)
    if e.prefixes is not None and not any(gtin.startswith(p) for p in e.prefixes):
        return 2, DppError("DPP_ERR_SCOPE", "GTIN %s outside the prefixes %s" % (gtin, e.prefixes)), "scope"
    if e.categories is not None and passport_obj.get(7) not in e.categories:
        return 2, DppError("DPP_ERR_SCOPE", "category %r outside %s" % (passport_obj.get(7), e.categories)), "scope"
    if e.claims is not None:
        for cid, name in SCOPE_CLAIMS.items():
            if cid in passport_obj and not e.claims >> cid & 1:
                return 2, DppError("DPP_ERR_SCOPE", "%s is outside the signer's claims" % name), "scope"
    if e.resolvers is not None:
        r = claims.get(CLAIM_RESOLVER)
        if r is not None and not any(r == x or r.startswith(x + "/") for x in e.resolvers):
            return 2, DppError("DPP_ERR_DL_DOMAIN_SCOPE", "resolver %r outside %s" % (r, e.resolvers)), "scope"
    return None


def _trust_steps(store, pinned, claims, passport_obj, signer_kid):
    """Steps 13..16 (trust.md 8). Returns (the recognising scheme or None for a pinned key,
    (error, check) or None)."""
    scheme = None
    if not pinned:
        best = None
        for e in store.entries_for(signer_kid):
            r = _entry_check(e, claims, passport_obj)
            if r is None:
                scheme = e.scheme
                best = None
                break
            if best is None or r[0] > best[0]:
                best = r
        if best is not None:
            return None, (best[1], best[2])
    # 16: revocation in every scheme, then the status bit
    iat = claims[CLAIM_IAT]
    for name in sorted(store.schemes):
        s = store.schemes[name]
        if s.rev_kids is None:
            continue
        hit = s.rev_kids.get(signer_kid)
        what = None
        if hit is not None and (hit[0] not in SELF_LIMITED_REASONS or iat >= hit[1] * 86400):
            what = "signer key"
        elif passport_obj[2] in s.rev_ids:
            what = "passport"
        elif passport_obj.get(4) is not None and (passport_obj[3], passport_obj[4]) in s.rev_batches:
            what = "batch"
        if what is not None:
            e = DppError("DPP_ERR_REVOKED", "%s revoked (revocation list of scheme %r)" % (what, name))
            e.scheme = name
            return scheme, (e, "revocation")
        if s.rev_hashed is not None:
            salt, hs = s.rev_hashed
            keys = [(2, passport_obj[2])]
            if passport_obj.get(4) is not None:
                b = passport_obj[4].encode("utf-8")
                keys.append((3, passport_obj[3].to_bytes(8, "big") + bytes([len(b)]) + b))
            for kind, key in keys:
                if revset_hash(salt, kind, key) in hs:
                    e = DppError("DPP_ERR_REVOKED", "%s revoked (compact set of scheme %r)"
                                 % ("passport" if kind == 2 else "batch", name))
                    e.scheme = name
                    return scheme, (e, "revocation")
    st = claims.get(CLAIM_STATUS)
    if st is not None and store.status:
        part = store.status.get(st[0])
        if part is None:
            return scheme, (DppError("DPP_ERR_STATUS_LIST_MISSING", "no status list %s loaded" % st[0].hex()),
                            "revocation")
        if st[1] >= part.n_bits:
            return scheme, (DppError("DPP_ERR_STATUS_INDEX", "index %d >= n_bits %d" % (st[1], part.n_bits)),
                            "revocation")
        if part.bits[st[1] // 8] & (0x80 >> (st[1] % 8)):
            return scheme, (DppError("DPP_ERR_STATUS_REVOKED", "status bit %d of list %s is set"
                                     % (st[1], st[0].hex())), "revocation")
    return scheme, None


def _check_attestations(v):
    """The structure of claim -263 (trust.md 5.1); DPP_ERR_CWT_CLAIMS when malformed."""
    def bad(why):
        raise DppError("DPP_ERR_CWT_CLAIMS", "attestations (-263): %s" % why)
    if not isinstance(v, list) or not 1 <= len(v) <= 4:
        bad("not an array of 1..4")
    for a in v:
        if not isinstance(a, list) or len(a) not in (4, 5):
            bad("an attestation is an array of 4 or 5")
        ids, binding, tag, sig = a[:4]
        if (not isinstance(ids, list) or not 1 <= len(ids) <= 16 or any(not _is_uint(i) or i not in _ALL_CLAIMS
                                                                        for i in ids)
                or any(x >= y for x, y in zip(ids, ids[1:]))):
            bad("claim ids unknown or not strictly increasing")
        if not _is_uint(binding) or binding > 3:
            bad("binding outside 0..3")
        if not isinstance(tag, bytes) or len(tag) != 4:
            bad("product tag is not 4 bytes")
        if (not isinstance(sig, list) or len(sig) != 4 or not isinstance(sig[0], bytes) or sig[1] != {}
                or sig[2] is not None or not isinstance(sig[3], bytes)):
            bad("not an untagged detached COSE_Sign1 with an empty unprotected header")
        prot = cbor_decode(sig[0]) if sig[0] else {}
        if not isinstance(prot, dict) or 1 not in prot or not isinstance(prot.get(4), bytes) or len(prot[4]) != 8:
            bad("alg or kid missing")
        if len(a) == 5 and (not _is_uint(a[4]) or a[4] < 1):
            bad("signed_at is not a uint >= 1")


def _binding_map(p, binding):
    m = {1: p[3]}
    if binding == 1:
        m[2] = p.get(4)
    elif binding == 2:
        m[3] = p.get(5)
    elif binding == 3:
        m[4] = p[2]
    return m


def _claim_bytes(p, cid):
    if cid == 1:
        return b"".join(cbor_encode(k) + cbor_encode(p[k]) for k in range(2, 9) if k in p)
    if cid <= 15:
        return cbor_encode(p[cid])
    return cbor_encode(p[13][cid - 16])


def _claim_present(p, cid):
    if cid == 1 or cid == 9:
        return True
    if cid <= 15:
        return cid in p
    return 13 in p and cid - 16 < len(p[13])


def _attester_entry_check(e, ids, when, timed, p):
    """trust.md 5.5 f for one entry: (stage, error) or None."""
    if (e.not_before is not None and when < e.not_before) or (e.not_after is not None and when > e.not_after):
        return 0, DppError("DPP_ERR_ATTESTATION_TIME" if timed else "DPP_ERR_SIGNER_NOT_VALID",
                           "attestation time %d outside the attester's window" % when)
    if not set(ids) <= ATTEST_ALLOWED.get(e.role, set()):
        return 1, DppError("DPP_ERR_ROLE", "role %d may not attest claims %s" % (e.role, ids))
    gtin = str(p[3]).zfill(14)
    if e.prefixes is not None and not any(gtin.startswith(x) for x in e.prefixes):
        return 2, DppError("DPP_ERR_SCOPE", "GTIN %s outside the attester's prefixes" % gtin)
    if e.categories is not None and p.get(7) not in e.categories:
        return 2, DppError("DPP_ERR_SCOPE", "category outside the attester's categories")
    if e.claims is not None:
        for i in ids:
            bit = 13 if i >= 16 else i
            if not e.claims >> bit & 1:
                return 2, DppError("DPP_ERR_SCOPE", "claim %d outside the attester's claims" % i)
    return None


def _attestation_step(store, trust, claims, p, signer, now):
    """Step 17 (trust.md 5.5, 5.7) for every attestation, in order."""
    for a in claims[CLAIM_ATTESTATIONS]:
        ids, binding, tag, sig = a[:4]
        signed_at = a[4] if len(a) == 5 else None
        prot = cbor_decode(sig[0])
        kid, alg = prot[4], prot[1]
        pinned = [k for k in trust if k.kid == kid]
        entries = store.entries_for(kid) if store is not None else []
        if not pinned and not entries:
            raise DppError("DPP_ERR_ATTESTER_UNKNOWN", "no trusted key has the attester's kid %s" % kid.hex())
        bm = _binding_map(p, binding)
        if None in bm.values() or hashlib.sha256(cbor_encode(bm)).digest()[:4] != tag:
            raise DppError("DPP_ERR_ATTESTATION_PRODUCT", "the attestation is bound to another product")
        for i in ids:
            if not _claim_present(p, i):
                raise DppError("DPP_ERR_ATTESTATION_CLAIM", "attested claim %d is not in the passport" % i)
        payload = [bm, [[i, hashlib.sha256(_claim_bytes(p, i)).digest()] for i in ids]]
        if signed_at is not None:
            payload.append(signed_at)
        tbs = sig_structure(sig[0], cbor_encode(payload), ATTESTATION_AAD)
        keys = pinned + [e.key for e in entries]
        key = next((k for k in keys if k.alg == alg and raw_verify(k.pub, k.alg, tbs, sig[3])), None)
        if key is None:
            raise DppError("DPP_ERR_ATTESTATION_SIGNATURE", "the attestation does not verify over the claims")
        if key.kid == signer.kid:
            raise DppError("DPP_ERR_ROLE", "an attestation by the passport's own key")
        if signed_at is not None and signed_at > now + IAT_SKEW:
            raise DppError("DPP_ERR_ATTESTATION_TIME", "attestation signed at %d, after now + %d"
                           % (signed_at, IAT_SKEW))
        if not pinned:
            when = signed_at if signed_at is not None else claims[CLAIM_IAT]
            best = None
            for e in entries:
                r = _attester_entry_check(e, ids, when, signed_at is not None, p)
                if r is None:
                    best = None
                    break
                if best is None or r[0] > best[0]:
                    best = r
            if best is not None:
                raise best[1]
        if key.not_before is not None and not key.not_before <= now <= key.not_after:
            raise DppError("DPP_ERR_KEY_NOT_VALID", "attester certificate not valid at now")
        if signed_at is not None and key.not_before is not None and not key.not_before <= signed_at <= key.not_after:
            raise DppError("DPP_ERR_ATTESTATION_TIME", "attester certificate not valid at the signing time")
        if store is not None:
            for name in sorted(store.schemes):
                hit = (store.schemes[name].rev_kids or {}).get(kid)
                if hit is not None and (hit[0] not in SELF_LIMITED_REASONS or
                                        claims[CLAIM_IAT] >= hit[1] * 86400):
                    raise DppError("DPP_ERR_REVOKED", "attester key revoked (scheme %r)" % name)


def encode_status_whole(operator, list_id, n_bits, set_bits, sequence, issued_at, next_update):
    """A signed whole status list (trust.md 6.4), for interop tests."""
    bits = bytearray((n_bits + 7) // 8)
    for i in set_bits:
        bits[i // 8] |= 0x80 >> (i % 8)
    body = {1: 1, 2: LIST_STATUS, 3: sequence, 4: issued_at, 5: next_update, 6: list_id, 7: n_bits,
            8: zlib.compress(bytes(bits), 9)}
    return cose_sign1(cbor_encode(body), operator, external_aad=LIST_AAD[LIST_STATUS])


def encode_status_delta(operator, list_id, n_bits, base, set_bits, cleared, sequence, issued_at, next_update):
    body = {1: 1, 2: LIST_STATUS, 3: sequence, 4: issued_at, 5: next_update, 6: list_id, 7: n_bits, 9: base}
    if set_bits:
        body[10] = _leb128_gaps_encode(set_bits)
    if cleared:
        body[11] = _leb128_gaps_encode(cleared)
    return cose_sign1(cbor_encode(body), operator, external_aad=LIST_AAD[LIST_STATUS])


def run_vector(v, tv_dir):
    """Runs one test vector (test-vectors/README.md) through pydpp: pins, lists in order, then
    verify. Returns (error name or None, check or None, Result or None). Raises NotImplementedError
    when the vector requires a layer pydpp lacks."""
    missing = [r for r in v.get("requires", []) if r not in IMPLEMENTS]
    if missing:
        raise NotImplementedError(", ".join(missing))
    inp = v["inputs"]

    def key_file(k):
        with open(os.path.join(tv_dir, k["file"]), "rb") as f:
            return load_key(f.read())
    trust = []
    try:
        for k in inp["trusted_keys"]:
            trust.append(key_file(k))
    except DppError as e:   # a trusted key refused (e.g. DPP_ERR_KEY_WEAK)
        return e.name, "trusted_keys", None
    store = None
    if "operator_keys" in inp or "lists" in inp or "trust_list" in inp or "ca_certificates" in inp:
        store = TrustStore()
        for field, add in (("ca_certificates", store.add_ca), ("signer_certificates", store.add_cert)):
            for c in inp.get(field, []):
                try:
                    with open(os.path.join(tv_dir, c["file"]), "rb") as f:
                        add(f.read())
                except DppError as e:
                    return e.name, field, None
        for k in inp.get("operator_keys", []):
            store.pin_operator(key_file(k))
        for name in sorted(inp.get("scheme_operator_keys", {})):
            for k in inp["scheme_operator_keys"][name]:
                store.pin_operator(key_file(k), name)
        pol = inp.get("list_policy", {"min_sequence": 0, "grace_seconds": 0})
        policy = (inp["validation_time"], pol["min_sequence"], pol["grace_seconds"])
        items = []
        if "trust_list" in inp:
            items.append(("trust", None, inp["trust_list"]["cose"]))
        if "revocation_list" in inp:
            items.append(("revocation", None, inp["revocation_list"]["cose"]))
        items += [(x["kind"], x.get("scheme"), x["cose"]) for x in inp.get("lists", [])]
        for kind, scheme, hexdata in items:
            data = bytes.fromhex(hexdata)
            try:
                if kind == "trust":
                    store.load_list(data, policy, scheme or "")
                elif kind == "revocation":
                    store.load_revocations(data, policy, scheme or "")
                else:
                    store.load_status(data, policy)
            except DppError as e:
                return e.name, kind + "_list", None
    r = verify(v["text"], trust, inp["validation_time"], store)
    return r.error, r.check, r


# ---------------------------------------------------------------- CLI

def _read(path):
    with open(path, "rb") as f:
        return f.read()


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(prog="pydpp.py", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("encode")
    e.add_argument("--key", required=True)
    e.add_argument("--iat", type=int)
    e.add_argument("--exp", type=int)
    e.add_argument("--iss")
    e.add_argument("--compress", choices=("auto", "never", "always"), default="auto")
    e.add_argument("--resolver", help="sign the resolver claim (-265), e.g. id.example.com")
    e.add_argument("--form", choices=("text", "link"), default="text")
    e.add_argument("--legacy-zlib", action="store_true",
                   help="zlib without the preset dictionary (FDICT 0), as before dictionary v1; for tests")
    e.add_argument("passport")
    v = sub.add_parser("verify")
    v.add_argument("--trust", action="append", required=True)
    v.add_argument("--at", type=int)
    v.add_argument("text")
    i = sub.add_parser("inspect")
    i.add_argument("text")
    k = sub.add_parser("keygen")
    k.add_argument("alg", choices=("ES256", "ES384", "EdDSA", "PS256"))
    k.add_argument("priv")
    k.add_argument("pub")
    a = ap.parse_args(argv)
    try:
        if a.cmd == "encode":
            key = load_key(_read(a.key))
            model = passport_from_json(_read(a.passport).decode("utf-8"))
            iat = a.iat if a.iat is not None else int(time.time())
            print(encode(model, key, iat, a.exp, a.iss, a.compress, a.legacy_zlib, a.resolver, a.form))
            return 0
        if a.cmd == "verify":
            trust = [load_key(_read(t)) for t in a.trust]
            now = a.at if a.at is not None else int(time.time())
            r = verify(a.text, trust, now)
            print(json.dumps(r.as_json(), indent=2, ensure_ascii=False))
            return 0 if r.ok else 1
        if a.cmd == "inspect":
            print(json.dumps(inspect(a.text), indent=2, ensure_ascii=False))
            return 0
        if a.cmd == "keygen":
            alg = {v: k for k, v in ALG_NAMES.items()}[a.alg]
            key = generate_key(alg)
            with open(a.priv, "w") as f:
                f.write(private_pem(key))
            with open(a.pub, "w") as f:
                f.write(public_pem(key))
            return 0
    except DppError as err:
        print("ERR %s %s" % (err.name, err.msg), file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
