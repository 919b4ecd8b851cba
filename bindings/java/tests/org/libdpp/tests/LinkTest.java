// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libdpp.Algorithm;
import org.libdpp.Base45;
import org.libdpp.CheckStatus;
import org.libdpp.Compression;
import org.libdpp.Dpp;
import org.libdpp.DppException;
import org.libdpp.DppKeyException;
import org.libdpp.EncodeOptions;
import org.libdpp.EncodeResult;
import org.libdpp.Encoder;
import org.libdpp.Form;
import org.libdpp.Inspection;
import org.libdpp.InvalidException;
import org.libdpp.Key;
import org.libdpp.MalformedException;
import org.libdpp.Passport;
import org.libdpp.QrCode;
import org.libdpp.Ecc;
import org.libdpp.TrustList;
import org.libdpp.TrustListException;
import org.libdpp.TrustStore;
import org.libdpp.UntrustedException;
import org.libdpp.UsageException;
import org.libdpp.Verifier;
import org.libdpp.VerifyException;
import org.libdpp.VerifyReport;
import org.libdpp.VerifyResult;

/**
 * The link form (spec/link.md): encoding with a resolver, verifying and inspecting
 * links, converting between the forms, the DPP_ERR_DL_* errors and their exception
 * classes, trust-list scopes with resolvers, and the white space a verifier ignores
 * around a passport (spec/README.md section 4.1).
 */
class LinkTest {
    private static final String RESOLVER = "https://id.example.com";
    private static final String HOST = "id.example.com";

    /** EdDSA signs deterministically: two encodings of the same claims are equal. */
    private static Key key() throws DppException {
        return Fixtures.key(Algorithm.EDDSA);
    }

    private static TrustStore trust() throws DppException {
        return new TrustStore(List.of(key()));
    }

    private static EncodeOptions opts() {
        return EncodeOptions.defaults().withIssuedAt(Fixtures.IAT);
    }

    private static String link() throws Exception {
        return Encoder.encode(Fixtures.passport(), key(), opts().withResolver(RESOLVER));
    }

    private static String textWithResolver() throws Exception {
        return Encoder.encode(Fixtures.passport(), key(), opts().withResolver(RESOLVER).withForm(Form.TEXT));
    }

    private static int code(String name) {
        for (int c = 0; c < 256; c++) if (Dpp.errorName(c).equals(name)) return c;
        throw new AssertionError("no code named " + name);
    }

    private static <T extends VerifyException> T rejected(String text, TrustStore trust, Class<T> cls, String name,
                                                          String check) {
        VerifyException e = assertThrows(VerifyException.class, () -> new Verifier(trust).verify(text, Fixtures.IAT));
        assertSame(cls, e.getClass(), e.toString());
        assertEquals(name, e.getName(), e.toString());
        assertEquals(check, e.getCheck(), e.toString());
        assertEquals(code(name), e.getCode());
        assertEquals(CheckStatus.FAIL, e.getReport().status(check));
        assertTrue(!e.getDetail().isEmpty());
        return cls.cast(e);
    }

    // ---------------------------------------------------------------- encoding

    @Test
    void encodeWithResolverWritesALinkByDefault() throws Exception {
        String link = link();
        assertTrue(link.startsWith("HTTPS://ID.EXAMPLE.COM/01/" + Fixtures.passport().gtin() + "/10/H25-03147#1"), link);
        assertTrue(Pattern.matches("[0-9]+", link.substring(link.indexOf("#1") + 2)));
        assertEquals(Form.LINK, Dpp.formOf(link));
        assertTrue(link.length() <= Dpp.maxLinkLength());
        assertEquals(7089, Dpp.maxLinkLength());
        assertEquals(Form.LINK, opts().withResolver(RESOLVER).form());
        assertEquals(Form.TEXT, opts().form());
    }

