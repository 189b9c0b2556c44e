/*
 * qemu_monitor.h: a QMP client
 *
 * One monitor per running QEMU. A reader thread owns the socket's input:
 * it splits the stream into JSON documents, hands each reply to the
 * caller waiting for its "id" and each event to the event callback, so
 * events are seen as they happen, also while no command is in flight.
 * Commands may be issued from any thread; each waits for its own reply
 * (or the timeout, or the end of the connection).
 *
 * The callbacks run on the reader thread, which is the only thread that
 * can deliver replies: a callback must never wait for a command of its
 * own monitor; it hands such work to another thread.
 */
#pragma once

#include "internal.h"
#include "util/virjson.h"

typedef struct _qemuMonitor qemuMonitor;
typedef struct _qemuMonitorCall qemuMonitorCall;

typedef struct {
    /* An asynchronous event ("SHUTDOWN", "BLOCK_JOB_COMPLETED", ...):
     * @data is the event's "data" member (NULL if it has none), borrowed
     * for the call; @seconds/@micros its timestamp. Called from the
     * reader thread with no monitor lock held. */
    void (*event)(qemuMonitor *mon, const char *name, virJSONValue *data,
                  long long seconds, long long micros, void *opaque);
    /* The connection ended (@error: not by a clean end of file). Called
     * once, from the reader thread, after every waiting command has
     * been woken. */
    void (*eof)(qemuMonitor *mon, bool error, void *opaque);
} qemuMonitorCallbacks;

/**
 * qemuMonitorOpen:
 * @path: QMP UNIX socket of a QEMU process
 * @vmname: domain name, for messages
 * @timeout_ms: how long to keep trying to connect, and to wait for the
 *              greeting and for each reply
 * @cb: callbacks (may be NULL), @opaque passed to them
 *
 * Connects, reads the greeting and negotiates capabilities. Returns the
 * monitor, or NULL with an error set.
 */
qemuMonitor *qemuMonitorOpen(const char *path, const char *vmname,
                             unsigned int timeout_ms,
                             const qemuMonitorCallbacks *cb, void *opaque);

/* As qemuMonitorOpen on a connected socket, which the monitor takes. */
qemuMonitor *qemuMonitorOpenFD(int fd, const char *vmname,
                               unsigned int timeout_ms,
                               const qemuMonitorCallbacks *cb, void *opaque);

/**
 * qemuMonitorClose:
 *
 * Shuts the connection down, waits for the reader thread (the eof
 * callback is not called for a close), and frees the monitor. Must not
 * be called from a callback.
 */
void qemuMonitorClose(qemuMonitor *mon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuMonitor, qemuMonitorClose);

/**
 * qemuMonitorCommand:
 * @cmd: the command object ({"execute": ..., "arguments": ...}); an
 *       "id" member is added to it
 * @reply: set to the whole reply on success (caller frees), may be NULL
 *
 * Sends @cmd and waits for its reply. A reply with "error" is reported
 * through qemuMonitorReportError and returns -1. Returns 0 or -1 with an
 * error set (QEMU's error, the monitor closed, or the timeout).
 */
int qemuMonitorCommand(qemuMonitor *mon, virJSONValue *cmd,
                       virJSONValue **reply);

/**
 * qemuMonitorSendFileHandle:
 * @fdname: the name QEMU is to know it by ("fd:NAME" in a migration URI)
 * @fd: an open descriptor; QEMU gets its own copy, @fd stays the caller's
 *
 * QMP's getfd, with @fd passed over the monitor's socket (SCM_RIGHTS).
 * Returns 0, or -1 with an error set.
 */
int qemuMonitorSendFileHandle(qemuMonitor *mon, const char *fdname, int fd);

/**
 * qemuMonitorCommandStart:
 * @cmd: as for qemuMonitorCommand
 *
 * The first half of qemuMonitorCommand: sends @cmd and returns without
 * waiting, so the caller can do other work while QEMU runs it. Never
 * fails by itself: a closed monitor or a failed write is reported by
 * qemuMonitorCommandFinish, which must always follow.
 */
qemuMonitorCall *qemuMonitorCommandStart(qemuMonitor *mon, virJSONValue *cmd);

/**
 * qemuMonitorCommandFinish:
 * @call: from qemuMonitorCommandStart, freed here
 * @reply: as for qemuMonitorCommand
 *
 * Waits for @call's reply; returns as qemuMonitorCommand does.
 */
int qemuMonitorCommandFinish(qemuMonitorCall *call, virJSONValue **reply);

/**
 * qemuMonitorCommandPassthrough:
 * @cmd: a command object, which must not be sent with "id" by the user
 * @reply: set to the reply (caller frees) with the "id" that was added
 *
 * As qemuMonitorCommand, but a QEMU error is not an error of this call:
 * the reply is handed back whatever it says (qemu-monitor-command).
 */
int qemuMonitorCommandPassthrough(qemuMonitor *mon, virJSONValue *cmd,
                                  virJSONValue **reply);

/**
 * qemuMonitorNewCommand:
 * @name: the QMP command
 * @args: its arguments, taken (may be NULL)
 *
 * Returns {"execute": name, "arguments": args}.
 */
virJSONValue *qemuMonitorNewCommand(const char *name, virJSONValue **args);

/**
 * qemuMonitorReportError:
 * @cmdname: the command that failed
 * @error: the "error" member of its reply
 *
 * The one place where QMP error classes become libvirt error codes.
 */
void qemuMonitorReportError(const char *cmdname, const virJSONValue *error);

/* Whether the connection has ended. */
bool qemuMonitorIsClosed(qemuMonitor *mon);
