# SPDX-License-Identifier: Apache-2.0
"""The link form (spec/link.md): encoding with a resolver, verifying and
inspecting links, converting between the forms, the DPP_ERR_DL_* errors and
their exception classes, trust-list scopes with resolvers, and the white
space a verifier ignores around a passport (spec/README.md section 4.1)."""
import hashlib
import os
import re
import subprocess

import pytest

import dpp
from conftest import EXAMPLE_JSON, FIXED_IAT

RESOLVER = "https://id.example.com"
HOST = "id.example.com"
#: error name -> code, as the library names them
CODES = {dpp.DppError(c).name: c for c in range(256) if dpp.DppError(c).name.startswith("DPP_ERR_")}


@pytest.fixture(scope="module")
def ed_key():
    """EdDSA signs deterministically: two encodings of the same claims are equal."""
    return dpp.Key.generate("EdDSA")


@pytest.fixture(scope="module")
def ed_trust(ed_key):
    return dpp.TrustStore([ed_key.public_key()])


@pytest.fixture(scope="module")
def link(passport, ed_key):
    return dpp.encode(passport, ed_key, iat=FIXED_IAT, resolver=RESOLVER)


@pytest.fixture(scope="module")
def text_with_resolver(passport, ed_key):
    return dpp.encode(passport, ed_key, iat=FIXED_IAT, resolver=RESOLVER, form="text")


def rejected(text, trust, cls, name, check):
    with pytest.raises(dpp.VerifyError) as ei:
        dpp.verify(text, trust, now=FIXED_IAT)
    e = ei.value
    assert type(e) is cls, (type(e), e)
    assert (e.name, e.check) == (name, check), str(e)
    assert e.code == CODES[name]
    assert e.report.checks[check] == "fail" and e.message
    return e


# ------------------------------------------------------------------ encoding


def test_encode_with_resolver_writes_a_link_by_default(passport, link):
    gtin = passport["gtin"]
    assert link.startswith(f"HTTPS://ID.EXAMPLE.COM/01/{gtin}/10/H25-03147#1")
    assert re.fullmatch(r"[0-9]+", link.split("#1", 1)[1])
    assert dpp.form_of(link) == "link"
    assert len(link) <= dpp.MAX_LINK_LEN == 7089


def test_encode_form_text_keeps_the_resolver(text_with_resolver, ed_trust):
    assert text_with_resolver.startswith(dpp.PREFIX)
    r = dpp.verify(text_with_resolver, ed_trust, now=FIXED_IAT)
    assert (r.form, r.resolver) == ("text", HOST)
    assert (r.claims.form, r.claims.resolver) == ("text", HOST)
    assert r.report.checks["link"] == "skipped"


def test_verify_link(link, ed_trust, passport):
    r = dpp.verify(link, ed_trust, now=FIXED_IAT)
    assert r.passport == passport
    assert (r.form, r.resolver) == ("link", HOST)
    assert r.claims.to_dict()["form"] == "link" and r.claims.to_dict()["resolver"] == HOST
    assert r.report.checks["link"] == "pass"
    assert set(r.report.checks.values()) <= {"pass", "skipped"}
    assert r.report.checks["prefix"] == "pass" and r.report.checks["signature"] == "pass"
    assert dpp.check(link, ed_trust, now=FIXED_IAT).ok


def test_check_list_ends_with_link():
    assert dpp.CHECKS[-1] == "link" and len(dpp.CHECKS) == 18
    assert dpp.FORMS == ("text", "link")


def test_text_without_resolver(text, trust):
    r = dpp.verify(text, trust, now=FIXED_IAT)
    assert (r.form, r.resolver) == ("text", "")
    assert r.claims.resolver == "" and r.report.checks["link"] == "skipped"


def test_inspect_link(link, passport):
    i = dpp.inspect(link)
    assert i.passport_unverified == passport
    assert (i.claims_unverified.form, i.claims_unverified.resolver) == ("link", HOST)


