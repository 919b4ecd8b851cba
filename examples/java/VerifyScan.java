// SPDX-License-Identifier: Apache-2.0
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.libdpp.Algorithm;
import org.libdpp.Claims;
import org.libdpp.DppException;
import org.libdpp.Encoder;
import org.libdpp.ExpiredException;
import org.libdpp.Key;
import org.libdpp.MalformedException;
import org.libdpp.Passport;
import org.libdpp.TrustStore;
import org.libdpp.UntrustedException;
import org.libdpp.Verifier;
import org.libdpp.VerifyException;
import org.libdpp.VerifyResult;

/**
 * Verify a scanned passport label with the libdpp Java bindings.
 *
 * <pre>
 * java -cp dpp.jar VerifyScan.java --trust ISSUER.pem [--trust ...] [--at EPOCH] (--in FILE | TEXT)
 * java -cp dpp.jar VerifyScan.java --demo     (sign examples/passport.json with a fresh key, verify it)
 * </pre>
 *
 * Exit codes follow the dpp CLI: 0 verified, 1 invalid, 2 untrusted, 3 expired or not
 * yet valid, 4 malformed, 64 usage error, 65 unusable key, 66 unreadable input.
 */
public final class VerifyScan {
    private VerifyScan() {}

    static void show(VerifyResult r) {
        Passport p = r.passport();
        Claims c = r.claims();
        System.out.println("VERIFIED " + p.name() + " (GTIN " + p.gtin() + ")");
        System.out.println("  manufacturer: " + p.manufacturerName() + " (" + p.manufacturerCountry() + ")");
        System.out.println("  signed: " + c.algorithm().coseName() + ", kid " + c.kidHex() + ", issued at "
            + c.issuedAt().getEpochSecond() + c.expires().map(e -> ", expires " + e.getEpochSecond()).orElse(""));
    }

    static int demo() throws IOException, DppException {
        Path example = Path.of("examples", "passport.json");
        Passport passport = Passport.fromFile(example);
        try (Key key = Key.generate(Algorithm.ES256); TrustStore trust = new TrustStore()) {
            try (Key pub = key.publicKey()) {
                trust.add(pub);
            }
            String text = Encoder.encode(passport, key);
            System.out.println("signed " + text.length() + " characters: " + text.substring(0, 40) + "...");
            show(new Verifier(trust).verify(text));
        }
        return 0;
    }

    static int run(String[] args) {
        List<Path> trusted = new ArrayList<>();
        Long at = null;
        String text = null;
        Path in = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--demo": return demo();
                    case "--trust": trusted.add(Path.of(args[++i])); break;
                    case "--at": at = Long.parseLong(args[++i]); break;
                    case "--in": in = Path.of(args[++i]); break;
                    default:
                        if (args[i].startsWith("--") || text != null) throw new IllegalArgumentException(args[i]);
                        text = args[i];
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            System.err.println("VerifyScan: bad arguments (" + e.getMessage() + ")");
            return 64;
        } catch (IOException e) {
            System.err.println("VerifyScan: " + e);
            return 66;
        } catch (DppException e) {
            System.err.println("VerifyScan: " + e.getMessage());
            return 1;
        }
        if (trusted.isEmpty() || (text == null) == (in == null)) {
            System.err.println("usage: VerifyScan --trust PEM [--trust PEM]... [--at EPOCH] (--in FILE | TEXT)");
            return 64;
        }
        try (TrustStore trust = new TrustStore()) {
            try {
                for (Path p : trusted) trust.addFile(p);
                if (in != null) text = new String(Files.readAllBytes(in), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                System.err.println("VerifyScan: " + e);
                return 66;
            } catch (DppException e) {
                System.err.println("VerifyScan: " + trusted + ": " + e.getMessage());
                return 65;
            }
            Verifier verifier = new Verifier(trust);
            try {
                show(at == null ? verifier.verify(text) : verifier.verify(text, Instant.ofEpochSecond(at)));
                return 0;
            } catch (VerifyException e) {
                System.out.println("REJECTED " + e.getName() + " at check '" + e.getCheck() + "': " + e.getDetail());
                if (e instanceof UntrustedException) return 2;
                if (e instanceof ExpiredException) return 3;
                if (e instanceof MalformedException) return 4;
                return 1;
            }
        } catch (DppException e) {
            System.err.println("VerifyScan: " + e.getMessage());
            return 70;
        }
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }
}
