#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""ctest "vectors": the published test vectors (test-vectors/) are what the
generator makes, and every implementation gives the expected outcome.

  (a) regenerate: test-vectors/generate.py --out TMP, then compare keys/,
      vectors/ and index.json with the committed files byte for byte;
  (b) libdpp (through tests/vectors/vector_tool): every vector verifies or is
      rejected with exactly the expected error name and failing check; a
      verified passport and its claims equal the expected ones; for the
      deterministic (Ed25519) valid vectors libdpp's encoder reproduces the
      text byte for byte from the inputs (DPP1: text, or the link form when
      the inputs name a resolver and form "link");
  (c) the Python interop verifier tests/interop/pydpp.py, when present, gives
      the same outcome on every vector (skipped with a note otherwise).
A trusted key that must be refused (the key-weak-* vectors) is reported at
the pseudo-check "trusted_keys", by vector_tool and here for pydpp.

Usage: check_vectors.py --tool build/tests/vectors/vector_tool [--no-regen] [--no-pydpp] [-v]
Prints one line per failure and a closing "N passed, N failed" line.
"""

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TV = os.path.join(ROOT, "test-vectors")


class Tally:
    def __init__(self, verbose):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.verbose = verbose

    def ok(self, what):
        self.passed += 1
        if self.verbose:
            print("ok   %s" % what)

    def fail(self, what, detail):
        self.failed += 1
        print("FAIL %s: %s" % (what, detail))

    def skip(self, what, why):
        self.skipped += 1
        print("SKIP %s: %s" % (what, why))


def load_vectors(d):
    out = []
    for fn in sorted(os.listdir(os.path.join(d, "vectors"))):
        if fn.endswith(".json"):
            with open(os.path.join(d, "vectors", fn), encoding="utf-8") as f:
                out.append(json.load(f))
    return out


def compare_trees(a, b):
    """Files that differ between the committed tree a and the regenerated tree b."""
    diffs = []
    for sub in ("keys", "vectors"):
        da, db = os.path.join(a, sub), os.path.join(b, sub)
        na = set(os.listdir(da)) if os.path.isdir(da) else set()
        nb = set(os.listdir(db)) if os.path.isdir(db) else set()
        for n in sorted(na - nb):
            diffs.append("%s/%s: committed but not generated" % (sub, n))
        for n in sorted(nb - na):
            diffs.append("%s/%s: generated but not committed" % (sub, n))
        for n in sorted(na & nb):
            if not filecmp.cmp(os.path.join(da, n), os.path.join(db, n), shallow=False):
                diffs.append("%s/%s: content differs" % (sub, n))
    for n in ("index.json", "README.md"):
        if not filecmp.cmp(os.path.join(a, n), os.path.join(b, n), shallow=False):
            diffs.append("%s: content differs" % n)
    return diffs


def check_regen(t, python, tool):
    with tempfile.TemporaryDirectory(prefix="dpp-vectors-") as tmp:
        p = subprocess.run([python, os.path.join(TV, "generate.py"), "--out", tmp, "--tool", tool],
                           capture_output=True, text=True)
        if p.returncode != 0:
            t.fail("regenerate", "generate.py failed: %s%s" % (p.stdout, p.stderr))
            return
        diffs = compare_trees(TV, tmp)
        if diffs:
            t.fail("regenerate", "committed vectors differ from generate.py output (run "
                   "'/usr/bin/python3 test-vectors/generate.py' and review):\n  " + "\n  ".join(diffs[:40]))
        else:
            t.ok("regenerate: committed files == generator output")


def run_tool(tool, args, stdin=None):
    p = subprocess.run([tool] + args, capture_output=True)
    if p.returncode != 0:
        raise RuntimeError("vector_tool %s exited %d: %s" % (args[0], p.returncode, p.stderr.decode(errors="replace")))
    return p.stdout.decode("utf-8")


def verify_args(v, tmp):
    """vector_tool verify options for a vector: pinned operators, signed lists, policy, trusted keys."""
    inp = v["inputs"]
    args = []
    for k in inp.get("operator_keys", []):
        args += ["--operator", os.path.join(TV, k["file"])]
    for name, opt in (("trust_list", "--trust-list"), ("revocation_list", "--revocation-list")):
        if name in inp:
            path = os.path.join(tmp, name + ".cose")
            with open(path, "wb") as f:
                f.write(bytes.fromhex(inp[name]["cose"]))
            args += [opt, path]
    for name in sorted(inp.get("scheme_operator_keys", {})):
        for k in inp["scheme_operator_keys"][name]:
            args += ["--scheme-operator", name, os.path.join(TV, k["file"])]
    for i, lst in enumerate(inp.get("lists", [])):  # loaded in order, after trust_list / revocation_list
        path = os.path.join(tmp, "list%d.cose" % i)
        with open(path, "wb") as f:
            f.write(bytes.fromhex(lst["cose"]))
        args += ["--list", lst["kind"], lst["scheme"] if lst.get("scheme") is not None else "-", path]
    for c in inp.get("ca_certificates", []):
        args += ["--ca", os.path.join(TV, c["file"])]
    for c in inp.get("signer_certificates", []):
        args += ["--cert", os.path.join(TV, c["file"])]
    if "list_policy" in inp:
        args += ["--min-sequence", str(inp["list_policy"]["min_sequence"]),
                 "--grace", str(inp["list_policy"]["grace_seconds"])]
    return args + [os.path.join(TV, k["file"]) for k in inp["trusted_keys"]]


def check_outcome(t, who, v, error, check, passport, claims, signer_scheme=None, revoked_by=None):
    """signer_scheme, revoked_by: compared when the vector expects them (spec/trust.md 3.8)."""
    exp = v["expected"]
    what = "%s %s" % (who, v["id"])
    for name, got in (("signer_scheme", signer_scheme), ("revoked_by", revoked_by)):
        if name in exp and got != exp[name]:
            t.fail(what, "%s %r, expected %r" % (name, got, exp[name]))
            return
    if exp["outcome"] == "verified":
        if error is not None:
            t.fail(what, "expected verified, got %s (check %s)" % (error, check))
            return
        if passport != exp["passport"]:
            t.fail(what, "verified passport differs from expected:\n    got      %s\n    expected %s"
                   % (json.dumps(passport, ensure_ascii=False), json.dumps(exp["passport"], ensure_ascii=False)))
            return
        if exp.get("claims") is not None and claims != exp["claims"]:
            t.fail(what, "claims %s != expected %s" % (claims, exp["claims"]))
            return
        t.ok(what)
    else:
        if error != exp["error"] or check != exp["check"]:
            t.fail(what, "expected %s at check %s, got %s at check %s" % (exp["error"], exp["check"], error, check))
            return
        t.ok(what)


def check_libdpp(t, tool, vectors):
    with tempfile.TemporaryDirectory(prefix="dpp-vt-") as tmp:
        for v in vectors:
            tf = os.path.join(tmp, "text")
            with open(tf, "wb") as f:
                f.write(v["text"].encode("utf-8"))
            try:
                out = run_tool(tool, ["verify", tf, str(v["inputs"]["validation_time"])] + verify_args(v, tmp))
                r = json.loads(out)
            except (RuntimeError, ValueError) as e:
                t.fail("libdpp %s" % v["id"], str(e))
                continue
            check_outcome(t, "libdpp", v, r["error"], r["check"], r["passport"], r["claims"], r.get("signer_scheme"),
                          r.get("revoked_by"))
            if v.get("encoder_check"):
                inp = v["inputs"]
                pf = os.path.join(tmp, "passport.json")
                with open(pf, "w", encoding="utf-8") as f:
                    json.dump(inp["passport"], f, ensure_ascii=False)
                if "attestations" in inp:
                    args = ["encode-ex", os.path.join(TV, inp["signing_key"]["file"]), pf, str(inp["iat"]),
                            inp["compress"]]
                    for a in inp["attestations"]:
                        binding = a["binding"] + ("@%d" % a["signed_at"] if "signed_at" in a else "")
                        args += [os.path.join(TV, a["attester_key"]["file"]), ",".join(a["claims"]), binding]
                else:
                    args = ["encode", os.path.join(TV, inp["signing_key"]["file"]), pf, str(inp["iat"]),
                            str(inp["exp"]) if inp.get("exp") is not None else "-",
                            inp["iss"] if inp.get("iss") is not None else "-", inp["compress"]]
                    if "resolver" in inp:  # the resolver claim and the form written (spec/link.md)
                        args += [inp["resolver"], inp.get("form", "text")]
                try:
                    text = run_tool(tool, args)
                except RuntimeError as e:
                    t.fail("libdpp-encode %s" % v["id"], str(e))
                    continue
                if text != v["text"]:
                    t.fail("libdpp-encode %s" % v["id"], "libdpp's text differs from the vector's:\n    got      %s\n"
                           "    expected %s" % (text[:120], v["text"][:120]))
                else:
                    t.ok("libdpp-encode %s" % v["id"])


def check_pydpp(t, vectors):
    path = os.path.join(ROOT, "tests", "interop", "pydpp.py")
    if not os.path.exists(path):
        t.skip("pydpp", "tests/interop/pydpp.py is not there yet; part (c) skipped")
        return
    sys.path.insert(0, os.path.dirname(path))
    try:
        import pydpp  # noqa: PLC0415
    except Exception as e:  # noqa: BLE001 - the file is in the repository: not importing it is a failure
        t.fail("pydpp", "tests/interop/pydpp.py does not import (%s); part (c) not run" % e)
        return
    for v in vectors:
        try:
            try:
                error, check, r = pydpp.run_vector(v, TV)
            except NotImplementedError as e:
                t.skip("pydpp %s" % v["id"], "needs %s, which pydpp does not implement" % e)
                continue
            passport = pydpp.passport_to_json_obj(r.passport) if r is not None and r.passport is not None else None
            check_outcome(t, "pydpp", v, error, check, passport, r.claims if r is not None else None,
                          getattr(r, "scheme", None), getattr(r, "revoked_by", None))
        except Exception as e:  # noqa: BLE001 - a crash of the other implementation is a failure
            t.fail("pydpp %s" % v["id"], "exception: %r" % (e,))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True, help="path of vector_tool")
    ap.add_argument("--python", default="/usr/bin/python3", help="interpreter for generate.py")
    ap.add_argument("--no-regen", action="store_true")
    ap.add_argument("--no-pydpp", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    t = Tally(a.verbose)
    vectors = load_vectors(TV)
    if len(vectors) < 60:
        t.fail("catalogue", "only %d vectors (at least 60 expected)" % len(vectors))
    if not a.no_regen:
        check_regen(t, a.python, a.tool)
    check_libdpp(t, a.tool, vectors)
    if not a.no_pydpp:
        check_pydpp(t, vectors)
    print("vectors: %d passed, %d failed, %d skipped" % (t.passed, t.failed, t.skipped))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
