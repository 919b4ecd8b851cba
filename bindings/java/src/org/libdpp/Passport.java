// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated digital product passport: an immutable value.
 *
 * <p>Create one from its JSON form ({@link #fromJson(String)}, {@link #fromFile(Path)})
 * or from CBOR ({@link #fromCbor(byte[])}); every factory validates the content and
 * throws {@link SchemaException} naming the bad field. {@link #toJson()} returns the
 * canonical JSON (2-space indent, schema key order, decimals as strings such as
 * {@code "12.50"}); parse it with any JSON library for full field access. The most
 * used fields have accessors. Equality compares the canonical JSON.
 *
 * <p>A Passport holds no native resources and needs no closing.
 */
public final class Passport {
    /** The C struct as opaque bytes (GC-managed memory); JSON is made from it on demand. */
    private final byte[] raw;
    private volatile String json;
    private final String id;
    private final String gtin;
    private final String name;
    private final String batch;
    private final String serial;
    private final String category;
    private final String productionDate;
    private final String manufacturerName;
    private final String manufacturerCountry;
    private final String declaredFootprintVerification;

    private Passport(NativePassport p) throws DppException {
        this.raw = DppNative.dppb_passport_to_bytes(p);
        String[] f = Natives.str(DppNative.dppb_passport_summary(p)).split("\0", -1);
        this.id = f[0];
        this.gtin = f[1];
        this.batch = f[2];
        this.serial = f[3];
        this.name = f[4];
        this.category = f[5];
        this.productionDate = f[6];
        this.manufacturerName = f[7];
        this.manufacturerCountry = f[8];
        this.declaredFootprintVerification = f.length > 9 ? f[9] : "";
    }

    /** Takes ownership of p and frees it. */
    static Passport consume(NativePassport p) throws DppException {
        try {
            return new Passport(p);
        } finally {
            p.delete();
        }
    }

    /**
     * Parses and validates the JSON form (unknown members are rejected; decimals may be
     * strings or numbers).
     *
     * @param json the JSON text
     * @return the passport
     * @throws SchemaException if the JSON is not well-formed or the content is invalid
     * @throws DppException for other failures
     */
    public static Passport fromJson(String json) throws DppException {
        return fromJson(Natives.utf8(json, "json"));
    }

    /**
     * Parses and validates the JSON form given as UTF-8 bytes.
     *
     * @param utf8Json the JSON text as UTF-8
     * @return the passport
     * @throws SchemaException if the JSON is not well-formed or the content is invalid
     * @throws DppException for other failures
     */
    public static Passport fromJson(byte[] utf8Json) throws DppException {
        Objects.requireNonNull(utf8Json, "utf8Json");
        return consume(DppNative.dppb_passport_from_json(utf8Json));
    }

    /**
     * Reads the JSON form from a file (e.g. {@code examples/passport.json}).
     *
     * @param path the file
     * @return the passport
     * @throws IOException if the file cannot be read
     * @throws DppException if the content is invalid
     */
    public static Passport fromFile(Path path) throws IOException, DppException {
        Objects.requireNonNull(path, "path");
        return fromJson(Files.readAllBytes(path));
    }

    /**
     * Decodes the deterministic CBOR payload form (strict) and validates it.
     *
     * @param cbor the CBOR bytes
     * @return the passport
     * @throws DppException if the bytes are not a valid passport
     */
    public static Passport fromCbor(byte[] cbor) throws DppException {
        Objects.requireNonNull(cbor, "cbor");
        return consume(DppNative.dppb_passport_from_cbor(cbor));
    }

    /** A native copy for encoding; the caller deletes it. */
    NativePassport toNative() throws DppException {
        return DppNative.dppb_passport_from_bytes(raw);
    }

    /** @return the canonical JSON text (computed on first use) */
    public String toJson() {
        String j = json;
        if (j == null) {
            try {
                NativePassport p = toNative();
                try {
                    j = Natives.str(DppNative.dppb_passport_to_json(p));
                } finally {
                    p.delete();
                }
            } catch (DppException e) {
                throw Natives.internal(e); // the content was validated when this object was made
            }
            json = j;
        }
        return j;
    }

    /**
     * @return the deterministic CBOR payload (the signed claim's value)
     * @throws DppException if encoding fails
     */
    public byte[] toCbor() throws DppException {
        NativePassport p = toNative();
        try {
            return DppNative.dppb_passport_to_cbor(p);
        } finally {
            p.delete();
        }
    }

    /** @return the passport id (UUID text) */
    public String id() {
        return id;
    }

    /** @return the product's GTIN (14 digits) */
    public String gtin() {
        return gtin;
    }

    /** @return the product name */
    public String name() {
        return name;
    }

    /** @return the batch or lot number, if present */
    public Optional<String> batch() {
        return opt(batch);
    }

    /** @return the serial number, if present */
    public Optional<String> serial() {
        return opt(serial);
    }

    /** @return the product category, if present */
    public Optional<String> category() {
        return opt(category);
    }

    /** @return the production date as {@code YYYY-MM-DD}, if present */
    public Optional<String> productionDate() {
        return opt(productionDate);
    }

    /** @return the manufacturer's name */
    public String manufacturerName() {
        return manufacturerName;
    }

    /** @return the manufacturer's country (ISO 3166-1 alpha-2) */
    public String manufacturerCountry() {
        return manufacturerCountry;
    }

    /**
     * The footprint's {@code verification} member as the manufacturer declared it
     * ({@code "third-party-verified"} or {@code "self-declared"}), if the passport has a
     * footprint. This is the passport's own statement, checked by nobody: whether a
     * third party vouches for the footprint is {@link VerifyResult#claim(String)
     * VerifyResult.claim("footprint")}{@code .attestedBy()}.
     *
     * @return the declared value, if present
     */
    public Optional<String> declaredFootprintVerification() {
        return opt(declaredFootprintVerification);
    }

    private static Optional<String> opt(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Passport && ((Passport) o).toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "Passport[gtin=" + gtin + ", name=" + name + "]";
    }
}
