# SPDX-License-Identifier: Apache-2.0
"""Trust lists, revocation lists and attestation through the bindings (spec/trust.md)."""
import datetime
import hashlib

import pytest

import dpp
from conftest import EXAMPLE_JSON

NOW = 1_700_000_000
DAY = 86400


@pytest.fixture(scope="module")
def parties():
    return {name: dpp.Key.generate("ES256") for name in ("operator", "maker", "certifier", "other")}


@pytest.fixture(scope="module")
def passport():
    return dpp.Passport.from_file(EXAMPLE_JSON)


def make_list(parties, sequence=5, issued_at=NOW - DAY, next_update=NOW + DAY):
    with dpp.TrustList() as tl:
        kid = tl.add(parties["maker"], "manufacturer", name="ACME Steel", country="CN",
                     identifier=("LEI", "5493001KJTIIGC8Y1R12"))
        assert kid == parties["maker"].kid
        tl.add(parties["certifier"].public_pem(), "certifier", name="Cert Body", country="DE",
               claims=["footprint"])
        assert len(tl) == 2
        return tl.sign(parties["operator"], sequence=sequence, issued_at=issued_at, next_update=next_update)


def store(parties, signed=None):
    ts = dpp.TrustStore()
    ts.pin_operator(parties["operator"])
    ts.load_list(signed if signed is not None else make_list(parties), now=NOW)
    return ts


def test_vocabulary():
    assert dpp.ROLES == ("manufacturer", "certifier", "cbam-verifier", "operator")
    assert "footprint" in dpp.CLAIMS and "certifications[7]" in dpp.CLAIMS
    assert dpp.BINDINGS == ("product", "batch", "item", "passport")
    assert "key-compromise" in dpp.REVOCATION_REASONS
    assert dpp.DEFAULT_GRACE_SECONDS == 7 * DAY


def test_build_sign_and_load_with_pin(parties):
    signed = make_list(parties)
    assert isinstance(signed, bytes) and signed[0] == 0xD2  # COSE_Sign1 tag 18
    ts = dpp.TrustStore()
    ts.pin_operator(parties["operator"])
    info = ts.load_list(signed, now=NOW)
    assert info == dpp.ListInfo(sequence=5, issued_at=NOW - DAY, next_update=NOW + DAY, entries=2,
                                past_next_update=False, signer_kid=parties["operator"].kid)


def test_unpinned_and_unsigned_lists_rejected(parties):
    signed = make_list(parties)
    ts = dpp.TrustStore()
    ts.pin_operator(parties["other"])
    with pytest.raises(dpp.TrustListError) as e:
        ts.load_list(signed, now=NOW)
    assert e.value.name == "DPP_ERR_LIST_UNPINNED"
    with pytest.raises(dpp.TrustListError) as e:
        ts.load_list(b"\xa0", now=NOW)
    assert e.value.name == "DPP_ERR_LIST_UNSIGNED"
    assert len(ts) == 0  # a failed load leaves the store unchanged


def test_passport_verified_through_list(parties, passport):
    ts = store(parties)
    text = dpp.encode(passport, parties["maker"], iat=NOW)
    r = dpp.verify(text, ts, now=NOW + 60)
    assert r.signer == dpp.Signer(source="trust-list", role="manufacturer",
                                  party=dpp.Party("ACME Steel", "CN", ("LEI", "5493001KJTIIGC8Y1R12")),
                                  kid=parties["maker"].kid, scheme_operator=parties["operator"].kid)
    assert r.report.checks["role"] == "pass"
    assert r.attestations == () and r.attested_claims == {}
    assert r.link is None
    # a key not in the list is unknown
    with pytest.raises(dpp.UntrustedError) as e:
        dpp.verify(dpp.encode(passport, parties["other"], iat=NOW), ts, now=NOW + 60)
    assert e.value.name == "DPP_ERR_KID_UNKNOWN"


def test_certifier_may_not_sign_passports(parties, passport):
    ts = store(parties)
    with pytest.raises(dpp.UntrustedError) as e:
        dpp.verify(dpp.encode(passport, parties["certifier"], iat=NOW), ts, now=NOW + 60)
    assert e.value.name == "DPP_ERR_ROLE" and e.value.check == "role"


