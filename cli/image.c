/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dpp command-line tool: pictures of labels are read by libdpp_scan
 * (dpp_scan_image(): decoders, ZXing-C++, zbar); this file maps its error
 * codes to the tool's exit codes and prints its messages.
 */
#include "image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "util.h"

#ifdef DPP_CLI_HAVE_IMAGE
#include "dpp/dpp_scan.h"

/* Exit code for a dpp_scan_image() error. */
static int scan_exit(dpp_err err)
{
    switch (err) {
    case DPP_OK: return CLI_EX_OK;
    case DPP_ERR_IMAGE_NOT_PASSPORT: return CLI_EX_MALFORMED; /* a code that holds something else */
    case DPP_ERR_IMAGE_FORMAT:
    case DPP_ERR_IMAGE_TOO_LARGE:
    case DPP_ERR_IMAGE_CORRUPT:
    case DPP_ERR_IMAGE_NO_CODE:
    case DPP_ERR_IMAGE_AMBIGUOUS: return CLI_EX_NOINPUT;
    default: return CLI_EX_SOFTWARE;
    }
}

int cli_image_scan(const uint8_t *data, size_t len, cli_image_result *res)
{
    dpp_scan_result r;
    dpp_diag d;
    dpp_err err = dpp_scan_image(data, len, &r, &d);

    memset(res, 0, sizeof *res);
    res->text = r.text;
    res->len = r.len;
    res->codes = r.codes;
    res->width = r.width;
    res->height = r.height;
    res->orientation = r.orientation;
    (void)snprintf(res->how, sizeof res->how, "%s", r.how);
    if (err == DPP_OK)
        (void)snprintf(res->note, sizeof res->note, "%s", r.note);
    else /* the note holds the message in full, the diag a copy cut to its size */
        (void)snprintf(res->msg, sizeof res->msg, "%s", r.note[0] != '\0' ? r.note : d.msg);
    return scan_exit(err);
}

#else /* !DPP_CLI_HAVE_IMAGE */

#define NO_IMAGE "this dpp was built without image support (libpng, libjpeg and ZXing-C++ or zbar)"

int cli_image_scan(const uint8_t *data, size_t len, cli_image_result *res)
{
    (void)data;
    (void)len;
    memset(res, 0, sizeof *res);
    (void)snprintf(res->msg, sizeof res->msg, NO_IMAGE);
    return CLI_EX_SOFTWARE;
}

#endif

void cli_image_result_free(cli_image_result *res)
{
    free(res->text);
    res->text = NULL;
    res->len = 0;
}

int cli_image_qr(const char *path, char **text, size_t *len)
{
    uint8_t *data = NULL;
    size_t n = 0;
    cli_image_result res;
    int rc;

    *text = NULL;
    *len = 0;
#ifndef DPP_CLI_HAVE_IMAGE
    (void)data;
    (void)n;
    (void)res;
    (void)rc;
    cli_err_at(path, 0, NO_IMAGE);
    return CLI_EX_SOFTWARE;
#else
    rc = cli_read_file(path, CLI_MAX_IMAGE_FILE, &data, &n);
    if (rc != CLI_EX_OK) return rc;
    rc = cli_image_scan(data, n, &res);
    free(data);
    if (rc != CLI_EX_OK) {
        cli_err_at(path, 0, "%s", res.msg);
        return rc;
    }
    if (res.note[0] != '\0') cli_err_at(path, 0, "%s", res.note);
    /* for benchmarks: which pass read the passport */
    if (getenv("DPP_SCAN_TRACE") != NULL) {
        cli_err_at(path, 0, "read with %s", res.how);
        cli_err_at(path, 0, "first pass on a %ux%u picture, EXIF orientation %d", res.width, res.height,
                   res.orientation);
    }
    *text = res.text;
    *len = res.len;
    return CLI_EX_OK;
#endif
}
