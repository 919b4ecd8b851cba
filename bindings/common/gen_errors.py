#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The one table that files libdpp's error codes into exception classes.

Reads the dpp_err enum from libdpp/include/dpp/dpp_common.h and writes, for
every code it defines, the exception class of both bindings:

    bindings/python/dpp/_errors.py              (CODES, CLASS_OF)
    bindings/java/src/org/libdpp/ErrorMap.java  (classFor(int))

Both outputs are checked in; run this script after adding a code (tests in
bindings/python/tests/test_errors.py fail while they are out of date):

    python3 bindings/common/gen_errors.py           # rewrite both files
    python3 bindings/common/gen_errors.py --check   # exit 1 if either is stale
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = os.path.join(ROOT, "libdpp", "include", "dpp", "dpp_common.h")
PY_OUT = os.path.join(ROOT, "bindings", "python", "dpp", "_errors.py")
JAVA_OUT = os.path.join(ROOT, "bindings", "java", "src", "org", "libdpp", "ErrorMap.java")

# kind: (Python class, Java class)
KINDS = {
    "base": ("DppError", "DppException"),
    "usage": ("UsageError", "UsageException"),
    "malformed": ("MalformedError", "MalformedException"),
    "invalid": ("InvalidError", "InvalidException"),
    "untrusted": ("UntrustedError", "UntrustedException"),
    "revoked": ("RevokedError", "RevokedException"),
    "expired": ("ExpiredError", "ExpiredException"),
    "schema": ("SchemaError", "SchemaException"),
    "key": ("DppKeyError", "DppKeyException"),
    "qr": ("QrError", "QrException"),
    "list": ("TrustListError", "TrustListException"),
    "image": ("ImageError", "ImageException"),
}

# First matching rule wins: codes by enumerator name, then ranges [lo, hi).
RULES = [
    ("revoked", ["DPP_ERR_REVOKED", "DPP_ERR_STATUS_REVOKED", "DPP_ERR_CERT_REVOKED"]),
    ("untrusted", ["DPP_ERR_KID_MISSING", "DPP_ERR_KID_UNKNOWN", "DPP_ERR_KEY_NOT_VALID",
                   "DPP_ERR_SIGNER_NOT_VALID", "DPP_ERR_ROLE", "DPP_ERR_SCOPE", "DPP_ERR_ATTESTER_UNKNOWN",
                   "DPP_ERR_DL_DOMAIN_SCOPE"]),
    ("expired", ["DPP_ERR_NOT_YET_VALID", "DPP_ERR_EXPIRED"]),
    # attestations, detached documents, and a link not matching the signed passport (spec/link.md 4)
    ("invalid", ["DPP_ERR_ATTESTATION_PRODUCT", "DPP_ERR_ATTESTATION_SIGNATURE", "DPP_ERR_ATTESTATION_CLAIM",
                 "DPP_ERR_ATTESTATION_TIME", "DPP_ERR_LINK_MISSING", "DPP_ERR_DOCUMENT_MISMATCH",
                 "DPP_ERR_DL_DOMAIN", "DPP_ERR_DL_PRIMARY_KEY", "DPP_ERR_DL_QUALIFIER"]),
    # a link breaking the grammar of spec/link.md 1, or with a cut or broken payload
    ("malformed", ["DPP_ERR_DL_SYNTAX", "DPP_ERR_DL_PERCENT", "DPP_ERR_DL_AI", "DPP_ERR_DL_AI_VALUE",
                   "DPP_ERR_DL_QUALIFIER_ORDER", "DPP_ERR_DL_QUERY", "DPP_ERR_DL_PAYLOAD"]),
    ("list", ["DPP_ERR_LIST_UNSIGNED", "DPP_ERR_LIST_UNPINNED", "DPP_ERR_LIST_ROLLBACK", "DPP_ERR_LIST_STALE",
              "DPP_ERR_LIST_FORMAT", "DPP_ERR_STATE_FILE",
              "DPP_ERR_LIST_WRONG_SCHEME", "DPP_ERR_ROLLOVER_GAP", "DPP_ERR_OPERATOR_RETIRED",
              "DPP_ERR_STATUS_LIST_MISSING", "DPP_ERR_STATUS_INDEX", "DPP_ERR_STATUS_DELTA_BASE",
              "DPP_ERR_CRL_EXPIRED", "DPP_ERR_REVSET_ORDER", "DPP_ERR_REVSET_CODE", "DPP_ERR_REVSET_TRAILING"]),
    ("key", ["DPP_ERR_CERT_CHAIN", "DPP_ERR_CERT_POLICY", "DPP_ERR_KEY_WEAK", "DPP_ERR_KEY_NOT_PUBLIC"]),
    ("usage", (1, 20)),
    ("malformed", (20, 40)),
    ("invalid", (40, 60)),
    ("schema", (60, 80)),
    ("key", (80, 90)),
    ("qr", (90, 100)),
    ("image", (160, 170)),
    # a CBAM communication template that cannot be read (libdpp_cbam, dpp_cbam.h)
    ("malformed", (170, 180)),
]


