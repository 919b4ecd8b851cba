/* SPDX-License-Identifier: Apache-2.0 */
/* QR codes in a grayscale picture with zbar (libzbar), behind the C
 * interface of scan_readers.h. */
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "scan_readers.h"

int scan_zbar(const uint8_t *gray, unsigned w, unsigned h, scan_sym *out, size_t cap)
{
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_t *img = zbar_image_create();
    int n = 0;

    if (sc == NULL || img == NULL) {
        n = -1;
        goto done;
    }
    (void)zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    (void)zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, w, h);
    zbar_image_set_data(img, gray, (unsigned long)w * h, NULL);
    if (zbar_scan_image(sc, img) <= 0) goto done;
    for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s != NULL && (size_t)n < cap; s = zbar_symbol_next(s)) {
        scan_sym *q = &out[n];
        unsigned k = zbar_symbol_get_loc_size(s);
        long sx = 0, sy = 0;
        if (zbar_symbol_get_type(s) != ZBAR_QRCODE) continue;
        memset(q, 0, sizeof *q);
        q->len = zbar_symbol_get_data_length(s);
        q->text = malloc(q->len + 1);
        if (q->text == NULL) break;
        memcpy(q->text, zbar_symbol_get_data(s), q->len);
        q->text[q->len] = '\0';
        for (unsigned i = 0; i < k; i++) {
            sx += zbar_symbol_get_loc_x(s, i);
            sy += zbar_symbol_get_loc_y(s, i);
        }
        if (k > 0) {
            q->x = (int)(sx / (long)k);
            q->y = (int)(sy / (long)k);
        }
        n++;
    }
done:
    if (img != NULL) zbar_image_destroy(img);
    if (sc != NULL) zbar_image_scanner_destroy(sc);
    return n;
}
