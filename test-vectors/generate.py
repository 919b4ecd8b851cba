#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Generates libdpp's published test vectors (see README.md beside this file).

    /usr/bin/python3 test-vectors/generate.py               # rewrite test-vectors/
    /usr/bin/python3 test-vectors/generate.py --out DIR     # write into DIR instead
    /usr/bin/python3 test-vectors/generate.py --new-signatures
                      # (re)sign ECDSA/PSS vectors whose signed bytes changed

Deterministic: running it twice gives identical files. Inputs are the files
under test-vectors/passports/, the RSA key test-vectors/keys/ps256.pem and the
ECDSA/PSS signatures in test-vectors/fixed/signatures.json (both created once,
then kept: cryptography cannot make ECDSA or PSS deterministic). Ed25519 and
EC keys are derived from fixed seeds; Ed25519 signatures are deterministic.
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dppvec as V  # noqa: E402
from dppvec import Indef, Int, OMap, Raw, Simple, Tag, enc  # noqa: E402

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

# Fixed times (seconds since the epoch, UTC).
IAT = 1764547200   # 2025-12-01T00:00:00Z
EXP = 1798761600   # 2027-01-01T00:00:00Z
NOW = 1767225600   # 2026-01-01T00:00:00Z: the default validation time
SKEW = 300


def utc(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------
# Keys (TEST KEYS ONLY: their private halves are public)
# ---------------------------------------------------------------------------

CERT_NOT_BEFORE = 1735689600  # 2025-01-01T00:00:00Z
# Role policy OIDs (spec/trust.md §4, §4.1): 2.25 + the UUID as one integer (X.667), computed here
OID_MANUFACTURER_UUID = "2.25.%d" % int("20a70004e4d348cc8d0742453741e3e1", 16)
OID_CERTIFIER_UUID = "2.25.%d" % int("a55ab0a9ecf3484095b985624fd08482", 16)
OID_MANUFACTURER_ARC = "2.999.4711.1.1"
OID_X667_EXAMPLE = "2.25.%d" % int("f81d4fae7dec11d0a76500a0c91e6bf6", 16)   # X.667's example: no role
assert OID_MANUFACTURER_UUID == "2.25.43402409828223283574833853215675638753"
assert OID_X667_EXAMPLE == "2.25.329800735698586629295641978511506172918"
CERT_NOT_AFTER = 1798761599   # 2026-12-31T23:59:59Z


class Keys:
    def __init__(self, src_keys):
        self.k = {}
        for name, alg in (("ed25519", "EdDSA"), ("es256", "ES256"), ("es384", "ES384"),
                          ("ed25519-untrusted", "EdDSA"), ("ed25519-other", "EdDSA"),
                          ("es256-other", "ES256"), ("ed25519-cert", "EdDSA"),
                          ("operator", "EdDSA"), ("operator-other", "EdDSA"), ("certifier", "EdDSA"),
                          ("operator-2", "EdDSA"), ("operator-3", "EdDSA"), ("operator-cn", "EdDSA"),
                          ("ca-x509", "EdDSA"), ("ca-x509-other", "EdDSA"), ("ed25519-x509", "EdDSA")):
            self.k[name] = V.derived_key(name, alg)
        self.k["ps256"] = V.load_private_pem("ps256", os.path.join(src_keys, "ps256.pem"))
        self.cert_pem = self._cert()
        self.x509 = self._x509_certs()
        # public keys a verifier must refuse (spec section 5.2): keys/weak-<name>.pub.pem
        self.weak = V.weak_keys(self.k["ps256"].pub.public_numbers().n)

    def __getitem__(self, name):
        return self.k[name]

    def _cert(self):
        """Self-signed certificate of ed25519-cert (Ed25519 signatures are deterministic)."""
        key = self.k["ed25519-cert"]
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "libdpp test vectors certificate (TEST ONLY)")])
        b = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.pub)
             .serial_number(0x0D550001)
             .not_valid_before(datetime.datetime.fromtimestamp(CERT_NOT_BEFORE, datetime.timezone.utc)
                               .replace(tzinfo=None))
             .not_valid_after(datetime.datetime.fromtimestamp(CERT_NOT_AFTER, datetime.timezone.utc)
                              .replace(tzinfo=None))
             .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), True))
        cert = b.sign(key.priv, None)
        return cert.public_bytes(serialization.Encoding.PEM).decode()

    def _x509_certs(self):
        """A test CA (Ed25519) and signer certificates of ed25519-x509 with role policies (spec/trust.md
        §4, §4.1): name -> PEM, written as keys/<name>.crt.pem. Deterministic (Ed25519, fixed serials)."""
        nb = datetime.datetime.fromtimestamp(CERT_NOT_BEFORE, datetime.timezone.utc).replace(tzinfo=None)
        na = datetime.datetime.fromtimestamp(CERT_NOT_AFTER, datetime.timezone.utc).replace(tzinfo=None)

        def nm(cn):
            return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

        def ca(key, cn, serial):
            ski = x509.SubjectKeyIdentifier.from_public_key(key.pub)
            b = (x509.CertificateBuilder().subject_name(nm(cn)).issuer_name(nm(cn)).public_key(key.pub)
                 .serial_number(serial).not_valid_before(nb).not_valid_after(na)
                 .add_extension(x509.BasicConstraints(True, None), True)
                 .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), True)
                 .add_extension(ski, False))
            return b.sign(key.priv, None)

        def leaf(issuer_key, issuer_cert, oids, serial):
            key = self.k["ed25519-x509"]
            b = (x509.CertificateBuilder().subject_name(nm("libdpp test vectors X.509 signer (TEST ONLY)"))
                 .issuer_name(issuer_cert.subject).public_key(key.pub).serial_number(serial)
                 .not_valid_before(nb).not_valid_after(na)
                 .add_extension(x509.BasicConstraints(False, None), True)
                 .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), True)
                 .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.pub), False)
                 .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.pub), False)
                 # certificatePolicies in DER by hand: cryptography 38 cannot parse 128-bit OID arcs
                 .add_extension(x509.UnrecognizedExtension(x509.ObjectIdentifier("2.5.29.32"), V.der_tlv(
                     0x30, b"".join(V.der_tlv(0x30, V.der_oid(o)) for o in oids))), False))
            return b.sign(issuer_key.priv, None)

        pem = lambda c: c.public_bytes(serialization.Encoding.PEM).decode()  # noqa: E731
        root = ca(self.k["ca-x509"], "libdpp test vectors CA (TEST ONLY)", 0x0D550100)
        other = ca(self.k["ca-x509-other"], "libdpp test vectors other CA (TEST ONLY)", 0x0D550200)
        out = {"ca-x509": pem(root), "ca-x509-other": pem(other)}
        for i, (name, oids, issuer) in enumerate((
                ("x509-manufacturer-uuid", [OID_MANUFACTURER_UUID], "ca-x509"),
                ("x509-manufacturer-both-arcs", [OID_MANUFACTURER_ARC, OID_MANUFACTURER_UUID], "ca-x509"),
                ("x509-certifier-uuid", [OID_CERTIFIER_UUID], "ca-x509"),
                ("x509-two-roles-uuid", [OID_MANUFACTURER_UUID, OID_CERTIFIER_UUID], "ca-x509"),
                ("x509-unknown-uuid", [OID_X667_EXAMPLE], "ca-x509"),
                ("x509-manufacturer-uuid-other-ca", [OID_MANUFACTURER_UUID], "ca-x509-other"))):
            ik, ic = self.k[issuer], (root if issuer == "ca-x509" else other)
            out[name] = pem(leaf(ik, ic, oids, 0x0D551000 + i))
        return out

    def write(self, out_keys):
        os.makedirs(out_keys, exist_ok=True)
        for name in sorted(self.k):
            k = self.k[name]
            with open(os.path.join(out_keys, name + ".pem"), "w") as f:
                f.write(k.private_pem())
            with open(os.path.join(out_keys, name + ".pub.pem"), "w") as f:
                f.write(k.public_pem())
        with open(os.path.join(out_keys, "ed25519-cert.crt.pem"), "w") as f:
            f.write(self.cert_pem)
        for name in sorted(self.x509):
            with open(os.path.join(out_keys, name + ".crt.pem"), "w") as f:
                f.write(self.x509[name])
        for name in sorted(self.weak):
            with open(os.path.join(out_keys, "weak-%s.pub.pem" % name), "w") as f:
                f.write(self.weak[name].public_pem())
        with open(os.path.join(out_keys, "README.md"), "w") as f:
            f.write("# TEST KEYS ONLY - DO NOT USE\n\n"
                    "These private keys are published on purpose: they make the libdpp test vectors\n"
                    "reproducible. Anyone can sign anything with them. Never trust them, never put them\n"
                    "in a trust list, never use them for a real passport.\n\n"
                    "Ed25519 and EC keys are derived from fixed public seeds by test-vectors/dppvec.py\n"
                    "(derived_key); ps256.pem (RSA 2048) was generated once and is kept as a fixed input.\n"
                    "ed25519-cert.crt.pem is a self-signed certificate of ed25519-cert.pem, valid\n"
                    "2025-01-01T00:00:00Z to 2026-12-31T23:59:59Z.\n\n"
                    "ca-x509.crt.pem and ca-x509-other.crt.pem are test CAs (their keys ca-x509*.pem);\n"
                    "x509-*.crt.pem are certificates of ed25519-x509.pem issued by them with libdpp role\n"
                    "policy OIDs (spec/trust.md section 4.1), same validity.\n\n"
                    "weak-*.pub.pem are degenerate public keys (no private half) that every verifier\n"
                    "must refuse with DPP_ERR_KEY_WEAK (spec section 5.2): Ed25519 points of small\n"
                    "order, a P-256 point at infinity or off the curve, RSA with e = 1 or a 1024-bit\n"
                    "modulus. Built byte by byte by test-vectors/dppvec.py (weak_keys).\n")

    def trusted_entry(self, name):
        if name.startswith("weak-"):
            k = self.weak[name[5:]]
            return {"file": "keys/%s.pub.pem" % name, "alg": k.alg, "kid": k.kid.hex(), "pem": k.public_pem()}
        if name.endswith(".crt"):
            k = self.k[name[:-4]]
            return {"file": "keys/%s.crt.pem" % name[:-4], "alg": k.alg, "kid": k.kid.hex(),
                    "certificate": {"not_before": CERT_NOT_BEFORE, "not_after": CERT_NOT_AFTER},
                    "pem": self.cert_pem}
        k = self.k[name]
        return {"file": "keys/%s.pub.pem" % name, "alg": k.alg, "kid": k.kid.hex(), "pem": k.public_pem()}


# ---------------------------------------------------------------------------
# Fixed signatures for the randomized algorithms
# ---------------------------------------------------------------------------

class Signatures:
    """ECDSA and PSS signatures are random. Each one is made once and stored in
    fixed/signatures.json with the SHA-256 of the Sig_structure it signs; later
    runs re-check and reuse it. A changed Sig_structure needs --new-signatures."""

    def __init__(self, path, allow_new):
        self.path = path
        self.allow_new = allow_new
        self.data = {}
        if os.path.exists(path):
            with open(path) as f:
                self.data = json.load(f)
        self.used = {}
        self.changed = False

    def get(self, vid, key, tbs, raw_sign=None):
        h = hashlib.sha256(tbs).hexdigest()
        ent = self.data.get(vid)
        if ent is not None and ent["key"] == key.name and ent["sig_structure_sha256"] == h:
            sig = bytes.fromhex(ent["signature"])
            if raw_sign is None and not key.verify(tbs, sig):
                raise SystemExit("fixed signature of %s does not verify" % vid)
        else:
            if not self.allow_new:
                raise SystemExit("vector %s: no fixed signature for its Sig_structure (sha256 %s); "
                                 "run generate.py --new-signatures to make one" % (vid, h))
            sig = raw_sign(tbs) if raw_sign is not None else key.sign(tbs)
            self.changed = True
        self.used[vid] = {"key": key.name, "sig_structure_sha256": h, "signature": sig.hex()}
        return sig

    def save(self):
        if self.used != self.data:
            self.changed = True
        if self.changed:
            V.write_json(self.path, dict(sorted(self.used.items())))


# ---------------------------------------------------------------------------
# Vector construction
# ---------------------------------------------------------------------------

def load_passport(name):
    with open(os.path.join(HERE, "passports", name + ".json"), encoding="utf-8") as f:
        return json.load(f)


class Gen:
    def __init__(self, keys, sigs, lists=None):
        self.keys = keys
        self.sigs = sigs
        self.lists = lists
        self.vectors = []
        self.ids = set()

    # -- the signing pipeline, with a hook at every layer --------------------
    def build(self, vid, passport_json=None, passport=None, passport_bytes=None, claims=None, payload=None,
              signer="ed25519", iat=IAT, exp=None, iss=None, protected=None, protected_bytes=None,
              unprotected=None, sign_with=None, sig_mut=None, raw_sign=None, cose=None, cose_mut=None,
              compress="never", dictionary=True, body=None, body_mut=None, text=None, text_mut=None,
              resolver=None, form="text", link_json=None):
        """Returns (text, intermediates, inputs-so-far). Each keyword replaces or
        mutates one layer; everything after it is rebuilt from it. resolver:
        the signed resolver claim (-265); form "link": the link form
        (spec/link.md) on that resolver, with the GTIN, batch and serial of
        link_json (default: the passport's own)."""
        im = {}
        key = self.keys[signer]
        sk = self.keys[sign_with] if sign_with else key
        if cose is None:
            if passport is None and passport_json is not None:
                passport = V.passport_model(passport_json)
            if passport_bytes is None and passport is not None:
                passport_bytes = enc(passport)
            if passport_bytes is not None:
                im["passport_cbor"] = passport_bytes.hex()
            if payload is None:
                if claims is None:
                    claims = V.claims_model(Raw(passport_bytes), iat, exp, iss, resolver)
                payload = enc(claims)
            im["cwt_claims"] = payload.hex()
            if protected_bytes is None:
                protected_bytes = enc(protected if protected is not None else V.protected_model(key))
            im["protected"] = protected_bytes.hex()
            tbs = V.sig_structure(protected_bytes, payload)
            im["sig_structure"] = tbs.hex()
            if sk.alg == "EdDSA" and raw_sign is None:
                sig = sk.sign(tbs)
            else:
                sig = self.sigs.get(vid, sk, tbs, raw_sign)
            im["signature"] = sig.hex()
            if sig_mut is not None:
                sig = sig_mut(sig)
                im["signature_sent"] = sig.hex()
            if cose is None:
                cose = V.cose_bytes(protected_bytes, payload, sig, unprotected)
        if cose_mut is not None:
            cose = cose_mut(cose)
        im["cose"] = cose.hex()
        if body is None:
            body, used = V.transport(cose, compress, dictionary)
            if used:
                im["compressed"] = body.hex()
        if body_mut is not None:
            body = body_mut(body)
            im["body"] = body.hex()
        if text is None and form == "link":
            text = V.link_text(body, resolver, link_json if link_json is not None else passport_json)
        elif text is None:
            text = V.text_from_body(body)
        if text_mut is not None:
            text = text_mut(text)
        return text, im, sk

    def add(self, vid, category, description, spec, text, im=None, expect=None, passport_json=None, signer=None,
            iat=None, exp=None, iss=None, compress=None, trusted=("ed25519",), now=NOW, deterministic=True,
            encoder_check=False, claims_expected=None, sign_key=None, lists=None, resolver=None, form=None):
        """resolver: the signed resolver claim (inputs.resolver); form: the form the
        encoder writes (inputs.form, "text" or "link"), given for resolver vectors."""
        assert vid not in self.ids, vid
        self.ids.add(vid)
        inputs = {}
        if passport_json is not None:
            inputs["passport"] = passport_json
        if signer is not None:
            k = self.keys[signer]
            inputs["signing_key"] = {"file": "keys/%s.pem" % signer, "alg": k.alg, "kid": k.kid.hex()}
        if iat is not None:
            inputs["iat"] = iat
        if exp is not None:
            inputs["exp"] = exp
        if iss is not None:
            inputs["iss"] = iss
        if resolver is not None:
            inputs["resolver"] = resolver
        if form is not None:
            inputs["form"] = form
        if compress is not None:
            inputs["compress"] = compress
        inputs["trusted_keys"] = [self.keys.trusted_entry(t) for t in trusted]
        if lists is not None:
            inputs.update(lists)
        inputs["validation_time"] = now
        inputs["validation_time_utc"] = utc(now)
        v = {"id": vid, "category": category, "description": description, "spec": spec,
             "deterministic": deterministic, "encoder_check": encoder_check, "inputs": inputs, "text": text}
        if lists is not None:
            v["requires"] = ["trust-lists"]
        if im:
            v["intermediate"] = im
        if expect is None:
            if claims_expected is not None:
                # the resolver claim (null when absent) and the form the text was in (spec/link.md)
                claims_expected = dict(claims_expected)
                claims_expected.setdefault("resolver", resolver)
                claims_expected.setdefault("form", "link" if V.is_link(text) else "text")
            v["expected"] = {"outcome": "verified", "error": None, "check": None,
                             "passport": V.normalised_json(passport_json), "claims": claims_expected}
        else:
            err, check = expect
            v["expected"] = {"outcome": "rejected", "error": err, "check": check}
        self.vectors.append(v)

    # -- valid vectors -------------------------------------------------------
    def valid(self, vid, description, passport_json, signer="ed25519", compress="never", iat=IAT, exp=None,
              iss=None, trusted=None, now=NOW, spec="§3, §11, §12", dictionary=True, resolver=None, form=None,
              text_mut=None):
        """dictionary=False: a legacy text (zlib without preset dictionary, FDICT = 0), which
        verifiers accept but encoders no longer write, so it is no encoder_check vector; nor is
        one whose text_mut respells what the encoder writes (white space, letter case).
        resolver, form: signed with the resolver claim, written as form "text" or "link"."""
        text, im, key = self.build(vid, passport_json=passport_json, signer=signer, iat=iat, exp=exp, iss=iss,
                                   compress=compress, dictionary=dictionary, resolver=resolver,
                                   form=form or "text", text_mut=text_mut)
        used = "compressed" in im
        claims = {"iat": iat, "exp": exp, "iss": iss, "alg": key.alg, "kid": key.kid.hex(), "compressed": used}
        self.add(vid, "valid", description, spec, text, im, None, passport_json, signer, iat, exp, iss, compress,
                 trusted or (signer,), now, deterministic=(key.alg == "EdDSA"),
                 encoder_check=(key.alg == "EdDSA" and dictionary and text_mut is None), claims_expected=claims,
                 resolver=resolver, form=form)
        return text, im

    # -- rejected vectors built on a signed Ed25519 passport ------------------
    def bad(self, vid, category, description, spec, expect, trusted=("ed25519",), now=NOW, record_passport=True,
            **kw):
        pj = kw.pop("passport_json", None)
        if pj is None and "passport" not in kw and "passport_bytes" not in kw and "payload" not in kw \
                and "claims" not in kw and "cose" not in kw and "body" not in kw and "text" not in kw:
            pj = MINIMAL
        text, im, key = self.build(vid, passport_json=pj, **kw)
        deterministic = key.alg == "EdDSA" and kw.get("raw_sign") is None
        self.add(vid, category, description, spec, text, im, expect, pj if record_passport else None,
                 kw.get("signer", "ed25519"), kw.get("iat", IAT), kw.get("exp"), kw.get("iss"),
                 kw.get("compress", "never"), trusted, now, deterministic=deterministic,
                 resolver=kw.get("resolver") if isinstance(kw.get("resolver"), str) else None,
                 form=kw.get("form") if kw.get("resolver") is not None else None)

    def raw(self, vid, category, description, spec, text, expect, im=None, trusted=("ed25519",), now=NOW):
        """A vector given directly as text (transport-level defects)."""
        self.add(vid, category, description, spec, text, im, expect, None, None, None, None, None, None, trusted, now)