def test_resolver_with_path_prefix(passport, ed_key, ed_trust):
    lk = dpp.encode(passport, ed_key, iat=FIXED_IAT, resolver="https://Example.COM/dpp/")
    assert lk.startswith("HTTPS://EXAMPLE.COM/dpp/01/")
    assert dpp.verify(lk, ed_trust, now=FIXED_IAT).resolver == "example.com/dpp"


def test_encode_with_sizes_link(passport, ed_key, link):
    lk, sizes = dpp.encode_with_sizes(passport, ed_key, iat=FIXED_IAT, resolver=RESOLVER)
    assert lk == link and sizes.text == len(link)


def test_encode_resolver_argument_errors(passport, ed_key):
    with pytest.raises(dpp.UsageError) as ei:
        dpp.encode(passport, ed_key, form="link")  # a link needs a resolver
    assert ei.value.name == "DPP_ERR_INVALID_ARG" and "resolver" in ei.value.message
    with pytest.raises(ValueError, match="form must be one of text, link"):
        dpp.encode(passport, ed_key, resolver=RESOLVER, form="qr")
    with pytest.raises(ValueError, match="resolver must not be empty"):
        dpp.encode(passport, ed_key, resolver="")
    with pytest.raises(TypeError, match="resolver must be str"):
        dpp.encode(passport, ed_key, resolver=b"https://id.example.com")
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.encode(passport, ed_key, resolver="https://id.example.com:8443")
    assert ei.value.name == "DPP_ERR_DL_SYNTAX"
    with pytest.raises(dpp.UsageError) as ei:
        dpp.encode(passport, ed_key, resolver="https://id.example.com\0evil.example")
    assert "NUL" in ei.value.message


def test_normalize_resolver():
    assert dpp.normalize_resolver("https://ID.Example.com/") == HOST
    assert dpp.normalize_resolver("https://example.com/dpp/") == "example.com/dpp"
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.normalize_resolver("https://127.0.0.1")
    assert ei.value.name == "DPP_ERR_DL_SYNTAX"
    with pytest.raises(TypeError):
        dpp.normalize_resolver(None)


def test_form_of():
    assert dpp.form_of("hTtPs:whatever") == "link"
    assert dpp.form_of(b"HTTPS://X") == "link"
    assert dpp.form_of("DPP1:ABC") == "text"
    assert dpp.form_of("http://id.example.com") == "text"
    assert dpp.form_of("") == "text"


def test_long_link_beyond_text_limit(ed_key, ed_trust):
    """A link longer than the longest DPP1: text: the glue's output buffers
    are sized for links (DPP_MAX_LINK_LEN), not texts."""
    d = dpp.Passport.from_file(EXAMPLE_JSON).to_dict()
    # 16 materials (the most) with 96-character names (the longest): about 2 KB of CBOR
    d["materials"] = [{"name": hashlib.sha384(b"%d" % i).hexdigest(), "mass_fraction": "0.01"} for i in range(16)]
    p = dpp.Passport(d)
    lk = dpp.encode(p, ed_key, iat=FIXED_IAT, resolver=RESOLVER, compress="never")
    assert dpp.MAX_TEXT_LEN < len(lk) <= dpp.MAX_LINK_LEN
    r = dpp.verify(lk, ed_trust, now=FIXED_IAT)
    assert r.form == "link" and r.passport == p
    tx = dpp.convert(lk, "text")
    assert tx.startswith(dpp.PREFIX) and len(tx) <= dpp.MAX_TEXT_LEN
    assert dpp.convert(tx, "link") == lk
    assert dpp.cose_from_text(lk) == dpp.cose_from_text(tx)
    assert dpp.QrCode.encode(lk, "L").version <= 40


# ---------------------------------------------------------------- converting


def test_convert_both_ways_byte_identical(link, text_with_resolver, ed_trust):
    assert dpp.convert(text_with_resolver, "link") == link
    assert dpp.convert(link, "text") == text_with_resolver
    assert dpp.convert(link) == link  # to="link" is the default; a link stays itself
    assert dpp.convert(dpp.convert(link, "text"), "link") == link
    assert dpp.cose_from_text(link) == dpp.cose_from_text(text_with_resolver)
    assert dpp.verify(dpp.convert(text_with_resolver, "link"), ed_trust, now=FIXED_IAT).form == "link"


