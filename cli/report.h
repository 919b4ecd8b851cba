/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: signers, claims, revocations and statuses as JSON and text. */
#ifndef DPP_CLI_REPORT_H
#define DPP_CLI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <dpp/dpp.h>
#include <dpp/dpp_revocation.h>

/** The signer (or attester) as a JSON object. */
json_t *cli_signer_json(const dpp_signer_info *s);
/** Names of the claims in a DPP_CLAIM_BIT() mask, as a JSON array. */
json_t *cli_claims_mask_json(uint32_t mask);
/** The same, comma-separated, into out. */
void cli_claims_mask_text(uint32_t mask, char *out, size_t cap);

/** CWT claims and signing details as a JSON object. */
json_t *cli_claims_json(const dpp_claims *c);
/** Canonical lowercase UUID text of a passport id (37 bytes). */
void cli_uuid_text(const uint8_t id[16], char out[37]);

/** "NAME (CC)" of a signer or attester, else "<source> key <kid hex>". */
void cli_party_text(const dpp_signer_info *si, char *out, size_t cap);
/** "attested by NAME (CC)" when a verified attestation of v covers claim (a
 *  DPP_CLAIM_* value), else "self-declared by the manufacturer, no
 *  attestation"; v NULL (not verified): "declared by the manufacturer, not
 *  verified". */
void cli_claim_provenance(const dpp_verified *v, unsigned claim, char *out, size_t cap);
/** Sets "self_declared" (bool) and "attested_by" ([signer JSON]) in o. */
void cli_claim_provenance_json(json_t *o, const dpp_verified *v, unsigned claim);

/** Writes a JSON value to f, 2-space indented (compact when indent is
 *  false), followed by a newline. */
int cli_json_print(FILE *f, const json_t *v, bool indent);

/** "text" or "link" (JSON and messages). */
const char *cli_form_name(dpp_form form);
/** The human-readable form of a GS1 Digital Link (GS1 DL: text under the
 *  symbol): the part before '#', without "https://", host in lower case
 *  ("id.example.com/01/09506000134352/10/AB12"); the path is kept as is.
 *  out gets at most cap - 1 bytes and a NUL. */
void cli_link_hri(const char *link, size_t len, char *out, size_t cap);

/** Status name for humans: "PASS", "FAIL", "SKIPPED", "NOT RUN". */
const char *cli_status_human(dpp_check_status s);
/** Status name for JSON: "pass", "fail", "skipped", "not_run". */
const char *cli_status_json(dpp_check_status s);

/** A revocation as a JSON object: {"kind", ["kid" | "passport_id" |
 *  "gtin", "batch",] "reason", "date"}; the subject members only when
 *  subject is true (a list entry; a verify report names only the kind). */
json_t *cli_revocation_json(const dpp_revocation *r, bool subject);

#endif