MINIMAL = None


def with_changes(model, path, value):
    """Copy of a CBOR model (dicts/lists) with model[path...] set (value None deletes)."""
    def copy(x):
        if isinstance(x, dict):
            return {k: copy(v) for k, v in x.items()}
        if isinstance(x, list):
            return [copy(v) for v in x]
        return x
    m = copy(model)
    cur = m
    for p in path[:-1]:
        cur = cur[p]
    if value is None:
        del cur[path[-1]]
    else:
        cur[path[-1]] = value
    return m


def generate(g):
    global MINIMAL
    K = g.keys
    minimal = load_passport("minimal")
    full = load_passport("full")
    maximal = load_passport("maximal")
    MINIMAL = minimal
    pm = V.passport_model(minimal)

    # ---------------- valid ----------------
    for alg, key in (("eddsa", "ed25519"), ("es256", "es256"), ("es384", "es384"), ("ps256", "ps256")):
        g.valid("valid-%s-minimal-raw" % alg,
                "%s, minimal passport (Chinese names), not compressed" % K[key].alg, minimal, key, "never")
        g.valid("valid-%s-full-zlib" % alg,
                "%s, examples/passport-full.json, zlib-compressed with preset dictionary v1" % K[key].alg, full,
                key, "always", spec="§3, §4.3, §11, §12")
    sizes = {}
    for name, pj in (("minimal", minimal), ("full", full)):
        c = bytes.fromhex(g.build("x", passport_json=pj)[1]["cose"])
        sizes[name] = (len(V.zlib_compress(c)), len(c))
    assert sizes["minimal"][0] >= sizes["minimal"][1] and sizes["full"][0] < sizes["full"][1], sizes
    g.valid("valid-eddsa-minimal-zlib", "EdDSA, minimal passport, zlib with the dictionary forced although it is "
            "not shorter (%d vs %d bytes; verifiers accept either form)" % sizes["minimal"], minimal, "ed25519",
            "always", spec="§3, §4.3, §11, §12")
    g.valid("valid-eddsa-full-raw", "EdDSA, full passport sent uncompressed", full, "ed25519", "never")
    g.valid("valid-eddsa-minimal-auto", "EdDSA, minimal passport, automatic compression: zlib with the dictionary "
            "is not shorter (%d vs %d bytes), so the COSE message is sent as is" % sizes["minimal"], minimal,
            "ed25519", "auto", spec="§3, §4.3, §11, §12")
    g.valid("valid-eddsa-full-auto", "EdDSA, full passport, automatic compression: zlib with the dictionary is "
            "shorter (%d vs %d bytes)" % sizes["full"], full, "ed25519", "auto", spec="§3, §4.3, §11, §12")
    _, im = g.valid("valid-eddsa-full-zlib-legacy", "EdDSA, full passport, zlib without a preset dictionary "
                    "(FDICT = 0, header 48 C7): the legacy form written before dictionary v1, which verifiers still "
                    "accept; not an encoder check (for these inputs encoders now write the text of "
                    "valid-eddsa-full-zlib)", full, "ed25519", "always", spec="§3, §4.3, §11, §12",
                    dictionary=False)
    assert im["compressed"].startswith("48c7") and im["compressed"] != next(
        v for v in g.vectors if v["id"] == "valid-eddsa-full-zlib")["intermediate"]["compressed"]
    g.valid("valid-eddsa-maximal-auto", "EdDSA, every field present, lists at their maximum length "
            "(16 materials, 5 stages, 8 certifications), nested extensions", maximal, "ed25519", "auto")
    g.valid("valid-es256-maximal-auto", "ES256, the maximal passport", maximal, "es256", "auto")
    g.valid("valid-eddsa-iss-exp", "EdDSA with the optional iss and exp claims", minimal, "ed25519", "never",
            exp=EXP, iss="did:web:steel.example")
    g.valid("valid-eddsa-iat-at-skew", "iat exactly 300 s after the validation time is still accepted (§12 step 10)",
            minimal, "ed25519", "never", iat=NOW + SKEW, spec="§12 step 10")
    g.valid("valid-eddsa-exp-boundary", "exp one second after the validation time is still accepted",
            minimal, "ed25519", "never", exp=NOW + 1, spec="§12 step 11")
    base = {k: minimal[k] for k in ("id", "gtin", "name", "manufacturer")}
    blocks = [
        ("identity", "batch, serial, category and production date",
         {"batch": "B-2025/11", "serial": "SN0001", "category": "Steel products", "production_date": "2025-11-03"}),
        ("operator-id", "manufacturer.operator_id",
         {"manufacturer": dict(minimal["manufacturer"], operator_id={"scheme": "USCC", "value": "91130200MA0GQ8L5XH"})}),
        ("facility", "facility", {"facility": {"id": {"scheme": "GLN", "value": "6948251001008"}, "name": "二号热轧厂"}}),
        ("materials", "materials", {"materials": [
            {"name": "Pig iron", "cas": "7439-89-6", "mass_fraction": "0.82"},
            {"name": "Zinc coating", "mass": "1.250", "mass_unit": "KGM", "recycled_share": "0.3",
             "renewable_share": "0", "origin": "KR", "hazardous": True}]}),
        ("footprint", "footprint", {"footprint": {
            "total": "2390.5", "declared_unit": "TNE", "boundary": "cradle-to-gate", "method": "GB/T 24067",
            "stages": [{"stage": "raw-materials", "value": "240"}, {"stage": "production", "value": "2150.5"}],
            "period_start": "2024-01-01", "period_end": "2024-12-31", "primary_share": "0.8",
            "electricity_ef": "0.5703", "electricity_ef_source": "MEE 2022 national grid", "verification": "self-declared"}}),
        ("certifications", "certifications", {"certifications": [
            {"scheme": "ISO 14001", "certificate_id": "CN24/E1234", "issuer": "SGS", "valid_from": "2024-03-01",
             "valid_until": "2027-02-28", "scope": "Hot rolling"}]}),
        ("cbam", "cbam", {"cbam": {"cn_code": "72083900", "origin": "CN", "installation_id": "CN-HB-0042",
                                   "route": "BF-BOF", "see_direct": "1.92", "see_indirect": "0.31",
                                   "method": "default",
                                   "carbon_price": {"amount": "14.85", "currency": "CNY", "instrument": "ets"}}}),
        ("extensions", "extensions", {"extensions": {"grade": "S355JR", "z": 1, "ab": [True, None, -7],
                                                     "nested": {"k": {"k2": "v"}}}}),
    ]
    for name, what, extra in blocks:
        pj = dict(base)
        pj.update(extra)
        g.valid("valid-eddsa-block-%s" % name, "EdDSA, the minimal passport plus only: %s" % what, pj,
                "ed25519", "never", spec="§7.2")
    cjk = {"id": "6f1d3c2a-0b4e-4d5f-8a9b-1c2d3e4f5a6b", "gtin": "06901234567892", "name": "冷轧取向硅钢卷（0.23毫米）",
           "category": "钢铁产品", "manufacturer": {"name": "宝山钢铁股份有限公司", "country": "CN",
                                                 "operator_id": {"scheme": "USCC", "value": "统一社会信用代码913100"}},
           "facility": {"id": {"scheme": "GLN", "value": "6901234000009"}, "name": "上海宝山基地"},
           "materials": [{"name": "铁", "mass_fraction": "0.96"}, {"name": "硅", "mass_fraction": "0.03"}],
           "certifications": [{"scheme": "中国环境标志", "certificate_id": "CEC-2025-0001", "issuer": "中环联合认证中心",
                               "scope": "取向硅钢"}],
           "extensions": {"备注": "出口欧盟", "等级": "B23P085"}}
    g.valid("valid-eddsa-cjk-text", "EdDSA, Chinese text in every free-text field and in extension keys "
            "(lengths are UTF-8 bytes)", cjk, "ed25519", "auto", spec="§2, §7.2")
    gtin8 = dict(minimal, gtin="96385074")
    g.valid("valid-eddsa-gtin8", "A GTIN-8 in the JSON input travels as the integer and is returned as 14 digits",
            gtin8, "ed25519", "never", spec="§8.3")
    dec = dict(base, footprint={"total": "0.000", "declared_unit": "H87", "boundary": "gate-to-gate",
                                "method": "PACT", "stages": [{"stage": "use", "value": "-0.125"}],
                                "period_start": "1970-01-01", "period_end": "9999-12-31",
                                "electricity_ef": "999999999999999999", "verification": "self-declared"})
    g.valid("valid-eddsa-decimal-edges", "Decimals: trailing zeros kept (0.000), a negative stage value, "
            "the largest mantissa; dates 1970-01-01 and 9999-12-31", dec, "ed25519", "never", spec="§8.1, §8.2")
    ws = "§4.1, §11, §12"
    g.valid("valid-eddsa-trim-newline", "The text followed by a line end, as `dpp encode` writes a file: a verifier "
            "drops space, tab, CR and LF at both ends (§4.1)", minimal, "ed25519", "never", spec=ws,
            text_mut=lambda t: t + "\n")
    g.valid("valid-eddsa-trim-crlf", "The text followed by CR LF (a Windows line end)", minimal, "ed25519", "never",
            spec=ws, text_mut=lambda t: t + "\r\n")
    g.valid("valid-eddsa-trim-both-ends", "Space and tab before the prefix, space, tab, CR and LF after the body",
            minimal, "ed25519", "never", spec=ws, text_mut=lambda t: " \t" + t + " \t\r\n")
    g.valid("valid-eddsa-two-trusted-keys", "The trust list holds two keys; the signer is the second",
            minimal, "ed25519", "never", trusted=("es256", "ed25519"), spec="§12 step 7")
    g.valid("valid-eddsa-certificate", "The trusted key comes from an X.509 certificate valid at the validation "
            "time", minimal, "ed25519-cert", "never", trusted=("ed25519-cert.crt",), spec="§12 step 8")

    # ---------------- prefix ----------------
    good, _, _ = g.build("x", passport_json=minimal)
    body45 = good[5:]
    g.raw("prefix-missing", "prefix", "Base45 body without any prefix", "§4.1", body45, ("DPP_ERR_PREFIX", "prefix"))
    g.raw("prefix-lowercase", "prefix", "Prefix in lower case: dpp1:", "§4.1", "dpp1:" + body45,
          ("DPP_ERR_PREFIX", "prefix"))
    g.raw("prefix-other-scheme", "prefix", "Another scheme's prefix (HC1:)", "§4.1", "HC1:" + body45,
          ("DPP_ERR_PREFIX", "prefix"))
    g.raw("prefix-no-version", "prefix", "DPP: without a version number", "§4.1", "DPP:" + body45,
          ("DPP_ERR_PREFIX", "prefix"))
    # Retired ids: prefix-leading-space and base45-trailing-newline (rejected before the
    # white-space rule of spec section 4.1; those texts now verify: valid-eddsa-trim-*).
    g.raw("prefix-leading-vtab", "prefix", "A vertical tab before the prefix: not white space in the sense of "
          "§4.1 (only space, tab, CR and LF are dropped)", "§4.1", "\v" + good, ("DPP_ERR_PREFIX", "prefix"))
    g.raw("prefix-leading-bom", "prefix", "A byte-order mark (U+FEFF) before the prefix: not dropped", "§4.1",
          "\ufeff" + good, ("DPP_ERR_PREFIX", "prefix"))
    g.raw("prefix-leading-nbsp", "prefix", "A no-break space (U+00A0) before the prefix: not dropped", "§4.1",
          "\u00a0" + good, ("DPP_ERR_PREFIX", "prefix"))
    g.raw("prefix-empty", "prefix", "Empty text", "§4.1", "", ("DPP_ERR_PREFIX", "prefix"))
    g.raw("prefix-version-2", "prefix", "Unsupported format version DPP2:", "§4.1", "DPP2:" + body45,
          ("DPP_ERR_PREFIX_VERSION", "prefix"))
    g.raw("prefix-version-10", "prefix", "Unsupported format version DPP10:", "§4.1", "DPP10:" + body45,
          ("DPP_ERR_PREFIX_VERSION", "prefix"))
    g.raw("prefix-version-01", "prefix", "DPP01: is not version 1 (exactly the digit 1)", "§4.1", "DPP01:" + body45,
          ("DPP_ERR_PREFIX_VERSION", "prefix"))
    g.raw("text-too-long", "prefix", "4297 characters: one more than the limit, rejected before decoding",
          "§4.1, §10", "DPP1:" + "0" * 4292, ("DPP_ERR_TOO_LARGE", "prefix"))

    # ---------------- base45 ----------------
    i = next(i for i, ch in enumerate(body45) if ch.isalpha())
    g.raw("base45-lowercase", "base45", "A lower-case letter in the body", "§4.2",
          "DPP1:" + body45[:i] + body45[i].lower() + body45[i + 1:], ("DPP_ERR_BASE45", "base45"))
    g.raw("base45-bad-length", "base45", "Body length 1 mod 3 (one character dropped from the end of an even-length "
          "body)", "§4.2", good + "0" if len(body45) % 3 == 0 else good[:-1],
          ("DPP_ERR_BASE45", "base45"))
    g.raw("base45-group-overflow", "base45", "A 3-character group worth 65536 (GGW)", "§4.2",
          "DPP1:GGW" + body45, ("DPP_ERR_BASE45", "base45"))
    g.raw("base45-pair-overflow", "base45", "A final 2-character group worth 301 (V6)", "§4.2",
          "DPP1:" + body45[:len(body45) - len(body45) % 3] + "V6", ("DPP_ERR_BASE45", "base45"))
    g.raw("base45-empty-body", "base45", "The prefix alone", "§4.2", "DPP1:", ("DPP_ERR_BASE45", "base45"))
    g.raw("base45-trailing-vtab", "base45", "A vertical tab after the text: not white space in the sense of §4.1, "
          "so it stays and is no Base45 character", "§4.1, §4.2", good + "\v", ("DPP_ERR_BASE45", "base45"))
    g.raw("base45-trailing-form-feed", "base45", "A form feed after the text: not dropped", "§4.1, §4.2",
          good + "\f", ("DPP_ERR_BASE45", "base45"))
    g.raw("base45-inner-newline", "base45", "A line end inside the body: only the ends of the text are trimmed",
          "§4.1, §4.2", good[:40] + "\n" + good[40:], ("DPP_ERR_BASE45", "base45"))
    g.raw("base45-only-white-space", "prefix", "Space, tab, CR and LF only: empty after trimming", "§4.1",
          " \t\r\n", ("DPP_ERR_PREFIX", "prefix"))

    # ---------------- zlib ----------------
    # The first vectors (ids older than dictionary v1) break the legacy form, a
    # stream without preset dictionary (FDICT = 0, header 48 C7), which the
    # zlib rules cover as well; the zlib-dict* and zlib-dictid* ones break the
    # form encoders write now (FDICT = 1, DICTID A9549D2D, header 48 E6).
    def zraw(vid, category, description, spec, body, expect):
        if category == "zlib":  # the generator's own reading of spec section 4.3 agrees
            try:
                V.zlib_inflate(body)
                raise AssertionError("%s inflates" % vid)
            except V.InflateError as e:
                assert e.error == expect[0], (vid, e)
        g.raw(vid, category, description, spec, V.text_from_body(body), expect, {"body": body.hex()})

    cose_min = bytes.fromhex(g.build("x", passport_json=minimal)[1]["cose"])
    z = V.zlib_compress(cose_min, dictionary=False)
    zb = bytearray(z)
    zb[len(zb) // 2] ^= 0xFF
    zraw("zlib-corrupt", "zlib", "Compressed body (legacy form, no dictionary) with one byte of the deflate data "
         "inverted", "§4.3", bytes(zb), ("DPP_ERR_INFLATE", "inflate"))
    zraw("zlib-truncated", "zlib", "Compressed body (legacy form, no dictionary) cut 10 bytes before its end", "§4.3",
         z[:-10], ("DPP_ERR_INFLATE", "inflate"))
    zraw("zlib-bad-adler", "zlib", "Adler-32 trailer off by one bit (legacy form, no dictionary)", "§4.3",
         z[:-1] + bytes([z[-1] ^ 1]), ("DPP_ERR_INFLATE", "inflate"))
    zraw("zlib-trailing-bytes", "zlib", "Two bytes after the end of the zlib stream (legacy form, no dictionary)",
         "§4.3", z + b"\x00\x00", ("DPP_ERR_INFLATE", "inflate"))
    zd = bytes([0x78, 0xBB]) + b"\x00\x00\x00\x01" + z[2:]  # FDICT set (0x78BB % 31 == 0)
    assert (0x78 * 256 + 0xBB) % 31 == 0
    zraw("zlib-preset-dictionary", "zlib", "zlib header with FDICT set and an unknown DICTID: 00000001 (the "
         "Adler-32 of an empty dictionary), not dictionary v1's A9549D2D; rejected before inflating (libdpp: "
         "\"zlib header: DICTID 0x00000001 is not the known dictionary's 0xa9549d2d\")", "§4.3, App. C", zd,
         ("DPP_ERR_INFLATE", "inflate"))
    bomb = V.zlib_compress(b"\xd2" + b"\x00" * (1 << 20), dictionary=False)
    zraw("zlib-bomb", "zlib", "A %d-byte zlib stream (legacy form, no dictionary) that inflates to 1 MiB: stopped "
         "at the 4096-byte cap" % len(bomb), "§4.3, §10", bomb, ("DPP_ERR_TOO_LARGE", "inflate"))
    big = bytes(cose_min) + b"\x00" * (4097 - len(cose_min))
    zraw("zlib-inflates-to-4097", "zlib", "A zlib stream (legacy form, no dictionary) that inflates to exactly 4097 "
         "bytes (one over the cap)", "§4.3, §10", V.zlib_compress(big, dictionary=False),
         ("DPP_ERR_TOO_LARGE", "inflate"))
    zraw("zlib-content-untagged", "cose", "Compressed body (legacy form, no dictionary) whose content is an untagged "
         "COSE_Sign1 (the inflated bytes go to the COSE step whatever their first byte)", "§4.3, §5.1",
         V.zlib_compress(cose_min[1:], dictionary=False), ("DPP_ERR_COSE_TAG", "cose"))
    # dictionary form
    zv = V.zlib_compress(cose_min)
    assert zv[:6] == bytes.fromhex("48e6a9549d2d") and V.zlib_inflate(zv) == cose_min
    zraw("zlib-dictid-unknown", "zlib", "Stream made with dictionary v1 but DICTID A9549D2C (dictionary v1's "
         "A9549D2D with its last bit flipped): an unknown dictionary, rejected before inflating (libdpp: \"zlib "
         "header: DICTID 0xa9549d2c is not the known dictionary's 0xa9549d2d\")", "§4.3, App. C",
         zv[:5] + bytes([zv[5] ^ 1]) + zv[6:], ("DPP_ERR_INFLATE", "inflate"))
    zraw("zlib-dictid-truncated", "zlib", "Body of 5 bytes: header 48 E6 (FDICT set) and only 3 of the 4 DICTID "
         "bytes (libdpp: \"zlib stream truncated: 5 bytes, no DICTID\")", "§4.3", zv[:5],
         ("DPP_ERR_INFLATE", "inflate"))
    zn = bytes([0x48, 0xC7]) + zv[6:]
    assert (0x48 * 256 + 0xC7) % 31 == 0
    zraw("zlib-dict-without-fdict", "zlib", "Deflate data made with dictionary v1 under a header without FDICT "
         "(48 C7, no DICTID): inflated without the dictionary it refers back before its start (libdpp: \"corrupt "
         "zlib stream near offset 5: invalid distance too far back\")", "§4.3", zn, ("DPP_ERR_INFLATE", "inflate"))
    adl = zlib.adler32(V.DICT_V1 + cose_min)
    assert adl != zlib.adler32(cose_min)
    zraw("zlib-dict-bad-adler", "zlib", "Dictionary stream whose Adler-32 trailer is that of the dictionary followed "
         "by the message; RFC 1950 checksums the inflated data only (libdpp: \"corrupt zlib stream near offset "
         "%d: incorrect data check\")" % len(zv), "§4.3", zv[:-4] + adl.to_bytes(4, "big"),
         ("DPP_ERR_INFLATE", "inflate"))
    dbomb = V.zlib_compress(b"\xd2" + b"\x00" * (1 << 20))
    assert dbomb[:6] == zv[:6]
    zraw("zlib-dict-bomb", "zlib", "A %d-byte zlib stream with dictionary v1 that inflates to 1 MiB: stopped at the "
         "4096-byte cap (libdpp: \"inflated data exceeds the 4096-byte cap\")" % len(dbomb), "§4.3, §10", dbomb,
         ("DPP_ERR_TOO_LARGE", "inflate"))

    # ---------------- CBOR (envelope: found by the cose step) ----------------
    g.bad("cbor-truncated", "cbor", "COSE message cut 5 bytes short", "§2.1 D9",
          ("DPP_ERR_CBOR_MALFORMED", "cose"), cose_mut=lambda c: c[:-5])
    g.bad("cbor-trailing-bytes", "cbor", "A byte (00) after the COSE message", "§2.1 D7",
          ("DPP_ERR_CBOR_TRAILING", "cose"), cose_mut=lambda c: c + b"\x00")
    g.bad("cbor-non-shortest-head", "cbor", "The COSE array's head written in 2 bytes (98 04) instead of 84",
          "§2.1 D1", ("DPP_ERR_CBOR_NOT_DETERMINISTIC", "cose"),
          cose_mut=lambda c: c[:1] + b"\x98\x04" + c[2:])
    g.bad("cbor-indefinite-array", "cbor", "The COSE array written with indefinite length (9F ... FF)",
          "§2.1 D2", ("DPP_ERR_CBOR_MALFORMED", "cose"), cose_mut=lambda c: c[:1] + b"\x9f" + c[2:] + b"\xff")
    g.bad("cbor-huge-count", "cbor", "An array head claiming 2^32-1 elements in a short message",
          "§2.1 D9", ("DPP_ERR_CBOR_MALFORMED", "cose"),
          cose_mut=lambda c: c[:1] + b"\x9a\xff\xff\xff\xff" + c[2:])
    g.bad("cbor-huge-bstr", "cbor", "The signature bstr claims 2^64-1 bytes", "§2.1 D9",
          ("DPP_ERR_CBOR_MALFORMED", "cose"), cose_mut=lambda c: c[:-66] + b"\x5b" + b"\xff" * 8 + c[-64:])
    g.bad("cbor-reserved-ai", "cbor", "Reserved additional information 28 (byte 1C) in place of the unprotected map",
          "§2.1 D5", ("DPP_ERR_CBOR_MALFORMED", "cose"), unprotected=Raw(b"\x1c"))
    g.bad("cbor-float", "cbor", "A half-precision float (F9 3C00) in place of the unprotected map",
          "§2.1 D5", ("DPP_ERR_CBOR_MALFORMED", "cose"), unprotected=Raw(b"\xf9\x3c\x00"))
    g.bad("cbor-lone-break", "cbor", "A lone break byte (FF) in place of the unprotected map", "§2.1 D2",
          ("DPP_ERR_CBOR_MALFORMED", "cose"), unprotected=Raw(b"\xff"))
    # CBOR defects inside the signed payload: found by the claims step, after the signature verified.
    pb = enc(pm)
    g.bad("cbor-claims-unsorted", "cbor", "Signed claims with iat (6) written after the passport (-262)",
          "§2.1 D3", ("DPP_ERR_CBOR_NOT_DETERMINISTIC", "claims"),
          claims=OMap([(V.PASSPORT_CLAIM, Raw(pb)), (6, IAT)]))
    g.bad("cbor-claims-duplicate-key", "cbor", "Signed claims with iat (6) twice", "§2.1 D4",
          ("DPP_ERR_CBOR_DUPLICATE_KEY", "claims"), claims=OMap([(6, IAT), (6, IAT), (V.PASSPORT_CLAIM, Raw(pb))]))
    g.bad("cbor-passport-duplicate-key", "cbor", "Signed passport map with key 6 (name) twice", "§2.1 D4",
          ("DPP_ERR_CBOR_DUPLICATE_KEY", "claims"),
          passport_bytes=enc(OMap([(k, pm[k]) for k in sorted(pm)][:4] + [(6, pm[6])] + [(k, pm[k]) for k in sorted(pm)][4:])))
    g.bad("cbor-claims-non-shortest-int", "cbor", "Signed claims with iat written as an 8-byte integer", "§2.1 D1",
          ("DPP_ERR_CBOR_NOT_DETERMINISTIC", "claims"), claims={6: Int(IAT, 8), V.PASSPORT_CLAIM: Raw(pb)})
    g.bad("cbor-claims-trailing", "cbor", "A byte after the claims map inside the signed payload", "§2.1 D7",
          ("DPP_ERR_CBOR_TRAILING", "claims"), payload=enc({6: IAT, V.PASSPORT_CLAIM: Raw(pb)}) + b"\x00")
    g.bad("cbor-claims-invalid-utf8", "cbor", "iss is not valid UTF-8 (byte C3 followed by 28)", "§2.1 D6",
          ("DPP_ERR_CBOR_MALFORMED", "claims"), claims={1: Raw(b"\x62\xc3\x28"), 6: IAT, V.PASSPORT_CLAIM: Raw(pb)})
    g.bad("cbor-claims-undefined", "cbor", "undefined (F7) as an extension value in the signed passport",
          "§2.1 D5", ("DPP_ERR_CBOR_MALFORMED", "claims"),
          passport=with_changes(pm, [15], {"x": Simple(b"\xf7")}))
    deep = 1
    for _ in range(14):
        deep = [deep]
    g.bad("cbor-too-deep", "cbor", "17 levels of nesting: claims map, passport map, extensions map and 14 nested "
          "arrays (limit 16)", "§2.1 D8", ("DPP_ERR_CBOR_DEPTH", "claims"),
          passport=with_changes(pm, [15], {"d": deep}))

    # ---------------- COSE structure ----------------
    def untag(c):
        return c[1:]
    g.bad("cose-untagged", "cose", "COSE_Sign1 without tag 18", "§5.1", ("DPP_ERR_COSE_TAG", "cose"),
          cose_mut=untag)
    g.bad("cose-cwt-tag", "cose", "COSE_Sign1 wrapped in the CWT tag 61 (not allowed in a passport)", "§5.1",
          ("DPP_ERR_COSE_TAG", "cose"), cose_mut=lambda c: b"\xd8\x3d" + c)
    g.bad("cose-wrong-tag", "cose", "Tag 17 (COSE_Mac0) instead of 18", "§5.1", ("DPP_ERR_COSE_TAG", "cose"),
          cose_mut=lambda c: b"\xd1" + c[1:])
    g.bad("cose-not-array", "cose", "Tag 18 around a map", "§5.1", ("DPP_ERR_COSE_STRUCTURE", "cose"),
          cose=enc(Tag(18, {1: 2})))
    g.bad("cose-array-of-3", "cose", "Tag 18 around an array of 3 (signature missing)", "§5.1",
          ("DPP_ERR_COSE_STRUCTURE", "cose"), cose_mut=lambda c: drop_signature(c))
    g.bad("cose-nil-payload", "cose", "Detached (nil) payload", "§5.1", ("DPP_ERR_COSE_STRUCTURE", "cose"),
          cose=enc(Tag(18, [enc(V.protected_model(K["ed25519"])), {}, None, b"\x00" * 64])))
    g.bad("cose-protected-not-map", "cose", "The protected bstr holds an array", "§5.1",
          ("DPP_ERR_COSE_STRUCTURE", "cose"), protected_bytes=enc([1, -8]))
    g.bad("cose-protected-not-bstr", "cose", "The protected header is a map, not a bstr", "§5.1",
          ("DPP_ERR_COSE_STRUCTURE", "cose"),
          cose=enc(Tag(18, [V.protected_model(K["ed25519"]), {}, b"\xa0", b"\x00" * 64])))
    g.bad("cose-unprotected-not-map", "cose", "The unprotected header is an array", "§5.1",
          ("DPP_ERR_COSE_STRUCTURE", "cose"), unprotected=Raw(b"\x80"))
    g.bad("cose-unprotected-label", "cose", "The unprotected header holds label 4 (kid)", "§5.1",
          ("DPP_ERR_COSE_STRUCTURE", "cose"), unprotected={4: K["ed25519"].kid})
    g.bad("cose-unprotected-iv", "cose", "A non-empty unprotected header (label 5, IV): checked after alg and kid",
          "§5.1, §12 step 6", ("DPP_ERR_COSE_STRUCTURE", "cose"), unprotected={5: b"\x00" * 12})
    g.bad("cose-protected-extra-label", "cose", "The protected header has label 3 (content type) too", "§5.1",
          ("DPP_ERR_COSE_STRUCTURE", "cose"), protected={1: -8, 3: 60, 4: K["ed25519"].kid})
    g.bad("cose-crit", "cose", "A crit header (label 2) in the protected header", "§5.1",
          ("DPP_ERR_CRIT_UNSUPPORTED", "cose"), protected={1: -8, 2: [3], 4: K["ed25519"].kid})
    g.bad("cose-kid-not-bstr", "cose", "kid is a text string", "§5.1", ("DPP_ERR_COSE_STRUCTURE", "cose"),
          protected={1: -8, 4: K["ed25519"].kid.hex()})
    g.bad("cose-protected-non-shortest", "cose", "Protected header with alg -8 written as 38 07 (signed as sent)",
          "§2.1 D1, §5.1", ("DPP_ERR_CBOR_NOT_DETERMINISTIC", "cose"),
          protected_bytes=b"\xa2\x01\x38\x07\x04\x48" + K["ed25519"].kid)
    g.bad("cose-protected-unsorted", "cose", "Protected header with kid (4) before alg (1)", "§2.1 D3",
          ("DPP_ERR_CBOR_NOT_DETERMINISTIC", "cose"), protected=OMap([(4, K["ed25519"].kid), (1, -8)]))

    # ---------------- alg ----------------
    g.bad("alg-missing", "alg", "Protected header without alg", "§12 step 5", ("DPP_ERR_ALG_MISSING", "alg"),
          protected={4: K["ed25519"].kid})
    g.bad("alg-protected-empty", "alg", "Empty protected bstr (allowed by COSE, but then alg is missing)",
          "§5.1, §12 step 5", ("DPP_ERR_ALG_MISSING", "alg"), protected_bytes=b"")
    g.bad("alg-unknown", "alg", "alg -257 (RS256): not one of ES256, ES384, EdDSA, PS256", "§5.2",
          ("DPP_ERR_ALG_UNSUPPORTED", "alg"), protected={1: -257, 4: K["ed25519"].kid})
    g.bad("alg-text", "alg", "alg as the text \"EdDSA\"", "§12 step 5", ("DPP_ERR_ALG_UNSUPPORTED", "alg"),
          protected={1: "EdDSA", 4: K["ed25519"].kid})
    g.bad("alg-unprotected-only", "alg", "alg only in the unprotected header", "§12 step 5",
          ("DPP_ERR_ALG_UNPROTECTED", "alg"), protected={4: K["ed25519"].kid}, unprotected={1: -8})
    g.bad("alg-in-both-headers", "cose", "alg in both headers (a label may appear in one header only)", "§5.1",
          ("DPP_ERR_COSE_STRUCTURE", "cose"), unprotected={1: -8})
    g.bad("alg-key-mismatch", "alg", "alg ES256 with the kid of the trusted Ed25519 key (algorithm confusion)",
          "§5.2, §12 step 7", ("DPP_ERR_ALG_KEY_MISMATCH", "alg"), protected={1: -7, 4: K["ed25519"].kid})

    # ---------------- kid ----------------
    g.bad("kid-missing", "kid", "Protected header without kid", "§12 step 6", ("DPP_ERR_KID_MISSING", "kid"),
          protected={1: -8})
    g.bad("kid-unprotected-only", "kid", "kid only in the unprotected header", "§12 step 6",
          ("DPP_ERR_KID_MISSING", "kid"), protected={1: -8}, unprotected={4: K["ed25519"].kid})
    g.bad("kid-unknown-signer", "kid", "Signed by a key that is not in the trust list (unknown signer)",
          "§12 step 6", ("DPP_ERR_KID_UNKNOWN", "kid"), signer="ed25519-untrusted")
    g.bad("kid-wrong-length", "kid", "A 9-byte kid: the trusted key's kid plus one byte", "§5.3, §10",
          ("DPP_ERR_KID_UNKNOWN", "kid"), protected={1: -8, 4: K["ed25519"].kid + b"\x00"})
    g.bad("kid-mismatch", "signature", "kid of the trusted Ed25519 key, signature by another Ed25519 key",
          "§12 step 7", ("DPP_ERR_SIGNATURE", "signature"), sign_with="ed25519-other")

    # ---------------- signature ----------------
    g.bad("sig-wrong", "signature", "Signature with its first bit flipped", "§5.4",
          ("DPP_ERR_SIGNATURE", "signature"), sig_mut=lambda s: bytes([s[0] ^ 0x80]) + s[1:])
    g.bad("sig-truncated", "signature", "Signature truncated to 63 bytes", "§12 step 7",
          ("DPP_ERR_SIGNATURE", "signature"), sig_mut=lambda s: s[:-1])
    g.bad("sig-too-long", "signature", "Signature with one extra byte (65 bytes)", "§12 step 7",
          ("DPP_ERR_SIGNATURE", "signature"), sig_mut=lambda s: s + b"\x00")
    g.bad("sig-empty", "signature", "Empty signature bstr", "§12 step 7", ("DPP_ERR_SIGNATURE", "signature"),
          sig_mut=lambda s: b"")
    g.bad("sig-payload-altered", "signature", "Payload changed after signing (the name's last byte)", "§5.4",
          ("DPP_ERR_SIGNATURE", "signature"), cose_mut=lambda c: alter_payload(c))
    g.bad("sig-es256-bitflip", "signature", "ES256 signature with one bit of s flipped", "§5.2",
          ("DPP_ERR_SIGNATURE", "signature"), trusted=("es256",), signer="es256",
          sig_mut=lambda s: s[:-1] + bytes([s[-1] ^ 1]))
    g.bad("sig-es256-der", "signature", "ES256 signature DER-encoded instead of r || s", "§5.2",
          ("DPP_ERR_SIGNATURE", "signature"), trusted=("es256",), signer="es256",
          sig_mut=lambda s: utils.encode_dss_signature(int.from_bytes(s[:32], "big"), int.from_bytes(s[32:], "big")))
    g.bad("sig-es256-other-key", "signature", "ES256: kid of the trusted P-256 key, signed by another P-256 key",
          "§12 step 7", ("DPP_ERR_SIGNATURE", "signature"), trusted=("es256",), signer="es256",
          sign_with="es256-other")
    g.bad("sig-es384-truncated", "signature", "ES384 signature truncated to 64 bytes (the ES256 length)", "§5.2",
          ("DPP_ERR_SIGNATURE", "signature"), trusted=("es384",), signer="es384", sig_mut=lambda s: s[:64])
    ps_key = K["ps256"]
    g.bad("sig-ps256-salt-20", "signature", "PS256 with a 20-byte salt: the profile requires salt length 32",
          "§5.2", ("DPP_ERR_SIGNATURE", "signature"), trusted=("ps256",), signer="ps256",
          raw_sign=lambda tbs: ps_key.priv.sign(tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=20),
                                                hashes.SHA256()))
    g.bad("sig-ps256-pkcs1v15", "signature", "RSASSA-PKCS1-v1_5 (RS256) signature under alg PS256", "§5.2",
          ("DPP_ERR_SIGNATURE", "signature"), trusted=("ps256",), signer="ps256",
          raw_sign=lambda tbs: ps_key.priv.sign(tbs, padding.PKCS1v15(), hashes.SHA256()))

    # ---------------- claims ----------------
    g.bad("claims-not-map", "claims", "The signed payload is an array", "§6", ("DPP_ERR_CWT_CLAIMS", "claims"),
          payload=enc([6, IAT]))
    g.bad("claims-iat-missing", "claims", "No iat claim", "§6", ("DPP_ERR_CWT_CLAIMS", "claims"),
          claims={V.PASSPORT_CLAIM: Raw(pb)})
    g.bad("claims-passport-missing", "claims", "No passport claim (-262)", "§6", ("DPP_ERR_CWT_CLAIMS", "claims"),
          claims={6: IAT})
    g.bad("claims-unknown-nbf", "claims", "An nbf claim (5): not defined in this profile", "§6",
          ("DPP_ERR_CWT_CLAIMS", "claims"), claims={5: IAT, 6: IAT, V.PASSPORT_CLAIM: Raw(pb)})
    g.bad("claims-text-key", "claims", "A claim with a text key", "§6", ("DPP_ERR_CWT_CLAIMS", "claims"),
          claims={6: IAT, V.PASSPORT_CLAIM: Raw(pb), "x": 1})
    g.bad("claims-iss-too-long", "claims", "iss of 65 bytes", "§6", ("DPP_ERR_CWT_CLAIMS", "claims"),
          iss="i" * 65)
    g.bad("claims-iss-bidi", "claims", "iss containing U+202E RIGHT-TO-LEFT OVERRIDE (rule T holds for iss)",
          "§6, §9.1", ("DPP_ERR_CWT_CLAIMS", "claims"), iss="did:web:\u202eelpmaxe.leets")
    g.bad("claims-iss-control-char", "claims", "iss containing U+0007 (rule T holds for iss)", "§6, §9.1",
          ("DPP_ERR_CWT_CLAIMS", "claims"), iss="did:web:steel\u0007.example")
    g.bad("claims-iss-empty", "claims", "iss of 0 bytes", "§6", ("DPP_ERR_CWT_CLAIMS", "claims"),
          claims={1: "", 6: IAT, V.PASSPORT_CLAIM: Raw(pb)})
    g.bad("claims-iat-tagged", "claims", "iat wrapped in tag 1", "§6", ("DPP_ERR_CWT_CLAIMS", "claims"),
          claims={6: Tag(1, IAT), V.PASSPORT_CLAIM: Raw(pb)})
    g.bad("claims-iat-negative", "claims", "iat is a negative integer", "§6", ("DPP_ERR_CWT_CLAIMS", "claims"),
          claims={6: -1, V.PASSPORT_CLAIM: Raw(pb)})
    g.bad("claims-iat-too-large", "claims", "iat = 2^63 (over the 2^63-1 limit)", "§6, §10",
          ("DPP_ERR_CWT_CLAIMS", "claims"), claims={6: 1 << 63, V.PASSPORT_CLAIM: Raw(pb)})
    g.bad("claims-exp-text", "claims", "exp as a text string", "§6", ("DPP_ERR_CWT_CLAIMS", "claims"),
          claims={4: "2027-01-01", 6: IAT, V.PASSPORT_CLAIM: Raw(pb)})

    # ---------------- time ----------------
    g.bad("time-not-yet-valid", "time", "iat 301 s after the validation time (skew is 300 s)", "§12 step 10",
          ("DPP_ERR_NOT_YET_VALID", "iat"), iat=NOW + SKEW + 1)
    g.bad("time-expired", "time", "exp equal to the validation time", "§12 step 11",
          ("DPP_ERR_EXPIRED", "exp"), exp=NOW)
    g.bad("time-expired-long-ago", "time", "exp one year before the validation time", "§12 step 11",
          ("DPP_ERR_EXPIRED", "exp"), iat=NOW - 2 * 31536000, exp=NOW - 31536000)
    g.bad("key-certificate-expired", "time", "Signer key from a certificate whose notAfter is before the "
          "validation time", "§12 step 8", ("DPP_ERR_KEY_NOT_VALID", "key_validity"), signer="ed25519-cert",
          trusted=("ed25519-cert.crt",), now=CERT_NOT_AFTER + 86400, iat=CERT_NOT_AFTER)
    g.bad("key-certificate-not-yet-valid", "time", "Signer key from a certificate whose notBefore is after the "
          "validation time", "§12 step 8", ("DPP_ERR_KEY_NOT_VALID", "key_validity"), signer="ed25519-cert",
          trusted=("ed25519-cert.crt",), now=CERT_NOT_BEFORE - 86400, iat=CERT_NOT_BEFORE - 2 * 86400)

    # ---------------- weak keys (spec section 5.2) ----------------
    # The trusted key itself is degenerate: a verifier must refuse to load it
    # (DPP_ERR_KEY_WEAK, reported as check "trusted_keys"). Each text carries,
    # under that key's kid, the signature such a key wrongly accepts (or, for
    # RSA 1024, a genuine one): a verifier that loads the key VERIFIES it.
    for name, desc in (
            ("ed25519-identity", "Trusted Ed25519 key 01 00..00, the identity point; the passport is forged "
             "(signature R = identity, S = 0, which verifies any message under it)"),
            ("ed25519-order8", "Trusted Ed25519 key of order 8 (c7176a70..ac037a); forged signature R = identity, "
             "S = 0"),
            ("ed25519-noncanonical", "Trusted Ed25519 key ee ff..ff 7f: the identity point with y = p + 1 "
             "(not canonical); forged signature R = identity, S = 0"),
            ("p256-infinity", "Trusted P-256 key that is the point at infinity (SPKI BIT STRING 03 02 00 00); "
             "forged ES256 signature r = x(G), s = SHA-256(Sig_structure) mod n"),
            ("p256-off-curve", "Trusted P-256 key (04 || x || y) whose point is not on the curve"),
            ("rsa-e1", "Trusted RSA key with public exponent 1 (modulus of keys/ps256.pem); forged PS256 signature "
             "= the PSS-encoded message itself"),
            ("rsa-1024", "Trusted RSA key with a 1024-bit modulus (derived primes); the passport carries a genuine "
             "PS256 signature by it")):
        wk = K.weak[name]
        prot = enc({1: wk.alg_id, 4: wk.kid})
        # R = identity, S = 0 verifies when -[k]A is the identity (k = H(R || A || M)):
        # always for the identity, for about one iat in 8 for the point of order 8
        for iat in range(IAT, IAT + 64):
            payload = enc(V.claims_model(Raw(enc(pm)), iat))
            tbs = V.sig_structure(prot, payload)
            if wk.alg != "EdDSA" or V.forged_eddsa_verifies(wk, tbs):
                break
        else:
            iat = IAT
            payload = enc(V.claims_model(Raw(enc(pm)), iat))
            tbs = V.sig_structure(prot, payload)
        sig = wk.sign(tbs)
        cose = V.cose_bytes(prot, payload, sig)
        im = {"passport_cbor": enc(pm).hex(), "cwt_claims": payload.hex(), "protected": prot.hex(),
              "sig_structure": tbs.hex(), "signature": sig.hex(), "cose": cose.hex()}
        g.add("key-weak-" + name, "key", desc, "§5.2, §12", V.text_from_body(cose), im,
              ("DPP_ERR_KEY_WEAK", "trusted_keys"), minimal, None, iat, None, None, "never",
              trusted=("weak-" + name,))

    # ---------------- schema (signed passports with one defect each) ----------------
    def sch(vid, desc, spec, err, passport):
        g.bad(vid, "schema", desc, spec, (err, "schema"), passport=passport, record_passport=False)
    sch("schema-passport-not-map", "The passport claim is an array", "§6, §9.1", "DPP_ERR_SCHEMA_TYPE", [1, 2])
    sch("schema-version-2", "Payload version 2", "§9.1", "DPP_ERR_PAYLOAD_VERSION", with_changes(pm, [1], 2))
    sch("schema-version-missing", "Payload version (key 1) absent", "§9.1", "DPP_ERR_SCHEMA_MISSING",
        with_changes(pm, [1], None))
    sch("schema-missing-name", "Product name (key 6) absent", "§9.1", "DPP_ERR_SCHEMA_MISSING",
        with_changes(pm, [6], None))
    sch("schema-missing-manufacturer-country", "manufacturer.country absent", "§9.1", "DPP_ERR_SCHEMA_MISSING",
        with_changes(pm, [9, 2], None))
    sch("schema-id-all-zero", "An all-zero passport id counts as missing", "§7.2", "DPP_ERR_SCHEMA_MISSING",
        with_changes(pm, [2], bytes(16)))
    sch("schema-type-name-int", "Product name is an integer", "§9.1", "DPP_ERR_SCHEMA_TYPE",
        with_changes(pm, [6], 42))
    sch("schema-type-gtin-text", "GTIN as text instead of an unsigned integer", "§9.1", "DPP_ERR_SCHEMA_TYPE",
        with_changes(pm, [3], "06901234567892"))
    sch("schema-type-hazardous-false", "material hazardous = false (only true is allowed in CBOR)", "§7.2",
        "DPP_ERR_SCHEMA_TYPE", with_changes(pm, [11], [{1: "Lead", 3: Tag(4, [-1, 1]), 9: False}]))
    sch("schema-type-decimal-tag", "Decimal under tag 5 (bigfloat) instead of tag 4", "§8.1",
        "DPP_ERR_SCHEMA_TYPE", with_changes(pm, [11], [{1: "Iron", 3: Tag(5, [-1, 5])}]))
    sch("schema-range-decimal-exponent-0", "Decimal fraction with exponent 0 (C4 82 00 05)", "§8.1",
        "DPP_ERR_SCHEMA_RANGE", with_changes(pm, [11], [{1: "Iron", 3: Tag(4, [0, 1])}]))
    sch("schema-range-share", "recycled_share 1.2 (range 0..1)", "§7.2", "DPP_ERR_SCHEMA_RANGE",
        with_changes(pm, [11], [{1: "Iron", 3: Tag(4, [-1, 5]), 6: Tag(4, [-1, 12])}]))
    sch("schema-range-name-97-bytes", "Product name of 97 bytes (limit 96)", "§7.2, §10", "DPP_ERR_SCHEMA_RANGE",
        with_changes(pm, [6], "n" * 97))
    sch("schema-range-name-cjk-99-bytes", "Product name of 33 Chinese characters = 99 UTF-8 bytes (limit 96 bytes)",
        "§2, §7.2", "DPP_ERR_SCHEMA_RANGE", with_changes(pm, [6], "钢" * 33))
    sch("schema-range-empty-text", "Empty product name", "§9.1", "DPP_ERR_SCHEMA_RANGE", with_changes(pm, [6], ""))
    sch("schema-range-date", "production date 2932897 (after 9999-12-31)", "§8.2", "DPP_ERR_SCHEMA_RANGE",
        with_changes(pm, [8], 2932897))
    sch("schema-range-mass-fraction-sum", "Mass fractions summing to 1.1", "§7.2", "DPP_ERR_SCHEMA_RANGE",
        with_changes(pm, [11], [{1: "A", 3: Tag(4, [-1, 6])}, {1: "B", 3: Tag(4, [-1, 5])}]))
    fpm = V.passport_model(dict(base, **blocks[4][2]))[12]
    sch("schema-range-stages-order", "Footprint stages not strictly increasing (production before raw-materials)",
        "§7.2", "DPP_ERR_SCHEMA_RANGE", with_changes(pm, [12], with_changes(fpm, [5], [[2, 1], [1, 1]])))
    sch("schema-range-period", "Footprint period start after end", "§7.2", "DPP_ERR_SCHEMA_RANGE",
        with_changes(pm, [12], with_changes(fpm, [6], [20000, 19999])))
    sch("schema-range-enum", "Footprint boundary 5 (range 1..4)", "§7.2", "DPP_ERR_SCHEMA_RANGE",
        with_changes(pm, [12], with_changes(fpm, [3], 5)))
    sch("schema-range-materials-17", "17 materials (limit 16)", "§10", "DPP_ERR_SCHEMA_RANGE",
        with_changes(pm, [11], [{1: "M%d" % i, 3: Tag(4, [-2, 1])} for i in range(17)]))
    sch("schema-format-country", "Manufacturer country XK (user-assigned, not an ISO 3166-1 assignment)",
        "App. A", "DPP_ERR_SCHEMA_FORMAT", with_changes(pm, [9, 2], "XK"))
    sch("schema-format-country-lowercase", "Manufacturer country \"cn\"", "§7.2", "DPP_ERR_SCHEMA_FORMAT",
        with_changes(pm, [9, 2], "cn"))
    sch("schema-format-control-char", "Product name containing U+0007 (rule T)", "§9.1",
        "DPP_ERR_SCHEMA_FORMAT", with_changes(pm, [6], "Steel\u0007coil"))
    sch("schema-format-bidi-name", "Product name containing U+202E RIGHT-TO-LEFT OVERRIDE (rule T: bidi "
        "controls)", "§9.1", "DPP_ERR_SCHEMA_FORMAT", with_changes(pm, [6], "Steel\u202ecoil"))
    sch("schema-format-bidi-isolate", "Manufacturer name containing U+2066 LEFT-TO-RIGHT ISOLATE (rule T)", "§9.1",
        "DPP_ERR_SCHEMA_FORMAT", with_changes(pm, [9, 1], "\u2066津鼎钢铁有限公司"))
    sch("schema-format-batch-charset", "Batch with a space (outside GS1 character set 82)", "App. B",
        "DPP_ERR_SCHEMA_FORMAT", with_changes(pm, [4], "LOT 1"))
    sch("schema-format-unit", "Footprint declared unit \"kg\" (lower case)", "§7.2", "DPP_ERR_SCHEMA_FORMAT",
        with_changes(pm, [12], with_changes(fpm, [2], "kg")))
    sch("schema-check-digit-gtin", "GTIN 06901234567893: wrong check digit", "App. B", "DPP_ERR_SCHEMA_CHECK_DIGIT",
        with_changes(pm, [3], 6901234567893))
    sch("schema-check-digit-cas", "CAS 7439-89-5: wrong check digit", "App. B", "DPP_ERR_SCHEMA_CHECK_DIGIT",
        with_changes(pm, [11], [{1: "Iron", 2: 7439895, 3: Tag(4, [-1, 5])}]))
    sch("schema-unknown-field", "Passport key 16, not defined in version 1", "§9.1", "DPP_ERR_SCHEMA_UNKNOWN_FIELD",
        with_changes(pm, [16], "x"))
    sch("schema-unknown-field-text-key", "A text key in the manufacturer map", "§9.1",
        "DPP_ERR_SCHEMA_UNKNOWN_FIELD", with_changes(pm, [9, "name"], "x"))
    sch("schema-ext-int-range", "Extension integer 2^63 (the range is -2^63..2^63-1)", "§7.3",
        "DPP_ERR_SCHEMA_RANGE", with_changes(pm, [15], {"n": 1 << 63}))
    sch("schema-ext-too-deep", "Extensions nested 5 levels (limit 4)", "§7.3", "DPP_ERR_SCHEMA_RANGE",
        with_changes(pm, [15], {"a": [[[[[1]]]]]}))

    # ---------------- the CBAM block of the communication template (CBAM keys 9..19) ----------------
    cbam = load_passport("cbam-template")
    cm = V.passport_model(cbam)
    g.valid("valid-eddsa-cbam-template-auto", "EdDSA, the bundled label example (examples/passport.json) with the "
            "CBAM block of the Commission's communication template: installation (address, UN/LOCODE, coordinates, "
            "operator id), reporting period, process, goods category, SEE total and unit, default-value share, "
            "electricity and its factor, 2 precursors, carbon price details, accredited verifier",
            cbam, "ed25519", "auto", spec="§7.1, §7.2")
    g.valid("valid-eddsa-link-cbam-template-auto", "The passport of valid-eddsa-cbam-template-auto in the link form "
            "(resolver id.example.com)", cbam, "ed25519", "auto", spec="§7.2, link.md §1",
            resolver=RESOLVER, form="link")
    sch("schema-cbam-unlocode-country", "cbam.installation.unlocode DEHAM for an installation in CN", "§7.2",
        "DPP_ERR_SCHEMA_RANGE", with_changes(cm, [14, 9, 6], "DEHAM"))
    sch("schema-cbam-unknown-key-20", "CBAM map key 20 (keys are 1..19)", "§9.1", "DPP_ERR_SCHEMA_UNKNOWN_FIELD",
        with_changes(cm, [14, 20], 1))
    sch("schema-cbam-see-unit-3", "cbam see_unit 3 (1 tCO2e/t, 2 tCO2e/MWh)", "§7.2", "DPP_ERR_SCHEMA_RANGE",
        with_changes(cm, [14, 14], 3))
    sch("schema-cbam-price-details-alone", "CBAM price details (key 18) without the carbon price (key 8)", "§7.2",
        "DPP_ERR_SCHEMA_MISSING", with_changes(cm, [14, 8], None))

    link_vectors(g, minimal, full, maximal)
    trust_vectors(g, minimal, pm)
    scale_vectors(g, minimal)
    x509_vectors(g, minimal)
    g.vectors = [v for v in g.vectors if v is not None]


