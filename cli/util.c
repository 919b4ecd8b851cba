/* SPDX-License-Identifier: Apache-2.0 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static mode_t g_umask = 022; /* written once by cli_init() before any thread starts */

void cli_init(void)
{
    mode_t m = umask(0);
    (void)umask(m);
    g_umask = m;
}

mode_t cli_umask(void) { return g_umask; }

int cli_exit_for(dpp_err err)
{
    switch (err) {
    case DPP_OK: return CLI_EX_OK;
    case DPP_ERR_INVALID_ARG: return CLI_EX_USAGE;
    case DPP_ERR_BUFFER_TOO_SMALL:
    case DPP_ERR_NO_MEMORY:
    case DPP_ERR_CRYPTO_BACKEND: return CLI_EX_SOFTWARE;
    case DPP_ERR_KID_UNKNOWN:
    case DPP_ERR_KEY_NOT_VALID: return CLI_EX_UNTRUSTED;
    case DPP_ERR_NOT_YET_VALID:
    case DPP_ERR_EXPIRED: return CLI_EX_EXPIRED;
    case DPP_ERR_JSON_SYNTAX:
    case DPP_ERR_PAYLOAD_VERSION: return CLI_EX_MALFORMED;
    case DPP_ERR_KEY_FORMAT:
    case DPP_ERR_KEY_TYPE:
    case DPP_ERR_KEY_WEAK:
    case DPP_ERR_KEY_NOT_PRIVATE:
    case DPP_ERR_KEY_NOT_PUBLIC: return CLI_EX_KEY;
    case DPP_ERR_QR_CAPACITY: return CLI_EX_INVALID;
    case DPP_ERR_LIST_UNSIGNED:
    case DPP_ERR_LIST_FORMAT:
    case DPP_ERR_STATE_FILE: return CLI_EX_KEY;
    case DPP_ERR_REVOKED: return CLI_EX_REVOKED;
    case DPP_ERR_ATTESTATION_PRODUCT:
    case DPP_ERR_ATTESTATION_SIGNATURE:
    case DPP_ERR_ATTESTATION_CLAIM:
    case DPP_ERR_LINK_MISSING:
    case DPP_ERR_DOCUMENT_MISMATCH:
    case DPP_ERR_NOT_FOUND: return CLI_EX_INVALID;
    /* Hybrid form: a link bound to another domain or product than the
     * signed one is a well-formed passport that does not verify; a signer
     * not allowed the domain is a trust failure; the rest (URI syntax,
     * percent-encoding, AIs, payload digits) is malformed input. */
    case DPP_ERR_DL_DOMAIN:
    case DPP_ERR_DL_PRIMARY_KEY:
    case DPP_ERR_DL_QUALIFIER: return CLI_EX_INVALID;
    case DPP_ERR_DL_DOMAIN_SCOPE: return CLI_EX_UNTRUSTED;
    default: break;
    }
    /* Lists unpinned, rolled back or stale; signer window, role, scope;
     * unknown attester; certificate chain and policy. */
    if (dpp_err_is_trust(err)) return CLI_EX_UNTRUSTED;
    if (dpp_err_is_malformed(err) || dpp_err_is_dl(err)) return CLI_EX_MALFORMED;
    if (dpp_err_is_invalid(err) || dpp_err_is_schema(err)) return CLI_EX_INVALID;
    return CLI_EX_SOFTWARE;
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                 */
/* ------------------------------------------------------------------------ */

static const char *shown(const char *path) { return strcmp(path, "-") == 0 ? "<stdin>" : path; }

/* Every message line is escaped as a whole (cli_escape is idempotent, so
 * library messages, already escaped, stay as they are). */
void cli_err(const char *fmt, ...)
{
    va_list ap;
    char buf[2048];
    va_start(ap, fmt);
    (void)vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fputs("dpp: ", stderr);
    cli_put_safe(stderr, buf);
    fputc('\n', stderr);
}

void cli_err_at(const char *file, unsigned long line, const char *fmt, ...)
{
    va_list ap;
    char buf[2048];
    va_start(ap, fmt);
    (void)vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fputs("dpp: ", stderr);
    cli_put_safe(stderr, shown(file));
    if (line > 0) fprintf(stderr, ":%lu", line);
    fputs(": ", stderr);
    cli_put_safe(stderr, buf);
    fputc('\n', stderr);
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    char buf[2048];
    va_start(ap, fmt);
    (void)vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fputs("dpp: warning: ", stderr);
    cli_put_safe(stderr, buf);
    fputc('\n', stderr);
}

int cli_usage_err(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    char buf[1024];
    va_start(ap, fmt);
    (void)vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fputs("dpp: ", stderr);
    if (cmd != NULL && cmd[0] != '\0') fprintf(stderr, "%s: ", cmd);
    cli_put_safe(stderr, buf);
    if (cmd != NULL && cmd[0] != '\0') fprintf(stderr, " (see 'dpp %s --help')\n", cmd);
    else fputs(" (see 'dpp --help')\n", stderr);
    return CLI_EX_USAGE;
}

/* ------------------------------------------------------------------------ */
/* Escaping text from the input                                             */
/* ------------------------------------------------------------------------ */

/* One character of p[i, n): its length and code point; 0 if the bytes at i
 * are not valid UTF-8 (bad lead, cut, overlong, surrogate, > U+10FFFF). */
static size_t utf8_char(const unsigned char *p, size_t n, size_t i, uint32_t *cp)
{
    unsigned c = p[i];
    size_t k;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) k = 2, v = c & 0x1fu;
    else if (c >= 0xe0 && c <= 0xef) k = 3, v = c & 0x0fu;
    else if (c >= 0xf0 && c <= 0xf4) k = 4, v = c & 0x07u;
    else return 0;
    if (n - i < k) return 0;
    for (size_t j = 1; j < k; j++) {
        if ((p[i + j] & 0xc0u) != 0x80u) return 0;
        v = (v << 6) | (p[i + j] & 0x3fu);
    }
    if ((k == 3 && v < 0x800) || (k == 4 && (v < 0x10000 || v > 0x10ffff)) || (v >= 0xd800 && v <= 0xdfff)) return 0;
    *cp = v;
    return k;
}

