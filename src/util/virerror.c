/*
 * virerror.c: the thread-local last error and the public error API
 *
 * Each thread owns one virError, created on first use and freed when
 * the thread exits. Raising an error replaces it; public entry points
 * reset it on entry and, on failure, dispatch it to the connection and
 * the registered callback (virDispatchError).
 */
#include "internal.h"
#include "datatypes.h"

#include <errno.h>
#include <stdio.h>

static void
tm_error_free(gpointer data)
{
    virFreeError(data);
}

static GPrivate last_error_key = G_PRIVATE_INIT(tm_error_free);

static GMutex handler_lock;
static virErrorFunc global_handler;
static void *global_user_data;

static virErrorPtr
last_error_object(void)
{
    virErrorPtr err = g_private_get(&last_error_key);

    if (!err) {
        err = g_new0(virError, 1);
        g_private_set(&last_error_key, err);
    }
    return err;
}

/* Copies @from into @to, which must be reset. The deprecated handle
 * fields are never copied: they cannot be kept safely. */
static void
copy_error(const virError *from, virErrorPtr to)
{
    to->code = from->code;
    to->domain = from->domain;
    to->level = from->level;
    to->message = g_strdup(from->message);
    to->str1 = g_strdup(from->str1);
    to->str2 = g_strdup(from->str2);
    to->str3 = g_strdup(from->str3);
    to->int1 = from->int1;
    to->int2 = from->int2;
}

/* Takes ownership of every string argument. */
static void
raise_error(int domain, int code, virErrorLevel level, char *msg,
            char *str1, char *str2, char *str3, int int1, int int2)
{
    virErrorPtr to = last_error_object();

    virResetError(to);
    if (code == VIR_ERR_OK) {
        g_free(msg);
        g_free(str1);
        g_free(str2);
        g_free(str3);
        return;
    }
    to->domain = domain;
    to->code = code;
    to->level = level;
    to->message = msg ? msg : g_strdup("No error message provided");
    to->str1 = str1;
    to->str2 = str2;
    to->str3 = str3;
    to->int1 = int1;
    to->int2 = int2;
}

void
virReportErrorHelper(int domcode, int errcode, const char *filename,
                     const char *funcname, size_t linenr,
                     const char *fmt, ...)
{
    int saved_errno = errno;
    char *detail = NULL;
    const char *format;
    char *message = NULL;

    if (fmt) {
        va_list ap;

        va_start(ap, fmt);
        detail = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }

    format = virErrorMsg(errcode, detail != NULL);
    if (format) {
        if (detail) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            message = g_strdup_printf(format, detail);
#pragma GCC diagnostic pop
        } else {
            message = g_strdup(format);
        }
    }

    raise_error(domcode, errcode, VIR_ERR_ERROR, message,
                g_strdup(format), detail, NULL, -1, -1);
    errno = saved_errno;
}

void
virReportSystemErrorFull(int domcode, int theerrno, const char *filename,
                         const char *funcname, size_t linenr,
                         const char *fmt, ...)
{
    int saved_errno = errno;
    g_autofree char *what = NULL;
    char *detail;
    const char *format = virErrorMsg(VIR_ERR_SYSTEM_ERROR, true);
    char *message;

    if (fmt) {
        va_list ap;

        va_start(ap, fmt);
        what = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }
    detail = what ? g_strdup_printf("%s: %s", what, g_strerror(theerrno))
                  : g_strdup(g_strerror(theerrno));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    message = g_strdup_printf(format, detail);
#pragma GCC diagnostic pop
    /* libvirt keeps the errno in int1: callers may read it back */
    raise_error(domcode, VIR_ERR_SYSTEM_ERROR, VIR_ERR_ERROR, message,
                g_strdup(format), detail, NULL, theerrno, -1);
    errno = saved_errno;
}

void
virRaiseErrorFull(const char *filename, const char *funcname,
                  size_t linenr, int domain, int code,
                  virErrorLevel level, const char *str1,
                  const char *str2, const char *str3, int int1,
                  int int2, const char *fmt, ...)
{
    int saved_errno = errno;
    char *message = NULL;

    if (fmt) {
        va_list ap;

        va_start(ap, fmt);
        message = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }
    raise_error(domain, code, level, message, g_strdup(str1),
                g_strdup(str2), g_strdup(str3), int1, int2);
    errno = saved_errno;
}