# ---------------------------------------------------------------------------
# The link form (spec/link.md): the same signed passport as a GS1 Digital Link
# ---------------------------------------------------------------------------

RESOLVER = "id.example.com"


def link_vectors(g, minimal, full, maximal):
    L1, L2, L3, L4 = "link.md §1", "link.md §2", "link.md §3", "link.md §4"
    steel = dict(minimal, batch="B-2025/11", serial="SN0001")

    # ---------------- valid ----------------
    t_min, im_min = g.valid("valid-eddsa-link-minimal", "The minimal passport signed with resolver id.example.com "
                            "(CWT claim -265) in the link form: HTTPS://ID.EXAMPLE.COM/01/<GTIN>#1<length><digits>",
                            minimal, "ed25519", "never", spec="%s, %s, %s, %s" % (L1, L2, L3, L4),
                            resolver=RESOLVER, form="link")
    t_txt, im_txt = g.valid("valid-eddsa-link-minimal-text", "The signed passport of valid-eddsa-link-minimal "
                            "(same COSE message) as DPP1: text: the resolver claim travels in both forms", minimal,
                            "ed25519", "never", spec="%s, §4" % L2, resolver=RESOLVER, form="text")
    assert im_min["cose"] == im_txt["cose"] and t_txt.startswith("DPP1:")
    assert V.b45decode(t_txt[5:]) == V.digits_body(t_min.split("#")[1][5:])
    g.valid("valid-eddsa-link-qualifiers", "Link with batch and serial (/10/B-2025%2F11/21/SN0001): '/' is "
            "percent-encoded in a path value", steel, "ed25519", "never", spec="%s, %s" % (L1, L4),
            resolver=RESOLVER, form="link")
    g.valid("valid-eddsa-link-full-zlib", "examples/passport-full.json (batch), zlib with dictionary v1, resolver "
            "with a path prefix (example.com/dpp): the prefix is written as signed, the host in upper case", full,
            "ed25519", "always", spec="%s, %s, §4.3" % (L1, L3), resolver="example.com/dpp", form="link")
    g.valid("valid-eddsa-link-maximal-auto", "The maximal passport as a link: serial SN%_'()*+,-./:;<=>? (every "
            "character but '-', '.' and '_' percent-encoded)", maximal, "ed25519", "auto", spec=L1,
            resolver=RESOLVER, form="link")
    g.valid("valid-eddsa-link-lowercase", "The link of valid-eddsa-link-minimal with scheme and host in lower case "
            "(browsers and URL parsers lower-case them; any letter case is accepted)", minimal, "ed25519", "never",
            spec=L1, resolver=RESOLVER, form="link",
            text_mut=lambda t: t.replace("HTTPS://ID.EXAMPLE.COM", "https://id.example.com"))
    g.valid("valid-eddsa-link-trim-newline", "The link of valid-eddsa-link-minimal followed by CR LF: the white "
            "space of §4.1 is dropped from links too", minimal, "ed25519", "never", spec="%s, §4.1" % L1,
            resolver=RESOLVER, form="link", text_mut=lambda t: t + "\r\n")

    # ---------------- rejected: helpers ----------------
    canon = V.link_uri(RESOLVER, steel["gtin"], steel["batch"], steel["serial"])
    assert canon == "HTTPS://ID.EXAMPLE.COM/01/06901234567892/10/B-2025%2F11/21/SN0001"

    def lbad(vid, desc, spec, expect, pj=steel, resolver=RESOLVER, category="link", **kw):
        """A rejected link: the passport pj signed with resolver, spelled as a link,
        then changed by text_mut (or link_json / body_mut)."""
        g.bad(vid, category, desc, spec, expect, passport_json=pj, resolver=resolver, form="link", **kw)

    def sub(old, new):
        def f(t):
            assert t.count(old) == 1, (old, t[:80])
            return t.replace(old, new)
        return f

    def uri_sub(old, new):  # change the part before '#' only
        def f(t):
            u, frag = t.split("#", 1)
            assert u.count(old) == 1, (old, u)
            return u.replace(old, new) + "#" + frag
        return f

    def frag_sub(fn):  # change the fragment (the text after '#')
        def f(t):
            u, frag = t.split("#", 1)
            return u + fn(frag)
        return f

    # ---------------- binding (check "link", after every other check) ----------------
    lbad("link-domain-changed", "Valid passport signed for id.example.com under ID.EXAMPLE.NET", L4,
         ("DPP_ERR_DL_DOMAIN", "link"), text_mut=sub("ID.EXAMPLE.COM", "ID.EXAMPLE.NET"))
    lbad("link-domain-subdomain", "Signed for id.example.com, carried under EVIL.ID.EXAMPLE.COM", L4,
         ("DPP_ERR_DL_DOMAIN", "link"), text_mut=sub("ID.EXAMPLE.COM", "EVIL.ID.EXAMPLE.COM"))
    lbad("link-domain-prefix-added", "Signed for id.example.com, the link adds the path prefix /dpp", L4,
         ("DPP_ERR_DL_DOMAIN", "link"), text_mut=uri_sub("/01/", "/dpp/01/"))
    lbad("link-domain-prefix-missing", "Signed for example.com/dpp, the link lacks the prefix /dpp", L4,
         ("DPP_ERR_DL_DOMAIN", "link"), resolver="example.com/dpp", text_mut=uri_sub("/dpp/01/", "/01/"))
    good, good_im, _ = g.build("x", passport_json=steel)
    lbad("link-no-resolver-claim", "A passport signed without a resolver claim (valid as DPP1: text) grafted into "
         "a link on id.example.com", "%s, %s" % (L2, L4), ("DPP_ERR_DL_DOMAIN", "link"), resolver=None,
         cose=bytes.fromhex(good_im["cose"]), text=V.link_text(V.b45decode(good[5:]), RESOLVER, steel))
    lbad("link-gtin-changed", "The link's GTIN 06901234567885 (a valid one) is not the signed 06901234567892", L4,
         ("DPP_ERR_DL_PRIMARY_KEY", "link"), text_mut=uri_sub("/01/06901234567892", "/01/06901234567885"))
    lbad("link-batch-changed", "Batch B-2025/12 in the link, B-2025/11 signed", L4, ("DPP_ERR_DL_QUALIFIER", "link"),
         text_mut=uri_sub("/10/B-2025%2F11", "/10/B-2025%2F12"))
    lbad("link-batch-missing", "The signed passport has a batch, the link has no /10/", L4,
         ("DPP_ERR_DL_QUALIFIER", "link"), text_mut=uri_sub("/10/B-2025%2F11", ""))
    lbad("link-batch-added", "The signed passport has no batch, the link has /10/B-2025%2F11", L4,
         ("DPP_ERR_DL_QUALIFIER", "link"), pj={k: v for k, v in steel.items() if k != "batch"},
         text_mut=uri_sub("/01/06901234567892/", "/01/06901234567892/10/B-2025%2F11/"))
    lbad("link-serial-changed", "Serial SN0002 in the link, SN0001 signed", L4, ("DPP_ERR_DL_QUALIFIER", "link"),
         text_mut=uri_sub("/21/SN0001", "/21/SN0002"))
    lbad("link-serial-missing", "The signed passport has a serial, the link has no /21/", L4,
         ("DPP_ERR_DL_QUALIFIER", "link"), text_mut=uri_sub("/21/SN0001", ""))
    lbad("link-serial-added", "The signed passport has no serial, the link has /21/SN0001", L4,
         ("DPP_ERR_DL_QUALIFIER", "link"), pj={k: v for k, v in steel.items() if k != "serial"},
         text_mut=uri_sub("/10/B-2025%2F11", "/10/B-2025%2F11/21/SN0001"))
    lbad("link-cpv-present", "A consumer product variant /22/V1 (AI 22, a valid qualifier of 01): passports carry "
         "none", L4, ("DPP_ERR_DL_QUALIFIER", "link"), text_mut=uri_sub("/01/06901234567892/",
                                                                         "/01/06901234567892/22/V1/"))
    lbad("link-resolver-claim-uppercase", "Link on ID.EXAMPLE.COM whose signed resolver claim is ID.EXAMPLE.COM: "
         "a claim not in normalised form (lower case) is refused at check claims, before the binding",
         "%s, %s" % (L2, L4), ("DPP_ERR_CWT_CLAIMS", "claims"), resolver="ID.EXAMPLE.COM")
    g.vectors[-1]["inputs"]["resolver"] = "ID.EXAMPLE.COM"

    # ---------------- URI syntax (check "prefix") ----------------
    P = "prefix"
    lbad("link-qualifier-order", "Serial before batch: /21/SN0001/10/B-2025%2F11 (the order is 22, 10, 21)", L1,
         ("DPP_ERR_DL_QUALIFIER_ORDER", P), text_mut=uri_sub("/10/B-2025%2F11/21/SN0001", "/21/SN0001/10/B-2025%2F11"))
    lbad("link-qualifier-repeated", "Batch twice: /10/B-2025%2F11/10/B-2025%2F11", L1,
         ("DPP_ERR_DL_QUALIFIER_ORDER", P), text_mut=uri_sub("/21/SN0001", "/10/B-2025%2F11"))
    lbad("link-ai-not-qualifier", "AI 17 (expiry date, a data attribute) in the path after the serial: not a "
         "qualifier of AI 01", L1, ("DPP_ERR_DL_AI", P), text_mut=uri_sub("/21/SN0001", "/21/SN0001/17/261231"))
    lbad("link-ai-primary-key-gln", "Primary key AI 414 (GLN) instead of AI 01", L1, ("DPP_ERR_DL_AI", P),
         pj=minimal, text_mut=uri_sub("/01/06901234567892", "/414/6901234000009"))
    lbad("link-gtin-check-digit", "GTIN 06901234567893 in the link: wrong check digit", L1, ("DPP_ERR_DL_AI_VALUE", P),
         text_mut=uri_sub("/01/06901234567892", "/01/06901234567893"))
    lbad("link-gtin-13", "A GTIN-13 (6901234567892) in the link: this form requires 14 digits", L1,
         ("DPP_ERR_DL_AI_VALUE", P), text_mut=uri_sub("/01/06901234567892", "/01/6901234567892"))
    lbad("link-batch-too-long", "A batch of 21 characters in the link (AI 10 allows 1..20)", L1,
         ("DPP_ERR_DL_AI_VALUE", P), text_mut=uri_sub("/10/B-2025%2F11", "/10/" + "B" * 21))
    lbad("link-batch-charset", "A batch with %20 (space): decodes to a character outside GS1 set 82", L1,
         ("DPP_ERR_DL_AI_VALUE", P), text_mut=uri_sub("/10/B-2025%2F11", "/10/B%202025"))
    lbad("link-percent-lowercase", "Percent-encoding with lower-case hex: %2f", L1, ("DPP_ERR_DL_PERCENT", P),
         text_mut=uri_sub("%2F", "%2f"))
    lbad("link-percent-needless", "A needless escape of an unreserved character: %42 for B", L1,
         ("DPP_ERR_DL_PERCENT", P), text_mut=uri_sub("/10/B-", "/10/%42-"))
    lbad("link-percent-malformed", "'%' not followed by two hex digits: %G1", L1, ("DPP_ERR_DL_PERCENT", P),
         text_mut=uri_sub("%2F", "%G1"))
    lbad("link-percent-cut", "A value ending in '%'", L1, ("DPP_ERR_DL_PERCENT", P),
         text_mut=uri_sub("/21/SN0001", "/21/SN0001%"))
    lbad("link-percent-nul", "%00 in a value", L1, ("DPP_ERR_DL_PERCENT", P), text_mut=uri_sub("%2F", "%00"))
    lbad("link-percent-literal", "'!' left literal in a value (allowed by RFC 3986 in a path, but GS1 Digital Link "
         "percent-encodes every character that is not unreserved)", L1, ("DPP_ERR_DL_PERCENT", P),
         text_mut=uri_sub("/21/SN0001", "/21/SN!001"))
    lbad("link-query", "A query string (?linkType=gs1:pip) before the fragment", L1, ("DPP_ERR_DL_QUERY", P),
         text_mut=uri_sub("/21/SN0001", "/21/SN0001?linkType=gs1:pip"))
    lbad("link-port", "A port (:443) after the host", L1, ("DPP_ERR_DL_SYNTAX", P),
         text_mut=uri_sub("ID.EXAMPLE.COM", "ID.EXAMPLE.COM:443"))
    lbad("link-userinfo", "User information (USER@) before the host", L1, ("DPP_ERR_DL_SYNTAX", P),
         text_mut=uri_sub("ID.EXAMPLE.COM", "USER@ID.EXAMPLE.COM"))
    lbad("link-ip-host", "An IPv4 address as host (192.0.2.1)", L1, ("DPP_ERR_DL_SYNTAX", P),
         text_mut=uri_sub("ID.EXAMPLE.COM", "192.0.2.1"))
    lbad("link-ipv6-host", "An IPv6 literal as host ([2001:DB8::1])", L1, ("DPP_ERR_DL_SYNTAX", P),
         text_mut=uri_sub("ID.EXAMPLE.COM", "[2001:DB8::1]"))
    lbad("link-single-label-host", "A host of one label (LOCALHOST)", L1, ("DPP_ERR_DL_SYNTAX", P),
         text_mut=uri_sub("ID.EXAMPLE.COM", "LOCALHOST"))
    lbad("link-trailing-slash", "A '/' at the end of the path, before '#'", L1, ("DPP_ERR_DL_SYNTAX", P),
         text_mut=uri_sub("/21/SN0001", "/21/SN0001/"))
    lbad("link-empty-segment", "An empty path segment (//01/)", L1, ("DPP_ERR_DL_SYNTAX", P),
         text_mut=uri_sub("/01/", "//01/"))
    lbad("link-dot-segment", "A '.' path segment (/./01/)", L1, ("DPP_ERR_DL_SYNTAX", P),
         text_mut=uri_sub("/01/", "/./01/"))
    lbad("link-space", "A space before '#' (printable ASCII only, no space)", L1, ("DPP_ERR_DL_SYNTAX", P),
         text_mut=uri_sub("/21/SN0001", "/21/SN0001 "))
    lbad("link-uri-too-long", "The part before '#' is 4297 characters (limit 4296): a long path prefix", L1,
         ("DPP_ERR_DL_SYNTAX", P), text_mut=lambda t: t.replace("/01/", "/" + "p" * (4297 - len(t.split("#")[0]) - 1)
                                                               + "/01/", 1))
    assert len(g.vectors[-1]["text"].split("#")[0]) == 4297
    lbad("link-too-long", "A link of 7090 characters (limit 7089): digits added at the end", L1,
         ("DPP_ERR_TOO_LARGE", P), text_mut=lambda t: t + "0" * (7090 - len(t)))
    lbad("link-http", "Scheme http: not a link, and not DPP1: text", L1, ("DPP_ERR_PREFIX", P),
         text_mut=sub("HTTPS:", "HTTP:"))

    # ---------------- fragment ----------------
    lbad("link-fragment-missing", "No fragment: a plain product link, no passport", L1, ("DPP_ERR_DL_PAYLOAD", P),
         text_mut=lambda t: t.split("#")[0])
    lbad("link-fragment-empty", "Nothing after '#'", L1, ("DPP_ERR_DL_PAYLOAD", P),
         text_mut=lambda t: t.split("#")[0] + "#")
    lbad("link-fragment-not-digit", "The fragment starts with a letter (#DPP1...) instead of the version digit",
         L1, ("DPP_ERR_DL_PAYLOAD", P), text_mut=frag_sub(lambda f: "#DPP" + f))
    lbad("link-fragment-version-2", "Format version digit 2 (#2...)", L1, ("DPP_ERR_PREFIX_VERSION", P),
         text_mut=frag_sub(lambda f: "#2" + f[1:]))
    lbad("link-fragment-version-0", "Format version digit 0 (#0...): a digit other than 1", L1,
         ("DPP_ERR_PREFIX_VERSION", P), text_mut=frag_sub(lambda f: "#0" + f[1:]))
    B = "base45"
    lbad("link-length-missing", "The version digit and only two digits: no 4-digit length", L3,
         ("DPP_ERR_DL_PAYLOAD", B), text_mut=frag_sub(lambda f: "#1" + f[1:3]))
    lbad("link-length-mismatch", "The 4-digit length announces one byte more than the digits hold", L3,
         ("DPP_ERR_DL_PAYLOAD", B), text_mut=frag_sub(lambda f: "#1%04d" % (int(f[1:5]) + 1) + f[5:]))
    lbad("link-digits-truncated", "The link cut after its first 29-digit group (the rest of the digits lost)", L3,
         ("DPP_ERR_DL_PAYLOAD", B), text_mut=frag_sub(lambda f: "#" + f[:5 + 29]))
    lbad("link-digit-count", "The last digit dropped: the digit count is no whole number of groups", L3,
         ("DPP_ERR_DL_PAYLOAD", B), text_mut=lambda t: t[:-1])
    lbad("link-group-over-range", "The first 29-digit group is 99999999999999999999999999999 (more than 2^96 - 1)",
         L3, ("DPP_ERR_DL_PAYLOAD", B), text_mut=frag_sub(lambda f: "#" + f[:5] + "9" * 29 + f[5 + 29:]))
    lbad("link-digit-letter", "A letter in place of the third-last digit", L3, ("DPP_ERR_DL_PAYLOAD", B),
         text_mut=lambda t: t[:-3] + "A" + t[-2:])
    lbad("link-zlib-truncated", "A zlib body cut 10 bytes before its end, spelled with its own (shorter) length: the "
         "body ends early", "%s, %s" % (L3, L4), ("DPP_ERR_DL_PAYLOAD", "inflate"), compress="always",
         body_mut=lambda b: b[:-10])

    # ---------------- the resolver claim (check "claims") ----------------
    pb = enc(V.passport_model(minimal))
    for vid, res, desc in (
            ("claims-resolver-uppercase", "ID.example.com", "Resolver claim with upper-case letters (ID.example.com)"),
            ("claims-resolver-scheme", "https://id.example.com", "Resolver claim with the scheme "
             "(https://id.example.com)"),
            ("claims-resolver-trailing-slash", "id.example.com/", "Resolver claim with a trailing '/'"),
            ("claims-resolver-port", "id.example.com:8443", "Resolver claim with a port"),
            ("claims-resolver-bstr", b"id.example.com", "Resolver claim as a byte string")):
        g.bad(vid, "claims", desc + " in DPP1: text: a verifier refuses a claim not in the normalised form", L2,
              ("DPP_ERR_CWT_CLAIMS", "claims"),
              claims={6: IAT, V.PASSPORT_CLAIM: Raw(pb), V.RESOLVER_CLAIM: res})


