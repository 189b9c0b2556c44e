/*
 * qemu_monitor.c: a QMP client with a reader thread
 *
 * Locking: @lock protects the pending-reply table and the state flags;
 * @wlock serializes writers so two commands never interleave on the
 * socket. Callbacks run on the reader thread with neither held.
 */
#include <config.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "qemu/qemu_monitor.h"
#include "util/virerror.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* A document longer than this is not QMP: QEMU's largest replies
 * (query-qmp-schema) stay well below it. */
#define QEMU_MONITOR_MAX_LINE (64 * 1024 * 1024)

/* One command in flight: its waiter's record, in the pending table
 * under @id until the reply arrives or the waiter gives up. */
struct _qemuMonitorCall {
    qemuMonitor *mon;
    char *id;
    char *execute;          /* the command's name, for messages */
    virJSONValue *reply;    /* set by the reader */
    bool done;
    int write_errno;        /* the send failed */
};

struct _qemuMonitor {
    int fd;
    char *vmname;
    unsigned int timeout_ms;
    qemuMonitorCallbacks cb;
    void *opaque;
    GThread *reader;

    GMutex lock;
    GCond cond;
    GHashTable *pending;        /* id -> qemuMonitorCall (the waiter's) */
    bool greeted;
    bool closed;                /* the reader has stopped */
    bool closing;               /* qemuMonitorClose has begun */
    unsigned int serial;

    GMutex wlock;
};

static const struct {
    const char *klass;
    int code;
} qemuMonitorErrorClasses[] = {
    /* libvirt reports every QMP error as an internal error naming the
     * command, except where a missing command means a missing feature. */
    { "CommandNotFound", VIR_ERR_OPERATION_UNSUPPORTED },
};

void
qemuMonitorReportError(const char *cmdname, const virJSONValue *error)
{
    const char *klass = virJSONValueObjectGetString(error, "class");
    const char *desc = virJSONValueObjectGetString(error, "desc");
    int code = VIR_ERR_INTERNAL_ERROR;
    size_t i;

    for (i = 0; klass && i < G_N_ELEMENTS(qemuMonitorErrorClasses); i++) {
        if (g_str_equal(klass, qemuMonitorErrorClasses[i].klass))
            code = qemuMonitorErrorClasses[i].code;
    }
    if (desc)
        virReportError(code, "unable to execute QEMU command '%s': %s",
                       cmdname, desc);
    else
        virReportError(code, "unable to execute QEMU command '%s'", cmdname);
}

virJSONValue *
qemuMonitorNewCommand(const char *name, virJSONValue **args)
{
    virJSONValue *cmd = virJSONValueNewObject();

    virJSONValueObjectAppendString(cmd, "execute", name);
    if (args && *args)
        virJSONValueObjectAppend(cmd, "arguments", args);
    return cmd;
}

static void
qemuMonitorDispatch(qemuMonitor *mon, const char *line)
{
    g_autoptr(virJSONValue) msg = virJSONValueFromString(line, NULL);
    const char *event;
    const char *id;

    if (!msg) {
        /* Not ours to report: no caller is waiting for this document. */
        g_warning("QEMU monitor of '%s' sent unparsable data: %s",
                  mon->vmname, line);
        return;
    }

    if ((event = virJSONValueObjectGetString(msg, "event"))) {
        virJSONValue *ts = virJSONValueObjectGetObject(msg, "timestamp");
        long long sec = 0, usec = 0;

        virJSONValueObjectGetNumberLong(ts, "seconds", &sec);
        virJSONValueObjectGetNumberLong(ts, "microseconds", &usec);
        if (mon->cb.event)
            mon->cb.event(mon, event, virJSONValueObjectGet(msg, "data"),
                          sec, usec, mon->opaque);
        return;
    }

    g_mutex_lock(&mon->lock);
    if (virJSONValueObjectHasKey(msg, "QMP")) {
        mon->greeted = true;
    } else if ((id = virJSONValueObjectGetString(msg, "id"))) {
        qemuMonitorCall *p = g_hash_table_lookup(mon->pending, id);

        /* No waiter: its command timed out; the late reply is dropped. */
        if (p) {
            p->reply = g_steal_pointer(&msg);
            p->done = true;
        }
    }
    g_cond_broadcast(&mon->cond);
    g_mutex_unlock(&mon->lock);
}

static gpointer
qemuMonitorReaderThread(gpointer opaque)
{
    qemuMonitor *mon = opaque;
    g_autoptr(GString) buf = g_string_new(NULL);
    bool error = false;
    char chunk[8192];
    bool closing;

    for (;;) {
        ssize_t n = recv(mon->fd, chunk, sizeof(chunk), 0);
        char *nl;

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            error = n < 0;
            break;
        }
        g_string_append_len(buf, chunk, n);

        while ((nl = memchr(buf->str, '\n', buf->len))) {
            size_t len = nl - buf->str + 1;
            g_autofree char *line = g_strndup(buf->str, len);

            g_string_erase(buf, 0, len);
            g_strstrip(line);
            if (*line)
                qemuMonitorDispatch(mon, line);
        }
        if (buf->len > QEMU_MONITOR_MAX_LINE) {
            g_warning("QEMU monitor of '%s' sent an over-long document",
                      mon->vmname);
            error = true;
            break;
        }
    }

    g_mutex_lock(&mon->lock);
    mon->closed = true;
    closing = mon->closing;
    g_cond_broadcast(&mon->cond);
    g_mutex_unlock(&mon->lock);

    if (!closing && mon->cb.eof)
        mon->cb.eof(mon, error, mon->opaque);
    return NULL;
}

