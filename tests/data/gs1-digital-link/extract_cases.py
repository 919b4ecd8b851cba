#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Extracts the URI test cases of GS1's digital-link.js test suite
(tests_index.js, vendored here; see SOURCE) into cases.json.

    python3 extract_cases.py           # rewrite cases.json
    python3 extract_cases.py --check   # exit 1 if cases.json is not what this writes

Every single-quoted string literal of tests_index.js that starts with
"https://" or "http://", or is passed to DigitalLink(), is one entry, with its
line, the enclosing it() title and what the suite expects of it:

  "valid"       the suite asserts the URI is a valid Digital Link URI
                (isValid() true, a validation trace with success: true,
                isCheckDigitValid() true), parses it and checks the parsed
                fields, or it is output GS1's library generates (an
                `expected` of toWebUriString()/decompressWebUri()/
                compressWebUri(), or a DATA value its generators reproduce);
  "invalid"     isValid() false, a trace with success: false,
                isCheckDigitValid() false, or DigitalLink() throws;
  "unasserted"  used only as input to a function whose result says nothing
                about validity (compressWebUri, isCompressedWebUri, the HTML
                generators, a validation trace looked into for one rule);
  "not-a-uri"   not a URI test case: a domain passed to setDomain(), or a
                fragment of a validation trace ("match"/"remainder").

The rules are mechanical (regular expressions over the it() block that holds
the literal); the extractor fails if a literal matches none of them, so a new
suite version cannot slip cases past the test. "how" names the rule used.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "tests_index.js")
OUT = os.path.join(HERE, "cases.json")

LIT = re.compile(r"'((?:[^'\\]|\\.)*)'")
IT = re.compile(r"""^\s*it\((['"])(.*?)\1""")
BLOCK_START = re.compile(r"^\s*(it|describe)\(")


class ExtractError(Exception):
    pass


def blocks(lines):
    """(start, end) line index ranges of it() blocks, and the title of each line."""
    titles = [None] * len(lines)
    starts = [i for i, l in enumerate(lines) if BLOCK_START.match(l)]
    spans = {}
    for n, s in enumerate(starts):
        e = starts[n + 1] if n + 1 < len(starts) else len(lines)
        m = IT.match(lines[s])
        for i in range(s, e):
            titles[i] = m.group(2) if m else None
            spans[i] = (s, e)
    return titles, spans


def after(text, pos, pattern):
    m = re.compile(pattern, re.S).search(text, pos)
    return m


def classify_dl_use(block, pos):
    """The suite's expectation for `DigitalLink(<x>)` found at block[pos:]."""
    head = block[:pos]
    # expect(() => DigitalLink(x)).to.throw()  /  expect(() => { DigitalLink(x); }).to.throw()
    if re.search(r"expect\(\(\)\s*=>\s*(\{\s*)?$", head):
        tail = block[pos:]
        m = re.match(r"DigitalLink\([^)]*\)\s*;?\s*\}?\s*\)\.to\.(not\.)?throw\(\)", tail)
        if m:
            return ("invalid", "DigitalLink() throws") if not m.group(1) else \
                   ("unasserted", "DigitalLink() does not throw (construction only, not validity)")
    # (const|let)? dl = DigitalLink(x); ... expect(dl.<check>()).to.equal(X) before the next dl =
    m = re.search(r"(?:const |let )?(\w+)\s*=\s*$", head)
    if m:
        var = m.group(1)
        rest = block[pos:]
        nxt = re.search(r"\b%s\s*=\s*DigitalLink\(" % re.escape(var), rest[1:])
        scope = rest if nxt is None else rest[:nxt.start() + 1]
        sort = re.search(r"\b%s\.setSortKeyQualifiers\(true\)" % re.escape(var), scope)
        v = re.search(r"expect\(%s\.(isValid|isCheckDigitValid)\(\)\)\.to\.equal\((true|false)\)" % re.escape(var),
                      scope)
        if v:
            how = "%s() %s" % (v.group(1), v.group(2))
            if sort:
                how += " after setSortKeyQualifiers(true)"
            return ("valid" if v.group(2) == "true" else "invalid", how)
        if re.search(r"%s\.getValidationTrace\(\)\)\.to\.deep\.equal\(expected\)" % re.escape(var), scope):
            s = re.search(r"success:\s*(true|false)", block)
            if s:
                return ("valid" if s.group(1) == "true" else "invalid", "validation trace success: " + s.group(1))
        if re.search(r"%s\.getValidationTrace\(\)" % re.escape(var), scope):
            return ("unasserted", "validation trace looked into for one rule only")
        if re.search(r"expect\(%s\.(getDomain|getIdentifier|toWebUriString)\(\)\)" % re.escape(var), scope):
            return ("valid", "parsed; the parsed fields are asserted")
    # DigitalLink(x).isValid()).to.equal(X)
    m = re.match(r"DigitalLink\([^)]*\)\.isValid\(\)\)\.to\.equal\((true|false)\)", block[pos:])
    if m:
        return ("valid" if m.group(1) == "true" else "invalid", "isValid() " + m.group(1))
    return None


