/*
 * embed-open.c: opens a qemu:///embed root through libtidemark, for
 * tests/qemu/embed-lock.py (its libvirt twin is that script's --libvirt
 * mode, on python3-libvirt: both print the same lines).
 *
 *   embed-open URI        one open; prints "ok" or the error; closes
 *   embed-open URI hold   opens, prints the outcome, then reads stdin:
 *                         "open" opens one more connection, "close"
 *                         closes the newest; each prints its outcome.
 *                         At EOF it exits without closing anything, so
 *                         what the process end releases is tested too.
 *
 * An error prints as "error code=C domain=D level=L int1=I message=M".
 */
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <tidemark/tidemark.h>

/* global, so that connections left open at exit stay reachable (no
 * leak report from a sanitized build) */
static GPtrArray *conns;

static void
report_open(const char *uri)
{
    virConnectPtr conn = virConnectOpen(uri);
    virErrorPtr err;

    if (conn) {
        g_ptr_array_add(conns, conn);
        printf("ok\n");
    } else if ((err = virGetLastError())) {
        printf("error code=%d domain=%d level=%d int1=%d message=%s\n",
               err->code, err->domain, err->level, err->int1,
               err->message ? err->message : "");
    } else {
        printf("error without a last error\n");
    }
    fflush(stdout);
}

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

int
main(int argc, char **argv)
{
    char line[64];

    if (argc < 2 || (argc == 3 && strcmp(argv[2], "hold") != 0) || argc > 3) {
        fprintf(stderr, "usage: %s URI [hold]\n", argv[0]);
        return 2;
    }
    conns = g_ptr_array_new();
    virSetErrorFunc(NULL, quiet);
    report_open(argv[1]);
    if (argc == 2) {
        for (guint i = 0; i < conns->len; i++)
            virConnectClose(conns->pdata[i]);
        g_ptr_array_free(conns, TRUE);
        return 0;
    }
    while (fgets(line, sizeof(line), stdin)) {
        if (strcmp(line, "open\n") == 0) {
            report_open(argv[1]);
        } else if (strcmp(line, "close\n") == 0 && conns->len > 0) {
            virConnectClose(g_ptr_array_steal_index(conns, conns->len - 1));
            printf("closed\n");
            fflush(stdout);
        } else {
            printf("bad command %s", line);
            fflush(stdout);
        }
    }
    return 0;
}