static bool is_bidi(uint32_t cp)
{
    return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The next character of p[*i, n) as it is shown: its bytes or escape into
 * e[8]; returns the length written, advances *i. */
static size_t esc_next(const unsigned char *p, size_t n, size_t *i, char e[8])
{
    static const char hex[] = "0123456789abcdef";
    uint32_t cp = 0;
    size_t k = utf8_char(p, n, *i, &cp);
    if (k == 0 || cp < 0x20 || cp == 0x7f) {
        e[0] = '\\';
        e[1] = 'x';
        e[2] = hex[p[*i] >> 4];
        e[3] = hex[p[*i] & 15u];
        *i += 1;
        return 4;
    }
    if ((cp >= 0x80 && cp <= 0x9f) || is_bidi(cp)) {
        e[0] = '\\';
        e[1] = 'u';
        for (int j = 0; j < 4; j++) e[2 + j] = hex[(cp >> (12 - 4 * j)) & 15u];
        *i += k;
        return 6;
    }
    memcpy(e, p + *i, k);
    *i += k;
    return k;
}

const char *cli_escape(char *out, size_t cap, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    if (cap == 0) return out;
    while (i < n) {
        char e[8];
        size_t at = i, el = esc_next(p, n, &i, e);
        if (o + el + (i < n ? 3 : 0) > cap - 1) {
            size_t dots = cap - 1 - o < 3 ? cap - 1 - o : 3;
            (void)at;
            memcpy(out + o, "...", dots);
            o += dots;
            break;
        }
        memcpy(out + o, e, el);
        o += el;
    }
    out[o] = '\0';
    return out;
}

const char *cli_safe(const char *s)
{
    static _Thread_local char ring[8][1024];
    static _Thread_local unsigned next;
    char *b = ring[next++ % 8];
    if (s == NULL) s = "";
    return cli_escape(b, sizeof ring[0], s, strlen(s));
}

void cli_put_safe(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = strlen(s);
    while (i < n) {
        char e[8];
        size_t el = esc_next(p, n, &i, e);
        (void)fwrite(e, 1, el, f);
    }
}

json_t *cli_json_text(const char *s)
{
    json_t *v;
    char *b;
    size_t n;
    if (s == NULL) return json_null();
    v = json_string(s);
    if (v != NULL) return v;
    /* Not UTF-8 (a file name, say): the escaped form, never nothing. */
    n = strlen(s);
    b = cli_xmalloc(4 * n + 1);
    (void)cli_escape(b, 4 * n + 1, s, n);
    v = json_string(b);
    free(b);
    return v != NULL ? v : json_string("");
}

/* ------------------------------------------------------------------------ */
/* Memory                                                                   */
/* ------------------------------------------------------------------------ */

void *cli_xmalloc(size_t n)
{
    void *p = malloc(n == 0 ? 1 : n);
    if (p == NULL) {
        cli_err("out of memory (%zu bytes)", n);
        exit(CLI_EX_SOFTWARE);
    }
    return p;
}

char *cli_xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *p = cli_xmalloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

void cli_wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n-- > 0) *v++ = 0;
}

