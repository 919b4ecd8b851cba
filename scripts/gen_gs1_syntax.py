#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates libdpp/src/gs1_syntax_table.c from the vendored GS1 Barcode
Syntax Dictionary (libdpp/gs1/gs1-syntax-dictionary.txt, provenance in
libdpp/gs1/SOURCE).

    python3 scripts/gen_gs1_syntax.py              # rewrite the committed table
    python3 scripts/gen_gs1_syntax.py --out FILE   # write elsewhere
    python3 scripts/gen_gs1_syntax.py --check      # exit 1 if the committed table differs

Every entry of the dictionary becomes one gs1_ai_def (ranges such as
3100-3105 stay one entry): flags ("*", "?"), the format components with their
character set, length bounds, optionality and linters, the "dlpkey"
attribute (with its alternative qualifier sequences) and the title. The
other attributes (req=, ex=) concern AI combinations in a barcode and are
not used by the Digital Link parser, so they are not emitted.

The script fails (exit 2, naming the line) on anything it does not
understand, on a linter that has no GS1_LINT_* enumerator in
libdpp/src/gs1_syntax.h, and when the dictionary exceeds a limit of those headers
(GS1_MAX_COMPONENTS, GS1_MAX_LINTERS, GS1_DL_MAX_SEQS, GS1_DL_MAX_SEQ_LEN;
DPP_DL_MAX_VALUE_LEN in gs1dl.h), or when a qualifier AI is also a primary key (the
parser's right-to-left key search relies on that never happening).
"""
import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DICT = os.path.join(ROOT, "libdpp", "gs1", "gs1-syntax-dictionary.txt")
SOURCE = os.path.join(ROOT, "libdpp", "gs1", "SOURCE")
HEADERS = [os.path.join(ROOT, "libdpp", "src", h) for h in ("gs1_syntax.h", "gs1dl.h")]
OUT = os.path.join(ROOT, "libdpp", "src", "gs1_syntax_table.c")

FLAG_CHARS = set("*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~")
COMP_RE = re.compile(r"^(\[)?([NXYZ])(\d+|\.\.\d+)(\])?((?:,[a-z0-9]+)*)$")


class DictError(Exception):
    pass


def header_info():
    text = "".join(open(h, encoding="utf-8").read() for h in HEADERS)
    linters = set(re.findall(r"\bGS1_LINT_([A-Z0-9]+)\b", text)) - {"NONE"}
    limits = {}
    for name in ("GS1_MAX_COMPONENTS", "GS1_MAX_LINTERS", "GS1_DL_MAX_SEQS", "GS1_DL_MAX_SEQ_LEN",
                 "DPP_DL_MAX_VALUE_LEN"):
        m = re.search(r"#define\s+%s\s+(\d+)" % name, text)
        if not m:
            raise DictError("gs1_syntax.h, gs1dl.h: no #define %s" % name)
        limits[name] = int(m.group(1))
    return linters, limits


def source_info():
    repo = commit = None
    for line in open(SOURCE, encoding="utf-8"):
        if line.startswith("repository:"):
            repo = line.split(":", 1)[1].strip()
        elif line.startswith("commit:"):
            commit = line.split(":", 1)[1].strip()
    if not repo or not commit:
        raise DictError("libdpp/gs1/SOURCE: repository or commit missing")
    return repo, commit


def parse_component(tok, lineno):
    m = COMP_RE.match(tok)
    if not m:
        raise DictError("line %d: bad component %r" % (lineno, tok))
    if bool(m.group(1)) != bool(m.group(4)):
        raise DictError("line %d: unbalanced brackets in %r" % (lineno, tok))
    length = m.group(3)
    if length.startswith(".."):
        lo, hi = 1, int(length[2:])
    else:
        lo = hi = int(length)
    if not 1 <= lo <= hi <= 255:
        raise DictError("line %d: bad length in %r" % (lineno, tok))
    linters = [x for x in m.group(5).split(",") if x]
    return {"cset": m.group(2), "min": lo, "max": hi, "opt": bool(m.group(1)), "lint": linters}


def parse(text):
    release = None
    entries = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("#"):
            m = re.match(r"#\s*Release:\s*(\S.*)$", raw)
            if m:
                release = m.group(1).strip()
            continue
        if not raw.strip():
            continue
        body, _, title = raw.partition("#")
        toks = body.split()
        ais = toks.pop(0)
        m = re.match(r"^(\d{2,4})(?:-(\d{2,4}))?$", ais)
        if not m:
            raise DictError("line %d: bad AI %r" % (lineno, ais))
        lo, hi = m.group(1), m.group(2) or m.group(1)
        if len(lo) != len(hi) or lo > hi:
            raise DictError("line %d: bad AI range %r" % (lineno, ais))
        flags = ""
        if toks and all(c in FLAG_CHARS for c in toks[0]) and not toks[0].startswith("["):
            flags = toks.pop(0)
        comps = []
        while toks and COMP_RE.match(toks[0]):
            comps.append(parse_component(toks.pop(0), lineno))
        if not comps:
            raise DictError("line %d: no format specification" % lineno)
        seen_opt = False
        for i, c in enumerate(comps):
            if c["opt"]:
                seen_opt = True
            elif seen_opt:
                raise DictError("line %d: mandatory component after an optional one" % lineno)
            if c["min"] != c["max"] and i != len(comps) - 1:
                raise DictError("line %d: variable-length component not last" % lineno)
        dlpkey = None
        for attr in toks:
            if attr == "dlpkey":
                dlpkey = []
            elif attr.startswith("dlpkey="):
                dlpkey = [seq.split(",") for seq in attr[len("dlpkey="):].split("|")]
                for seq in dlpkey:
                    for q in seq:
                        if not re.match(r"^\d{2,4}$", q):
                            raise DictError("line %d: bad dlpkey qualifier %r" % (lineno, q))
            elif re.match(r"^(req|ex)=", attr):
                pass  # AI pairing rules: not used by Digital Link parsing
            else:
                raise DictError("line %d: unknown attribute %r" % (lineno, attr))
        unknown_flags = set(flags) - {"*", "?"}
        if unknown_flags:
            raise DictError("line %d: unknown flags %r" % (lineno, "".join(sorted(unknown_flags))))
        entries.append({"lo": lo, "hi": hi, "flags": flags, "comps": comps, "dlpkey": dlpkey,
                        "title": title.strip(), "line": lineno})
    if release is None:
        raise DictError("no 'Release:' line in the dictionary header")
    return release, entries


def check(entries, linters, limits):
    keys = sorted(set(entries[i]["lo"] for i in range(len(entries))))
    if [e["lo"] for e in entries] != sorted(e["lo"] for e in entries):
        raise DictError("entries are not in lexical order of their AI")
    if len(keys) != len(entries):
        raise DictError("an AI appears twice")

    def find(ai):
        for e in entries:
            if len(e["lo"]) == len(ai) and e["lo"] <= ai <= e["hi"]:
                return e
        return None

    for e in entries:
        where = "line %d (AI %s)" % (e["line"], e["lo"])
        if len(e["comps"]) > limits["GS1_MAX_COMPONENTS"]:
            raise DictError("%s: more than GS1_MAX_COMPONENTS components" % where)
        total = 0
        for c in e["comps"]:
            total += c["max"]
            if len(c["lint"]) > limits["GS1_MAX_LINTERS"]:
                raise DictError("%s: more than GS1_MAX_LINTERS linters" % where)
            for name in c["lint"]:
                if name.upper() not in linters:
                    raise DictError("%s: linter %r has no GS1_LINT_%s in gs1_syntax.h" % (where, name, name.upper()))
        if total > limits["DPP_DL_MAX_VALUE_LEN"]:
            raise DictError("%s: value up to %d characters > DPP_DL_MAX_VALUE_LEN" % (where, total))
        if e["dlpkey"] is not None:
            if e["lo"] != e["hi"]:
                raise DictError("%s: a range cannot be a primary key" % where)
            if len(e["dlpkey"]) > limits["GS1_DL_MAX_SEQS"]:
                raise DictError("%s: more than GS1_DL_MAX_SEQS qualifier sequences" % where)
            for seq in e["dlpkey"]:
                if len(seq) > limits["GS1_DL_MAX_SEQ_LEN"]:
                    raise DictError("%s: qualifier sequence longer than GS1_DL_MAX_SEQ_LEN" % where)
                if len(set(seq)) != len(seq):
                    raise DictError("%s: qualifier repeated in a sequence" % where)
                for q in seq:
                    qe = find(q)
                    if qe is None:
                        raise DictError("%s: qualifier %s is not in the dictionary" % (where, q))
                    if qe["dlpkey"] is not None:
                        raise DictError("%s: qualifier %s is itself a primary key" % (where, q))


def c_str(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\\\"":
            out.append("\\" + ch)
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        else:
            out.extend("\\%03o" % b for b in ch.encode("utf-8"))
    return '"' + "".join(out) + '"'


def emit(release, entries, repo, commit):
    lines = []
    w = lines.append
    w("/* SPDX-License-Identifier: Apache-2.0 */")
    w("/*")
    w(" * GENERATED by scripts/gen_gs1_syntax.py -- do not edit; edit the script and")
    w(" * run it again (ctest gs1_syntax_table_generated checks this file is current).")
    w(" *")
    w(" * Source: GS1 Barcode Syntax Dictionary, libdpp/gs1/gs1-syntax-dictionary.txt")
    w(" *   %s @ %s" % (repo, commit))
    w(" *   Release: %s" % release)
    w(" *   Copyright (c) 2020-2021 BWIPP project, (c) 2020-2021 Zint Project,")
    w(" *   (c) 2021-2025 GS1 AISBL; Apache-2.0 (libdpp/gs1/LICENSE).")
    w(" */")
    w('#include "gs1_syntax.h"')
    w("")
    w("const char dpp_gs1_syntax_source[] = %s;" % c_str("%s@%s, Release: %s" % (repo, commit, release)))
    w("")
    keys = [e for e in entries if e["dlpkey"] is not None]
    w("const gs1_dlpkey_def dpp_gs1_dlpkey_table[] = {")
    for e in keys:
        seqs = ", ".join("{%d, {%s}}" % (len(s), ", ".join(c_str(q) for q in s)) for s in e["dlpkey"])
        w("    {%d, {%s}}, /* %s */" % (len(e["dlpkey"]), seqs, e["lo"]) if seqs else
          "    {0, {{0, {\"\"}}}}, /* %s */" % e["lo"])
    w("};")
    w("const size_t dpp_gs1_dlpkey_table_len = sizeof dpp_gs1_dlpkey_table / sizeof dpp_gs1_dlpkey_table[0];")
    w("")
    w("const gs1_ai_def dpp_gs1_ai_table[] = {")
    for e in entries:
        flags = []
        if "*" in e["flags"]:
            flags.append("GS1_F_PREDEF")
        if "?" in e["flags"]:
            flags.append("GS1_F_DLATTR")
        comps = []
        for c in e["comps"]:
            lint = ", ".join("GS1_LINT_" + n.upper() for n in c["lint"]) or "GS1_LINT_NONE"
            comps.append("{GS1_CSET_%s, %d, %d, %d, {%s}}" % (c["cset"], c["min"], c["max"], int(c["opt"]), lint))
        dl = keys.index(e) if e["dlpkey"] is not None else -1
        w("    {%s, %s, %s, %d, {%s}, %d, %s}," % (c_str(e["lo"]), c_str(e["hi"]), " | ".join(flags) or "0",
                                                len(comps), ", ".join(comps), dl, c_str(e["title"])))
    w("};")
    w("const size_t dpp_gs1_ai_table_len = sizeof dpp_gs1_ai_table / sizeof dpp_gs1_ai_table[0];")
    return "\n".join(lines) + "\n"


def generate():
    linters, limits = header_info()
    repo, commit = source_info()
    release, entries = parse(open(DICT, encoding="utf-8").read())
    check(entries, linters, limits)
    return emit(release, entries, repo, commit)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=OUT, help="output file (default: the committed table)")
    ap.add_argument("--check", action="store_true", help="compare with the committed table, write nothing")
    args = ap.parse_args()
    try:
        text = generate()
    except DictError as e:
        print("gen_gs1_syntax: %s" % e, file=sys.stderr)
        return 2
    if args.check:
        try:
            current = open(OUT, encoding="utf-8").read()
        except OSError as e:
            print("gen_gs1_syntax: %s" % e, file=sys.stderr)
            return 1
        if current != text:
            print("gen_gs1_syntax: %s is not what the script generates; run "
                  "python3 scripts/gen_gs1_syntax.py" % os.path.relpath(OUT, ROOT), file=sys.stderr)
            return 1
        print("gen_gs1_syntax: %s is current" % os.path.relpath(OUT, ROOT))
        return 0
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
