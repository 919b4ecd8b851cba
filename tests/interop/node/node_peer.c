/* SPDX-License-Identifier: Apache-2.0 */
/*
 * node_peer: libdpp's side of the Node.js trust-layer interop test
 * (tests/interop/node/test/trust.test.js), on libdpp's public API only.
 * It writes what the dpp tool has no command for (status lists whole and
 * delta, a rollover statement alone, a passport with a status claim) and
 * loads lists into one store in the order given, as a verifier does.
 *
 *   node_peer status-id KIDHEX PERIOD
 *   node_peer status-sign OP.pem IDHEX NBITS SET SEQ IAT NEXT OUT
 *   node_peer status-delta OP.pem IDHEX NBITS BEFORE AFTER BASE SEQ IAT NEXT OUT
 *   node_peer rollover OLD.pem NEW.pem OUT
 *   node_peer encode KEY.pem PASSPORT.json IAT IDHEX INDEX          (text on stdout)
 *   node_peer oid UUID
 *   node_peer verify TEXT_FILE NOW [--min-sequence N] [--grace S] ACTION...
 *       ACTION: --key K | --pin [NAME=]K | --trust [NAME=]F | --revocations [NAME=]F | --status F
 *       (in the order given); prints one JSON line
 *       {"error", "check", "message", "scheme", "status_bits_set"}
 *
 * SET, BEFORE, AFTER: comma-separated bit indexes, or "-" for none.
 * Exit status: 0 the command ran (verify: whatever libdpp decided), 1 a
 * libdpp error while writing, 2 usage or I/O.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpp/dpp.h"
#include "dpp/dpp_status.h"
#include "dpp/dpp_trust.h"
#include "dpp/dpp_trustlist.h"

#define PEER_MAX_FILE (33u * 1024u * 1024u)

static int usage(void)
{
    fputs("usage: node_peer status-id|status-sign|status-delta|rollover|encode|oid|verify ... (see node_peer.c)\n",
          stderr);
    return 2;
}

static int fail(dpp_err err, const dpp_diag *d)
{
    fprintf(stderr, "node_peer: %s: %s\n", dpp_err_name(err), d != NULL && d->msg[0] ? d->msg : dpp_err_str(err));
    return 1;
}

static int read_file(const char *path, uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    *out = NULL;
    *len = 0;
    if (f == NULL) {
        fprintf(stderr, "node_peer: %s: %s\n", path, strerror(errno));
        return 2;
    }
    buf = malloc(PEER_MAX_FILE + 1u);
    if (buf == NULL) {
        fclose(f);
        return 2;
    }
    *len = fread(buf, 1, PEER_MAX_FILE + 1u, f);
    if (ferror(f) || *len > PEER_MAX_FILE) {
        fclose(f);
        free(buf);
        fprintf(stderr, "node_peer: %s: read error or too large\n", path);
        return 2;
    }
    fclose(f);
    buf[*len] = 0;
    *out = buf;
    return 0;
}

static int write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int rc = 0;
    if (f == NULL) return 2;
    if (fwrite(data, 1, len, f) != len) rc = 2;
    if (fclose(f) != 0) rc = 2;
    if (rc != 0) fprintf(stderr, "node_peer: %s: write error\n", path);
    return rc;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end = NULL;
    unsigned long long v;
    errno = 0;
    if (s[0] == '-') return 2;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0') {
        fprintf(stderr, "node_peer: not an unsigned integer: %s\n", s);
        return 2;
    }
    *out = (uint64_t)v;
    return 0;
}

static int parse_hex(const char *s, uint8_t *out, size_t n)
{
    if (strlen(s) != 2 * n) return 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) return 2;
        out[i] = (uint8_t)v;
    }
    return 0;
}

static int load_key(const char *path, dpp_key **key)
{
    uint8_t *data = NULL;
    size_t len = 0;
    dpp_diag d;
    dpp_err err;
    int rc = read_file(path, &data, &len);
    *key = NULL;
    if (rc != 0) return rc;
    err = dpp_key_load(data, len, key, &d);
    free(data);
    return err == DPP_OK ? 0 : fail(err, &d);
}

/* Sets the bits of a comma-separated index list ("-": none). */
static int set_bits(dpp_status_list *sl, const char *list)
{
    const char *p = list;
    if (strcmp(list, "-") == 0) return 0;
    while (*p != '\0') {
        char *end = NULL;
        unsigned long v;
        errno = 0;
        v = strtoul(p, &end, 10);
        if (errno != 0 || end == p || (*end != ',' && *end != '\0')) return 2;
        if (dpp_status_list_set(sl, (size_t)v, true) != DPP_OK) return 2;
        p = *end == ',' ? end + 1 : end;
    }
    return 0;
}

