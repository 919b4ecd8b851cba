# SPDX-License-Identifier: Apache-2.0
"""Every error kind, and bad input from Python (None, wrong types, empty and
huge strings): the right exception with the library's message, never a crash."""
import datetime

import pickle

import pytest

import dpp
from conftest import FIXED_IAT, claims_cbor, signed_text

UTC = datetime.timezone.utc


def rejected(text, trust, now=FIXED_IAT):
    with pytest.raises(dpp.VerifyError) as ei:
        dpp.verify(text, trust, now=now)
    e = ei.value
    assert e.report is not None and not e.report.ok
    assert e.report.code == e.code and e.report.name == e.name and e.report.message == e.message
    assert e.check == e.report.failed_check and e.report.checks[e.check] == "fail"
    assert str(e) == f"{e.name}: {e.message}"
    return e


# ------------------------------------------------------------ verify failures


@pytest.mark.parametrize("text,name,check", [
    ("", "DPP_ERR_PREFIX", "prefix"),
    ("HC1:ABC", "DPP_ERR_PREFIX", "prefix"),
    ("DPP2:ABC", "DPP_ERR_PREFIX_VERSION", "prefix"),
    ("DPP1:", "DPP_ERR_COSE_STRUCTURE", None),
    ("DPP1:abc", "DPP_ERR_BASE45", "base45"),
    ("DPP1:GGW", "DPP_ERR_BASE45", "base45"),
])
def test_malformed(trust, text, name, check):
    e = rejected(text, trust)
    assert isinstance(e, dpp.MalformedError)
    if name != "DPP_ERR_COSE_STRUCTURE":
        assert e.name == name and e.check == check
    else:
        assert 20 <= e.code < 40


def test_malformed_huge_text(trust):
    e = rejected("DPP1:" + "A" * 10_000_000, trust)
    assert isinstance(e, dpp.MalformedError) and e.name == "DPP_ERR_TOO_LARGE"
    assert "4296" in e.message


def test_invalid_signature(text, trust):
    cose = bytearray(dpp.cose_from_text(text))
    cose[-1] ^= 0x01
    e = rejected(dpp.text_from_cose(bytes(cose), "never"), trust)
    assert isinstance(e, dpp.InvalidError) and e.name == "DPP_ERR_SIGNATURE" and e.check == "signature"
    assert e.report.checks["kid"] == "pass" and e.report.checks["claims"] == "not_run"


def test_untrusted_unknown_kid(text):
    other = dpp.TrustStore([dpp.Key.generate("ES256")])
    e = rejected(text, other)
    assert isinstance(e, dpp.UntrustedError) and e.name == "DPP_ERR_KID_UNKNOWN" and e.check == "kid"


def test_untrusted_no_kid(keys, passport):
    k = keys["EdDSA"]
    e = rejected(signed_text(claims_cbor(passport.to_cbor(), FIXED_IAT), k, include_kid=False),
                 dpp.TrustStore([k]))
    assert isinstance(e, dpp.UntrustedError) and e.name == "DPP_ERR_KID_MISSING"


def test_untrusted_certificate_not_valid(keys, passport):
    k = keys["EdDSA"]
    cert = k.self_signed_cert("Expired Issuer", 1_600_000_000, 1_650_000_000)
    text = dpp.encode(passport, k, iat=FIXED_IAT)
    e = rejected(text, dpp.TrustStore([cert]))
    assert isinstance(e, dpp.UntrustedError) and e.name == "DPP_ERR_KEY_NOT_VALID" and e.check == "key_validity"
    ok = dpp.verify(text, dpp.TrustStore([k.self_signed_cert("Issuer", 1_600_000_000, 1_800_000_000)]),
                    now=FIXED_IAT)
    assert ok.report.checks["key_validity"] == "pass"


def test_expired(key, trust, passport):
    text = dpp.encode(passport, key, iat=FIXED_IAT, exp=FIXED_IAT + 3600)
    assert dpp.verify(text, trust, now=FIXED_IAT + 3599).claims.exp == FIXED_IAT + 3600
    e = rejected(text, trust, now=FIXED_IAT + 3600)
    assert isinstance(e, dpp.ExpiredError) and e.name == "DPP_ERR_EXPIRED" and e.check == "exp"


def test_not_yet_valid(text, trust):
    e = rejected(text, trust, now=FIXED_IAT - 301)
    assert isinstance(e, dpp.ExpiredError) and e.name == "DPP_ERR_NOT_YET_VALID" and e.check == "iat"
    assert dpp.verify(text, trust, now=FIXED_IAT - 300).report.ok  # within the skew


