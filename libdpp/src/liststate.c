/* SPDX-License-Identifier: Apache-2.0 */
/* Rollback protection for signed lists: the highest list seen per operator
 * key and kind, kept in a small line-based text file (dpp_liststate.h). */
#include "dpp/dpp_liststate.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "timeutil.h"

#define HEADER "dpp-liststate 1\n"
#define HEADER_LEN (sizeof HEADER - 1)

struct dpp_liststate {
    dpp_liststate_entry *e; /* sorted by (kind, kid), no duplicates */
    size_t n, cap;
};

static const char *kind_word(dpp_list_kind k)
{
    return k == DPP_LIST_KIND_TRUST ? "trust" : k == DPP_LIST_KIND_REVOCATION ? "revocation" : "status";
}

static int entry_cmp(dpp_list_kind ka, const uint8_t *kid_a, dpp_list_kind kb, const uint8_t *kid_b)
{
    if (ka != kb) return ka < kb ? -1 : 1;
    return memcmp(kid_a, kid_b, DPP_KID_LEN);
}

/* Index of (kind, kid), or where it would go; *found says which. */
static size_t find(const dpp_liststate *st, dpp_list_kind kind, const uint8_t *kid, bool *found)
{
    size_t lo = 0, hi = st->n;
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = entry_cmp(st->e[mid].kind, st->e[mid].operator_kid, kind, kid);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static dpp_err insert_at(dpp_liststate *st, size_t at, const dpp_liststate_entry *e)
{
    if (st->n == DPP_LISTSTATE_MAX_ENTRIES) return DPP_ERR_TOO_LARGE;
    if (st->n == st->cap) {
        size_t ncap = st->cap == 0 ? 8 : st->cap * 2;
        dpp_liststate_entry *ne;
        if (ncap > DPP_LISTSTATE_MAX_ENTRIES) ncap = DPP_LISTSTATE_MAX_ENTRIES;
        ne = realloc(st->e, ncap * sizeof *ne);
        if (ne == NULL) return DPP_ERR_NO_MEMORY;
        st->e = ne;
        st->cap = ncap;
    }
    memmove(&st->e[at + 1], &st->e[at], (st->n - at) * sizeof st->e[0]);
    st->e[at] = *e;
    st->n++;
    return DPP_OK;
}

dpp_err dpp_liststate_new(dpp_liststate **out)
{
    if (out == NULL) return DPP_ERR_INVALID_ARG;
    *out = calloc(1, sizeof **out);
    return *out != NULL ? DPP_OK : DPP_ERR_NO_MEMORY;
}

void dpp_liststate_free(dpp_liststate *st)
{
    if (st == NULL) return;
    free(st->e);
    free(st);
}

size_t dpp_liststate_count(const dpp_liststate *st) { return st != NULL ? st->n : 0; }

dpp_err dpp_liststate_get(const dpp_liststate *st, size_t index, dpp_liststate_entry *out)
{
    if (st == NULL || out == NULL || index >= st->n) return DPP_ERR_INVALID_ARG;
    *out = st->e[index];
    return DPP_OK;
}

/* ---- parsing ---- */

typedef struct line_reader {
    const uint8_t *p; /* the whole input */
    size_t len;
    size_t pos;       /* next byte */
    size_t line;      /* 1-based number of the current line */
    size_t line_off;  /* offset where the current line starts */
} line_reader;

static dpp_err bad(dpp_diag *diag, const line_reader *r, size_t off, const char *what)
{
    return dpp_diag_set(diag, DPP_ERR_STATE_FILE, off, "list state: line %zu (offset %zu): %s", r->line, off, what);
}

/* Reads one field up to a single space (last = false) or "\n" (last = true). */
static bool field(line_reader *r, bool last, const uint8_t **f, size_t *n)
{
    size_t start = r->pos;
    while (r->pos < r->len && r->p[r->pos] != ' ' && r->p[r->pos] != '\n') r->pos++;
    if (r->pos == r->len || r->pos == start) return false;
    if ((r->p[r->pos] == '\n') != last) return false;
    *f = r->p + start;
    *n = r->pos - start;
    r->pos++;
    return true;
}

static bool hex_field(const uint8_t *f, size_t n, uint8_t *out, size_t out_len)
{
    if (n != 2 * out_len) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (f[i] >= '0' && f[i] <= '9') v = (unsigned)(f[i] - '0');
        else if (f[i] >= 'a' && f[i] <= 'f') v = (unsigned)(f[i] - 'a' + 10);
        else return false;
        if (i % 2 == 0) out[i / 2] = (uint8_t)(v << 4);
        else out[i / 2] = (uint8_t)(out[i / 2] | v);
    }
    return true;
}

