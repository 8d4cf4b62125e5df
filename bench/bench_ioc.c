/*
 * bench_ioc.c: the speed of ioc_normalise on typical values (make bench).
 * A benchmark, not a test: it prints the median of REPS timed runs per
 * value and fails only when a value does not normalise.
 *
 *   build/bench_ioc [REPS]     (default 7 runs of 200,000 calls each)
 */
#include "ioc/ioc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CALLS 200000

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ns per call of one run, or -1 when the value does not normalise */
static double run(const char *in)
{
    char out[IOC_VALUE_MAX];
    struct timespec a, b;
    size_t len = strlen(in);
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < CALLS; i++)
        if (ioc_normalise(IOC_AUTO, in, len, out, sizeof out, NULL, NULL, NULL) != 0)
            return -1;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / CALLS;
}

int main(int argc, char **argv)
{
    static const char *const values[] = {
        "malware-c2.evil.example",
        "hxxps://evil[.]example/dl/payload.exe?id=42",
        "https://login.example.test/account/verify?session=abc123",
        "198.51.100.23",
        "2001:db8:0:0:1:0:0:1",
        "D41D8CD98F00B204E9800998ECF8427E",
        "bücher.example",
    };
    int reps = argc > 1 ? atoi(argv[1]) : 7;
    if (reps < 1 || reps > 1000)
        reps = 7;
    double *t = calloc((size_t)reps, sizeof *t);
    if (!t)
        return 2;
    printf("ioc_normalise, median of %d runs of %d calls\n", reps, CALLS);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        for (int r = 0; r < reps; r++)
            if ((t[r] = run(values[i])) < 0) {
                fprintf(stderr, "bench_ioc: '%s' does not normalise\n", values[i]);
                free(t);
                return 1;
            }
        qsort(t, (size_t)reps, sizeof *t, cmp);
        printf("  %-60s %7.1f ns/op\n", values[i], t[reps / 2]);
    }
    free(t);
    return 0;
}
