/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: exit codes, messages, memory. */
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
    case DPP_ERR_REVOKED:
    case DPP_ERR_STATUS_REVOKED:
    case DPP_ERR_CERT_REVOKED: return CLI_EX_REVOKED;
    case DPP_ERR_ATTESTATION_TIME:
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

const char *cli_path_shown(const char *path) { return strcmp(path, "-") == 0 ? "<stdin>" : path; }

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
    cli_put_safe(stderr, cli_path_shown(file));
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