# ---------------------------------------------------------------------------
# Trust lists and revocation lists (libdpp's trust layer, issue 4)
# ---------------------------------------------------------------------------

class ListMaker:
    """Signed trust and revocation lists, made by libdpp (vector_tool mklist):
    their format has no spec text yet, so these vectors record what libdpp
    makes. The operator key is Ed25519, so the lists are deterministic."""

    def __init__(self, tool, cwd, keys):
        self.tool = tool
        self.cwd = cwd
        self.keys = keys

    def make(self, spec):
        """libdpp's bytes for spec; they must equal the generator's own (py_list)."""
        b = self._make(spec)
        if b != py_list(self.keys, spec):
            raise SystemExit("libdpp's signed list differs from the generator's own bytes for %s"
                             % json.dumps(spec, ensure_ascii=False)[:200])
        return b

    def _make(self, spec):
        import subprocess
        import tempfile
        with tempfile.TemporaryDirectory(prefix="dpp-mklist-") as tmp:
            sp = os.path.join(tmp, "spec.json")
            out = os.path.join(tmp, "list.cose")
            with open(sp, "w", encoding="utf-8") as f:
                json.dump(spec, f, ensure_ascii=False)
            p = subprocess.run([self.tool, "mklist", sp, out], cwd=self.cwd, capture_output=True, text=True)
            if p.returncode != 0:
                raise SystemExit("vector_tool mklist failed: %s (for %s)" % (p.stderr,
                                                                             json.dumps(spec, ensure_ascii=False)))
            with open(out, "rb") as f:
                return f.read()