/* 1..2^63-1 in decimal, no sign, no leading zeros. */
static bool num_field(const uint8_t *f, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0 || n > 19 || f[0] == '0') return false;
    for (size_t i = 0; i < n; i++) {
        if (f[i] < '0' || f[i] > '9') return false;
        v = v * 10 + (uint64_t)(f[i] - '0'); /* 19 digits never overflow uint64_t */
    }
    if (v > (uint64_t)INT64_MAX) return false;
    *out = v;
    return true;
}

static dpp_err parse_record(line_reader *r, dpp_liststate *st, dpp_diag *diag)
{
    const uint8_t *f;
    size_t n, off = r->pos;
    dpp_liststate_entry e;
    uint64_t iat;
    bool found;
    size_t at;
    dpp_err err;

    memset(&e, 0, sizeof e);
    if (!field(r, false, &f, &n))
        return bad(diag, r, off, "kind: expected \"trust\", \"revocation\" or \"status\" and a space");
    if (n == 5 && memcmp(f, "trust", 5) == 0) e.kind = DPP_LIST_KIND_TRUST;
    else if (n == 10 && memcmp(f, "revocation", 10) == 0) e.kind = DPP_LIST_KIND_REVOCATION;
    else if (n == 6 && memcmp(f, "status", 6) == 0) e.kind = DPP_LIST_KIND_STATUS;
    else return bad(diag, r, off, "kind: expected \"trust\", \"revocation\" or \"status\"");
    off = r->pos;
    if (!field(r, false, &f, &n) || !hex_field(f, n, e.operator_kid, DPP_KID_LEN))
        return bad(diag, r, off,
                   e.kind == DPP_LIST_KIND_STATUS ? "status list id: expected 16 lowercase hex digits"
                                                  : "operator kid: expected 16 lowercase hex digits");
    off = r->pos;
    if (!field(r, false, &f, &n) || !num_field(f, n, &e.sequence))
        return bad(diag, r, off, "sequence: expected a number 1..9223372036854775807 without leading zeros");
    off = r->pos;
    if (!field(r, false, &f, &n) || !num_field(f, n, &iat))
        return bad(diag, r, off, "issued_at: expected a number 1..9223372036854775807 without leading zeros");
    e.issued_at = (int64_t)iat;
    off = r->pos;
    if (!field(r, true, &f, &n) || !hex_field(f, n, e.digest, sizeof e.digest))
        return bad(diag, r, off, "digest: expected 64 lowercase hex digits ending the line");
    at = find(st, e.kind, e.operator_kid, &found);
    if (found)
        return bad(diag, r, r->line_off,
                   e.kind == DPP_LIST_KIND_STATUS ? "a second record for the same status list id"
                                                  : "a second record for the same kind and operator kid");
    err = insert_at(st, at, &e);
    if (err == DPP_ERR_TOO_LARGE)
        return dpp_diag_set(diag, DPP_ERR_STATE_FILE, r->line_off, "list state: line %zu: more than %d records",
                            r->line, DPP_LISTSTATE_MAX_ENTRIES);
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "list state: out of memory");
    return DPP_OK;
}

dpp_err dpp_liststate_parse(const uint8_t *data, size_t len, dpp_liststate **out, dpp_diag *diag)
{
    dpp_liststate *st = NULL;
    line_reader r;
    dpp_err err;

    if (out != NULL) *out = NULL;
    if (out == NULL || (data == NULL && len != 0))
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "data or out is NULL");
    if (len > DPP_LISTSTATE_MAX_LEN)
        return dpp_diag_set(diag, DPP_ERR_TOO_LARGE, SIZE_MAX, "list state: %zu bytes; the limit is %u", len,
                            (unsigned)DPP_LISTSTATE_MAX_LEN);
    if (dpp_liststate_new(&st) != DPP_OK)
        return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "list state: out of memory");
    if (len == 0) goto ok;

    memset(&r, 0, sizeof r);
    r.p = data;
    r.len = len;
    r.line = 1;
    if (len < HEADER_LEN || memcmp(data, HEADER, HEADER_LEN) != 0) {
        err = bad(diag, &r, 0, "expected the header \"dpp-liststate 1\"");
        goto fail;
    }
    r.pos = HEADER_LEN;
    while (r.pos < len) {
        r.line++;
        r.line_off = r.pos;
        err = parse_record(&r, st, diag);
        if (err != DPP_OK) goto fail;
    }