def test_convert_text_signed_without_resolver(text):
    with pytest.raises(dpp.InvalidError) as ei:
        dpp.convert(text, "link")
    assert ei.value.name == "DPP_ERR_DL_DOMAIN" and "resolver" in ei.value.message
    assert ei.value.report is None
    assert dpp.convert(text, "text") == text


def test_convert_argument_errors(link):
    with pytest.raises(ValueError, match="to must be one of text, link"):
        dpp.convert(link, "qr")
    with pytest.raises(TypeError):
        dpp.convert(None, "text")
    with pytest.raises(dpp.MalformedError):
        dpp.convert("not a passport", "text")


# -------------------------------------------------------------------- errors


def test_link_on_another_domain(link, ed_trust):
    moved = link.replace("HTTPS://ID.EXAMPLE.COM/", "HTTPS://EVIL.EXAMPLE.NET/", 1)
    e = rejected(moved, ed_trust, dpp.InvalidError, "DPP_ERR_DL_DOMAIN", "link")
    assert "evil.example.net" in e.message and HOST in e.message
    assert e.report.checks["signature"] == "pass"


def test_link_with_another_gtin(link, ed_trust):
    # 09506000134352: a valid GTIN-14 (check digit right), not the signed one
    other = re.sub(r"/01/[0-9]{14}/", "/01/09506000134352/", link, count=1)
    assert other != link
    rejected(other, ed_trust, dpp.InvalidError, "DPP_ERR_DL_PRIMARY_KEY", "link")


def test_link_with_another_or_no_batch(link, ed_trust):
    rejected(link.replace("/10/H25-03147#", "/10/H25-03148#", 1), ed_trust, dpp.InvalidError,
             "DPP_ERR_DL_QUALIFIER", "link")
    rejected(link.replace("/10/H25-03147#", "#", 1), ed_trust, dpp.InvalidError, "DPP_ERR_DL_QUALIFIER", "link")


_DIGITS = {1: 3, 2: 5, 3: 8, 4: 10, 5: 13, 6: 15, 7: 17, 8: 20, 9: 22, 10: 25, 11: 27, 12: 29}


def fragment(body):
    """spec/link.md section 3, written out independently of the library."""
    digits = "".join(str(int.from_bytes(body[i:i + 12], "big")).zfill(_DIGITS[len(body[i:i + 12])])
                     for i in range(0, len(body), 12))
    return "1%04d%s" % (len(body), digits)


def test_link_digits_follow_the_spec(link, text_with_resolver):
    body = dpp.base45_decode(text_with_resolver[len(dpp.PREFIX):])
    assert link.split("#", 1)[1] == fragment(body)


def test_link_of_a_passport_signed_without_resolver(text, trust, passport):
    body = dpp.base45_decode(text[len(dpp.PREFIX):])
    forged = "HTTPS://ID.EXAMPLE.COM/01/%s/10/%s#%s" % (passport["gtin"], passport["batch"], fragment(body))
    e = rejected(forged, trust, dpp.InvalidError, "DPP_ERR_DL_DOMAIN", "link")
    assert "resolver" in e.message
    assert dpp.inspect(forged).claims_unverified.resolver == ""


@pytest.mark.parametrize("cut", [1, 5, 29, 200])
def test_truncated_link(link, ed_trust, cut):
    e = rejected(link[:-cut], ed_trust, dpp.MalformedError, "DPP_ERR_DL_PAYLOAD", "base45")
    assert "truncated" in e.message
    assert e.report.checks["prefix"] == "pass" and e.report.checks["signature"] == "not_run"


