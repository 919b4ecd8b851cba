// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Verifies passport text against a {@link TrustStore}: {@code "DPP1:"} text or a GS1
 * Digital Link (spec/link.md), told apart by the first characters ("https:" in any
 * letter case is a link). Space, tab, CR and LF around the text are ignored, nothing
 * else is, so a line read from a file verifies as it is.
 *
 * <p>A Verifier is immutable and thread-safe: share one between threads (for example
 * the tasks of an {@code ExecutorService}). It holds no native resources of its own.
 *
 * <pre>{@code
 * try (TrustStore trust = new TrustStore()) {
 *     trust.addFile(Path.of("issuer.pub.pem"));
 *     VerifyResult r = new Verifier(trust).verify(text);
 *     System.out.println(r.passport().name());
 * } catch (VerifyException e) {
 *     System.out.println("rejected: " + e.getName() + " at " + e.getCheck() + ": " + e.getDetail());
 * }
 * }</pre>
 */
public final class Verifier {
    private final TrustStore trust;
    private final Clock clock;

    /**
     * @param trust the keys to trust
     */
    public Verifier(TrustStore trust) {
        this(trust, Clock.systemUTC());
    }

    /**
     * @param trust the keys to trust
     * @param clock the clock giving the validation time of {@link #verify(String)}
     */
    public Verifier(TrustStore trust, Clock clock) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies passport text at the current time of this verifier's clock.
     *
     * @param text the passport text ("DPP1:...") or link ("HTTPS://...#1...")
     * @return the verified passport, claims and report
     * @throws VerifyException (a subclass saying why) if the passport is rejected;
     *         {@link VerifyException#getReport()} tells which check failed
     * @throws DppException for other failures
     */
    public VerifyResult verify(String text) throws DppException {
        return verify(text, clock.instant());
    }

    /**
     * Verifies passport text at the given validation time.
     *
     * @param text the passport text
     * @param now  the validation time
     * @return the verified passport, claims and report
     * @throws VerifyException if the passport is rejected
     * @throws DppException for other failures
     */
    public VerifyResult verify(String text, Instant now) throws DppException {
        return verify(Natives.utf8(text, "text"), now);
    }

    /**
     * Verifies passport text given as bytes (e.g. raw scanner output).
     *
     * @param text the passport text bytes
     * @param now  the validation time
     * @return the verified passport, claims and report
     * @throws VerifyException if the passport is rejected
     * @throws DppException for other failures
     */
    public VerifyResult verify(byte[] text, Instant now) throws DppException {
        Objects.requireNonNull(text, "text");
        long t = Natives.epoch(now, "now");
        NativeResult r = run(text, t);
        try {
            int code = DppNative.dppb_result_err(r);
            if (code != 0) {
                VerifyReport rep = VerifyReport.from(r);
                throw DppException.create(code, rep.getMessage(), rep.getOffset(), rep);
            }
            byte[] original = text.clone();
            return new VerifyResult(Passport.consume(DppNative.dppb_result_passport(r)), Claims.from(r),
                                    VerifyReport.from(r), r, () -> run(original, t));
        } finally {
            r.delete();
        }
    }

    /**
     * Verifies like {@link #verify(String, Instant)} but returns the report instead of
     * throwing when the passport is rejected.
     *
     * @param text the passport text
     * @param now  the validation time
     * @return the report; {@link VerifyReport#isOk()} is true if it verified
     * @throws DppException if the verification could not run at all
     */
    public VerifyReport check(String text, Instant now) throws DppException {
        byte[] b = Natives.utf8(text, "text");
        long t = Natives.epoch(now, "now");
        NativeResult r = run(b, t);
        try {
            return VerifyReport.from(r);
        } finally {
            r.delete();
        }
    }

    /**
     * Same as {@link #check(String, Instant)} at the current time of the clock.
     *
     * @param text the passport text
     * @return the report
     * @throws DppException if the verification could not run at all
     */
    public VerifyReport check(String text) throws DppException {
        return check(text, clock.instant());
    }

    /**
     * Reads the passport from a photo of its label ({@link Scan#image(byte[])}) and
     * verifies it at the current time of this verifier's clock.
     *
     * @param picture the picture file's bytes (JPEG, PNG, ...)
     * @return the verified passport, claims and report
     * @throws ImageException if the picture cannot be read or holds no passport
     * @throws VerifyException if the passport is rejected
     * @throws DppException for other failures
     */
    public VerifyResult verifyImage(byte[] picture) throws DppException {
        return verifyImage(picture, clock.instant());
    }

    /**
     * As {@link #verifyImage(byte[])} at the given validation time.
     *
     * @param picture the picture file's bytes
     * @param now     the validation time
     * @return the verified passport, claims and report
     * @throws ImageException if the picture cannot be read or holds no passport
     * @throws VerifyException if the passport is rejected
     * @throws DppException for other failures
     */
    public VerifyResult verifyImage(byte[] picture, Instant now) throws DppException {
        return verify(Natives.utf8(Scan.image(picture).text(), "text"), now);
    }

    private NativeResult run(byte[] text, long now) throws DppException {
        NativeRef<NativeTrust> ref = trust.acquire();
        try {
            return DppNative.dppb_verify(text, ref.get(), now);
        } finally {
            ref.release();
        }
    }

    /**
     * Decodes passport text or a link WITHOUT checking signature, trust, time or the
     * link's binding: for display and debugging only. Structure, CBOR strictness and the
     * schema are still checked.
     *
     * @param text the passport text
     * @return the unverified content
     * @throws MalformedException or {@link SchemaException} if the text cannot be decoded
     * @throws DppException for other failures
     */
    public static Inspection inspect(String text) throws DppException {
        byte[] utf8 = Natives.utf8(text, "text");
        NativeResult r = DppNative.dppb_inspect(utf8);
        try {
            return new Inspection(Passport.consume(DppNative.dppb_result_passport(r)), Claims.from(r), utf8);
        } finally {
            r.delete();
        }
    }
}
