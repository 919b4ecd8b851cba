# SPDX-License-Identifier: Apache-2.0
"""The typed passport model (read from the library's struct) and the one error table."""
import collections.abc
import datetime
import json
import subprocess
import sys
from decimal import Decimal

import pytest

import dpp
from conftest import ROOT


def full_passport(example_json):
    d = json.loads(example_json)
    d["serial"] = "SN-1"
    d["category"] = "steel"
    d["production_date"] = "2025-03-14"
    d["manufacturer"]["operator_id"] = {"scheme": "EORI", "value": "CN1234567890"}
    d["facility"] = {"id": {"scheme": "GLN", "value": "6948251000001"}, "name": "Plant 2"}
    d["materials"][0].update({"mass": "12.50", "mass_unit": "KGM", "renewable_share": "0.000001",
                              "origin": "AU", "hazardous": True})
    d["certifications"][0].update({"valid_from": "2024-01-01", "valid_until": "2026-12-31", "scope": "coils"})
    d["cbam"] = {"cn_code": "72083900", "origin": "CN", "installation_id": "CN-INST-7", "route": "BF-BOF",
                 "see_direct": "1.85", "see_indirect": "0.10", "method": "actual",
                 "carbon_price": {"amount": "9.50", "currency": "CNY", "instrument": "ets"}}
    return d


def test_typed_attributes_match_the_json_form(example_json):
    d = full_passport(example_json)
    p = dpp.Passport(d)
    assert p.id == d["id"] and p.gtin == d["gtin"] and p.batch == d["batch"] and p.serial == "SN-1"
    assert p.category == "steel" and p.production_date == datetime.date(2025, 3, 14)
    assert p.manufacturer == dpp.Manufacturer(d["manufacturer"]["name"], d["manufacturer"]["country"],
                                              dpp.Identifier("EORI", "CN1234567890"))
    assert p.facility == dpp.Facility(dpp.Identifier("GLN", "6948251000001"), "Plant 2")

    assert len(p.materials) == len(d["materials"])
    for m, jm in zip(p.materials, d["materials"]):
        assert isinstance(m, dpp.Material) and m.name == jm["name"] and m.cas == jm.get("cas")
        for attr in ("mass_fraction", "mass", "recycled_share", "renewable_share"):
            want = jm.get(attr)
            assert getattr(m, attr) == (Decimal(want) if want is not None else None)
    m0 = p.materials[0]
    assert str(m0.mass) == "12.50"                    # exact, trailing zero kept
    assert format(m0.renewable_share, "f") == "0.000001" and m0.mass_unit == "KGM"
    assert m0.origin == "AU" and m0.hazardous is True and p.materials[1].hazardous is False

    f = p.footprint
    jf = d["footprint"]
    assert f.total == Decimal(jf["total"]) and f.declared_unit == jf["declared_unit"]
    assert f.boundary == jf["boundary"] and f.method == jf["method"] and f.verification == jf["verification"]
    assert [(s.stage, s.value) for s in f.stages] == [(s["stage"], Decimal(s["value"])) for s in jf["stages"]]
    assert f.period_start == datetime.date.fromisoformat(jf["period_start"])
    assert f.period_end == datetime.date.fromisoformat(jf["period_end"])
    assert f.primary_share == Decimal(jf["primary_share"]) and f.electricity_ef is None

    c = p.certifications[0]
    assert (c.scheme, c.certificate_id, c.issuer) == ("ISO 14001", "E-24117", "SGS")
    assert (c.valid_from, c.valid_until, c.scope) == (datetime.date(2024, 1, 1), datetime.date(2026, 12, 31),
                                                      "coils")
    assert p.certifications[1].valid_from is None and p.certifications[1].scope is None

    cb = p.cbam
    assert (cb.cn_code, cb.origin, cb.installation_id, cb.route, cb.method) == \
        ("72083900", "CN", "CN-INST-7", "BF-BOF", "actual")
    assert (cb.see_direct, cb.see_indirect) == (Decimal("1.85"), Decimal("0.10"))
    assert cb.carbon_price == dpp.CarbonPrice(Decimal("9.50"), "CNY", "ets")


def test_absent_parts_are_none(example_json):
    d = json.loads(example_json)
    for k in ("batch", "footprint", "certifications", "cbam"):
        d.pop(k, None)
    p = dpp.Passport(d)
    assert p.batch is None and p.serial is None and p.production_date is None and p.facility is None
    assert p.footprint is None and p.cbam is None and p.certifications == ()
    assert p.manufacturer.operator_id is None


def test_typed_model_survives_sign_and_verify(passport, key, trust):
    r = dpp.verify(dpp.encode(passport, key), trust)
    assert r.passport.footprint == passport.footprint and r.passport.materials == passport.materials
    assert isinstance(r.passport.footprint.total, Decimal)


def test_mapping_view(passport):
    assert isinstance(passport, collections.abc.Mapping)
    assert list(passport) == passport.keys() and len(passport) == len(passport.keys())
    assert passport["materials"][0]["mass_fraction"] == "0.82"   # the JSON form: decimals as text
    assert dict(passport.items()) == passport.to_dict()


def test_model_objects_are_frozen(passport):
    with pytest.raises(AttributeError):
        passport.footprint.total = Decimal(0)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        passport.materials = ()  # type: ignore[misc]


