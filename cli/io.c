/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: reading inputs, checking and writing outputs
 * (atomic writes, outputs never destroy inputs). */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static mode_t g_umask = 022; /* written once by cli_init() before any thread starts */

void cli_init(void)
{
    mode_t m = umask(0);
    (void)umask(m);
    g_umask = m;
}

mode_t cli_umask(void) { return g_umask; }

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
