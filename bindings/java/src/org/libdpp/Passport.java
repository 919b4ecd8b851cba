// SPDX-License-Identifier: Apache-2.0
package org.libdpp;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A validated digital product passport: an immutable value.
 *
 * <p>Create one from its JSON form ({@link #fromJson(String)}, {@link #fromFile(Path)})
 * or from CBOR ({@link #fromCbor(byte[])}); every factory validates the content and
 * throws {@link SchemaException} naming the bad field. The typed accessors read the
 * library's passport directly: {@link #materials()}, {@link #footprint()} (with its
 * {@link Stage stages}), {@link #certifications()}, {@link #cbam()}, {@link #manufacturer()},
 * {@link #facility()}; amounts are exact {@link BigDecimal}s (trailing zeros kept), dates
 * {@link LocalDate}s, enumerations their schema spelling ({@code "cradle-to-gate"}).
 * {@link #toJson()} returns the canonical JSON (2-space indent, schema key order, decimals
 * as strings such as {@code "12.50"}). Equality compares the canonical JSON.
 *
 * <p>A Passport holds no native resources and needs no closing.
 */
public final class Passport {
    /** The deterministic CBOR form (GC-managed memory); the native passport is rebuilt from it. */
    private final byte[] cbor;
    private volatile String json;
    private final String id;
    private final String gtin;
    private final String name;
    private final String batch;
    private final String serial;
    private final String category;
    private final LocalDate productionDate;
    private final Manufacturer manufacturer;
    private final Facility facility;
    private final List<Material> materials;
    private final Footprint footprint;
    private final List<Certification> certifications;
    private final Cbam cbam;

    private Passport(NativePassport p) throws DppException {
        this.cbor = DppNative.dppb_passport_to_cbor(p);
        ByteBuffer idb = ByteBuffer.wrap(p.getId());
        this.id = new UUID(idb.getLong(), idb.getLong()).toString();
        this.gtin = Natives.str(p.getGtin());
        this.batch = text(p.getBatch());
        this.serial = text(p.getSerial());
        this.name = Natives.str(p.getName());
        this.category = text(p.getCategory());
        this.productionDate = p.getHas_production_date() ? LocalDate.ofEpochDay(p.getProduction_date()) : null;
        NativeParty m = p.getManufacturer();
        this.manufacturer = new Manufacturer(Natives.str(m.getName()), Natives.str(m.getCountry()),
            Identifier.of(m.getOperator_id()));
        this.facility = p.getHas_facility() ? new Facility(Identifier.of(p.getFacility().getId()),
            text(p.getFacility().getName())) : null;
        List<Material> ms = new ArrayList<>();
        for (long i = 0; i < p.getN_materials(); i++) ms.add(new Material(p.material(i)));
        this.materials = Collections.unmodifiableList(ms);
        this.footprint = p.getHas_footprint() ? new Footprint(p.getFootprint()) : null;
        List<Certification> cs = new ArrayList<>();
        for (long i = 0; i < p.getN_certifications(); i++) cs.add(new Certification(p.certification(i)));
        this.certifications = Collections.unmodifiableList(cs);
        this.cbam = p.getHas_cbam() ? new Cbam(p.getCbam()) : null;
    }

    /** Optional text: null when empty (absent). */
    private static String text(byte[] utf8) {
        return utf8.length == 0 ? null : Natives.str(utf8);
    }

    private static BigDecimal dec(NativeDecimal d) {
        return BigDecimal.valueOf(d.getMantissa(), -d.getExponent());
    }

    private static LocalDate day(int days) {
        return LocalDate.ofEpochDay(days);
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
        return DppNative.dppb_passport_from_cbor(cbor);
    }

    /**
     * The label's passport: a copy whose CBAM block keeps only what belongs in the QR code
     * (CN code, origin, installation id, route, SEE direct, indirect, total and unit, method,
     * default share, period, carbon price amount, currency, instrument and effective price);
     * the rest travels in the full document the label links to. Without CBAM: an equal copy.
     *
     * @return the label passport
     * @throws DppException if the copy cannot be made
     */
    public Passport cbamQr() throws DppException {
        NativePassport p = toNative();
        try {
            return consume(DppNative.dppb_passport_cbam_qr(p));
        } finally {
            p.delete();
        }
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
        return Optional.ofNullable(batch);
    }

    /** @return the serial number, if present */
    public Optional<String> serial() {
        return Optional.ofNullable(serial);
    }

    /** @return the product category, if present */
    public Optional<String> category() {
        return Optional.ofNullable(category);
    }

    /** @return the production date, if present */
    public Optional<LocalDate> productionDate() {
        return Optional.ofNullable(productionDate);
    }

    /** @return the manufacturer */
    public Manufacturer manufacturer() {
        return manufacturer;
    }

    /** @return the manufacturer's name (same as {@code manufacturer().name()}) */
    public String manufacturerName() {
        return manufacturer.name();
    }

    /** @return the manufacturer's country, ISO 3166-1 alpha-2 (same as {@code manufacturer().country()}) */
    public String manufacturerCountry() {
        return manufacturer.country();
    }

    /** @return the production site, if present */
    public Optional<Facility> facility() {
        return Optional.ofNullable(facility);
    }

    /** @return the materials in passport order (unmodifiable) */
    public List<Material> materials() {
        return materials;
    }

    /** @return the declared carbon footprint, if present */
    public Optional<Footprint> footprint() {
        return Optional.ofNullable(footprint);
    }

    /** @return the certifications in passport order (unmodifiable) */
    public List<Certification> certifications() {
        return certifications;
    }

    /** @return the EU CBAM data, if present */
    public Optional<Cbam> cbam() {
        return Optional.ofNullable(cbam);
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
        return footprint().map(Footprint::verification);
    }

    /** An identifier with its scheme, e.g. {@code EORI DE123456789012345}. */
    public static final class Identifier {
        private final String scheme;
        private final String value;

        Identifier(String scheme, String value) {
            this.scheme = scheme;
            this.value = value;
        }

        static Identifier of(NativeIdentifier i) {
            byte[] s = i.getScheme();
            byte[] v = i.getValue();
            return s.length == 0 && v.length == 0 ? null : new Identifier(Natives.str(s), Natives.str(v));
        }

        /** @return the scheme, e.g. {@code "EORI"}, {@code "GLN"} */
        public String scheme() {
            return scheme;
        }

        /** @return the identifier */
        public String value() {
            return value;
        }

        @Override
        public String toString() {
            return scheme + " " + value;
        }
    }

    /** The manufacturer: name, country and economic operator identifier. */
    public static final class Manufacturer {
        private final String name;
        private final String country;
        private final Identifier operatorId;

        Manufacturer(String name, String country, Identifier operatorId) {
            this.name = name;
            this.country = country;
            this.operatorId = operatorId;
        }

        /** @return the legal or trading name */
        public String name() {
            return name;
        }

        /** @return the country, ISO 3166-1 alpha-2 */
        public String country() {
            return country;
        }

        /** @return the economic operator identifier, if present */
        public Optional<Identifier> operatorId() {
            return Optional.ofNullable(operatorId);
        }
    }

    /** The production site. */
    public static final class Facility {
        private final Identifier id;
        private final String name;

        Facility(Identifier id, String name) {
            this.id = id;
            this.name = name;
        }

        /** @return the facility identifier, e.g. a GLN */
        public Identifier id() {
            return id;
        }

        /** @return the facility name, if present */
        public Optional<String> name() {
            return Optional.ofNullable(name);
        }
    }

    /** A material of the product; shares are fractions 0..1, the mass is in {@link #massUnit()}. */
    public static final class Material {
        private final String name;
        private final String cas;
        private final BigDecimal massFraction;
        private final BigDecimal mass;
        private final String massUnit;
        private final BigDecimal recycledShare;
        private final BigDecimal renewableShare;
        private final String origin;
        private final boolean hazardous;

        Material(NativeMaterial m) {
            this.name = Natives.str(m.getName());
            this.cas = text(m.getCas());
            this.massFraction = m.getHas_mass_fraction() ? dec(m.getMass_fraction()) : null;
            this.mass = m.getHas_mass() ? dec(m.getMass()) : null;
            this.massUnit = text(m.getMass_unit());
            this.recycledShare = m.getHas_recycled_share() ? dec(m.getRecycled_share()) : null;
            this.renewableShare = m.getHas_renewable_share() ? dec(m.getRenewable_share()) : null;
            this.origin = text(m.getOrigin());
            this.hazardous = m.getHazardous();
        }

        /** @return the material name */
        public String name() {
            return name;
        }

        /** @return the CAS registry number, if present */
        public Optional<String> cas() {
            return Optional.ofNullable(cas);
        }

        /** @return the mass fraction 0..1, if present */
        public Optional<BigDecimal> massFraction() {
            return Optional.ofNullable(massFraction);
        }

        /** @return the mass in {@link #massUnit()}, if present */
        public Optional<BigDecimal> mass() {
            return Optional.ofNullable(mass);
        }

        /** @return the UN/CEFACT unit of the mass (KGM, GRM, TNE), if present */
        public Optional<String> massUnit() {
            return Optional.ofNullable(massUnit);
        }

        /** @return the recycled share 0..1, if present */
        public Optional<BigDecimal> recycledShare() {
            return Optional.ofNullable(recycledShare);
        }

        /** @return the renewable share 0..1, if present */
        public Optional<BigDecimal> renewableShare() {
            return Optional.ofNullable(renewableShare);
        }

        /** @return the country of origin, if present */
        public Optional<String> origin() {
            return Optional.ofNullable(origin);
        }

        /** @return whether the material is declared hazardous */
        public boolean hazardous() {
            return hazardous;
        }
    }

    /** One life-cycle stage of a footprint, kgCO2e per declared unit. */
    public static final class Stage {
        private final String stage;
        private final BigDecimal value;

        Stage(NativeStage s) {
            this.stage = DppNative.dpp_stage_kind_name(s.getStage());
            this.value = dec(s.getValue());
        }

        /** @return the stage: {@code "raw-materials"}, {@code "production"}, ... {@code "end-of-life"} */
        public String stage() {
            return stage;
        }

        /** @return kgCO2e per declared unit for this stage */
        public BigDecimal value() {
            return value;
        }
    }

    /** The declared carbon footprint, kgCO2e per {@link #declaredUnit()}, with its stages. */
    public static final class Footprint {
        private final BigDecimal total;
        private final String declaredUnit;
        private final String boundary;
        private final String method;
        private final List<Stage> stages;
        private final LocalDate periodStart;
        private final LocalDate periodEnd;
        private final BigDecimal primaryShare;
        private final BigDecimal electricityEf;
        private final String electricityEfSource;
        private final String verification;

        Footprint(NativeFootprint f) {
            this.total = dec(f.getTotal());
            this.declaredUnit = Natives.str(f.getDeclared_unit());
            this.boundary = DppNative.dpp_boundary_name(f.getBoundary());
            this.method = DppNative.dpp_method_name(f.getMethod());
            List<Stage> st = new ArrayList<>();
            for (long i = 0; i < f.getN_stages(); i++) st.add(new Stage(f.stage_at(i)));
            this.stages = Collections.unmodifiableList(st);
            this.periodStart = day(f.getPeriod_start());
            this.periodEnd = day(f.getPeriod_end());
            this.primaryShare = f.getHas_primary_share() ? dec(f.getPrimary_share()) : null;
            this.electricityEf = f.getHas_electricity_ef() ? dec(f.getElectricity_ef()) : null;
            this.electricityEfSource = text(f.getElectricity_ef_source());
            this.verification = DppNative.dpp_verification_name(f.getVerification());
        }

        /** @return kgCO2e per declared unit */
        public BigDecimal total() {
            return total;
        }

        /** @return the UN/CEFACT unit, e.g. {@code "TNE"} */
        public String declaredUnit() {
            return declaredUnit;
        }

        /** @return the system boundary, e.g. {@code "cradle-to-gate"} */
        public String boundary() {
            return boundary;
        }

        /** @return the method, e.g. {@code "ISO 14067"} */
        public String method() {
            return method;
        }

        /** @return the life-cycle stages (unmodifiable, possibly empty) */
        public List<Stage> stages() {
            return stages;
        }

        /** @return the first day of the reference period */
        public LocalDate periodStart() {
            return periodStart;
        }

        /** @return the last day of the reference period */
        public LocalDate periodEnd() {
            return periodEnd;
        }

        /** @return the share of primary data 0..1, if present */
        public Optional<BigDecimal> primaryShare() {
            return Optional.ofNullable(primaryShare);
        }

        /** @return the electricity emission factor, kgCO2e/kWh, if present */
        public Optional<BigDecimal> electricityEf() {
            return Optional.ofNullable(electricityEf);
        }

        /** @return the source of the electricity emission factor, if present */
        public Optional<String> electricityEfSource() {
            return Optional.ofNullable(electricityEfSource);
        }

        /** @return as declared: {@code "self-declared"} or {@code "third-party-verified"} */
        public String verification() {
            return verification;
        }
    }

    /** A certificate held by the manufacturer or for the product. */
    public static final class Certification {
        private final String scheme;
        private final String certificateId;
        private final String issuer;
        private final LocalDate validFrom;
        private final LocalDate validUntil;
        private final String scope;

        Certification(NativeCertification c) {
            this.scheme = Natives.str(c.getScheme());
            this.certificateId = Natives.str(c.getCertificate_id());
            this.issuer = Natives.str(c.getIssuer());
            this.validFrom = c.getHas_valid_from() ? day(c.getValid_from()) : null;
            this.validUntil = c.getHas_valid_until() ? day(c.getValid_until()) : null;
            this.scope = text(c.getScope());
        }

        /** @return the scheme, e.g. {@code "ISO 14001"} */
        public String scheme() {
            return scheme;
        }

        /** @return the certificate number */
        public String certificateId() {
            return certificateId;
        }

        /** @return the issuing body */
        public String issuer() {
            return issuer;
        }

        /** @return the first day of validity, if present */
        public Optional<LocalDate> validFrom() {
            return Optional.ofNullable(validFrom);
        }

        /** @return the last day of validity, if present */
        public Optional<LocalDate> validUntil() {
            return Optional.ofNullable(validUntil);
        }

        /** @return the scope, if present */
        public Optional<String> scope() {
            return Optional.ofNullable(scope);
        }
    }

    /** The installation a CBAM good comes from (communication template). */
    public static final class CbamInstallation {
        private final String name, street, city, postcode, country, unlocode, activity;
        private final BigDecimal latitude, longitude;
        private final Identifier operatorId;

        CbamInstallation(NativeCbamInstallation i) {
            this.name = Natives.str(i.getName());
            this.street = text(i.getStreet());
            this.city = text(i.getCity());
            this.postcode = text(i.getPostcode());
            this.country = Natives.str(i.getCountry());
            this.unlocode = text(i.getUnlocode());
            this.latitude = i.getHas_coordinates() ? dec(i.getLatitude()) : null;
            this.longitude = i.getHas_coordinates() ? dec(i.getLongitude()) : null;
            this.activity = text(i.getActivity());
            this.operatorId = Identifier.of(i.getOperator_id());
        }

        /** @return the installation's English name */
        public String name() {
            return name;
        }

        /** @return street and number, if present */
        public Optional<String> street() {
            return Optional.ofNullable(street);
        }

        /** @return the city, if present */
        public Optional<String> city() {
            return Optional.ofNullable(city);
        }

        /** @return the post code, if present */
        public Optional<String> postcode() {
            return Optional.ofNullable(postcode);
        }

        /** @return the country, ISO 3166-1 alpha-2 */
        public String country() {
            return country;
        }

        /** @return the UN/LOCODE without the space (e.g. {@code "CNTGS"}), if present */
        public Optional<String> unlocode() {
            return Optional.ofNullable(unlocode);
        }

        /** @return the main emission source's latitude in decimal degrees, if present */
        public Optional<BigDecimal> latitude() {
            return Optional.ofNullable(latitude);
        }

        /** @return the main emission source's longitude in decimal degrees, if present */
        public Optional<BigDecimal> longitude() {
            return Optional.ofNullable(longitude);
        }

        /** @return the economic activity, if present */
        public Optional<String> activity() {
            return Optional.ofNullable(activity);
        }

        /** @return the operator's identifier, if present */
        public Optional<Identifier> operatorId() {
            return Optional.ofNullable(operatorId);
        }
    }

    /** Electricity consumed per tonne of good and its emission factor. */
    public static final class CbamElectricity {
        private final BigDecimal consumed;
        private final BigDecimal emissionFactor;
        private final String source;

        CbamElectricity(BigDecimal consumed, BigDecimal emissionFactor, String source) {
            this.consumed = consumed;
            this.emissionFactor = emissionFactor;
            this.source = source;
        }

        /** @return MWh consumed per tonne of good */
        public BigDecimal consumed() {
            return consumed;
        }

        /** @return the emission factor, tCO2e/MWh, if present */
        public Optional<BigDecimal> emissionFactor() {
            return Optional.ofNullable(emissionFactor);
        }

        /** @return the factor's source (e.g. {@code "Mix"}), if present */
        public Optional<String> source() {
            return Optional.ofNullable(source);
        }
    }

    /** A relevant precursor of a CBAM good with its specific embedded emissions. */
    public static final class CbamPrecursor {
        private final String cnCode;
        private final BigDecimal quantity, seeDirect, seeIndirect;

        CbamPrecursor(NativeCbamPrecursor p) {
            this.cnCode = Natives.str(p.getCn_code());
            this.quantity = p.getHas_quantity() ? dec(p.getQuantity()) : null;
            this.seeDirect = dec(p.getSee_direct());
            this.seeIndirect = p.getHas_see_indirect() ? dec(p.getSee_indirect()) : null;
        }

        /** @return the precursor's 8-digit CN code */
        public String cnCode() {
            return cnCode;
        }

        /** @return tonnes of precursor per tonne of good, if present */
        public Optional<BigDecimal> quantity() {
            return Optional.ofNullable(quantity);
        }

        /** @return direct specific embedded emissions, tCO2e per tonne of precursor */
        public BigDecimal seeDirect() {
            return seeDirect;
        }

        /** @return indirect specific embedded emissions, if present */
        public Optional<BigDecimal> seeIndirect() {
            return Optional.ofNullable(seeIndirect);
        }
    }

    /** The accredited verifier of the installation's data (names it; proves nothing by itself). */
    public static final class CbamVerifier {
        private final String name, country, accreditationState, accreditationBody, accreditationId;

        CbamVerifier(NativeCbamVerifier v) {
            this.name = Natives.str(v.getName());
            this.country = text(v.getCountry());
            this.accreditationState = text(v.getAccreditation_state());
            this.accreditationBody = text(v.getAccreditation_body());
            this.accreditationId = text(v.getAccreditation_id());
        }

        /** @return the verifier's company name */
        public String name() {
            return name;
        }

        /** @return the verifier's country, if present */
        public Optional<String> country() {
            return Optional.ofNullable(country);
        }

        /** @return the accreditation Member State, if present */
        public Optional<String> accreditationState() {
            return Optional.ofNullable(accreditationState);
        }

        /** @return the national accreditation body, if present */
        public Optional<String> accreditationBody() {
            return Optional.ofNullable(accreditationBody);
        }

        /** @return the registration number from that body, if present */
        public Optional<String> accreditationId() {
            return Optional.ofNullable(accreditationId);
        }
    }

    /** EU CBAM data: CN code, origin, specific embedded emissions and carbon price. */
    public static final class Cbam {
        private final String cnCode;
        private final String origin;
        private final String installationId;
        private final String route;
        private final BigDecimal seeDirect;
        private final BigDecimal seeIndirect;
        private final String method;
        private final BigDecimal carbonPrice;
        private final String carbonPriceCurrency;
        private final String carbonPriceInstrument;
        private final BigDecimal priceCovered, rebate, rebateCovered, effectivePrice;
        private final String rebateType;
        private final CbamInstallation installation;
        private final LocalDate periodStart, periodEnd;
        private final String process, goodsCategory, seeUnit;
        private final BigDecimal seeTotal, defaultShare;
        private final CbamElectricity electricity;
        private final List<CbamPrecursor> precursors;
        private final CbamVerifier verifier;

        Cbam(NativeCbam c) {
            this.cnCode = Natives.str(c.getCn_code());
            this.origin = Natives.str(c.getOrigin());
            this.installationId = text(c.getInstallation_id());
            this.route = text(c.getRoute());
            this.seeDirect = dec(c.getSee_direct());
            this.seeIndirect = c.getHas_see_indirect() ? dec(c.getSee_indirect()) : null;
            this.method = DppNative.dpp_cbam_method_name(c.getMethod());
            boolean price = c.getHas_carbon_price();
            this.carbonPrice = price ? dec(c.getCarbon_price()) : null;
            this.carbonPriceCurrency = price ? Natives.str(c.getCarbon_price_currency()) : null;
            this.carbonPriceInstrument = price ? DppNative.dpp_price_instrument_name(c.getCarbon_price_instrument()) : null;
            this.priceCovered = price && c.getHas_price_covered() ? dec(c.getPrice_covered()) : null;
            this.rebate = price && c.getHas_rebate() ? dec(c.getRebate()) : null;
            this.rebateType = price ? text(c.getRebate_type()) : null;
            this.rebateCovered = price && c.getHas_rebate_covered() ? dec(c.getRebate_covered()) : null;
            this.effectivePrice = price && c.getHas_effective_price() ? dec(c.getEffective_price()) : null;
            this.installation = c.getHas_installation() ? new CbamInstallation(c.getInstallation()) : null;
            this.periodStart = c.getHas_period() ? day(c.getPeriod_start()) : null;
            this.periodEnd = c.getHas_period() ? day(c.getPeriod_end()) : null;
            this.process = text(c.getProcess());
            this.goodsCategory = text(c.getGoods_category());
            this.seeTotal = c.getHas_see_total() ? dec(c.getSee_total()) : null;
            this.seeUnit = text(c.getSee_unit());
            this.defaultShare = c.getHas_default_share() ? dec(c.getDefault_share()) : null;
            this.electricity = c.getHas_electricity()
                ? new CbamElectricity(dec(c.getElectricity()), c.getHas_electricity_ef() ? dec(c.getElectricity_ef()) : null,
                                      text(c.getElectricity_ef_source()))
                : null;
            List<CbamPrecursor> ps = new ArrayList<>();
            for (long i = 0; i < c.getN_precursors(); i++) ps.add(new CbamPrecursor(c.precursor_at(i)));
            this.precursors = Collections.unmodifiableList(ps);
            this.verifier = c.getHas_verifier() ? new CbamVerifier(c.getVerifier()) : null;
        }

        /** @return embedded emissions covered by the carbon price, tCO2e/t, if present */
        public Optional<BigDecimal> priceCovered() {
            return Optional.ofNullable(priceCovered);
        }

        /** @return the rebate per tonne in the price's currency, if present */
        public Optional<BigDecimal> rebate() {
            return Optional.ofNullable(rebate);
        }

        /** @return the type of rebate (e.g. {@code "Free allocation"}), if present */
        public Optional<String> rebateType() {
            return Optional.ofNullable(rebateType);
        }

        /** @return embedded emissions covered by the rebate, tCO2e/t, if present */
        public Optional<BigDecimal> rebateCovered() {
            return Optional.ofNullable(rebateCovered);
        }

        /** @return the effective carbon price due per tonne, if present */
        public Optional<BigDecimal> effectivePrice() {
            return Optional.ofNullable(effectivePrice);
        }

        /** @return the installation, if present */
        public Optional<CbamInstallation> installation() {
            return Optional.ofNullable(installation);
        }

        /** @return the first day of the reporting period, if present */
        public Optional<LocalDate> periodStart() {
            return Optional.ofNullable(periodStart);
        }

        /** @return the last day of the reporting period, if present */
        public Optional<LocalDate> periodEnd() {
            return Optional.ofNullable(periodEnd);
        }

        /** @return the production process (e.g. {@code "Bubble approach"}), if present */
        public Optional<String> process() {
            return Optional.ofNullable(process);
        }

        /** @return the aggregated goods category, if present */
        public Optional<String> goodsCategory() {
            return Optional.ofNullable(goodsCategory);
        }

        /** @return total specific embedded emissions (direct + indirect), if present */
        public Optional<BigDecimal> seeTotal() {
            return Optional.ofNullable(seeTotal);
        }

        /** @return the SEE unit, {@code "tCO2e/t"} or {@code "tCO2e/MWh"}, if present (absent: tCO2e/t) */
        public Optional<String> seeUnit() {
            return Optional.ofNullable(seeUnit);
        }

        /** @return the share of the SEE determined with default values 0..1, if present */
        public Optional<BigDecimal> defaultShare() {
            return Optional.ofNullable(defaultShare);
        }

        /** @return the electricity consumed and its emission factor, if present */
        public Optional<CbamElectricity> electricity() {
            return Optional.ofNullable(electricity);
        }

        /** @return the relevant precursors (unmodifiable, possibly empty) */
        public List<CbamPrecursor> precursors() {
            return precursors;
        }

        /**
         * @param i index
         * @return precursor i
         * @throws IndexOutOfBoundsException outside 0..precursors().size()-1
         */
        public CbamPrecursor precursor(int i) {
            return precursors.get(i);
        }

        /** @return the accredited verifier, if present */
        public Optional<CbamVerifier> verifier() {
            return Optional.ofNullable(verifier);
        }

        /** @return the 8-digit CN code */
        public String cnCode() {
            return cnCode;
        }

        /** @return the country of origin */
        public String origin() {
            return origin;
        }

        /** @return the installation identifier, if present */
        public Optional<String> installationId() {
            return Optional.ofNullable(installationId);
        }

        /** @return the production route, e.g. {@code "EAF"}, if present */
        public Optional<String> route() {
            return Optional.ofNullable(route);
        }

        /** @return direct specific embedded emissions, tCO2e per tonne */
        public BigDecimal seeDirect() {
            return seeDirect;
        }

        /** @return indirect specific embedded emissions, if present */
        public Optional<BigDecimal> seeIndirect() {
            return Optional.ofNullable(seeIndirect);
        }

        /** @return {@code "actual"}, {@code "default"} or {@code "mixed"} */
        public String method() {
            return method;
        }

        /** @return the carbon price paid per tonne of good, if present */
        public Optional<BigDecimal> carbonPrice() {
            return Optional.ofNullable(carbonPrice);
        }

        /** @return the ISO 4217 currency of the carbon price, if present */
        public Optional<String> carbonPriceCurrency() {
            return Optional.ofNullable(carbonPriceCurrency);
        }

        /** @return the pricing instrument ({@code "ets"}, {@code "carbon-tax"}, ...), if present */
        public Optional<String> carbonPriceInstrument() {
            return Optional.ofNullable(carbonPriceInstrument);
        }
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