def test_signed_schema_error(keys, passport):
    k = keys["EdDSA"]
    cbor = bytearray(passport.to_cbor())
    assert cbor[21:23] == b"\x03\x1b"  # key 3 (GTIN) as an 8-byte uint
    gtin = int.from_bytes(cbor[23:31], "big")
    cbor[23:31] = (gtin + (1 if gtin % 10 != 9 else -1)).to_bytes(8, "big")
    e = rejected(signed_text(claims_cbor(bytes(cbor), FIXED_IAT), k), dpp.TrustStore([k]))
    assert isinstance(e, dpp.SchemaError) and e.name == "DPP_ERR_SCHEMA_CHECK_DIGIT" and e.check == "schema"
    assert "gtin" in e.message
    assert e.report.checks["signature"] == "pass"


def test_claims_error(keys):
    k = keys["EdDSA"]
    e = rejected(signed_text(b"\xa1\x06\x01", k), dpp.TrustStore([k]))  # {6: 1}: no passport claim
    assert isinstance(e, dpp.MalformedError) and e.name == "DPP_ERR_CWT_CLAIMS" and e.check == "claims"


# ------------------------------------------------------------ other kinds


def test_key_errors(key, passport):
    with pytest.raises(dpp.DppKeyError) as ei:
        dpp.Key.load(b"garbage")
    assert ei.value.name == "DPP_ERR_KEY_FORMAT" and ei.value.code == 80 and "7 bytes" in ei.value.message
    pub = key.public_key()
    with pytest.raises(dpp.DppKeyError) as ei:
        pub.private_pem()
    assert ei.value.name == "DPP_ERR_KEY_NOT_PRIVATE"
    with pytest.raises(dpp.DppKeyError) as ei:
        dpp.encode(passport, pub)
    assert ei.value.name == "DPP_ERR_KEY_NOT_PRIVATE"
    with pytest.raises(dpp.DppKeyError):
        pub.self_signed_cert("x", 0, 1)
    with pytest.raises(dpp.DppKeyError):
        dpp.cose_sign(b"x", pub)


def test_usage_errors(key, passport):
    with pytest.raises(dpp.UsageError) as ei:
        key.self_signed_cert("a\0b", 0, 1)
    assert ei.value.name == "DPP_ERR_INVALID_ARG" and "NUL" in ei.value.message
    assert isinstance(ei.value, ValueError)
    with pytest.raises(dpp.DppError) as ei:
        dpp.encode(passport, key, iat=FIXED_IAT, iss="x" * 65)
    assert "iss" in ei.value.message or "issuer" in ei.value.message
    with pytest.raises(dpp.DppError):
        dpp.encode(passport, key, iat=FIXED_IAT, exp=FIXED_IAT - 1)
    with pytest.raises(dpp.DppError):
        dpp.encode(passport, key, iat=0)


# ------------------------------------------------------------ Python-side argument errors


@pytest.mark.parametrize("bad", [None, 42, 1.5, ["DPP1:"], object()])
def test_verify_wrong_text_type(trust, bad):
    with pytest.raises(TypeError, match="text must be str or bytes"):
        dpp.verify(bad, trust)


def test_verify_wrong_trust_type(text):
    for bad in (None, "trust", [1]):
        with pytest.raises(TypeError, match="trust must be a dpp.TrustStore"):
            dpp.verify(text, bad)


def test_verify_bad_now(text, trust):
    with pytest.raises(TypeError, match="now must be"):
        dpp.verify(text, trust, now="yesterday")
    with pytest.raises(TypeError):
        dpp.verify(text, trust, now=True)
    with pytest.raises(ValueError, match="timezone-aware"):
        dpp.verify(text, trust, now=datetime.datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="out of range"):
        dpp.verify(text, trust, now=2**70)
    with pytest.raises(ValueError, match="finite"):
        dpp.verify(text, trust, now=float("nan"))


def test_surrogates_and_nul(trust):
    with pytest.raises(UnicodeEncodeError):
        dpp.verify("DPP1:\udcff", trust)
    e = rejected("DPP1:\0AB", trust)
    assert isinstance(e, dpp.MalformedError)


def test_encode_argument_errors(passport, key):
    with pytest.raises(TypeError, match="passport must be"):
        dpp.encode(None, key)
    with pytest.raises(TypeError, match="key must be a dpp.Key"):
        dpp.encode(passport, "key")
    with pytest.raises(ValueError, match="compress must be one of"):
        dpp.encode(passport, key, compress="zip")
    with pytest.raises(TypeError, match="iss must be str"):
        dpp.encode(passport, key, iss=b"x")
    with pytest.raises(TypeError, match="iat must be"):
        dpp.encode(passport, key, iat="now")