@pytest.mark.parametrize("mutate,name", [
    (lambda s: s.replace("#1", "?x=1#1", 1), "DPP_ERR_DL_QUERY"),
    (lambda s: s.replace("/10/H25-03147", "/10/H25%2d03147", 1), "DPP_ERR_DL_PERCENT"),
    (lambda s: s.replace("/10/", "/99/", 1), "DPP_ERR_DL_AI"),
    (lambda s: s.replace("/10/H25-03147", "/21/X/10/H25-03147", 1), "DPP_ERR_DL_QUALIFIER_ORDER"),
    (lambda s: s.replace("HTTPS://ID.EXAMPLE.COM/", "HTTPS://ID.EXAMPLE.COM:443/", 1), "DPP_ERR_DL_SYNTAX"),
    (lambda s: s.split("#", 1)[0], "DPP_ERR_DL_PAYLOAD"),
])
def test_malformed_links(link, ed_trust, mutate, name):
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.verify(mutate(link), ed_trust, now=FIXED_IAT)
    assert ei.value.name == name, str(ei.value)
    assert ei.value.check in ("prefix", "base45")
    with pytest.raises(dpp.MalformedError) as ei:
        dpp.inspect(mutate(link))
    assert ei.value.name == name


def test_link_longer_than_the_limit(ed_trust):
    e = rejected("HTTPS://ID.EXAMPLE.COM/01/06948251000018#1" + "0" * 8000, ed_trust, dpp.MalformedError,
                 "DPP_ERR_TOO_LARGE", "prefix")
    assert "7089" in e.message


def test_dl_error_classes():
    codes = CODES
    want = {
        "DPP_ERR_DL_SYNTAX": dpp.MalformedError, "DPP_ERR_DL_PERCENT": dpp.MalformedError,
        "DPP_ERR_DL_AI": dpp.MalformedError, "DPP_ERR_DL_AI_VALUE": dpp.MalformedError,
        "DPP_ERR_DL_QUALIFIER_ORDER": dpp.MalformedError, "DPP_ERR_DL_QUERY": dpp.MalformedError,
        "DPP_ERR_DL_PAYLOAD": dpp.MalformedError,
        "DPP_ERR_DL_DOMAIN": dpp.InvalidError, "DPP_ERR_DL_PRIMARY_KEY": dpp.InvalidError,
        "DPP_ERR_DL_QUALIFIER": dpp.InvalidError,
        "DPP_ERR_DL_DOMAIN_SCOPE": dpp.UntrustedError,
        "DPP_ERR_KEY_WEAK": dpp.DppKeyError, "DPP_ERR_KEY_NOT_PUBLIC": dpp.DppKeyError,
        "DPP_ERR_STATE_FILE": dpp.TrustListError,
    }
    assert sorted(n for n in codes if n.startswith("DPP_ERR_DL_")) == sorted(n for n in want if "_DL_" in n)
    for name, cls in want.items():
        assert dpp.error_class(codes[name]) is cls, name
    assert [codes[n] for n in ("DPP_ERR_DL_SYNTAX", "DPP_ERR_DL_DOMAIN_SCOPE")] == [140, 150]
    # every assigned code in the link range has a class of its own
    for code in range(140, 160):
        if dpp.DppError(code).name.startswith("DPP_ERR_DL_"):
            assert dpp.error_class(code) is not dpp.DppError, code


# --------------------------------------------------------- trust-list scopes


def _scoped_store(ed_key, resolvers, now):
    op = dpp.Key.generate("EdDSA")
    tl = dpp.TrustList()
    tl.add(ed_key, "manufacturer", name="Jinding Steel", country="CN", resolvers=resolvers)
    signed = tl.sign(op, sequence=1, issued_at=now - 60, next_update=now + 86400)
    st = dpp.TrustStore()
    st.pin_operator(op)
    st.load_list(signed, now=now)
    return st


def test_scope_allows_the_signed_resolver(ed_key, link, text_with_resolver):
    for allowed in (["https://ID.example.com/"], ["other.example.org", "id.example.com"]):
        st = _scoped_store(ed_key, allowed, FIXED_IAT)
        for t in (link, text_with_resolver):
            r = dpp.verify(t, st, now=FIXED_IAT)
            assert r.signer.source == "trust-list" and r.report.checks["scope"] == "pass"


