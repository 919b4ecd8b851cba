/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: the key facts of a passport (people) and its JSON with provenance. */
#ifndef DPP_CLI_FACTS_H
#define DPP_CLI_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <dpp/dpp.h>

/** The passport as a JSON value (via dpp_passport_to_json), or NULL. */
json_t *cli_passport_json(const dpp_passport *p);

/** Prints the key facts of a passport, one "label value" per line, each
 *  line starting with prefix: read from the typed passport (no JSON). */
void cli_print_facts(FILE *f, const char *prefix, const dpp_passport *p, const dpp_claims *c);
/** The same for a verified passport: the footprint, CBAM block and each
 *  certification say who vouches for them (cli_claim_provenance()); the
 *  footprint's "verification" value is shown as what the passport says. */
void cli_print_facts_ex(FILE *f, const char *prefix, const dpp_passport *p, const dpp_claims *c, const dpp_verified *v);

/** Adds those two members to the footprint, the CBAM block and each
 *  certification of pj (cli_passport_json() of v->passport). */
void cli_passport_json_provenance(json_t *pj, const dpp_verified *v);

#endif
