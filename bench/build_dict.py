#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds preset deflate dictionary version 1 (libdpp/src/dict_v1.c).

    /usr/bin/python3 bench/build_dict.py --c libdpp/src/dict_v1.c --bin dict_v1.bin

A zlib preset dictionary is text the compressor may refer back into as if
it came just before the message. Matches into it cost a length code and a
distance code, so the dictionary holds byte strings that recur across
passports, and the most common ones last (closest to the message, smallest
distances):

 1. vocabulary, each as a CBOR text item (head byte and UTF-8), as it
    appears in a passport: material names, standards, certification schemes
    and bodies, production routes, identifier schemes, units, currencies,
    countries, product words. Generic industry terms only: no company, no
    product or certificate identifiers;
 2. CBOR fragments of the passport structure (spec/payload.cddl), with the
    values that recur: CAS numbers of common elements after their key,
    decimal-fraction heads, footprint enumerations and calendar-year
    reference periods, CBAM heads with the CN-code prefixes of the CBAM
    goods, certification list heads;
 3. last, the fixed frame of every message: COSE_Sign1 tag and protected
    header for each algorithm, the empty unprotected header, the payload
    bstr head, the CWT claims heads (iat of 2026-2028, the passport claim
    key -262) and the passport map's first entries.

It uses Debian's python3-cbor2 for the encodings. The output is
deterministic; the dictionary's Adler-32 (its DICTID) is printed and
written into the C file, and spec/dictionary.md quotes it.
"""
import argparse
import zlib

import cbor2

MATERIALS = ["Iron", "Steel scrap", "Scrap", "Manganese", "Silicon", "Carbon", "Aluminium", "Aluminium scrap",
             "Chromium", "Nickel", "Copper", "Zinc", "Magnesium", "Titanium", "Clinker", "Limestone", "Gypsum",
             "Fly ash", "Blast furnace slag", "Ammonia", "Urea", "Ammonium nitrate", "Potassium chloride",
             "Hydrogen", "Graphite", "Lithium iron phosphate", "Lithium", "Steel",
             "Fe", "Mn", "Si", "C", "Al", "Cr", "Ni", "Cu", "Zn", "Mg"]
# CAS registry numbers as the CBOR unsigned integers of key 2 (digits without hyphens)
CAS = ["7439-89-6", "7439-96-5", "7440-21-3", "7440-44-0", "7429-90-5", "7440-47-3", "7440-02-0", "7440-50-8",
       "7440-66-6", "7439-95-4", "1317-65-3", "7664-41-7", "57-13-6", "1333-74-0", "7782-42-5"]
SCHEMES = ["ISO 14001", "ISO 9001", "ISO 45001", "ISO 50001", "ResponsibleSteel", "ASI Performance Standard",
           "IATF 16949", "EPD"]
BODIES = ["SGS", "DNV", "TUV SUD", "TUV Rheinland", "Bureau Veritas", "Intertek", "DEKRA", "BSI"]
ROUTES = ["BF-BOF", "EAF", "DRI-EAF", "Hall-Heroult", "Dry process", "Haber-Bosch", "Electrolysis", "SMR"]
ID_SCHEMES = ["LEI", "GLN", "USCC", "DUNS", "EORI", "VAT"]
UNITS = ["TNE", "KGM", "C62", "KWH", "MTQ"]
CURRENCIES = ["EUR", "CNY", "USD", "INR", "TRY", "GBP", "KRW", "JPY"]
COUNTRIES = ["CN", "IN", "TR", "KR", "JP", "VN", "UA", "BR", "US", "GB", "DE", "FR", "IT", "ES", "NL", "PL"]
WORDS = ["Hot-rolled coil", "Cold-rolled coil", "Wire rod", "Rebar", "sheet", "plate", "ingot", "billet", "cement",
         "Portland cement", "fertiliser", "battery", "steel", "aluminium", "grade", "standard", "IEA 2023"]


def text(s):
    return cbor2.dumps(s)


def cas_int(c):
    return int(c.replace("-", ""))


def days(y, m, d):
    import datetime
    return (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days


def build():
    parts = []
    # 1. vocabulary (rarer first)
    for group in (WORDS, ID_SCHEMES, BODIES, SCHEMES, ROUTES, MATERIALS):
        for s in group:
            parts.append(text(s))
    for c in COUNTRIES:
        parts.append(text(c))
    for c in CURRENCIES:
        parts.append(text(c))
    # 2. structure fragments
    for c in CAS:  # key 2 (CAS) then the start of key 3 (mass fraction, decimal fraction)
        parts.append(b"\x02" + cbor2.dumps(cas_int(c)) + b"\x03\xc4\x82")
    for exp in (b"\x21", b"\x22", b"\x23"):  # decimal fractions with exponent -2, -3, -4
        parts.append(b"\x03\xc4\x82" + exp)
    parts.append(b"\x06\x01")  # recycled share 1
    for y in (2023, 2024, 2025, 2026):  # footprint reference period: a calendar year
        parts.append(b"\x06" + cbor2.dumps([days(y, 1, 1), days(y, 12, 31)]))
    for unit in UNITS[:3]:  # declared unit, boundary, method (ISO 14067)
        for boundary in (1, 2):
            parts.append(b"\x02" + text(unit) + b"\x03" + bytes([boundary]) + b"\x04\x01")
    parts.append(b"\x05\x84\x82\x01\x19")  # stages list
    parts.append(b"\x07\xc4\x82\x20\x08")  # primary share 0.8
    parts.append(b"\x0a\x02")  # third-party verified
    for n in (1, 2, 3):  # certifications
        parts.append(b"\x0d" + bytes([0x80 + n]) + b"\xa3\x01")
    for head in (b"\xa4", b"\xa5", b"\xa6", b"\xa7"):  # CBAM map with the CN code's first bytes
        for cn in (b"\x01\x1a\x01\x81", b"\x01\x1a\x01\xd9", b"\x01\x1a\x04\x48", b"\x01\x1a\x04\x4b",
                   b"\x01\x1a\x04\x88"):
            parts.append(b"\x0e" + head + cn)
    parts.append(b"\x05\xc4\x82\x21")  # specific direct emissions
    parts.append(b"\x07\x01\x08\x83\xc4\x82\x21\x19")  # method actual, carbon price
    parts.append(b"\x0c\xa7\x01\x19")  # footprint map
    parts.append(b"\x0b\x86\xa3\x01")  # materials
    parts.append(b"\x09\xa2\x01")  # manufacturer
    parts.append(b"\x09\xa3\x01")
    parts.append(b"\x08\x19\x4e")  # production date 2025
    parts.append(b"\x03\x1b\x00\x00\x00")  # GTIN-14 as a 64-bit integer
    # 3. message frame (most common last)
    parts.append(b"\x58\x60")  # ES384 signature head
    parts.append(b"\x59\x01\x00")  # PS256 (RSA-2048) signature head
    for alg in (b"\x38\x24", b"\x38\x22", b"\x27"):  # PS256, ES384, EdDSA
        parts.append(b"\xd2\x84" + bytes([0x4c + len(alg)]) + b"\xa2\x01" + alg + b"\x04\x48")
    for iat in (b"\x1a\x6b", b"\x1a\x6a"):  # 2027-2028
        parts.append(b"\xa2\x06" + iat)
    parts.append(b"\x58\x40")  # ES256 / EdDSA signature head
    parts.append(b"\xa0\x59\x01")  # unprotected {}, payload bstr of 256..511 bytes
    parts.append(b"\xa2\x06\x1a\x69")  # claims: iat (2026)
    parts.append(b"\x39\x01\x05\xab\x01\x01\x02\x50")  # -262: passport {1: 1, 2: id...
    parts.append(b"\xd2\x84\x4d\xa2\x01\x26\x04\x48")  # COSE_Sign1 ES256, kid
    return b"".join(parts)


def c_source(d, dictid):
    lines = []
    for i in range(0, len(d), 16):
        lines.append("    " + ", ".join(f"0x{b:02x}" for b in d[i:i + 16]) + ",")
    body = "\n".join(lines)
    return f"""/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Preset deflate dictionary, version 1 (spec/dictionary.md): {len(d)} bytes,
 * DICTID (Adler-32) 0x{dictid:08x}. Generated by bench/build_dict.py; do not
 * edit: a changed byte is a different dictionary and needs a new version.
 */
#include "dict_v1.h"

_Static_assert(DPP_DICT_V1_ID == 0x{dictid:08x}u, "DICTID of the bytes below");

const uint8_t dpp_dict_v1[] = {{
{body}
}};

const size_t dpp_dict_v1_len = sizeof dpp_dict_v1;
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--c", help="write the C source here")
    ap.add_argument("--bin", help="write the raw dictionary here")
    a = ap.parse_args()
    d = build()
    dictid = zlib.adler32(d) & 0xFFFFFFFF
    print(f"dictionary v1: {len(d)} bytes, DICTID 0x{dictid:08x}")
    if a.bin:
        open(a.bin, "wb").write(d)
    if a.c:
        open(a.c, "w").write(c_source(d, dictid))


if __name__ == "__main__":
    main()
