/* SPDX-License-Identifier: Apache-2.0 */
/* dpp verify: passport text (argument, file, stdin or photo) against trusted
 * keys; a report of every check; --batch for one scan per line;
 * --batch-images for a directory or list of photos. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "batch.h"
#include "cmds.h"
#include "help.h"
#include "common.h"
#include "image.h"
#include "util.h"
#include "verify_batch.h"



enum {
    O_HELP = 1, O_TRUST, O_AT, O_IN, O_IMAGE, O_JSON, O_QUIET, O_BATCH, O_OUT, O_JOBS, O_RESUME, O_OPERATOR, O_CA,
    O_CERT, O_CHAIN, O_REVOCATIONS, O_TRUST_LIST, O_STATUS, O_MIN_SEQ, O_GRACE, O_DOCUMENT, O_FORCE, O_STATE, O_NO_STATE,
    O_BATCH_IMAGES, O_CRL, O_SCHEME_REVOCATIONS
};
static const cli_opt k_opts[] = {
    {"operator", 0, true, O_OPERATOR}, {"pin", 0, true, O_OPERATOR}, {"ca", 0, true, O_CA}, {"cert", 0, true, O_CERT},
    {"chain", 0, true, O_CHAIN}, {"revocations", 0, true, O_REVOCATIONS}, {"trust-list", 0, true, O_TRUST_LIST}, {"status", 0, true, O_STATUS}, {"min-sequence", 0, true, O_MIN_SEQ},
    {"grace", 0, true, O_GRACE}, {"document", 0, true, O_DOCUMENT}, {"state", 0, true, O_STATE},
    {"no-state", 0, false, O_NO_STATE}, {"crl", 0, true, O_CRL}, {"scheme-revocations", 0, true, O_SCHEME_REVOCATIONS},
    {"help", 'h', false, O_HELP}, {"trust", 't', true, O_TRUST}, {"at", 0, true, O_AT},
    {"in", 'i', true, O_IN},      {"image", 0, true, O_IMAGE},   {"json", 0, false, O_JSON},
    {"quiet", 'q', false, O_QUIET}, {"batch", 0, true, O_BATCH}, {"out", 'o', true, O_OUT},
    {"batch-images", 0, true, O_BATCH_IMAGES}, {"jobs", 'j', true, O_JOBS},  {"resume", 0, false, O_RESUME}, {"force", 0, false, O_FORCE},
    {NULL, 0, false, 0},
};

static const char *str_or_null(const char *s) { return (s != NULL && s[0] != '\0') ? s : NULL; }

static void set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, cli_json_text(v));
}

static void signer_text(const dpp_signer_info *si, char *out, size_t cap)
{
    char kid[2 * DPP_KID_LEN + 1];
    cli_hex(si->kid, DPP_KID_LEN, kid);
    if (si->source == DPP_SOURCE_PINNED || si->party.name[0] == '\0')
        (void)snprintf(out, cap, "%s key, kid %s", dpp_key_source_name(si->source), kid);
    else
        (void)snprintf(out, cap, "%s (%s), %s from %s%s%s, kid %s", si->party.name, si->party.country,
                       dpp_role_name(si->role), dpp_key_source_name(si->source), si->scheme[0] ? " of scheme " : "",
                       si->scheme, kid);
}

/* Signer, attestations and self-declared claims of a verified passport. */
static void print_trust_facts(const dpp_verified *v)
{
    char buf[512], claims[256];
    signer_text(&v->signer, buf, sizeof buf);
    printf("  %-14s %s\n", "Signer", cli_safe(buf));
    for (size_t i = 0; i < v->claims.n_attestations && i < DPP_MAX_ATTESTATIONS; i++) {
        char who[300];
        cli_claims_mask_text(v->claims.attestations[i].claims, claims, sizeof claims);
        signer_text(&v->attesters[i], who, sizeof who);
        printf("  %-14s %s (per %s) by %s\n", i == 0 ? "Attested" : "", claims,
               dpp_binding_name(v->claims.attestations[i].binding), cli_safe(who));
    }
    /* Always: without attestations every claim is the manufacturer's word. */
    cli_claims_mask_text(v->claims_present & ~v->claims_attested, claims, sizeof claims);
    printf("  %-14s %s\n", "Self-declared", claims[0] != '\0' ? claims : "(none)");
}