def _key_of(keys, path):
    """keys/NAME.pem or keys/NAME.pub.pem -> the generator's key NAME."""
    name = os.path.basename(path)
    return keys[name[:-len(".pub.pem")] if name.endswith(".pub.pem") else name[:-len(".pem")]]


def py_list(keys, spec):
    """A signed list from its JSON description (the form vector_tool mklist reads, plus
    "operator_chain" and the status list types), built by dppvec from spec/trust.md."""
    op = _key_of(keys, spec["operator"])
    hdr = (spec["sequence"], spec["issued_at"], spec["next_update"])
    sign_with = _key_of(keys, spec["signed_by"]) if "signed_by" in spec else None
    if spec["type"] == "trust":
        entries = []
        for e in spec["entries"]:
            k = _key_of(keys, e["key"])
            entries.append((k, e["role"], V.tl_entry(k, e["role"], e["party"], e.get("not_before"),
                                                     e.get("not_after"), e.get("scope"))))
        chain = []
        for st in spec.get("operator_chain", []):
            forged = _key_of(keys, st["signed_by"]) if "signed_by" in st else None
            chain.append(V.rollover_statement(_key_of(keys, st["from"]), _key_of(keys, st["to"]), forged))
        return V.signed_list(op, V.LIST_TRUST, V.trust_list_payload(hdr, entries, chain), sign_with)
    if spec["type"] == "revocation":
        kids, ids, batches = [], [], []
        for r in spec["revocations"]:
            if r["kind"] == "key":
                kids.append((bytes.fromhex(r["kid"]), r["reason"], r["date"]))
            elif r["kind"] == "passport":
                ids.append((bytes.fromhex(r["passport_id"]), r["reason"], r["date"]))
            else:
                batches.append((int(r["gtin"]), r["batch"], r["reason"], r["date"]))
        hashed = None
        if "salt" in spec:   # the compact form: passports and batches as a hashed set (key 9)
            salt = bytes.fromhex(spec["salt"])
            hashed = V.revset(salt, [("passport", i, r, d) for i, r, d in ids] +
                              [("batch", (g_, b), r, d) for g_, b, r, d in batches])
            if "revset_items" in spec:   # a defect: the coded hashes given as they are
                hashed = V.revset_from_hashes(salt, [(int(h, 16), r, d) for h, r, d in spec["revset_items"]],
                                              [bytes.fromhex(x) for x in spec.get("revset_extra_meta", [])])
            if "revset_mut" in spec:
                hashed = REVSET_MUTS[spec["revset_mut"]](hashed)
        return V.signed_list(op, V.LIST_REVOCATION, V.revocation_list_payload(hdr, kids, ids, batches, hashed),
                             sign_with)
    if spec["type"] == "status":
        lid = bytes.fromhex(spec["list_id"])
        if "base_sequence" in spec:
            payload = V.status_delta_payload(hdr, lid, spec["n_bits"], spec["base_sequence"], spec.get("set", []),
                                             spec.get("cleared", []))
        else:
            payload = V.status_whole_payload(hdr, lid, spec["n_bits"], spec.get("set", []))
        return V.signed_list(op, V.LIST_STATUS, payload, sign_with)
    raise ValueError(spec["type"])