ok:
    dpp_diag_clear(diag);
    *out = st;
    return DPP_OK;
fail:
    dpp_liststate_free(st);
    return err;
}

dpp_err dpp_liststate_load(const char *path, dpp_liststate **out, dpp_diag *diag)
{
    uint8_t *buf = NULL;
    size_t n = 0;
    FILE *f;
    dpp_err err;

    if (out != NULL) *out = NULL;
    if (path == NULL || out == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "path or out is NULL");
    f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT) {
            err = dpp_liststate_new(out);
            if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "list state: out of memory");
            dpp_diag_clear(diag);
            return DPP_OK;
        }
        return dpp_diag_set(diag, DPP_ERR_STATE_FILE, SIZE_MAX, "%s: cannot open the list state: %s", path,
                            strerror(errno));
    }
    buf = malloc(DPP_LISTSTATE_MAX_LEN + 1);
    if (buf == NULL) {
        fclose(f);
        return dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "list state: out of memory");
    }
    n = fread(buf, 1, DPP_LISTSTATE_MAX_LEN + 1, f);
    if (ferror(f)) {
        err = dpp_diag_set(diag, DPP_ERR_STATE_FILE, SIZE_MAX, "%s: cannot read the list state", path);
    } else if (n > DPP_LISTSTATE_MAX_LEN) {
        err = dpp_diag_set(diag, DPP_ERR_STATE_FILE, SIZE_MAX, "%s: list state larger than %u bytes", path,
                           (unsigned)DPP_LISTSTATE_MAX_LEN);
    } else {
        err = dpp_liststate_parse(buf, n, out, diag);
        if (err != DPP_OK && diag != NULL) {
            char msg[DPP_DIAG_MSG_LEN];
            (void)snprintf(msg, sizeof msg, "%s", diag->msg);
            (void)dpp_diag_set(diag, err, diag->offset, "%s: %s", path, msg);
        }
    }
    fclose(f);
    free(buf);
    return err;
}

/* ---- checking and updating ---- */

static dpp_err check_args(const dpp_liststate *st, dpp_list_kind kind, const uint8_t *kid, uint64_t sequence,
                          int64_t issued_at, const uint8_t *digest, dpp_diag *diag)
{
    if (st == NULL || kid == NULL || digest == NULL)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "state, operator_kid and digest must not be NULL");
    if (kind != DPP_LIST_KIND_TRUST && kind != DPP_LIST_KIND_REVOCATION && kind != DPP_LIST_KIND_STATUS)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "kind: %d is not a list kind", (int)kind);
    if (sequence == 0 || sequence > (uint64_t)INT64_MAX)
        return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "sequence: must be 1..2^63-1");
    if (issued_at <= 0) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "issued_at: must be > 0");
    return DPP_OK;
}

static void kid_hex(const uint8_t *kid, char out[2 * DPP_KID_LEN + 1])
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < DPP_KID_LEN; i++) {
        out[2 * i] = hx[kid[i] >> 4];
        out[2 * i + 1] = hx[kid[i] & 15];
    }
    out[2 * DPP_KID_LEN] = '\0';
}