/* doc_state: 0 no --document, 1 it matches, 2 it does not (rep->err, rep->diag say why). */
static void print_human(const char *source, size_t text_len, dpp_form form, const dpp_report *rep,
                        const dpp_verified *v, int64_t at, int doc_state)
{
    char t[40];
    cli_format_time(at, t, sizeof t);
    printf("Passport %s from %s (%zu characters), checked at %s\n",
           form == DPP_FORM_LINK ? "link (GS1 Digital Link, hybrid form)" : "text", cli_safe(source), text_len, t);
    for (int c = 0; c < DPP_CHECK_COUNT; c++) {
        dpp_check_status s = rep->status[c];
        if (s == DPP_CHECK_FAIL)
            printf("  %-13s %-8s %s\n", dpp_check_name((dpp_check)c), cli_status_human(s), cli_safe(rep->diag.msg));
        else
            printf("  %-13s %s\n", dpp_check_name((dpp_check)c), cli_status_human(s));
    }
    if (doc_state == 1) printf("  %-13s PASS\n", "document");
    if (doc_state == 2) printf("  %-13s FAIL     %s\n", "document", cli_safe(rep->diag.msg));
    if (doc_state == 2) {
        printf("\nNOT VERIFIED: document check failed: %s (%s)\n", cli_safe(rep->diag.msg), dpp_err_name(rep->err));
        return;
    }
    if (rep->err == DPP_OK) {
        printf("\n");
        cli_print_facts_ex(stdout, "  ", &v->passport, &v->claims, v);
        print_trust_facts(v);
        printf("VERIFIED\n");
    } else {
        if (rep->revoked) {
            char date[16] = "?";
            (void)dpp_date_format(rep->revocation.date, date, sizeof date);
            printf("\n  %-14s %s revoked: %s, effective %s\n", "Revoked",
                   dpp_revocation_kind_name(rep->revocation.kind) ? dpp_revocation_kind_name(rep->revocation.kind) : "?",
                   dpp_revocation_reason_name(rep->revocation.reason) ? dpp_revocation_reason_name(rep->revocation.reason)
                                                                      : "?",
                   date);
        }
        printf("\n  (contents not shown: the passport did not verify; 'dpp inspect' shows them UNVERIFIED)\n");
        printf("NOT VERIFIED: %s check failed: %s (%s)\n", dpp_check_name(rep->failed),
               cli_safe(rep->diag.msg[0] ? rep->diag.msg : dpp_err_str(rep->err)), dpp_err_name(rep->err));
    }
}

static void print_json(const char *source, dpp_form form, const dpp_report *rep, const dpp_verified *v, int64_t at,
                       dpp_err err, int doc_state)
{
    json_t *o = json_object(), *checks = json_object();
    char t[40];
    json_object_set_new(o, "verified", json_boolean(err == DPP_OK));
    set_str(o, "error", err == DPP_OK ? NULL : dpp_err_name(err));
    set_str(o, "message", err == DPP_OK ? NULL : (rep->diag.msg[0] ? rep->diag.msg : dpp_err_str(err)));
    set_str(o, "failed_check", err == DPP_OK ? NULL : doc_state == 2 ? "document" : dpp_check_name(rep->failed));
    json_object_set_new(o, "exit_code", json_integer(cli_exit_for(err)));
    set_str(o, "source", source);
    set_str(o, "form", cli_form_name(form));
    /* the signed resolver: known only once the passport verified */
    set_str(o, "resolver", err == DPP_OK ? str_or_null(v->claims.resolver) : NULL);
    json_object_set_new(o, "at", json_integer((json_int_t)at));
    cli_format_time(at, t, sizeof t);
    set_str(o, "at_utc", t);
    for (int c = 0; c < DPP_CHECK_COUNT; c++)
        json_object_set_new(checks, dpp_check_name((dpp_check)c), json_string(cli_status_json(rep->status[c])));
    if (doc_state != 0) json_object_set_new(checks, "document", json_string(doc_state == 1 ? "pass" : "fail"));
    json_object_set_new(o, "checks", checks);
    if (err == DPP_OK) {
        json_t *pj = cli_passport_json(&v->passport), *atts = json_array();
        if (pj != NULL) cli_passport_json_provenance(pj, v); /* self_declared / attested_by per claim */
        json_object_set_new(o, "claims", cli_claims_json(&v->claims));
        json_object_set_new(o, "passport", pj != NULL ? pj : json_null());
        json_object_set_new(o, "signer", cli_signer_json(&v->signer));
        for (size_t i = 0; i < v->claims.n_attestations && i < DPP_MAX_ATTESTATIONS; i++) {
            const dpp_attestation_ref *ar = &v->claims.attestations[i];
            json_t *a = json_object();
            char kid[2 * DPP_KID_LEN + 1];
            cli_hex(ar->kid, DPP_KID_LEN, kid);
            json_object_set_new(a, "kid", json_string(kid));
            json_object_set_new(a, "alg", dpp_alg_name(ar->alg) ? json_string(dpp_alg_name(ar->alg)) : json_null());
            json_object_set_new(a, "binding",
                                dpp_binding_name(ar->binding) ? json_string(dpp_binding_name(ar->binding)) : json_null());
            json_object_set_new(a, "claims", cli_claims_mask_json(ar->claims));
            if (ar->has_signed_at) json_object_set_new(a, "signed_at", json_integer((json_int_t)ar->signed_at));
            json_object_set_new(a, "attester", cli_signer_json(&v->attesters[i]));
            json_array_append_new(atts, a);
        }
        json_object_set_new(o, "attestations", atts);
        json_object_set_new(o, "claims_attested", cli_claims_mask_json(v->claims_attested));
        json_object_set_new(o, "claims_self_declared", cli_claims_mask_json(v->claims_present & ~v->claims_attested));
    } else {
        json_object_set_new(o, "claims", json_null());
        json_object_set_new(o, "passport", json_null());
        json_object_set_new(o, "signer", json_null());
        json_object_set_new(o, "revocation", rep->revoked ? cli_revocation_json(&rep->revocation, false) : json_null());
        if (rep->revoked && rep->revoked_by[0] != '\0')
            json_object_set_new(o, "revoked_by_scheme", cli_json_text(rep->revoked_by));
        json_object_set_new(o, "failed_attestation",
                            rep->failed_attestation >= 0 ? json_integer(rep->failed_attestation) : json_null());
    }
    (void)cli_json_print(stdout, o, true);
    json_decref(o);
}

