/*
 * tidemark-util.c: output, errors and helpers shared by all commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tidemark-cmd.h"
#include "util/virxmlescape.h"

/* Appends one line "[DATE PROG PID] LEVEL message" to the -l log. */
static void
tmOutputLogFile(tmControl *ctl, int level, const char *msg)
{
    static const char *const levels[] = {
        "DEBUG", "INFO", "INFO", "WARNING", "ERROR",
    };
    g_autoptr(GDateTime) now = NULL;
    g_autofree char *stamp = NULL;
    g_autofree char *line = NULL;
    g_autofree char *text = NULL;
    size_t len;

    if (ctl->log_fd == -1)
        return;

    now = g_date_time_new_now_local();
    stamp = g_date_time_format(now, "%Y.%m.%d %H:%M:%S");
    text = g_strdup(msg);
    len = strlen(text);
    while (len > 0 && text[len - 1] == '\n')
        text[--len] = '\0';
    line = g_strdup_printf("[%s %s %d] %s %s\n", stamp, ctl->progname,
                           (int)getpid(),
                           level >= 0 && level <= TM_ERR_ERROR ? levels[level] : "DEBUG",
                           text);
    if (write(ctl->log_fd, line, strlen(line)) < 0) {
        tmCloseLogFile(ctl);
        tmError(ctl, "%s", "failed to write the log file");
    }
}

/**
 * tmOpenLogFile:
 * Opens ctl->logfile for appending; exits when it cannot.
 */
void
tmOpenLogFile(tmControl *ctl)
{
    if (!ctl->logfile)
        return;

    ctl->log_fd = open(ctl->logfile, O_WRONLY | O_APPEND | O_CREAT | O_SYNC, 0644);
    if (ctl->log_fd < 0) {
        tmError(ctl, "%s", "failed to open the log file. check the log file path");
        exit(EXIT_FAILURE);
    }
}

/**
 * tmCloseLogFile:
 * Closes the log file, if open, and forgets its name.
 */
void
tmCloseLogFile(tmControl *ctl)
{
    if (ctl->log_fd >= 0 && close(ctl->log_fd) < 0) {
        ctl->log_fd = -1;
        tmError(ctl, "%s: failed to write log file: %s",
                ctl->logfile ? ctl->logfile : "?", g_strerror(errno));
    }
    ctl->log_fd = -1;
    g_clear_pointer(&ctl->logfile, g_free);
}

/**
 * tmPrint:
 * Writes to stdout, flushed.
 */
void
tmPrint(tmControl *ctl G_GNUC_UNUSED, const char *format, ...)
{
    va_list ap;
    g_autofree char *str = NULL;

    va_start(ap, format);
    str = g_strdup_vprintf(format, ap);
    va_end(ap);
    fputs(str, stdout);
    fflush(stdout);
}

/**
 * tmPrintExtra:
 * Like tmPrint, but silent with --quiet.
 */
void
tmPrintExtra(tmControl *ctl, const char *format, ...)
{
    va_list ap;
    g_autofree char *str = NULL;

    if (ctl && ctl->quiet)
        return;

    va_start(ap, format);
    str = g_strdup_vprintf(format, ap);
    va_end(ap);
    fputs(str, stdout);
    fflush(stdout);
}

/**
 * tmError:
 * Writes "error: MESSAGE" to stderr (and the log).  stdout is flushed
 * first so that "2>&1" keeps the order.
 */
void
tmError(tmControl *ctl, const char *format, ...)
{
    va_list ap;
    g_autofree char *str = NULL;

    va_start(ap, format);
    str = g_strdup_vprintf(format, ap);
    va_end(ap);

    if (ctl)
        tmOutputLogFile(ctl, TM_ERR_ERROR, str);
    fflush(stdout);
    fprintf(stderr, "error: %s\n", str);
    fflush(stderr);
}

/**
 * tmDebug:
 * Writes a debug message to stdout (and the log) when @level reaches
 * the -d threshold.
 */
void
tmDebug(tmControl *ctl, int level, const char *format, ...)
{
    va_list ap;
    g_autofree char *str = NULL;

    if (level < ctl->debug)
        return;

    va_start(ap, format);
    str = g_strdup_vprintf(format, ap);
    va_end(ap);
    tmOutputLogFile(ctl, level, str);
    fputs(str, stdout);
    fflush(stdout);
}

/* Replaces the saved error. */
static void
tmSetSavedError(tmControl *ctl, int code, int domain, const char *message)
{
    g_free(ctl->err_message);
    ctl->err_set = true;
    ctl->err_code = code;
    ctl->err_domain = domain;
    ctl->err_message = g_strdup(message);
}