    @Test
    void verifyLink() throws Exception {
        VerifyResult r = new Verifier(trust()).verify(link(), Fixtures.IAT);
        assertEquals(Fixtures.passport(), r.passport());
        assertEquals(Form.LINK, r.form());
        assertEquals(HOST, r.resolver());
        assertEquals(Form.LINK, r.claims().form());
        assertEquals(HOST, r.claims().resolver());
        assertEquals(CheckStatus.PASS, r.report().status("link"));
        assertEquals(CheckStatus.PASS, r.report().status("signature"));
        assertTrue(new Verifier(trust()).check(link(), Fixtures.IAT).isOk());
    }

    @Test
    void textKeepsTheResolver() throws Exception {
        String t = textWithResolver();
        assertTrue(t.startsWith(Dpp.PREFIX));
        VerifyResult r = new Verifier(trust()).verify(t, Fixtures.IAT);
        assertEquals(Form.TEXT, r.form());
        assertEquals(HOST, r.resolver());
        assertEquals(CheckStatus.SKIPPED, r.report().status("link"));
    }

    @Test
    void textWithoutResolver() throws Exception {
        String t = Encoder.encode(Fixtures.passport(), key(), opts());
        VerifyResult r = new Verifier(trust()).verify(t, Fixtures.IAT);
        assertEquals(Form.TEXT, r.claims().form());
        assertEquals("", r.claims().resolver());
    }

    @Test
    void checkListEndsWithLink() {
        List<String> names = VerifyReport.checkNames();
        assertEquals(18, names.size());
        assertEquals("link", names.get(17));
    }

    @Test
    void inspectLink() throws Exception {
        Inspection i = Verifier.inspect(link());
        assertEquals(Fixtures.passport(), i.passportUnverified());
        assertEquals(Form.LINK, i.claimsUnverified().form());
        assertEquals(HOST, i.claimsUnverified().resolver());
    }

    @Test
    void resolverWithPathPrefix() throws Exception {
        String l = Encoder.encode(Fixtures.passport(), key(), opts().withResolver("https://Example.COM/dpp/"));
        assertTrue(l.startsWith("HTTPS://EXAMPLE.COM/dpp/01/"), l);
        assertEquals("example.com/dpp", new Verifier(trust()).verify(l, Fixtures.IAT).resolver());
        assertEquals("example.com/dpp", Dpp.normalizeResolver("https://Example.COM/dpp/"));
        assertEquals(HOST, Dpp.normalizeResolver("https://ID.Example.com/"));
        MalformedException e = assertThrows(MalformedException.class, () -> Dpp.normalizeResolver("https://10.0.0.1"));
        assertEquals("DPP_ERR_DL_SYNTAX", e.getName());
    }

    @Test
    void encodeWithSizes() throws Exception {
        EncodeResult r = Encoder.encodeWithSizes(Fixtures.passport(), key(), opts().withResolver(RESOLVER));
        assertEquals(link(), r.text());
        assertEquals(r.text().length(), r.sizes().text());
    }

    @Test
    void encodeArgumentErrors() throws Exception {
        UsageException u = assertThrows(UsageException.class,
            () -> Encoder.encode(Fixtures.passport(), key(), opts().withForm(Form.LINK)));
        assertEquals("DPP_ERR_INVALID_ARG", u.getName());
        assertTrue(u.getDetail().contains("resolver"), u.getDetail());
        assertThrows(IllegalArgumentException.class, () -> opts().withResolver(""));
        MalformedException m = assertThrows(MalformedException.class,
            () -> Encoder.encode(Fixtures.passport(), key(), opts().withResolver("https://id.example.com:8443")));
        assertEquals("DPP_ERR_DL_SYNTAX", m.getName());
        UsageException nul = assertThrows(UsageException.class,
            () -> Encoder.encode(Fixtures.passport(), key(), opts().withResolver("https://a.example\0b.example")));
        assertTrue(nul.getDetail().contains("NUL"), nul.getDetail());
        assertEquals(Form.LINK, Form.fromName("LINK"));
        assertThrows(IllegalArgumentException.class, () -> Form.fromName("qr"));
        assertEquals("text", Form.TEXT.wireName());
    }