/* Sends the first bytes of @data with descriptor @fd attached
 * (SCM_RIGHTS: QEMU takes it with the command those bytes begin). */
static ssize_t
qemuMonitorSendFd(int sock, const char *data, size_t len, int fd)
{
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
    struct msghdr msg = { 0 };
    struct cmsghdr *cmsg;

    memset(&control, 0, sizeof(control));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof(control.buf);
    cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    return sendmsg(sock, &msg, MSG_NOSIGNAL);
}

/* Writes all of @data, descriptor @fd (unless -1) with its first
 * bytes. Returns 0 or the errno of the failed send. */
static int
qemuMonitorWrite(qemuMonitor *mon, const char *data, size_t len, int fd)
{
    int err = 0;

    g_mutex_lock(&mon->wlock);
    while (len > 0) {
        ssize_t n = fd >= 0 ? qemuMonitorSendFd(mon->fd, data, len, fd)
                            : send(mon->fd, data, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err = errno;
            break;
        }
        fd = -1;
        data += n;
        len -= n;
    }
    g_mutex_unlock(&mon->wlock);
    return err;
}

static void
qemuMonitorCallFree(qemuMonitorCall *call)
{
    g_free(call->id);
    g_free(call->execute);
    virJSONValueFree(call->reply);
    g_free(call);
}

/* qemuMonitorCommandStart with descriptor @fd (or -1) passed along. */
static qemuMonitorCall *
qemuMonitorCommandStartFd(qemuMonitor *mon, virJSONValue *cmd, int fd)
{
    qemuMonitorCall *call = g_new0(qemuMonitorCall, 1);
    g_autofree char *text = NULL;
    g_autofree char *line = NULL;

    call->mon = mon;
    call->execute = g_strdup(virJSONValueObjectGetString(cmd, "execute"));
    g_mutex_lock(&mon->lock);
    if (mon->closed) {
        g_mutex_unlock(&mon->lock);
        return call;
    }
    call->id = g_strdup_printf("tidemark-%u", ++mon->serial);
    g_hash_table_insert(mon->pending, call->id, call);
    g_mutex_unlock(&mon->lock);

    virJSONValueObjectAppendString(cmd, "id", call->id);
    text = virJSONValueToString(cmd, false);
    line = g_strconcat(text, "\r\n", NULL);
    call->write_errno = qemuMonitorWrite(mon, line, strlen(line), fd);
    return call;
}

qemuMonitorCall *
qemuMonitorCommandStart(qemuMonitor *mon, virJSONValue *cmd)
{
    return qemuMonitorCommandStartFd(mon, cmd, -1);
}

/* Waits for @call's reply. Returns 0 with *reply set, or -1 with an
 * error set (closed, timed out, write failure). Frees @call. */
static int
qemuMonitorCallWait(qemuMonitorCall *call, virJSONValue **reply)
{
    qemuMonitor *mon = call->mon;
    gint64 deadline = g_get_monotonic_time() + (gint64)mon->timeout_ms * 1000;
    int ret = -1;

    g_mutex_lock(&mon->lock);
    while (call->id && !call->write_errno && !call->done && !mon->closed) {
        if (!g_cond_wait_until(&mon->cond, &mon->lock, deadline))
            break;
    }
    if (call->done) {
        *reply = g_steal_pointer(&call->reply);
        ret = 0;
    } else if (!call->id) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "End of file from qemu monitor (vm='%s')", mon->vmname);
    } else if (call->write_errno) {
        virReportError(VIR_ERR_OPERATION_FAILED, "Unable to write to monitor: %s",
                       g_strerror(call->write_errno));
    } else if (mon->closed) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       "QEMU monitor was closed");
    } else {
        virReportError(VIR_ERR_OPERATION_TIMEOUT,
                       "QEMU monitor of '%s' did not answer '%s' within %u ms",
                       mon->vmname, call->execute, mon->timeout_ms);
    }
    if (call->id)
        g_hash_table_remove(mon->pending, call->id);
    g_mutex_unlock(&mon->lock);
    qemuMonitorCallFree(call);
    return ret;
}

int
qemuMonitorCommandPassthrough(qemuMonitor *mon, virJSONValue *cmd,
                              virJSONValue **reply)
{
    return qemuMonitorCallWait(qemuMonitorCommandStart(mon, cmd), reply);
}

