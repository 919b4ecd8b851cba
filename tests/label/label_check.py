# SPDX-License-Identifier: Apache-2.0
"""Renders dpp labels back to pixels with renderers independent of dpp and
checks what a scanner sees (used by tests/cli/test_cli_label_*.py).

- SVG: rsvg-convert (librsvg)
- PDF: pdftoppm (poppler)
- ZPL: zpl-renderer-js (zebrash, a ZPL renderer compiled to WebAssembly)
       under Node, from tests/label/node_modules (npm ci in this directory;
       scripts/install-deps.sh does it); the ZPL tests skip without it
- PNG: dpp's own pixels, read with PIL
Decoders: zbarimg (zbar) and ZXingReader (ZXing-C++), both must return the
exact passport text.
"""
import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ZBARIMG = shutil.which("zbarimg")
ZXING = shutil.which("ZXingReader")
RSVG = shutil.which("rsvg-convert")
PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
NODE = shutil.which("node")
ZPL_RENDERER = os.path.join(HERE, "node_modules", "zpl-renderer-js", "package.json")
try:
    from PIL import Image
except ImportError:  # python3-pil
    Image = None

LONG = os.environ.get("DPP_TEST_LONG") == "1"
# Offered stock sizes (dpp label --help) and printer resolutions.
STOCKS = {"62x100": (62, 100), "100x62": (100, 62), "100x150": (100, 150), "102x152": (102, 152),
          "a6": (105, 148)}
DPIS = (203, 300, 600)
# ZPL printers have whole dots per millimetre.
DPMM = {203: 8, 300: 12, 600: 24}


def zpl_skip_reason():
    if NODE is None:
        return "node not found (Debian: nodejs)"
    if not os.path.exists(ZPL_RENDERER):
        return "tests/label/node_modules missing: run 'npm ci' in tests/label (scripts/install-deps.sh does)"
    return None


def decoders_skip_reason():
    if ZBARIMG is None or ZXING is None:
        return "zbarimg (zbar-tools) or ZXingReader (zxing-cpp-tools) missing"
    if Image is None:
        return "python3-pil missing"
    return None


def zbar(png):
    r = subprocess.run([ZBARIMG, "--nodbus", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", png],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return r.stdout.decode("utf-8").rstrip("\n") if r.returncode == 0 else None


def zbar_all(png):
    """Every QR code zbar finds (N-up sheets)."""
    r = subprocess.run([ZBARIMG, "--nodbus", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", png],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return r.stdout.decode("utf-8").splitlines() if r.returncode == 0 else []


def zxing(png):
    """The symbol's exact bytes as ZXing-C++ reads them (its "Bytes:" line)."""
    r = subprocess.run([ZXING, png], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    m = re.search(rb"^Bytes:\s+([0-9A-F ]+)$", r.stdout, re.M)
    if r.returncode != 0 or m is None:
        return None
    return bytes.fromhex(m.group(1).decode()).decode("latin-1")


def render_svg(svg, png, dpi):
    subprocess.run([RSVG, "-d", str(dpi), "-p", str(dpi), "-b", "white", svg, "-o", png], check=True, timeout=120)
    return png


def render_pdf(pdf, prefix, dpi, first=None, last=None):
    """Pages as PNG files (sorted)."""
    cmd = [PDFTOPPM, "-r", str(dpi), "-gray", "-png"]
    if first is not None:
        cmd += ["-f", str(first), "-l", str(last if last is not None else first)]
    subprocess.run(cmd + [pdf, prefix], check=True, timeout=300)
    d, base = os.path.split(prefix)
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.startswith(base + "-") and f.endswith(".png"))


def render_zpl(zpl, w_mm, h_mm, dpmm, prefix):
    """Labels of a ZPL stream as PNG files, in order."""
    r = subprocess.run([NODE, os.path.join(HERE, "zpl_render.cjs"), zpl, str(w_mm), str(h_mm), str(dpmm), prefix],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300, check=True)
    n = int(r.stdout.decode().strip())
    return ["%s-%d.png" % (prefix, i + 1) for i in range(n)]


def pdf_pages(pdf):
    r = subprocess.run([PDFINFO, pdf], stdout=subprocess.PIPE, check=True, timeout=60)
    return int(re.search(rb"^Pages:\s+(\d+)", r.stdout, re.M).group(1))


def grey(png):
    """(width, height, bytes) of the picture in 8-bit grey."""
    im = Image.open(png).convert("L")
    return im.size[0], im.size[1], im.tobytes()


def symbol_geometry(png, box, size):
    """Measures the QR symbol in a rendered picture.

    box: (x, y, w, h) in pixels of the QR box the layout reports (quiet
    zone included). Returns (module_px, quiet_ok): the symbol's dark
    extent divided by its size in modules, and whether the 4-module quiet
    zone around the symbol holds no dark pixel."""
    w, h, px = grey(png)
    x0, y0 = max(0, int(box[0]) - 2), max(0, int(box[1]) - 2)
    x1, y1 = min(w, int(box[0] + box[2]) + 3), min(h, int(box[1] + box[3]) + 3)
    xs, ys = [], []
    for y in range(y0, y1):
        row = px[y * w + x0:y * w + x1]
        dark = [i for i, v in enumerate(row) if v < 128]
        if dark:
            ys.append(y)
            xs.append(x0 + dark[0])
            xs.append(x0 + dark[-1])
    if not xs:
        return 0.0, False
    sx0, sx1, sy0, sy1 = min(xs), max(xs), min(ys), max(ys)
    module = ((sx1 - sx0 + 1) + (sy1 - sy0 + 1)) / 2.0 / size
    q = 4 * module
    qx0, qy0 = max(0, int(sx0 - q + 1)), max(0, int(sy0 - q + 1))
    qx1, qy1 = min(w, int(sx1 + q)), min(h, int(sy1 + q))
    quiet = True
    for y in range(qy0, qy1):
        inside_rows = sy0 <= y <= sy1
        row = px[y * w:(y + 1) * w]
        for x in range(qx0, qx1):
            if inside_rows and sx0 <= x <= sx1:
                continue
            if row[x] < 128:
                quiet = False
                break
        if not quiet:
            break
    # the quiet zone must lie inside the picture
    if sx0 - q < -1 or sy0 - q < -1 or sx1 + q > w + 1 or sy1 + q > h + 1:
        quiet = False
    return module, quiet


def ink_outside(png, boxes_px, slack=1):
    """Dark pixels (< 160) outside every box (x, y, w, h in pixels)."""
    import numpy as np  # python3-numpy
    im = np.asarray(Image.open(png).convert("L"))
    h, w = im.shape
    inside = np.zeros((h, w), dtype=bool)
    for (x, y, bw, bh) in boxes_px:
        xa, ya = max(0, int(x) - slack), max(0, int(y) - slack)
        xb, yb = min(w, int(x + bw) + slack + 1), min(h, int(y + bh) + slack + 1)
        inside[ya:yb, xa:xb] = True
    return int(np.count_nonzero((im < 160) & ~inside))
