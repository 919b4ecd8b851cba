/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: a passport from a picture (libdpp_scan, dpp_scan.h),
 * with the tool's exit codes and messages. */
#ifndef DPP_CLI_IMAGE_H
#define DPP_CLI_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/** What cli_image_scan() found. */
typedef struct cli_image_result {
    char *text;     /**< the passport's text (malloc'd, NUL-terminated, trimmed), or NULL */
    size_t len;
    size_t codes;   /**< distinct QR codes found */
    char how[48];   /**< how the passport was read ("ZXing, reduced scale", "zbar", ...) */
    char note[640]; /**< when several codes were found: which was used ("" otherwise) */
    char msg[640];  /**< why there is no passport (on failure) */
    unsigned width, height; /**< size of the first (reduced-scale) picture scanned */
    int orientation;        /**< EXIF orientation applied (JPEG; 1: none) */
} cli_image_result;

/** dpp_scan_image() with the tool's exit codes: CLI_EX_OK with res->text;
 *  else res->msg says why and the return is CLI_EX_NOINPUT (unreadable,
 *  truncated, corrupt or too large image; no QR code; two different
 *  passports), CLI_EX_MALFORMED (QR codes that hold no passport: res->msg
 *  says what one holds) or CLI_EX_SOFTWARE (out of memory; no image support
 *  in this build). Free with cli_image_result_free(). Thread-safe. */
int cli_image_scan(const uint8_t *data, size_t len, cli_image_result *res);
void cli_image_result_free(cli_image_result *res);

/** cli_image_scan() of the file at path: the passport's text goes to *text
 *  (malloc'd, NUL-terminated). Prints "dpp: FILE: problem" on failure, and
 *  "dpp: FILE: note" when several QR codes were found (which one was used);
 *  returns the exit code of cli_image_scan(). */
int cli_image_qr(const char *path, char **text, size_t *len);

#endif