def test_error_table_is_current():
    """_errors.py and ErrorMap.java are what gen_errors.py makes from dpp_common.h."""
    r = subprocess.run([sys.executable, str(ROOT / "bindings" / "common" / "gen_errors.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_error_table_covers_every_library_code():
    from dpp import _errors
    known = {}
    for code in range(256):
        name = dpp.DppError(code).name
        if name.startswith("DPP_ERR_") and name != "DPP_ERR_UNKNOWN":
            known[name] = code
    assert known == _errors.CODES
    assert dpp.error_class(known["DPP_ERR_REVOKED"]) is dpp.RevokedError
    assert dpp.error_class(known["DPP_ERR_DL_SYNTAX"]) is dpp.MalformedError
    for name in ("DPP_ERR_IMAGE_FORMAT", "DPP_ERR_IMAGE_NO_CODE"):
        if name in known:
            assert dpp.error_class(known[name]) is dpp.ImageError
    assert dpp.error_class(169) is dpp.ImageError      # a code of the range this header lacks
    assert dpp.error_class(39) is dpp.MalformedError and dpp.error_class(500) is dpp.DppError


def test_errors_carry_the_field_path(example_json):
    d = json.loads(example_json)
    d["materials"][2]["recycled_share"] = "1.2"
    with pytest.raises(dpp.SchemaError) as e:
        dpp.Passport(d)
    assert e.value.path == "materials[2].recycled_share"
    assert e.value.message.startswith("materials[2].recycled_share: ")
    with pytest.raises(dpp.MalformedError) as e:
        dpp.verify("DPP1:", dpp.TrustStore())
    assert e.value.path is None and e.value.report.path is None
    import pickle
    d["materials"][2]["recycled_share"] = "0.5"
    d["footprint"]["stages"][0]["stage"] = "mining"
    with pytest.raises(dpp.SchemaError) as e:
        dpp.Passport(d)
    assert e.value.path == "footprint.stages[0].stage"
    assert pickle.loads(pickle.dumps(e.value)).path == "footprint.stages[0].stage"


CBAM_TEMPLATE = ROOT / "test-vectors" / "passports" / "cbam-template.json"


def test_full_cbam_block_is_typed():
    d = json.loads(CBAM_TEMPLATE.read_text(encoding="utf-8"))
    jc = d["cbam"]
    p = dpp.Passport(d)
    c = p.cbam
    ji = jc["installation"]
    assert c.installation == dpp.CbamInstallation(
        ji["name"], ji["street"], ji["city"], ji["postcode"], ji["country"], ji["unlocode"],
        Decimal(ji["coordinates"]["latitude"]), Decimal(ji["coordinates"]["longitude"]), ji["activity"],
        dpp.Identifier(ji["operator_id"]["scheme"], ji["operator_id"]["value"]))
    assert (c.period_start, c.period_end) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert (c.process, c.goods_category, c.see_unit) == (jc["process"], jc["goods_category"], "tCO2e/t")
    assert str(c.see_total) == "2.12355" and str(c.default_share) == "0"
    assert c.electricity == dpp.CbamElectricity(Decimal("0.34559"), Decimal("0.589"), "Mix")
    assert c.precursors == tuple(
        dpp.CbamPrecursor(jp["cn_code"], Decimal(jp["quantity"]), Decimal(jp["see_direct"]),
                          Decimal(jp["see_indirect"]) if "see_indirect" in jp else None)
        for jp in jc["precursors"])
    assert c.precursors[1].see_indirect is None
    assert c.verifier == dpp.CbamVerifier(**jc["verifier"])
    jp = jc["carbon_price"]
    assert c.carbon_price == dpp.CarbonPrice(Decimal(jp["amount"]), jp["currency"], jp["instrument"],
                                             Decimal(jp["covered"]), Decimal(jp["rebate"]), jp["rebate_type"],
                                             Decimal(jp["rebate_covered"]), Decimal(jp["effective"]))
    assert str(c.carbon_price.rebate) == "2.00"                      # exact, trailing zero kept
    # every typed value is the JSON form's value: Decimal round trip through both codecs
    for q in (p, dpp.Passport.from_cbor(p.to_cbor()), dpp.Passport.from_json(p.to_json())):
        assert q.cbam == c and q == p
    assert p["cbam"] == jc


def test_older_cbam_block_has_no_template_data(example_json):
    d = full_passport(example_json)
    c = dpp.Passport(d).cbam
    assert c.installation is None and c.period_start is None and c.period_end is None and c.process is None
    assert c.goods_category is None and c.see_total is None and c.see_unit is None and c.default_share is None
    assert c.electricity is None and c.precursors == () and c.verifier is None
    assert c.carbon_price.covered is None and c.carbon_price.effective is None


def test_cbam_qr_keeps_the_label_subset():
    p = dpp.Passport.from_file(CBAM_TEMPLATE)
    q = p.cbam_qr()
    assert isinstance(q, dpp.Passport) and q != p and p.cbam.installation is not None   # p is unchanged
    c, full = q.cbam, p.cbam
    kept = ("cn_code", "origin", "installation_id", "route", "see_direct", "see_indirect", "method", "see_total",
            "see_unit", "default_share", "period_start", "period_end")
    assert [getattr(c, k) for k in kept] == [getattr(full, k) for k in kept]
    assert c.installation is None and c.process is None and c.goods_category is None and c.electricity is None
    assert c.precursors == () and c.verifier is None
    assert c.carbon_price == dpp.CarbonPrice(full.carbon_price.amount, full.carbon_price.currency,
                                             full.carbon_price.instrument, effective=full.carbon_price.effective)
    assert len(q.to_cbor()) < len(p.to_cbor())
    assert q.materials == p.materials and q.footprint == p.footprint
    plain = dpp.Passport.from_file(ROOT / "examples" / "passport.json")
    assert plain.cbam_qr() == plain
