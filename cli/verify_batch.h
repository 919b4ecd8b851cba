/* SPDX-License-Identifier: Apache-2.0 */
/* dpp verify --batch and --batch-images: one JSON record per passport text
 * or photo (run by the worker pool of batch.c). */
#ifndef DPP_CLI_VERIFY_BATCH_H
#define DPP_CLI_VERIFY_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "batch.h"
#include "common.h"

/* Most files --batch-images takes from a directory or list. */
#define VERIFY_MAX_IMAGES 1000000ul

typedef struct verify_ctx {
    const dpp_trust *trust;
    int64_t at;
    size_t strip; /* --batch-images DIR: length of "DIR/" (records name the file in DIR) */
} verify_ctx;

/** One line of --batch (ctxp: a verify_ctx). */
void verify_batch_record(void *ctxp, batch_rec *r);
/** One photo of --batch-images: r->in is its path (ctxp: a verify_ctx). */
void verify_image_record(void *ctxp, batch_rec *r);
/** The photos of --batch-images SRC (a directory, sorted by name, or a list
 *  file of paths): *items_out (free with verify_free_items()), *strip the
 *  length of "DIR/" for a directory. A CLI exit code; messages printed. */
int verify_image_items(const char *src, char ***items_out, unsigned long *n_out, size_t *strip);
void verify_free_items(char **items, unsigned long n);

#endif