/* DPP_OK, or the rollback error against the record e. */
static dpp_err compare(const dpp_liststate_entry *e, uint64_t sequence, int64_t issued_at, const uint8_t *digest,
                       dpp_diag *diag)
{
    char kh[2 * DPP_KID_LEN + 1], seen[DPP_TIME_ISO_LEN], got[DPP_TIME_ISO_LEN];
    if (sequence > e->sequence) return DPP_OK;
    if (sequence == e->sequence && memcmp(digest, e->digest, sizeof e->digest) == 0 &&
        (issued_at == e->issued_at || e->kind == DPP_LIST_KIND_STATUS))
        return DPP_OK;
    kid_hex(e->operator_kid, kh);
    dpp_time_iso(e->issued_at, seen);
    if (e->kind == DPP_LIST_KIND_STATUS) {
        /* keyed by the list id; the digest is of the part's content, so a
         * whole list and a delta reaching the same sequence agree */
        if (sequence < e->sequence)
            return dpp_diag_set(diag, DPP_ERR_LIST_ROLLBACK, SIZE_MAX,
                                "status list %s sequence %" PRIu64 " is older than sequence %" PRIu64 " seen %s", kh,
                                sequence, e->sequence, seen);
        return dpp_diag_set(diag, DPP_ERR_LIST_ROLLBACK, SIZE_MAX,
                            "status list %s sequence %" PRIu64 " has other content than the sequence %" PRIu64
                            " seen %s: two different lists with one sequence number",
                            kh, sequence, e->sequence, seen);
    }
    if (sequence < e->sequence)
        return dpp_diag_set(diag, DPP_ERR_LIST_ROLLBACK, SIZE_MAX,
                            "%s list sequence %" PRIu64 " from operator %s is older than sequence %" PRIu64 " seen %s",
                            kind_word(e->kind), sequence, kh, e->sequence, seen);
    return dpp_diag_set(diag, DPP_ERR_LIST_ROLLBACK, SIZE_MAX,
                        "%s list sequence %" PRIu64 " from operator %s differs from the sequence %" PRIu64
                        " seen %s (issued %s): two different lists with one sequence number",
                        kind_word(e->kind), sequence, kh, e->sequence, seen, dpp_time_iso(issued_at, got));
}

dpp_err dpp_liststate_check(const dpp_liststate *st, dpp_list_kind kind, const uint8_t operator_kid[DPP_KID_LEN],
                            uint64_t sequence, int64_t issued_at, const uint8_t digest[32], dpp_diag *diag)
{
    bool found;
    size_t at;
    dpp_err err = check_args(st, kind, operator_kid, sequence, issued_at, digest, diag);
    if (err != DPP_OK) return err;
    at = find(st, kind, operator_kid, &found);
    if (found) {
        err = compare(&st->e[at], sequence, issued_at, digest, diag);
        if (err != DPP_OK) return err;
    }
    dpp_diag_clear(diag);
    return DPP_OK;
}

dpp_err dpp_liststate_update(dpp_liststate *st, dpp_list_kind kind, const uint8_t operator_kid[DPP_KID_LEN],
                             uint64_t sequence, int64_t issued_at, const uint8_t digest[32], bool *changed,
                             dpp_diag *diag)
{
    dpp_liststate_entry e;
    bool found;
    size_t at;
    dpp_err err;

    if (changed != NULL) *changed = false;
    err = dpp_liststate_check(st, kind, operator_kid, sequence, issued_at, digest, diag);
    if (err != DPP_OK) return err;
    at = find(st, kind, operator_kid, &found);
    if (found && st->e[at].sequence == sequence) return DPP_OK; /* the same list again */
    memset(&e, 0, sizeof e);
    e.kind = kind;
    memcpy(e.operator_kid, operator_kid, DPP_KID_LEN);
    e.sequence = sequence;
    e.issued_at = issued_at;
    memcpy(e.digest, digest, sizeof e.digest);
    if (found) {
        st->e[at] = e;
    } else {
        err = insert_at(st, at, &e);
        if (err == DPP_ERR_TOO_LARGE)
            return dpp_diag_set(diag, err, SIZE_MAX, "list state: already %d records", DPP_LISTSTATE_MAX_ENTRIES);
        if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "list state: out of memory");
    }
    if (changed != NULL) *changed = true;
    return DPP_OK;
}

/* ---- writing ---- */

