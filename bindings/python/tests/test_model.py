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
