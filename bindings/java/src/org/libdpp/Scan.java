// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.Objects;

/**
 * The passport text read from a photo of its label (libdpp_scan), not yet verified:
 * {@link #image(byte[])} decodes JPEG or PNG (and WebP, TIFF, BMP, GIF, HEIF/HEIC as the
 * library was built) and reads the QR code; {@link Verifier#verifyImage(byte[])} also
 * verifies it. Whether this build reads pictures at all: {@link #available()}.
 */
public final class Scan {
    private final String text;
    private final long codes;
    private final String how;
    private final String note;
    private final int width;
    private final int height;
    private final int orientation;

    private Scan(NativeScan s) {
        this.text = Natives.str(DppNative.dppb_scan_text(s));
        this.codes = DppNative.dppb_scan_number(s, 0);
        this.how = Natives.str(DppNative.dppb_scan_info(s, 0));
        this.note = Natives.str(DppNative.dppb_scan_info(s, 1));
        this.width = (int) DppNative.dppb_scan_number(s, 1);
        this.height = (int) DppNative.dppb_scan_number(s, 2);
        this.orientation = (int) DppNative.dppb_scan_number(s, 3);
    }

    /** @return true if this build reads photos of labels (built with libdpp_scan) */
    public static boolean available() {
        return DppNative.dppb_scan_available() != 0;
    }

    /**
     * Decodes a picture and reads the passport's QR code, without verifying it.
     *
     * @param picture the file's bytes
     * @return the passport text and how it was found
     * @throws ImageException {@code DPP_ERR_IMAGE_FORMAT} (not a picture that is read, or a
     *         build without libdpp_scan), {@code _TOO_LARGE}, {@code _CORRUPT},
     *         {@code _NO_CODE}, {@code _NOT_PASSPORT}, {@code _AMBIGUOUS}
     * @throws DppException for other failures
     */
    public static Scan image(byte[] picture) throws DppException {
        Objects.requireNonNull(picture, "picture");
        NativeScan s = DppNative.dppb_scan_image(picture);
        try {
            return new Scan(s);
        } finally {
            s.delete();
        }
    }

    /** @return the passport text ("DPP1:..." or the link), not verified */
    public String text() {
        return text;
    }

    /** @return the number of distinct QR codes found */
    public long codes() {
        return codes;
    }

    /** @return how the passport was read, e.g. "ZXing, reduced scale" */
    public String how() {
        return how;
    }

    /** @return which code was used when there were several ("" for one) */
    public String note() {
        return note;
    }

    /** @return width of the (first, maybe reduced-scale) picture scanned, in pixels */
    public int width() {
        return width;
    }

    /** @return height of that picture, in pixels */
    public int height() {
        return height;
    }

    /** @return the JPEG EXIF orientation applied (1: none) */
    public int orientation() {
        return orientation;
    }

    @Override
    public String toString() {
        return "Scan[codes=" + codes + ", how=" + how + ", " + width + "x" + height + "]";
    }
}