dpp_err dpp_liststate_serialize(const dpp_liststate *st, uint8_t *out, size_t cap, size_t *len)
{
    size_t need = HEADER_LEN, pos = 0;
    if (len != NULL) *len = 0;
    if (st == NULL || len == NULL || (out == NULL && cap != 0)) return DPP_ERR_INVALID_ARG;
    /* kind, kid, two numbers, digest, four spaces and "\n" */
    for (size_t i = 0; i < st->n; i++) {
        char nb[48];
        int k = snprintf(nb, sizeof nb, "%" PRIu64 " %" PRId64, st->e[i].sequence, st->e[i].issued_at);
        need += strlen(kind_word(st->e[i].kind)) + 1 + 2 * DPP_KID_LEN + 1 + (size_t)k + 1 + 64 + 1;
    }
    *len = need;
    if (cap < need) return out == NULL ? DPP_OK : DPP_ERR_BUFFER_TOO_SMALL;
    memcpy(out, HEADER, HEADER_LEN);
    pos = HEADER_LEN;
    for (size_t i = 0; i < st->n; i++) {
        char kh[2 * DPP_KID_LEN + 1], dh[65], line[160];
        static const char hx[] = "0123456789abcdef";
        int k;
        kid_hex(st->e[i].operator_kid, kh);
        for (size_t j = 0; j < 32; j++) {
            dh[2 * j] = hx[st->e[i].digest[j] >> 4];
            dh[2 * j + 1] = hx[st->e[i].digest[j] & 15];
        }
        dh[64] = '\0';
        k = snprintf(line, sizeof line, "%s %s %" PRIu64 " %" PRId64 " %s\n", kind_word(st->e[i].kind), kh,
                     st->e[i].sequence, st->e[i].issued_at, dh);
        if (k < 0 || (size_t)k >= sizeof line || pos + (size_t)k > need) return DPP_ERR_INVALID_ARG;
        memcpy(out + pos, line, (size_t)k);
        pos += (size_t)k;
    }
    return DPP_OK;
}

dpp_err dpp_liststate_save(const dpp_liststate *st, const char *path, dpp_diag *diag)
{
    uint8_t *buf = NULL;
    char *tmp = NULL;
    size_t len = 0, plen, off = 0;
    int fd = -1;
    bool created = false;
    dpp_err err;

    if (st == NULL || path == NULL) return dpp_diag_set(diag, DPP_ERR_INVALID_ARG, SIZE_MAX, "state or path is NULL");
    err = dpp_liststate_serialize(st, NULL, 0, &len);
    if (err != DPP_OK) return dpp_diag_set(diag, err, SIZE_MAX, "list state: cannot serialize");
    buf = malloc(len);
    plen = strlen(path);
    tmp = malloc(plen + sizeof ".XXXXXX");
    if (buf == NULL || tmp == NULL) {
        err = dpp_diag_set(diag, DPP_ERR_NO_MEMORY, SIZE_MAX, "list state: out of memory");
        goto done;
    }
    err = dpp_liststate_serialize(st, buf, len, &len);
    if (err != DPP_OK) {
        err = dpp_diag_set(diag, err, SIZE_MAX, "list state: cannot serialize");
        goto done;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".XXXXXX", sizeof ".XXXXXX");
    fd = mkstemp(tmp); /* mode 0600 */
    if (fd < 0) {
        err = dpp_diag_set(diag, DPP_ERR_STATE_FILE, SIZE_MAX, "%s: cannot create a temporary file: %s", path,
                           strerror(errno));
        goto done;
    }
    created = true;
    while (off < len) {
        ssize_t w = write(fd, buf + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            err = dpp_diag_set(diag, DPP_ERR_STATE_FILE, SIZE_MAX, "%s: cannot write: %s", tmp, strerror(errno));
            goto done;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0) {
        err = dpp_diag_set(diag, DPP_ERR_STATE_FILE, SIZE_MAX, "%s: cannot flush: %s", tmp, strerror(errno));
        goto done;
    }
    if (close(fd) != 0) {
        fd = -1;
        err = dpp_diag_set(diag, DPP_ERR_STATE_FILE, SIZE_MAX, "%s: cannot close: %s", tmp, strerror(errno));
        goto done;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        err = dpp_diag_set(diag, DPP_ERR_STATE_FILE, SIZE_MAX, "%s: cannot replace the list state: %s", path,
                           strerror(errno));
        goto done;
    }
    created = false; /* renamed: nothing to remove */
    dpp_diag_clear(diag);
    err = DPP_OK;
done:
    if (fd >= 0) close(fd);
    if (created) (void)unlink(tmp);
    free(tmp);
    free(buf);
    return err;
}