def classify(lines, titles, spans, i, col, lit, data_uses):
    line = lines[i]
    prefix = line[:col]
    if re.search(r"(match|remainder):\s*$", prefix) or \
            (prefix.strip() == "" and re.search(r"(match|remainder):\s*$", lines[i - 1])):
        return ("not-a-uri", "validation trace fragment")
    if re.search(r"setDomain\((\{\s*url:\s*)?$", prefix):
        return ("not-a-uri", "domain passed to setDomain()")
    if titles[i] is None:
        # the DATA object: name the key, then judge the uses of DATA.<key>
        m = re.search(r"(\w+):\s*$", prefix) or (prefix.strip() == "" and re.search(r"(\w+):\s*$", lines[i - 1]))
        if not m:
            raise ExtractError("line %d: literal outside it() and not a DATA member" % (i + 1))
        key = m.group(1)
        uses = data_uses.get(key)
        if not uses:
            raise ExtractError("line %d: DATA.%s never passed to DigitalLink()" % (i + 1, key))
        return uses
    s, e = spans[i]
    block_lines = lines[s:e]
    block = "\n".join(block_lines)
    pos = sum(len(l) + 1 for l in lines[s:i]) + col  # position of the opening quote
    head = block[:pos]
    if head.rstrip().endswith("DigitalLink("):
        r = classify_dl_use(block, len(head.rstrip()) - len("DigitalLink("))
        if r:
            return r
    m = re.search(r"const (\w+)\s*=\s*$", head)
    if m:
        var = m.group(1)
        rest = block[pos:]
        if re.search(r"setDomain\(%s\)" % var, rest):
            return ("not-a-uri", "domain passed to setDomain()")
        found = [classify_dl_use(block, pos + u.start()) for u in re.finditer(r"DigitalLink\(%s\)" % var, rest)]
        found = [r for r in found if r]
        if found:
            asserted = [r for r in found if r[0] != "unasserted"]
            return (asserted or found)[0]
        if var == "expected":
            g = re.search(r"expect\((Utils\.\w+|dl\.toWebUriString)\(.*?\)\)\.to\.equal\(expected\)", rest, re.S)
            if g:
                return ("valid", "output of GS1's %s()" % g.group(1).split(".")[-1])
            g = re.search(r"const (\w+) = (Utils\.\w+)\(.*?expect\(\1\)\.to\.equal\(expected\)", rest, re.S)
            if g:
                return ("valid", "output of GS1's %s()" % g.group(2).split(".")[-1])
        if var == "input":
            g = re.search(r"(Utils\.\w+)\(input", rest)
            if g:
                return ("unasserted", "input of %s()" % g.group(1))
    if re.search(r"expect\(dl\.toWebUriString\(\)\)\.to\.equal\($", head):
        return ("valid", "output of GS1's toWebUriString()")
    raise ExtractError("line %d: no rule classifies %r" % (i + 1, lit))


def extract():
    text = open(SRC, encoding="utf-8").read()
    lines = text.split("\n")
    titles, spans = blocks(lines)
    # DATA.<key> uses: judged where DigitalLink(DATA.key) or a generator's output is compared
    data_uses = {}
    for l in lines:
        m = re.search(r"expect\(\w+\(\)\.(toWebUriString|toCompressedWebUriString)\(\)\)\.to\.equal\(DATA\.(\w+)\)", l)
        if m:
            data_uses.setdefault(m.group(2), ("valid", "output of GS1's %s() (DATA.%s)" % (m.group(1), m.group(2))))
    for i, l in enumerate(lines):
        for m in re.finditer(r"DigitalLink\(DATA\.(\w+)\)", l):
            if titles[i] is None:
                # createUsingString = () => DigitalLink(DATA.url): its uses decide
                if re.search(r"const (\w+) = \(\) => DigitalLink", l):
                    fn = re.search(r"const (\w+) = ", l).group(1)
                    for j, l2 in enumerate(lines):
                        if re.search(r"expect\(%s\)\.to\.not\.throw\(\)" % fn, l2):
                            data_uses.setdefault(m.group(1), ("valid", "%s() (DigitalLink(DATA.%s)) does not throw"
                                                              % (fn, m.group(1))))
                continue
            s, e = spans[i]
            block = "\n".join(lines[s:e])
            pos = sum(len(x) + 1 for x in lines[s:i]) + m.start()
            r = classify_dl_use(block, pos)
            if r:
                data_uses.setdefault(m.group(1), (r[0], r[1] + " (DATA.%s)" % m.group(1)))
    cases = []
    for i, l in enumerate(lines):
        for m in LIT.finditer(l):
            lit = m.group(1)
            if not (lit.startswith("https://") or lit.startswith("http://") or
                    l[:m.start()].endswith("DigitalLink(")):
                continue
            expect, how = classify(lines, titles, spans, i, m.start(), lit, data_uses)
            cases.append({"id": "L%d" % (i + 1), "uri": lit, "suite": expect, "how": how,
                          "test": titles[i] if titles[i] is not None else "DATA"})
    ids = [c["id"] for c in cases]
    if len(ids) != len(set(ids)):
        raise ExtractError("two cases on one line")
    return {"source": "gs1/digital-link.js@91c85c04e2dde355e02f616179220eef4a3e9ac4 tests/index.js",
            "generator": "tests/data/gs1-digital-link/extract_cases.py",
            "cases": cases}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    try:
        text = json.dumps(extract(), indent=1, ensure_ascii=True) + "\n"
    except ExtractError as e:
        print("extract_cases: %s" % e, file=sys.stderr)
        return 2
    if args.check:
        try:
            cur = open(OUT, encoding="utf-8").read()
        except OSError as e:
            print("extract_cases: %s" % e, file=sys.stderr)
            return 1
        if cur != text:
            print("extract_cases: cases.json is not what extract_cases.py writes; run it", file=sys.stderr)
            return 1
        print("extract_cases: cases.json is current (%d cases)" % len(json.loads(text)["cases"]))
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