def test_key_argument_errors():
    with pytest.raises(ValueError, match="alg must be one of"):
        dpp.Key.generate("RS256")
    with pytest.raises(TypeError, match="alg must be str"):
        dpp.Key.generate(None)
    with pytest.raises(TypeError, match="data must be bytes"):
        dpp.Key.load(None)
    with pytest.raises(TypeError, match="data must be bytes"):
        dpp.Key.load(123)
    with pytest.raises(dpp.DppKeyError):
        dpp.Key.load(b"")
    with pytest.raises(dpp.DppError) as ei:  # size cap: a malformed-input code
        dpp.Key.load(b"\x30" * 1_000_000)
    assert ei.value.name == "DPP_ERR_TOO_LARGE" and "1000000" in ei.value.message
    with pytest.raises(TypeError, match="common_name must be str"):
        dpp.Key.generate("EdDSA").self_signed_cert(None, 0, 1)


def test_bytes_argument_errors(key):
    with pytest.raises(TypeError, match="payload must be bytes, not str"):
        dpp.cose_sign("text", key)
    with pytest.raises(TypeError, match="message must be bytes"):
        dpp.cose_parse(None)
    with pytest.raises(TypeError, match="aad must be bytes"):
        dpp.cose_verify(b"", key, aad=None)
    with pytest.raises(TypeError, match="data must be bytes"):
        dpp.base45_encode("AB")
    with pytest.raises(TypeError, match="cose must be bytes"):
        dpp.text_from_cose(None)
    with pytest.raises(TypeError, match="text must be str or bytes"):
        dpp.base45_decode(None)
    with pytest.raises(TypeError, match="text must be str or bytes"):
        dpp.Passport.from_json(None)
    with pytest.raises(TypeError, match="data must be bytes"):
        dpp.Passport.from_cbor("a0")


def test_empty_inputs(key, trust):
    with pytest.raises(dpp.SchemaError):
        dpp.Passport.from_json("")
    with pytest.raises(dpp.DppError):
        dpp.Passport.from_cbor(b"")
    with pytest.raises(dpp.MalformedError):
        dpp.cose_parse(b"")
    with pytest.raises(dpp.MalformedError):
        dpp.cose_from_text("")
    with pytest.raises(dpp.MalformedError):
        dpp.inspect("")
    assert dpp.base45_decode("") == b""
    assert dpp.cose_verify(dpp.cose_sign(b"", key), key).payload == b""


def test_huge_inputs(key):
    huge = "x" * 50_000_000
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.Passport.from_json(huge)
    assert ei.value.name == "DPP_ERR_TOO_LARGE" and "50000000" in ei.value.message
    with pytest.raises(dpp.MalformedError):
        dpp.inspect(huge)
    with pytest.raises(dpp.MalformedError):
        dpp.cose_from_text("DPP1:" + "A" * 5_000_000)
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.text_from_cose(b"\x00" * 100_000)
    assert ei.value.name == "DPP_ERR_TOO_LARGE"
    with pytest.raises(dpp.QrError):
        dpp.QrCode.encode(huge)
    big = dpp.cose_sign(b"\x00" * 3000, key)
    assert dpp.cose_verify(big, key).payload == b"\x00" * 3000


def test_native_module_rejects_bad_types_without_crashing():
    """The private extension checks types itself too."""
    from dpp import _native as n
    with pytest.raises(TypeError):
        n.dppb_verify(None, None, 0)
    with pytest.raises(TypeError):
        n.dppb_key_load("str is not bytes")
    with pytest.raises(dpp.UsageError) as ei:
        n.dppb_verify("DPP1:", None, 0)
    assert "trust store is NULL" in ei.value.message
    with pytest.raises(dpp.UsageError):
        n.dppb_key_kid(None)
    with pytest.raises(dpp.UsageError):
        n.dppb_passport_to_json(None)
    with pytest.raises(OverflowError):
        n.dppb_verify("x", None, 2**80)


def test_json_syntax_error_says_where():
    # the library gives the place as data (dpp_diag.line/column); the
    # exception's text carries it, with jansson's line and column
    with pytest.raises(dpp.DppError) as ei:
        dpp.Passport.from_json('{\n  "id": tru\n}')
    assert ei.value.name == "DPP_ERR_JSON_SYNTAX"
    assert ei.value.message == "JSON syntax error: invalid token near 'tru' (line 2, column 11)"
    assert ei.value.offset == 13
    assert (ei.value.line, ei.value.column) == (2, 11)        # ... and as attributes
    again = pickle.loads(pickle.dumps(ei.value))
    assert (again.line, again.column, again.offset) == (2, 11, 13)


def test_line_and_column_are_none_for_other_errors():
    with pytest.raises(dpp.SchemaError) as ei:
        dpp.Passport.from_json('{"id": "x"}')
    assert ei.value.line is None and ei.value.column is None
