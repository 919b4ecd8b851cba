/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Batch work. The main thread reads input lines into a bounded window of
 * records, worker threads take records in input order and process them,
 * and the main thread writes the results strictly in input order as they
 * complete. So the results file is always a prefix of the input: its line
 * count is where --resume restarts.
 *
 * SIGINT: workers take no new record; records already taken are finished
 * and written; then the run stops with CLI_EX_INTERRUPTED. A second SIGINT
 * kills the process (SA_RESETHAND). Without a crash no line is ever
 * half-written; a partial last line (after kill -9 or a power cut) is cut
 * off by --resume.
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "util.h"

/* Set by the SIGINT handler; the only global the batch code writes. */
static volatile sig_atomic_t g_interrupted = 0;

static void on_sigint(int sig)
{
    (void)sig;
    g_interrupted = 1;
}

char *batch_error_record(unsigned long line, const char *okkey, const char *err_name, const char *msg)
{
    json_t *o = json_object();
    char *s;
    json_object_set_new(o, "line", json_integer((json_int_t)line));
    json_object_set_new(o, okkey, json_false());
    json_object_set_new(o, "error", cli_json_text(err_name));
    json_object_set_new(o, "message", cli_json_text(msg));
    s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (s == NULL) {
        cli_err("out of memory");
        exit(CLI_EX_SOFTWARE);
    }
    return s;
}

/* ---- Line reader over a file descriptor ---- */

typedef struct lreader {
    int fd;
    char buf[65536];
    size_t pos, end;
    bool eof;
    /* The line being assembled; kept across calls that would block. */
    char *acc;
    size_t n, cap;
    bool too_long, any;
} lreader;

/* 1: a line in *rec; 0: end of input; -1: read error (errno); -2:
 * interrupted; -3: no complete line available now (nonblock only). */
static int lr_next(lreader *r, size_t max, batch_rec *rec, bool nonblock)
{
    for (;;) {
        const char *nl;
        size_t take;
        if (r->pos == r->end) {
            ssize_t k;
            if (r->eof) break;
            if (nonblock) {
                struct pollfd pf;
                int pk;
                pf.fd = r->fd;
                pf.events = POLLIN;
                pf.revents = 0;
                pk = poll(&pf, 1, 0);
                if (pk == 0) return -3;
                if (pk < 0) {
                    if (errno != EINTR) return -1;
                    if (g_interrupted) return -2;
                    continue;
                }
            }
            k = read(r->fd, r->buf, sizeof r->buf);
            if (k < 0) {
                if (errno == EINTR) {
                    if (g_interrupted) return -2;
                    continue;
                }
                return -1;
            }
            if (k == 0) {
                r->eof = true;
                break;
            }
            r->pos = 0;
            r->end = (size_t)k;
        }
        r->any = true;
        nl = memchr(r->buf + r->pos, '\n', r->end - r->pos);
        take = nl != NULL ? (size_t)(nl - (r->buf + r->pos)) : r->end - r->pos;
        if (!r->too_long) {
            if (r->n + take > max) {
                r->too_long = true;
                r->n = 0;
            } else {
                if (r->acc == NULL || r->n + take + 1 > r->cap) {
                    char *na;
                    size_t nc = r->cap == 0 ? 256 : r->cap;
                    while (r->n + take + 1 > nc) nc *= 2;
                    na = realloc(r->acc, nc);
                    if (na == NULL) {
                        errno = ENOMEM;
                        return -1;
                    }
                    r->acc = na;
                    r->cap = nc;
                }
                memcpy(r->acc + r->n, r->buf + r->pos, take);
                r->n += take;
            }
        }
        r->pos += take;
        if (nl != NULL) {
            r->pos++;
            goto emit;
        }
    }
    if (!r->any) return 0;
emit:
    if (r->acc == NULL) {
        r->acc = cli_xmalloc(1);
        r->cap = 1;
    }
    if (r->n > 0 && r->acc[r->n - 1] == '\r') r->n--;
    r->acc[r->n] = '\0';
    rec->in = r->acc;
    rec->in_len = r->n;
    rec->too_long = r->too_long;
    r->acc = NULL;
    r->n = r->cap = 0;
    r->too_long = r->any = false;
    return 1;
}

