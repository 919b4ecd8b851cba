#!/usr/bin/env python3
"""Photo-like pictures of signed labels, for the scanning test and benchmark.

From the labels of data/labels.json (signed passports in both forms and
their QR module matrices) this draws pictures like the ones marketplaces and
importers receive: the label at an angle on a cluttered table, perspective
5-25 %, any rotation, QR modules of 1.5-8 pixels, camera blur, sensor noise,
JPEG quality 35-90, uneven light, glare, low contrast, light-on-dark codes
(laser-marked metal), mirror images, a finger over part of a finder pattern,
a second QR code (an ordinary shop URL) beside the label. Most pictures are
JPEG, a few PNG, and a few in the formats phones write: WebP (Pillow) and
HEIC (heif-enc, Debian libheif-examples; JPEG when it is missing, said on
stderr and in the manifest). Everything comes from fixed seeds: the same
corpus on every machine.

ZXingReader reads neither WebP nor HEIC, so for those pictures a reference
copy (the decoded picture as a JPEG of quality 95, "ref" in the manifest)
is written for the other readers of the benchmark.

    gen_corpus.py OUT [--set ci|full] [--only N,...]

--set ci (default): 24 pictures of 2048x1536 (3.1 MP), for ctest.
--set full: 120 pictures of 4000x3000 (12 MP), for bench/scan_bench.py.
OUT/manifest.json lists each picture with the text its QR code holds
and the parameters it was drawn with.
"""
import argparse
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = {"ci": (24, 2048, 1536, 1600), "full": (120, 4000, 3000, 1200)}  # count, width, height, seed


def load_labels():
    with open(os.path.join(HERE, "data", "labels.json"), encoding="ascii") as f:
        return json.load(f)


def card(mods, s, dark, light, text_lines, rng):
    """The label: quiet zone of 4 modules, the code, then a few lines of print, s px per module."""
    n = len(mods)
    q = 4
    w = (n + 2 * q) * s
    h = w + (len(text_lines) * 3 * s if text_lines else 0)
    a = np.full((h, w), light, np.uint8)
    m = np.array([[c == "1" for c in row] for row in mods], bool)
    big = np.kron(m, np.ones((s, s), bool))
    a[q * s:(q + n) * s, q * s:(q + n) * s][big] = dark
    y = w
    for length in text_lines:  # print under the code: dark bars like words
        x = q * s
        end = int(q * s + length * (n * s))
        while x < end:
            word = int(rng.integers(2, 7)) * s
            a[y + s // 2:y + 2 * s, x:min(x + word, end)] = dark
            x += word + s
        y += 3 * s
    return a


def occlude(a, n, s, rng, dark_like):
    """A finger or sticker over 30-50 % of one finder pattern."""
    q = 4
    fx, fy = [(0, 0), (n - 7, 0), (0, n - 7)][int(rng.integers(0, 3))]
    frac = float(rng.uniform(0.3, 0.5))
    x0, y0 = (q + fx) * s, (q + fy) * s
    side = 7 * s
    if rng.random() < 0.5:
        a[y0:y0 + side, x0:x0 + int(side * frac)] = dark_like
    else:
        a[y0:y0 + int(side * frac), x0:x0 + side] = dark_like
    return a


def warp(src, m_px, s, angle, persp, phi, centre, out_shape):
    """Maps the label (s px/module) to the picture (m_px px/module), rotated by angle,
    with a projective keystone along direction phi (far edge persp shorter). Returns
    (values, mask, x0, y0) of the bounding box."""
    h, w = src.shape
    a = max(w, h) / 2.0
    k = persp / (2.0 - persp) / a
    ux, uy = math.cos(phi), math.sin(phi)
    scale = m_px / s
    ca, sa = math.cos(angle), math.sin(angle)
    # forward-map the corners to find the bounding box
    pts = []
    for x, y in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)):
        d = 1.0 + k * (ux * x + uy * y)
        kx, ky = x / d, y / d
        pts.append((centre[0] + scale * (ca * kx - sa * ky), centre[1] + scale * (sa * kx + ca * ky)))
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1 = max(0, int(min(xs)) - 2), min(out_shape[1], int(max(xs)) + 3)
    y0, y1 = max(0, int(min(ys)) - 2), min(out_shape[0], int(max(ys)) + 3)
    gy, gx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    dx, dy = (gx - centre[0]) / scale, (gy - centre[1]) / scale
    rx, ry = ca * dx + sa * dy, -sa * dx + ca * dy  # undo the rotation
    den = 1.0 - k * (ux * rx + uy * ry)  # undo the keystone
    sx, sy = rx / den + w / 2 - 0.5, ry / den + h / 2 - 0.5
    mask = (den > 0) & (sx >= 0) & (sy >= 0) & (sx <= w - 1) & (sy <= h - 1)
    sxc, syc = np.clip(sx, 0, w - 1.001), np.clip(sy, 0, h - 1.001)
    ix, iy = sxc.astype(np.int32), syc.astype(np.int32)
    fx, fy = sxc - ix, syc - iy
    f = src.astype(np.float32)
    v = (f[iy, ix] * (1 - fx) * (1 - fy) + f[iy, ix + 1] * fx * (1 - fy) +
         f[iy + 1, ix] * (1 - fx) * fy + f[iy + 1, ix + 1] * fx * fy)
    return v, mask, x0, y0, (min(xs), min(ys), max(xs), max(ys))


