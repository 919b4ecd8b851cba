// SPDX-License-Identifier: Apache-2.0
// QR codes in a grayscale picture with ZXing-C++ 1.4 (libzxing-dev): the
// one C++ file of the dpp command-line tool, behind the C interface of
// scan_zxing.h. No exception leaves this file.
#define ZX_USE_UTF8 1
#include "scan_zxing.h"

#include <ZXing/ReadBarcode.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>

extern "C" int cli_zxing_scan(const uint8_t *gray, unsigned w, unsigned h, cli_qr_sym *out, size_t cap)
{
    size_t n = 0;
    if (gray == nullptr || w == 0 || h == 0 || w > INT_MAX / h) return -1;
    try {
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormat::QRCode);
        hints.setTryHarder(true);
        hints.setTryRotate(true);
        hints.setTryDownscale(true);
        hints.setMaxNumberOfSymbols(static_cast<uint8_t>(cap < CLI_QR_MAX_SYMS ? cap : CLI_QR_MAX_SYMS));
        ZXing::ImageView view(gray, static_cast<int>(w), static_cast<int>(h), ZXing::ImageFormat::Lum);
        ZXing::Results found = ZXing::ReadBarcodes(view, hints);
        for (const ZXing::Result &r : found) {
            if (n == cap) break;
            if (!r.isValid() || r.format() != ZXing::BarcodeFormat::QRCode) continue;
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