    @Test
    void formOf() {
        assertEquals(Form.LINK, Dpp.formOf("hTtPs:anything"));
        assertEquals(Form.TEXT, Dpp.formOf("DPP1:ABC"));
        assertEquals(Form.TEXT, Dpp.formOf("http://id.example.com"));
        assertEquals(Form.TEXT, Dpp.formOf(""));
    }

    /** A link longer than the longest DPP1: text: the glue's buffers are sized for links. */
    @Test
    void longLinkBeyondTextLimit() throws Exception {
        StringBuilder j = new StringBuilder("{\"id\":\"3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13\",\"gtin\":\"06948251000018\","
                                            + "\"batch\":\"H25-03147\",\"name\":\"HR coil\",\"manufacturer\":"
                                            + "{\"name\":\"Jinding Steel\",\"country\":\"CN\"},\"materials\":[");
        for (int i = 0; i < 16; i++) { // the most materials, with the longest names
            if (i > 0) j.append(',');
            String name = new BigInteger(1, java.security.MessageDigest.getInstance("SHA-384")
                .digest(("m" + i).getBytes(StandardCharsets.UTF_8))).toString(16);
            while (name.length() < 96) name = "0" + name;
            j.append("{\"name\":\"").append(name).append("\",\"mass_fraction\":\"0.01\"}");
        }
        Passport p = Passport.fromJson(j.append("]}").toString());
        String l = Encoder.encode(p, key(), opts().withResolver(RESOLVER).withCompression(Compression.NEVER));
        assertTrue(l.length() > Dpp.maxTextLength() && l.length() <= Dpp.maxLinkLength(), "length " + l.length());
        VerifyResult r = new Verifier(trust()).verify(l, Fixtures.IAT);
        assertEquals(p, r.passport());
        String t = Dpp.convert(l, Form.TEXT);
        assertTrue(t.startsWith(Dpp.PREFIX) && t.length() <= Dpp.maxTextLength());
        assertEquals(l, Dpp.convert(t, Form.LINK));
        assertTrue(java.util.Arrays.equals(Encoder.coseFromText(l), Encoder.coseFromText(t)));
        assertTrue(QrCode.encode(l, Ecc.L).version() <= 40);
    }

    // -------------------------------------------------------------- converting

    @Test
    void convertBothWaysByteIdentical() throws Exception {
        String l = link();
        String t = textWithResolver();
        assertEquals(l, Dpp.convert(t, Form.LINK));
        assertEquals(t, Dpp.convert(l, Form.TEXT));
        assertEquals(l, Dpp.convert(l, Form.LINK));
        assertEquals(t, Dpp.convert(t, Form.TEXT));
        assertTrue(java.util.Arrays.equals(Encoder.coseFromText(l), Encoder.coseFromText(t)));
    }

    @Test
    void convertWithoutResolver() throws Exception {
        String t = Encoder.encode(Fixtures.passport(), key(), opts());
        InvalidException e = assertThrows(InvalidException.class, () -> Dpp.convert(t, Form.LINK));
        assertEquals("DPP_ERR_DL_DOMAIN", e.getName());
        assertEquals(null, e.getReport());
        assertThrows(MalformedException.class, () -> Dpp.convert("not a passport", Form.TEXT));
        assertThrows(NullPointerException.class, () -> Dpp.convert(t, null));
    }

    // ------------------------------------------------------------------ errors

    @Test
    void linkOnAnotherDomain() throws Exception {
        String moved = link().replace("HTTPS://ID.EXAMPLE.COM/", "HTTPS://EVIL.EXAMPLE.NET/");
        InvalidException e = rejected(moved, trust(), InvalidException.class, "DPP_ERR_DL_DOMAIN", "link");
        assertTrue(e.getDetail().contains("evil.example.net") && e.getDetail().contains(HOST), e.getDetail());
        assertEquals(CheckStatus.PASS, e.getReport().status("signature"));
    }