def read_codes(header):
    """[(name, value)] of enum dpp_err, in header order."""
    text = open(header, encoding="utf-8").read()
    m = re.search(r"typedef\s+enum\s+dpp_err\s*\{(.*?)\}\s*dpp_err\s*;", text, re.S)
    if m is None:
        raise SystemExit(f"{header}: enum dpp_err not found")
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    codes = [(n, int(v)) for n, v in re.findall(r"\b(DPP_(?:OK|ERR_[A-Z0-9_]+))\s*=\s*(\d+)", body)]
    if not codes:
        raise SystemExit(f"{header}: no codes in enum dpp_err")
    return codes


def ranges():
    return [(kind, sel) for kind, sel in RULES if isinstance(sel, tuple)]


def kind_of(name, value):
    for kind, sel in RULES:
        if isinstance(sel, tuple):
            if sel[0] <= value < sel[1]:
                return kind
        elif name in sel:
            return kind
    return "base"


def check_rules(codes):
    names = {n for n, _ in codes}
    for kind, sel in RULES:
        if kind not in KINDS:
            raise SystemExit(f"rule for unknown kind {kind}")
        if not isinstance(sel, tuple):
            missing = [n for n in sel if n not in names]
            if missing:
                raise SystemExit(f"rule {kind} names codes the header does not define: {missing}")


def python_text(codes):
    out = ["# SPDX-License-Identifier: Apache-2.0",
           "# Generated by bindings/common/gen_errors.py from libdpp/include/dpp/dpp_common.h. Do not edit.",
           '"""libdpp error codes by name, and the exception class (by name) of each code."""',
           "",
           "from typing import Dict",
           "",
           "CODES: Dict[str, int] = {"]
    out += [f'    "{n}": {v},' for n, v in codes if v != 0]
    out += ["}", "", "CLASS_OF: Dict[int, str] = {"]
    out += [f'    {v}: "{KINDS[kind_of(n, v)][0]}",' for n, v in codes if v != 0]
    out += ["}", "", "# Codes this header does not define (a newer libdpp): by range [lo, hi).",
            "RANGES = ("]
    out += [f'    ({lo}, {hi}, "{KINDS[kind][0]}"),' for kind, (lo, hi) in ranges()]
    out += [")", ""]
    return "\n".join(out)


def java_text(codes):
    by_class = {}
    for n, v in codes:
        if v == 0:
            continue
        by_class.setdefault(KINDS[kind_of(n, v)][1], []).append((n, v))
    out = ["// SPDX-License-Identifier: Apache-2.0",
           "// Generated by bindings/common/gen_errors.py from libdpp/include/dpp/dpp_common.h. Do not edit.",
           "package org.libdpp;",
           "",
           "/** The exception class of each libdpp error code (one table for Java and Python). */",
           "final class ErrorMap {",
           "    private ErrorMap() {}",
           "",
           "    static Class<? extends DppException> classFor(int code) {",
           "        switch (code) {"]
    for cls in sorted(by_class):
        if cls == "DppException":
            continue
        for n, v in by_class[cls]:
            out.append(f"            case {v}: // {n}")
        out.append(f"                return {cls}.class;")
    out += ["            default:",
            "                break;",
            "        }",
            "        // Codes this header does not define (a newer libdpp): by range [lo, hi)."]
    out += [f"        if (code >= {lo} && code < {hi}) return {KINDS[kind][1]}.class;" for kind, (lo, hi) in ranges()]
    out += ["        return DppException.class;",
            "    }",
            "}",
            ""]
    return "\n".join(out)


def main(argv):
    codes = read_codes(HEADER)
    check_rules(codes)
    outputs = {PY_OUT: python_text(codes), JAVA_OUT: java_text(codes)}
    stale = []
    for path, text in outputs.items():
        try:
            current = open(path, encoding="utf-8").read()
        except FileNotFoundError:
            current = None
        if current != text:
            stale.append(path)
            if "--check" not in argv:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    if "--check" in argv and stale:
        for p in stale:
            print(f"{os.path.relpath(p, ROOT)} is out of date: run python3 bindings/common/gen_errors.py",
                  file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
