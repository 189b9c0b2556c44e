/*
 * bench/xml: cost of one checkpoint XML round trip
 *
 * Parses a REDEFINE checkpoint with an embedded domain (always validated
 * against the schema), aligns its disks and formats it again, N times,
 * and prints microseconds per operation. The schemas are compiled once
 * per process, so the first iteration (reported separately) pays for it.
 *
 *   build/bench/xml [ITERATIONS] [FILE]
 */
#include "internal.h"
#include "conf/checkpoint_conf.h"

#include <stdio.h>
#include <stdlib.h>

static int
round_trip(const char *xml, const unsigned char *uuid)
{
    g_autoptr(virDomainCheckpointDef) def = NULL;
    g_autofree char *out = NULL;

    if (!(def = virDomainCheckpointDefParseString(xml, NULL,
                                                  VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE)) ||
        virDomainCheckpointRedefineValidate(def, uuid) < 0)
        return -1;
    out = virDomainCheckpointDefFormat(def, VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE);
    return out ? 0 : -1;
}

int
main(int argc, char **argv)
{
    long iterations = argc > 1 ? atol(argv[1]) : 20000;
    const char *path = argc > 2 ? argv[2] : TM_BENCH_INPUT;
    g_autofree char *xml = NULL;
    g_autoptr(virDomainCheckpointDef) probe = NULL;
    gint64 start;
    gint64 first;
    double per_op;

    if (!g_file_get_contents(path, &xml, NULL, NULL)) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    virSetErrorFunc(NULL, NULL);

    start = g_get_monotonic_time();
    if (!(probe = virDomainCheckpointDefParseString(xml, NULL,
                                                    VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE)) ||
        !probe->parent.dom) {
        fprintf(stderr, "bad input: %s\n", virGetLastErrorMessage());
        return 1;
    }
    if (round_trip(xml, probe->parent.dom->uuid) < 0) {
        fprintf(stderr, "round trip failed: %s\n", virGetLastErrorMessage());
        return 1;
    }
    first = g_get_monotonic_time() - start;

    start = g_get_monotonic_time();
    for (long i = 0; i < iterations; i++) {
        if (round_trip(xml, probe->parent.dom->uuid) < 0) {
            fprintf(stderr, "round trip failed: %s\n", virGetLastErrorMessage());
            return 1;
        }
    }
    per_op = (double)(g_get_monotonic_time() - start) / iterations;

    printf("input: %s (%zu bytes)\n", path, strlen(xml));
    printf("first call (schemas compiled): %.1f us\n", first / 1.0);
    printf("parse+validate+align+format: %.1f us per operation (%ld iterations)\n",
           per_op, iterations);
    return 0;
}
