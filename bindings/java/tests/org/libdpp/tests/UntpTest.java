// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.libdpp.Algorithm;
import org.libdpp.Encoder;
import org.libdpp.Key;
import org.libdpp.Passport;
import org.libdpp.SchemaException;
import org.libdpp.TrustStore;
import org.libdpp.Untp;
import org.libdpp.UsageException;
import org.libdpp.Verifier;

/** UNTP Digital Product Passport credentials: export of a verified passport, import of the UNTP samples. */
class UntpTest {
    private static final Path UNTP = Fixtures.ROOT.resolve("tests").resolve("data").resolve("untp");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> arr(Object o) {
        return (List<Object>) o;
    }

    @Test
    void verifiedPassportExportsAsUntp() throws Exception {
        Key k = Fixtures.key(Algorithm.EDDSA);
        Passport p = Fixtures.passport();
        String text = Encoder.encode(p, k);
        Verifier v = new Verifier(new TrustStore(List.of(k.publicKey())));
        Map<String, Object> doc = obj(Json.parse(v.verify(text).toUntp()));
        assertEquals("urn:uuid:" + p.id(), doc.get("id"));
        StringBuilder kid = new StringBuilder();
        for (byte b : k.kid()) kid.append(String.format("%02x", b & 0xff));
        assertEquals("urn:dpp:kid:" + kid, obj(doc.get("issuer")).get("id"));
        Map<String, Object> prod = obj(obj(doc.get("credentialSubject")).get("product"));
        assertEquals(p.name(), prod.get("name"));
        String url = (String) obj(arr(prod.get("furtherInformation")).get(0)).get("linkURL");
        assertTrue(java.net.URLDecoder.decode(url, "UTF-8").endsWith(text), url);
        for (Object c : arr(obj(doc.get("credentialSubject")).get("conformityClaim"))) {
            assertFalse(obj(c).containsKey("conformityEvidence"));
            assertFalse(((String) obj(c).get("description")).contains("NOT VERIFIED"));
        }
        Map<String, Object> named = obj(Json.parse(v.verify(text).toUntp("did:web:maker.example.com")));
        assertEquals("did:web:maker.example.com", obj(named.get("issuer")).get("id"));
        UsageException bad = assertThrows(UsageException.class, () -> v.verify(text).toUntp("no scheme"));
        assertEquals("DPP_ERR_INVALID_ARG", bad.getName());
        // inspected only: every claim says NOT VERIFIED
        Map<String, Object> un = obj(Json.parse(Verifier.inspect(text).toUntpUnverified(null)));
        for (Object c : arr(obj(un.get("credentialSubject")).get("conformityClaim")))
            assertTrue(((String) obj(c).get("description")).contains("NOT VERIFIED"));
    }

    @Test
    void untpSamplesImport() throws Exception {
        String simple = Files.readString(UNTP.resolve("product-passport-simple-0.6.1.json"));
        SchemaException e = assertThrows(SchemaException.class, () -> Untp.importCredential(simple, null));
        assertEquals("DPP_ERR_SCHEMA_MISSING", e.getName());
        assertEquals("manufacturer.country", e.getPath());
        Untp.Import im = Untp.importCredential(simple, "AU");
        assertEquals("EV battery 300Ah", im.passport().name());
        assertEquals("AU", im.passport().manufacturer().country());
        assertEquals(im.notCarried().size(), im.totalNotCarried());

        String instance = Files.readString(UNTP.resolve("untp-dpp-instance-0.6.1.json"));
        Untp.Import full = Untp.importCredential(instance, null);
        List<String> members = full.notCarried().stream().map(Untp.NotCarried::member).collect(Collectors.toList());
        for (String m : List.of("credentialSubject.product.dimensions", "credentialSubject.emissionsScorecard",
                                "credentialSubject.materialsProvenance[0].symbol", "validFrom"))
            assertTrue(members.contains(m), m + " in " + members);
        for (Untp.NotCarried n : full.notCarried())
            assertTrue(n.message().startsWith(n.member() + ": not carried: "), n.message());
        // the import signs and verifies like any passport
        Key k = Fixtures.key(Algorithm.EDDSA);
        assertEquals(full.passport(), new Verifier(new TrustStore(List.of(k.publicKey())))
                                          .verify(Encoder.encode(full.passport(), k)).passport());

        SchemaException syn = assertThrows(SchemaException.class, () -> Untp.importCredential("{\n  \"type\": [", null));
        assertEquals("DPP_ERR_JSON_SYNTAX", syn.getName());
        assertTrue(syn.getLine() > 0);
        SchemaException digit = assertThrows(SchemaException.class, () -> Untp.importCredential(
            instance.replace("/01/09520123456788", "/01/09520123456789"), null));
        assertEquals("gtin", digit.getPath());
    }
}