/**
 * tmErrorHandler:
 * The library's error callback (@opaque is the tmControl): keeps a copy
 * of each error, since the next API call clears the library's own.
 */
void
tmErrorHandler(void *opaque, virErrorPtr error)
{
    tmControl *ctl = opaque;

    tmSetSavedError(ctl, error->code, error->domain, error->message);
}

/**
 * tmSaveError:
 * Records an error the shell raises where virsh gets one from libvirt's
 * helpers (reading files, XPath); it is printed when the command fails.
 */
void
tmSaveError(tmControl *ctl, int code, const char *format, ...)
{
    va_list ap;
    g_autofree char *str = NULL;

    va_start(ap, format);
    str = g_strdup_vprintf(format, ap);
    va_end(ap);
    tmSetSavedError(ctl, code, VIR_FROM_NONE, str);
}

/**
 * tmResetError:
 * Forgets the saved error and the library's.
 */
void
tmResetError(tmControl *ctl)
{
    ctl->err_set = false;
    ctl->err_code = VIR_ERR_OK;
    ctl->err_domain = VIR_FROM_NONE;
    g_clear_pointer(&ctl->err_message, g_free);
    virResetLastError();
}

/**
 * tmLastErrorCode:
 * The code of the saved error, VIR_ERR_OK when there is none.
 */
int
tmLastErrorCode(tmControl *ctl)
{
    return ctl->err_set ? ctl->err_code : VIR_ERR_OK;
}

/**
 * tmReportError:
 * Prints the saved error (or the library's, if one was never dispatched)
 * as "error: MESSAGE", then forgets it.  Prints nothing without one.
 */
void
tmReportError(tmControl *ctl)
{
    if (!ctl->err_set) {
        virErrorPtr err = virGetLastError();

        if (!err || err->code == VIR_ERR_OK) {
            tmResetError(ctl);
            return;
        }
        tmSetSavedError(ctl, err->code, err->domain, err->message);
    }

    if (ctl->err_code == VIR_ERR_OK || !ctl->err_message)
        tmError(ctl, "%s", "unknown error");
    else
        tmError(ctl, "%s", ctl->err_message);
    tmResetError(ctl);
}

/**
 * tmStrToInt:
 * Parses a whole decimal int (strtol rules: leading blanks and a sign
 * are accepted).  Returns 0, or -1 when @str is not one.
 */
int
tmStrToInt(const char *str, int *value)
{
    char *end;
    long val;

    errno = 0;
    val = strtol(str, &end, 10);
    if (errno || end == str || *end || val < INT_MIN || val > INT_MAX)
        return -1;
    *value = val;
    return 0;
}

/**
 * tmStringToArray:
 * Splits @str at ',' into a new *@array; ",," stands for a literal
 * comma.  Returns the number of elements (1 for "", whose only element
 * is NULL); the array has one more, NULL, slot.
 */
int
tmStringToArray(const char *str, char ***array)
{
    g_auto(GStrv) parts = g_strsplit(str, ",", 0);
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
    bool join = false;
    size_t i;
    int n;

    /* "" gives one NULL element, which virsh's users print as nothing */
    g_ptr_array_add(out, g_strdup(parts[0]));
    for (i = 1; parts[0] && parts[i]; i++) {
        if (join) {
            char *prev = out->pdata[out->len - 1];

            out->pdata[out->len - 1] = g_strconcat(prev, ",", parts[i], NULL);
            g_free(prev);
            join = false;
        } else if (!*parts[i]) {
            join = true;
        } else {
            g_ptr_array_add(out, g_strdup(parts[i]));
        }
    }
    if (join)
        g_ptr_array_add(out, g_strdup(""));

    n = out->len;
    g_ptr_array_add(out, NULL);
    g_ptr_array_set_free_func(out, NULL);
    *array = (char **)g_ptr_array_free(g_steal_pointer(&out), FALSE);
    return n;
}

/**
 * tmReadFile:
 * Reads all of @path (at most TM_MAX_XML_FILE bytes) into *@buf.
 * Returns its length, or -1 with the error saved in libvirt's words and
 * errno set.
 */
