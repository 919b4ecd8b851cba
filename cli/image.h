/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: reading a QR code from a PNG or JPEG picture (zbar). */
#ifndef DPP_CLI_IMAGE_H
#define DPP_CLI_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* Limits on pictures (checked on the dimensions the file declares, before
 * any pixel buffer is allocated; see cli_image_gray()). */
/** Largest declared width or height. */
#define CLI_IMAGE_MAX_SIDE 20000u
/** Largest declared width x height (a 200-megapixel phone photo). */
#define CLI_IMAGE_MAX_PIXELS 200000000ull
/** Largest decoded picture: bigger ones are decoded at a reduced scale. */
#define CLI_IMAGE_MAX_DECODED 16000000ull
/** Largest progressive or multi-scan JPEG and interlaced PNG: these are
 *  buffered whole before they can be scaled down. */
#define CLI_IMAGE_MAX_BUFFERED 25000000ull
/** Most scans a JPEG may have (each scan is a pass over the picture). */
#define CLI_IMAGE_MAX_SCANS 100
/** Memory libjpeg may use for one picture (bytes). */
#define CLI_IMAGE_JPEG_MAX_MEMORY (256L * 1024L * 1024L)
/** Largest ancillary PNG chunk (e.g. a decompressed iCCP or zTXt), bytes. */
#define CLI_IMAGE_PNG_MAX_CHUNK (8u * 1024u * 1024u)
/** Most ancillary PNG chunks (text, sPLT, unknown) kept while reading. */
#define CLI_IMAGE_PNG_MAX_CHUNKS 128u

/** Decodes the PNG or JPEG file at path (in-process: libpng, libjpeg) and
 *  scans it for QR codes with zbar. The text of the first symbol holding a
 *  signed passport ("DPP..." text, or an https link with "#1" in it; else
 *  the first symbol) goes to *text (malloc'd, NUL-
 *  terminated). Prints "dpp: FILE: problem" and returns CLI_EX_NOINPUT for
 *  an unreadable, truncated, corrupt or too large image, or an image without
 *  a QR code. */
int cli_image_qr(const char *path, char **text, size_t *len);

/** Decodes PNG or JPEG bytes to 8-bit grayscale (malloc'd, w*h bytes; alpha
 *  is composited onto white). A picture larger than CLI_IMAGE_MAX_DECODED
 *  pixels is decoded at a reduced scale, so w*h <= CLI_IMAGE_MAX_DECODED.
 *  0 on success; on failure -1, *gray NULL, and msg (cap bytes) says why:
 *  dimensions over a limit (naming both), truncated data (naming the byte
 *  where the file ends), corrupt data, or the decoder's message. Usable on
 *  untrusted bytes (fuzz/fuzz_image.c). */
int cli_image_gray(const uint8_t *data, size_t len, uint8_t **gray, unsigned *w, unsigned *h, char *msg,
                   size_t cap);

#endif
