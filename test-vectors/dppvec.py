# SPDX-License-Identifier: Apache-2.0
"""Building blocks of the test-vector generator (test-vectors/generate.py).

Written from spec/README.md and spec/payload.cddl only (not from libdpp's C
sources). Everything here is deterministic:

- an "evil" CBOR encoder: deterministic by default (RFC 8949 section 4.2.1,
  bytewise key order), with explicit escape hatches to inject one defect at a
  time (non-shortest heads, unsorted or duplicate keys, indefinite lengths,
  raw bytes spliced anywhere);
- the passport JSON form -> CBOR data model mapping (spec section 7.2) and the
  normalised JSON a verifier returns (spec section 8.4);
- COSE_Sign1 (RFC 9052) / CWT (RFC 8392) assembly, zlib with preset
  dictionary version 1 (spec section 4.3 and Appendix C, whose bytes are
  copied below), Base45 (RFC 9285);
- fixed test keys (Ed25519 and EC keys derived from fixed seeds, the RSA key
  committed as a fixed input).

Only Debian's python3-cryptography is needed (python3-cbor2 is used by the
generator to cross-check this encoder, not to produce bytes).
"""

import base64
import datetime
import hashlib
import json
import os
import re
import struct
import uuid
import zlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

# ---------------------------------------------------------------------------
# Evil CBOR encoder
# ---------------------------------------------------------------------------


class Tag:
    """CBOR tag: Tag(18, [...])."""

    def __init__(self, tag, value, head=None):
        self.tag = tag
        self.value = value
        self.head = head  # forced head width (None = shortest)


class Raw:
    """Bytes spliced verbatim into the encoding (may be anything, even broken)."""

    def __init__(self, data):
        self.data = bytes(data)


class Int:
    """An integer with a forced head width: Int(5, width=1) -> 18 05."""

    def __init__(self, value, width):
        self.value = value
        self.width = width


class OMap:
    """A map written in exactly the given order (duplicates allowed)."""

    def __init__(self, pairs):
        self.pairs = list(pairs)


class Indef:
    """An indefinite-length array (list) or map (dict)."""

    def __init__(self, value):
        self.value = value


class Simple:
    """A raw major-type-7 item: Simple(b'\\xf7') for undefined, etc."""

    def __init__(self, data):
        self.data = bytes(data)


_WIDTH_AI = {0: None, 1: 24, 2: 25, 4: 26, 8: 27}


def head(major, arg, width=None):
    """The head of a data item; width forces 0 (in the initial byte), 1, 2, 4 or 8 bytes."""
    if width is None:
        if arg < 24:
            width = 0
        elif arg < 0x100:
            width = 1
        elif arg < 0x10000:
            width = 2
        elif arg < 0x100000000:
            width = 4
        else:
            width = 8
    mt = major << 5
    if width == 0:
        assert arg < 24
        return bytes([mt | arg])
    fmt = {1: ">B", 2: ">H", 4: ">I", 8: ">Q"}[width]
    return bytes([mt | _WIDTH_AI[width]]) + struct.pack(fmt, arg)


def enc(v):
    """Encodes v. dict keys are sorted by their encodings (deterministic)."""
    if isinstance(v, Raw):
        return v.data
    if isinstance(v, Simple):
        return v.data
    if v is False:
        return b"\xf4"
    if v is True:
        return b"\xf5"
    if v is None:
        return b"\xf6"
    if isinstance(v, Int):
        if v.value >= 0:
            return head(0, v.value, v.width)
        return head(1, -1 - v.value, v.width)
    if isinstance(v, int):
        if v >= 0:
            return head(0, v)
        return head(1, -1 - v)
    if isinstance(v, (bytes, bytearray)):
        return head(2, len(v)) + bytes(v)
    if isinstance(v, str):
        b = v.encode("utf-8")
        return head(3, len(b)) + b
    if isinstance(v, (list, tuple)):
        return head(4, len(v)) + b"".join(enc(x) for x in v)
    if isinstance(v, dict):
        items = sorted(((enc(k), enc(x)) for k, x in v.items()), key=lambda kv: kv[0])
        return head(5, len(items)) + b"".join(k + x for k, x in items)
    if isinstance(v, OMap):
        return head(5, len(v.pairs)) + b"".join(enc(k) + enc(x) for k, x in v.pairs)
    if isinstance(v, Indef):
        if isinstance(v.value, dict):
            items = sorted(((enc(k), enc(x)) for k, x in v.value.items()), key=lambda kv: kv[0])
            return b"\xbf" + b"".join(k + x for k, x in items) + b"\xff"
        return b"\x9f" + b"".join(enc(x) for x in v.value) + b"\xff"
    if isinstance(v, Tag):
        return head(6, v.tag, v.head) + enc(v.value)
    raise TypeError("cannot encode %r" % (v,))


# ---------------------------------------------------------------------------
# Passport JSON form -> CBOR data model (spec section 7.2)
# ---------------------------------------------------------------------------

BOUNDARY = ["cradle-to-gate", "cradle-to-grave", "gate-to-gate", "cradle-to-cradle"]
METHOD = ["ISO 14067", "GHG Protocol", "PEF", "PAS 2050", "GB/T 24067", "PACT", "EU 2023/1542"]
STAGE = ["raw-materials", "production", "distribution", "use", "end-of-life"]
VERIFICATION = ["self-declared", "third-party-verified"]
CBAM_METHOD = ["actual", "default", "mixed"]
INSTRUMENT = ["ets", "carbon-tax", "levy", "fee", "other"]

_DEC_RE = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")


