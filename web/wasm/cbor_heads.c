/* SPDX-License-Identifier: Apache-2.0 */
/* CBOR heads (RFC 8949 section 3) for the browser build: see include/cbor.h. */
#include <cbor.h>

static size_t head(unsigned major, uint64_t v, unsigned char *buf, size_t size)
{
    unsigned char mt = (unsigned char)(major << 5);
    size_t n;
    unsigned char ai;
    if (v < 24) {
        n = 1;
        ai = (unsigned char)v;
    } else if (v <= 0xffu) {
        n = 2;
        ai = 24;
    } else if (v <= 0xffffu) {
        n = 3;
        ai = 25;
    } else if (v <= 0xffffffffu) {
        n = 5;
        ai = 26;
    } else {
        n = 9;
        ai = 27;
    }
    if (buf == NULL || size < n) return 0;
    buf[0] = (unsigned char)(mt | ai);
    for (size_t i = 1; i < n; i++) buf[i] = (unsigned char)(v >> (8u * (n - 1 - i)));
    return n;
}

size_t cbor_encode_uint(uint64_t v, unsigned char *buffer, size_t size) { return head(0, v, buffer, size); }
size_t cbor_encode_negint(uint64_t v, unsigned char *buffer, size_t size) { return head(1, v, buffer, size); }
size_t cbor_encode_bytestring_start(size_t len, unsigned char *buffer, size_t size)
{
    return head(2, (uint64_t)len, buffer, size);
}
size_t cbor_encode_string_start(size_t len, unsigned char *buffer, size_t size)
{
    return head(3, (uint64_t)len, buffer, size);
}
size_t cbor_encode_array_start(size_t n, unsigned char *buffer, size_t size) { return head(4, (uint64_t)n, buffer, size); }
size_t cbor_encode_map_start(size_t n, unsigned char *buffer, size_t size) { return head(5, (uint64_t)n, buffer, size); }
size_t cbor_encode_tag(uint64_t v, unsigned char *buffer, size_t size) { return head(6, v, buffer, size); }
size_t cbor_encode_bool(bool v, unsigned char *buffer, size_t size) { return head(7, v ? 21u : 20u, buffer, size); }
size_t cbor_encode_null(unsigned char *buffer, size_t size) { return head(7, 22u, buffer, size); }
