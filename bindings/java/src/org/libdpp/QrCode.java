// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.Objects;

/**
 * A QR symbol for passport text, with renderers for SVG, PNG and terminal text.
 * An immutable value holding no native resources (renderers re-create the symbol,
 * which is deterministic).
 */
public final class QrCode {
    private final byte[] text;
    private final Ecc ecc;
    private final int version;
    private final int size;
    private final int mask;
    private final byte[] modules;

    private QrCode(byte[] text, Ecc ecc, NativeQr q) throws DppException {
        this.text = text;
        this.ecc = ecc;
        this.version = DppNative.dppb_qr_version(q);
        this.size = DppNative.dppb_qr_size(q);
        this.mask = DppNative.dppb_qr_mask(q);
        this.modules = DppNative.dppb_qr_modules(q);
    }

    /**
     * Encodes text at error-correction level M.
     *
     * @param text the passport text
     * @return the symbol
     * @throws QrException if the text is too long
     * @throws DppException for other failures
     */
    public static QrCode encode(String text) throws DppException {
        return encode(text, Ecc.M);
    }

    /**
     * Encodes text into the smallest symbol that fits at the given level (alphanumeric
     * mode for passport text, byte mode otherwise).
     *
     * @param text the text
     * @param ecc  the error-correction level
     * @return the symbol
     * @throws QrException if the text is too long
     * @throws DppException for other failures
     */
    public static QrCode encode(String text, Ecc ecc) throws DppException {
        byte[] t = Natives.utf8(text, "text");
        Objects.requireNonNull(ecc, "ecc");
        NativeQr q = DppNative.dppb_qr_encode(t, ecc.ordinal());
        try {
            return new QrCode(t, ecc, q);
        } finally {
            q.delete();
        }
    }

    /** @return the QR version, 1..40 */
    public int version() {
        return version;
    }

    /** @return modules per side (4 * version + 17) */
    public int size() {
        return size;
    }

    /** @return the error-correction level */
    public Ecc ecc() {
        return ecc;
    }

    /** @return the mask pattern used, 0..7 */
    public int mask() {
        return mask;
    }

    /**
     * @param x column (0 = left)
     * @param y row (0 = top)
     * @return true for a dark module; false for light or outside the symbol
     */
    public boolean isDark(int x, int y) {
        if (x < 0 || y < 0 || x >= size || y >= size) return false;
        return modules[y * size + x] != 0;
    }

    /** @return the symbol as rows of booleans (true = dark), top row first */
    public boolean[][] modules() {
        boolean[][] m = new boolean[size][size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) m[y][x] = modules[y * size + x] != 0;
        return m;
    }

    private NativeQr again() throws DppException {
        return DppNative.dppb_qr_encode(text, ecc.ordinal());
    }

    /**
     * @param modulePx size of a module in SVG user units (at least 1)
     * @param border   quiet zone in modules (4 recommended)
     * @return an SVG document
     * @throws DppException if the arguments are out of range
     */
    public String toSvg(int modulePx, int border) throws DppException {
        NativeQr q = again();
        try {
            return Natives.str(DppNative.dppb_qr_to_svg(q, modulePx, border));
        } finally {
            q.delete();
        }
    }

    /**
     * @param modulePx pixels per module (at least 1)
     * @param border   quiet zone in modules (4 recommended)
     * @return an 8-bit grayscale PNG image
     * @throws DppException if the arguments are out of range
     */
    public byte[] toPng(int modulePx, int border) throws DppException {
        NativeQr q = again();
        try {
            return DppNative.dppb_qr_to_png(q, modulePx, border);
        } finally {
            q.delete();
        }
    }

    /**
     * @param border quiet zone in modules
     * @return text using Unicode half blocks (two modules per character cell)
     * @throws DppException if the argument is out of range
     */
    public String toTerminal(int border) throws DppException {
        NativeQr q = again();
        try {
            return Natives.str(DppNative.dppb_qr_to_term(q, border));
        } finally {
            q.delete();
        }
    }

    @Override
    public String toString() {
        return "QrCode[version=" + version + ", size=" + size + ", ecc=" + ecc + "]";
    }
}
