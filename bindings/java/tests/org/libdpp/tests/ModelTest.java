// SPDX-License-Identifier: Apache-2.0
package org.libdpp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.libdpp.Algorithm;
import org.libdpp.DppException;
import org.libdpp.Encoder;
import org.libdpp.ImageException;
import org.libdpp.InvalidException;
import org.libdpp.Key;
import org.libdpp.MalformedException;
import org.libdpp.Passport;
import org.libdpp.QrCode;
import org.libdpp.RevokedException;
import org.libdpp.Scan;
import org.libdpp.TrustStore;
import org.libdpp.UntrustedException;
import org.libdpp.VerifyResult;
import org.libdpp.Verifier;

/** The typed passport model, the generated error table, and photos of labels. */
class ModelTest {
    private static Passport full() throws Exception {
        String json = new String(Files.readAllBytes(Fixtures.EXAMPLE_JSON), "UTF-8");
        json = json.replaceFirst("\"batch\": \"H25-03147\",",
            "\"batch\": \"H25-03147\", \"serial\": \"SN-1\", \"production_date\": \"2025-03-14\","
            + " \"facility\": {\"id\": {\"scheme\": \"GLN\", \"value\": \"6948251000001\"}},");
        json = json.replaceFirst("\"issuer\": \"SGS\"",
            "\"issuer\": \"SGS\", \"valid_from\": \"2024-01-01\", \"scope\": \"coils\"");
        return Passport.fromJson(json);
    }

    @Test
    void typedFieldsComeFromTheLibrary() throws Exception {
        Passport p = full();
        assertEquals("3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13", p.id());
        assertEquals(Optional.of("SN-1"), p.serial());
        assertEquals(Optional.of(LocalDate.of(2025, 3, 14)), p.productionDate());
        assertEquals("GLN", p.facility().get().id().scheme());
        assertFalse(p.facility().get().name().isPresent());
        assertEquals("Jinding Steel", p.manufacturer().name());
        assertFalse(p.manufacturer().operatorId().isPresent());

        List<Passport.Material> m = p.materials();
        assertEquals(6, m.size());
        assertEquals("Scrap", m.get(1).name());
        assertEquals(new BigDecimal("0.16"), m.get(1).massFraction().get());
        assertEquals("0.0005", m.get(5).massFraction().get().toPlainString());
        assertEquals(Optional.of("7439-89-6"), m.get(0).cas());
        assertFalse(m.get(1).cas().isPresent());
        assertThrows(UnsupportedOperationException.class, () -> m.remove(0));

        Passport.Footprint f = p.footprint().get();
        assertEquals(new BigDecimal("2390"), f.total());
        assertEquals("cradle-to-grave", f.boundary());
        assertEquals("ISO 14067", f.method());
        assertEquals("third-party-verified", f.verification());
        assertEquals(LocalDate.of(2024, 1, 1), f.periodStart());
        assertEquals(LocalDate.of(2024, 12, 31), f.periodEnd());
        assertEquals(4, f.stages().size());
        assertEquals("end-of-life", f.stages().get(3).stage());
        assertEquals(new BigDecimal("15"), f.stages().get(3).value());
        assertEquals(Optional.of(new BigDecimal("0.8")), f.primaryShare());

        Passport.Certification c = p.certifications().get(0);
        assertEquals("ISO 14001", c.scheme());
        assertEquals(Optional.of(LocalDate.of(2024, 1, 1)), c.validFrom());
        assertEquals(Optional.of("coils"), c.scope());
        assertFalse(p.certifications().get(1).validFrom().isPresent());

        Passport.Cbam cb = p.cbam().get();
        assertEquals("72083900", cb.cnCode());
        assertEquals("actual", cb.method());
        assertEquals(Optional.of("ets"), cb.carbonPriceInstrument());
        assertTrue(cb.carbonPrice().get().scale() >= 0);
    }

