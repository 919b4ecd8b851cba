# SPDX-License-Identifier: Apache-2.0
"""Photos of labels: dpp.scan_image / dpp.verify_image (libdpp_scan)."""
import io

import pytest

import dpp

pytestmark = pytest.mark.skipif(not dpp.HAVE_SCAN, reason="built without libdpp_scan (dpp.HAVE_SCAN is False)")


@pytest.fixture(scope="module")
def label(passport, key):
    """A signed label as the library's PNG writer draws it, and its text."""
    text = dpp.encode(passport, key)
    return text, dpp.QrCode.encode(text).to_png(6, 4)


def as_jpeg(png, quality=85):
    Image = pytest.importorskip("PIL.Image")
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("L").save(out, "JPEG", quality=quality)
    return out.getvalue()


def test_png_label_scans_and_verifies(label, trust, passport):
    text, png = label
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    s = dpp.scan_image(png)
    assert s.text == text and s.codes == 1 and s.note == "" and s.how
    assert s.width > 0 and s.height == s.width and s.orientation == 1
    r = dpp.verify_image(png, trust)
    assert r.passport == passport and r.report.ok


def test_jpeg_label_verifies(label, trust, passport):
    text, png = label
    jpg = as_jpeg(png)
    assert jpg[:2] == b"\xff\xd8"
    assert dpp.scan_image(bytearray(jpg)).text == text
    assert dpp.verify_image(memoryview(jpg), trust).passport == passport


def test_image_of_an_untrusted_label_is_rejected(label):
    other = dpp.TrustStore([dpp.Key.generate("EdDSA").public_key()])
    with pytest.raises(dpp.UntrustedError) as e:
        dpp.verify_image(label[1], other)
    assert e.value.report is not None


def test_not_a_picture():
    with pytest.raises(dpp.ImageError) as e:
        dpp.scan_image(b"DPP1:this is text, not a picture")
    assert e.value.name == "DPP_ERR_IMAGE_FORMAT" and "image" in e.value.message


def test_picture_without_a_code():
    Image = pytest.importorskip("PIL.Image")
    out = io.BytesIO()
    Image.new("L", (120, 90), 255).save(out, "PNG")
    for data in (out.getvalue(), as_jpeg(out.getvalue())):
        with pytest.raises(dpp.ImageError) as e:
            dpp.verify_image(data, dpp.TrustStore())
        assert e.value.name == "DPP_ERR_IMAGE_NO_CODE", e.value


def test_code_holding_something_else():
    png = dpp.QrCode.encode("https://example.com/product/42").to_png(6, 4)
    with pytest.raises(dpp.ImageError) as e:
        dpp.scan_image(png)
    assert e.value.name == "DPP_ERR_IMAGE_NOT_PASSPORT" and "example.com" in e.value.message


def test_truncated_picture(label):
    with pytest.raises(dpp.ImageError) as e:
        dpp.scan_image(label[1][:60])
    assert e.value.name in ("DPP_ERR_IMAGE_CORRUPT", "DPP_ERR_IMAGE_FORMAT")


def test_scan_argument_types():
    with pytest.raises(TypeError):
        dpp.scan_image("not bytes")  # type: ignore[arg-type]
