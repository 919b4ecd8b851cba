/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: attestation files, as `dpp attest show` and the encoder read
 * them (dpp_attestation_peek, dpp_attestation_match against the bundled
 * example passport, examples/passport.json, embedded below).
 *
 * Properties:
 *  - on failure the ref is all zero bytes and diag carries the same error;
 *  - on success the claims mask is non-zero and names only defined claims,
 *    the binding is one of the four, the alg one of the four;
 *  - peeking is a pure function: a second peek gives the same result;
 *  - an attestation that fits the passport (match succeeds) also peeks;
 *  - inputs longer than DPP_MAX_ATTESTATION_LEN are refused by both.
 */
#include "fuzz_common.h"

#include "dpp/dpp.h"
#include "dpp/dpp_attest.h"

static dpp_passport g_passport;

/* examples/passport.json */
static const char k_passport[] =
    "{\"id\":\"3f6c2a9e-8b1d-4c57-9e2a-71d04b5f8c13\",\"gtin\":\"06948251000018\",\"batch\":\"H25-03147\",\"name\":\"HR "
    "coil\",\"manufacturer\":{\"name\":\"Jinding Steel\",\"country\":\"CN\"},\"materials\":[{\"name\":\"Fe\",\"cas\":\"7439-8"
    "9-6\",\"mass_fraction\":\"0.82\"},{\"name\":\"Scrap\",\"mass_fraction\":\"0.16\",\"recycled_share\":\"1\"},{\"name\":\"M"
    "n\",\"cas\":\"7439-96-5\",\"mass_fraction\":\"0.012\"},{\"name\":\"Si\",\"cas\":\"7440-21-3\",\"mass_fraction\":\"0.004\""
    "},{\"name\":\"C\",\"cas\":\"7440-44-0\",\"mass_fraction\":\"0.002\"},{\"name\":\"Al\",\"cas\":\"7429-90-5\",\"mass_fracti"
    "on\":\"0.0005\"}],\"footprint\":{\"total\":\"2390\",\"declared_unit\":\"TNE\",\"boundary\":\"cradle-to-grave\",\"metho"
    "d\":\"ISO 14067\",\"stages\":[{\"stage\":\"raw-materials\",\"value\":\"240\"},{\"stage\":\"production\",\"value\":\"2050"
    "\"},{\"stage\":\"distribution\",\"value\":\"85\"},{\"stage\":\"end-of-life\",\"value\":\"15\"}],\"period_start\":\"2024-"
    "01-01\",\"period_end\":\"2024-12-31\",\"primary_share\":\"0.8\",\"verification\":\"third-party-verified\"},\"certi"
    "fications\":[{\"scheme\":\"ISO 14001\",\"certificate_id\":\"E-24117\",\"issuer\":\"SGS\"},{\"scheme\":\"ResponsibleS"
    "teel\",\"certificate_id\":\"RS-0042\",\"issuer\":\"DNV\"}],\"cbam\":{\"cn_code\":\"72083900\",\"origin\":\"CN\",\"see_di"
    "rect\":\"1.92\",\"method\":\"actual\",\"carbon_price\":{\"amount\":\"14.85\",\"currency\":\"CNY\",\"instrument\":\"ets\"}"
    "}}";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    dpp_diag d;
    (void)argc;
    (void)argv;
    if (dpp_passport_from_json(k_passport, strlen(k_passport), &g_passport, &d) != DPP_OK) {
        fprintf(stderr, "fuzz_attest: embedded passport: %s\n", d.msg);
        abort();
    }
    return 0;
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != 0) return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dpp_attestation_ref a, b;
    dpp_diag da, db, dm;
    dpp_err ea, eb, em;

    memset(&a, 0xa5, sizeof a);
    ea = dpp_attestation_peek(data, size, &a, &da);
    eb = dpp_attestation_peek(data, size, &b, &db);
    FUZZ_ASSERT(ea == eb);
    FUZZ_ASSERT(da.err == ea);
    if (ea != DPP_OK) {
        FUZZ_ASSERT(all_zero(&a, sizeof a));
        FUZZ_ASSERT(da.msg[0] != '\0');
    } else {
        FUZZ_ASSERT(memcmp(&a, &b, sizeof a) == 0);
        FUZZ_ASSERT(a.claims != 0 && (a.claims & ~DPP_CLAIM_ALL_MASK) == 0);
        FUZZ_ASSERT(a.binding == DPP_BINDING_PASSPORT || a.binding == DPP_BINDING_BATCH ||
                    a.binding == DPP_BINDING_ITEM || a.binding == DPP_BINDING_PRODUCT);
        FUZZ_ASSERT(a.alg == DPP_ALG_ES256 || a.alg == DPP_ALG_ES384 || a.alg == DPP_ALG_EDDSA ||
                    a.alg == DPP_ALG_PS256);
    }
    if (size > DPP_MAX_ATTESTATION_LEN) FUZZ_ASSERT(ea != DPP_OK);
    em = dpp_attestation_match(data, size, &g_passport, &dm);
    FUZZ_ASSERT(dm.err == em);
    if (em == DPP_OK) FUZZ_ASSERT(ea == DPP_OK);
    return 0;
}
