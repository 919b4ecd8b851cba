/* SPDX-License-Identifier: Apache-2.0 */
/* dpp command-line tool: where passport text comes from (TEXT, --in, --image). */
#include "source.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image.h"
#include "util.h"

/* The library's rule (dpp_text_trim: space, tab, CR, LF at either end), so
 * the tool accepts exactly what dpp_verify() accepts. */
static size_t source_trim(char *s, size_t n)
{
    size_t start = 0, len = dpp_text_trim(s, n, &start);
    memmove(s, s + start, len);
    s[len] = '\0';
    return len;
}

int cli_source_read(const char *cmd, const cli_source *src, char **text, size_t *len, const char **name)
{
    int given = (src->text_arg != NULL) + (src->in_file != NULL) + (src->image != NULL);
    uint8_t *buf = NULL;
    size_t n = 0;
    int rc;

    *text = NULL;
    *len = 0;
    *name = "<stdin>";
    if (given > 1) return cli_usage_err(cmd, "give only one of TEXT, --in FILE and --image IMAGE");
    if (src->image != NULL) {
        *name = src->image;
        return cli_image_qr(src->image, text, len);
    }
    if (src->text_arg != NULL && strcmp(src->text_arg, "-") != 0) {
        const char *t = src->text_arg;
        if (strncmp(t, "DPP", 3) != 0 && strchr(t, ':') == NULL && cli_path_exists(t))
            return cli_usage_err(cmd, "'%s' is a file name, not passport text; use --in %s (or --image for a picture)",
                                 t, t);
        n = strlen(t);
        if (n > CLI_MAX_TEXT_FILE) return cli_usage_err(cmd, "TEXT is longer than %u characters", CLI_MAX_TEXT_FILE);
        *text = cli_xstrdup(t);
        *len = source_trim(*text, n);
        *name = "<argument>";
        return CLI_EX_OK;
    }
    if (src->in_file != NULL) *name = strcmp(src->in_file, "-") == 0 ? "<stdin>" : src->in_file;
    if (src->in_file == NULL && src->text_arg == NULL && isatty(STDIN_FILENO))
        return cli_usage_err(cmd, "no input: give TEXT, --in FILE or --image IMAGE, or pipe the text in");
    rc = cli_read_file(src->in_file != NULL ? src->in_file : "-", CLI_MAX_TEXT_FILE, &buf, &n);
    if (rc != CLI_EX_OK) return rc;
    *len = source_trim((char *)buf, n);
    *text = (char *)buf;
    return CLI_EX_OK;
}
