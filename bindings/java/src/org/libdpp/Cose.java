// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Generic COSE_Sign1 (RFC 9052) signing and verification for any payload.
 *
 * <p>Always on: the algorithm comes from the key (an alg in the protected header must
 * match it), a {@code crit} header is rejected, parsing is bounded. Stateless and
 * thread-safe.
 */
public final class Cose {
    /** Options for signing and verifying. */
    public enum Flag {
        /** sign: emit CBOR tag 18; verify: require it. */
        TAGGED(0x01),
        /** sign: put the key's kid in the protected header. */
        INCLUDE_KID(0x02),
        /** verify: accept an alg found only in the unprotected header. */
        ALLOW_UNPROTECTED_ALG(0x04),
        /** verify: require deterministic CBOR throughout. */
        STRICT(0x08);

        final int bit;

        Flag(int bit) {
            this.bit = bit;
        }
    }

    private static final byte[] NO_AAD = new byte[0];

    private Cose() {}

    private static long bits(Set<Flag> flags) {
        Objects.requireNonNull(flags, "flags");
        long b = 0;
        for (Flag f : flags) b |= Objects.requireNonNull(f, "flag").bit;
        return b;
    }

    /**
     * Signs with tag 18 and the kid in the protected header, no external AAD.
     *
     * @param payload the payload
     * @param key     a private key
     * @return the COSE_Sign1 message
     * @throws DppException if signing fails
     */
    public static byte[] sign(byte[] payload, Key key) throws DppException {
        return sign(payload, key, EnumSet.of(Flag.TAGGED, Flag.INCLUDE_KID), NO_AAD);
    }

    /**
     * Signs a payload.
     *
     * @param payload the payload
     * @param key     a private key
     * @param flags   {@link Flag#TAGGED} and/or {@link Flag#INCLUDE_KID}
     * @param aad     external additional authenticated data (empty for none)
     * @return the COSE_Sign1 message
     * @throws DppException if signing fails
     */
    public static byte[] sign(byte[] payload, Key key, Set<Flag> flags, byte[] aad) throws DppException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(aad, "aad");
        long b = bits(flags);
        NativeKey k = key.acquire();
        try {
            return DppNative.dppb_cose_sign(payload, k, b, aad);
        } finally {
            key.release();
        }
    }

    /**
     * Verifies a message with default options (no tag required, alg must be protected).
     *
     * @param message the COSE_Sign1 message
     * @param key     the verification key
     * @return the verified message
     * @throws VerifyException if verification fails
     * @throws DppException for other failures
     */
    public static CoseMessage verify(byte[] message, Key key) throws DppException {
        return verify(message, key, EnumSet.noneOf(Flag.class), NO_AAD);
    }

    /**
     * Verifies a message.
     *
     * @param message the COSE_Sign1 message
     * @param key     the verification key
     * @param flags   {@link Flag#TAGGED}, {@link Flag#ALLOW_UNPROTECTED_ALG}, {@link Flag#STRICT}
     * @param aad     external additional authenticated data (empty for none)
     * @return the verified message
     * @throws VerifyException if verification fails
     * @throws DppException for other failures
     */
    public static CoseMessage verify(byte[] message, Key key, Set<Flag> flags, byte[] aad) throws DppException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(aad, "aad");
        long b = bits(flags);
        NativeKey k = key.acquire();
        NativeCose c;
        try {
            c = DppNative.dppb_cose_verify(message, k, b, aad);
        } finally {
            key.release();
        }
        return CoseMessage.consume(c);
    }

    /**
     * Parses a message WITHOUT verifying it ({@link CoseMessage#isVerified()} is false).
     *
     * @param message the COSE_Sign1 message
     * @param flags   {@link Flag#TAGGED}, {@link Flag#ALLOW_UNPROTECTED_ALG}, {@link Flag#STRICT}
     * @return the parsed message
     * @throws MalformedException if the bytes are not a COSE_Sign1 message
     * @throws DppException for other failures
     */
    public static CoseMessage parse(byte[] message, Set<Flag> flags) throws DppException {
        Objects.requireNonNull(message, "message");
        return CoseMessage.consume(DppNative.dppb_cose_parse(message, bits(flags)));
    }
}
