"""dpp verify --image: pictures are bounded before they are decoded.

Small files that declare huge pictures are refused straight after the header
with a message naming the dimensions and the limit (peak memory of the
process is measured: it is deterministic, time is not); truncated pictures
say so; a 108-megapixel photo is decoded at a reduced scale and verifies.
The seeds of fuzz/corpus/image/ are the small pictures patched here.
"""
import json
import os
import re
import struct
import subprocess
import tempfile
import unittest
import zlib

from clitest import DPP, EX_NOINPUT, EX_OK, HAVE_IMAGE, SOURCE_DIR, WRAPPER, CliTestCase, Result, passport, read, run, write

SEEDS = os.path.join(SOURCE_DIR, "fuzz", "corpus", "image")
MAGICK = "/usr/bin/convert" if os.path.exists("/usr/bin/convert") else None
# Peak resident memory allowed to a dpp that refuses a picture (the 30000 x
# 30000 progressive JPEG took 1.8 GB before the limits existed).
MAX_RSS_KB = 128 * 1024


def seed(name):
    return read(os.path.join(SEEDS, name), "rb")


def jpeg_with_size(data, w, h):
    """The JPEG with the dimensions of its SOF segment replaced."""
    i = 2
    while i + 4 <= len(data):
        assert data[i] == 0xFF
        marker, n = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            return data[:i + 5] + struct.pack(">HH", h, w) + data[i + 9:]
        i += 2 + n
    raise ValueError("no SOF segment")


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_gray_rows(w, h, rows):
    """An 8-bit grayscale PNG; rows(y) gives row y (w bytes)."""
    z = zlib.compressobj(6)
    parts = []
    for y in range(h):
        parts.append(z.compress(b"\x00" + rows(y)))
    parts.append(z.flush())
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
            png_chunk(b"IDAT", b"".join(parts)) + png_chunk(b"IEND", b""))


def qr_modules(svg):
    """(size, set of dark (x, y)) from 'dpp encode --format svg --module-px 1'."""
    size = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    dark = set()
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)", svg):
        for i in range(int(n)):
            dark.add((int(x) + i, int(y)))
    return size, dark


# A grayscale baseline JPEG whose 8x8 blocks are flat, so that each block is
# its DC coefficient alone: enough for a QR code drawn with modules that are
# multiples of 8 pixels, and quick to write at 108 megapixels.
_DC_CODES = ["00", "010", "011", "100", "101", "110", "1110", "11110", "111110", "1111110", "11111110", "111111110"]


def _dc_bits(diff):
    s = abs(diff).bit_length()
    if s == 0:
        return _DC_CODES[0]
    v = diff if diff > 0 else diff + (1 << s) - 1
    return _DC_CODES[s] + format(v, "0%db" % s)


