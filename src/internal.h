/*
 * internal.h: definitions shared by every tidemark source file
 *
 * Pulls in the build configuration, GLib and the public API so that
 * each .c file starts from the same base, and holds the argument and
 * flag checking macros used by the public entry points and drivers.
 */
#pragma once

#include "config.h"

#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include <tidemark/tidemark.h>

#include "util/virerror.h"

/* The libvirt API level tidemark implements, as virConnectGetLibVersion
 * reports it (major * 1,000,000 + minor * 1,000 + release). */
#define TIDEMARK_LIBVIRT_API_VERSION ((unsigned long)LIBVIR_VERSION_NUMBER)

#define STREQ(a, b) (strcmp(a, b) == 0)
#define STRNEQ(a, b) (strcmp(a, b) != 0)
#define STREQ_NULLABLE(a, b) (g_strcmp0(a, b) == 0)
#define NULLSTR(s) ((s) ? (s) : "<null>")

/* Reject any bit of @flags outside @supported with libvirt's wording,
 * naming the calling function. */
#define virCheckFlags(supported, retval) \
    do { \
        unsigned int tm_unsupported_ = flags & ~(unsigned int)(supported); \
        if (tm_unsupported_) { \
            virReportInvalidArg(flags, "unsupported flags (0x%x) in function %s", \
                                tm_unsupported_, __func__); \
            return retval; \
        } \
    } while (0)

#define VIR_EXCLUSIVE_FLAGS_RET(FLAG1, FLAG2, RET) \
    do { \
        if ((flags & (FLAG1)) && (flags & (FLAG2))) { \
            virReportInvalidArg(ctl, "Flags '%s' and '%s' are mutually exclusive", \
                                #FLAG1, #FLAG2); \
            return RET; \
        } \
    } while (0)

/* FLAG1 needs FLAG2 */
#define VIR_REQUIRE_FLAG_RET(FLAG1, FLAG2, RET) \
    do { \
        if ((flags & (FLAG1)) && !(flags & (FLAG2))) { \
            virReportInvalidArg(ctl, "Flag '%s' is required by flag '%s'", \
                                #FLAG2, #FLAG1); \
            return RET; \
        } \
    } while (0)

#define virCheckNonNullArgReturn(argname, retval) \
    do { \
        if ((argname) == NULL) { \
            virReportInvalidArg(argname, "%s in %s must not be NULL", \
                                #argname, __func__); \
            return retval; \
        } \
    } while (0)

#define virCheckNonNegativeArgReturn(argname, retval) \
    do { \
        if ((argname) < 0) { \
            virReportInvalidArg(argname, "%s in %s must be zero or greater", \
                                #argname, __func__); \
            return retval; \
        } \
    } while (0)

/*
 * "Goto" variants for the public entry points: they report the error
 * and jump to the function's error label, which dispatches it (to the
 * connection copy and the error callback) before returning.
 */
#define VIR_EXCLUSIVE_FLAGS_GOTO(FLAG1, FLAG2, LABEL) \
    do { \
        if ((flags & (FLAG1)) && (flags & (FLAG2))) { \
            virReportInvalidArg(ctl, "Flags '%s' and '%s' are mutually exclusive", \
                                #FLAG1, #FLAG2); \
            goto LABEL; \
        } \
    } while (0)

/* FLAG1 needs FLAG2 */
#define VIR_REQUIRE_FLAG_GOTO(FLAG1, FLAG2, LABEL) \
    do { \
        if ((flags & (FLAG1)) && !(flags & (FLAG2))) { \
            virReportInvalidArg(ctl, "Flag '%s' is required by flag '%s'", \
                                #FLAG2, #FLAG1); \
            goto LABEL; \
        } \
    } while (0)

#define virCheckNonNullArgGoto(argname, label) \
    do { \
        if ((argname) == NULL) { \
            virReportInvalidArg(argname, "%s in %s must not be NULL", \
                                #argname, __func__); \
            goto label; \
        } \
    } while (0)

#define virCheckNullArgGoto(argname, label) \
    do { \
        if ((argname) != NULL) { \
            virReportInvalidArg(argname, "%s in %s must be NULL", \
                                #argname, __func__); \
            goto label; \
        } \
    } while (0)

#define virCheckNonNegativeArgGoto(argname, label) \
    do { \
        if ((argname) < 0) { \
            virReportInvalidArg(argname, "%s in %s must be zero or greater", \
                                #argname, __func__); \
            goto label; \
        } \
    } while (0)

/* For the legacy calls that fill a caller-allocated array: NULL is
 * fine as long as the declared size is 0. */
#define virCheckNonNullArrayArgGoto(argname, argsize, label) \
    do { \
        if (!(argname) && (argsize) > 0) { \
            virReportInvalidArg(argname, "%s in %s must not be NULL", \
                                #argname, __func__); \
            goto label; \
        } \
    } while (0)

/* @connflags is a connection's flags (VIR_CONNECT_RO, datatypes.h):
 * "operation forbidden: read only access prevents virDomainUndefine" */
#define virCheckReadOnlyGoto(connflags, label) \
    do { \
        if ((connflags) & VIR_CONNECT_RO) { \
            virReportRestrictedError("read only access prevents %s", \
                                     __func__); \
            goto label; \
        } \
    } while (0)