/* The next record: a line of the input, or the next of cfg->items (same
 * results as lr_next). */
static int src_next(const batch_cfg *cfg, lreader *r, unsigned long *item, batch_rec *rec, bool nonblock)
{
    if (cfg->items == NULL) return lr_next(r, cfg->max_line, rec, nonblock);
    if (*item >= cfg->n_items) return 0;
    memset(rec, 0, sizeof *rec);
    rec->in_len = strlen(cfg->items[*item]);
    rec->in = cli_xmalloc(rec->in_len + 1);
    memcpy(rec->in, cfg->items[*item], rec->in_len + 1);
    (*item)++;
    return 1;
}

/* Lines in a regular file (for the progress bar), or 0 if unknown. */
static unsigned long count_lines(const char *path)
{
    char buf[65536];
    unsigned long n = 0;
    ssize_t k;
    char last = '\n';
    struct stat st;
    int fd;
    if (strcmp(path, "-") == 0) return 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return 0;
    }
    while ((k = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < k; i++)
            if (buf[i] == '\n') n++;
        last = buf[k - 1];
    }
    close(fd);
    return n + (last != '\n');
}

/* ---- --resume: how many records the results file already holds ---- */

static int resume_point(const char *cmd, const char *path, unsigned long *done)
{
    char buf[65536];
    int fd;
    ssize_t k;
    off_t pos = 0, last_nl_end = 0, prev_nl_end = 0;
    unsigned long n = 0;
    struct stat st;

    *done = 0;
    fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT) return CLI_EX_OK; /* nothing done yet */
        if (errno == ELOOP) {
            cli_err("refusing to write to %s: it is a symbolic link (name the file itself)", path);
            return CLI_EX_CANTCREAT;
        }
        cli_err_at(path, 0, "cannot open for --resume: %s", strerror(errno));
        return CLI_EX_CANTCREAT;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        cli_err_at(path, 0, "--resume needs a regular results file");
        return CLI_EX_USAGE;
    }
    while ((k = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < k; i++)
            if (buf[i] == '\n') {
                n++;
                prev_nl_end = last_nl_end;
                last_nl_end = pos + i + 1;
            }
        pos += k;
    }
    if (k < 0) {
        cli_err_at(path, 0, "cannot read: %s", strerror(errno));
        close(fd);
        return CLI_EX_NOINPUT;
    }
    if (pos > last_nl_end) {
        /* A record cut short by a crash: drop it, it will be redone. */
        if (ftruncate(fd, last_nl_end) != 0) {
            cli_err_at(path, 0, "cannot cut the partial last record: %s", strerror(errno));
            close(fd);
            return CLI_EX_CANTCREAT;
        }
        cli_warn("%s: dropped a partial last record; it will be redone", path);
    }
    if (n > 0) {
        /* The last record must be the n-th line of the input. */
        size_t len = (size_t)(last_nl_end - prev_nl_end);
        char *line = cli_xmalloc(len + 1);
        json_t *o = NULL;
        json_int_t got = -1;
        if (pread(fd, line, len, prev_nl_end) == (ssize_t)len) {
            o = json_loadb(line, len, 0, NULL);
            if (json_is_integer(json_object_get(o, "line"))) got = json_integer_value(json_object_get(o, "line"));
        }
        json_decref(o);
        free(line);
        if (got != (json_int_t)n) {
            close(fd);
            cli_err_at(path, n, "this results file does not continue the input: its last record is line %lld, "
                                "expected %lu (remove it to start over)", (long long)got, n);
            (void)cmd;
            return CLI_EX_USAGE;
        }
    }
    close(fd);
    *done = n;
    return CLI_EX_OK;
}