static int header(char **argv, dpp_list_header *h)
{
    uint64_t seq, iat, next;
    if (parse_u64(argv[0], &seq) || parse_u64(argv[1], &iat) || parse_u64(argv[2], &next)) return 2;
    h->sequence = seq;
    h->issued_at = (int64_t)iat;
    h->next_update = (int64_t)next;
    return 0;
}

/* status-sign OP IDHEX NBITS SET SEQ IAT NEXT OUT; status-delta OP IDHEX NBITS BEFORE AFTER BASE SEQ IAT NEXT OUT */
static int cmd_status(int argc, char **argv, bool delta)
{
    uint8_t id[DPP_STATUS_LIST_ID_LEN], *out = NULL;
    uint64_t n_bits, base = 0;
    dpp_list_header h;
    dpp_status_list *a = NULL, *b = NULL;
    dpp_key *op = NULL;
    size_t out_len = 0, cap = 1024u * 1024u * 4u;
    dpp_diag d;
    dpp_err err;
    int rc;
    if (argc != (delta ? 12 : 10)) return usage();
    if (parse_hex(argv[3], id, sizeof id) || parse_u64(argv[4], &n_bits) || n_bits == 0 || n_bits > DPP_STATUS_MAX_BITS)
        return usage();
    if (delta && parse_u64(argv[7], &base)) return usage();
    if (header(argv + (delta ? 8 : 6), &h)) return usage();
    if ((rc = load_key(argv[2], &op)) != 0) return rc;
    out = malloc(cap);
    if (out == NULL || dpp_status_list_new(id, (size_t)n_bits, &a) != DPP_OK ||
        (delta && dpp_status_list_new(id, (size_t)n_bits, &b) != DPP_OK)) {
        rc = 2;
        goto done;
    }
    if (set_bits(a, argv[5]) || (delta && set_bits(b, argv[6]))) {
        fputs("node_peer: bad index list\n", stderr);
        rc = 2;
        goto done;
    }
    if (delta) err = dpp_status_list_sign_delta(a, base, b, op, &h, out, cap, &out_len, &d);
    else err = dpp_status_list_sign(a, op, &h, out, cap, &out_len, &d);
    rc = err == DPP_OK ? write_file(argv[delta ? 11 : 9], out, out_len) : fail(err, &d);
done:
    free(out);
    dpp_status_list_free(a);
    dpp_status_list_free(b);
    dpp_key_free(op);
    return rc;
}

static int cmd_rollover(int argc, char **argv)
{
    dpp_key *old = NULL, *nk = NULL;
    uint8_t out[DPP_ROLLOVER_MAX_LEN];
    size_t n = 0;
    dpp_diag d;
    dpp_err err;
    int rc;
    if (argc != 5) return usage();
    if ((rc = load_key(argv[2], &old)) != 0 || (rc = load_key(argv[3], &nk)) != 0) goto done;
    err = dpp_rollover_sign(old, nk, out, sizeof out, &n, &d);
    rc = err == DPP_OK ? write_file(argv[4], out, n) : fail(err, &d);
done:
    dpp_key_free(old);
    dpp_key_free(nk);
    return rc;
}

