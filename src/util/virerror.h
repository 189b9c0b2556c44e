/*
 * virerror.h: raising errors inside tidemark
 *
 * Every error is raised once, where it happens, into the calling
 * thread's last-error slot. Each .c file defines VIR_FROM_THIS (a
 * virErrorDomain value) before using the macros below, because the
 * domain an error carries depends on the file that raised it, exactly
 * as in libvirt.
 */
#pragma once

#include <stddef.h>
#include <glib.h>
#include <tidemark/virterror.h>

/**
 * virReportErrorHelper:
 * @domcode: virErrorDomain of the raiser
 * @errcode: virErrorNumber
 * @filename, @funcname, @linenr: where the error was raised
 * @fmt: printf format of the detail, or NULL for the generic message
 *
 * Formats the message as libvirt does: the generic text for @errcode
 * with the detail inserted ("internal error: %s"), and stores it as the
 * thread's last error.
 */
void virReportErrorHelper(int domcode, int errcode,
                          const char *filename, const char *funcname,
                          size_t linenr, const char *fmt, ...)
    G_GNUC_PRINTF(6, 7);

/**
 * virReportSystemErrorFull:
 * @domcode: virErrorDomain of the raiser
 * @theerrno: the errno of the failed call
 * @fmt: printf format of what failed, or NULL
 *
 * Raises libvirt's SYSTEM_ERROR: "@fmt: strerror(@theerrno)", with
 * @theerrno in the error's int1, as libvirt's virReportSystemError.
 */
void virReportSystemErrorFull(int domcode, int theerrno,
                              const char *filename, const char *funcname,
                              size_t linenr, const char *fmt, ...)
    G_GNUC_PRINTF(6, 7);

/**
 * virRaiseErrorFull:
 *
 * Stores an error whose message is exactly the formatted @fmt (no
 * generic prefix) with the given extra strings. Used for invalid
 * argument reports and for re-raising errors received from elsewhere.
 */
void virRaiseErrorFull(const char *filename, const char *funcname,
                       size_t linenr, int domain, int code,
                       virErrorLevel level, const char *str1,
                       const char *str2, const char *str3,
                       int int1, int int2, const char *fmt, ...)
    G_GNUC_PRINTF(12, 13);

/**
 * virErrorMsg:
 * @code: virErrorNumber
 * @with_info: whether a detail string will follow
 *
 * Returns libvirt's generic text for @code (a printf format with one
 * %s when @with_info), or NULL for an unknown code.
 */
const char *virErrorMsg(int code, bool with_info);

/**
 * virErrorDomainName:
 *
 * Returns the human-readable name of an error domain ("Domain Config"),
 * or "Unknown".
 */
const char *virErrorDomainName(int domain);

/**
 * virDispatchError:
 * @conn: connection the failed call was made on, or NULL
 *
 * Called by every public entry point when it fails: makes sure some
 * error is set, copies it to @conn and runs the error callback.
 */
void virDispatchError(virConnectPtr conn);

/**
 * virSetError:
 * @err: error to copy, or NULL
 *
 * Replaces the thread's last error with a copy of @err, or clears it
 * when @err is NULL: how a caller puts back an error it saved with
 * virSaveLastError() before cleanup that may raise others. Returns 0.
 */
int virSetError(const virError *err);


#define virReportError(code, ...) \
    virReportErrorHelper(VIR_FROM_THIS, code, __FILE__, __func__, \
                         __LINE__, __VA_ARGS__)

#define virReportSystemError(theerrno, ...) \
    virReportSystemErrorFull(VIR_FROM_THIS, theerrno, __FILE__, __func__, \
                             __LINE__, __VA_ARGS__)

#define virReportErrorNoDetail(code) \
    virReportErrorHelper(VIR_FROM_THIS, code, __FILE__, __func__, \
                         __LINE__, NULL)

#define virReportInvalidArg(argname, fmt, ...) \
    virRaiseErrorFull(__FILE__, __func__, __LINE__, VIR_FROM_THIS, \
                      VIR_ERR_INVALID_ARG, VIR_ERR_ERROR, __func__, \
                      #argname, NULL, 0, 0, (fmt), __VA_ARGS__)

/* "this function is not supported by the connection driver: FUNC" */
#define virReportUnsupportedError() \
    virReportErrorHelper(VIR_FROM_THIS, VIR_ERR_NO_SUPPORT, __FILE__, \
                         __func__, __LINE__, "%s", __func__)

/* "operation forbidden: ..." */
#define virReportRestrictedError(...) \
    virReportErrorHelper(VIR_FROM_THIS, VIR_ERR_OPERATION_DENIED, \
                         __FILE__, __func__, __LINE__, __VA_ARGS__)