/* ---- The pool ---- */

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv_work;
    pthread_cond_t cv_done;
    batch_rec *ring;
    bool *fin;
    size_t cap;
    unsigned long nread;  /* records read into the ring (sequence numbers) */
    unsigned long ntaken; /* records taken by workers */
    unsigned long nwritten;
    unsigned long wake_at; /* the record whose completion wakes the writer */
    unsigned in_flight;
    bool eof;
    bool stop;
    batch_fn fn;
    void *ctx;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        unsigned long seq;
        batch_rec *r;
        while (!p->stop && p->ntaken == p->nread && !p->eof) pthread_cond_wait(&p->cv_work, &p->mu);
        if (p->stop || p->ntaken == p->nread) break;
        seq = p->ntaken++;
        p->in_flight++;
        r = &p->ring[seq % p->cap];
        pthread_mutex_unlock(&p->mu);
        p->fn(p->ctx, r);
        if (r->out == NULL) r->out = batch_error_record(r->line, "ok", "DPP_ERR_NO_MEMORY", "no result");
        pthread_mutex_lock(&p->mu);
        p->fin[seq % p->cap] = true;
        p->in_flight--;
        /* The writer waits for one record (wake_at, see batch_run) or, when
         * stopping, for the last one in flight: waking it for every record
         * costs a context switch each and takes CPU from the workers. */
        if (seq == p->wake_at || (p->stop && p->in_flight == 0)) pthread_cond_signal(&p->cv_done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(unsigned long done, unsigned long total, double t0)
{
    double el = now_s() - t0;
    double rate = el > 0 ? (double)done / el : 0.0;
    if (total > 0) {
        char bar[31];
        unsigned long fill = done >= total ? 30 : done * 30 / total;
        for (unsigned long i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '-';
        bar[30] = '\0';
        fprintf(stderr, "\r[%s] %lu/%lu %3lu%% %.0f/s ", bar, done, total, total ? done * 100 / total : 0, rate);
    } else {
        fprintf(stderr, "\r%lu records %.0f/s ", done, rate);
    }
    fflush(stderr);
}

int batch_run(const batch_cfg *cfg, batch_fn fn, void *ctx, batch_stats *st)
{
    pool p;
    lreader *rd = NULL;
    FILE *out = NULL;
    pthread_t *th = NULL;
    unsigned nth = 0, jobs = cfg->jobs < 1 ? 1 : cfg->jobs;
    unsigned long skip = 0, line = 0, total = 0, item = 0;
    struct sigaction sa, old_sa;
    bool show = !cfg->quiet && isatty(STDERR_FILENO);
    bool to_stdout = strcmp(cfg->out_path, "-") == 0;
    int rc = CLI_EX_OK, io_err = 0;
    bool interrupted = false;
    double t0 = now_s(), last_draw = 0;

    memset(st, 0, sizeof *st);
    memset(&p, 0, sizeof p);
    p.wake_at = (unsigned long)-1;
    if (cfg->resume && to_stdout)
        return cli_usage_err(cfg->cmd, "--resume needs a results file (--out), not standard output");
    rd = cli_xmalloc(sizeof *rd);
    memset(rd, 0, sizeof *rd);
    rd->fd = cfg->items != NULL                  ? -1
             : strcmp(cfg->in_path, "-") == 0 ? STDIN_FILENO
                                              : open(cfg->in_path, O_RDONLY | O_CLOEXEC);
    if (rd->fd < 0 && cfg->items == NULL) {
        cli_err_at(cfg->in_path, 0, "cannot open: %s", strerror(errno));
        free(rd);
        return CLI_EX_NOINPUT;
    }
    {
        struct stat sst;
        if (rd->fd >= 0 && fstat(rd->fd, &sst) == 0 && S_ISDIR(sst.st_mode)) {
            cli_err_at(cfg->in_path, 0, "is a directory, not a file");
            rc = CLI_EX_NOINPUT;
            goto done;
        }
    }
    /* The input is known before the results file is checked or opened:
     * --out SCANS with --batch SCANS (by any name) is refused, not emptied. */
    if (rd->fd >= 0 && rd->fd != STDIN_FILENO) cli_input_note_fd(rd->fd, cfg->in_path);
    if (!to_stdout) {
        rc = cli_output_check(cfg->out_path, cfg->force || cfg->resume ? CLI_W_FORCE : 0);
        if (rc != CLI_EX_OK) goto done;
    }
    if (cfg->resume) {
        rc = resume_point(cfg->cmd, cfg->out_path, &skip);
        if (rc != CLI_EX_OK) goto done;
    }
    rc = cli_output_open(cfg->out_path, cfg->force ? CLI_W_FORCE : 0, cfg->resume, &out);
    if (rc != CLI_EX_OK) goto done;
    if (show) total = cfg->items != NULL ? cfg->n_items : count_lines(cfg->in_path);

    /* Skip what --resume found done. */
    while (line < skip) {
        batch_rec r;
        int k = src_next(cfg, rd, &item, &r, false);
        if (k != 1) break;
        free(r.in);
        line++;
    }
    st->skipped = line;
    if (total > line) total -= line;
    else total = 0;

    p.cap = jobs * 64u < 256u ? 256u : jobs * 64u;
    p.ring = cli_xmalloc(p.cap * sizeof *p.ring);
    p.fin = cli_xmalloc(p.cap * sizeof *p.fin);
    memset(p.ring, 0, p.cap * sizeof *p.ring);
    memset(p.fin, 0, p.cap * sizeof *p.fin);
    p.fn = fn;
    p.ctx = ctx;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv_work, NULL);
    pthread_cond_init(&p.cv_done, NULL);

    g_interrupted = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = (int)SA_RESETHAND; /* a second ^C kills */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_sa);

    th = cli_xmalloc(jobs * sizeof *th);
    for (nth = 0; nth < jobs; nth++)
        if (pthread_create(&th[nth], NULL, worker, &p) != 0) break;
    if (nth == 0) {
        cli_err("cannot start worker threads");
        rc = CLI_EX_SOFTWARE;
        goto stop;
    }

    pthread_mutex_lock(&p.mu);
    for (;;) {
        bool wrote = false, idle = false;
        if (g_interrupted && !p.stop) {
            p.stop = interrupted = true;
            pthread_cond_broadcast(&p.cv_work);
        }
        /* Fill the window (without blocking: results keep flowing while a
         * slow producer, e.g. a scanner on a pipe, sends nothing). */
        while (!p.eof && !p.stop && p.nread - p.nwritten < p.cap) {
            batch_rec r;
            int k;
            memset(&r, 0, sizeof r);
            pthread_mutex_unlock(&p.mu);
            k = src_next(cfg, rd, &item, &r, true);
            pthread_mutex_lock(&p.mu);
            if (k == -3) {
                idle = true;
                break;
            }
            if (k == 1) {
                r.line = ++line;
                p.ring[p.nread % p.cap] = r;
                p.fin[p.nread % p.cap] = false;
                p.nread++;
                pthread_cond_signal(&p.cv_work);
            } else {
                if (k == -1) {
                    io_err = errno;
                    p.stop = true;
                }
                if (k == -2) p.stop = interrupted = true;
                p.eof = true;
                pthread_cond_broadcast(&p.cv_work);
                break;
            }
            if (g_interrupted) {
                p.stop = interrupted = true;
                pthread_cond_broadcast(&p.cv_work);
                break;
            }
        }
        /* Write finished records in order. */
        while (p.nwritten < p.nread && p.fin[p.nwritten % p.cap]) {
            batch_rec *r = &p.ring[p.nwritten % p.cap];
            pthread_mutex_unlock(&p.mu);
            if (cfg->emit != NULL) cfg->emit(ctx, r);
            if (fputs(r->out, out) == EOF || fputc('\n', out) == EOF) io_err = io_err ? io_err : errno;
            if (r->ok) st->ok++;
            else st->failed++;
            st->done++;
            free(r->in);
            free(r->out);
            memset(r, 0, sizeof *r);
            wrote = true;
            pthread_mutex_lock(&p.mu);
            p.nwritten++;
        }
        if (wrote && fflush(out) != 0) io_err = io_err ? io_err : errno;
        if (io_err != 0 && !p.stop) {
            p.stop = true;
            pthread_cond_broadcast(&p.cv_work);
        }
        if (g_interrupted && !p.stop && !(p.eof && p.nwritten == p.nread)) {
            p.stop = interrupted = true;
            pthread_cond_broadcast(&p.cv_work);
        }
        if (p.stop) {
            if (p.in_flight == 0 && p.nwritten == p.ntaken) break;
        } else if (p.eof && p.nwritten == p.nread) {
            break;
        }
        if (show && now_s() - last_draw > 0.1) {
            last_draw = now_s();
            progress(st->done, total, t0);
        }
        {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += (idle ? 20 : 100) * 1000 * 1000;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            /* Sleep until half the window (or all that was read) is done,
             * so that each wake-up writes many records. */
            unsigned long half = p.nwritten + p.cap / 2;
            p.wake_at = (half < p.nread ? half : p.nread) - 1;
            /* Done already while an older one is not: wait for the oldest. */
            if (p.nwritten < p.nread && p.fin[p.wake_at % p.cap]) p.wake_at = p.nwritten;
            if (!(p.nwritten < p.nread && p.fin[p.wake_at % p.cap]) &&
                (idle || !(!p.eof && !p.stop && p.nread - p.nwritten < p.cap)))
                (void)pthread_cond_timedwait(&p.cv_done, &p.mu, &ts);
            p.wake_at = (unsigned long)-1;
        }
    }
    st->interrupted = interrupted && io_err == 0;
    pthread_cond_broadcast(&p.cv_work);
    pthread_mutex_unlock(&p.mu);

stop:
    for (unsigned i = 0; i < nth; i++) pthread_join(th[i], NULL);
    sigaction(SIGINT, &old_sa, NULL);
    if (show) fputs("\r\033[K", stderr);
    /* Records read but never taken (after a stop). */
    for (unsigned long s = p.nwritten; s < p.nread; s++) {
        free(p.ring[s % p.cap].in);
        free(p.ring[s % p.cap].out);
    }
    if (io_err != 0) {
        cli_err_at(to_stdout ? "<stdout>" : cfg->out_path, 0, "write failed: %s", strerror(io_err));
        if (rc == CLI_EX_OK) rc = CLI_EX_CANTCREAT;
    }
done:
    if (out != NULL && out != stdout) {
        if (fclose(out) != 0 && rc == CLI_EX_OK) {
            cli_err_at(cfg->out_path, 0, "write failed: %s", strerror(errno));
            rc = CLI_EX_CANTCREAT;
        }
    } else if (out == stdout) {
        fflush(stdout);
    }
    if (rd->fd >= 0 && rd->fd != STDIN_FILENO) close(rd->fd);
    free(rd->acc);
    free(rd);
    free(th);
    free(p.ring);
    free(p.fin);
    if (p.cap > 0) {
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.cv_work);
        pthread_cond_destroy(&p.cv_done);
    }
    if (rc != CLI_EX_OK) return rc;
    if (!cfg->quiet) {
        if (st->skipped > 0)
            fprintf(stderr, "dpp: %s: resumed after line %lu\n", cfg->cmd, st->skipped);
        fprintf(stderr, "dpp: %s: %lu ok, %lu failed\n", cfg->cmd, st->ok, st->failed);
    }
    if (st->interrupted) {
        fprintf(stderr,
                "dpp: %s: interrupted: results for input lines 1..%lu are complete in %s; "
                "run the same command with --resume to continue\n",
                cfg->cmd, st->skipped + st->done, to_stdout ? "<stdout>" : cli_safe(cfg->out_path));
        return CLI_EX_INTERRUPTED;
    }
    return st->failed > 0 ? CLI_EX_INVALID : CLI_EX_OK;
}
