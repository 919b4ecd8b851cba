// SPDX-License-Identifier: Apache-2.0
// QR codes in a grayscale picture with ZXing-C++ 1.4 (libzxing-dev): the
// one C++ file of the project, behind the C interface of scan_readers.h.
// No exception leaves this file.
#define ZX_USE_UTF8 1
#include "scan_readers.h"

#include <ZXing/ReadBarcode.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>

extern "C" int scan_zxing(const uint8_t *gray, unsigned w, unsigned h, const scan_zx_opts *o, scan_sym *out, size_t cap,
                          size_t *unread)
{
    size_t n = 0;
    if (unread != nullptr) *unread = 0;
    if (gray == nullptr || o == nullptr || w == 0 || h == 0 || w > INT_MAX / h) return -1;
    try {
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormat::QRCode);
        hints.setTryHarder(o->try_harder != 0);
        hints.setTryRotate(o->try_rotate != 0);
        hints.setTryDownscale(o->try_downscale != 0);
        hints.setBinarizer(o->histogram != 0 ? ZXing::Binarizer::GlobalHistogram : ZXing::Binarizer::LocalAverage);
        hints.setReturnErrors(unread != nullptr);
        hints.setMaxNumberOfSymbols(static_cast<uint8_t>(cap < SCAN_MAX_SYMS ? cap : SCAN_MAX_SYMS));
        ZXing::ImageView view(gray, static_cast<int>(w), static_cast<int>(h), ZXing::ImageFormat::Lum);
        ZXing::Results found = ZXing::ReadBarcodes(view, hints);
        for (const ZXing::Result &r : found) {
            if (n == cap) break;
            if (r.format() != ZXing::BarcodeFormat::QRCode) continue;
            if (!r.isValid()) {
                if (unread != nullptr) (*unread)++;
                continue;
            }
            const ZXing::ByteArray &b = r.bytes();
            char *t = static_cast<char *>(std::malloc(b.size() + 1));
            if (t == nullptr) break;
            if (!b.empty()) std::memcpy(t, b.data(), b.size());
            t[b.size()] = '\0';
            const ZXing::Position &q = r.position();
            out[n].text = t;
            out[n].len = b.size();
            out[n].x = (q.topLeft().x + q.topRight().x + q.bottomRight().x + q.bottomLeft().x) / 4;
            out[n].y = (q.topLeft().y + q.topRight().y + q.bottomRight().y + q.bottomLeft().y) / 4;
            out[n].mirrored = r.isMirrored() ? 1 : 0;
            n++;
        }
    } catch (...) {
        for (size_t i = 0; i < n; i++) std::free(out[i].text);
        return -1;
    }
    return static_cast<int>(n);
}