def test_attested_footprint_reported_per_claim(parties, passport):
    ts = store(parties)
    att = dpp.attest(passport, parties["certifier"], ["footprint"])
    digest = hashlib.sha256(b"full passport").digest()
    text = dpp.encode(passport, parties["maker"], iat=NOW, attestations=[att],
                      link=("https://example.com/p/1", digest))
    r = dpp.verify(text, ts, now=NOW + 60)
    assert r.report.checks["attestation"] == "pass"
    (a,) = r.attestations
    assert a.claims == ("footprint",) and a.binding == "passport" and a.alg == "ES256"
    assert a.kid == parties["certifier"].kid
    assert a.attester.role == "certifier" and a.attester.party.name == "Cert Body"
    assert list(r.attested_claims) == ["footprint"]
    assert r.attested_claims["footprint"].attester.party.country == "DE"
    assert "footprint" not in r.self_declared and "materials" in r.self_declared
    assert set(r.claims_present) == set(r.self_declared) | {"footprint"}
    assert r.link == dpp.Link("https://example.com/p/1", digest)
    assert r.link.matches(b"full passport") and not r.link.matches(b"other")
    d = r.to_dict()
    assert d["attested_claims"] == {"footprint": 0} and d["signer"]["role"] == "manufacturer"
    # The footprint as a Claim: attested, so attested_by names the certifier.
    fp = r.claim("footprint")
    assert fp == r.footprint and not fp.self_declared
    assert fp.attested_by == a.attester and fp.attestation == a
    assert fp.declared_verification == "third-party-verified"
    assert fp.value == passport["footprint"]
    assert str(fp) == "footprint: attested by Cert Body (the passport says 'third-party-verified')"
    assert r.claim("cbam").self_declared and r.claim("cbam").attested_by is None


def test_unattested_footprint_is_self_declared(parties, passport):
    # The passport says "third-party-verified" of its own footprint; without an
    # attestation that is the manufacturer's word, and the API says so.
    ts = store(parties)
    r = dpp.verify(dpp.encode(passport, parties["maker"], iat=NOW), ts, now=NOW + 60)
    fp = r.claim("footprint")
    assert isinstance(fp, dpp.Claim) and fp is not None
    assert fp.self_declared and fp.attested_by is None and fp.attestation is None
    assert fp.declared_verification == "third-party-verified"
    assert fp.to_dict()["self_declared"] is True and fp.to_dict()["attested_by"] == []
    assert str(fp) == ("footprint: self-declared by the manufacturer, no attestation "
                       "(the passport says 'third-party-verified')")
    assert r.footprint == fp
    assert "footprint" in r.to_dict()["self_declared"]
    certs = [c for c in r.claims_present if c.startswith("certifications[")]
    for c in certs:
        assert r.claim(c).self_declared and r.claim(c).value == r.passport["certifications"][int(c[15:-1])]
    assert r.claim("extensions") is None or r.claim("extensions").self_declared
    with pytest.raises(ValueError):
        r.claim("verification")


def test_attestation_outside_scope_and_for_absent_claim(parties, passport):
    ts = store(parties)
    att = dpp.attest(passport, parties["certifier"], ["materials"])  # scope allows footprint only
    text = dpp.encode(passport, parties["maker"], iat=NOW, attestations=[att])
    with pytest.raises(dpp.UntrustedError) as e:
        dpp.verify(text, ts, now=NOW + 60)
    assert e.value.name == "DPP_ERR_SCOPE"
    assert e.value.report.failed_attestation == 0
    with pytest.raises(dpp.InvalidError) as e:
        dpp.attest(passport, parties["certifier"], ["facility"])
    assert e.value.name == "DPP_ERR_ATTESTATION_CLAIM"
    with pytest.raises(ValueError, match="unknown claim"):
        dpp.attest(passport, parties["certifier"], ["nope"])
    with pytest.raises(TypeError):
        dpp.encode(passport, parties["maker"], attestations=att)


def revocations(parties, sequence=1):
    with dpp.RevocationList() as rl:
        rl.add_key(parties["maker"], reason="key-compromise", date=datetime.date(2023, 1, 1))
        rl.add_passport("00000000-0000-4000-8000-000000000001", date="2023-02-01")
        rl.add_batch("06901234567892", "B-1", reason="fraud", date=19000)
        assert len(rl) == 3
        return rl.sign(parties["operator"], sequence=sequence, issued_at=NOW - DAY, next_update=NOW + DAY)


