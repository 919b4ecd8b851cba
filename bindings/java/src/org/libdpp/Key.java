// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A signing (private) or verification (public) key.
 *
 * <p>The algorithm is fixed by the key type: P-256 is ES256, P-384 is ES384,
 * Ed25519 is EdDSA, RSA (at least 2048 bits) is PS256. Create keys with
 * {@link #generate(Algorithm)}, {@link #load(byte[])}, {@link #load(String)}
 * or {@link #fromFile(Path)}.
 *
 * <p>A key is immutable and may be used by several threads at once. Close it
 * (try-with-resources) to free the native key at once; otherwise it is freed
 * after it becomes unreachable. Closing while another thread still uses the key
 * is safe: the native key is freed when that thread is done. {@link #toString()}
 * never shows secret material.
 */
public final class Key implements AutoCloseable {
    private final NativeRef<NativeKey> ref;
    private final Cleaner.Cleanable cleanable;

    private Key(NativeKey k) {
        this.ref = new NativeRef<>(k, NativeKey::delete);
        this.cleanable = Natives.CLEANER.register(this, ref);
    }

    static Key wrap(NativeKey k) {
        return new Key(k);
    }

    /**
     * Generates a fresh key pair.
     *
     * @param alg the algorithm (PS256 makes an RSA-2048 key)
     * @return the new private key
     * @throws DppException if key generation fails
     */
    public static Key generate(Algorithm alg) throws DppException {
        Objects.requireNonNull(alg, "alg");
        return new Key(DppNative.dppb_key_generate(alg.coseId()));
    }

    /**
     * Loads a key from PEM or DER bytes: a private key (PKCS#8 or traditional), a public
     * key (SubjectPublicKeyInfo) or an X.509 certificate (its public key, with the
     * certificate's validity period). Encrypted private keys are not supported.
     *
     * @param data PEM or DER bytes
     * @return the key
     * @throws DppKeyException if the data is not a usable key
     * @throws DppException for other failures
     */
    public static Key load(byte[] data) throws DppException {
        Objects.requireNonNull(data, "data");
        return new Key(DppNative.dppb_key_load(data));
    }

    /**
     * Loads a key from PEM text (see {@link #load(byte[])}).
     *
     * @param pem PEM text
     * @return the key
     * @throws DppException if the text is not a usable key
     */
    public static Key load(String pem) throws DppException {
        return load(Natives.utf8(pem, "pem"));
    }

    /**
     * Loads a key from a PEM or DER file (see {@link #load(byte[])}).
     *
     * @param path the file
     * @return the key
     * @throws IOException if the file cannot be read
     * @throws DppException if the file is not a usable key
     */
    public static Key fromFile(Path path) throws IOException, DppException {
        Objects.requireNonNull(path, "path");
        return load(Files.readAllBytes(path));
    }

    /** The proxy, counted as in use until {@link #release()}. */
    NativeKey acquire() {
        return ref.acquire("Key");
    }

    void release() {
        ref.release();
    }

    /** @return the algorithm of this key */
    public Algorithm algorithm() {
        NativeKey k = acquire();
        try {
            return Algorithm.fromCoseId(DppNative.dppb_key_alg(k));
        } catch (DppException e) {
            throw Natives.internal(e);
        } finally {
            release();
        }
    }

    /** @return true if the key can sign */
    public boolean isPrivate() {
        NativeKey k = acquire();
        try {
            return DppNative.dppb_key_is_private(k) != 0;
        } catch (DppException e) {
            throw Natives.internal(e);
        } finally {
            release();
        }
    }

    /** @return the 8-byte key identifier (first 8 bytes of SHA-256 over the DER public key); a fresh copy */
    public byte[] kid() {
        NativeKey k = acquire();
        try {
            return DppNative.dppb_key_kid(k);
        } catch (DppException e) {
            throw Natives.internal(e);
        } finally {
            release();
        }
    }

    /** @return the key identifier as lowercase hex */
    public String kidHex() {
        return Hex.of(kid());
    }

    /** @return the certificate's validity period if the key came from a certificate, else empty */
    public Optional<Validity> validity() {
        NativeKey k = acquire();
        try {
            if (DppNative.dppb_key_has_validity(k) == 0) return Optional.empty();
            return Optional.of(new Validity(Instant.ofEpochSecond(DppNative.dppb_key_not_before(k)),
                                            Instant.ofEpochSecond(DppNative.dppb_key_not_after(k))));
        } catch (DppException e) {
            throw Natives.internal(e);
        } finally {
            release();
        }
    }

    /**
     * @return the public key as PEM SubjectPublicKeyInfo
     * @throws DppException if it cannot be exported
     */
    public String publicPem() throws DppException {
        NativeKey k = acquire();
        try {
            return Natives.str(DppNative.dppb_key_public_pem(k));
        } finally {
            release();
        }
    }

    /**
     * @return the private key as unencrypted PKCS#8 PEM; treat it as a secret
     * @throws DppKeyException if this is a public key
     * @throws DppException for other failures
     */
    public String privatePem() throws DppException {
        NativeKey k = acquire();
        try {
            return Natives.str(DppNative.dppb_key_private_pem(k));
        } finally {
            release();
        }
    }

    /**
     * @return the public key as DER SubjectPublicKeyInfo
     * @throws DppException if it cannot be exported
     */
    public byte[] publicDer() throws DppException {
        NativeKey k = acquire();
        try {
            return DppNative.dppb_key_public_der(k);
        } finally {
            release();
        }
    }

    /**
     * @return a new key holding only the public half (what verifiers should trust)
     * @throws DppException if it cannot be derived
     */
    public Key publicKey() throws DppException {
        NativeKey k = acquire();
        try {
            return new Key(DppNative.dppb_key_public(k));
        } finally {
            release();
        }
    }

    /**
     * A self-signed X.509 certificate for this private key.
     *
     * @param commonName the subject's CN
     * @param notBefore  start of validity
     * @param notAfter   end of validity
     * @return the certificate as PEM
     * @throws DppException if the key is public or the arguments are invalid
     */
    public String selfSignedCert(String commonName, Instant notBefore, Instant notAfter) throws DppException {
        byte[] cn = Natives.utf8(commonName, "commonName");
        long nb = Natives.epoch(notBefore, "notBefore");
        long na = Natives.epoch(notAfter, "notAfter");
        NativeKey k = acquire();
        try {
            return Natives.str(DppNative.dppb_key_self_signed_cert(k, cn, nb, na));
        } finally {
            release();
        }
    }

    /** @return true after {@link #close()} */
    public boolean isClosed() {
        return ref.isClosed();
    }

    /** Frees the native key (idempotent). Trust stores holding the key keep their own reference. */
    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        NativeKey k = ref.tryAcquire();
        if (k == null) return "Key[closed]";
        try {
            return "Key[" + Algorithm.fromCoseId(DppNative.dppb_key_alg(k)).coseName() + " "
                + (DppNative.dppb_key_is_private(k) != 0 ? "private" : "public")
                + " kid=" + Hex.of(DppNative.dppb_key_kid(k)) + "]";
        } catch (DppException e) {
            return "Key[?]";
        } finally {
            release();
        }
    }
}
