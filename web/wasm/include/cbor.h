/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The browser build's stand-in for <cbor.h> (libcbor): libdpp uses only
 * libcbor's head encoders (libdpp/src/cbor_write.c), and libcbor 0.8's
 * source package is not on the Debian mirror the build reaches, so the
 * WebAssembly build gets these nine functions from cbor_heads.c, with
 * libcbor's contract: the head of a major type with argument v into
 * buffer (size bytes), shortest form; the number of bytes written, 0 when
 * the buffer is too small.
 */
#ifndef DPP_WEB_CBOR_H
#define DPP_WEB_CBOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

size_t cbor_encode_uint(uint64_t v, unsigned char *buffer, size_t size);
size_t cbor_encode_negint(uint64_t v, unsigned char *buffer, size_t size);
size_t cbor_encode_bytestring_start(size_t len, unsigned char *buffer, size_t size);
size_t cbor_encode_string_start(size_t len, unsigned char *buffer, size_t size);
size_t cbor_encode_array_start(size_t n, unsigned char *buffer, size_t size);
size_t cbor_encode_map_start(size_t n, unsigned char *buffer, size_t size);
size_t cbor_encode_tag(uint64_t v, unsigned char *buffer, size_t size);
size_t cbor_encode_bool(bool v, unsigned char *buffer, size_t size);
size_t cbor_encode_null(unsigned char *buffer, size_t size);

#endif