def test_revoked_kid_raises_revoked_error(parties, passport):
    ts = store(parties)
    text = dpp.encode(passport, parties["maker"], iat=NOW)
    assert dpp.verify(text, ts, now=NOW + 60).report.checks["revocation"] == "skipped"
    info = ts.load_revocations(revocations(parties), now=NOW)
    assert info.sequence == 1 and info.entries == 3
    with pytest.raises(dpp.RevokedError) as e:
        dpp.verify(text, ts, now=NOW + 60)
    err = e.value
    assert isinstance(err, dpp.UntrustedError) and err.name == "DPP_ERR_REVOKED" and err.check == "revocation"
    assert err.report.revocation == dpp.Revocation(kind="key", reason="key-compromise",
                                                   date=datetime.date(2023, 1, 1), kid=parties["maker"].kid)
    assert err.report.to_dict()["revocation"]["date"] == "2023-01-01"
    assert not dpp.check(text, ts, now=NOW + 60)


def test_revoked_passport_and_batch_are_typed(parties, passport):
    """The revocation that matched comes back field by field (passport id; GTIN and batch apart)."""
    text = dpp.encode(passport, parties["maker"], iat=NOW)
    for add, want in (
            (lambda rl: rl.add_passport(passport.id, reason="fraud", date=19000),
             dict(kind="passport", reason="fraud", date=datetime.date(2022, 1, 8), passport_id=str(passport.id))),
            (lambda rl: rl.add_batch(passport.gtin, passport.batch, date=19001),
             dict(kind="batch", reason="recall", date=datetime.date(2022, 1, 9), gtin=passport.gtin,
                  batch=passport.batch))):
        with dpp.RevocationList() as rl:
            add(rl)
            signed = rl.sign(parties["operator"], sequence=2, issued_at=NOW - DAY, next_update=NOW + DAY)
        ts = store(parties)
        info = ts.load_revocations(signed, now=NOW)
        assert (info.sequence, info.entries, info.signer_kid) == (2, 1, parties["operator"].kid)
        with pytest.raises(dpp.RevokedError) as e:
            dpp.verify(text, ts, now=NOW + 60)
        rev = e.value.report.revocation
        assert rev == dpp.Revocation(**want)
        assert rev.kid is None


def test_stale_list_rejected(parties):
    signed = make_list(parties, issued_at=NOW - 10 * DAY, next_update=NOW - 8 * DAY)
    ts = dpp.TrustStore()
    ts.pin_operator(parties["operator"])
    with pytest.raises(dpp.TrustListError) as e:
        ts.load_list(signed, now=NOW)
    assert e.value.name == "DPP_ERR_LIST_STALE"
    # inside the grace period: accepted, flagged
    info = ts.load_list(signed, now=NOW, grace=9 * DAY)
    assert info.past_next_update
    with pytest.raises(dpp.TrustListError) as e:
        ts.load_revocations(revocations(parties), now=NOW + 10 * DAY)
    assert e.value.name == "DPP_ERR_LIST_STALE"


def test_rollback_rejected(parties):
    ts = dpp.TrustStore()
    ts.pin_operator(parties["operator"])
    info = ts.load_list(make_list(parties, sequence=7), now=NOW)
    with pytest.raises(dpp.TrustListError) as e:
        ts.load_list(make_list(parties, sequence=6), now=NOW, min_sequence=info.sequence)
    assert e.value.name == "DPP_ERR_LIST_ROLLBACK" and "6" in e.value.message
    assert ts.load_list(make_list(parties, sequence=7), now=NOW, min_sequence=7).sequence == 7
    with pytest.raises(dpp.TrustListError) as e:
        ts.load_revocations(revocations(parties, sequence=2), now=NOW, min_sequence=3)
    assert e.value.name == "DPP_ERR_LIST_ROLLBACK"


def test_wrong_list_kind_and_tampering(parties):
    ts = dpp.TrustStore()
    ts.pin_operator(parties["operator"])
    with pytest.raises(dpp.TrustListError) as e:
        ts.load_list(revocations(parties), now=NOW)
    assert e.value.name == "DPP_ERR_LIST_FORMAT"
    signed = bytearray(make_list(parties))
    signed[-1] ^= 1
    with pytest.raises(dpp.InvalidError) as e:
        ts.load_list(bytes(signed), now=NOW)
    assert e.value.name == "DPP_ERR_SIGNATURE"


