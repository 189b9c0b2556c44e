/*
 * test-init-once.c: a number in a URI parses while another thread is
 * inside GLib's g_once lock (src/libtidemark.c, tmInitialize)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The first g_ascii_strto*() call of a process initialises GLib's C
 * locale in a g_once. Made while another thread holds GLib's g_once
 * lock, it waits on a futex that can leave errno at EAGAIN, and GLib's
 * g_ascii_string_to_signed() then refuses "1" (seen as "Failed to parse
 * value of URI component no_sanity" from the CLI, about 1 run in 60).
 * The only defence is to make that first call before a thread exists.
 *
 * Each check runs in fresh processes (this program re-executed with
 * "child"): a thread takes and releases g_once locks in a loop, and the
 * main thread opens a test+tls:// URI with no_sanity=1 through the
 * public API. Without the defence about a quarter of such processes
 * fail (over 80% of those of the whole library); with it none may.
 */
#include "internal.h"
#include "testutils.h"

#include <string.h>

/* A ThreadSanitizer process takes a second to start: fewer of them
 * (without the defence most children fail, so a few still tell) */
#if defined(__SANITIZE_THREAD__)
# define CHILDREN 12
#else
# define CHILDREN 120
#endif

static gint hammering;

/* One g_once location, initialised and reset to zero forever: every
 * g_once_init_enter() and g_once_init_leave() takes GLib's g_once
 * mutex. */
static gpointer
hammer(gpointer opaque G_GNUC_UNUSED)
{
    static gsize location;

    g_atomic_int_set(&hammering, 1);
    for (;;) {
        if (g_once_init_enter(&location))
            g_once_init_leave(&location, 1);
        g_atomic_pointer_set(&location, 0);
    }
    return NULL;
}

/* The child: exits 0 when the URI got past its parameters (the missing
 * CA file is the expected error), 1 with the error otherwise. */
static int
child(void)
{
    virConnectPtr conn;
    const char *message;

    g_thread_unref(g_thread_new("hammer", hammer, NULL));
    while (!g_atomic_int_get(&hammering))
        g_thread_yield();
    conn = virConnectOpen("test+tls://127.0.0.1:1/default"
                          "?pkipath=/nonexistent/tidemark-test&no_sanity=1");
    if (conn) {
        g_printerr("opened a connection that must fail\n");
        return 1;
    }
    message = virGetLastErrorMessage();
    if (!strstr(message, "Cannot read CA certificate")) {
        g_printerr("%s\n", message);
        return 1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    g_autofree char *self = NULL;
    g_autofree char *first_error = NULL;
    int failures = 0;
    int i;

    if (argc > 1 && strcmp(argv[1], "child") == 0)
        return child();

    self = g_canonicalize_filename(argv[0], NULL);
    for (i = 0; i < CHILDREN; i++) {
        char *child_argv[] = { self, (char *)"child", NULL };
        g_autofree char *err = NULL;
        g_autoptr(GError) gerr = NULL;
        int status = 0;

        if (!g_spawn_sync(NULL, child_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err,
                          &status, &gerr)) {
            tmTestResult(false, "re-executing %s", self);
            tmTestDiag("%s", gerr->message);
            return tmTestDone();
        }
        if (!g_spawn_check_exit_status(status, NULL)) {
            failures++;
            if (!first_error)
                first_error = g_strdup(g_strstrip(err));
        }
    }
    if (!tmTestResult(failures == 0,
                      "no_sanity=1 parses in %d fresh processes with a thread in GLib's g_once "
                      "lock", CHILDREN))
        tmTestDiag("%d failed, the first with: %s", failures, first_error);
    return tmTestDone();
}