def decimal(text):
    """Decimal text -> CBOR model: int, or Tag(4, [e, m]) (spec section 8.1)."""
    if not isinstance(text, str) or not _DEC_RE.match(text):
        raise ValueError("decimal text %r" % (text,))
    neg = text.startswith("-")
    body = text[1:] if neg else text
    if "." in body:
        ip, fp = body.split(".")
        m = int(ip + fp)
        e = -len(fp)
    else:
        m = int(body)
        e = 0
    if neg:
        m = -m
    return m if e == 0 else Tag(4, [e, m])


def date_days(text):
    d = datetime.date.fromisoformat(text)
    return (d - datetime.date(1970, 1, 1)).days


def identifier(o):
    return [o["scheme"], o["value"]]


def cas_int(text):
    return int(text.replace("-", ""))


def passport_model(j):
    """The CBOR data model (python values) of a passport in JSON form."""
    p = {1: 1, 2: uuid.UUID(j["id"]).bytes, 3: int(j["gtin"]), 6: j["name"]}
    if "batch" in j:
        p[4] = j["batch"]
    if "serial" in j:
        p[5] = j["serial"]
    if "category" in j:
        p[7] = j["category"]
    if "production_date" in j:
        p[8] = date_days(j["production_date"])
    m = j["manufacturer"]
    party = {1: m["name"], 2: m["country"]}
    if "operator_id" in m:
        party[3] = identifier(m["operator_id"])
    p[9] = party
    if "facility" in j:
        f = {1: identifier(j["facility"]["id"])}
        if "name" in j["facility"]:
            f[2] = j["facility"]["name"]
        p[10] = f
    if "materials" in j:
        mats = []
        for x in j["materials"]:
            mm = {1: x["name"]}
            if "cas" in x:
                mm[2] = cas_int(x["cas"])
            for k, name in ((3, "mass_fraction"), (4, "mass"), (6, "recycled_share"), (7, "renewable_share")):
                if name in x:
                    mm[k] = decimal(x[name])
            if "mass_unit" in x:
                mm[5] = x["mass_unit"]
            if "origin" in x:
                mm[8] = x["origin"]
            if x.get("hazardous") is True:
                mm[9] = True
            mats.append(mm)
        p[11] = mats
    if "footprint" in j:
        f = j["footprint"]
        fp = {
            1: decimal(f["total"]),
            2: f["declared_unit"],
            3: BOUNDARY.index(f["boundary"]) + 1,
            4: METHOD.index(f["method"]) + 1,
            6: [date_days(f["period_start"]), date_days(f["period_end"])],
            10: VERIFICATION.index(f["verification"]) + 1,
        }
        if "stages" in f:
            fp[5] = [[STAGE.index(s["stage"]) + 1, decimal(s["value"])] for s in f["stages"]]
        if "primary_share" in f:
            fp[7] = decimal(f["primary_share"])
        if "electricity_ef" in f:
            fp[8] = decimal(f["electricity_ef"])
        if "electricity_ef_source" in f:
            fp[9] = f["electricity_ef_source"]
        p[12] = fp
    if "certifications" in j:
        certs = []
        for c in j["certifications"]:
            cc = {1: c["scheme"], 2: c["certificate_id"], 3: c["issuer"]}
            if "valid_from" in c:
                cc[4] = date_days(c["valid_from"])
            if "valid_until" in c:
                cc[5] = date_days(c["valid_until"])
            if "scope" in c:
                cc[6] = c["scope"]
            certs.append(cc)
        p[13] = certs
    if "cbam" in j:
        c = j["cbam"]
        cb = {1: int(c["cn_code"]), 2: c["origin"], 5: decimal(c["see_direct"]), 7: CBAM_METHOD.index(c["method"]) + 1}
        if "installation_id" in c:
            cb[3] = c["installation_id"]
        if "route" in c:
            cb[4] = c["route"]
        if "see_indirect" in c:
            cb[6] = decimal(c["see_indirect"])
        if "carbon_price" in c:
            cp = c["carbon_price"]
            cb[8] = [decimal(cp["amount"]), cp["currency"], INSTRUMENT.index(cp["instrument"]) + 1]
        cbam_template(c, cb)
        p[14] = cb
    if "extensions" in j:
        p[15] = ext_model(j["extensions"])
    return p


def _keyed(src, table):
    """{key: value} of the JSON members in table [(key, name, convert)] present in src."""
    return {k: conv(src[name]) for k, name, conv in table if name in src}


def _text(v):
    return v


def cbam_template(c, cb):
    """The CBAM block's communication template data: keys 9..19 (spec/README.md section 7)."""
    if "installation" in c:
        i = c["installation"]
        m = _keyed(i, [(1, "name", _text), (2, "street", _text), (3, "city", _text), (4, "postcode", _text),
                       (5, "country", _text), (6, "unlocode", _text), (8, "activity", _text),
                       (9, "operator_id", lambda o: [o["scheme"], o["value"]])])
        if "coordinates" in i:
            m[7] = [decimal(i["coordinates"]["latitude"]), decimal(i["coordinates"]["longitude"])]
        cb[9] = m
    if "period" in c:
        cb[10] = [date_days(c["period"]["start"]), date_days(c["period"]["end"])]
    cb.update(_keyed(c, [(11, "process", _text), (12, "goods_category", _text), (13, "see_total", decimal),
                         (14, "see_unit", lambda u: 2 if u == "tCO2e/MWh" else 1), (15, "default_share", decimal)]))
    if "electricity" in c:
        cb[16] = _keyed(c["electricity"], [(1, "consumed", decimal), (2, "emission_factor", decimal),
                                           (3, "source", _text)])
    if "precursors" in c:
        cb[17] = [_keyed(x, [(1, "cn_code", int), (2, "quantity", decimal), (3, "see_direct", decimal),
                             (4, "see_indirect", decimal)]) for x in c["precursors"]]
    det = _keyed(c.get("carbon_price", {}), [(1, "covered", decimal), (2, "rebate", decimal),
                                             (3, "rebate_type", _text), (4, "rebate_covered", decimal),
                                             (5, "effective", decimal)])
    if det:
        cb[18] = det
    if "verifier" in c:
        cb[19] = _keyed(c["verifier"], [(1, "name", _text), (2, "country", _text), (3, "accreditation_state", _text),
                                        (4, "accreditation_body", _text), (5, "accreditation_id", _text)])