def test_bad_arguments(parties):
    tl = dpp.TrustList()
    with pytest.raises(ValueError, match="role must be one of"):
        tl.add(parties["maker"], "king", name="x", country="DE")
    with pytest.raises(dpp.UsageError):
        tl.add(parties["maker"], "manufacturer", name="", country="DE")
    with pytest.raises(TypeError):
        tl.add(parties["maker"], "manufacturer", name=None, country="DE")
    with pytest.raises(dpp.DppKeyError):
        tl.add(b"not a key", "manufacturer", name="x", country="DE")
    with pytest.raises(dpp.UsageError):
        tl.sign(parties["maker"].public_key(), sequence=1, next_update=NOW)
    with pytest.raises(ValueError):
        tl.sign(parties["operator"], sequence=0, next_update=NOW)
    tl.close()
    with pytest.raises(ValueError, match="closed TrustList"):
        len(tl)
    rl = dpp.RevocationList()
    with pytest.raises(dpp.UsageError, match="kid"):
        rl.add_key(b"short")
    with pytest.raises(ValueError, match="reason"):
        rl.add_key(parties["maker"], reason="bored")
    with pytest.raises(ValueError, match="ISO date"):
        rl.add_key(parties["maker"], date="yesterday")
    ts = dpp.TrustStore()
    with pytest.raises(TypeError):
        ts.pin_operator("not a key")
    with pytest.raises(dpp.UsageError):
        ts.load_list(make_list(parties), now=NOW)  # no operator pinned
    with pytest.raises(TypeError):
        ts.load_list("text", now=NOW)
    with pytest.raises(ValueError):
        ts.load_list(b"x", now=NOW, min_sequence=-1)


def test_error_classes_by_name():
    codes = {dpp.error_class(c).__name__: c for c in range(100, 140)}
    assert dpp.error_class(108) is dpp.RevokedError
    for code in range(100, 105):
        assert dpp.error_class(code) is dpp.TrustListError
    assert dpp.error_class(106) is dpp.UntrustedError and dpp.error_class(107) is dpp.UntrustedError
    assert dpp.error_class(111) is dpp.InvalidError
    assert dpp.error_class(113) is dpp.DppKeyError
    assert codes


def test_copy_on_write_keeps_lists(parties, passport):
    ts = store(parties)
    ts.load_revocations(revocations(parties), now=NOW)
    ts.add(parties["other"])  # rebuild replays pin, list and revocations
    with pytest.raises(dpp.RevokedError):
        dpp.verify(dpp.encode(passport, parties["maker"], iat=NOW), ts, now=NOW + 60)
    r = dpp.verify(dpp.encode(passport, parties["other"], iat=NOW), ts, now=NOW + 60)
    assert r.signer.source == "pinned" and r.signer.role == "any"


def test_parse_edit_and_resign(parties):
    signed = make_list(parties)
    with dpp.TrustList.parse(signed, parties["operator"]) as tl:
        assert len(tl) == 2
        assert tl.remove(parties["certifier"], "certifier") == 1
        with pytest.raises(dpp.DppError) as e:
            tl.remove(parties["certifier"])
        assert e.value.name == "DPP_ERR_NOT_FOUND"
        resigned = tl.sign(parties["operator"], sequence=6, issued_at=NOW - DAY, next_update=NOW + DAY)
    ts = dpp.TrustStore()
    ts.pin_operator(parties["operator"])
    assert ts.load_list(resigned, now=NOW, min_sequence=5).entries == 1
    with pytest.raises(dpp.TrustListError) as e:
        dpp.TrustList.parse(signed, parties["other"])
    assert e.value.name == "DPP_ERR_LIST_UNPINNED"
    with pytest.raises(TypeError):
        dpp.TrustList.parse(signed, None)


def test_mutual_recognition_names_the_scheme(parties, passport):
    """Two trust schemes at once (spec/trust.md 3.8): the signer's scheme and the
    revoking scheme are in the result."""
    eu_op = dpp.Key.generate("EdDSA")
    with dpp.TrustList() as tl:
        tl.add(parties["other"], "manufacturer", name="Other Maker", country="FR")
        eu_list = tl.sign(eu_op, sequence=1, issued_at=NOW - DAY, next_update=NOW + DAY)
    ts = store(parties)                                  # the default scheme lists "maker"
    assert ts.schemes == 0
    ts.pin_operator(eu_op, scheme="eu-dpp")
    # a list is verified against its own scheme's pins only
    with pytest.raises(dpp.TrustListError) as e:
        ts.load_list(make_list(parties), now=NOW, scheme="eu-dpp")
    assert e.value.name == "DPP_ERR_LIST_WRONG_SCHEME"
    assert ts.load_list(eu_list, now=NOW, scheme="eu-dpp").entries == 1
    assert ts.schemes == 1
    mine = dpp.verify(dpp.encode(passport, parties["maker"], iat=NOW), ts, now=NOW + 60).signer
    assert mine.source == "trust-list" and mine.scheme is None and mine.scheme_operator == parties["operator"].kid
    theirs = dpp.verify(dpp.encode(passport, parties["other"], iat=NOW), ts, now=NOW + 60).signer
    assert theirs.scheme == "eu-dpp" and theirs.scheme_operator == eu_op.kid
    assert theirs.party.name == "Other Maker" and theirs.to_dict()["scheme"] == "eu-dpp"
    pinned = dpp.verify(dpp.encode(passport, parties["maker"], iat=NOW), dpp.TrustStore([parties["maker"]]),
                        now=NOW + 60).signer
    assert pinned.scheme is None and pinned.scheme_operator is None
    # a revocation by the other scheme's list revokes whichever scheme recognised the key
    with dpp.RevocationList() as rl:
        rl.add_key(parties["maker"], reason="key-compromise", date=datetime.date(2023, 1, 1))
        revs = rl.sign(eu_op, sequence=1, issued_at=NOW - DAY, next_update=NOW + DAY)
    ts.load_revocations(revs, now=NOW, scheme="eu-dpp")
    with pytest.raises(dpp.RevokedError) as e:
        dpp.verify(dpp.encode(passport, parties["maker"], iat=NOW), ts, now=NOW + 60)
    assert e.value.report.revocation.scheme == "eu-dpp"
    with pytest.raises(dpp.UsageError) as e:
        ts.pin_operator(eu_op, scheme="")
    assert "scheme name" in e.value.message


