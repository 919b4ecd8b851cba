/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: reading a QR code from a picture (ZXing-C++, zbar). */
#ifndef DPP_CLI_IMAGE_H
#define DPP_CLI_IMAGE_H

#include <stdbool.h>
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
/** Largest single allocation libtiff may make (bytes). */
#define CLI_IMAGE_TIFF_MAX_ALLOC (128L * 1024L * 1024L)
/** Size of the first, reduced-scale scan of a photo (pixels); the full
 *  scale (up to CLI_IMAGE_MAX_DECODED) is read only when it finds no
 *  passport. */
#define CLI_IMAGE_SCAN_FIRST 4000000ull

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

/** Decodes a picture (in-process) and scans it for QR codes: ZXing-C++ at
 *  a reduced scale, at full scale, on the inverted picture (light-on-dark
 *  codes), then zbar, stopping at the first pass that finds a signed
 *  passport ("DPP..." text, or an https link with "#1" in it). Returns
 *  CLI_EX_OK with res->text; else res->msg says why and the return is
 *  CLI_EX_NOINPUT (unreadable, truncated, corrupt or too large image; no QR
 *  code; two different passports) or CLI_EX_MALFORMED (QR codes that hold no
 *  passport: res->msg says what one holds). Free with
 *  cli_image_result_free(). Thread-safe. */
int cli_image_scan(const uint8_t *data, size_t len, cli_image_result *res);
void cli_image_result_free(cli_image_result *res);

/** cli_image_scan() of the file at path: the passport's text goes to *text
 *  (malloc'd, NUL-terminated). Prints "dpp: FILE: problem" on failure, and
 *  "dpp: FILE: note" when several QR codes were found (which one was used);
 *  returns the exit code of cli_image_scan(). */
int cli_image_qr(const char *path, char **text, size_t *len);

/** Decodes PNG, JPEG, WebP, TIFF, BMP, GIF (first frame) or HEIF/HEIC bytes
 *  (told apart by their magic bytes) to 8-bit grayscale (malloc'd, w*h bytes;
 *  alpha is composited onto white; a JPEG's EXIF orientation is applied). A picture larger than CLI_IMAGE_MAX_DECODED
 *  pixels is decoded at a reduced scale, so w*h <= CLI_IMAGE_MAX_DECODED.
 *  0 on success; on failure -1, *gray NULL, and msg (cap bytes) says why:
 *  dimensions over a limit (naming both), truncated data (naming the byte
 *  where the file ends), corrupt data, or the decoder's message. Usable on
 *  untrusted bytes (fuzz/fuzz_image.c). */
int cli_image_gray(const uint8_t *data, size_t len, uint8_t **gray, unsigned *w, unsigned *h, char *msg,
                   size_t cap);
/** cli_image_gray() with a lower bound max on the decoded pixels (0 or
 *  more than CLI_IMAGE_MAX_DECODED: CLI_IMAGE_MAX_DECODED; a JPEG may come
 *  out a little over it, at the smallest scale libjpeg offers); *scaled
 *  says whether the picture was reduced. */
int cli_image_gray_max(const uint8_t *data, size_t len, unsigned long long max, uint8_t **gray, unsigned *w,
                       unsigned *h, bool *scaled, char *msg, size_t cap);

#endif