static int cmd_encode(int argc, char **argv)
{
    dpp_key *key = NULL;
    dpp_passport *p = NULL;
    uint8_t *json = NULL;
    size_t json_len = 0, text_len = 0;
    uint64_t iat, index;
    char text[DPP_MAX_TEXT_LEN + 1];
    dpp_encode_ex_opts o;
    dpp_diag d;
    dpp_err err;
    int rc;
    if (argc != 7) return usage();
    memset(&o, 0, sizeof o);
    if (parse_u64(argv[4], &iat) || parse_hex(argv[5], o.status_list_id, 8) || parse_u64(argv[6], &index) ||
        index > UINT32_MAX)
        return usage();
    o.base.compress = DPP_COMPRESS_AUTO;
    o.base.iat = (int64_t)iat;
    o.has_status = true;
    o.status_index = (uint32_t)index;
    o.form = DPP_FORM_TEXT;
    if ((rc = load_key(argv[2], &key)) != 0) return rc;
    if ((rc = read_file(argv[3], &json, &json_len)) != 0) goto done;
    p = malloc(sizeof *p);
    if (p == NULL) {
        rc = 2;
        goto done;
    }
    err = dpp_passport_from_json((const char *)json, json_len, p, &d);
    if (err == DPP_OK) err = dpp_encode_ex(p, key, &o, text, sizeof text, &text_len, NULL, &d);
    if (err != DPP_OK) {
        rc = fail(err, &d);
        goto done;
    }
    printf("%s\n", text);
    rc = 0;
done:
    free(p);
    free(json);
    dpp_key_free(key);
    return rc;
}

static int cmd_oid(int argc, char **argv)
{
    uint8_t u[16];
    char hexs[33], out[64];
    size_t j = 0;
    if (argc != 3 || strlen(argv[2]) != 36) return usage();
    for (size_t i = 0; argv[2][i] != '\0'; i++)
        if (argv[2][i] != '-' && j < 32) hexs[j++] = argv[2][i];
    hexs[j] = '\0';
    if (j != 32 || parse_hex(hexs, u, sizeof u)) return usage();
    if (dpp_oid_from_uuid(u, out, sizeof out) != DPP_OK) return 1;
    printf("%s\n", out);
    return 0;
}

/* "NAME=FILE" -> name (NULL without '=') and file. */
static const char *split(char *arg, char **name)
{
    char *eq = strchr(arg, '=');
    *name = NULL;
    if (eq == NULL) return arg;
    *eq = '\0';
    *name = arg;
    return eq + 1;
}

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

static void print_result(dpp_err err, const char *check, const char *msg, const char *scheme)
{
    fputs("{\"error\": ", stdout);
    if (err == DPP_OK) fputs("null", stdout);
    else json_str(dpp_err_name(err));
    fputs(", \"check\": ", stdout);
    if (check == NULL) fputs("null", stdout);
    else json_str(check);
    fputs(", \"message\": ", stdout);
    json_str(msg);
    fputs(", \"scheme\": ", stdout);
    if (scheme == NULL) fputs("null", stdout);
    else json_str(scheme);
    fputs("}\n", stdout);
}