unsigned cli_ncpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) return 1;
    if (n > 256) return 256;
    return (unsigned)n;
}

/* ------------------------------------------------------------------------ */
/* Files                                                                    */
/* ------------------------------------------------------------------------ */

bool cli_path_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* ---- The inputs (device and inode of every regular file read) ---- */

#define CLI_MAX_INPUTS 256
typedef struct cli_input {
    dev_t dev;
    ino_t ino;
    char *path;
} cli_input;
static cli_input g_inputs[CLI_MAX_INPUTS];
static size_t g_n_inputs;
static pthread_mutex_t g_inputs_mu = PTHREAD_MUTEX_INITIALIZER;

static void note_stat(const struct stat *st, const char *path)
{
    if (!S_ISREG(st->st_mode)) return; /* pipes, terminals: nothing to destroy */
    pthread_mutex_lock(&g_inputs_mu);
    for (size_t i = 0; i < g_n_inputs; i++)
        if (g_inputs[i].dev == st->st_dev && g_inputs[i].ino == st->st_ino) goto out;
    if (g_n_inputs < CLI_MAX_INPUTS) {
        g_inputs[g_n_inputs].dev = st->st_dev;
        g_inputs[g_n_inputs].ino = st->st_ino;
        g_inputs[g_n_inputs].path = cli_xstrdup(path);
        g_n_inputs++;
    }
out:
    pthread_mutex_unlock(&g_inputs_mu);
}

void cli_input_note_fd(int fd, const char *path)
{
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0) note_stat(&st, path);
}

void cli_input_note_path(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0) note_stat(&st, path);
}

/* The input path of the file (dev, ino), or NULL. */
static const char *input_named(dev_t dev, ino_t ino)
{
    const char *r = NULL;
    pthread_mutex_lock(&g_inputs_mu);
    for (size_t i = 0; i < g_n_inputs; i++)
        if (g_inputs[i].dev == dev && g_inputs[i].ino == ino) {
            r = g_inputs[i].path;
            break;
        }
    pthread_mutex_unlock(&g_inputs_mu);
    return r;
}

static int refuse_input(const char *path, const char *in)
{
    if (strcmp(in, path) == 0) cli_err("refusing to write to %s: it is also an input", path);
    else cli_err("refusing to write to %s: it is also an input (%s)", path, in);
    return CLI_EX_CANTCREAT;
}