def flat_block_jpeg(w, h, block_value):
    """block_value(bx, by) -> 0..255, the gray value of block (bx, by)."""
    assert w % 8 == 0 and h % 8 == 0
    seg = lambda m, body: b"\xff" + bytes([m]) + struct.pack(">H", len(body) + 2) + body
    dqt = seg(0xDB, b"\x00" + bytes([8] * 64))  # DC quantised by 8: coefficient = value - 128
    sof = seg(0xC0, struct.pack(">BHHB", 8, h, w, 1) + b"\x01\x11\x00")
    dht_dc = seg(0xC4, b"\x00" + bytes([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]) + bytes(range(12)))
    dht_ac = seg(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")  # only EOB, code "0"
    sos = seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    bits = []
    prev = 0
    cache = {}
    for by in range(h // 8):
        row = []
        for bx in range(w // 8):
            dc = block_value(bx, by) - 128
            d = dc - prev
            prev = dc
            code = cache.get(d)
            if code is None:
                code = cache[d] = _dc_bits(d) + "0"
            row.append(code)
        bits.append("".join(row))
    s = "".join(bits)
    s += "1" * (-len(s) % 8)
    data = int(s, 2).to_bytes(len(s) // 8, "big").replace(b"\xff", b"\xff\x00")
    return b"\xff\xd8" + dqt + sof + dht_dc + dht_ac + sos + data + b"\xff\xd9"


def run_measured(*args):
    """Runs dpp; returns (Result, peak resident memory of that process in KiB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(WRAPPER + [DPP] + [str(a) for a in args], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Result(subprocess.CompletedProcess(args, p.returncode, out.read(), err.read())), usage.ru_maxrss


@unittest.skipUnless(HAVE_IMAGE, "built without zbar/libpng/libjpeg")
class TestImageLimits(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("k")

    def verify_image(self, data, name):
        write(self.path(name), data)
        return run_measured("verify", "--trust", self.path("k.pub.pem"), "--image", self.path(name))

    def assertSmall(self, rss_kb, r):
        if WRAPPER:
            return  # valgrind and the like measure themselves
        self.assertLess(rss_kb, MAX_RSS_KB, r)

    def test_progressive_jpeg_declaring_30000x30000(self):
        data = jpeg_with_size(seed("gray-progressive.jpg"), 30000, 30000)
        self.assertLess(len(data), 400)
        r, rss = self.verify_image(data, "bomb.jpg")
        self.assertOneLineError(r, EX_NOINPUT, "bomb.jpg: JPEG image is 30000x30000 pixels; the limit is 20000 pixels "
                                "per side and 200 megapixels in all")
        self.assertSmall(rss, r)

    def test_progressive_jpeg_over_the_buffered_limit(self):
        # Progressive pictures are buffered whole (coefficients of every block):
        # a lower limit, stated.
        data = jpeg_with_size(seed("gray-progressive.jpg"), 10000, 10000)
        r, rss = self.verify_image(data, "prog.jpg")
        self.assertOneLineError(r, EX_NOINPUT, "prog.jpg: progressive JPEG image is 10000x10000 pixels (100.0 "
                                "megapixels); such images are read whole, up to 25 megapixels")
        self.assertSmall(rss, r)

    def test_baseline_jpeg_declaring_10000x10000(self):
        # 159 bytes cannot hold 100 megapixels: the data ends at the first block row.
        data = jpeg_with_size(seed("gray-baseline.jpg"), 10000, 10000)
        self.assertLess(len(data), 200)
        r, rss = self.verify_image(data, "bomb.jpg")
        self.assertOneLineError(r, EX_NOINPUT, "bomb.jpg: not a readable JPEG image: truncated (the file ends at byte "
                                "%d, before the end of the image)" % len(data))
        self.assertSmall(rss, r)

    def test_png_declaring_30000x30000(self):
        png = seed("gray.png")
        ihdr = png[16:29]
        big = png[:8] + png_chunk(b"IHDR", struct.pack(">II", 30000, 30000) + ihdr[8:]) + png[33:]
        r, rss = self.verify_image(big, "bomb.png")
        self.assertOneLineError(r, EX_NOINPUT, "bomb.png: PNG image is 30000x30000 pixels; the limit is 20000 pixels "
                                "per side and 200 megapixels in all")
        self.assertSmall(rss, r)

    def label_png(self):
        r = run("label", "--key", self.path("k.pem"), "-o", self.path("l.png"), self.json_file(passport()))
        if r.rc != EX_OK:
            self.skipTest("dpp label is not available: %r" % r)
        return read(self.path("l.png"), "rb")

    def test_truncated_png_says_truncated(self):
        png = self.label_png()
        cut = png[:len(png) * 6 // 10]
        r, _ = self.verify_image(cut, "cut.png")
        self.assertOneLineError(r, EX_NOINPUT, "cut.png: not a readable PNG image: truncated (the file ends at byte "
                                "%d, before the end of the image)" % len(cut))
        self.assertNotIn("no QR code", r.errtext)

    @unittest.skipUnless(MAGICK, "needs ImageMagick")
    def test_truncated_jpeg_says_truncated(self):
        self.label_png()
        subprocess.run([MAGICK, self.path("l.png"), "-quality", "90", self.path("l.jpg")], check=True, timeout=120)
        jpg = read(self.path("l.jpg"), "rb")
        # The whole picture verifies; the first 60 % of its bytes are refused
        # (before, the missing rows were grey and the QR code often still read).
        r, _ = self.verify_image(jpg, "whole.jpg")
        self.assertEqual(r.rc, EX_OK, r)
        cut = jpg[:len(jpg) * 6 // 10]
        r, _ = self.verify_image(cut, "cut.jpg")
        self.assertOneLineError(r, EX_NOINPUT, "cut.jpg: not a readable JPEG image: truncated (the file ends at byte "
                                "%d, before the end of the image)" % len(cut))

    def qr(self):
        r = run("encode", "--key", self.path("k.pem"), "--format", "svg", "--module-px", "1",
                "-o", self.path("qr.svg"), self.json_file(passport()))
        self.assertEqual(r.rc, EX_OK, r)
        return qr_modules(read(self.path("qr.svg")))

    def test_108_megapixel_jpeg_photo_verifies_at_reduced_scale(self):
        # 12000 x 9000 (a 108-megapixel phone photo): grey background, the QR
        # code with 48-pixel modules off-centre. Decoded at 3/8 scale.
        size, dark = self.qr()
        mod, x0, y0 = 48, 3000, 2000
        bg, white, black = 200, 250, 20

        def block(bx, by):
            x, y = bx * 8 - x0, by * 8 - y0
            if not (0 <= x < size * mod and 0 <= y < size * mod):
                return bg
            return black if (x // mod, y // mod) in dark else white

        data = flat_block_jpeg(12000, 9000, block)
        r, rss = self.verify_image(data, "photo.jpg")
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.text.splitlines()[-1], "VERIFIED", r)
        self.assertLess(rss, 512 * 1024, r)

    def test_108_megapixel_png_verifies_downsampled(self):
        # The same as a PNG, read row by row into a bounded buffer.
        size, dark = self.qr()
        mod, x0, y0, w, h = 48, 3000, 2000, 12000, 9000
        rows = {}
        blank = bytes([200]) * w

        def row(y):
            my = (y - y0) // mod
            if not 0 <= my < size:
                return blank
            if my not in rows:
                line = bytearray(blank)
                for mx in range(size):
                    line[x0 + mx * mod:x0 + (mx + 1) * mod] = bytes([20 if (mx, my) in dark else 250]) * mod
                rows[my] = bytes(line)
            return rows[my]

        r, rss = self.verify_image(png_gray_rows(w, h, row), "photo.png")
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.text.splitlines()[-1], "VERIFIED", r)
        self.assertLess(rss, 512 * 1024, r)


try:
    from PIL import Image, ImageOps
    HAVE_PIL = True
except ImportError:
    HAVE_PIL = False
LABELS = os.path.join(SOURCE_DIR, "tests", "scan", "data", "labels.json")


def _labels():
    with open(LABELS, encoding="ascii") as f:
        return json.load(f)


def code_image(mods, px=4):
    """A clean picture of a QR code (quiet zone of 4 modules), px pixels per module."""
    n = len(mods) + 8
    img = Image.new("L", (n, n), 255)
    for y, row in enumerate(mods):
        for x, c in enumerate(row):
            if c == "1":
                img.putpixel((x + 4, y + 4), 0)
    return img.resize((n * px, n * px), Image.NEAREST)


def side_by_side(*imgs):
    w = sum(i.width for i in imgs) + 40 * (len(imgs) + 1)
    h = max(i.height for i in imgs) + 80
    out = Image.new("L", (w, h), 200)
    x = 40
    for i in imgs:
        out.paste(i, (x, 40))
        x += i.width + 40
    return out


@unittest.skipUnless(HAVE_IMAGE, "built without image support")
@unittest.skipUnless(HAVE_PIL, "needs python3-pil")
class TestWhatTheCodesHold(CliTestCase):
    """Which code is used when a picture holds several, and what a code that is
    not a passport holds (the signed labels of tests/scan/data/labels.json)."""

    def setUp(self):
        super().setUp()
        self.data = _labels()
        self.labels = {l["name"]: l for l in self.data["labels"]}
        write(self.path("trust.pem"), self.data["trust_pem"])

    def verify(self, img, name="p.png"):
        img.save(self.path(name))
        return run("verify", "--trust", self.path("trust.pem"), "--at", self.data["at"], "--image", self.path(name))

    def test_url_code_says_what_it_holds(self):
        r = self.verify(code_image(self.data["other"]["modules"]))
        self.assertOneLineError(r, 4, "p.png: the QR code holds a URL that is not a passport link: "
                                "https://shop.example.com/products/4006381333931?utm_source=label")

    def test_passport_beside_a_url_code_is_used_and_named(self):
        r = self.verify(side_by_side(code_image(self.data["other"]["modules"]),
                                     code_image(self.labels["minimal-link"]["modules"])))
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.text.splitlines()[-1], "VERIFIED", r)
        self.assertIn("p.png: 2 QR codes found; using the passport at the right of the picture (another, at the "
                      "left, holds a URL that is not a passport link: https://shop.example.com/", r.errtext)

    def test_two_different_passports_are_refused(self):
        r = self.verify(side_by_side(code_image(self.labels["minimal-text"]["modules"]),
                                     code_image(self.labels["full-text"]["modules"])))
        self.assertOneLineError(r, EX_NOINPUT, "p.png: the image holds 2 different passports (QR codes at the left "
                                "and at the right); photograph or crop one label at a time")

    def test_clean_small_jpeg_labels_verify(self):
        # a clean label saved as a small JPEG (4 px per module, quality 70-85):
        # the fast IDCT's ringing once lost these while zbarimg and
        # ZXingReader read them (found by the Dask photo test)
        for name in ("minimal-text", "minimal-link", "full-text"):
            for q in (70, 80, 85):
                with self.subTest(label=name, quality=q):
                    code_image(self.labels[name]["modules"], px=4).save(self.path("p.jpg"), "JPEG", quality=q)
                    r = run("verify", "--trust", self.path("trust.pem"), "--at", self.data["at"],
                            "--image", self.path("p.jpg"))
                    self.assertEqual(r.rc, EX_OK, r)
                    self.assertEqual(r.text.splitlines()[-1], "VERIFIED", r)

    def test_light_on_dark_code_verifies(self):
        # laser-marked metal: light modules on a dark ground
        img = ImageOps.invert(code_image(self.labels["minimal-text"]["modules"]))
        r = self.verify(side_by_side(img))
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.text.splitlines()[-1], "VERIFIED", r)

    def test_mirrored_code_verifies(self):
        # photographed through glass, or from the back of a transparent label
        img = ImageOps.mirror(code_image(self.labels["full-link"]["modules"]))
        r = self.verify(side_by_side(img))
        self.assertEqual(r.rc, EX_OK, r)
        self.assertEqual(r.text.splitlines()[-1], "VERIFIED", r)


def tiff_with_size(data, w, h):
    """A little-endian TIFF with the width and length tags of IFD0 replaced."""
    assert data[:4] == b"II*\0"
    ifd = struct.unpack("<I", data[4:8])[0]
    n = struct.unpack("<H", data[ifd:ifd + 2])[0]
    out = bytearray(data)
    for i in range(n):
        e = ifd + 2 + 12 * i
        tag, typ = struct.unpack("<HH", data[e:e + 4])
        if tag in (256, 257):
            v = w if tag == 256 else h
            out[e + 8:e + 12] = struct.pack("<HH", v, 0) if typ == 3 else struct.pack("<I", v)
    return bytes(out)


def heif_with_size(data, w, h):
    """The HEIF file with its first 'ispe' (image spatial extents) replaced."""
    i = data.index(b"ispe")
    return data[:i + 8] + struct.pack(">II", w, h) + data[i + 16:]


HEIF_ENC = "/usr/bin/heif-enc" if os.path.exists("/usr/bin/heif-enc") else None


@unittest.skipUnless(HAVE_IMAGE, "built without image support")
@unittest.skipUnless(HAVE_PIL, "needs python3-pil")
class TestFormats(CliTestCase):
    """WebP, TIFF, BMP, GIF and HEIF/HEIC: a label verifies from each; a header
    declaring a huge picture is refused before decoding; truncated files say so;
    a JPEG's EXIF orientation is applied."""

    def setUp(self):
        super().setUp()
        self.keygen("k")
        r = run("encode", "--key", self.path("k.pem"), "--format", "png", "-o", self.path("l.png"),
                self.json_file(passport()))
        self.assertEqual(r.rc, EX_OK, r)
        self.label = Image.open(self.path("l.png"))
        self.label.load()

    def verify_file(self, name, env=None):
        return run("verify", "--trust", self.path("k.pub.pem"), "--image", self.path(name), env=env)

    def save(self, fmt, name, **kw):
        if fmt == "HEIF":
            if not HEIF_ENC:
                self.skipTest("needs heif-enc (libheif-examples)")
            r = subprocess.run([HEIF_ENC, "-q", "90", "-o", self.path(name), self.path("l.png")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
            if r.returncode != 0:
                self.skipTest("heif-enc cannot encode HEIC here: %r" % r.stderr)
        else:
            self.label.convert(kw.pop("mode", "RGB")).save(self.path(name), fmt, **kw)
        return read(self.path(name), "rb")

    CASES = [("WEBP", "l.webp", {"lossless": True}), ("WEBP", "ly.webp", {"quality": 90}),
             ("TIFF", "l.tif", {}), ("TIFF", "lz.tif", {"compression": "tiff_lzw"}),
             ("BMP", "l.bmp", {}), ("BMP", "lp.bmp", {"mode": "P"}), ("GIF", "l.gif", {"mode": "L"}),
             ("HEIF", "l.heic", {})]

    def test_label_verifies_from_each_format(self):
        for fmt, name, kw in self.CASES:
            with self.subTest(name=name):
                self.save(fmt, name, **kw)
                r = self.verify_file(name)
                self.assertEqual(r.rc, EX_OK, r)
                self.assertEqual(r.text.splitlines()[-1], "VERIFIED", r)

    def huge(self, fmt):
        if fmt == "WEBP":
            data = self.save("WEBP", "l.webp", lossless=True)
            self.assertEqual(data[12:16], b"VP8L")
            bits = struct.unpack("<I", data[21:25])[0] & ~0xFFFFFFF | 16383 | 16383 << 14
            return data[:21] + struct.pack("<I", bits) + data[25:], "WebP image is 16384x16384"
        if fmt == "TIFF":
            return tiff_with_size(self.save("TIFF", "l.tif"), 30000, 30000), "TIFF image is 30000x30000"
        if fmt == "BMP":
            data = self.save("BMP", "l.bmp")
            return data[:18] + struct.pack("<ii", 30000, 30000) + data[26:], "BMP image is 30000x30000"
        if fmt == "GIF":
            data = self.save("GIF", "l.gif", mode="L")
            return data[:6] + struct.pack("<HH", 60000, 60000) + data[10:], "GIF image is 60000x60000"
        return heif_with_size(self.save("HEIF", "l.heic"), 30000, 30000), "HEIF image is 30000x30000"

    def test_huge_declared_size_is_refused_before_decoding(self):
        for fmt in ("WEBP", "TIFF", "BMP", "GIF", "HEIF"):
            with self.subTest(fmt=fmt):
                data, what = self.huge(fmt)
                write(self.path("bomb"), data)
                r, rss = run_measured("verify", "--trust", self.path("k.pub.pem"), "--image", self.path("bomb"))
                self.assertOneLineError(r, EX_NOINPUT, "bomb: " + what + " pixels; the limit is 20000 pixels per side "
                                        "and 200 megapixels in all")
                if not WRAPPER:
                    self.assertLess(rss, MAX_RSS_KB, r)

    def test_truncated_files_say_so(self):
        for fmt, name, kw in self.CASES:
            with self.subTest(name=name):
                data = self.save(fmt, name, **kw)
                write(self.path("cut"), data[:len(data) * 6 // 10])
                r = self.verify_file("cut")
                self.assertEqual(r.rc, EX_NOINPUT, r)
                self.assertRegex(r.errtext, r"^dpp: .*cut: not a readable (WebP|TIFF|BMP|GIF|HEIF) image: "
                                 r"(truncated|corrupt data)")
                self.assertNotIn("no QR code", r.errtext)

    def test_bmp_truncated_names_the_bytes(self):
        data = self.save("BMP", "l.bmp")
        cut = data[:len(data) - 100]
        write(self.path("cut.bmp"), cut)
        r = self.verify_file("cut.bmp")
        self.assertOneLineError(r, EX_NOINPUT, "cut.bmp: not a readable BMP image: truncated (the file ends at byte "
                                "%d; the pixels end at byte %d)" % (len(cut), len(data)))

    def test_unknown_format_names_the_supported_ones(self):
        write(self.path("x.img"), b"\x00\x01 not an image at all")
        r = self.verify_file("x.img")
        self.assertOneLineError(r, EX_NOINPUT, "x.img: not a supported image (PNG, JPEG, WebP, TIFF, BMP, GIF or "
                                "HEIF/HEIC)")

    def test_jpeg_exif_orientation_is_applied(self):
        # The label on a white page taller than wide, stored turned as a camera
        # does, with the EXIF orientation that turns it back. The first pass
        # must see the upright page (680 wide, 900 high) and, for the mirroring
        # orientations, an unmirrored code.
        page = Image.new("L", (self.label.width, self.label.height + 220), 255)
        page.paste(self.label.convert("L"), (0, 0))
        stored = {3: page.transpose(Image.Transpose.ROTATE_180), 6: page.transpose(Image.Transpose.ROTATE_90),
                  8: page.transpose(Image.Transpose.ROTATE_270), 2: page.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                  5: page.transpose(Image.Transpose.TRANSPOSE), 7: page.transpose(Image.Transpose.TRANSVERSE)}
        env = dict(os.environ, DPP_SCAN_TRACE="1")
        for o, img in sorted(stored.items()):
            with self.subTest(orientation=o):
                exif = Image.Exif()
                exif[0x0112] = o
                img.save(self.path("o.jpg"), "JPEG", quality=92, exif=exif.tobytes())
                r = self.verify_file("o.jpg", env=env)
                self.assertEqual(r.rc, EX_OK, r)
                self.assertIn("o.jpg: first pass on a %dx%d picture, EXIF orientation %d" % (page.width, page.height, o),
                              r.errtext)
                self.assertNotIn("mirrored", r.errtext)


if __name__ == "__main__":
    unittest.main()