static int cmd_verify(int argc, char **argv)
{
    dpp_trust *t = NULL;
    dpp_list_policy pol;
    uint8_t *text = NULL;
    size_t text_len = 0;
    uint64_t now;
    dpp_verified *v = NULL;
    dpp_report rep;
    dpp_err err = DPP_OK;
    const char *check = NULL;
    dpp_diag d;
    int rc;
    if (argc < 4 || parse_u64(argv[3], &now)) return usage();
    memset(&pol, 0, sizeof pol);
    memset(&d, 0, sizeof d);
    pol.now = (int64_t)now;
    if ((rc = read_file(argv[2], &text, &text_len)) != 0) return rc;
    if (dpp_trust_new(&t) != DPP_OK || (v = malloc(sizeof *v)) == NULL) {
        rc = 2;
        goto done;
    }
    for (int i = 4; i < argc && err == DPP_OK; i += 2) {
        char *name = NULL;
        const char *file;
        uint8_t *data = NULL;
        size_t len = 0;
        uint64_t n;
        if (i + 1 >= argc) {
            rc = usage();
            goto done;
        }
        if (strcmp(argv[i], "--min-sequence") == 0 || strcmp(argv[i], "--grace") == 0) {
            if (parse_u64(argv[i + 1], &n)) {
                rc = 2;
                goto done;
            }
            if (argv[i][2] == 'm') pol.min_sequence = n;
            else pol.grace_seconds = (int64_t)n;
            continue;
        }
        file = split(argv[i + 1], &name);
        if (strcmp(argv[i], "--key") == 0 || strcmp(argv[i], "--pin") == 0) {
            dpp_key *k = NULL;
            if ((rc = load_key(file, &k)) != 0) goto done;
            if (argv[i][2] == 'k') err = dpp_trust_add_key(t, k);
            else if (name != NULL) err = dpp_trust_scheme_pin_operator(t, name, k);
            else err = dpp_trust_pin_operator(t, k);
            dpp_key_free(k);
            if (err != DPP_OK) check = "trusted_keys";
            continue;
        }
        if ((rc = read_file(file, &data, &len)) != 0) goto done;
        if (strcmp(argv[i], "--trust") == 0) {
            check = "trust_list";
            err = name != NULL ? dpp_trust_scheme_load_list(t, name, data, len, &pol, NULL, &d)
                               : dpp_trust_load_list(t, data, len, &pol, NULL, &d);
        } else if (strcmp(argv[i], "--revocations") == 0) {
            check = "revocation_list";
            err = name != NULL ? dpp_trust_scheme_load_revocations(t, name, data, len, &pol, NULL, &d)
                               : dpp_trust_load_revocations(t, data, len, &pol, NULL, &d);
        } else if (strcmp(argv[i], "--status") == 0) {
            check = "status_list";
            err = dpp_trust_load_status(t, data, len, &pol, NULL, &d);
        } else {
            free(data);
            rc = usage();
            goto done;
        }
        free(data);
    }
    if (err != DPP_OK) {
        print_result(err, check, d.msg, NULL);
        rc = 0;
        goto done;
    }
    err = dpp_verify((const char *)text, text_len, t, (int64_t)now, v, &rep);
    if (err != DPP_OK) print_result(err, dpp_check_name(rep.failed), rep.diag.msg, NULL);
    else print_result(err, NULL, "", v->signer.scheme);
    rc = 0;
done:
    free(v);
    free(text);
    dpp_trust_free(t);
    return rc;
}

int main(int argc, char **argv)
{
    uint8_t kid[DPP_KID_LEN], id[DPP_STATUS_LIST_ID_LEN];
    uint64_t period;
    if (argc < 2) return usage();
    if (strcmp(argv[1], "status-id") == 0) {
        if (argc != 4 || parse_hex(argv[2], kid, sizeof kid) || parse_u64(argv[3], &period) || period > UINT32_MAX)
            return usage();
        if (dpp_status_list_id(kid, (uint32_t)period, id) != DPP_OK) return 1;
        for (size_t i = 0; i < sizeof id; i++) printf("%02x", id[i]);
        putchar('\n');
        return 0;
    }
    if (strcmp(argv[1], "status-sign") == 0) return cmd_status(argc, argv, false);
    if (strcmp(argv[1], "status-delta") == 0) return cmd_status(argc, argv, true);
    if (strcmp(argv[1], "rollover") == 0) return cmd_rollover(argc, argv);
    if (strcmp(argv[1], "encode") == 0) return cmd_encode(argc, argv);
    if (strcmp(argv[1], "oid") == 0) return cmd_oid(argc, argv);
    if (strcmp(argv[1], "verify") == 0) return cmd_verify(argc, argv);
    return usage();
}