    @Test
    void linkWithAnotherGtin() throws Exception {
        String other = link().replaceFirst("/01/[0-9]{14}/", "/01/09506000134352/");
        assertNotEquals(link(), other);
        rejected(other, trust(), InvalidException.class, "DPP_ERR_DL_PRIMARY_KEY", "link");
    }

    @Test
    void linkWithAnotherOrNoBatch() throws Exception {
        rejected(link().replace("/10/H25-03147#", "/10/H25-03148#"), trust(), InvalidException.class,
                 "DPP_ERR_DL_QUALIFIER", "link");
        rejected(link().replace("/10/H25-03147#", "#"), trust(), InvalidException.class, "DPP_ERR_DL_QUALIFIER",
                 "link");
    }

    private static final int[] DIGITS = {0, 3, 5, 8, 10, 13, 15, 17, 20, 22, 25, 27, 29};

    /** spec/link.md section 3, written out independently of the library. */
    private static String fragment(byte[] body) {
        StringBuilder s = new StringBuilder(String.format("1%04d", body.length));
        for (int i = 0; i < body.length; i += 12) {
            int n = Math.min(12, body.length - i);
            String g = new BigInteger(1, java.util.Arrays.copyOfRange(body, i, i + n)).toString();
            for (int z = g.length(); z < DIGITS[n]; z++) s.append('0');
            s.append(g);
        }
        return s.toString();
    }

    @Test
    void linkDigitsFollowTheSpec() throws Exception {
        byte[] body = Base45.decode(textWithResolver().substring(Dpp.PREFIX.length()));
        assertEquals(fragment(body), link().substring(link().indexOf('#') + 1));
    }

    @Test
    void linkOfAPassportSignedWithoutResolver() throws Exception {
        String t = Encoder.encode(Fixtures.passport(), key(), opts());
        byte[] body = Base45.decode(t.substring(Dpp.PREFIX.length()));
        String forged = "HTTPS://ID.EXAMPLE.COM/01/" + Fixtures.passport().gtin() + "/10/H25-03147#" + fragment(body);
        rejected(forged, trust(), InvalidException.class, "DPP_ERR_DL_DOMAIN", "link");
        assertEquals("", Verifier.inspect(forged).claimsUnverified().resolver());
    }

    @Test
    void truncatedLink() throws Exception {
        String l = link();
        for (int cut : new int[] {1, 5, 29, 200}) {
            MalformedException e = rejected(l.substring(0, l.length() - cut), trust(), MalformedException.class,
                                            "DPP_ERR_DL_PAYLOAD", "base45");
            assertTrue(e.getDetail().contains("truncated"), e.getDetail());
            assertEquals(CheckStatus.NOT_RUN, e.getReport().status("signature"));
        }
    }

