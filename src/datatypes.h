/*
 * datatypes.h: the objects behind the public handles
 *
 * Handles are reference counted. A domain handle keeps its connection
 * alive, and a checkpoint or snapshot handle keeps its domain alive.
 * Handles carry identity only (names, uuid); drivers look the real
 * object up on every call, so a handle to a deleted object stays a
 * valid pointer whose calls fail cleanly.
 */
#pragma once

#include "internal.h"

struct _virConnectDriver;

#define VIR_CONNECT_MAGIC 0x544d434eu /* "TMCN" */
#define VIR_DOMAIN_MAGIC 0x544d444du
#define VIR_CHECKPOINT_MAGIC 0x544d4350u
#define VIR_SNAPSHOT_MAGIC 0x544d534eu

/* connection flags */
#define VIR_CONNECT_RO (1u << 0)

struct _virConnect {
    unsigned int magic;
    gint refs;
    char *uri;           /* canonical form of the URI opened, or NULL */
    GUri *guri;          /* the same, parsed (query left %-encoded), or NULL */
    unsigned int flags;  /* VIR_CONNECT_RO */
    const struct _virConnectDriver *driver; /* set once opened */
    void *privateData;   /* owned by the driver: freed in its close */

    GMutex lock;         /* guards the fields below */
    virError err;        /* last error of a call on this connection */
    virErrorFunc handler;
    void *userData;
};

struct _virDomain {
    unsigned int magic;
    gint refs;
    virConnectPtr conn;
    char *name;
    int id;
    unsigned char uuid[VIR_UUID_BUFLEN];
};

struct _virDomainCheckpoint {
    unsigned int magic;
    gint refs;
    virDomainPtr domain;
    char *name;
};

struct _virDomainSnapshot {
    unsigned int magic;
    gint refs;
    virDomainPtr domain;
    char *name;
};

/*
 * Constructors return a new handle holding one reference. A domain
 * handle takes a reference on @conn, a checkpoint or snapshot handle
 * one on @domain; the strings are copied. They return NULL with
 * INVALID_CONN / INVALID_DOMAIN / INVALID_ARG set (never dispatched:
 * the public entry point that called the driver does that) when a
 * handle is invalid or @name / @uuid is NULL.
 *
 * A driver that hands a handle back to the caller returns the
 * constructor's reference; a driver that only needs one briefly drops it
 * with the matching *HandleUnref.
 */
virConnectPtr virGetConnect(void);
virDomainPtr virGetDomain(virConnectPtr conn, const char *name,
                          const unsigned char *uuid, int id);
virDomainCheckpointPtr virGetDomainCheckpoint(virDomainPtr domain,
                                              const char *name);
virDomainSnapshotPtr virGetDomainSnapshot(virDomainPtr domain,
                                          const char *name);

/*
 * Reference counting, atomic and so safe from any thread. Ref returns
 * its argument. Unref returns the references left; the one that drops
 * the last reference frees the handle (a connection first runs its
 * driver's connectClose) and releases the reference the handle held on
 * its parent. Both accept NULL (Unref then returns 0).
 */
virConnectPtr virConnectHandleRef(virConnectPtr conn);
int virConnectHandleUnref(virConnectPtr conn);
virDomainPtr virDomainHandleRef(virDomainPtr domain);
int virDomainHandleUnref(virDomainPtr domain);
virDomainCheckpointPtr virDomainCheckpointHandleRef(virDomainCheckpointPtr checkpoint);
int virDomainCheckpointHandleUnref(virDomainCheckpointPtr checkpoint);
virDomainSnapshotPtr virDomainSnapshotHandleRef(virDomainSnapshotPtr snapshot);
int virDomainSnapshotHandleUnref(virDomainSnapshotPtr snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(virConnect, virConnectHandleUnref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomain, virDomainHandleUnref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainCheckpoint, virDomainCheckpointHandleUnref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainSnapshot, virDomainSnapshotHandleUnref);

/* Validity checks used by the public layer (NULL or wrong magic). */
#define VIR_IS_CONNECT(c) ((c) && (c)->magic == VIR_CONNECT_MAGIC)
#define VIR_IS_DOMAIN(d) ((d) && (d)->magic == VIR_DOMAIN_MAGIC && \
                          VIR_IS_CONNECT((d)->conn))
#define VIR_IS_CHECKPOINT(c) ((c) && (c)->magic == VIR_CHECKPOINT_MAGIC && \
                              VIR_IS_DOMAIN((c)->domain))
#define VIR_IS_SNAPSHOT(s) ((s) && (s)->magic == VIR_SNAPSHOT_MAGIC && \
                            VIR_IS_DOMAIN((s)->domain))

/*
 * Handle checks of the public entry points, with libvirt's codes and
 * domains: INVALID_CONN from the calling file's VIR_FROM_THIS,
 * INVALID_DOMAIN always from VIR_FROM_DOM, INVALID_DOMAIN_CHECKPOINT /
 * INVALID_DOMAIN_SNAPSHOT from their own domains; the message names the
 * public function ("invalid domain pointer in virDomainGetName"). The
 * Return forms dispatch the error without a connection (there is no
 * trustworthy one) and return; the Goto forms only report.
 */
#define virCheckConnectReturn(obj, retval) \
    do { \
        if (!VIR_IS_CONNECT(obj)) { \
            virReportErrorHelper(VIR_FROM_THIS, VIR_ERR_INVALID_CONN, \
                                 __FILE__, __func__, __LINE__, \
                                 "%s", __func__); \
            virDispatchError(NULL); \
            return retval; \
        } \
    } while (0)

#define virCheckConnectGoto(obj, label) \
    do { \
        if (!VIR_IS_CONNECT(obj)) { \
            virReportErrorHelper(VIR_FROM_THIS, VIR_ERR_INVALID_CONN, \
                                 __FILE__, __func__, __LINE__, \
                                 "%s", __func__); \
            goto label; \
        } \
    } while (0)

#define virCheckDomainReturn(obj, retval) \
    do { \
        if (!VIR_IS_DOMAIN(obj)) { \
            virReportErrorHelper(VIR_FROM_DOM, VIR_ERR_INVALID_DOMAIN, \
                                 __FILE__, __func__, __LINE__, \
                                 "%s", __func__); \
            virDispatchError(NULL); \
            return retval; \
        } \
    } while (0)

#define virCheckDomainGoto(obj, label) \
    do { \
        if (!VIR_IS_DOMAIN(obj)) { \
            virReportErrorHelper(VIR_FROM_DOM, VIR_ERR_INVALID_DOMAIN, \
                                 __FILE__, __func__, __LINE__, \
                                 "%s", __func__); \
            goto label; \
        } \
    } while (0)

#define virCheckDomainCheckpointReturn(obj, retval) \
    do { \
        if (!VIR_IS_CHECKPOINT(obj)) { \
            virReportErrorHelper(VIR_FROM_DOMAIN_CHECKPOINT, \
                                 VIR_ERR_INVALID_DOMAIN_CHECKPOINT, \
                                 __FILE__, __func__, __LINE__, \
                                 "%s", __func__); \
            virDispatchError(NULL); \
            return retval; \
        } \
    } while (0)

#define virCheckDomainSnapshotReturn(obj, retval) \
    do { \
        if (!VIR_IS_SNAPSHOT(obj)) { \
            virReportErrorHelper(VIR_FROM_DOMAIN_SNAPSHOT, \
                                 VIR_ERR_INVALID_DOMAIN_SNAPSHOT, \
                                 __FILE__, __func__, __LINE__, \
                                 "%s", __func__); \
            virDispatchError(NULL); \
            return retval; \
        } \
    } while (0)