/* The rules of cli_output_check on what lstat() found. */
static int check_existing(const char *path, const struct stat *st, unsigned flags)
{
    const char *in;
    if (S_ISLNK(st->st_mode)) {
        cli_err("refusing to write to %s: it is a symbolic link (name the file itself)", path);
        return CLI_EX_CANTCREAT;
    }
    if (!S_ISREG(st->st_mode)) {
        cli_err("refusing to write to %s: it is not a regular file", path);
        return CLI_EX_CANTCREAT;
    }
    if ((flags & CLI_W_IN_PLACE) != 0) return CLI_EX_OK;
    in = input_named(st->st_dev, st->st_ino);
    if (in != NULL) return refuse_input(path, in);
    if ((flags & CLI_W_FORCE) == 0) {
        cli_err("refusing to overwrite %s: it already exists (use --force)", path);
        return CLI_EX_CANTCREAT;
    }
    return CLI_EX_OK;
}

int cli_output_check(const char *path, unsigned flags)
{
    struct stat st;
    if (strcmp(path, "-") == 0) return CLI_EX_OK;
    if (lstat(path, &st) != 0) return CLI_EX_OK; /* absent (or unreachable: creating it will say why) */
    return check_existing(path, &st, flags);
}

int cli_output_open(const char *path, unsigned flags, bool append, FILE **out)
{
    struct stat st;
    int fd, oflags = O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
    const char *in;

    *out = NULL;
    if (strcmp(path, "-") == 0) {
        *out = stdout;
        return CLI_EX_OK;
    }
    /* Appending (--resume) continues the tool's own results: an existing
     * file is expected. */
    if (append) flags |= CLI_W_FORCE;
    if (lstat(path, &st) == 0) {
        int rc = check_existing(path, &st, flags);
        if (rc != CLI_EX_OK) return rc;
        oflags |= append ? O_APPEND : 0; /* truncated below, once it is known to be the file checked */
    } else {
        oflags |= O_CREAT | O_EXCL | (append ? O_APPEND : 0);
    }
    fd = open(path, oflags, 0666);
    if (fd < 0) {
        if (errno == ELOOP) cli_err("refusing to write to %s: it is a symbolic link (name the file itself)", path);
        else if (errno == EEXIST) cli_err("refusing to overwrite %s: it already exists (use --force)", path);
        else cli_err_at(path, 0, "cannot create: %s", strerror(errno));
        return CLI_EX_CANTCREAT;
    }
    /* The file opened is the one to write (not an input swapped in). */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        cli_err("refusing to write to %s: it is not a regular file", path);
        return CLI_EX_CANTCREAT;
    }
    in = input_named(st.st_dev, st.st_ino);
    if (in != NULL) {
        close(fd);
        return refuse_input(path, in);
    }
    if (!append && st.st_size > 0 && ftruncate(fd, 0) != 0) {
        cli_err_at(path, 0, "cannot truncate: %s", strerror(errno));
        close(fd);
        return CLI_EX_CANTCREAT;
    }
    *out = fdopen(fd, append ? "a" : "w");
    if (*out == NULL) {
        cli_err_at(path, 0, "cannot open: %s", strerror(errno));
        close(fd);
        return CLI_EX_CANTCREAT;
    }
    return CLI_EX_OK;
}