def clutter(w, h, rng):
    img = Image.new("RGB", (w, h), tuple(int(c) for c in rng.integers(60, 200, 3)))
    d = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(40, 90))):
        c = tuple(int(v) for v in rng.integers(0, 256, 3))
        x, y = int(rng.integers(-w // 8, w)), int(rng.integers(-h // 8, h))
        sw, sh = int(rng.integers(w // 40, w // 4)), int(rng.integers(h // 40, h // 4))
        kind = rng.integers(0, 4)
        if kind == 0:
            d.rectangle([x, y, x + sw, y + sh], fill=c)
        elif kind == 1:
            d.ellipse([x, y, x + sw, y + sh], fill=c)
        elif kind == 2:
            d.line([x, y, x + sw, y + sh], fill=c, width=int(rng.integers(2, 30)))
        else:  # print-like texture: bars of many widths (barcodes, text)
            bx = x
            while bx < x + sw:
                bw = int(rng.integers(1, 8)) * max(1, w // 1500)
                if rng.random() < 0.5:
                    d.rectangle([bx, y, bx + bw, y + sh // 3], fill=(20, 20, 20))
                bx += bw
    return img


def params(i, rng, labels):
    p = {
        "label": labels[i % len(labels)]["name"],
        "module_px": round(float(math.exp(rng.uniform(math.log(1.5), math.log(8.0)))), 2),
        "perspective": round(float(rng.uniform(0.05, 0.25)), 3),
        "rotation_deg": round(float(rng.uniform(0, 360)), 1),
        "tilt_dir_deg": round(float(rng.uniform(0, 360)), 1),
        "blur": round(float(rng.choice([0.0, 0.6, 1.0, 1.5, 2.2], p=[0.2, 0.3, 0.25, 0.15, 0.1])), 2),
        "noise": round(float(rng.uniform(2, 12)), 1),
        "jpeg_quality": int(rng.integers(35, 91)),
        "light": round(float(rng.uniform(0, 0.6)), 2),
        "glare": bool(rng.random() < 0.25),
        "low_contrast": bool(rng.random() < 0.2),
        "inverted": bool(rng.random() < 0.08),
        "mirrored": bool(rng.random() < 0.05),
        "occluded": bool(rng.random() < 0.1),
        "second_code": bool(rng.random() < 0.15),
        "png": bool(rng.random() < 0.08),
    }
    return p


HEIF_ENC = shutil.which("heif-enc")
HEIF_DEC = shutil.which("heif-dec") or shutil.which("heif-convert")


def phone_format(seed, i, png):
    """jpg, webp or heic, from a stream of its own (the pictures stay as they were)."""
    if png:
        return "png"
    r = float(np.random.default_rng([seed, i, 1]).random())
    return "webp" if r < 0.06 else "heic" if r < 0.12 else "jpg"


def save(img, path, fmt, quality):
    """Writes img; returns the path of a reference copy for readers that cannot read fmt, or None."""
    if fmt == "png":
        img.save(path, "PNG", compress_level=1)
        return None
    if fmt == "jpg":
        img.save(path, "JPEG", quality=quality)
        return None
    ref = path + ".ref.jpg"
    if fmt == "webp":
        img.save(path, "WEBP", quality=quality, method=4)
        decoded = Image.open(path).convert("RGB")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            src, back = os.path.join(tmp, "in.png"), os.path.join(tmp, "back.png")
            img.save(src, "PNG", compress_level=1)
            subprocess.run([HEIF_ENC, "-q", str(quality), "-o", path, src], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([HEIF_DEC, path, back], check=True, stdout=subprocess.DEVNULL)
            decoded = Image.open(back).convert("RGB")
    decoded.save(ref, "JPEG", quality=95)
    return ref


def draw(p, lab, other, w, h, rng):
    canvas = np.asarray(clutter(w, h, rng), np.float32)
    if p["low_contrast"]:
        dark, light = int(rng.integers(80, 120)), int(rng.integers(160, 200))
    else:
        dark, light = int(rng.integers(10, 50)), int(rng.integers(215, 250))
    if p["inverted"]:
        dark, light = light, dark
    m = p["module_px"]
    s = max(3, int(math.ceil(m * 2)))
    mods = lab["modules"]
    n = len(mods)
    src = card(mods, s, dark, light, [0.9, 0.6, 0.75], rng)
    if p["occluded"]:
        src = occlude(src, n, s, rng, int(rng.integers(150, 220)) if not p["inverted"] else 30)
    tint = np.array([1.0, float(rng.uniform(0.93, 1.0)), float(rng.uniform(0.85, 1.0))], np.float32)
    angle = math.radians(p["rotation_deg"])
    phi = math.radians(p["tilt_dir_deg"])
    size = (n + 8) * m * 1.45  # the card's diagonal, roughly
    items = [(src, m, p["perspective"])]
    if p["second_code"]:
        om = other["modules"]
        items.append((card(om, s, 25, 240, [0.5], rng), m * float(rng.uniform(0.8, 1.3)), p["perspective"]))
    placed = []
    for k, (img, mm, pp) in enumerate(items):
        extent = max(img.shape) / s * mm * 0.75
        for _ in range(50):
            cx = float(rng.uniform(extent, w - extent)) if w > 2 * extent else w / 2
            cy = float(rng.uniform(extent, h - extent)) if h > 2 * extent else h / 2
            if all(math.hypot(cx - ox, cy - oy) > extent + oe for ox, oy, oe in placed):
                break
        placed.append((cx, cy, extent))
        v, mask, x0, y0, _ = warp(img, mm, s, angle + (0.3 * k), pp, phi, (cx, cy), (h, w))
        reg = canvas[y0:y0 + v.shape[0], x0:x0 + v.shape[1]]
        val = v[..., None] * tint
        reg[mask] = val[mask]
    cx, cy = placed[0][0], placed[0][1]
    if p["light"] > 0:  # a smooth light field: one side darker
        small = rng.uniform(1 - p["light"], 1.0, (3, 4)).astype(np.float32)
        field = np.asarray(Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC), np.float32) / 255
        canvas *= field[..., None]
    if p["glare"]:  # a specular highlight over part of the code
        gr = size * float(rng.uniform(0.08, 0.2))
        gx, gy = cx + float(rng.uniform(-0.3, 0.3)) * size, cy + float(rng.uniform(-0.3, 0.3)) * size
        amp = float(rng.uniform(120, 230))
        x0, x1 = max(0, int(gx - 4 * gr)), min(w, int(gx + 4 * gr) + 1)
        y0, y1 = max(0, int(gy - 4 * gr)), min(h, int(gy + 4 * gr) + 1)
        if x1 > x0 and y1 > y0:  # the window where the highlight is visible
            yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
            canvas[y0:y1, x0:x1] += (amp * np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * gr * gr)))[..., None]
    img = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8))
    if p["blur"] > 0:
        img = img.filter(ImageFilter.GaussianBlur(p["blur"]))
    if p["mirrored"]:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    a = np.asarray(img, np.float32)
    a += rng.standard_normal((h, w, 1), dtype=np.float32) * np.float32(p["noise"])
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--set", choices=sorted(SETS), default="ci")
    ap.add_argument("--only", default="", help="comma-separated indices")
    args = ap.parse_args()
    data = load_labels()
    labels = {l["name"]: l for l in data["labels"]}
    count, w, h, seed = SETS[args.set]
    only = {int(x) for x in args.only.split(",") if x}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "trust.pub.pem"), "w", encoding="ascii") as f:
        f.write(data["trust_pem"])
    manifest = {"at": data["at"], "trust": "trust.pub.pem", "set": args.set, "images": []}
    for i in range(count):
        rng = np.random.default_rng([seed, i])
        p = params(i, rng, data["labels"])
        fmt = phone_format(seed, i, p["png"])
        if fmt == "heic" and not (HEIF_ENC and HEIF_DEC):
            print("heif-enc/heif-dec missing (Debian: libheif-examples): picture %d is a JPEG" % i, file=sys.stderr)
            fmt = "jpg"
        p["format"] = fmt
        name = "%s-%03d.%s" % (args.set, i, fmt)
        entry = {"file": name, "expect": labels[p["label"]]["text"], "params": p}
        if fmt in ("webp", "heic"):
            entry["ref"] = name + ".ref.jpg"
        manifest["images"].append(entry)
        if only and i not in only:
            continue
        img = draw(p, labels[p["label"]], data["other"], w, h, rng)
        save(img, os.path.join(args.out, name), fmt, p["jpeg_quality"])
        print(name, json.dumps(p, sort_keys=True), file=sys.stderr)
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