    @Test
    void malformedLinks() throws Exception {
        String l = link();
        Map<String, String> cases = Map.of(
            l.replace("#1", "?x=1#1"), "DPP_ERR_DL_QUERY",
            l.replace("/10/H25-03147", "/10/H25%2d03147"), "DPP_ERR_DL_PERCENT",
            l.replace("/10/", "/99/"), "DPP_ERR_DL_AI",
            l.replace("/10/H25-03147", "/21/X/10/H25-03147"), "DPP_ERR_DL_QUALIFIER_ORDER",
            l.replace("HTTPS://ID.EXAMPLE.COM/", "HTTPS://ID.EXAMPLE.COM:443/"), "DPP_ERR_DL_SYNTAX",
            l.substring(0, l.indexOf('#')), "DPP_ERR_DL_PAYLOAD");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            MalformedException e = assertThrows(MalformedException.class,
                                                () -> new Verifier(trust()).verify(c.getKey(), Fixtures.IAT));
            assertEquals(c.getValue(), e.getName(), e.toString());
            assertEquals("prefix", e.getCheck());
            MalformedException i = assertThrows(MalformedException.class, () -> Verifier.inspect(c.getKey()));
            assertEquals(c.getValue(), i.getName());
        }
        StringBuilder huge = new StringBuilder("HTTPS://ID.EXAMPLE.COM/01/06948251000018#1");
        while (huge.length() < 8000) huge.append('0');
        MalformedException e = rejected(huge.toString(), trust(), MalformedException.class, "DPP_ERR_TOO_LARGE",
                                        "prefix");
        assertTrue(e.getDetail().contains("7089"), e.getDetail());
    }

    @Test
    void classForLinkAndNewCodes() {
        Map<String, Class<? extends DppException>> want = new java.util.HashMap<>();
        for (String n : new String[] {"DPP_ERR_DL_SYNTAX", "DPP_ERR_DL_PERCENT", "DPP_ERR_DL_AI", "DPP_ERR_DL_AI_VALUE",
                                      "DPP_ERR_DL_QUALIFIER_ORDER", "DPP_ERR_DL_QUERY", "DPP_ERR_DL_PAYLOAD"})
            want.put(n, MalformedException.class);
        for (String n : new String[] {"DPP_ERR_DL_DOMAIN", "DPP_ERR_DL_PRIMARY_KEY", "DPP_ERR_DL_QUALIFIER"})
            want.put(n, InvalidException.class);
        want.put("DPP_ERR_DL_DOMAIN_SCOPE", UntrustedException.class);
        want.put("DPP_ERR_KEY_WEAK", DppKeyException.class);
        want.put("DPP_ERR_KEY_NOT_PUBLIC", DppKeyException.class);
        want.put("DPP_ERR_STATE_FILE", TrustListException.class);
        for (Map.Entry<String, Class<? extends DppException>> w : want.entrySet())
            assertEquals(w.getValue(), DppException.classFor(code(w.getKey())), w.getKey());
        assertEquals(140, code("DPP_ERR_DL_SYNTAX"));
        assertEquals(150, code("DPP_ERR_DL_DOMAIN_SCOPE"));
        for (int c = 140; c < 160; c++) {
            if (!Dpp.errorName(c).startsWith("DPP_ERR_DL_")) continue;
            assertTrue(want.containsKey(Dpp.errorName(c)), Dpp.errorName(c) + " has no expected class here");
            assertNotEquals(DppException.class, DppException.classFor(c), Dpp.errorName(c));
        }
    }

    // ------------------------------------------------------- trust-list scopes

    private static TrustStore scoped(String... resolvers) throws Exception {
        Key op = Key.generate(Algorithm.EDDSA);
        byte[] signed;
        try (TrustList tl = new TrustList()) {
            tl.add(new TrustList.Entry(key(), "manufacturer", "Jinding Steel", "CN").resolvers(resolvers));
            signed = tl.sign(op, 1, Fixtures.IAT.minusSeconds(60), Fixtures.IAT.plus(Duration.ofDays(1)));
        }
        TrustStore ts = new TrustStore();
        ts.pinOperator(op);
        ts.loadList(signed, Fixtures.IAT, 0);
        return ts;
    }

    @Test
    void scopeAllowsTheSignedResolver() throws Exception {
        for (String[] allowed : new String[][] {{"https://ID.example.com/"}, {"other.example.org", HOST}}) {
            try (TrustStore ts = scoped(allowed)) {
                for (String t : new String[] {link(), textWithResolver()}) {
                    VerifyResult r = new Verifier(ts).verify(t, Fixtures.IAT);
                    assertEquals("trust-list", r.signer().source());
                    assertEquals(CheckStatus.PASS, r.report().status("scope"));
                }
            }
        }
    }

    @Test
    void scopePathPrefix() throws Exception {
        try (TrustStore ts = scoped("https://example.com")) {
            String ok = Encoder.encode(Fixtures.passport(), key(), opts().withResolver("https://example.com/dpp"));
            assertEquals("example.com/dpp", new Verifier(ts).verify(ok, Fixtures.IAT).resolver());
            rejected(link(), ts, UntrustedException.class, "DPP_ERR_DL_DOMAIN_SCOPE", "scope");
        }
    }

    @Test
    void scopeRefusesAnotherResolverInEitherForm() throws Exception {
        try (TrustStore ts = scoped("https://other.example.org")) {
            for (String t : new String[] {link(), textWithResolver()}) {
                UntrustedException e = rejected(t, ts, UntrustedException.class, "DPP_ERR_DL_DOMAIN_SCOPE", "scope");
                assertTrue(e.getDetail().contains(HOST), e.getDetail());
            }
        }
    }

    @Test
    void scopeResolverErrors() throws Exception {
        try (TrustList tl = new TrustList()) {
            DppException e = assertThrows(DppException.class, () -> tl.add(
                new TrustList.Entry(key(), "manufacturer", "A", "DE")
                    .resolvers("a.example.com", "b.example.com", "c.example.com", "d.example.com", "e.example.com")));
            assertEquals("DPP_ERR_TOO_LARGE", e.getName());
            assertTrue(e.getDetail().contains("4 resolvers"), e.getDetail());
            MalformedException m = assertThrows(MalformedException.class, () -> tl.add(
                new TrustList.Entry(key(), "manufacturer", "A", "DE").resolvers("http://a.example.com")));
            assertEquals("DPP_ERR_DL_SYNTAX", m.getName());
            assertEquals(0, tl.size());
        }
    }

    // ------------------------------------------------------------- white space

    @Test
    void trailingNewlineAsWrittenByDppEncode(@TempDir Path dir) throws Exception {
        Verifier v = new Verifier(trust());
        for (String t : new String[] {textWithResolver(), link()}) {
            Path f = dir.resolve("passport.txt");
            Files.write(f, (t + "\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(Dpp.formOf(t), v.verify(Files.readString(f), Fixtures.IAT).form());
            Files.write(f, (t + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String crlf = Files.readString(f);
            assertTrue(crlf.endsWith("\r\n"));
            assertEquals(Dpp.formOf(t), v.verify(crlf, Fixtures.IAT).form());
            assertEquals(Dpp.formOf(t), v.verify(Files.readAllBytes(f), Fixtures.IAT).form());
            assertTrue(v.check(" \t" + t + " \t\r\n", Fixtures.IAT).isOk());
            assertEquals(Dpp.formOf(t), Verifier.inspect(t + "\r\n").claimsUnverified().form());
        }
    }

    @Test
    void otherWhiteSpaceIsNotTrimmed() throws Exception {
        Verifier v = new Verifier(trust());
        for (String ws : new String[] {"\u000b", "\f", "\u00a0", "\ufeff"}) {
            for (String t : new String[] {textWithResolver(), link()}) {
                assertThrows(MalformedException.class, () -> v.verify(t + ws, Fixtures.IAT), "trailing " + (int) ws.charAt(0));
                assertThrows(MalformedException.class, () -> Verifier.inspect(t + ws));
            }
            assertThrows(MalformedException.class, () -> v.verify(ws + textWithResolver(), Fixtures.IAT));
        }
        assertNotNull(v);
    }

    @Test
    void toStringsNameTheForm() throws Exception {
        VerifyResult r = new Verifier(trust()).verify(link(), Fixtures.IAT);
        assertTrue(r.claims().toString().contains("link") && r.claims().toString().contains(HOST), r.claims().toString());
        assertTrue(opts().withResolver(RESOLVER).toString().contains("resolver=" + RESOLVER));
        assertTrue(Instant.EPOCH.isBefore(r.claims().issuedAt()));
    }
}
