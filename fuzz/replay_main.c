/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Replay driver: runs a libFuzzer harness over files without libFuzzer, so
 * the harnesses build with any compiler (gcc, valgrind, sanitizer builds)
 * and ctest replays the committed corpora on every build.
 *
 *   replay_<harness> FILE_OR_DIR...
 *
 * Each regular file (directories: each regular file inside, sorted by name,
 * not recursive) is read whole and passed to LLVMFuzzerTestOneInput() once.
 * A violated property aborts. Exit 0 after all inputs ran; 2 on I/O errors
 * or when no input was found.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

#define REPLAY_MAX_INPUT (1024u * 1024u)

/* Optional in a harness, as with libFuzzer. */
extern int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path, size_t *count)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    size_t n;

    if (f == NULL) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 2;
    }
    buf = malloc(REPLAY_MAX_INPUT + 1u);
    if (buf == NULL) {
        fclose(f);
        return 2;
    }
    n = fread(buf, 1, REPLAY_MAX_INPUT + 1u, f);
    fclose(f);
    if (n > REPLAY_MAX_INPUT) {
        fprintf(stderr, "replay: %s: larger than %u bytes\n", path, REPLAY_MAX_INPUT);
        free(buf);
        return 2;
    }
    /* an exact-size copy, so reads past the end are caught by ASan/valgrind */
    {
        uint8_t *exact = malloc(n != 0 ? n : 1u);
        if (exact == NULL) {
            free(buf);
            return 2;
        }
        if (n != 0) {
            memcpy(exact, buf, n);
        }
        free(buf);
        (void)LLVMFuzzerTestOneInput(exact, n);
        free(exact);
    }
    (*count)++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;

    if (d == NULL) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return 2;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        if (n == cap) {
            char **grown;
            cap = cap != 0 ? cap * 2u : 64u;
            grown = realloc(names, cap * sizeof *names);
            if (grown == NULL) {
                rc = 2;
                break;
            }
            names = grown;
        }
        size_t sz = strlen(dir) + strlen(de->d_name) + 2u;
        names[n] = malloc(sz);
        if (names[n] == NULL) {
            rc = 2;
            break;
        }
        snprintf(names[n], sz, "%s/%s", dir, de->d_name);
        n++;
    }
    closedir(d);
    if (rc == 0 && n != 0) {
        qsort(names, n, sizeof *names, cmp_names);
    }
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            rc = run_file(names[i], count);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;

    if (LLVMFuzzerInitialize != NULL) {
        (void)LLVMFuzzerInitialize(&argc, &argv);
    }
    for (int i = 1; i < argc && rc == 0; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            rc = 2;
        } else if (S_ISDIR(st.st_mode)) {
            rc = run_dir(argv[i], &count);
        } else {
            rc = run_file(argv[i], &count);
        }
    }
    if (rc == 0 && count == 0) {
        fprintf(stderr, "replay: no input files\n");
        rc = 2;
    }
    if (rc == 0) {
        printf("replay: %zu inputs ran, no property violated\n", count);
    }
    return rc;
}