    @Test
    void typedModelSurvivesSignAndVerify() throws Exception {
        Passport p = full();
        Key k = Fixtures.key(Algorithm.EDDSA);
        VerifyResult r = new Verifier(new TrustStore(List.of(k.publicKey()))).verify(Encoder.encode(p, k));
        assertEquals(p, r.passport());
        assertEquals(p.footprint().get().total(), r.passport().footprint().get().total());
        assertEquals(p.productionDate(), r.passport().productionDate());
    }

    private static final java.nio.file.Path CBAM_TEMPLATE =
        Fixtures.ROOT.resolve("test-vectors").resolve("passports").resolve("cbam-template.json");

    @Test
    void fullCbamBlockIsTypedAndRoundTrips() throws Exception {
        Passport p = Passport.fromFile(CBAM_TEMPLATE);
        for (Passport q : List.of(p, Passport.fromCbor(p.toCbor()), Passport.fromJson(p.toJson()))) {
            Passport.Cbam c = q.cbam().get();
            Passport.CbamInstallation i = c.installation().get();
            assertEquals("Jinding Steel Works No. 2", i.name());
            assertEquals(Optional.of("Tangshan"), i.city());
            assertEquals(Optional.of("CNTGS"), i.unlocode());
            assertEquals(Optional.of(new BigDecimal("39.6309")), i.latitude());
            assertEquals(Optional.of(new BigDecimal("118.1802")), i.longitude());
            assertEquals("91130200MA0CXXXX1X", i.operatorId().get().value());
            assertEquals(Optional.of(LocalDate.of(2024, 1, 1)), c.periodStart());
            assertEquals(Optional.of(LocalDate.of(2024, 12, 31)), c.periodEnd());
            assertEquals(Optional.of("Bubble approach"), c.process());
            assertEquals(Optional.of("Iron or steel products"), c.goodsCategory());
            assertEquals(Optional.of(new BigDecimal("2.12355")), c.seeTotal());
            assertEquals(Optional.of("tCO2e/t"), c.seeUnit());
            assertEquals(Optional.of(BigDecimal.ZERO), c.defaultShare());
            assertEquals(new BigDecimal("0.34559"), c.electricity().get().consumed());
            assertEquals(Optional.of(new BigDecimal("0.589")), c.electricity().get().emissionFactor());
            assertEquals(Optional.of("Mix"), c.electricity().get().source());
            assertEquals(2, c.precursors().size());
            assertEquals("72011011", c.precursor(0).cnCode());
            assertEquals(Optional.of(new BigDecimal("0.94")), c.precursor(0).quantity());
            assertEquals(new BigDecimal("1.61244"), c.precursor(0).seeDirect());
            assertEquals(Optional.of(new BigDecimal("0.0312")), c.precursor(0).seeIndirect());
            assertFalse(c.precursor(1).seeIndirect().isPresent());
            assertThrows(IndexOutOfBoundsException.class, () -> c.precursor(2));
            assertEquals("DAkkS", c.verifier().get().accreditationBody().get());
            assertEquals(Optional.of("D-VS-12345-01-00"), c.verifier().get().accreditationId());
            assertEquals(Optional.of(new BigDecimal("1.9")), c.priceCovered());
            assertEquals("2.00", c.rebate().get().toPlainString());    // exact, trailing zero kept
            assertEquals(Optional.of("Free allocation"), c.rebateType());
            assertEquals(Optional.of(new BigDecimal("0.4")), c.rebateCovered());
            assertEquals(Optional.of(new BigDecimal("12.85")), c.effectivePrice());
            assertEquals(p, q);
        }
        // an older block has none of it
        Passport.Cbam old = full().cbam().get();
        assertFalse(old.installation().isPresent() || old.periodStart().isPresent() || old.seeTotal().isPresent()
                    || old.electricity().isPresent() || old.verifier().isPresent() || old.rebate().isPresent());
        assertTrue(old.precursors().isEmpty());
    }