def ext_model(v):
    if isinstance(v, dict):
        return {k: ext_model(x) for k, x in v.items()}
    if isinstance(v, list):
        return [ext_model(x) for x in v]
    if isinstance(v, float):
        raise ValueError("extension floats are not allowed")
    return v


def _ext_sorted(v):
    """Extension JSON with members in CBOR key order (spec section 7.3)."""
    if isinstance(v, dict):
        keys = sorted(v.keys(), key=lambda k: enc(k))
        return {k: _ext_sorted(v[k]) for k in keys}
    if isinstance(v, list):
        return [_ext_sorted(x) for x in v]
    return v


_ORDER = ["id", "gtin", "batch", "serial", "name", "category", "production_date", "manufacturer", "facility",
          "materials", "footprint", "certifications", "cbam", "extensions"]


def normalised_json(j):
    """The JSON form a verifier returns for passport j (spec section 8.4).

    Inputs used by the vectors write decimals as strings and dates in
    YYYY-MM-DD form, so normalising is: GTIN padded to 14 digits, UUID in lower
    case, hazardous false dropped, extension members in CBOR key order."""
    out = {}
    for k in _ORDER:
        if k not in j:
            continue
        v = json.loads(json.dumps(j[k]))
        if k == "id":
            v = str(uuid.UUID(v))
        elif k == "gtin":
            v = v.zfill(14)
        elif k == "materials":
            for m in v:
                if m.get("hazardous") is False:
                    del m["hazardous"]
        elif k == "extensions":
            v = _ext_sorted(v)
        out[k] = v
    return out


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------

ALG_ID = {"ES256": -7, "ES384": -35, "EdDSA": -8, "PS256": -37}


