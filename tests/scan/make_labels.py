#!/usr/bin/env python3
"""Makes tests/scan/data/labels.json, the fixed input of the photo corpus.

Run once (the output is committed, so the corpus is the same on every
machine): signs four passports with a fresh key (text and link form, a full
and a minimal passport) with `dpp encode`, and keeps each one's text and QR
module matrix, the public key and a time at which they verify. It also keeps
the matrix of a QR code that holds an ordinary URL (no passport; made with
libqrcodegen through ctypes), which the generator puts beside some labels.

    DPP_BIN=build/cli/dpp python3 tests/scan/make_labels.py
"""
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
DPP = os.environ.get("DPP_BIN", "dpp")
IAT = "2025-06-01T00:00:00Z"
AT = "2025-07-01T00:00:00Z"
BASE = "https://id.example.com"
OTHER_URL = "https://shop.example.com/products/4006381333931?utm_source=label"


def run(*args):
    return subprocess.run([DPP] + list(args), check=True, capture_output=True, text=True).stdout


def modules(svg):
    """Rows of '0'/'1' from 'dpp encode --format svg --module-px 1 --border 0'."""
    size = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    grid = [[0] * size for _ in range(size)]
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)", svg):
        for i in range(int(n)):
            grid[int(y)][int(x) + i] = 1
    return ["".join(map(str, r)) for r in grid]


def url_modules(text):
    lib = ctypes.CDLL("libqrcodegen.so.1")
    buf_len = 3918  # qrcodegen_BUFFER_LEN_MAX
    tmp = ctypes.create_string_buffer(buf_len)
    qr = ctypes.create_string_buffer(buf_len)
    ok = lib.qrcodegen_encodeText(text.encode(), tmp, qr, 1, 1, 40, -1, True)  # ECC M, any version and mask
    assert ok
    size = lib.qrcodegen_getSize(qr)
    return ["".join("1" if lib.qrcodegen_getModule(qr, x, y) else "0" for x in range(size)) for y in range(size)]


def main():
    with open(os.path.join(SRC, "tests", "cli", "data", "full.json"), encoding="utf-8") as f:
        full = json.load(f)
    minimal = {"id": "6f1c2d3e-4a5b-4c6d-8e7f-101112131415", "gtin": "4006381333931", "name": "Bolt M8",
               "manufacturer": {"name": "Acme", "country": "DE"}}
    out = {"at": AT, "labels": [], "other": {"text": OTHER_URL, "modules": url_modules(OTHER_URL)}}
    with tempfile.TemporaryDirectory() as d:
        os.environ["XDG_STATE_HOME"] = d
        key = os.path.join(d, "k")
        run("keygen", "-o", key + ".pem")
        with open(key + ".pub.pem", encoding="ascii") as f:
            out["trust_pem"] = f.read()
        for name, p in (("full", full), ("minimal", minimal)):
            src = os.path.join(d, name + ".jsonl")
            with open(src, "w", encoding="utf-8") as f:
                f.write(json.dumps(p) + "\n")
            for form in ("text", "link"):
                # batch mode: the text and the SVG of the same signature
                outdir = os.path.join(d, name + "-" + form)
                args = ["encode", "--key", key + ".pem", "--iat", IAT, "--valid-for", "10y", "--batch", src,
                        "--out", outdir, "--format", "svg", "--module-px", "1", "--border", "0"]
                if form == "link":
                    args += ["--link-base", BASE]
                run(*args)
                with open(os.path.join(outdir, "results.jsonl"), encoding="utf-8") as f:
                    text = json.loads(f.readline())["text"]
                with open(os.path.join(outdir, "passport-1.svg"), encoding="utf-8") as f:
                    svg = f.read()
                out["labels"].append({"name": "%s-%s" % (name, form), "text": text, "modules": modules(svg)})
    with open(os.path.join(HERE, "data", "labels.json"), "w", encoding="ascii") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for lab in out["labels"]:
        print(lab["name"], len(lab["text"]), "characters,", len(lab["modules"]), "modules", file=sys.stderr)


if __name__ == "__main__":
    main()