# Defects of a compact set (key 9), by name (inputs.lists[i].content.revset_mut)
REVSET_MUTS = {
    # the last code cut short: its remainder runs past the end of codes
    "codes-truncated": lambda a: [a[0], a[1], a[2], a[3][:-2], a[4]],
    # one byte more after the last code
    "codes-extra-byte": lambda a: [a[0], a[1], a[2], a[3] + b"\x00", a[4]],
    # the last padding bit of metaidx set (2 entries, 2 meta records: w = 1, 6 padding bits)
    "metaidx-padding-bit": lambda a: [a[0], a[1], a[2], a[3], a[4][:-1] + bytes([a[4][-1] | 1])],
    "salt-15-bytes": lambda a: [a[0][:15], a[1], a[2], a[3], a[4]],
    "n-zero": lambda a: [a[0], 0, a[2], a[3], a[4]],
}


LIST_ISSUED = IAT - 86400        # 2025-11-30
LIST_NEXT = NOW + 30 * 86400     # 2026-01-31


def trust_vectors(g, minimal, pm):
    if g.lists is None:
        return
    K = g.keys
    party = {"name": "津鼎钢铁有限公司", "country": "CN"}

    def entry(key="ed25519", role="manufacturer", **kw):
        e = {"key": "keys/%s.pub.pem" % key, "role": role, "party": party}
        e.update(kw)
        return e

    def tlist(entries, operator="operator", sequence=3, issued=LIST_ISSUED, nxt=LIST_NEXT):
        return {"type": "trust", "operator": "keys/%s.pem" % operator, "sequence": sequence, "issued_at": issued,
                "next_update": nxt, "entries": entries}

    def rlist(revs, operator="operator", sequence=3, issued=LIST_ISSUED, nxt=LIST_NEXT):
        return {"type": "revocation", "operator": "keys/%s.pem" % operator, "sequence": sequence,
                "issued_at": issued, "next_update": nxt, "revocations": revs}

    def lists(tl=None, rl=None, policy=None, tl_mut=None, operators=("operator",)):
        d = {"operator_keys": [g.keys.trusted_entry(o) for o in operators],
             "list_policy": policy or {"min_sequence": 0, "grace_seconds": 0}}
        if tl is not None:
            b = g.lists.make(tl)
            if tl_mut is not None:
                b = tl_mut(b)
            d["trust_list"] = {"content": tl, "cose": b.hex()}
        if rl is not None:
            d["revocation_list"] = {"content": rl, "cose": g.lists.make(rl).hex()}
        return d

    steel = dict(minimal, category="Steel products", batch="B-2025/11")
    base_tl = tlist([entry()])
    day = IAT // 86400

    def valid(vid, desc, pj, lst, now=NOW, resolver=None, form=None, spec="trust layer"):
        text, im, key = g.build(vid, passport_json=pj, resolver=resolver, form=form or "text")
        claims = {"iat": IAT, "exp": None, "iss": None, "alg": key.alg, "kid": key.kid.hex(), "compressed": False}
        g.add(vid, "valid", desc, spec, text, im, None, pj, "ed25519", IAT, None, None, "never", (), now,
              deterministic=True, encoder_check=True, claims_expected=claims, lists=lst, resolver=resolver,
              form=form)

    def bad(vid, desc, expect, pj, lst, now=NOW, spec="trust layer", **kw):
        text, im, key = g.build(vid, passport_json=pj, **kw)
        g.add(vid, "trust", desc, spec, text, im, expect, pj, kw.get("signer", "ed25519"),
              kw.get("iat", IAT), None, None, "never", (), now, deterministic=True, lists=lst,
              resolver=kw.get("resolver"), form=kw.get("form"))

    valid("valid-trust-list-manufacturer", "The signer is a manufacturer in a signed trust list (no scope); an "
          "empty revocation list", minimal, lists(base_tl, rlist([])))
    valid("valid-trust-list-scoped", "Manufacturer entry with a validity window and a scope (GTIN prefix, category, "
          "declared claims) that the passport fits",
          steel, lists(tlist([entry(not_before=IAT - 86400, not_after=EXP,
                                     scope={"gtin_prefixes": ["0690123"], "categories": ["Steel products"],
                                            "claims": ["footprint"]})])))
    valid("valid-trust-superseded-later", "The signer key is revoked as superseded from a date after iat: passports "
          "signed before stay valid", minimal,
          lists(base_tl, rlist([{"kind": "key", "kid": K["ed25519"].kid.hex(), "reason": "superseded",
                                 "date": day + 10}])))
    bad("trust-unknown-signer", "The trust list holds only another manufacturer: unknown signer",
        ("DPP_ERR_KID_UNKNOWN", "kid"), minimal, lists(tlist([entry("es256")])))
    bad("trust-role-certifier", "The signer is listed as a certifier: only a manufacturer signs passports",
        ("DPP_ERR_ROLE", "role"), minimal, lists(tlist([entry(role="certifier")])))
    bad("trust-role-operator", "The signer is listed as a trust-list operator", ("DPP_ERR_ROLE", "role"), minimal,
        lists(tlist([entry(role="operator")])))
    bad("trust-scope-gtin", "The passport's GTIN is outside the signer's GTIN prefixes", ("DPP_ERR_SCOPE", "scope"),
        steel, lists(tlist([entry(scope={"gtin_prefixes": ["400638"]})])))
    bad("trust-scope-category", "The passport's category is outside the signer's categories",
        ("DPP_ERR_SCOPE", "scope"), steel, lists(tlist([entry(scope={"categories": ["Textiles"]})])))
    bad("trust-scope-claims", "The passport declares materials; the signer may declare only the footprint",
        ("DPP_ERR_SCOPE", "scope"), dict(steel, materials=[{"name": "Pig iron", "mass_fraction": "0.82"}]),
        lists(tlist([entry(scope={"claims": ["footprint"]})])))
    bad("trust-signer-window", "Signed (iat) after the end of the signer's trust-list validity window",
        ("DPP_ERR_SIGNER_NOT_VALID", "signer_window"), minimal,
        lists(tlist([entry(not_before=IAT - 86400 * 30, not_after=IAT - 1)])))
    bad("trust-revoked-key", "The signer key is revoked (key compromise)", ("DPP_ERR_REVOKED", "revocation"),
        minimal, lists(base_tl, rlist([{"kind": "key", "kid": K["ed25519"].kid.hex(), "reason": "key-compromise",
                                        "date": day + 10}])))
    bad("trust-revoked-passport", "The passport id is revoked (recall)", ("DPP_ERR_REVOKED", "revocation"), minimal,
        lists(base_tl, rlist([{"kind": "passport", "passport_id": V.passport_model(minimal)[2].hex(),
                               "reason": "recall", "date": day}])))
    bad("trust-revoked-batch", "The passport's GTIN and batch are revoked (fraud)", ("DPP_ERR_REVOKED", "revocation"),
        steel, lists(base_tl, rlist([{"kind": "batch", "gtin": steel["gtin"], "batch": steel["batch"],
                                      "reason": "fraud", "date": day}])))
    bad("trust-list-stale", "The trust list is past its next_update (no grace period)",
        ("DPP_ERR_LIST_STALE", "trust_list"), minimal, lists(tlist([entry()], nxt=NOW - 1)))
    bad("trust-list-grace-over", "Past next_update by 3660 s with a 3600 s grace period",
        ("DPP_ERR_LIST_STALE", "trust_list"), minimal,
        lists(tlist([entry()], nxt=NOW - 3660), policy={"min_sequence": 0, "grace_seconds": 3600}))
    bad("trust-list-rollback", "Trust list sequence 3, the verifier has seen sequence 5",
        ("DPP_ERR_LIST_ROLLBACK", "trust_list"), minimal,
        lists(base_tl, policy={"min_sequence": 5, "grace_seconds": 0}))
    bad("trust-list-unpinned", "Trust list signed by an operator key the verifier has not pinned",
        ("DPP_ERR_LIST_UNPINNED", "trust_list"), minimal, lists(tlist([entry()], operator="operator-other")))
    bad("trust-list-tampered", "Trust list with one bit of its signature flipped", ("DPP_ERR_SIGNATURE", "trust_list"),
        minimal, lists(base_tl, tl_mut=lambda b: b[:-1] + bytes([b[-1] ^ 1])))
    bad("trust-list-future", "Trust list issued an hour after the validation time (skew 300 s)",
        ("DPP_ERR_NOT_YET_VALID", "trust_list"), minimal,
        lists(tlist([entry()], issued=NOW + 3600, nxt=NOW + 86400)))
    bad("trust-revocation-list-stale", "The revocation list is past its next_update",
        ("DPP_ERR_LIST_STALE", "revocation_list"), minimal, lists(base_tl, rlist([], nxt=NOW - 1)))
    rl_as_tl = lists(rlist([]))
    bad("trust-list-is-revocation-list", "A revocation list given where the trust list goes",
        ("DPP_ERR_LIST_FORMAT", "trust_list"), minimal, rl_as_tl)

    # resolver scope (trust.md section 3, spec/link.md section 2): scope key 4
    valid("valid-trust-scope-resolver", "Link signed for example.com/dpp by a manufacturer whose scope allows the "
          "resolver example.com (an entry matches itself and any path under it)", minimal,
          lists(tlist([entry(scope={"resolvers": ["example.com"]})])), resolver="example.com/dpp", form="link",
          spec="trust layer, link.md §2")
    bad("trust-scope-resolver", "Link signed for id.example.com by a manufacturer whose scope allows only the "
        "resolvers dpp.other.example and example.com/dpp", ("DPP_ERR_DL_DOMAIN_SCOPE", "scope"), minimal,
        lists(tlist([entry(scope={"resolvers": ["dpp.other.example", "example.com/dpp"]})])), resolver=RESOLVER,
        form="link", spec="trust layer, link.md §2")
    bad("trust-scope-resolver-text", "The passport of trust-scope-resolver as DPP1: text: the signed resolver is "
        "checked against the scope in either form", ("DPP_ERR_DL_DOMAIN_SCOPE", "scope"), minimal,
        lists(tlist([entry(scope={"resolvers": ["dpp.other.example", "example.com/dpp"]})])), resolver=RESOLVER,
        form="text", spec="trust layer, link.md §2")

    cert_party = {"name": "SGS-CSTC Standards Technical Services", "country": "CN"}
    attestation_vectors(g, load_passport("full"), {
        "manufacturer": lists(tlist([entry()])),
        "manufacturer+certifier": lists(tlist([entry(), dict(entry("certifier", "certifier"), party=cert_party)])),
        "manufacturer+certifier-as-manufacturer": lists(tlist([entry(), dict(entry("certifier"), party=cert_party)])),
    })
    attestation_time_vectors(g, load_passport("full"),
                             lambda **w: lists(tlist([entry(), dict(entry("certifier", "certifier", **w),
                                                                    party=cert_party)])))


# ---------------------------------------------------------------------------
# Trust at scale (issue 22, spec/trust.md §3.8, §3.9, §6.4): status lists,
# operator key rollover, several schemes. Every list here is built by
# dppvec from the spec (py_list), not by libdpp.
# ---------------------------------------------------------------------------

STATUS_PERIOD = 2025
STATUS_BITS = 4096
STATUS_INDEX = 42