int cli_read_file(const char *path, size_t cap, uint8_t **out, size_t *len)
{
    int fd = -1;
    bool is_stdin = strcmp(path, "-") == 0;
    uint8_t *buf = NULL;
    size_t n = 0, bufcap = 0;
    struct stat st;
    int rc = CLI_EX_NOINPUT;

    *out = NULL;
    *len = 0;
    fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        cli_err_at(path, 0, "cannot open: %s", strerror(errno));
        return CLI_EX_NOINPUT;
    }
    if (fstat(fd, &st) == 0) {
        if (!is_stdin) note_stat(&st, path);
        if (S_ISDIR(st.st_mode)) {
            cli_err_at(path, 0, "is a directory, not a file");
            goto done;
        }
        if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)cap) {
            cli_err_at(path, 0, "file is %jd bytes, larger than the %zu-byte limit", (intmax_t)st.st_size, cap);
            goto done;
        }
    }
    bufcap = 4096;
    buf = cli_xmalloc(bufcap + 1);
    for (;;) {
        ssize_t r;
        if (n == bufcap) {
            uint8_t *nb;
            if (bufcap > cap) break;
            bufcap *= 2;
            if (bufcap > cap + 1) bufcap = cap + 1;
            nb = realloc(buf, bufcap + 1);
            if (nb == NULL) {
                cli_err_at(path, 0, "out of memory");
                rc = CLI_EX_SOFTWARE;
                goto done;
            }
            buf = nb;
        }
        r = read(fd, buf + n, bufcap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            cli_err_at(path, 0, "cannot read: %s", strerror(errno));
            goto done;
        }
        if (r == 0) break;
        n += (size_t)r;
        if (n > cap) break;
    }
    if (n > cap) {
        cli_err_at(path, 0, "input is larger than the %zu-byte limit", cap);
        goto done;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    buf = NULL;
    rc = CLI_EX_OK;
done:
    free(buf);
    if (!is_stdin) close(fd);
    return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
    const uint8_t *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

void cli_signals_block(cli_sigstate *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    (void)pthread_sigmask(SIG_BLOCK, &set, &old->mask);
}

void cli_signals_restore(const cli_sigstate *old) { (void)pthread_sigmask(SIG_SETMASK, &old->mask, NULL); }

int cli_write_atomic(const char *path, const void *data, size_t len, mode_t mode, unsigned flags)
{
    bool no_clobber = (flags & (CLI_W_FORCE | CLI_W_IN_PLACE)) == 0;
    char *tmp = NULL;
    const char *slash;
    size_t dirlen, plen;
    int fd = -1, rc = CLI_EX_CANTCREAT;
    bool tmp_made = false;
    cli_sigstate sigs;

    if (strcmp(path, "-") == 0) {
        if (len > 0 && fwrite(data, 1, len, stdout) != len) {
            cli_err("cannot write to standard output: %s", strerror(errno));
            return CLI_EX_CANTCREAT;
        }
        if (fflush(stdout) != 0) {
            cli_err("cannot write to standard output: %s", strerror(errno));
            return CLI_EX_CANTCREAT;
        }
        return CLI_EX_OK;
    }
    plen = strlen(path);
    if (plen == 0 || path[plen - 1] == '/') {
        cli_err_at(path, 0, "not a file name");
        return CLI_EX_CANTCREAT;
    }
    rc = cli_output_check(path, flags);
    if (rc != CLI_EX_OK) return rc;
    rc = CLI_EX_CANTCREAT;
    /* No temporary file is left behind by ^C: signals wait until the
     * rename (or the clean-up) is done. */
    cli_signals_block(&sigs);
    slash = strrchr(path, '/');
    dirlen = slash == NULL ? 0 : (size_t)(slash - path) + 1;
    /* "<dir>/.<base>.tmp-XXXXXX": same directory, so rename() is atomic. */
    tmp = cli_xmalloc(plen + 16);
    memcpy(tmp, path, dirlen);
    tmp[dirlen] = '.';
    memcpy(tmp + dirlen + 1, path + dirlen, plen - dirlen);
    memcpy(tmp + plen + 1, ".tmp-XXXXXX", 12);
    fd = mkstemp(tmp); /* created with mode 0600 */
    if (fd < 0) {
        cli_err_at(path, 0, "cannot create: %s", strerror(errno));
        goto done;
    }
    tmp_made = true;
    if (fchmod(fd, mode != 0 ? mode : (mode_t)(0666 & ~g_umask)) != 0 || write_all(fd, data, len) != 0 ||
        fsync(fd) != 0) {
        cli_err_at(path, 0, "cannot write: %s", strerror(errno));
        goto done;
    }
    if (close(fd) != 0) {
        fd = -1;
        cli_err_at(path, 0, "cannot write: %s", strerror(errno));
        goto done;
    }
    fd = -1;
    if (no_clobber) {
        /* link() never replaces an existing name, a symbolic link included. */
        if (link(tmp, path) != 0) {
            if (errno == EEXIST) cli_err("refusing to overwrite %s: it already exists (use --force)", path);
            else cli_err_at(path, 0, "cannot create: %s", strerror(errno));
            goto done;
        }
    } else if (cli_output_check(path, flags) != CLI_EX_OK) {
        goto done; /* changed while the temporary file was written */
    } else if (rename(tmp, path) != 0) {
        cli_err_at(path, 0, "cannot create: %s", strerror(errno));
        goto done;
    } else {
        tmp_made = false;
    }
    rc = CLI_EX_OK;
done:
    if (fd >= 0) close(fd);
    if (tmp_made) (void)unlink(tmp);
    free(tmp);
    cli_signals_restore(&sigs);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Text                                                                     */
/* ------------------------------------------------------------------------ */

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

size_t cli_trim(char *s, size_t len)
{
    size_t a = 0;
    while (a < len && is_ws(s[a])) a++;
    while (len > a && is_ws(s[len - 1])) len--;
    if (a > 0) memmove(s, s + a, len - a);
    s[len - a] = '\0';
    return len - a;
}

void cli_hex(const uint8_t *p, size_t n, char *out)
{
    static const char k[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = k[p[i] >> 4];
        out[2 * i + 1] = k[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int cli_unhex(const char *s, size_t len, uint8_t **out, size_t *out_len)
{
    uint8_t *buf = cli_xmalloc(len / 2 + 1);
    size_t n = 0;
    int hi = -1;
    *out = NULL;
    *out_len = 0;
    for (size_t i = 0; i < len; i++) {
        int v;
        if (is_ws(s[i])) continue;
        v = hexval(s[i]);
        if (v < 0) {
            free(buf);
            return -1;
        }
        if (hi < 0) {
            hi = v;
        } else {
            buf[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0) {
        free(buf);
        return -1;
    }
    *out = buf;
    *out_len = n;
    return 0;
}

unsigned long cli_line_of(const char *text, size_t len, size_t off)
{
    unsigned long line = 1;
    if (off > len) off = len;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') line++;
    return line;
}

/* ---- Locating a field path in JSON text (for "FILE:LINE" in messages) ---- */

static size_t j_ws(const char *j, size_t n, size_t i)
{
    while (i < n && is_ws(j[i])) i++;
    return i;
}

/* i at '"'; returns the index after the closing quote (or n). */
static size_t j_string(const char *j, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (j[i] == '\\') i++;
        else if (j[i] == '"') return i + 1;
    }
    return n;
}

/* Skips one value starting at i; returns the index after it. Iterative. */
static size_t j_value(const char *j, size_t n, size_t i)
{
    size_t depth = 0;
    while (i < n) {
        char c = j[i];
        if (c == '"') {
            i = j_string(j, n, i);
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            if (depth == 0) return i;
            depth--;
            i++;
        } else if (c == ',' || is_ws(c)) {
            if (depth == 0) return i;
            i++;
        } else {
            i++;
        }
        if (depth == 0 && i < n && (j[i] == ',' || j[i] == '}' || j[i] == ']' || is_ws(j[i]))) return i;
    }
    return n;
}

/* Compares the JSON string at [ks, ke) (quotes included) with seg. Keys
 * with escapes compare by their simple one-character escapes only. */
static bool j_key_eq(const char *j, size_t ks, size_t ke, const char *seg, size_t seglen)
{
    size_t a = ks + 1, b = 0;
    if (ke < ks + 2) return false;
    ke--; /* closing quote */
    while (a < ke && b < seglen) {
        char c = j[a];
        if (c == '\\' && a + 1 < ke) {
            a++;
            c = j[a];
            if (c == 'n') c = '\n';
            else if (c == 't') c = '\t';
            else if (c == 'u') return false;
        }
        if (c != seg[b]) return false;
        a++;
        b++;
    }
    return a == ke && b == seglen;
}

size_t cli_json_locate(const char *json, size_t len, const char *path)
{
    size_t pos = j_ws(json, len, 0), best;
    const char *p = path;
    if (pos >= len) return SIZE_MAX;
    best = pos;
    if (strcmp(path, "passport") == 0) return best;
    while (*p != '\0') {
        if (*p == '.') p++;
        if (*p == '[') {
            unsigned long idx = 0, k = 0;
            size_t i;
            bool found = false;
            p++;
            while (*p >= '0' && *p <= '9') idx = idx * 10 + (unsigned long)(*p++ - '0');
            if (*p != ']') break;
            p++;
            if (pos >= len || json[pos] != '[') break;
            i = pos + 1;
            for (;;) {
                i = j_ws(json, len, i);
                if (i >= len || json[i] == ']') break;
                if (k == idx) {
                    found = true;
                    break;
                }
                i = j_ws(json, len, j_value(json, len, i));
                if (i >= len || json[i] != ',') break;
                i++;
                k++;
            }
            if (!found) break;
            pos = best = i;
        } else {
            const char *e = p;
            size_t seglen, i;
            bool found = false;
            while (*e != '\0' && *e != '.' && *e != '[') e++;
            seglen = (size_t)(e - p);
            if (pos >= len || json[pos] != '{') break;
            i = pos + 1;
            for (;;) {
                size_t ks, ke;
                i = j_ws(json, len, i);
                if (i >= len || json[i] != '"') break;
                ks = i;
                ke = j_string(json, len, i);
                i = j_ws(json, len, ke);
                if (i >= len || json[i] != ':') break;
                i = j_ws(json, len, i + 1);
                if (j_key_eq(json, ks, ke, p, seglen)) {
                    best = ks;
                    pos = i;
                    found = true;
                    break;
                }
                i = j_ws(json, len, j_value(json, len, i));
                if (i >= len || json[i] != ',') break;
                i++;
            }
            if (!found) break;
            p = e;
        }
    }
    return best;
}

unsigned long cli_json_diag_line(const char *json, size_t len, const dpp_diag *d)
{
    char path[DPP_DIAG_MSG_LEN];
    const char *colon;
    size_t off;
    if (d->offset != SIZE_MAX && d->offset <= len) return cli_line_of(json, len, d->offset);
    colon = strstr(d->msg, ": ");
    if (colon == NULL) return 0;
    memcpy(path, d->msg, (size_t)(colon - d->msg));
    path[colon - d->msg] = '\0';
    off = cli_json_locate(json, len, path);
    return off == SIZE_MAX ? 0 : cli_line_of(json, len, off);
}

void cli_print_json_diag(const char *file, const char *json, size_t len, const dpp_diag *d)
{
    unsigned long l = 0, c = 0;
    int used = 0;
    /* Syntax errors carry "at line L, column C" (jansson's position): print
     * them as FILE:L:C so editors can jump there. */
    if (d->err == DPP_ERR_JSON_SYNTAX &&
        sscanf(d->msg, "JSON syntax error at line %lu, column %lu: %n", &l, &c, &used) == 2 && used > 0) {
        fprintf(stderr, "dpp: %s:%lu:%lu: JSON syntax error: %s\n", shown(file), l, c, d->msg + used);
        return;
    }
    cli_err_at(file, cli_json_diag_line(json, len, d), "%s", d->msg);
}

/* ------------------------------------------------------------------------ */
/* Time                                                                     */
/* ------------------------------------------------------------------------ */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* Reads exactly n digits at *p. */
static bool digits(const char **p, int n, long *out)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return true;
}

int cli_parse_time(const char *s, int64_t now, int64_t *out)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const char *p = s;
    long y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0;
    int sign = 0;
    int64_t t;

    if (strcmp(s, "now") == 0) {
        *out = now;
        return 0;
    }
    if (s[0] == '@') {
        char *end = NULL;
        long long v;
        errno = 0;
        if (s[1] == '\0') return -1;
        v = strtoll(s + 1, &end, 10);
        if (errno != 0 || *end != '\0' || v < 0) return -1;
        *out = (int64_t)v;
        return 0;
    }
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' || !digits(&p, 2, &d)) return -1;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1) return -1;
    if (d > mdays[mo - 1] + (mo == 2 && leap(y) ? 1 : 0)) return -1;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi)) return -1;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &se)) return -1;
            if (*p == '.' || *p == ',') {
                p++;
                if (*p < '0' || *p > '9') return -1;
                while (*p >= '0' && *p <= '9') p++; /* fractions are dropped */
            }
        }
        if (h > 23 || mi > 59 || se > 60) return -1;
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            sign = *p == '+' ? 1 : -1;
            p++;
            if (!digits(&p, 2, &oh)) return -1;
            if (*p == ':') p++;
            if (*p != '\0' && !digits(&p, 2, &om)) return -1;
            if (oh > 23 || om > 59) return -1;
        }
    }
    if (*p != '\0') return -1;
    t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
    t -= sign * (oh * 3600 + om * 60);
    if (t < 0) return -1;
    *out = t;
    return 0;
}