int
qemuMonitorCommandFinish(qemuMonitorCall *call, virJSONValue **reply)
{
    g_autoptr(virJSONValue) r = NULL;
    g_autofree char *name = g_strdup(call->execute);
    virJSONValue *error;

    if (qemuMonitorCallWait(call, &r) < 0)
        return -1;
    if ((error = virJSONValueObjectGet(r, "error"))) {
        qemuMonitorReportError(name, error);
        return -1;
    }
    if (!virJSONValueObjectHasKey(r, "return")) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "unable to execute QEMU command '%s'", name);
        return -1;
    }
    if (reply)
        *reply = g_steal_pointer(&r);
    return 0;
}

int
qemuMonitorCommand(qemuMonitor *mon, virJSONValue *cmd, virJSONValue **reply)
{
    return qemuMonitorCommandFinish(qemuMonitorCommandStart(mon, cmd), reply);
}

int
qemuMonitorSendFileHandle(qemuMonitor *mon, const char *fdname, int fd)
{
    g_autoptr(virJSONValue) args = virJSONValueNewObject();
    g_autoptr(virJSONValue) cmd = NULL;

    virJSONValueObjectAppendString(args, "fdname", fdname);
    cmd = qemuMonitorNewCommand("getfd", &args);
    return qemuMonitorCommandFinish(qemuMonitorCommandStartFd(mon, cmd, fd), NULL);
}

static int
qemuMonitorHandshake(qemuMonitor *mon)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)mon->timeout_ms * 1000;
    g_autoptr(virJSONValue) cmd = NULL;
    bool greeted;

    g_mutex_lock(&mon->lock);
    while (!mon->greeted && !mon->closed) {
        if (!g_cond_wait_until(&mon->cond, &mon->lock, deadline))
            break;
    }
    greeted = mon->greeted;
    g_mutex_unlock(&mon->lock);

    if (!greeted) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "QEMU monitor of '%s' sent no greeting", mon->vmname);
        return -1;
    }

    cmd = qemuMonitorNewCommand("qmp_capabilities", NULL);
    return qemuMonitorCommand(mon, cmd, NULL);
}

qemuMonitor *
qemuMonitorOpenFD(int fd, const char *vmname, unsigned int timeout_ms,
                  const qemuMonitorCallbacks *cb, void *opaque)
{
    qemuMonitor *mon = g_new0(qemuMonitor, 1);

    mon->fd = fd;
    mon->vmname = g_strdup(vmname);
    mon->timeout_ms = timeout_ms;
    if (cb)
        mon->cb = *cb;
    mon->opaque = opaque;
    g_mutex_init(&mon->lock);
    g_mutex_init(&mon->wlock);
    g_cond_init(&mon->cond);
    mon->pending = g_hash_table_new(g_str_hash, g_str_equal);
    mon->reader = g_thread_new("qemu-monitor", qemuMonitorReaderThread, mon);

    if (qemuMonitorHandshake(mon) < 0) {
        qemuMonitorClose(mon);
        return NULL;
    }
    return mon;
}

static int
qemuMonitorConnect(const char *path, const char *vmname, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    if (strlen(path) >= sizeof(addr.sun_path)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "Monitor path %s too big for destination", path);
        return -1;
    }
    strcpy(addr.sun_path, path);

    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int err;

        if (fd < 0) {
            virReportError(VIR_ERR_SYSTEM_ERROR,
                           "failed to create socket: %s", g_strerror(errno));
            return -1;
        }
        if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
            return fd;
        err = errno;
        close(fd);
        /* QEMU creates the socket shortly after it starts: retry until
         * it listens or the deadline passes. */
        if ((err != ENOENT && err != ECONNREFUSED && err != EAGAIN) ||
            g_get_monotonic_time() >= deadline) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           "failed to connect to monitor socket of '%s': %s",
                           vmname, g_strerror(err));
            return -1;
        }
        g_usleep(10 * 1000);
    }
}

qemuMonitor *
qemuMonitorOpen(const char *path, const char *vmname, unsigned int timeout_ms,
                const qemuMonitorCallbacks *cb, void *opaque)
{
    int fd = qemuMonitorConnect(path, vmname, timeout_ms);

    if (fd < 0)
        return NULL;
    return qemuMonitorOpenFD(fd, vmname, timeout_ms, cb, opaque);
}

void
qemuMonitorClose(qemuMonitor *mon)
{
    if (!mon)
        return;

    g_mutex_lock(&mon->lock);
    mon->closing = true;
    g_mutex_unlock(&mon->lock);

    shutdown(mon->fd, SHUT_RDWR);
    g_thread_join(mon->reader);
    close(mon->fd);

    g_hash_table_unref(mon->pending);
    g_cond_clear(&mon->cond);
    g_mutex_clear(&mon->wlock);
    g_mutex_clear(&mon->lock);
    g_free(mon->vmname);
    g_free(mon);
}

bool
qemuMonitorIsClosed(qemuMonitor *mon)
{
    bool closed;

    g_mutex_lock(&mon->lock);
    closed = mon->closed;
    g_mutex_unlock(&mon->lock);
    return closed;
}