def scale_vectors(g, minimal):
    K = g.keys
    party = {"name": "津鼎钢铁有限公司", "country": "CN"}
    pol = {"min_sequence": 0, "grace_seconds": 0}

    def entry(key="ed25519", role="manufacturer", **kw):
        e = {"key": "keys/%s.pub.pem" % key, "role": role, "party": party}
        e.update(kw)
        return e

    def tlist(entries, operator="operator", sequence=3, issued=LIST_ISSUED, nxt=LIST_NEXT, **kw):
        d = {"type": "trust", "operator": "keys/%s.pem" % operator, "sequence": sequence, "issued_at": issued,
             "next_update": nxt, "entries": entries}
        d.update(kw)
        return d

    def rlist(revs, operator="operator", sequence=3, issued=LIST_ISSUED, nxt=LIST_NEXT):
        return {"type": "revocation", "operator": "keys/%s.pem" % operator, "sequence": sequence,
                "issued_at": issued, "next_update": nxt, "revocations": revs}

    def slist(set_bits=(), operator="operator", sequence=3, issued=LIST_ISSUED, nxt=LIST_NEXT, kid_key="ed25519",
              period=STATUS_PERIOD, n_bits=STATUS_BITS, **kw):
        d = {"type": "status", "operator": "keys/%s.pem" % operator, "sequence": sequence, "issued_at": issued,
             "next_update": nxt, "list_id": V.status_list_id(K[kid_key].kid, period).hex(),
             "issuer_kid": K[kid_key].kid.hex(), "period": period, "n_bits": n_bits, "set": list(set_bits)}
        d.update(kw)
        return d

    def delta(base, set_bits=(), cleared=(), sequence=4, **kw):
        d = slist(sequence=sequence, **kw)
        d["base_sequence"] = base
        d["set"] = list(set_bits)
        d["cleared"] = list(cleared)
        return d

    def chain(*steps):
        return [{"from": "keys/%s.pem" % a, "to": "keys/%s.pub.pem" % b} for a, b in steps]

    def lists(items, operators=("operator",), schemes=None, policy=None, mut=None):
        """items: (kind, scheme or None, spec); mut: {index: bytes -> bytes}."""
        d = {"operator_keys": [K.trusted_entry(o) for o in operators], "list_policy": policy or pol}
        if schemes:
            d["scheme_operator_keys"] = {n: [K.trusted_entry(o) for o in ops] for n, ops in sorted(schemes.items())}
        out = []
        for i, (kind, scheme, spec) in enumerate(items):
            b = py_list(K, spec)
            # libdpp must make the same bytes (it cannot make the forged or malformed ones)
            if "padding" not in spec and "signed_by" not in spec and "malformed" not in spec and \
                    all(i < spec.get("n_bits", 0) for i in spec.get("set", []) + spec.get("cleared", [])) and \
                    not any("signed_by" in st for st in spec.get("operator_chain", [])):
                if g.lists._make(spec) != b:
                    raise SystemExit("libdpp's signed list differs from the generator's own bytes for %s"
                                     % json.dumps(spec, ensure_ascii=False)[:300])
            if mut and i in mut:
                b = mut[i](b)
            out.append({"kind": kind, "scheme": scheme, "cose": b.hex(), "content": spec})
        d["lists"] = out
        return d

    status_id = V.status_list_id(K["ed25519"].kid, STATUS_PERIOD)

    def status_claims(pj, index=STATUS_INDEX, list_id=status_id):
        return {6: IAT, V.PASSPORT_CLAIM: Raw(enc(V.passport_model(pj))), -266: [list_id, index]}

    def status_input(index=STATUS_INDEX):
        return {"list_id": status_id.hex(), "index": index, "issuer_kid": K["ed25519"].kid.hex(),
                "period": STATUS_PERIOD}

    def add(vid, desc, requires, pj, lst, expect=None, status=None, trusted=("ed25519",), spec="trust.md",
            now=NOW, signer_scheme=None, revoked_by=None):
        """signer_scheme: the scheme that recognises the signer ("" the default one); revoked_by: the
        scheme whose revocation list matched (expected.signer_scheme / expected.revoked_by, §3.8)."""
        kw = {}
        if status is not None:
            kw["claims"] = status_claims(pj, status)
        text, im, key = g.build(vid, passport_json=pj, **kw)
        lst = dict(lst)
        if status is not None:
            lst["status"] = status_input(status)
        if expect is None:
            claims = {"iat": IAT, "exp": None, "iss": None, "alg": key.alg, "kid": key.kid.hex(),
                      "compressed": False}
            g.add(vid, "valid", desc, spec, text, im, None, pj, "ed25519", IAT, None, None, "never", trusted, now,
                  deterministic=True, encoder_check=status is None, claims_expected=claims, lists=lst)
        else:
            g.add(vid, "trust", desc, spec, text, im, expect, pj, "ed25519", IAT, None, None, "never", trusted, now,
                  deterministic=True, lists=lst)
        g.vectors[-1]["requires"] = ["trust-lists"] + list(requires)
        if signer_scheme is not None:
            g.vectors[-1]["expected"]["signer_scheme"] = signer_scheme
        if revoked_by is not None:
            g.vectors[-1]["expected"]["revoked_by"] = revoked_by

    ST = ("status-lists",)
    s642 = "trust.md §6.4"
    # -- status lists, whole -------------------------------------------------
    add("valid-status-whole-clear", "Status list (whole) for the signer's key and period 2025; the passport's "
        "bit 42 is clear (bits 7 and 100 set)", ST, minimal, lists([("status", None, slist([7, 100]))]),
        status=STATUS_INDEX, spec=s642)
    add("valid-status-no-claim", "A status list is loaded but the passport carries no status claim (-266): "
        "the status check is skipped", ST, minimal, lists([("status", None, slist([STATUS_INDEX]))]), spec=s642)
    add("status-whole-revoked", "Status list (whole): the passport's bit 42 is set",
        ST, minimal, lists([("status", None, slist([7, STATUS_INDEX, 100]))]),
        ("DPP_ERR_STATUS_REVOKED", "revocation"), status=STATUS_INDEX, spec=s642)
    add("status-whole-revoked-last-bit", "Status list (whole) of 4096 bits: the passport has index 4095, the "
        "last bit, and it is set", ST, minimal, lists([("status", None, slist([STATUS_BITS - 1]))]),
        ("DPP_ERR_STATUS_REVOKED", "revocation"), status=STATUS_BITS - 1, spec=s642)
    add("status-index-out-of-range", "The passport's index 4096 is past the end of its 4096-bit status list",
        ST, minimal, lists([("status", None, slist([]))]), ("DPP_ERR_STATUS_INDEX", "revocation"),
        status=STATUS_BITS, spec=s642)
    add("status-list-missing-period", "The status list loaded is the signer's part for period 2024; the passport "
        "points at period 2025's", ST, minimal, lists([("status", None, slist([], period=2024))]),
        ("DPP_ERR_STATUS_LIST_MISSING", "revocation"), status=STATUS_INDEX, spec=s642)
    add("status-list-missing-kid", "The status list loaded is another issuer key's part (ed25519-other, period "
        "2025); the passport points at its own signer's", ST, minimal,
        lists([("status", None, slist([], kid_key="ed25519-other"))]),
        ("DPP_ERR_STATUS_LIST_MISSING", "revocation"), status=STATUS_INDEX, spec=s642)
    add("valid-status-two-parts", "Two parts loaded (ed25519-other's with bit 42 set, the signer's with it "
        "clear): only the passport's own part counts", ST, minimal,
        lists([("status", None, slist([STATUS_INDEX], kid_key="ed25519-other")), ("status", None, slist([7]))]),
        status=STATUS_INDEX, spec=s642)
    add("status-list-stale", "The passport's status part is past its next_update (no grace period)", ST,
        minimal, lists([("status", None, slist([], nxt=NOW - 1))]), ("DPP_ERR_LIST_STALE", "status_list"),
        status=STATUS_INDEX, spec=s642)
    add("status-list-rollback", "Status part sequence 5 loaded, then the same part with sequence 4", ST, minimal,
        lists([("status", None, slist([], sequence=5)), ("status", None, slist([], sequence=4))]),
        ("DPP_ERR_LIST_ROLLBACK", "status_list"), status=STATUS_INDEX, spec=s642)
    add("status-list-unpinned", "Status list signed by an operator key the verifier has not pinned", ST, minimal,
        lists([("status", None, slist([], operator="operator-other"))]), ("DPP_ERR_LIST_UNPINNED", "status_list"),
        status=STATUS_INDEX, spec=s642)
    add("status-list-tampered", "Status list with one bit of its signature flipped", ST, minimal,
        lists([("status", None, slist([]))], mut={0: lambda b: b[:-1] + bytes([b[-1] ^ 1])}),
        ("DPP_ERR_SIGNATURE", "status_list"), status=STATUS_INDEX, spec=s642)
    add("status-list-padding-bit", "Whole status list of 4090 bits whose padding bit 4095 is set", ST, minimal,
        lists([("status", None, slist([STATUS_BITS - 1], n_bits=STATUS_BITS - 6, padding=True))]),
        ("DPP_ERR_LIST_FORMAT", "status_list"), status=STATUS_INDEX, spec=s642)
    add("status-list-as-trust-list", "A status list given where the trust list goes", ST, minimal,
        lists([("trust", None, slist([]))]), ("DPP_ERR_LIST_FORMAT", "trust_list"), spec=s642)
    # -- status lists, delta -------------------------------------------------
    add("valid-status-delta-cleared", "Whole list (sequence 3) with bit 42 set, then a delta on base 3 "
        "(sequence 4) clearing 42 and setting 43 and 1000", ST, minimal,
        lists([("status", None, slist([STATUS_INDEX])), ("status", None, delta(3, [43, 1000], [STATUS_INDEX]))]),
        status=STATUS_INDEX, spec=s642)
    add("status-delta-revoked", "Whole list (sequence 3) with bits 7 and 100 set, then a delta on base 3 setting "
        "bit 42 (and 300)", ST, minimal,
        lists([("status", None, slist([7, 100])), ("status", None, delta(3, [STATUS_INDEX, 300]))]),
        ("DPP_ERR_STATUS_REVOKED", "revocation"), status=STATUS_INDEX, spec=s642)
    add("status-delta-base-mismatch", "Whole list with sequence 3, then a delta whose base is sequence 2",
        ST, minimal, lists([("status", None, slist([])), ("status", None, delta(2, [STATUS_INDEX]))]),
        ("DPP_ERR_STATUS_DELTA_BASE", "status_list"), status=STATUS_INDEX, spec=s642)
    add("status-delta-no-base", "A delta for a part the verifier does not hold", ST, minimal,
        lists([("status", None, delta(3, [STATUS_INDEX]))]), ("DPP_ERR_STATUS_DELTA_BASE", "status_list"),
        status=STATUS_INDEX, spec=s642)
    add("status-delta-other-part", "Whole list of the signer's part (2025), then a delta (base 3) for its 2024 "
        "part", ST, minimal,
        lists([("status", None, slist([])), ("status", None, delta(3, [STATUS_INDEX], period=2024))]),
        ("DPP_ERR_STATUS_DELTA_BASE", "status_list"), status=STATUS_INDEX, spec=s642)
    add("status-delta-size-mismatch", "Whole list of 4096 bits (sequence 3), then a delta on base 3 for the same "
        "part with n_bits 8192", ST, minimal,
        lists([("status", None, slist([])), ("status", None, delta(3, [STATUS_INDEX], n_bits=2 * STATUS_BITS))]),
        ("DPP_ERR_STATUS_DELTA_BASE", "status_list"), status=STATUS_INDEX, spec=s642)
    add("status-delta-sequence-not-above-base", "A delta whose sequence (3) is not above its base (3, the held "
        "part's sequence)", ST, minimal,
        lists([("status", None, slist([])), ("status", None, delta(3, [STATUS_INDEX], sequence=3, malformed=True))]),
        ("DPP_ERR_STATUS_DELTA_BASE", "status_list"), status=STATUS_INDEX, spec=s642)
    add("status-delta-index-range", "A delta on base 3 setting index 4096 of a 4096-bit part", ST, minimal,
        lists([("status", None, slist([])), ("status", None, delta(3, [STATUS_BITS]))]),
        ("DPP_ERR_STATUS_INDEX", "status_list"), status=STATUS_INDEX, spec=s642)

    # -- compact revocation set (revocation list key 9) ----------------------
    CR = ("compact-revocations",)
    s65 = "trust.md §6.5"
    salt = hashlib.sha256(b"libdpp test vectors: compact revocation salt").digest()[:16]
    steel_b = dict(minimal, batch="B-2025/11")
    my_id = V.passport_model(minimal)[2].hex()
    others = [{"kind": "passport", "passport_id": hashlib.sha256(b"other passport %d" % i).digest()[:16].hex(),
               "reason": ("recall", "fraud", "withdrawn")[i % 3], "date": IAT // 86400 - i} for i in range(40)]
    other_batches = [{"kind": "batch", "gtin": steel_b["gtin"], "batch": "B-2025/%02d" % i, "reason": "recall",
                      "date": IAT // 86400} for i in range(1, 6)]

    def clist(revs, **kw):
        d = rlist(revs)
        d["salt"] = salt.hex()
        d.update(kw)
        return d

    add("valid-revocation-compact-other", "Compact revocation list (key 9): 40 other passport ids and 5 other "
        "batches of the same GTIN, and a kid in key 6; the passport is not in it", CR, steel_b,
        lists([("revocation", None, clist(others + other_batches + [
            {"kind": "key", "kid": K["es256"].kid.hex(), "reason": "key-compromise", "date": IAT // 86400}]))]),
        spec=s65)
    add("revocation-compact-passport", "Compact revocation list: the passport id among 40 others (recall)", CR,
        minimal, lists([("revocation", None, clist(others + [{"kind": "passport", "passport_id": my_id,
                                                              "reason": "recall", "date": IAT // 86400}]))]),
        ("DPP_ERR_REVOKED", "revocation"), spec=s65)
    add("revocation-compact-batch", "Compact revocation list: the passport's GTIN and batch among 5 other batches "
        "(fraud)", CR, steel_b,
        lists([("revocation", None, clist(other_batches + [{"kind": "batch", "gtin": steel_b["gtin"],
                                                            "batch": steel_b["batch"], "reason": "fraud",
                                                            "date": IAT // 86400}]))]),
        ("DPP_ERR_REVOKED", "revocation"), spec=s65)
    add("revocation-compact-single", "Compact revocation list of one entry (Rice parameter k = 63): the "
        "passport id", CR, minimal,
        lists([("revocation", None, clist([{"kind": "passport", "passport_id": my_id, "reason": "withdrawn",
                                            "date": IAT // 86400}]))]), ("DPP_ERR_REVOKED", "revocation"), spec=s65)
    two = others[:2]

    def hashes(revs):
        return sorted(V.revset_hash(salt, 2, bytes.fromhex(r["passport_id"])) for r in revs)
    h = hashes(two)
    bad_sets = [
        ("revocation-compact-order", "A compact set whose second hash equals the first (a gap of 0)",
         {"revset_items": [("%016x" % h[0], "recall", 1), ("%016x" % h[0], "recall", 1)]},
         ("DPP_ERR_REVSET_ORDER", "revocation_list")),
        ("revocation-compact-overlong", "A compact set whose second gap takes the running hash past 2^64 - 1",
         {"revset_items": [("fffffffffffffffe", "recall", 1), ("10000000000000005", "recall", 1)]},
         ("DPP_ERR_REVSET_CODE", "revocation_list")),
        ("revocation-compact-code-truncated", "A compact set whose codes end inside the last code",
         {"revset_mut": "codes-truncated"}, ("DPP_ERR_REVSET_CODE", "revocation_list")),
        ("revocation-compact-extra-byte", "A compact set with a byte after the last code",
         {"revset_mut": "codes-extra-byte"}, ("DPP_ERR_REVSET_TRAILING", "revocation_list")),
        ("revocation-compact-padding-bit", "A compact set of 2 entries with 2 (reason, date) records whose last "
         "metaidx padding bit is set", {"revset_mut": "metaidx-padding-bit"},
         ("DPP_ERR_REVSET_TRAILING", "revocation_list")),
        ("revocation-compact-meta-unused", "A compact set with a (reason, date) record no entry uses",
         {"revset_extra_meta": ["060001"], "revset_items": [("%016x" % x, "recall", 1) for x in h]},
         ("DPP_ERR_LIST_FORMAT", "revocation_list")),
        ("revocation-compact-salt", "A compact set whose salt has 15 bytes", {"revset_mut": "salt-15-bytes"},
         ("DPP_ERR_LIST_FORMAT", "revocation_list")),
        ("revocation-compact-n-zero", "A compact set that says it has 0 entries", {"revset_mut": "n-zero"},
         ("DPP_ERR_LIST_FORMAT", "revocation_list")),
    ]
    for vid, desc, extra, expect in bad_sets:
        add(vid, desc, CR, minimal, lists([("revocation", None, clist(two, malformed=True, **extra))]), expect,
            spec=s65)

    # -- operator key rollover -----------------------------------------------
    RO = ("rollover",)
    s39 = "trust.md §3.9"
    tl1 = [entry()]
    add("valid-rollover-one-step", "The verifier pins operator; the trust list is signed by operator-2 and "
        "carries the statement operator -> operator-2", RO, minimal,
        lists([("trust", None, tlist(tl1, "operator-2", operator_chain=chain(("operator", "operator-2"))))]),
        trusted=(), spec=s39)
    add("valid-rollover-two-steps", "The verifier pins operator; the list is signed by operator-3 with the chain "
        "operator -> operator-2 -> operator-3", RO, minimal,
        lists([("trust", None, tlist(tl1, "operator-3", operator_chain=chain(("operator", "operator-2"),
                                                                            ("operator-2", "operator-3"))))]),
        trusted=(), spec=s39)
    add("valid-rollover-history", "The verifier pins operator-2; the chain operator -> operator-2 -> operator-3 "
        "starts with a statement before its pinned key (history, skipped)", RO, minimal,
        lists([("trust", None, tlist(tl1, "operator-3", operator_chain=chain(("operator", "operator-2"),
                                                                            ("operator-2", "operator-3"))))],
              operators=("operator-2",)), trusted=(), spec=s39)
    add("valid-rollover-then-new-list", "A list signed by operator-2 with the statement operator -> operator-2 "
        "(sequence 3), then a list signed by operator-2 without a chain (sequence 4): the successor stays pinned",
        RO, minimal,
        lists([("trust", None, tlist([entry("es256")], "operator-2",
                                     operator_chain=chain(("operator", "operator-2")))),
               ("trust", None, tlist(tl1, "operator-2", sequence=4))]), trusted=(), spec=s39)
    add("rollover-gap-short", "The verifier pins operator; the list is signed by operator-3 but its chain ends at "
        "operator-2 (operator -> operator-2)", RO, minimal,
        lists([("trust", None, tlist(tl1, "operator-3", operator_chain=chain(("operator", "operator-2"))))]),
        ("DPP_ERR_ROLLOVER_GAP", "trust_list"), trusted=(), spec=s39)
    add("rollover-gap-skipped", "Chain operator -> operator-2, then operator-3 -> operator-cn (not signed by "
        "operator-2, the previous successor); the list is signed by operator-cn", RO, minimal,
        lists([("trust", None, tlist(tl1, "operator-cn", operator_chain=chain(("operator", "operator-2"),
                                                                             ("operator-3", "operator-cn"))))]),
        ("DPP_ERR_ROLLOVER_GAP", "trust_list"), trusted=(), spec=s39)
    forged = chain(("operator", "operator-2"))
    forged[0]["signed_by"] = "keys/operator-2.pem"
    add("rollover-forged", "The statement operator -> operator-2 names operator's kid but is signed by "
        "operator-2 itself", RO, minimal, lists([("trust", None, tlist(tl1, "operator-2", operator_chain=forged))]),
        ("DPP_ERR_SIGNATURE", "trust_list"), trusted=(), spec=s39)
    add("rollover-retired", "After a list signed by operator-2 with the statement operator -> operator-2 "
        "(sequence 3), a list signed by the retired operator key (sequence 4)", RO, minimal,
        lists([("trust", None, tlist(tl1, "operator-2", operator_chain=chain(("operator", "operator-2")))),
               ("trust", None, tlist(tl1, "operator", sequence=4))]),
        ("DPP_ERR_OPERATOR_RETIRED", "trust_list"), trusted=(), spec=s39)
    add("rollover-revoked-operator", "Operator and operator-2 pinned; operator's revocation list revokes "
        "operator-2's kid (key compromise); then a trust list signed by operator-2", RO, minimal,
        lists([("trust", None, tlist(tl1)),
               ("revocation", None, rlist([{"kind": "key", "kid": K["operator-2"].kid.hex(),
                                            "reason": "key-compromise", "date": IAT // 86400}])),
               ("trust", None, tlist(tl1, "operator-2", sequence=4))], operators=("operator", "operator-2")),
        ("DPP_ERR_OPERATOR_RETIRED", "trust_list"), trusted=(), spec=s39)
    add("rollover-unpinned-start", "The verifier pins operator; the list is signed by operator-2 with the "
        "statement operator-other -> operator-2 (no statement by a pinned key)", RO, minimal,
        lists([("trust", None, tlist(tl1, "operator-2", operator_chain=chain(("operator-other", "operator-2"))))]),
        ("DPP_ERR_LIST_UNPINNED", "trust_list"), trusted=(), spec=s39)

    # -- several schemes (mutual recognition) --------------------------------
    SC = ("schemes",)
    s38 = "trust.md §3.8"
    cn = {"cn": ("operator-cn",)}
    cn_party = {"name": "China Certification Scheme Test Manufacturer", "country": "CN"}
    add("valid-scheme-second", "Default scheme lists only es256; scheme cn (operator-cn) lists the signer as "
        "manufacturer: recognised by cn", SC, minimal,
        lists([("trust", None, tlist([entry("es256")])),
               ("trust", "cn", tlist([dict(entry(), party=cn_party)], "operator-cn"))], schemes=cn),
        trusted=(), spec=s38, signer_scheme="cn")
    add("valid-scheme-default-first", "Scheme cn (loaded first) and the default scheme both list the signer as "
        "manufacturer: the report names the default scheme", SC, minimal,
        lists([("trust", "cn", tlist([entry()], "operator-cn")), ("trust", None, tlist([entry()]))], schemes=cn),
        trusted=(), spec=s38, signer_scheme="")
    add("valid-scheme-first-named", "Schemes eu (loaded first) and cn both list the signer as manufacturer, the "
        "default scheme does not: the report names cn, the first by name, whatever the load order", SC, minimal,
        lists([("trust", "eu", tlist([entry()], "operator-other")), ("trust", "cn", tlist([entry()], "operator-cn")),
               ("trust", None, tlist([entry("es256")]))], schemes={"cn": ("operator-cn",), "eu": ("operator-other",)}),
        trusted=(), spec=s38, signer_scheme="cn")
    add("valid-scheme-one-entry-passes", "Default scheme lists the signer as certifier; scheme cn as "
        "manufacturer: the cn entry passes on its own", SC, minimal,
        lists([("trust", None, tlist([entry(role="certifier")])),
               ("trust", "cn", tlist([entry()], "operator-cn"))], schemes=cn), trusted=(), spec=s38,
        signer_scheme="cn")
    add("valid-scheme-window-per-entry", "Default scheme's window for the signer ended before iat; scheme cn "
        "lists it without a window: windows are per entry", SC, minimal,
        lists([("trust", None, tlist([entry(not_before=IAT - 86400 * 30, not_after=IAT - 1)])),
               ("trust", "cn", tlist([entry()], "operator-cn"))], schemes=cn), trusted=(), spec=s38,
        signer_scheme="cn")
    steel = dict(minimal, category="Steel products")
    add("scheme-no-combination", "Default scheme: the signer is a certifier with a scope the passport fits; "
        "scheme cn: a manufacturer whose GTIN prefixes exclude the passport. No single entry passes (a role from "
        "one and a scope from the other do not combine); the entry that got furthest fails at scope", SC, steel,
        lists([("trust", None, tlist([entry(role="certifier", scope={"gtin_prefixes": ["0690123"]})])),
               ("trust", "cn", tlist([entry(scope={"gtin_prefixes": ["400638"]})], "operator-cn"))], schemes=cn),
        ("DPP_ERR_SCOPE", "scope"), trusted=(), spec=s38)
    add("scheme-revoked-by-other", "Default scheme recognises the signer; scheme cn does not list it but its "
        "revocation list revokes its kid (fraud): a revocation in any scheme wins", SC, minimal,
        lists([("trust", None, tlist([entry()])),
               ("trust", "cn", tlist([entry("es256")], "operator-cn")),
               ("revocation", "cn", rlist([{"kind": "key", "kid": K["ed25519"].kid.hex(), "reason": "fraud",
                                            "date": IAT // 86400}], "operator-cn"))], schemes=cn),
        ("DPP_ERR_REVOKED", "revocation"), trusted=(), spec=s38, revoked_by="cn")
    add("scheme-passport-revoked-by-other", "Scheme cn recognises the signer; the default scheme's revocation "
        "list revokes the passport id (recall)", SC, minimal,
        lists([("trust", "cn", tlist([entry()], "operator-cn")),
               ("revocation", None, rlist([{"kind": "passport", "passport_id": V.passport_model(minimal)[2].hex(),
                                            "reason": "recall", "date": IAT // 86400}]))], schemes=cn),
        ("DPP_ERR_REVOKED", "revocation"), trusted=(), spec=s38, revoked_by="")
    add("scheme-wrong-operator", "A list loaded for scheme cn is signed by the default scheme's operator",
        SC, minimal, lists([("trust", "cn", tlist([entry()]))], schemes=cn),
        ("DPP_ERR_LIST_WRONG_SCHEME", "trust_list"), trusted=(), spec=s38)
    add("scheme-wrong-operator-default", "A list loaded for the default scheme is signed by scheme cn's operator",
        SC, minimal, lists([("trust", None, tlist([entry()], "operator-cn"))], schemes=cn),
        ("DPP_ERR_LIST_WRONG_SCHEME", "trust_list"), trusted=(), spec=s38)
    add("scheme-revocation-wrong-operator", "Scheme cn's revocation list is signed by the default scheme's "
        "operator", SC, minimal,
        lists([("trust", "cn", tlist([entry()], "operator-cn")), ("revocation", "cn", rlist([]))], schemes=cn),
        ("DPP_ERR_LIST_WRONG_SCHEME", "revocation_list"), trusted=(), spec=s38)
    add("scheme-unknown-signer", "Default scheme and scheme cn both list other keys only", SC, minimal,
        lists([("trust", None, tlist([entry("es256")])),
               ("trust", "cn", tlist([entry("ed25519-other")], "operator-cn"))], schemes=cn),
        ("DPP_ERR_KID_UNKNOWN", "kid"), trusted=(), spec=s38)
    add("valid-status-scheme-operator", "A status list signed by scheme cn's operator (status lists are verified "
        "against the operator keys of every scheme)", ST + SC, minimal,
        lists([("trust", "cn", tlist([entry()], "operator-cn")),
               ("status", None, slist([7], operator="operator-cn"))], operators=(), schemes=cn),
        status=STATUS_INDEX, trusted=(), spec=s642 + ", " + s38, signer_scheme="cn")


def x509_vectors(g, minimal):
    """The X.509 alternative (spec/trust.md §4, §4.1): a pinned CA and a signer certificate whose role
    comes from its certificatePolicies, with the 2.25 (UUID, X.667) role OIDs."""
    K = g.keys

    def cert_input(name):
        return {"file": "keys/%s.crt.pem" % name, "pem": K.x509[name]}

    def add(vid, desc, cert, expect=None, ca="ca-x509"):
        text, im, key = g.build(vid, passport_json=minimal, signer="ed25519-x509")
        inp = {"ca_certificates": [cert_input(ca)], "signer_certificates": [cert_input(cert)]}
        if expect is None:
            c = {"iat": IAT, "exp": None, "iss": None, "alg": key.alg, "kid": key.kid.hex(), "compressed": False}
            g.add(vid, "valid", desc, "trust.md §4, §4.1", text, im, None, minimal, "ed25519-x509", IAT, None, None,
                  "never", (), NOW, deterministic=True, encoder_check=True, claims_expected=c, lists=inp)
        else:
            g.add(vid, "trust", desc, "trust.md §4, §4.1", text, im, expect, minimal, "ed25519-x509", IAT, None,
                  None, "never", (), NOW, deterministic=True, lists=inp)
        g.vectors[-1]["requires"] = ["x509"]

    add("valid-x509-policy-uuid", "Signer certificate issued by the pinned CA with the manufacturer role policy "
        "under 2.25 (2.25.43402409828223283574833853215675638753, from its UUID)", "x509-manufacturer-uuid")
    add("valid-x509-policy-both-arcs", "Signer certificate with the manufacturer role under both arcs "
        "(2.999.4711.1.1 and its 2.25 form): one role", "x509-manufacturer-both-arcs")
    add("x509-policy-certifier-uuid", "Signer certificate with the certifier role policy under 2.25: a "
        "certifier may not sign passports", "x509-certifier-uuid", ("DPP_ERR_ROLE", "role"))
    add("x509-policy-two-roles", "Signer certificate with the manufacturer and the certifier role policies "
        "(2.25)", "x509-two-roles-uuid", ("DPP_ERR_CERT_POLICY", "signer_certificates"))
    add("x509-policy-unknown-uuid", "Signer certificate whose only policy is X.667's example OID "
        "2.25.329800735698586629295641978511506172918 (a 2.25 OID, not a role)", "x509-unknown-uuid",
        ("DPP_ERR_CERT_POLICY", "signer_certificates"))
    add("x509-other-ca", "Signer certificate with the manufacturer policy, issued by a CA the verifier has not "
        "pinned", "x509-manufacturer-uuid-other-ca", ("DPP_ERR_CERT_CHAIN", "signer_certificates"))


def attestation_vectors(g, full, trust_lists):
    """Attestations (CWT claim -263): made by libdpp's dpp_attest()/dpp_encode_ex()
    (vector_tool encode-ex); the defective ones are re-signed here with the
    attestation bytes moved into another passport or under a changed claim."""
    import subprocess
    import tempfile
    K = g.keys
    lists = trust_lists

    def lib_attested(pj, attesters):
        with tempfile.TemporaryDirectory(prefix="dpp-att-") as tmp:
            pf = os.path.join(tmp, "p.json")
            with open(pf, "w", encoding="utf-8") as f:
                json.dump(pj, f, ensure_ascii=False)
            args = [g.lists.tool, "encode-ex", "keys/ed25519.pem", pf, str(IAT), "never"]
            for key, claims, binding in attesters:
                args += ["keys/%s.pem" % key, ",".join(claims), binding]
            p = subprocess.run(args, cwd=g.lists.cwd, capture_output=True, text=True)
        if p.returncode != 0 or p.stdout.startswith("ERR"):
            raise SystemExit("vector_tool encode-ex failed: %s %s" % (p.stdout, p.stderr))
        cose = V.b45decode(p.stdout[5:])
        payload = __import__("cbor2").loads(_parse_cose(cose)[2])
        pbytes = enc(V.passport_model(pj))
        head = enc(6) + enc(IAT) + b"\x39\x01\x05" + pbytes + b"\x39\x01\x06"
        assert payload[0] == 0xA3 and payload[1:1 + len(head)] == head, "unexpected claims layout from libdpp"
        return payload[1 + len(head):], cose, p.stdout

    def att_inputs(attesters, raw):
        return [{"attester_key": {"file": "keys/%s.pem" % k, "kid": K[k].kid.hex()}, "claims": c, "binding": b,
                 "attestations_cbor": raw.hex()} for k, c, b in attesters]

    certifier = [("certifier", ["footprint"], "product")]
    att, lib_cose, lib_text = lib_attested(full, certifier)
    pm_full = V.passport_model(full)

    def claims_with(passport_model):
        return OMap([(6, IAT), (V.PASSPORT_CLAIM, Raw(enc(passport_model))), (-263, Raw(att))])

    def add(vid, desc, expect, passport_json, passport_model, lst):
        text, im, key = g.build(vid, claims=claims_with(passport_model))
        if passport_json is not None and expect is None:
            assert text == lib_text, "libdpp's attested passport differs from the generator's"
        inputs_lists = dict(lst)
        inputs_lists["attestations"] = att_inputs(certifier, att)
        if expect is None:
            claims = {"iat": IAT, "exp": None, "iss": None, "alg": key.alg, "kid": key.kid.hex(), "compressed": False}
            g.add(vid, "valid", desc, "trust layer", text, im, None, passport_json, "ed25519", IAT, None, None,
                  "never", (), NOW, deterministic=True, encoder_check=True, claims_expected=claims,
                  lists=inputs_lists)
        else:
            g.add(vid, "attestation", desc, "trust layer", text, im, expect, passport_json, "ed25519", IAT, None,
                  None, "never", (), NOW, deterministic=True, lists=inputs_lists)
        g.vectors[-1]["requires"] = ["trust-lists", "attestations"]

    both = lists["manufacturer+certifier"]
    add("valid-attestation-footprint", "The footprint attested by a certifier in the trust list (binding: product)",
        None, full, pm_full, both)
    altered = json.loads(json.dumps(full))
    altered["footprint"]["total"] = "2391"
    add("attestation-altered", "The attested footprint total changed after attestation (2390 -> 2391), the "
        "passport re-signed by its manufacturer", ("DPP_ERR_ATTESTATION_SIGNATURE", "attestation"), altered,
        V.passport_model(altered), both)
    moved = json.loads(json.dumps(full))
    moved["gtin"] = "04006381333931"
    moved["id"] = "5b1c7f0e-3a2d-4e8f-9b6a-0c1d2e3f4a5b"
    add("attestation-moved", "The attestation copied into another product's passport (other GTIN and id, same "
        "footprint) signed by the same manufacturer", ("DPP_ERR_ATTESTATION_PRODUCT", "attestation"), moved,
        V.passport_model(moved), both)
    add("attestation-unknown-attester", "The attester is in no trust list", ("DPP_ERR_ATTESTER_UNKNOWN", "attestation"),
        full, pm_full, lists["manufacturer"])
    add("attestation-role", "The attester is listed as a manufacturer, which may not attest",
        ("DPP_ERR_ROLE", "attestation"), full, pm_full, lists["manufacturer+certifier-as-manufacturer"])


def attestation_time_vectors(g, full, lists_with_certifier):
    """Attestations with their own signing time (trust.md §5.7), built by dppvec from the spec and
    checked against libdpp's dpp_attest_at() (vector_tool encode-ex BINDING@SIGNED_AT)."""
    import subprocess
    import tempfile
    K = g.keys
    pm = V.passport_model(full)
    day = 86400

    def lib_att(signed_at):
        with tempfile.TemporaryDirectory(prefix="dpp-att-") as tmp:
            pf = os.path.join(tmp, "p.json")
            with open(pf, "w", encoding="utf-8") as f:
                json.dump(full, f, ensure_ascii=False)
            b = "product" if signed_at is None else "product@%d" % signed_at
            p = subprocess.run([g.lists.tool, "encode-ex", "keys/ed25519.pem", pf, str(IAT), "never",
                                "keys/certifier.pem", "footprint", b], cwd=g.lists.cwd, capture_output=True, text=True)
        if p.returncode != 0 or p.stdout.startswith("ERR"):
            raise SystemExit("vector_tool encode-ex failed: %s %s" % (p.stdout, p.stderr))
        return p.stdout

    def add(vid, desc, expect, signed_at, window, sign_at=None, lib=True):
        att = enc([V.attestation(pm, K["certifier"], ["footprint"], "product", signed_at, sign_at)])
        claims = OMap([(6, IAT), (V.PASSPORT_CLAIM, Raw(enc(pm))), (-263, Raw(att))])
        text, im, key = g.build(vid, claims=claims)
        if lib:
            assert text == lib_att(signed_at), "libdpp's attestation with signing time differs from dppvec's"
        lst = dict(lists_with_certifier(**window))
        a = {"attester_key": {"file": "keys/certifier.pem", "kid": K["certifier"].kid.hex()}, "claims": ["footprint"],
             "binding": "product", "attestations_cbor": att.hex()}
        if signed_at is not None:
            a["signed_at"] = signed_at
        lst["attestations"] = [a]
        if expect is None:
            c = {"iat": IAT, "exp": None, "iss": None, "alg": key.alg, "kid": key.kid.hex(), "compressed": False}
            g.add(vid, "valid", desc, "trust.md §5.7", text, im, None, full, "ed25519", IAT, None, None, "never", (),
                  NOW, deterministic=True, encoder_check=lib, claims_expected=c, lists=lst)
        else:
            g.add(vid, "attestation", desc, "trust.md §5.7", text, im, expect, full, "ed25519", IAT, None, None,
                  "never", (), NOW, deterministic=True, lists=lst)
        g.vectors[-1]["requires"] = ["trust-lists", "attestations", "attestation-time"]

    # the libdpp attestation without a signing time is dppvec's too
    plain = enc([V.attestation(pm, K["certifier"], ["footprint"], "product")])
    assert V.b45decode(lib_att(None)[5:]).find(plain) > 0, "libdpp's attestation differs from dppvec's"
    ended = {"not_before": IAT - 60 * day, "not_after": IAT - 5 * day}
    add("valid-attestation-time-inside", "The certifier's accreditation (window) ended 5 days before the passport "
        "was signed; its attestation carries a signing time 10 days before iat, inside the window", None,
        IAT - 10 * day, ended)
    add("attestation-time-none-window-ended", "The same attestation without a signing time: the window is "
        "evaluated at the passport's iat, after the accreditation ended", ("DPP_ERR_SIGNER_NOT_VALID", "attestation"),
        None, ended)
    add("attestation-time-outside-window", "Signing time 70 days before iat, before the certifier's window "
        "(iat - 60 d .. iat + 30 d) opened, on a passport signed inside it", ("DPP_ERR_ATTESTATION_TIME",
                                                                              "attestation"),
        IAT - 70 * day, {"not_before": IAT - 60 * day, "not_after": IAT + 30 * day})
    add("attestation-time-future", "Signing time one hour after the validation time (skew 300 s)",
        ("DPP_ERR_ATTESTATION_TIME", "attestation"), NOW + 3600, {})
    add("attestation-time-altered", "The signing time element changed after signing (signed: iat - 10 d, sent: "
        "iat - 9 d)", ("DPP_ERR_ATTESTATION_SIGNATURE", "attestation"), IAT - 9 * day, ended, sign_at=IAT - 10 * day,
        lib=False)


def _parse_cose(c):
    """Splits a tagged COSE_Sign1 built by this generator into its 4 encoded items."""
    import cbor2
    assert c[0] == 0xD2 and c[1] == 0x84
    items = []
    pos = 2
    for _ in range(4):
        dec = cbor2.CBORDecoder(__import__("io").BytesIO(c[pos:]))
        dec.decode()
        n = dec.fp.tell()
        items.append(c[pos:pos + n])
        pos += n
    return items


def drop_signature(c):
    items = _parse_cose(c)
    return b"\xd2\x83" + b"".join(items[:3])


def alter_payload(c):
    import cbor2
    items = _parse_cose(c)
    payload = bytearray(cbor2.loads(items[2]))
    # flip the last byte of the product name: find its text and change one character
    i = payload.find("热轧钢卷".encode())
    assert i > 0
    payload[i + 11] ^= 0x01  # stays valid UTF-8 (third byte of 卷 E5 8D B7 -> B6)
    items[2] = enc(bytes(payload))
    return b"\xd2\x84" + b"".join(items)


BEGIN = "<!-- catalogue:begin (generated by generate.py; do not edit) -->"
END = "<!-- catalogue:end -->"


def catalogue(vectors):
    valid = [v for v in vectors if v["expected"]["outcome"] == "verified"]
    bad = [v for v in vectors if v["expected"]["outcome"] != "verified"]
    esc = lambda t: t.replace("|", "\\|")  # noqa: E731
    out = [BEGIN, "", "%d vectors: %d verified, %d rejected." % (len(vectors), len(valid), len(bad)), "",
           "### Valid", "", "| id | alg | form | compressed | description |", "|---|---|---|---|---|"]
    for v in valid:
        c = v["expected"]["claims"]
        out.append("| `%s` | %s | %s | %s | %s |" % (v["id"], c["alg"], c["form"], "yes" if c["compressed"] else "no",
                                                    esc(v["description"])))
    out += ["", "### Invalid: one failure mode each", "",
            "| id | layer | expected error | failing check | spec | what is wrong |", "|---|---|---|---|---|---|"]
    for v in bad:
        e = v["expected"]
        out.append("| `%s` | %s | `%s` | `%s` | %s | %s |" % (v["id"], v["category"], e["error"], e["check"],
                                                           v["spec"], esc(v["description"])))
    out += ["", END]
    return "\n".join(out)


def write_readme(src, dst, vectors):
    with open(src, encoding="utf-8") as f:
        text = f.read()
    a = text.index(BEGIN)
    b = text.index(END) + len(END)
    text = text[:a] + catalogue(vectors) + text[b:]
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def check_dictionary():
    """dppvec.DICT_V1 must be the bytes of spec/README.md Appendix C."""
    import re
    path = os.path.join(os.path.dirname(HERE), "spec", "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"## Appendix C\..*?```\n([0-9a-f\n]+)```", text, re.S)
    if m is None or bytes.fromhex(m.group(1).replace("\n", "")) != V.DICT_V1:
        raise SystemExit("test-vectors/dppvec.py DICT_V1 differs from the dictionary in %s Appendix C" % path)


def find_tool():
    import glob
    found = glob.glob(os.path.join(os.path.dirname(HERE), "build*", "tests", "vectors", "vector_tool"))
    return max(found, key=os.path.getmtime) if found else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=HERE, help="output directory (default: test-vectors/ itself)")
    ap.add_argument("--tool", default=os.environ.get("DPP_VECTOR_TOOL"),
                    help="tests/vectors/vector_tool of a libdpp build: makes the signed trust and revocation lists "
                         "of the trust-layer vectors (default: $DPP_VECTOR_TOOL, else the newest "
                         "build*/tests/vectors/vector_tool)")
    ap.add_argument("--new-signatures", action="store_true",
                    help="sign ECDSA/PSS vectors that have no valid fixed signature (updates fixed/signatures.json)")
    args = ap.parse_args()
    out = os.path.abspath(args.out)

    check_dictionary()
    keys = Keys(os.path.join(HERE, "keys"))
    sigs = Signatures(os.path.join(HERE, "fixed", "signatures.json"), args.new_signatures)
    tool = args.tool or find_tool()
    if tool is None:
        raise SystemExit("the trust-layer vectors need libdpp's vector_tool: build it "
                         "(cmake --build build --target vector_tool) or pass --tool")
    keys.write(os.path.join(out, "keys"))
    g = Gen(keys, sigs, ListMaker(os.path.abspath(tool), out, keys))
    generate(g)
    if args.new_signatures:
        sigs.save()
    elif set(sigs.used) != set(sigs.data):
        raise SystemExit("fixed/signatures.json has entries no vector uses: %s; run with --new-signatures"
                         % sorted(set(sigs.data) - set(sigs.used)))

    vdir = os.path.join(out, "vectors")
    if os.path.isdir(vdir):
        shutil.rmtree(vdir)
    os.makedirs(vdir)
    index = []
    for v in g.vectors:
        V.write_json(os.path.join(vdir, v["id"] + ".json"), v)
        index.append({"id": v["id"], "category": v["category"], "outcome": v["expected"]["outcome"],
                      "error": v["expected"]["error"], "check": v["expected"]["check"],
                      "deterministic": v["deterministic"], "description": v["description"]})
    V.write_json(os.path.join(out, "index.json"), {"format": "libdpp test vectors", "version": 1,
                                                    "count": len(index), "vectors": index})
    write_readme(os.path.join(HERE, "README.md"), os.path.join(out, "README.md"), g.vectors)
    print("%d vectors written to %s" % (len(index), out))


if __name__ == "__main__":
    main()