    @Test
    void cbamQrKeepsTheLabelSubset() throws Exception {
        Passport p = Passport.fromFile(CBAM_TEMPLATE);
        Passport q = p.cbamQr();
        Passport.Cbam c = q.cbam().get();
        Passport.Cbam f = p.cbam().get();
        assertEquals(f.cnCode(), c.cnCode());
        assertEquals(f.seeDirect(), c.seeDirect());
        assertEquals(f.seeTotal(), c.seeTotal());
        assertEquals(f.periodStart(), c.periodStart());
        assertEquals(f.carbonPrice(), c.carbonPrice());
        assertEquals(f.effectivePrice(), c.effectivePrice());
        assertFalse(c.installation().isPresent() || c.electricity().isPresent() || c.verifier().isPresent()
                    || c.rebate().isPresent() || c.process().isPresent());
        assertTrue(c.precursors().isEmpty());
        assertTrue(p.cbam().get().installation().isPresent());     // the original is unchanged
        assertTrue(q.toCbor().length < p.toCbor().length);
        Passport plain = Fixtures.passport();
        assertEquals(plain, plain.cbamQr());
    }

    @Test
    void errorTableIsTheGeneratedOne() {
        // codes by name: the same table as Python's (bindings/common/gen_errors.py)
        assertEquals(RevokedException.class, DppException.classFor(108));
        assertEquals(UntrustedException.class, DppException.classFor(150));
        assertEquals(MalformedException.class, DppException.classFor(140));
        assertEquals(InvalidException.class, DppException.classFor(147));
        assertEquals(ImageException.class, DppException.classFor(163));
        assertEquals(ImageException.class, DppException.classFor(169)); // by range
        assertEquals(DppException.class, DppException.classFor(500));
    }

    private static byte[] jpeg(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage gray = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(img, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(gray, "jpeg", out));
        return out.toByteArray();
    }

    @Test
    void photosOfALabelVerify() throws Exception {
        assumeTrue(Scan.available(), "built without libdpp_scan");
        Key k = Fixtures.key(Algorithm.EDDSA);
        String text = Encoder.encode(Fixtures.passport(), k);
        byte[] png = QrCode.encode(text).toPng(6, 4);
        Scan s = Scan.image(png);
        assertEquals(text, s.text());
        assertEquals(1, s.codes());
        assertEquals(1, s.orientation());
        Verifier v = new Verifier(new TrustStore(List.of(k.publicKey())));
        assertEquals(Fixtures.passport(), v.verifyImage(png).passport());
        byte[] jpg = jpeg(png);
        assertEquals((byte) 0xff, jpg[0]);
        assertEquals(Fixtures.passport(), v.verifyImage(jpg, java.time.Instant.now()).passport());
    }

    @Test
    void pictureErrors() throws Exception {
        assumeTrue(Scan.available(), "built without libdpp_scan");
        ImageException e = assertThrows(ImageException.class, () -> Scan.image("DPP1:text".getBytes("UTF-8")));
        assertEquals("DPP_ERR_IMAGE_FORMAT", e.getName());
        BufferedImage white = new BufferedImage(120, 90, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics g = white.getGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 120, 90);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(white, "png", out);
        Verifier v = new Verifier(new TrustStore());
        e = assertThrows(ImageException.class, () -> v.verifyImage(out.toByteArray()));
        assertEquals("DPP_ERR_IMAGE_NO_CODE", e.getName());
    }

    @Test
    void errorsCarryTheFieldPath() throws Exception {
        String json = new String(Files.readAllBytes(Fixtures.EXAMPLE_JSON), "UTF-8")
            .replaceFirst("\"recycled_share\": \"1\"", "\"recycled_share\": \"1.2\"");
        org.libdpp.SchemaException e = assertThrows(org.libdpp.SchemaException.class, () -> Passport.fromJson(json));
        assertEquals("materials[1].recycled_share", e.getPath());
        assertTrue(e.getDetail().startsWith("materials[1].recycled_share: "));
        org.libdpp.VerifyException v = assertThrows(org.libdpp.VerifyException.class,
            () -> new Verifier(new TrustStore()).verify("DPP1:"));
        assertEquals("", v.getPath());
    }
}
