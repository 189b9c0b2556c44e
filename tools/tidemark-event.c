/*
 * tidemark-event.c: the shell's event loop and waiting for events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * As virsh does, the shell registers the library's default event loop
 * before its first connection and runs it in a thread of its own for the
 * whole session, so callbacks (and, over a daemon, keepalives) run while
 * the main thread executes commands or blocks in a wait. A command that
 * waits for events (event) blocks on a pipe until a callback says it is
 * done, the timer of --timeout fires, or SIGINT arrives; each writes the
 * reason as one byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <glib-unix.h>

#include "tidemark-cmd.h"

/* For the SIGINT handler, which has no argument: the pipe's write end
 * while a wait is set up, else -1. */
static volatile sig_atomic_t event_signal_fd = -1;
static struct sigaction event_old_action;

static gpointer
tmEventLoop(gpointer opaque)
{
    tmControl *ctl = opaque;

    while (!g_atomic_int_get(&ctl->event_loop_quit)) {
        if (virEventRunDefaultImpl() < 0)
            tmReportError(ctl);
    }
    return NULL;
}

static void
tmEventWrite(int fd, char reason)
{
    if (fd >= 0) {
        ssize_t rc;

        do {
            rc = write(fd, &reason, 1);
        } while (rc < 0 && errno == EINTR);
    }
}

/* Ends the wait with @reason; from the loop thread. The lock keeps the
 * pipe open meanwhile: the main thread may be cleaning up after another
 * reason. */
static void
tmEventEnd(tmControl *ctl, char reason)
{
    g_mutex_lock(&ctl->event_lock);
    tmEventWrite(ctl->event_pipe[1], reason);
    g_mutex_unlock(&ctl->event_lock);
}

/* The --timeout timer */
static void
tmEventTimeout(int timer G_GNUC_UNUSED, void *opaque)
{
    tmEventEnd(opaque, TM_EVENT_TIMEOUT);
}

static void
tmEventInterrupt(int sig G_GNUC_UNUSED)
{
    tmEventWrite(event_signal_fd, TM_EVENT_INTERRUPT);
}

bool
tmEventLoopStart(tmControl *ctl)
{
    if (virEventRegisterDefaultImpl() < 0)
        return false;
    ctl->event_loop = g_thread_new("event-loop", tmEventLoop, ctl);
    if ((ctl->event_timer = virEventAddTimeout(-1, tmEventTimeout, ctl, NULL)) < 0)
        return false;
    return true;
}

static void
tmEventWake(int timer G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
}

void
tmEventLoopStop(tmControl *ctl)
{
    int wake;

    if (!ctl->event_loop)
        return;
    g_atomic_int_set(&ctl->event_loop_quit, 1);
    /* the loop blocks until something is due: make something due */
    wake = virEventAddTimeout(0, tmEventWake, NULL, NULL);
    g_thread_join(g_steal_pointer(&ctl->event_loop));
    if (wake >= 0)
        virEventRemoveTimeout(wake);
    if (ctl->event_timer >= 0)
        virEventRemoveTimeout(ctl->event_timer);
    ctl->event_timer = -1;
}

typedef struct {
    GMutex lock;
    GCond cond;
    bool ran;
} tmEventBarrier;

static void
tmEventBarrierRun(int timer, void *opaque)
{
    tmEventBarrier *barrier = opaque;

    /* once only: the waiter frees @barrier as soon as it sees @ran */
    virEventRemoveTimeout(timer);
    g_mutex_lock(&barrier->lock);
    barrier->ran = true;
    g_cond_signal(&barrier->cond);
    g_mutex_unlock(&barrier->lock);
}

void
tmEventLoopSync(tmControl *ctl)
{
    tmEventBarrier barrier = { .ran = false };
    int timer;

    if (!ctl->event_loop)
        return;
    g_mutex_init(&barrier.lock);
    g_cond_init(&barrier.cond);
    /* the loop runs one source at a time: when this one runs, whatever
     * ran before it has returned */
    if ((timer = virEventAddTimeout(0, tmEventBarrierRun, &barrier, NULL)) >= 0) {
        g_mutex_lock(&barrier.lock);
        while (!barrier.ran)
            g_cond_wait(&barrier.cond, &barrier.lock);
        g_mutex_unlock(&barrier.lock);
    }
    g_cond_clear(&barrier.cond);
    g_mutex_clear(&barrier.lock);
}

int
tmEventStart(tmControl *ctl, int timeout_ms)
{
    struct sigaction action = { 0 };

    if (!g_unix_open_pipe(ctl->event_pipe, FD_CLOEXEC, NULL)) {
        tmError(ctl, "%s", "failed to create pipe");
        return -1;
    }
    event_signal_fd = ctl->event_pipe[1];
    action.sa_handler = tmEventInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &event_old_action);
    if (timeout_ms)
        virEventUpdateTimeout(ctl->event_timer, timeout_ms);
    return 0;
}

void
tmEventDone(tmControl *ctl)
{
    tmEventEnd(ctl, TM_EVENT_DONE);
}

int
tmEventWait(tmControl *ctl)
{
    char reason;
    ssize_t rc;

    do {
        rc = read(ctl->event_pipe[0], &reason, 1);
    } while (rc < 0 && errno == EINTR);
    if (rc != 1) {
        tmError(ctl, "failed to determine loop exit status: %s",
                g_strerror(rc < 0 ? errno : EPIPE));
        return -1;
    }
    return reason;
}

void
tmEventCleanup(tmControl *ctl)
{
    if (event_signal_fd >= 0) {
        sigaction(SIGINT, &event_old_action, NULL);
        event_signal_fd = -1;
    }
    virEventUpdateTimeout(ctl->event_timer, -1);
    g_mutex_lock(&ctl->event_lock);
    for (int i = 0; i < 2; i++) {
        if (ctl->event_pipe[i] >= 0)
            close(ctl->event_pipe[i]);
        ctl->event_pipe[i] = -1;
    }
    g_mutex_unlock(&ctl->event_lock);
}
