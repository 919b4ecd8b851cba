/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: reading a QR code from a PNG or JPEG picture (zbar). */
#ifndef DPP_CLI_IMAGE_H
#define DPP_CLI_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/** Decodes the PNG or JPEG file at path (in-process: libpng, libjpeg) and
 *  scans it for QR codes with zbar. The text of the first symbol starting
 *  with "DPP" (else the first symbol) goes to *text (malloc'd, NUL-
 *  terminated). Prints "dpp: FILE: problem" and returns CLI_EX_NOINPUT for
 *  an unreadable file or image, or an image without a QR code. */
int cli_image_qr(const char *path, char **text, size_t *len);

/** Decodes PNG or JPEG bytes to 8-bit grayscale (malloc'd, w*h bytes).
 *  0 on success; on failure msg (cap bytes) says why. */
int cli_image_gray(const uint8_t *data, size_t len, uint8_t **gray, unsigned *w, unsigned *h, char *msg,
                   size_t cap);

#endif