int cli_parse_duration(const char *s, int64_t *out)
{
    char *end = NULL;
    unsigned long long v;
    int64_t mul;
    if (s[0] < '0' || s[0] > '9') return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s) return -1;
    switch (*end) {
    case 's': mul = 1; break;
    case 'm': mul = 60; break;
    case 'h': mul = 3600; break;
    case 'd': mul = 86400; break;
    case 'w': mul = 7 * 86400; break;
    case 'y': mul = 365 * 86400; break;
    default: return -1;
    }
    if (end[1] != '\0' || v == 0 || v > (unsigned long long)(INT64_MAX / mul) / 4) return -1;
    *out = (int64_t)v * mul;
    return 0;
}

void cli_format_time(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (cap == 0) return;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        (void)snprintf(out, cap, "@%lld", (long long)t);
}

/* ------------------------------------------------------------------------ */
/* Options                                                                  */
/* ------------------------------------------------------------------------ */

void cli_args_init(cli_args *a, const char *cmd, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->argc = argc;
    a->argv = argv;
    a->i = 0;
    a->cmd = cmd;
}

int cli_args_next(cli_args *a, const cli_opt *opts, const char **arg)
{
    const char *s;
    *arg = NULL;
    for (;;) {
        if (a->i >= a->argc) return -1;
        s = a->argv[a->i++];
        if (a->only_pos || s[0] != '-' || s[1] == '\0') {
            *arg = s;
            return 0;
        }
        if (strcmp(s, "--") == 0) {
            a->only_pos = true;
            continue;
        }
        break;
    }
    if (s[1] == '-') {
        const char *name = s + 2, *eq = strchr(name, '=');
        size_t nl = eq != NULL ? (size_t)(eq - name) : strlen(name);
        for (const cli_opt *o = opts; o->name != NULL; o++) {
            if (strlen(o->name) != nl || memcmp(o->name, name, nl) != 0) continue;
            if (!o->has_arg) {
                if (eq != NULL) return -cli_usage_err(a->cmd, "option --%s takes no value", o->name);
                return o->id;
            }
            if (eq != NULL) {
                *arg = eq + 1;
            } else {
                if (a->i >= a->argc) return -cli_usage_err(a->cmd, "option --%s needs a value", o->name);
                *arg = a->argv[a->i++];
            }
            return o->id;
        }
        return -cli_usage_err(a->cmd, "unknown option '%.*s'", (int)(nl + 2), s);
    }
    for (const cli_opt *o = opts; o->name != NULL; o++) {
        if (o->short_name == 0 || o->short_name != s[1]) continue;
        if (!o->has_arg) {
            if (s[2] != '\0') return -cli_usage_err(a->cmd, "unknown option '%s'", s);
            return o->id;
        }
        if (s[2] != '\0') {
            *arg = s + 2;
        } else {
            if (a->i >= a->argc) return -cli_usage_err(a->cmd, "option -%c needs a value", o->short_name);
            *arg = a->argv[a->i++];
        }
        return o->id;
    }
    return -cli_usage_err(a->cmd, "unknown option '%s'", s);
}

int cli_parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
    char *end = NULL;
    unsigned long v;
    if (s[0] < '0' || s[0] > '9') return -1;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}