def _vector(name):
    """A test vector of the repository (test-vectors/vectors/NAME.json)."""
    import json  # noqa: PLC0415
    from conftest import ROOT  # noqa: PLC0415
    return json.loads((ROOT / "test-vectors" / "vectors" / f"{name}.json").read_text(encoding="utf-8"))


def _status_store(v, pin=True):
    """The vector's trusted keys, its operator keys pinned (pin), its time and first list's bytes."""
    inp = v["inputs"]
    ts = dpp.TrustStore([k["pem"] for k in inp["trusted_keys"]])
    if pin:
        for k in inp["operator_keys"]:
            ts.pin_operator(dpp.Key.load(k["pem"]))
    return ts, inp["validation_time"], bytes.fromhex(inp["lists"][0]["cose"])


def test_status_list_revokes_by_index():
    """TrustStore.load_status (spec/trust.md 6.4): a whole status list with the
    passport's bit set rejects it; without the list the same passport verifies."""
    v = _vector("status-whole-revoked")
    ts, now, data = _status_store(v)
    assert dpp.verify(v["text"], ts, now=now).claims.kid.hex() == v["inputs"]["signing_key"]["kid"]
    info = ts.load_status(data, now=now)
    assert info.sequence == v["inputs"]["lists"][0]["content"]["sequence"]
    with pytest.raises(dpp.RevokedError) as e:
        dpp.verify(v["text"], ts, now=now)
    assert e.value.name == "DPP_ERR_STATUS_REVOKED" and e.value.check == "revocation"


def test_status_list_bad_input_typed_errors():
    """load_status refuses an unpinned list, garbage, a tampered list and a delta
    without its base with typed errors, and the store is unchanged."""
    v = _vector("status-whole-revoked")
    ts, now, data = _status_store(v, pin=False)
    with pytest.raises(dpp.UsageError) as e:  # no operator key pinned at all
        ts.load_status(data, now=now)
    assert "operator key" in e.value.message
    u = _vector("status-list-unpinned")  # signed by a key other than the pinned operator's
    ts1, now1, data1 = _status_store(u)
    with pytest.raises(dpp.TrustListError) as e:
        ts1.load_status(data1, now=now1)
    assert e.value.name == "DPP_ERR_LIST_UNPINNED"
    ts, now, data = _status_store(v)
    with pytest.raises(dpp.DppError) as e:
        ts.load_status(b"\x00not a status list", now=now)
    assert isinstance(e.value, dpp.error_class(e.value.code)) and e.value.code != 0
    with pytest.raises(TypeError):
        ts.load_status("text, not bytes", now=now)  # type: ignore[arg-type]
    t = _vector("status-list-tampered")
    ts2, now2, data2 = _status_store(t)
    with pytest.raises(dpp.InvalidError) as e:
        ts2.load_status(data2, now=now2)
    assert e.value.name == "DPP_ERR_SIGNATURE"
    d = _vector("status-delta-no-base")
    ts3, now3, data3 = _status_store(d)
    with pytest.raises(dpp.TrustListError) as e:
        ts3.load_status(data3, now=now3)
    assert e.value.name == "DPP_ERR_STATUS_DELTA_BASE"
    # the failed loads left the store as it was: the revoked passport still verifies
    assert dpp.verify(v["text"], ts, now=now).passport is not None
