/* SPDX-License-Identifier: Apache-2.0 */
/* GIF pictures (giflib): the first frame, read whole (DPP_SCAN_MAX_BUFFERED); a transparent colour is white. */
#include <gif_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

typedef struct gif_mem {
    const uint8_t *data;
    size_t len, pos;
    bool short_read;
} gif_mem;

static int gif_read(GifFileType *g, GifByteType *out, int n)
{
    gif_mem *m = g->UserData;
    size_t want = n < 0 ? 0 : (size_t)n, left = m->len - m->pos, k = want < left ? want : left;
    if (k < want) m->short_read = true;
    if (k > 0) memcpy(out, m->data + m->pos, k);
    m->pos += k;
    return (int)k;
}

int scan_gif(const uint8_t *data, size_t len, uint64_t max, scan_pic *pic, dpp_diag *d)
{
    gif_mem m = {data, len, 0, false};
    int err = 0, trans = -1;
    GifFileType *g = DGifOpen(&m, gif_read, &err);
    uint8_t *idx = NULL, *row = NULL;
    unsigned fw, fh;
    const ColorMapObject *map;
    uint8_t pal[256];
    scan_shrink s;

    if (g == NULL) {
        if (m.short_read)
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, len,
                            "not a readable GIF image: truncated (the file ends at byte %zu, inside the header)", len);
        else
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable GIF image (%s)",
                            GifErrorString(err) != NULL ? GifErrorString(err) : "?");
        return -1;
    }
    if (scan_check_dims("GIF", (unsigned long)(g->SWidth < 0 ? 0 : g->SWidth),
                        (unsigned long)(g->SHeight < 0 ? 0 : g->SHeight), d) != 0)
        goto fail;
    for (;;) {
        GifRecordType rt;
        if (DGifGetRecordType(g, &rt) != GIF_OK) goto gif_err;
        if (rt == IMAGE_DESC_RECORD_TYPE) break;
        if (rt == TERMINATE_RECORD_TYPE) {
            (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable GIF image: it holds no image");
            goto fail;
        }
        if (rt == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType *ext = NULL;
            if (DGifGetExtension(g, &code, &ext) != GIF_OK) goto gif_err;
            if (code == GRAPHICS_EXT_FUNC_CODE && ext != NULL && ext[0] >= 4 && (ext[1] & 1) != 0) trans = ext[4];
            while (ext != NULL)
                if (DGifGetExtensionNext(g, &ext) != GIF_OK) goto gif_err;
        }
    }
    if (DGifGetImageDesc(g) != GIF_OK) goto gif_err;
    fw = g->Image.Width < 0 ? 0u : (unsigned)g->Image.Width;
    fh = g->Image.Height < 0 ? 0u : (unsigned)g->Image.Height;
    if (scan_check_dims("GIF frame", fw, fh, d) != 0) goto fail;
    /* The frame is read whole (interlaced rows come out of order). */
    if ((unsigned long long)fw * fh > DPP_SCAN_MAX_BUFFERED) {
        (void)scan_refuse_buffered("GIF image", fw, fh, d);
        goto fail;
    }
    map = g->Image.ColorMap != NULL ? g->Image.ColorMap : g->SColorMap;
    if (map == NULL || map->ColorCount <= 0 || map->ColorCount > 256) {
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable GIF image: no colour map");
        goto fail;
    }
    for (int i = 0; i < map->ColorCount; i++)
        pal[i] = i == trans ? 255 : scan_rgba_gray(map->Colors[i].Red, map->Colors[i].Green, map->Colors[i].Blue, 255);
    idx = malloc((size_t)fw * fh);
    row = malloc(fw);
    if (idx == NULL || row == NULL) {
        (void)scan_no_memory(d);
        goto fail;
    }
    if (g->Image.Interlace) {
        static const unsigned start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
        for (int p = 0; p < 4; p++)
            for (unsigned y = start[p]; y < fh; y += step[p])
                if (DGifGetLine(g, idx + (size_t)y * fw, (int)fw) != GIF_OK) goto gif_err;
    } else {
        for (unsigned y = 0; y < fh; y++)
            if (DGifGetLine(g, idx + (size_t)y * fw, (int)fw) != GIF_OK) goto gif_err;
    }
    if (scan_shrink_init(&s, fw, fh, max) != 0) {
        (void)scan_no_memory(d);
        goto fail;
    }
    for (unsigned y = 0; y < fh; y++) {
        const uint8_t *p = idx + (size_t)y * fw;
        for (unsigned x = 0; x < fw; x++) {
            if (p[x] >= map->ColorCount) {
                (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX,
                                "not a readable GIF image: colour %u of row %u is beyond the colour map of %d", p[x], y,
                                map->ColorCount);
                scan_shrink_free(&s);
                goto fail;
            }
            row[x] = pal[p[x]];
        }
        scan_shrink_row(&s, row);
    }
    (void)DGifCloseFile(g, &err);
    free(idx);
    free(row);
    scan_shrink_take(&s, pic);
    return 0;
gif_err:
    if (m.short_read || g->Error == D_GIF_ERR_READ_FAILED)
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, len,
                        "not a readable GIF image: truncated (the file ends at byte %zu, before the end of the image)",
                        len);
    else
        (void)scan_fail(d, DPP_ERR_IMAGE_CORRUPT, SIZE_MAX, "not a readable GIF image: corrupt data (%s)",
                        GifErrorString(g->Error) != NULL ? GifErrorString(g->Error) : "?");
fail:
    (void)DGifCloseFile(g, &err);
    free(idx);
    free(row);
    return -1;
}