int
tmReadFile(tmControl *ctl, const char *path, char **buf)
{
    g_autoptr(GString) data = g_string_new(NULL);
    char chunk[8192];
    int fd;
    int err = 0;

    if ((fd = open(path, O_RDONLY)) < 0) {
        err = errno;
        tmSaveError(ctl, VIR_ERR_SYSTEM_ERROR, "Failed to open file '%s': %s",
                    path, g_strerror(err));
        errno = err;
        return -1;
    }

    while (1) {
        ssize_t got = read(fd, chunk, sizeof(chunk));

        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            err = errno;
            break;
        }
        if (got == 0)
            break;
        g_string_append_len(data, chunk, got);
        if (data->len > TM_MAX_XML_FILE) {
            err = EOVERFLOW;
            break;
        }
    }
    close(fd);

    if (err) {
        tmSaveError(ctl, VIR_ERR_SYSTEM_ERROR, "Failed to read file '%s': %s",
                    path, g_strerror(err));
        errno = err;
        return -1;
    }
    *buf = g_string_free(g_steal_pointer(&data), FALSE);
    return strlen(*buf);
}

/* Finds domain @name by id (when @by_id and it looks like one), uuid or
 * name, in that order, as virsh does. */
static virDomainPtr
tmLookupDomain(tmControl *ctl, const char *cmdname, const char *name, bool by_id)
{
    virDomainPtr dom = NULL;
    int id;

    if (by_id && tmStrToInt(name, &id) == 0 && id >= 0) {
        tmDebug(ctl, TM_ERR_DEBUG, "%s: <domain> looks like ID\n", cmdname);
        dom = virDomainLookupByID(ctl->conn, id);
    }
    if (!dom && strlen(name) == VIR_UUID_STRING_BUFLEN - 1) {
        tmDebug(ctl, TM_ERR_DEBUG, "%s: <domain> trying as domain UUID\n", cmdname);
        dom = virDomainLookupByUUIDString(ctl->conn, name);
    }
    if (!dom) {
        tmDebug(ctl, TM_ERR_DEBUG, "%s: <domain> trying as domain NAME\n", cmdname);
        dom = virDomainLookupByName(ctl->conn, name);
    }

    tmResetError(ctl);
    if (!dom)
        tmError(ctl, "failed to get domain '%s'", name);
    return dom;
}

/**
 * tmCommandOptDomainBy:
 * Looks up the domain given as option "domain" of @cmd, by uuid and name
 * and, with @by_id, by id.  Sets *@name (if not NULL) to the text given.
 * Returns a new reference, or NULL after an error.
 */
virDomainPtr
tmCommandOptDomainBy(tmControl *ctl, const tmCmd *cmd, const char **name,
                     bool by_id)
{
    const char *n = NULL;

    if (tmCommandOptStringReq(ctl, cmd, "domain", &n) < 0)
        return NULL;

    tmDebug(ctl, TM_ERR_INFO, "%s: found option <%s>: %s\n",
            cmd->def->name, "domain", n);
    if (name)
        *name = n;
    return tmLookupDomain(ctl, cmd->def->name, n, by_id);
}

/**
 * tmCommandOptDomain:
 * tmCommandOptDomainBy by id, uuid or name.
 */
virDomainPtr
tmCommandOptDomain(tmControl *ctl, const tmCmd *cmd, const char **name)
{
    return tmCommandOptDomainBy(ctl, cmd, name, true);
}

/**
 * tmShellEscape:
 * Returns @str quoted for sh when it needs it: '' for the empty string,
 * '...' (with ' written '\'') when it holds a shell metacharacter.
 */
char *
tmShellEscape(const char *str)
{
    GString *out;
    const char *p;

    if (!*str)
        return g_strdup("''");
    if (!strpbrk(str, "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~"))
        return g_strdup(str);

    out = g_string_new("'");
    for (p = str; *p; p++) {
        if (*p == '\'')
            g_string_append(out, "'\\'");
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '\'');
    return g_string_free(out, FALSE);
}

/**
 * tmBufAdd:
 * Appends @text to @buf, first indenting by @indent spaces when @buf is
 * at the start of a line (libvirt's auto-indenting buffer).
 */
void
tmBufAdd(GString *buf, int indent, const char *text)
{
    if (buf->len == 0 || buf->str[buf->len - 1] == '\n') {
        int i;

        for (i = 0; i < indent; i++)
            g_string_append_c(buf, ' ');
    }
    g_string_append(buf, text);
}

/**
 * tmBufAddEscaped:
 * Appends @before, @str escaped for XML and @after as one indented
 * piece; appends nothing at all when @str is NULL.
 */
void
tmBufAddEscaped(GString *buf, int indent, const char *before, const char *str,
                const char *after)
{
    g_autofree char *escaped = NULL;
    g_autofree char *text = NULL;

    if (!str)
        return;
    escaped = virXMLEscape(str);
    text = g_strconcat(before, escaped, after, NULL);
    tmBufAdd(buf, indent, text);
}
