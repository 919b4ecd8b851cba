/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: key, certificate and PEM bundle files. */
#ifndef DPP_CLI_KEYS_H
#define DPP_CLI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <dpp/dpp.h>

/** Loads a key file (PEM/DER key or certificate). need_private: signing.
 *  Prints "dpp: FILE: problem"; returns an exit code. */
int cli_load_key(const char *path, bool need_private, dpp_key **out);

/** Loads a key that must be public (a pinned operator key): a private key
 *  is refused, "dpp: signer.pem: a private key was given where a public key
 *  belongs; use signer.pub.pem" (exit 65). Returns an exit code. */
int cli_load_public_key(const char *path, dpp_key **out);

/** Adds every key or certificate of a PEM bundle (or one DER object) to
 *  trust. Prints "dpp: FILE[:LINE]: problem"; returns an exit code. */
int cli_trust_add_file(dpp_trust *trust, const char *path);

#endif
