/* SPDX-License-Identifier: Apache-2.0 */
/* A JPEG's EXIF orientation: read from the APP1 segment (every offset
 * checked), and applied to the decoded picture. */
#include <stdlib.h>
#include <string.h>

#include "image_internal.h"

int scan_exif_orientation(const uint8_t *d, size_t n)
{
    bool le;
    uint32_t ifd;
    unsigned count;
    if (n < 6 + 8 || memcmp(d, "Exif\0\0", 6) != 0) return 1;
    d += 6;
    n -= 6;
    if (d[0] == 'I' && d[1] == 'I')
        le = true;
    else if (d[0] == 'M' && d[1] == 'M')
        le = false;
    else
        return 1;
    if ((le ? scan_le16(d + 2) : (uint16_t)(d[2] << 8 | d[3])) != 42) return 1;
    ifd = le ? scan_le32(d + 4) : scan_be32(d + 4);
    if (ifd > n - 2) return 1;
    count = le ? scan_le16(d + ifd) : (unsigned)(d[ifd] << 8 | d[ifd + 1]);
    for (unsigned i = 0; i < count; i++) {
        size_t e = (size_t)ifd + 2 + (size_t)12 * i;
        unsigned tag, type, v;
        uint32_t cnt;
        if (e + 12 > n) break;
        tag = le ? scan_le16(d + e) : (unsigned)(d[e] << 8 | d[e + 1]);
        if (tag != 0x0112) continue;
        type = le ? scan_le16(d + e + 2) : (unsigned)(d[e + 2] << 8 | d[e + 3]);
        cnt = le ? scan_le32(d + e + 4) : scan_be32(d + e + 4);
        if (type != 3 || cnt != 1) return 1;
        v = le ? scan_le16(d + e + 8) : (unsigned)(d[e + 8] << 8 | d[e + 9]);
        return v >= 1 && v <= 8 ? (int)v : 1;
    }
    return 1;
}

int scan_orient(scan_pic *p, int o)
{
    unsigned sw = p->w, sh = p->h, ow = o >= 5 ? sh : sw, oh = o >= 5 ? sw : sh;
    const uint8_t *g = p->gray;
    uint8_t *out = malloc((size_t)sw * sh);
    if (out == NULL) return -1;
    for (unsigned y = 0; y < oh; y++)
        for (unsigned x = 0; x < ow; x++) {
            unsigned sx, sy;
            switch (o) {
            case 2:
                sx = sw - 1 - x;
                sy = y;
                break;
            case 3:
                sx = sw - 1 - x;
                sy = sh - 1 - y;
                break;
            case 4:
                sx = x;
                sy = sh - 1 - y;
                break;
            case 5:
                sx = y;
                sy = x;
                break;
            case 6:
                sx = y;
                sy = sh - 1 - x;
                break;
            case 7:
                sx = sw - 1 - y;
                sy = sh - 1 - x;
                break;
            case 8:
                sx = sw - 1 - y;
                sy = x;
                break;
            default:
                sx = x;
                sy = y;
                break;
            }
            out[(size_t)y * ow + x] = g[(size_t)sy * sw + sx];
        }
    free(p->gray);
    p->gray = out;
    p->w = ow;
    p->h = oh;
    return 0;
}
