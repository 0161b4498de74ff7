/* Replays the committed corpus of one libFuzzer target in make check,
 * built with the normal compiler: every file in
 * tests/fuzz/corpus/FUZZ_NAME/ (the seeds, a few valid inputs, and every
 * crasher found so far) is fed to the target's LLVMFuzzerTestOneInput(),
 * whole and then cut at every length, so the entry point stays exercised
 * and fixed crashes stay fixed.  The target's own checks abort on a
 * failure.
 *
 * tests/fuzz.mk builds this file once per target, linked with
 * tests/fuzz/fuzz-FUZZ_NAME.c and with FUZZ_NAME defined as the target's
 * name. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "lib/util.h"

#ifndef FUZZ_NAME
#error "FUZZ_NAME must name the fuzz target"
#endif

/* The fuzz target's entry point (tests/fuzz/fuzz-FUZZ_NAME.c). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CORPUS_DIR SLUICE_SRCDIR "/tests/fuzz/corpus/" FUZZ_NAME

/* Inputs no longer than this are also replayed cut at every length. */
#define MAX_CUT_LEN 4096

struct input {
    char *name;
    uint8_t *data;
    size_t size;
};

static struct input *inputs;
static size_t n_inputs;

static int
compare_names(const void *a_, const void *b_)
{
    const struct input *a = a_, *b = b_;
    return strcmp(a->name, b->name);
}

/* Reads the file 'path' into 'in'.  Returns 0 or an errno value. */
static int
read_input(const char *path, struct input *in)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return errno;
    }
    size_t cap = 4096;
    in->data = xmalloc(cap);
    in->size = 0;
    size_t n;
    while ((n = fread(in->data + in->size, 1, cap - in->size, f)) > 0) {
        in->size += n;
        if (in->size == cap) {
            cap *= 2;
            in->data = xrealloc(in->data, cap);
        }
    }
    int error = ferror(f) ? EIO : 0;
    fclose(f);
    return error;
}

/* Loads every regular file of CORPUS_DIR, sorted by name. */
static int
setup(void **state)
{
    DIR *dir = opendir(CORPUS_DIR);
    if (!dir) {
        fprintf(stderr, "%s: %s\n", CORPUS_DIR, strerror(errno));
        return -1;
    }
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        char *path = xasprintf("%s/%s", CORPUS_DIR, de->d_name);
        struct stat st;
        if (de->d_name[0] != '.' && !stat(path, &st) && S_ISREG(st.st_mode)) {
            inputs = xrealloc(inputs, (n_inputs + 1) * sizeof *inputs);
            struct input *in = &inputs[n_inputs++];
            in->name = xstrdup(de->d_name);
            int error = read_input(path, in);
            if (error) {
                fprintf(stderr, "%s: %s\n", path, strerror(error));
                free(path);
                closedir(dir);
                return -1;
            }
        }
        free(path);
    }
    closedir(dir);
    qsort(inputs, n_inputs, sizeof *inputs, compare_names);
    return 0;
}

static int
teardown(void **state)
{
    for (size_t i = 0; i < n_inputs; i++) {
        free(inputs[i].name);
        free(inputs[i].data);
    }
    free(inputs);
    return 0;
}

/* Every input whole, in a buffer of exactly its size. */
static void
test_replay_whole(void **state)
{
    size_t n_seeds = 0;
    for (size_t i = 0; i < n_inputs; i++) {
        uint8_t *copy = xmalloc(inputs[i].size ? inputs[i].size : 1);
        memcpy(copy, inputs[i].data, inputs[i].size);
        LLVMFuzzerTestOneInput(copy, inputs[i].size);
        free(copy);
        n_seeds += !strncmp(inputs[i].name, "seed-", 5);
    }
    printf("replayed %zu inputs (%zu seeds) of %s\n", n_inputs, n_seeds,
           CORPUS_DIR);
    /* The seeds keep the entry point exercised: they must be there. */
    assert_true(n_seeds >= 3);
}

/* Every short input cut at every length, as a peer that stops midway. */
static void
test_replay_cut(void **state)
{
    for (size_t i = 0; i < n_inputs; i++) {
        if (inputs[i].size > MAX_CUT_LEN) {
            continue;
        }
        for (size_t len = 0; len < inputs[i].size; len++) {
            uint8_t *copy = xmalloc(len ? len : 1);
            memcpy(copy, inputs[i].data, len);
            LLVMFuzzerTestOneInput(copy, len);
            free(copy);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_whole),
        cmocka_unit_test(test_replay_cut),
    };
    return cmocka_run_group_tests_name("fuzz-replay-" FUZZ_NAME, tests,
                                       setup, teardown);
}
