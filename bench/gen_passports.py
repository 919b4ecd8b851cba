#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates a corpus of realistic passports (JSON Lines, passport JSON form).

    python3 bench/gen_passports.py [--count 400] [--seed 7] > corpus.jsonl

The products are CBAM goods and their neighbours, the goods a label-printing
factory and an importer see most: hot-rolled and cold-rolled steel, wire
rod, sections, stainless, aluminium ingot and sheet, cement, fertilisers,
hydrogen, plus battery packs and copper cathode without a CBAM block. Field
values come from lists of real-world vocabulary (materials with their CAS
numbers, standards, certification schemes and bodies, production routes,
units, currencies, identifier schemes) and random names, batch numbers,
identifiers, dates and numbers, so no two passports are alike. Every
passport satisfies spec/passport.schema.json and the library's checks (GTIN
and CAS check digits, country codes, ranges); bench/dpp_sizes rejects any
that does not.

The vocabulary here is deliberately wider than the preset dictionary's
(libdpp/src/dict_v1.c): about a third of the material names, schemes, bodies
and routes are not in the dictionary, and company names, product names,
certificate and installation identifiers never are.
"""
import argparse
import datetime
import decimal
import json
import random
import sys
import uuid


def cas_ok(cas):
    digits = cas.replace("-", "")
    body, check = digits[:-1], int(digits[-1])
    return sum(int(d) * (i + 1) for i, d in enumerate(reversed(body))) % 10 == check


def gtin14(rng, prefix):
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(13 - len(prefix)))
    s = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - s % 10) % 10)


# (name, CAS or None); most with a real CAS registry number
MATERIALS = {
    "steel": [("Iron", "7439-89-6"), ("Pig iron", "7439-89-6"), ("Fe", "7439-89-6"), ("Steel scrap", None),
              ("Scrap", None), ("Direct reduced iron", None), ("Manganese", "7439-96-5"), ("Mn", "7439-96-5"),
              ("Silicon", "7440-21-3"), ("Si", "7440-21-3"), ("Carbon", "7440-44-0"), ("C", "7440-44-0"),
              ("Aluminium", "7429-90-5"), ("Al", "7429-90-5"), ("Chromium", "7440-47-3"), ("Nickel", "7440-02-0"),
              ("Molybdenum", "7439-98-7"), ("Vanadium", "7440-62-2"), ("Niobium", "7440-03-1"),
              ("Titanium", "7440-32-6"), ("Copper", "7440-50-8"), ("Zinc coating", "7440-66-6"),
              ("Ferromanganese", "12604-53-4"), ("Ferrosilicon", None), ("Boron", "7440-42-8")],
    "aluminium": [("Aluminium", "7429-90-5"), ("Primary aluminium", "7429-90-5"), ("Al", "7429-90-5"),
                  ("Aluminium scrap", None), ("Post-consumer scrap", None), ("Magnesium", "7439-95-4"),
                  ("Silicon", "7440-21-3"), ("Iron", "7439-89-6"), ("Copper", "7440-50-8"),
                  ("Manganese", "7439-96-5"), ("Zinc", "7440-66-6"), ("Titanium", "7440-32-6")],
    "cement": [("Clinker", "65997-15-1"), ("Portland cement clinker", "65997-15-1"), ("Limestone", "1317-65-3"),
               ("Gypsum", "13397-24-5"), ("Fly ash", "68131-74-8"), ("Blast furnace slag", "65996-69-2"),
               ("Calcined clay", None), ("Silica fume", "69012-64-2")],
    "fertiliser": [("Ammonium nitrate", "6484-52-2"), ("Urea", "57-13-6"), ("Ammonia", "7664-41-7"),
                   ("Calcium carbonate", "471-34-1"), ("Ammonium sulfate", "7783-20-2"),
                   ("Potassium chloride", "7447-40-7"), ("Dolomite", "16389-88-1"), ("Nitric acid", "7697-37-2")],
    "hydrogen": [("Hydrogen", "1333-74-0")],
    "battery": [("Lithium iron phosphate", "15365-14-7"), ("Graphite", "7782-42-5"), ("Aluminium", "7429-90-5"),
                ("Copper", "7440-50-8"), ("Lithium hexafluorophosphate", "21324-40-3"), ("Steel", None),
                ("Nickel", "7440-02-0"), ("Cobalt", "7440-48-4"), ("Lithium", "7439-93-2"),
                ("Polypropylene", "9003-07-0"), ("Ethylene carbonate", "96-49-1")],
    "copper": [("Copper", "7440-50-8"), ("Copper scrap", None), ("Silver", "7440-22-4"), ("Sulfur", "7704-34-9")],
}

PRODUCTS = {
    "steel": ["Hot-rolled coil", "HR coil", "Cold-rolled coil", "CR sheet", "Hot-dip galvanised coil", "Wire rod",
              "Rebar B500B", "Heavy plate", "HEA beam", "IPE 300", "Seamless tube", "Stainless coil 304",
              "Electrical steel", "Slab", "Billet", "Tinplate", "Welded pipe"],
    "aluminium": ["Aluminium ingot", "Primary ingot P1020", "Extrusion billet 6063", "Aluminium sheet 5754",
                  "Foil stock", "Rolled plate 6082", "Wire rod EC grade"],
    "cement": ["CEM I 42.5 R", "CEM II/A-LL 42.5 N", "CEM III/A 32.5 N", "Portland cement", "Clinker"],
    "fertiliser": ["Ammonium nitrate 34.4% N", "Urea 46% N", "CAN 27", "NPK 15-15-15", "UAN 32"],
    "hydrogen": ["Hydrogen 5.0", "Compressed hydrogen"],
    "battery": ["LFP battery pack 48V", "Industrial battery 51.2 V 100 Ah", "EV module 12S", "Storage rack 15 kWh"],
    "copper": ["Copper cathode Grade A", "Copper wire rod 8 mm"],
}

CN = {
    "steel": ["72083900", "72085120", "72083700", "72091690", "72104900", "72139110", "72142000", "72163100",
              "72193300", "73041910", "72071114", "72251100", "73063077"],
    "aluminium": ["76011000", "76012080", "76061299", "76042990", "76071119", "76051100"],
    "cement": ["25231000", "25232900", "25233000"],
    "fertiliser": ["31023090", "31021010", "31026000", "31052010", "31028000"],
    "hydrogen": ["28041000"],
}

ROUTES = {"steel": ["BF-BOF", "EAF", "DRI-EAF", "BF-BOF with CCUS", "Scrap EAF", "Open hearth"],
          "aluminium": ["Hall-Heroult", "Prebake", "Soderberg", "Secondary remelting"],
          "cement": ["Dry process", "Wet process", "Semi-dry process"],
          "fertiliser": ["Haber-Bosch", "Ostwald", "SMR Haber-Bosch"],
          "hydrogen": ["SMR", "Electrolysis", "SMR with CCS"]}

UNITS = {"steel": "TNE", "aluminium": "TNE", "cement": "TNE", "fertiliser": "TNE", "hydrogen": "KGM",
         "battery": "C62", "copper": "TNE"}
CATEGORIES = {"steel": ["steel", "iron and steel", "flat steel", "long steel"], "aluminium": ["aluminium"],
              "cement": ["cement"], "fertiliser": ["fertiliser", "fertilizer"], "hydrogen": ["hydrogen"],
              "battery": ["battery", "industrial battery"], "copper": ["copper"]}

SCHEMES = ["ISO 14001", "ISO 9001", "ISO 45001", "ISO 50001", "ResponsibleSteel", "ASI Performance Standard",
           "ASI Chain of Custody", "IATF 16949", "EN 10204 3.1", "EPD", "CE", "CSC Concrete Sustainability",
           "Carbon Trust", "SBTi", "TfS", "EcoVadis Gold"]
BODIES = ["SGS", "DNV", "TUV SUD", "TUV Rheinland", "Bureau Veritas", "Intertek", "DEKRA", "LRQA", "BSI",
          "UL Solutions", "China Quality Certification Centre", "CQC", "Kiwa", "Applus+", "TUV Nord", "Eurofins"]
ISSUE_PREFIX = ["E", "Q", "CN", "DE", "EMS", "RS", "ASI", "QMS", "OHS", "EPD", "C"]
CURRENCY = {"CN": "CNY", "IN": "INR", "TR": "TRY", "KR": "KRW", "JP": "JPY", "GB": "GBP", "US": "USD",
            "DE": "EUR", "FR": "EUR", "IT": "EUR", "ES": "EUR", "NO": "NOK", "UA": "UAH", "CA": "CAD",
            "ZA": "ZAR", "BR": "BRL", "VN": "VND", "EG": "EGP", "AE": "AED", "MY": "MYR", "TW": "TWD"}
ORIGINS = ["CN", "CN", "CN", "IN", "IN", "TR", "TR", "KR", "JP", "UA", "VN", "BR", "ZA", "EG", "AE", "MY", "TW",
           "US", "GB", "NO", "DE", "FR", "IT", "ES", "CA"]
ID_SCHEMES = {"CN": "USCC", "IN": "GSTIN", "TR": "VKN", "KR": "BRN", "JP": "CN-JP", "DE": "LEI", "FR": "SIREN",
              "IT": "LEI", "ES": "LEI", "GB": "LEI", "US": "DUNS"}
NAME_A = ["Jinding", "Baowu", "Hebei", "Shandong", "Tata", "JSW", "Erdemir", "Kardemir", "POSCO", "Hyundai",
          "Nippon", "JFE", "Metinvest", "Hoa Phat", "Gerdau", "ArcelorMittal", "Salzgitter", "Thyssen", "Voest",
          "SSAB", "Hydro", "Rusal", "Emirates", "Vedanta", "Chalco", "Alba", "Heidelberg", "Cemex", "Holcim",
          "Anhui Conch", "UltraTech", "Yara", "OCI", "Fertiglobe", "CF", "EuroChem", "Nordic", "Ganfeng", "CATL",
          "Aurubis", "Jiangxi", "Kangxi", "Sahyadri", "Anatolia", "Delta", "Meridian", "Sunrise", "Orient"]
NAME_B = ["Steel", "Steel Co", "Iron & Steel", "Metals", "Aluminium", "Aluminum", "Cement", "Materials",
          "Industries", "Group", "Works", "Fertilizers", "Chemicals", "Energy", "Battery", "Copper", "Ltd",
          "GmbH", "S.A.", "A.S.", "Co., Ltd.", "Corporation"]
EXT = [("grade", ["S355JR", "S235JR", "DC01", "DX51D+Z", "304", "6063-T6", "5754-H22", "B500B", "Q235B"]),
       ("thickness_mm", ["2.75", "3.0", "1.5", "0.8", "12", "25"]),
       ("width_mm", ["1250", "1500", "1000", "2000"]),
       ("coil_weight_t", ["24.3", "18.7", "26.1"]),
       ("standard", ["EN 10025-2", "EN 10130", "ASTM A36", "EN 197-1", "GB/T 700", "JIS G3101"])]
STAGES = ["raw-materials", "production", "distribution", "use", "end-of-life"]
METHODS = ["ISO 14067", "ISO 14067", "ISO 14067", "GHG Protocol", "PEF", "PAS 2050", "GB/T 24067", "PACT",
           "EU 2023/1542"]
BOUNDARIES = ["cradle-to-gate", "cradle-to-gate", "cradle-to-grave", "gate-to-gate", "cradle-to-cradle"]
EF_SOURCES = ["IEA 2023", "Grid operator 2024", "Supplier-specific", "EEA 2023", "CEA CO2 Baseline v19",
              "Ecoinvent 3.10"]

FOOTPRINT_PER_T = {"steel": (400, 3200), "aluminium": (2000, 17000), "cement": (450, 950),
                   "fertiliser": (900, 3800), "hydrogen": (1, 14), "battery": (300, 9000), "copper": (1500, 5200)}


def dec(rng, lo, hi, places):
    """A decimal string in [lo, hi] with at most `places` decimals, trailing zeros dropped."""
    v = round(rng.uniform(lo, hi), places)
    s = f"{v:.{places}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def fractions(rng, n):
    """n mass fractions (strings) summing to at most 1, the first dominant."""
    first = rng.uniform(0.55, 0.97)
    rest = [rng.random() ** 3 for _ in range(n - 1)]
    total = sum(rest) or 1
    out = []
    for r in rest:
        v = (1 - first) * r / total
        places = 2 if v > 0.1 else 3 if v > 0.01 else 4
        q = decimal.Decimal(1).scaleb(-places)
        out.append(max(decimal.Decimal(str(v)).quantize(q, rounding=decimal.ROUND_FLOOR), q))
    head = (decimal.Decimal(1) - sum(out)).quantize(decimal.Decimal("0.001"), rounding=decimal.ROUND_FLOOR)
    return [fmt(d) for d in [head] + out]


def fmt(d):
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def date_str(d):
    return d.isoformat()


def make(rng, sector):
    origin = rng.choice(ORIGINS)
    p = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
         "gtin": gtin14(rng, rng.choice(["0", "04", "06", "08", "09", "05", "03"])),
         "name": rng.choice(PRODUCTS[sector])}
    if rng.random() < 0.8:
        p["batch"] = rng.choice(["H", "L", "B", "LOT", "C", "HX"]) + str(rng.randrange(20, 27)) + "-" + \
            str(rng.randrange(10000, 99999))
    if rng.random() < 0.15:
        p["serial"] = "SN" + str(rng.randrange(10 ** 7, 10 ** 8))
    if rng.random() < 0.3:
        p["category"] = rng.choice(CATEGORIES[sector])
    if rng.random() < 0.5:
        p["production_date"] = date_str(datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(500)))
    m = {"name": rng.choice(NAME_A) + " " + rng.choice(NAME_B), "country": origin}
    if rng.random() < 0.35:
        scheme = ID_SCHEMES.get(origin, "LEI")
        m["operator_id"] = {"scheme": scheme,
                            "value": "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(18))}
    p["manufacturer"] = m
    if rng.random() < 0.2:
        p["facility"] = {"id": {"scheme": "GLN", "value": gtin14(rng, "0")[1:]}}
        if rng.random() < 0.5:
            p["facility"]["name"] = rng.choice(["Plant ", "Works ", "Mill ", "Site "]) + str(rng.randrange(1, 9))

    pool = MATERIALS[sector]
    n = min(len(pool), rng.choice([1, 2, 3, 4, 4, 5, 6, 6, 7, 8]))
    chosen = rng.sample(pool, n)
    fr = fractions(rng, n)
    mats = []
    for (name, cas), f in zip(chosen, fr):
        mat = {"name": name}
        if cas and rng.random() < 0.85:
            mat["cas"] = cas
        mat["mass_fraction"] = f
        if "scrap" in name.lower() or rng.random() < 0.1:
            mat["recycled_share"] = rng.choice(["1", "0.3", "0.85", "0.5"])
        if rng.random() < 0.08:
            mat["origin"] = rng.choice(ORIGINS)
        mats.append(mat)
    p["materials"] = mats

    lo, hi = FOOTPRINT_PER_T[sector]
    total = float(dec(rng, lo, hi, 0 if hi > 100 else 2))
    fp = {"total": dec(rng, total, total, 0 if hi > 100 else 2), "declared_unit": UNITS[sector],
          "boundary": rng.choice(BOUNDARIES), "method": rng.choice(METHODS)}
    if rng.random() < 0.7:
        k = rng.randrange(2, 6)
        stages = sorted(rng.sample(range(5), k))
        shares = [rng.random() for _ in stages]
        s = sum(shares)
        fp["stages"] = [{"stage": STAGES[i], "value": str(max(1, int(total * sh / s)))} for i, sh in
                        zip(stages, shares)]
    year = rng.choice([2023, 2024, 2024, 2025])
    fp["period_start"] = f"{year}-01-01"
    fp["period_end"] = f"{year}-12-31"
    if rng.random() < 0.6:
        fp["primary_share"] = rng.choice(["0.8", "0.65", "0.9", "0.72", "1", "0.5"])
    if rng.random() < 0.25:
        fp["electricity_ef"] = dec(rng, 0.02, 0.9, 3)
        fp["electricity_ef_source"] = rng.choice(EF_SOURCES)
    fp["verification"] = rng.choice(["third-party-verified", "third-party-verified", "self-declared"])
    p["footprint"] = fp

    ncert = rng.choice([0, 1, 1, 2, 2, 2, 3])
    certs = []
    for scheme in rng.sample(SCHEMES, ncert):
        c = {"scheme": scheme,
             "certificate_id": rng.choice(ISSUE_PREFIX) + rng.choice(["-", "", "/"]) + str(rng.randrange(100, 99999)),
             "issuer": rng.choice(BODIES)}
        if rng.random() < 0.3:
            start = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(700))
            c["valid_from"] = date_str(start)
            c["valid_until"] = date_str(start + datetime.timedelta(days=3 * 365))
        certs.append(c)
    if certs:
        p["certifications"] = certs

    if sector in CN and rng.random() < 0.9:
        cb = {"cn_code": rng.choice(CN[sector]), "origin": origin}
        if rng.random() < 0.3:
            cb["installation_id"] = origin + "-" + str(rng.randrange(10 ** 5, 10 ** 6))
        if rng.random() < 0.5:
            cb["route"] = rng.choice(ROUTES[sector])
        cb["see_direct"] = dec(rng, 0.05, 3.5, 2)
        if rng.random() < 0.5:
            cb["see_indirect"] = dec(rng, 0.01, 1.2, 2)
        cb["method"] = rng.choice(["actual", "actual", "default", "mixed"])
        if rng.random() < 0.5 and origin in CURRENCY:
            cb["carbon_price"] = {"amount": dec(rng, 2, 95, 2), "currency": CURRENCY[origin],
                                  "instrument": rng.choice(["ets", "ets", "carbon-tax", "levy"])}
        p["cbam"] = cb
    if rng.random() < 0.15:
        keys = rng.sample(EXT, rng.randrange(1, 3))
        p["extensions"] = {k: rng.choice(v) for k, v in keys}
    return p


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    for mats in MATERIALS.values():
        for _, cas in mats:
            assert cas is None or cas_ok(cas), cas
    rng = random.Random(a.seed)
    weights = [("steel", 40), ("aluminium", 15), ("cement", 12), ("fertiliser", 12), ("hydrogen", 4),
               ("battery", 10), ("copper", 7)]
    sectors = [s for s, w in weights for _ in range(w)]
    for _ in range(a.count):
        sys.stdout.write(json.dumps(make(rng, rng.choice(sectors)), ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
