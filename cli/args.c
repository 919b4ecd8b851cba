/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: option parsing. */
#include "args.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

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