int cmd_verify(int argc, char **argv)
{
    cli_args a;
    const char *arg, *batch = NULL, *images = NULL, *out = NULL, *at_s = NULL, *source = NULL, *doc_path = NULL;
    size_t text_len = 0;
    cli_trust_args ta;
    cli_source src;
    bool json = false, quiet = false, resume = false, force = false;
    unsigned long jobs = 0;
    int64_t at = (int64_t)time(NULL);
    dpp_trust *trust = NULL;
    dpp_verified *v = NULL;
    dpp_report rep;
    dpp_err err;
    char *text = NULL;
    int id, rc = CLI_EX_OK, doc_state = 0;

    memset(&src, 0, sizeof src);
    memset(&ta, 0, sizeof ta);
    ta.grace = DPP_LIST_DEFAULT_GRACE_SECONDS;
    cli_args_init(&a, "verify", argc, argv);
    while ((id = cli_args_next(&a, k_opts, &arg)) != -1) {
        switch (id) {
        case O_HELP:
            cli_help(stdout, "verify");
            return CLI_EX_OK;
        case O_TRUST: rc = cli_trust_opt(&ta, "verify", "trust", arg); if (rc) return rc; break;
        case O_OPERATOR: rc = cli_trust_opt(&ta, "verify", "operator", arg); if (rc) return rc; break;
        case O_CA: rc = cli_trust_opt(&ta, "verify", "ca", arg); if (rc) return rc; break;
        case O_CERT: rc = cli_trust_opt(&ta, "verify", "cert", arg); if (rc) return rc; break;
        case O_CHAIN: rc = cli_trust_opt(&ta, "verify", "chain", arg); if (rc) return rc; break;
        case O_CRL: rc = cli_trust_opt(&ta, "verify", "crl", arg); if (rc) return rc; break;
        case O_SCHEME_REVOCATIONS:
            rc = cli_trust_opt(&ta, "verify", "scheme-revocations", arg);
            if (rc) return rc;
            break;
        case O_REVOCATIONS: rc = cli_trust_opt(&ta, "verify", "revocations", arg); if (rc) return rc; break;
        case O_TRUST_LIST: rc = cli_trust_opt(&ta, "verify", "trust-list", arg); if (rc) return rc; break;
        case O_STATUS: rc = cli_trust_opt(&ta, "verify", "status", arg); if (rc) return rc; break;
        case O_MIN_SEQ: rc = cli_trust_opt(&ta, "verify", "min-sequence", arg); if (rc) return rc; break;
        case O_GRACE: rc = cli_trust_opt(&ta, "verify", "grace", arg); if (rc) return rc; break;
        case O_STATE: rc = cli_trust_opt(&ta, "verify", "state", arg); if (rc) return rc; break;
        case O_NO_STATE: rc = cli_trust_opt(&ta, "verify", "no-state", ""); if (rc) return rc; break;
        case O_DOCUMENT: doc_path = arg; break;
        case O_AT: at_s = arg; break;
        case O_IN: src.in_file = arg; break;
        case O_IMAGE: src.image = arg; break;
        case O_JSON: json = true; break;
        case O_QUIET: quiet = true; break;
        case O_BATCH: batch = arg; break;
        case O_BATCH_IMAGES: images = arg; break;
        case O_OUT: out = arg; break;
        case O_JOBS:
            if (cli_parse_uint(arg, 1, 256, &jobs) != 0)
                return cli_usage_err("verify", "--jobs: '%s' is not in 1..256", arg);
            break;
        case O_RESUME: resume = true; break;
        case O_FORCE: force = true; break;
        case 0:
            if (src.text_arg != NULL) return cli_usage_err("verify", "unexpected argument '%s' (one TEXT only)", arg);
            src.text_arg = arg;
            break;
        default: return -id;
        }
    }
    if (at_s != NULL && cli_parse_time(at_s, at, &at) != 0)
        return cli_usage_err("verify", "--at: '%s' is not an ISO 8601 time", at_s);
    if (ta.n_trust + ta.n_certs + ta.n_trust_lists == 0)
        return cli_usage_err("verify", "--trust FILE is required (a public key, certificate or signed trust list)");
    if (batch != NULL && images != NULL)
        return cli_usage_err("verify", "--batch and --batch-images cannot be combined (one run each)");
    if (batch != NULL || images != NULL) {
        const char *opt = batch != NULL ? "--batch" : "--batch-images";
        if (src.text_arg != NULL || src.in_file != NULL || src.image != NULL)
            return cli_usage_err("verify", "%s cannot be combined with TEXT, --in or --image", opt);
        if (json) return cli_usage_err("verify", "%s always writes JSON Lines; drop --json", opt);
        if (doc_path != NULL) return cli_usage_err("verify", "--document is for one passport, not %s", opt);
    } else {
        if (out != NULL || resume || jobs != 0 || force)
            return cli_usage_err("verify", "--out, --resume, --jobs and --force need --batch or --batch-images");
    }

    rc = cli_trust_build(&ta, "verify", at, &trust);
    if (rc != CLI_EX_OK) goto done;

    if (batch != NULL || images != NULL) {
        /* one configuration for both batches: scans (one text a line) or photos */
        verify_ctx ctx = {trust, at, 0};
        batch_cfg bc;
        batch_stats st;
        char **items = NULL;
        unsigned long n_items = 0;
        if (images != NULL) {
            rc = verify_image_items(images, &items, &n_items, &ctx.strip);
            if (rc != CLI_EX_OK) goto done;
        }
        memset(&bc, 0, sizeof bc);
        bc.cmd = "verify";
        bc.in_path = batch != NULL ? batch : images;
        bc.out_path = out != NULL ? out : "-";
        bc.resume = resume;
        bc.force = force;
        bc.jobs = jobs != 0 ? (unsigned)jobs : cli_ncpus();
        bc.quiet = quiet;
        bc.max_line = CLI_MAX_TEXT_FILE;
        bc.items = items;
        bc.n_items = n_items;
        rc = batch_run(&bc, batch != NULL ? verify_batch_record : verify_image_record, &ctx, &st);
        verify_free_items(items, n_items);
        goto done;
    }

    rc = cli_source_read("verify", &src, &text, &text_len, &source);
    if (rc != CLI_EX_OK) goto done;
    v = cli_xmalloc(sizeof *v);
    err = dpp_verify(text, text_len, trust, at, v, &rep);
    if (err == DPP_OK && doc_path != NULL) {
        /* The full document must match the digest the verified label signs. */
        uint8_t *doc = NULL;
        size_t doc_len = 0;
        dpp_diag dd;
        rc = cli_read_file(doc_path, CLI_MAX_IMAGE_FILE, &doc, &doc_len);
        if (rc != CLI_EX_OK) goto done;
        err = dpp_verify_full_document(v, doc, doc_len, &dd);
        free(doc);
        doc_state = err == DPP_OK ? 1 : 2;
        if (err != DPP_OK) {
            rep.err = err;
            rep.diag = dd;
        }
    }
    rc = cli_exit_for(err);
    if (quiet) goto done;
    if (json) print_json(source, dpp_form_of(text, text_len), &rep, v, at, err, doc_state);
    else print_human(source, text_len, dpp_form_of(text, text_len), &rep, v, at, doc_state);
    if (err != DPP_OK && !json)
        cli_err_at(source, 0, "%s: %s", doc_state == 2 ? "document" : dpp_check_name(rep.failed),
                   rep.diag.msg[0] ? rep.diag.msg : dpp_err_str(err));
done:
    free(text);
    free(v);
    dpp_trust_free(trust);
    return rc;
}