def test_scope_path_prefix(passport, ed_key):
    st = _scoped_store(ed_key, ["https://example.com"], FIXED_IAT)
    ok = dpp.encode(passport, ed_key, iat=FIXED_IAT, resolver="https://example.com/dpp")
    assert dpp.verify(ok, st, now=FIXED_IAT).resolver == "example.com/dpp"
    sub = dpp.encode(passport, ed_key, iat=FIXED_IAT, resolver="https://id.example.com")
    rejected(sub, st, dpp.UntrustedError, "DPP_ERR_DL_DOMAIN_SCOPE", "scope")


def test_scope_refuses_another_resolver_in_either_form(ed_key, link, text_with_resolver):
    st = _scoped_store(ed_key, ["https://other.example.org"], FIXED_IAT)
    for t in (link, text_with_resolver):
        e = rejected(t, st, dpp.UntrustedError, "DPP_ERR_DL_DOMAIN_SCOPE", "scope")
        assert HOST in e.message


def test_scope_resolver_errors(ed_key):
    tl = dpp.TrustList()
    with pytest.raises(dpp.DppError) as ei:
        tl.add(ed_key, "manufacturer", name="A", country="DE",
               resolvers=["a.example.com", "b.example.com", "c.example.com", "d.example.com", "e.example.com"])
    assert ei.value.name == "DPP_ERR_TOO_LARGE" and "4 resolvers" in ei.value.message
    with pytest.raises(dpp.MalformedError) as ei:
        tl.add(ed_key, "manufacturer", name="A", country="DE", resolvers=["http://a.example.com"])
    assert ei.value.name == "DPP_ERR_DL_SYNTAX"
    assert len(tl) == 0
    tl.add(ed_key, "manufacturer", name="A", country="DE", resolvers="https://a.example.com")  # one str
    assert len(tl) == 1


# --------------------------------------------------------------- white space


def test_trailing_newline_as_written_by_dpp_encode(tmp_path, link, text_with_resolver, ed_trust):
    for t in (text_with_resolver, link):
        f = tmp_path / "passport.txt"
        f.write_bytes(t.encode() + b"\n")
        assert dpp.verify(open(f).read(), ed_trust, now=FIXED_IAT).form == dpp.form_of(t)
        f.write_bytes(t.encode() + b"\r\n")
        with open(f, newline="") as fh:  # keep the CR
            s = fh.read()
        assert s.endswith("\r\n")
        assert dpp.verify(s, ed_trust, now=FIXED_IAT).form == dpp.form_of(t)
        assert dpp.verify(f.read_bytes(), ed_trust, now=FIXED_IAT).form == dpp.form_of(t)
        assert dpp.verify(" \t" + t + " \t\r\n", ed_trust, now=FIXED_IAT)
        assert dpp.inspect(t + "\r\n").claims_unverified.form == dpp.form_of(t)


@pytest.mark.parametrize("ws", ["\v", "\f", "\u00a0", "\ufeff"])
def test_other_white_space_is_not_trimmed(text_with_resolver, link, ed_trust, ws):
    for t in (text_with_resolver, link):
        with pytest.raises(dpp.MalformedError):
            dpp.verify(t + ws, ed_trust, now=FIXED_IAT)
        with pytest.raises(dpp.MalformedError):
            dpp.inspect(t + ws)
    with pytest.raises(dpp.MalformedError):
        dpp.verify(ws + text_with_resolver, ed_trust, now=FIXED_IAT)


def test_dpp_encode_output_file_verifies(tmp_path, ed_key, ed_trust):
    """The file 'dpp encode' writes (it ends with a newline) verifies as read."""
    cli = os.environ.get("DPP_CLI")
    if not cli:
        pytest.skip("DPP_CLI is not set (the CLI is not built)")
    keyf = tmp_path / "k.pem"
    keyf.write_text(ed_key.private_pem())
    for args in ([], ["--link-base", RESOLVER]):
        out = tmp_path / "passport.txt"
        subprocess.run([cli, "encode", "--key", str(keyf), str(EXAMPLE_JSON), "-o", str(out), "--force"] + args,
                       check=True, capture_output=True)
        raw = out.read_bytes()
        assert raw.endswith(b"\n")
        r = dpp.verify(open(out).read(), ed_trust)
        assert r.form == ("link" if args else "text")