class Key:
    def __init__(self, name, priv):
        self.name = name
        self.priv = priv
        self.pub = priv.public_key()
        if isinstance(priv, ed25519.Ed25519PrivateKey):
            self.alg = "EdDSA"
        elif isinstance(priv, ec.EllipticCurvePrivateKey):
            self.alg = {"secp256r1": "ES256", "secp384r1": "ES384"}[priv.curve.name]
        elif isinstance(priv, rsa.RSAPrivateKey):
            self.alg = "PS256"
        else:
            raise TypeError(name)
        spki = self.pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.kid = hashlib.sha256(spki).digest()[:8]

    @property
    def alg_id(self):
        return ALG_ID[self.alg]

    def private_pem(self):
        return self.priv.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()).decode()

    def public_pem(self):
        return self.pub.public_bytes(serialization.Encoding.PEM,
                                     serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    def sign(self, tbs):
        """Raw COSE signature bytes. Only EdDSA is deterministic."""
        if self.alg == "EdDSA":
            return self.priv.sign(tbs)
        if self.alg == "PS256":
            return self.priv.sign(tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                                  hashes.SHA256())
        h, n = (hashes.SHA256(), 32) if self.alg == "ES256" else (hashes.SHA384(), 48)
        r, s = utils.decode_dss_signature(self.priv.sign(tbs, ec.ECDSA(h)))
        return r.to_bytes(n, "big") + s.to_bytes(n, "big")

    def verify(self, tbs, sig):
        try:
            if self.alg == "EdDSA":
                self.pub.verify(sig, tbs)
            elif self.alg == "PS256":
                self.pub.verify(sig, tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                                hashes.SHA256())
            else:
                h, n = (hashes.SHA256(), 32) if self.alg == "ES256" else (hashes.SHA384(), 48)
                if len(sig) != 2 * n:
                    return False
                der = utils.encode_dss_signature(int.from_bytes(sig[:n], "big"), int.from_bytes(sig[n:], "big"))
                self.pub.verify(der, tbs, ec.ECDSA(h))
            return True
        except Exception:  # noqa: BLE001 - any failure means "does not verify"
            return False


def _seed(label, n):
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(("libdpp test vectors, NOT A REAL KEY: %s #%d" % (label, i)).encode()).digest()
        i += 1
    return out[:n]


def derived_key(name, alg):
    """Ed25519 / EC keys derived from a fixed public seed: anyone can recompute them."""
    if alg == "EdDSA":
        return Key(name, ed25519.Ed25519PrivateKey.from_private_bytes(_seed(name, 32)))
    curve, order = {
        "ES256": (ec.SECP256R1(), 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551),
        "ES384": (ec.SECP384R1(), int("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
                                      "581a0db248b0a77aecec196accc52973", 16)),
    }[alg]
    d = int.from_bytes(_seed(name, 64), "big") % (order - 1) + 1
    return Key(name, ec.derive_private_key(d, curve))


def load_private_pem(name, path):
    with open(path, "rb") as f:
        return Key(name, serialization.load_pem_private_key(f.read(), password=None))


# ---------------------------------------------------------------------------
# COSE / CWT / transport
# ---------------------------------------------------------------------------

PASSPORT_CLAIM = -262


def claims_model(passport, iat, exp=None, iss=None, resolver=None):
    c = {6: iat, PASSPORT_CLAIM: passport}
    if exp is not None:
        c[4] = exp
    if iss is not None:
        c[1] = iss
    if resolver is not None:
        c[-265] = resolver  # RESOLVER_CLAIM (spec/link.md section 2)
    return c


def protected_model(key):
    return {1: key.alg_id, 4: key.kid}


def sig_structure(protected_bytes, payload_bytes):
    return enc(["Signature1", protected_bytes, b"", payload_bytes])


def cose_bytes(protected_bytes, payload_bytes, signature, unprotected=None):
    return enc(Tag(18, [protected_bytes, {} if unprotected is None else unprotected, payload_bytes, signature]))


# Preset deflate dictionary version 1: the bytes of spec/README.md Appendix C
# (generate.py checks that they still are).
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
DICT_V1_ID = 0xA9549D2D  # its Adler-32, the DICTID of spec section 4.3
DICT_V1_SHA256 = "d8d129730fe44c538e2dc78ddb144441168eb70216641e651ca6ba731fc2aca8"
assert len(DICT_V1) == 1277 and zlib.adler32(DICT_V1) == DICT_V1_ID
assert hashlib.sha256(DICT_V1).hexdigest() == DICT_V1_SHA256

MAX_COSE = 4096  # spec section 10: largest COSE message, and the inflate cap


def zlib_compress(data, dictionary=True):
    """Spec section 4.3: level 9, window bits 12, memory level 6, default
    strategy, preset dictionary v1 set before the first byte (the stream then
    starts 48 E6 A9 54 9D 2D: FDICT set, DICTID). dictionary=False gives the
    legacy form without dictionary (FDICT = 0, header 48 C7), which encoders no
    longer write but verifiers still accept."""
    if dictionary:
        c = zlib.compressobj(9, zlib.DEFLATED, 12, 6, zlib.Z_DEFAULT_STRATEGY, zdict=DICT_V1)
    else:
        c = zlib.compressobj(9, zlib.DEFLATED, 12, 6, zlib.Z_DEFAULT_STRATEGY)
    return c.compress(data) + c.flush()


def zlib_header_ok(body):
    """The first two bytes are a zlib header (spec section 4.3 table)."""
    return (len(body) >= 2 and body[0] & 0x0F == 8 and body[0] >> 4 <= 7
            and (body[0] * 256 + body[1]) % 31 == 0)


class InflateError(Exception):
    """Raised by zlib_inflate with the dpp_err name in .error."""

    def __init__(self, error, why):
        super().__init__("%s: %s" % (error, why))
        self.error = error


def zlib_inflate(body, cap=MAX_COSE):
    """The zlib rules of spec section 4.3, for the generator's own checks:
    FDICT = 0, or FDICT = 1 with DICTID A9549D2D (checked before inflating);
    valid complete deflate data, Adler-32, no trailing bytes; at most cap bytes
    out (DPP_ERR_TOO_LARGE, found while inflating). Raises InflateError."""
    if not zlib_header_ok(body):
        raise InflateError("DPP_ERR_INFLATE", "not a zlib header")
    zdict = None
    if body[1] & 0x20:
        if len(body) < 6:
            raise InflateError("DPP_ERR_INFLATE", "stream too short to hold its DICTID")
        dictid = struct.unpack(">I", body[2:6])[0]
        if dictid != DICT_V1_ID:
            raise InflateError("DPP_ERR_INFLATE", "unknown DICTID %08x" % dictid)
        zdict = DICT_V1
    d = zlib.decompressobj(15, zdict=zdict) if zdict is not None else zlib.decompressobj(15)
    try:
        out = d.decompress(body, cap + 1)
    except zlib.error as e:
        raise InflateError("DPP_ERR_INFLATE", str(e)) from None
    if len(out) > cap:
        raise InflateError("DPP_ERR_TOO_LARGE", "inflates past %d bytes" % cap)
    if not d.eof:
        raise InflateError("DPP_ERR_INFLATE", "truncated")
    if d.unused_data:
        raise InflateError("DPP_ERR_INFLATE", "%d trailing bytes" % len(d.unused_data))
    return out


B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def b45encode(data):
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = n % 45, n // 45
        d, e = n % 45, n // 45
        out += [B45[c], B45[d], B45[e]]
    if len(data) % 2:
        n = data[-1]
        out += [B45[n % 45], B45[n // 45]]
    return "".join(out)


def b45decode(text):
    vals = [B45.index(ch) for ch in text]
    out = bytearray()
    for i in range(0, len(vals), 3):
        g = vals[i:i + 3]
        if len(g) == 3:
            n = g[0] + g[1] * 45 + g[2] * 2025
            if n > 0xFFFF:
                raise ValueError("base45 group overflow")
            out += bytes([n >> 8, n & 0xFF])
        elif len(g) == 2:
            n = g[0] + g[1] * 45
            if n > 0xFF:
                raise ValueError("base45 pair overflow")
            out.append(n)
        else:
            raise ValueError("base45 length")
    return bytes(out)


def text_from_body(body, prefix="DPP1:"):
    return prefix + b45encode(body)


def transport(cose, compress, dictionary=True):
    """(body, compressed?) for compress in never / always / auto (spec section 4.3:
    zlib with preset dictionary v1, kept by auto only if strictly shorter).
    dictionary=False writes the legacy FDICT = 0 form (legacy vectors only)."""
    if compress == "never":
        return cose, False
    z = zlib_compress(cose, dictionary)
    if compress == "always" or len(z) < len(cose):
        return z, True
    return cose, False


def b64(data):
    return base64.b64encode(data).decode()


def write_json(path, obj):
    data = json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)


# ---------------------------------------------------------------------------
# Weak keys (spec section 5.2): public keys a verifier must refuse
# (DPP_ERR_KEY_WEAK), each with a signature it would wrongly accept
# ---------------------------------------------------------------------------

P25519 = 2 ** 255 - 19
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P256_GX = 0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296


def _der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_tlv(tag, body):
    return bytes([tag]) + _der_len(len(body)) + body


def der_uint(v):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")  # a leading 00 keeps it positive
    return der_tlv(0x02, b)


def spki(alg_id, key_bits):
    """SubjectPublicKeyInfo: SEQUENCE { algorithm, BIT STRING (no unused bits) }."""
    return der_tlv(0x30, alg_id + der_tlv(0x03, b"\x00" + key_bits))


OID_ED25519 = der_tlv(0x30, bytes.fromhex("06032b6570"))
OID_EC_P256 = der_tlv(0x30, bytes.fromhex("06072a8648ce3d0201" "06082a8648ce3d030107"))
OID_RSA = der_tlv(0x30, bytes.fromhex("06092a864886f70d010101" "0500"))


def rsa_spki(n, e):
    return spki(OID_RSA, der_tlv(0x30, der_uint(n) + der_uint(e)))


def pem(der, label="PUBLIC KEY"):
    b = base64.b64encode(der).decode()
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (
        label, "\n".join(b[i:i + 64] for i in range(0, len(b), 64)), label)


class WeakKey:
    """A public key given as raw SubjectPublicKeyInfo bytes (no library would
    make it). sign(tbs) gives the signature it would wrongly accept."""

    def __init__(self, name, alg, der, why, sign):
        self.name = name
        self.alg = alg
        self.der = der
        self.why = why
        self._sign = sign
        self.kid = hashlib.sha256(der).digest()[:8]

    @property
    def alg_id(self):
        return ALG_ID[self.alg]

    def public_pem(self):
        return pem(self.der)

    def sign(self, tbs):
        return self._sign(tbs)


def _mgf1(seed, n):
    out = b""
    c = 0
    while len(out) < n:
        out += hashlib.sha256(seed + c.to_bytes(4, "big")).digest()
        c += 1
    return out[:n]


def emsa_pss_encode(msg, em_bits, salt):
    """RFC 8017 section 9.1.1 with SHA-256 and MGF1-SHA-256."""
    em_len = (em_bits + 7) // 8
    mh = hashlib.sha256(msg).digest()
    h = hashlib.sha256(b"\x00" * 8 + mh + salt).digest()
    db = b"\x00" * (em_len - len(salt) - 32 - 2) + b"\x01" + salt
    masked = bytearray(a ^ b for a, b in zip(db, _mgf1(h, em_len - 33)))
    masked[0] &= 0xFF >> (8 * em_len - em_bits)
    return bytes(masked) + h + b"\xbc"


def _is_probable_prime(n, label):
    if n < 2 or n % 2 == 0:
        return n == 2
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for i in range(40):
        a = int.from_bytes(_seed("%s-mr-%d" % (label, i), 64), "big") % (n - 3) + 2
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def derived_prime(label, bits):
    """The first probable prime at or after a seeded odd number with its top two bits set."""
    v = int.from_bytes(_seed(label, bits // 8), "big") | (3 << (bits - 2)) | 1
    while not _is_probable_prime(v, label):
        v += 2
    return v


def forged_eddsa_verifies(wk, tbs):
    """True if the signature R = identity, S = 0 verifies tbs under the
    small-order key wk, asked of the Ed25519 verifier of `cryptography`
    (OpenSSL), which does not refuse such keys: with a key of order 8 it
    holds for about one message in 8."""
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(wk.der[-32:]).verify(wk.sign(tbs), tbs)
        return True
    except Exception:  # noqa: BLE001 - InvalidSignature, or a library that refuses the key
        return False


def weak_keys(rsa_n):
    """The weak keys of the key-weak-* vectors. rsa_n: the modulus of keys/ps256.pem."""
    out = {}

    def forged_eddsa(tbs):  # R = the identity point, S = 0: verifies under any small-order key
        return b"\x01" + b"\x00" * 63

    for name, y, why in (
            ("ed25519-identity", "01" + "00" * 31, "the identity point (order 1)"),
            ("ed25519-order8", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
             "a point of order 8"),
            ("ed25519-noncanonical", "ee" + "ff" * 30 + "7f",
             "the identity point written non-canonically (y = p + 1)")):
        out[name] = WeakKey(name, "EdDSA", spki(OID_ED25519, bytes.fromhex(y)), why, forged_eddsa)

    def forged_es256(tbs):  # Q = infinity: r = x(G), s = SHA-256(tbs) mod n gives u1*G + u2*Q = G
        e = int.from_bytes(hashlib.sha256(tbs).digest(), "big") % P256_N
        return (P256_GX % P256_N).to_bytes(32, "big") + e.to_bytes(32, "big")

    out["p256-infinity"] = WeakKey("p256-infinity", "ES256", spki(OID_EC_P256, b"\x00"),
                                   "the point at infinity (BIT STRING 03 02 00 00)", forged_es256)
    fp = 2 ** 256 - 2 ** 224 + 2 ** 192 + 2 ** 96 - 1
    x = int.from_bytes(_seed("p256-off-curve-x", 32), "big") % fp
    y = int.from_bytes(_seed("p256-off-curve-y", 32), "big") % fp
    assert (y * y - (x ** 3 - 3 * x + 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B)) % fp != 0
    out["p256-off-curve"] = WeakKey("p256-off-curve", "ES256",
                                    spki(OID_EC_P256, b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")),
                                    "a point (x, y) that is not on the curve", forged_es256)

    k = (rsa_n.bit_length() + 7) // 8

    def forged_e1(tbs):  # e = 1: the signature is the encoded message itself
        return emsa_pss_encode(tbs, rsa_n.bit_length() - 1, b"\x00" * 32).rjust(k, b"\x00")

    out["rsa-e1"] = WeakKey("rsa-e1", "PS256", rsa_spki(rsa_n, 1),
                            "RSA with public exponent 1 (the modulus of keys/ps256.pem)", forged_e1)
    p, q = derived_prime("rsa1024-p", 512), derived_prime("rsa1024-q", 512)
    n1024, lam = p * q, (p - 1) * (q - 1)
    d1024 = pow(65537, -1, lam)
    assert n1024.bit_length() == 1024

    def signed_1024(tbs):  # a genuine PS256 signature (salt of zeros) under the 1024-bit key
        em = emsa_pss_encode(tbs, 1023, b"\x00" * 32)
        return pow(int.from_bytes(em, "big"), d1024, n1024).to_bytes(128, "big")

    out["rsa-1024"] = WeakKey("rsa-1024", "PS256", rsa_spki(n1024, 65537), "RSA with a 1024-bit modulus",
                              signed_1024)
    return out


# ---------------------------------------------------------------------------
# The link form (spec/link.md): a GS1 Digital Link URI on the signed resolver
# with the body (the same bytes Base45 carries in DPP1: text) as digits in the
# fragment
# ---------------------------------------------------------------------------

RESOLVER_CLAIM = -265
LINK_VERSION = "1"
MAX_LINK = 7089            # link.md section 1: QR 40-L numeric capacity
LINK_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# link.md section 3: digits for a last group of k = 1..12 bytes (the fewest that hold 256^k values)
GROUP_DIGITS = {k: len(str(256 ** k - 1)) for k in range(1, 13)}
assert [GROUP_DIGITS[k] for k in range(1, 13)] == [3, 5, 8, 10, 13, 15, 17, 20, 22, 25, 27, 29]


def pct(value):
    """GS1 Digital Link path value: RFC 3986 unreserved characters literal,
    every other byte %XX with upper-case hex (link.md section 1)."""
    out = []
    for b in value.encode("utf-8"):
        ch = chr(b)
        out.append(ch if ch in LINK_UNRESERVED else "%%%02X" % b)
    return "".join(out)


def body_digits(body):
    """link.md section 3: 12 bytes per 29-digit big-endian group, a last group
    of k bytes as GROUP_DIGITS[k] digits, each zero-padded on the left."""
    out = []
    for i in range(0, len(body), 12):
        g = body[i:i + 12]
        out.append(str(int.from_bytes(g, "big")).zfill(GROUP_DIGITS[len(g)]))
    return "".join(out)


def digits_body(digits):
    """The inverse of body_digits (for the generator's own checks)."""
    out = bytearray()
    i = 0
    while i < len(digits):
        n = min(29, len(digits) - i)
        k = next(k for k, d in GROUP_DIGITS.items() if d == n)
        v = int(digits[i:i + n])
        assert v < 256 ** k
        out += v.to_bytes(k, "big")
        i += n
    return bytes(out)


def link_fragment(body, version=LINK_VERSION):
    """'#' + version digit + 4-digit body length + the digits."""
    assert 1 <= len(body) <= MAX_COSE
    return "#" + version + "%04d" % len(body) + body_digits(body)


def link_uri(resolver, gtin14, batch=None, serial=None):
    """The canonical URI part an encoder writes (link.md section 5): scheme and
    host upper case, the prefix as signed, /01/ GTIN-14, /10/ batch, /21/ serial."""
    host, _, prefix = resolver.partition("/")
    uri = "HTTPS://" + host.upper() + ("/" + prefix if prefix else "") + "/01/" + gtin14
    if batch is not None:
        uri += "/10/" + pct(batch)
    if serial is not None:
        uri += "/21/" + pct(serial)
    return uri


def is_link(text):
    """link.md section 1: a link is recognised by "https:" in any letter case, after the
    white space of spec section 4.1 is dropped."""
    return text.strip(" \t\r\n")[:6].lower() == "https:"


def link_text(body, resolver, passport_json):
    return link_uri(resolver, passport_json["gtin"].zfill(14), passport_json.get("batch"),
                    passport_json.get("serial")) + link_fragment(body)


# ---------------------------------------------------------------------------
# Signed lists (spec/trust.md §3, §6; spec/trust.cddl): trust lists with an
# optional operator chain, revocation lists, status lists whole and delta,
# rollover statements. Written from the spec, not from libdpp (generate.py
# checks these bytes against libdpp's for the older trust-layer vectors).
# ---------------------------------------------------------------------------

AAD_TRUST = b"dpp-trust-list-v1"
AAD_REVOCATION = b"dpp-revocation-list-v1"
AAD_STATUS = b"dpp-status-list-v1"
AAD_ROLLOVER = b"dpp-operator-rollover-v1"
AAD_ATTESTATION = b"dpp-attestation-v1"

ROLES = {"manufacturer": 1, "certifier": 2, "cbam-verifier": 3, "operator": 4}
CLAIMS = {"identity": 1, "manufacturer": 9, "facility": 10, "materials": 11, "footprint": 12,
          "certifications": 13, "cbam": 14, "extensions": 15}
REASONS = {"unspecified": 0, "key-compromise": 1, "superseded": 2, "cessation": 3, "recall": 4, "fraud": 5,
           "withdrawn": 6}
LIST_TRUST, LIST_REVOCATION, LIST_STATUS = 1, 2, 3


def sign1_aad(key, payload, aad, sign_with=None):
    """A tagged COSE_Sign1 over payload with external AAD aad; protected {1: alg, 4: kid} of key
    (trust.md §3.2). sign_with: the key that really signs (a forged statement)."""
    prot = enc({1: key.alg_id, 4: key.kid})
    tbs = enc(["Signature1", prot, aad, payload])
    sig = (sign_with or key).sign(tbs)
    return enc(Tag(18, [prot, {}, payload, sig]))


def public_der(key):
    return key.pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def rollover_statement(old, new, sign_with=None):
    """trust.md §3.9: the current key `old` announces `new` ({1: successor SPKI DER})."""
    return sign1_aad(old, enc({1: public_der(new)}), AAD_ROLLOVER, sign_with)


def _party(p):
    m = {1: p["name"], 2: p["country"]}
    if "identifier" in p:
        m[3] = identifier(p["identifier"])
    return m


def _sorted_scope_list(xs):
    return sorted(xs, key=lambda s: (len(s.encode()), s.encode()))


def tl_entry(key, role, party, not_before=None, not_after=None, scope=None):
    e = OMap([(1, key.kid), (2, public_der(key)), (4, _party(party)), (5, ROLES[role])])
    if not_before is not None:
        e.pairs.append((6, not_before))
    if not_after is not None:
        e.pairs.append((7, not_after))
    if scope:
        s = []
        if "claims" in scope:
            s.append((1, sum(1 << CLAIMS[c] for c in set(scope["claims"]))))
        if "gtin_prefixes" in scope:
            s.append((2, _sorted_scope_list(scope["gtin_prefixes"])))
        if "categories" in scope:
            s.append((3, _sorted_scope_list(scope["categories"])))
        if "resolvers" in scope:
            s.append((4, _sorted_scope_list(scope["resolvers"])))
        e.pairs.append((8, OMap(s)))
    return e


def list_header(kind, sequence, issued_at, next_update):
    return [(1, 1), (2, kind), (3, sequence), (4, issued_at), (5, next_update)]


def trust_list_payload(hdr, entries, chain=None):
    """entries: (key, role, OMap entry) sorted here by (kid, role); chain: statements, oldest first."""
    es = [e for _, _, e in sorted(entries, key=lambda t: (t[0].kid, ROLES[t[1]]))]
    pairs = list_header(LIST_TRUST, *hdr) + [(6, es)]
    if chain:
        pairs.append((7, list(chain)))
    return enc(OMap(pairs))


def revocation_list_payload(hdr, kids=(), passports=(), batches=(), hashed=None):
    """kids: (kid8, reason, day); passports: (id16, reason, day); batches: (gtin int, batch, reason, day);
    hashed: the compact set (key 9, revset()) that holds the passports and batches instead."""
    pairs = list_header(LIST_REVOCATION, *hdr)
    if hashed is not None:
        if kids:
            pairs.append((6, b"".join(k + bytes([REASONS[r]]) + struct.pack(">H", d) for k, r, d in sorted(kids))))
        pairs.append((9, hashed))
        return enc(OMap(pairs))
    if kids:
        pairs.append((6, b"".join(k + bytes([REASONS[r]]) + struct.pack(">H", d) for k, r, d in sorted(kids))))
    if passports:
        pairs.append((7, b"".join(i + bytes([REASONS[r]]) + struct.pack(">H", d) for i, r, d in sorted(passports))))
    if batches:
        bs = sorted(batches, key=lambda b: (b[0], len(b[1].encode()), b[1].encode()))
        pairs.append((8, [[g, b, REASONS[r], d] for g, b, r, d in bs]))
    return enc(OMap(pairs))


def status_list_id(kid, period):
    """trust.md §6.4: SHA-256("dpp-status-v1" || issuer kid || period as uint32 BE)[0..8]."""
    return hashlib.sha256(b"dpp-status-v1" + kid + struct.pack(">I", period)).digest()[:8]


def bitstring(n_bits, set_bits):
    b = bytearray((n_bits + 7) // 8)
    for i in set_bits:
        b[i // 8] |= 0x80 >> (i % 8)
    return bytes(b)


def leb128_gaps(indexes):
    """trust.md §6.4: the first index, then each index minus the previous minus 1, unsigned LEB128."""
    out = bytearray()
    prev = -1
    for i in sorted(indexes):
        g = i - prev - 1
        prev = i
        while True:
            byte = g & 0x7F
            g >>= 7
            out.append(byte | (0x80 if g else 0))
            if not g:
                break
    return bytes(out)


def status_whole_payload(hdr, list_id, n_bits, set_bits, zbody=None):
    """Whole status list; zbody replaces the zlib stream (defect vectors). The zlib level is not
    fixed by the spec: level 9 here."""
    if zbody is None:
        zbody = zlib.compress(bitstring(n_bits, set_bits), 9)
    return enc(OMap(list_header(LIST_STATUS, *hdr) + [(6, list_id), (7, n_bits), (8, zbody)]))


def status_delta_payload(hdr, list_id, n_bits, base, set_bits=(), cleared_bits=()):
    pairs = list_header(LIST_STATUS, *hdr) + [(6, list_id), (7, n_bits), (9, base)]
    if set_bits:
        pairs.append((10, leb128_gaps(set_bits)))
    if cleared_bits:
        pairs.append((11, leb128_gaps(cleared_bits)))
    return enc(OMap(pairs))


def signed_list(operator, kind, payload, sign_with=None):
    aad = {LIST_TRUST: AAD_TRUST, LIST_REVOCATION: AAD_REVOCATION, LIST_STATUS: AAD_STATUS}[kind]
    return sign1_aad(operator, payload, aad, sign_with)


# ---------------------------------------------------------------------------
# Attestations (spec/trust.md §5; claim -263), with the optional signing time
# of §5.7. Written from the spec; generate.py checks them against libdpp's.
# ---------------------------------------------------------------------------

BINDINGS = {"product": 0, "batch": 1, "item": 2, "passport": 3}


def binding_map(passport, binding):
    """passport: the CBOR data model (passport_model)."""
    m = {1: passport[3]}
    if binding == "batch":
        m[2] = passport[4]
    elif binding == "item":
        m[3] = passport[5]
    elif binding == "passport":
        m[4] = passport[2]
    return m


def claim_bytes(passport, claim):
    """trust.md §2.2: identity = the key/value pairs 2..8 as one range; 9..15 the value of that key;
    16 + i element i of the certifications."""
    if claim == 1:
        return b"".join(enc(k) + enc(passport[k]) for k in range(2, 9) if k in passport)
    if claim <= 15:
        return enc(passport[claim])
    return enc(passport[13][claim - 16])


def attestation(passport, attester, claims, binding, signed_at=None, sign_at=None):
    """The attestation array (python values). claims: names; sign_at: the signing time actually signed
    (a tampered signed_at element when it differs from signed_at)."""
    ids = sorted(CLAIMS[c] for c in claims)
    bm = binding_map(passport, binding)
    payload = [bm, [[i, hashlib.sha256(claim_bytes(passport, i)).digest()] for i in ids]]
    signed = signed_at if sign_at is None else sign_at
    if signed is not None:
        payload.append(signed)
    prot = enc({1: attester.alg_id, 4: attester.kid})
    sig = attester.sign(enc(["Signature1", prot, AAD_ATTESTATION, enc(payload)]))
    att = [ids, BINDINGS[binding], hashlib.sha256(enc(bm)).digest()[:4], [prot, {}, None, sig]]
    if signed_at is not None:
        att.append(signed_at)
    return att


# ---------------------------------------------------------------------------
# Compact revocation set (revocation list key 9, "hashed_revocations",
# spec/trust.md §6.5): salted 64-bit hashes of passport ids and batches,
# Golomb-Rice coded gaps.
# ---------------------------------------------------------------------------

REVSET_TAG = b"dpp-revset-v1"


def revset_hash(salt, kind, key):
    """kind 2 passport (key: the 16-byte id), 3 batch (key: GTIN uint64 BE || len || batch bytes)."""
    return int.from_bytes(hashlib.sha256(REVSET_TAG + salt + bytes([kind]) + key).digest()[:8], "big")


def revset_key(kind, value):
    if kind == "passport":
        return 2, value
    gtin, batch = value
    b = batch.encode()
    return 3, struct.pack(">Q", int(gtin)) + bytes([len(b)]) + b


def _bits_to_bytes(bits):
    out = bytearray((len(bits) + 7) // 8)
    for j, bit in enumerate(bits):
        if bit:
            out[j // 8] |= 0x80 >> (j % 8)
    return bytes(out)


def revset_from_hashes(salt, items, extra_meta=()):
    """items: (hash, reason name, day), in the order to code (no sorting, no dedupe: defect vectors
    pass them as they want them). Returns the python array [salt, n, meta, codes, metaidx]."""
    n = len(items)
    metas = sorted({bytes([REASONS[r]]) + struct.pack(">H", d) for _, r, d in items} | set(extra_meta))
    m = len(metas)
    k = 64 - n.bit_length()
    bits = []
    prev = None
    for h, _, _ in items:
        g = h if prev is None else h - prev
        prev = h
        g &= (1 << 64) - 1
        bits += [1] * (g >> k) + [0]
        bits += [(g >> (k - 1 - j)) & 1 for j in range(k)]
    w = (m - 1).bit_length()
    ibits = []
    for _, r, d in items:
        idx = metas.index(bytes([REASONS[r]]) + struct.pack(">H", d))
        ibits += [(idx >> (w - 1 - j)) & 1 for j in range(w)]
    return [salt, n, b"".join(metas), _bits_to_bytes(bits), _bits_to_bytes(ibits)]


def revset(salt, entries):
    """entries: ("passport", id16 | "batch", (gtin, batch), reason, day). Sorted by hash; of two equal
    hashes the smaller meta record is kept."""
    best = {}
    for kind, value, reason, day in entries:
        kb, key = revset_key(kind, value)
        h = revset_hash(salt, kb, key)
        rec = (bytes([REASONS[reason]]) + struct.pack(">H", day), reason, day)
        if h not in best or rec[0] < best[h][0]:
            best[h] = rec
    return revset_from_hashes(salt, [(h, best[h][1], best[h][2]) for h in sorted(best)])


def der_oid(dotted):
    """DER OBJECT IDENTIFIER (tag 6) of a dotted OID; arcs of any size (2.25 arcs are 128-bit)."""
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray()
    for v in [40 * arcs[0] + arcs[1]] + arcs[2:]:
        chunk = [v & 0x7F]
        v >>= 7
        while v:
            chunk.append(0x80 | (v & 0x7F))
            v >>= 7
        body += bytes(reversed(chunk))
    return der_tlv(6, bytes(body))
