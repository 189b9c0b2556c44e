/*
 * tidemark-event.h: the event loop that delivers asynchronous events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Domain events (virConnectDomainEventRegisterAny()) are delivered from an
 * event loop, never from the thread whose call caused them.  The
 * application either registers the library's default loop with
 * virEventRegisterDefaultImpl() and runs it with virEventRunDefaultImpl()
 * (usually in a thread of its own), or plugs in its own loop with
 * virEventRegisterImpl().  Names, values and signatures are libvirt 9.0's.
 */

#ifndef TIDEMARK_EVENT_H
# define TIDEMARK_EVENT_H

# include <tidemark/tidemark-common.h>

# ifdef __cplusplus
extern "C" {
# endif

/**
 * virEventHandleType:
 *
 * Conditions of a file handle watched by the event loop, bitwise-OR'ed.
 */
typedef enum {
    VIR_EVENT_HANDLE_READABLE  = (1 << 0),
    VIR_EVENT_HANDLE_WRITABLE  = (1 << 1),
    VIR_EVENT_HANDLE_ERROR     = (1 << 2),
    VIR_EVENT_HANDLE_HANGUP    = (1 << 3),
} virEventHandleType;

/**
 * virEventHandleCallback:
 * @watch: the watch id virEventAddHandle() returned
 * @fd: the file descriptor watched
 * @events: the virEventHandleType conditions that are now true
 * @opaque: the data given to virEventAddHandle()
 *
 * Called from the event loop while a condition of @fd holds.
 */
typedef void (*virEventHandleCallback)(int watch, int fd, int events,
                                       void *opaque);

/**
 * virEventTimeoutCallback:
 * @timer: the timer id virEventAddTimeout() returned
 * @opaque: the data given to virEventAddTimeout()
 *
 * Called from the event loop each time the timer expires.
 */
typedef void (*virEventTimeoutCallback)(int timer, void *opaque);

/* The six operations of an event loop implementation, with the contracts
 * of virEventAddHandle() ... virEventRemoveTimeout() below. */
typedef int (*virEventAddHandleFunc)(int fd, int event,
                                     virEventHandleCallback cb,
                                     void *opaque,
                                     virFreeCallback ff);
typedef void (*virEventUpdateHandleFunc)(int watch, int event);
typedef int (*virEventRemoveHandleFunc)(int watch);
typedef int (*virEventAddTimeoutFunc)(int timeout,
                                      virEventTimeoutCallback cb,
                                      void *opaque,
                                      virFreeCallback ff);
typedef void (*virEventUpdateTimeoutFunc)(int timer, int timeout);
typedef int (*virEventRemoveTimeoutFunc)(int timer);

/**
 * virEventRegisterImpl:
 *
 * Makes the library use the application's event loop.  Only the first
 * registration (this one or virEventRegisterDefaultImpl()) counts; later
 * ones are ignored.  Register before opening connections.
 */
void virEventRegisterImpl(virEventAddHandleFunc addHandle,
                          virEventUpdateHandleFunc updateHandle,
                          virEventRemoveHandleFunc removeHandle,
                          virEventAddTimeoutFunc addTimeout,
                          virEventUpdateTimeoutFunc updateTimeout,
                          virEventRemoveTimeoutFunc removeTimeout);

/**
 * virEventRegisterDefaultImpl:
 *
 * Registers the library's own event loop (built on the process's default
 * GLib main context); run it with virEventRunDefaultImpl().  Calling it
 * again does nothing.
 *
 * Returns 0, or -1 if the library cannot be initialized.
 */
int virEventRegisterDefaultImpl(void);

/**
 * virEventRunDefaultImpl:
 *
 * Runs one iteration of the default event loop: waits until a handle,
 * timer or pending event delivery is ready, then dispatches it.  Blocks
 * indefinitely when nothing is registered; an application that wants to
 * stop a loop thread adds a timeout to wake it.
 *
 * Returns 0, or -1 on error.
 */
int virEventRunDefaultImpl(void);

/**
 * virEventAddHandle:
 * @fd: file descriptor to watch
 * @events: virEventHandleType conditions to watch
 * @cb: called from the event loop when a condition holds
 * @opaque: data for @cb
 * @ff: releases @opaque after the watch is removed, or NULL
 *
 * Returns a watch id (> 0), or -1 when no event loop is registered.
 */
int virEventAddHandle(int fd, int events,
                      virEventHandleCallback cb,
                      void *opaque,
                      virFreeCallback ff);

/**
 * virEventUpdateHandle:
 * @watch: a watch id of virEventAddHandle()
 * @events: the new conditions; 0 pauses the watch
 *
 * Unknown watches are ignored.
 */
void virEventUpdateHandle(int watch, int events);

/**
 * virEventRemoveHandle:
 * @watch: a watch id of virEventAddHandle()
 *
 * Stops the watch at once; its free function runs later, from the loop.
 *
 * Returns 0, or -1 if @watch is unknown or no loop is registered.
 */
int virEventRemoveHandle(int watch);

/**
 * virEventAddTimeout:
 * @frequency: milliseconds between calls of @cb, 0 for every iteration
 *             of the loop, -1 for a timer created disabled
 * @cb: called from the event loop when the timer expires
 * @opaque: data for @cb
 * @ff: releases @opaque after the timer is removed, or NULL
 *
 * Returns a timer id (> 0), or -1 when no event loop is registered.
 */
int virEventAddTimeout(int frequency,
                       virEventTimeoutCallback cb,
                       void *opaque,
                       virFreeCallback ff);

/**
 * virEventUpdateTimeout:
 * @timer: a timer id of virEventAddTimeout()
 * @frequency: the new period as for virEventAddTimeout(); -1 disables
 *
 * Restarts the timer with the new period.  Unknown timers are ignored.
 */
void virEventUpdateTimeout(int timer, int frequency);

/**
 * virEventRemoveTimeout:
 * @timer: a timer id of virEventAddTimeout()
 *
 * Stops the timer at once; its free function runs later, from the loop.
 *
 * Returns 0, or -1 if @timer is unknown or no loop is registered.
 */
int virEventRemoveTimeout(int timer);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_EVENT_H */