int
virSetError(const virError *err)
{
    virErrorPtr to = last_error_object();

    if (err == to)
        return 0;
    virResetError(to);
    if (err)
        copy_error(err, to);
    return 0;
}

void
virDispatchError(virConnectPtr conn)
{
    virErrorPtr err = last_error_object();
    virErrorFunc handler;
    void *user_data;

    if (err->code == VIR_ERR_OK)
        virReportErrorHelper(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                             __FILE__, __func__, __LINE__,
                             "%s", "An error occurred, but the cause is unknown");

    g_mutex_lock(&handler_lock);
    handler = global_handler;
    user_data = global_user_data;
    g_mutex_unlock(&handler_lock);

    if (VIR_IS_CONNECT(conn)) {
        g_mutex_lock(&conn->lock);
        virResetError(&conn->err);
        copy_error(err, &conn->err);
        if (conn->handler) {
            handler = conn->handler;
            user_data = conn->userData;
        }
        g_mutex_unlock(&conn->lock);
    }

    if (handler)
        handler(user_data, err);
    else
        virDefaultErrorFunc(err);
}

/* ---- public API ---- */

virErrorPtr
virGetLastError(void)
{
    virErrorPtr err = last_error_object();

    if (err->code == VIR_ERR_OK)
        return NULL;
    return err;
}

int
virGetLastErrorCode(void)
{
    return last_error_object()->code;
}

int
virGetLastErrorDomain(void)
{
    return last_error_object()->domain;
}

const char *
virGetLastErrorMessage(void)
{
    virErrorPtr err = last_error_object();

    if (err->code == VIR_ERR_OK)
        return "no error";
    if (!err->message)
        return "unknown error";
    return err->message;
}

int
virCopyLastError(virErrorPtr to)
{
    virErrorPtr err = last_error_object();

    if (!to)
        return -1;
    if (to != err) {
        virResetError(to);
        copy_error(err, to);
    }
    return to->code;
}

virErrorPtr
virSaveLastError(void)
{
    virErrorPtr to = g_new0(virError, 1);

    virCopyLastError(to);
    return to;
}

void
virResetError(virErrorPtr err)
{
    if (!err)
        return;
    g_free(err->message);
    g_free(err->str1);
    g_free(err->str2);
    g_free(err->str3);
    memset(err, 0, sizeof(*err));
}

void
virFreeError(virErrorPtr err)
{
    virResetError(err);
    g_free(err);
}

void
virResetLastError(void)
{
    virResetError(last_error_object());
}

virErrorPtr
virConnGetLastError(virConnectPtr conn)
{
    if (!VIR_IS_CONNECT(conn))
        return NULL;
    return &conn->err;
}

int
virConnCopyLastError(virConnectPtr conn, virErrorPtr to)
{
    if (!VIR_IS_CONNECT(conn) || !to)
        return -1;
    g_mutex_lock(&conn->lock);
    virResetError(to);
    copy_error(&conn->err, to);
    g_mutex_unlock(&conn->lock);
    return to->code;
}

void
virConnResetLastError(virConnectPtr conn)
{
    if (!VIR_IS_CONNECT(conn))
        return;
    g_mutex_lock(&conn->lock);
    virResetError(&conn->err);
    g_mutex_unlock(&conn->lock);
}

void
virSetErrorFunc(void *userData, virErrorFunc handler)
{
    g_mutex_lock(&handler_lock);
    global_handler = handler;
    global_user_data = userData;
    g_mutex_unlock(&handler_lock);
}

void
virConnSetErrorFunc(virConnectPtr conn, void *userData, virErrorFunc handler)
{
    if (!VIR_IS_CONNECT(conn))
        return;
    g_mutex_lock(&conn->lock);
    conn->handler = handler;
    conn->userData = userData;
    g_mutex_unlock(&conn->lock);
}

/* Same line shape as libvirt's default handler, with our own prefix. */
void
virDefaultErrorFunc(virErrorPtr err)
{
    const char *level = "";
    const char *msg;
    size_t len;

    if (!err || err->code == VIR_ERR_OK)
        return;
    if (err->level == VIR_ERR_WARNING)
        level = "warning";
    else if (err->level == VIR_ERR_ERROR)
        level = "error";
    msg = err->message ? err->message : "";
    len = strlen(msg);
    fprintf(stderr, "tidemark: %s %s : %s%s", virErrorDomainName(err->domain),
            level, msg, (len == 0 || msg[len - 1] != '\n') ? "\n" : "");
}
