/*
 * datatypes.c: construction, reference counting and release of handles
 *
 * Counts are changed with GLib atomics so handles can be shared between
 * threads without a lock. The thread that drops the last reference
 * clears the magic first, so that a later (buggy) use of the pointer
 * fails the VIR_IS_* checks instead of reaching a driver while the
 * memory is still mapped, then releases the parent reference.
 */
#include "internal.h"
#include "datatypes.h"
#include "driver.h"

#define VIR_FROM_THIS VIR_FROM_NONE

virConnectPtr
virGetConnect(void)
{
    virConnectPtr conn = g_new0(virConnect, 1);

    conn->magic = VIR_CONNECT_MAGIC;
    conn->refs = 1;
    g_mutex_init(&conn->lock);
    return conn;
}

static void
virConnectDispose(virConnectPtr conn)
{
    /* connectClose may still look at the connection (privateData, uri)
     * but must not see it as valid for public calls. */
    if (conn->driver)
        conn->driver->connectClose(conn);
    conn->magic = 0;
    conn->driver = NULL;

    virResetError(&conn->err);
    g_free(conn->uri);
    if (conn->guri)
        g_uri_unref(conn->guri);
    g_mutex_clear(&conn->lock);
    g_free(conn);
}

virConnectPtr
virConnectHandleRef(virConnectPtr conn)
{
    if (conn)
        g_atomic_int_inc(&conn->refs);
    return conn;
}

int
virConnectHandleUnref(virConnectPtr conn)
{
    int left;

    if (!conn)
        return 0;
    left = g_atomic_int_add(&conn->refs, -1) - 1;
    if (left == 0)
        virConnectDispose(conn);
    return left;
}

virDomainPtr
virGetDomain(virConnectPtr conn, const char *name,
             const unsigned char *uuid, int id)
{
    virDomainPtr domain;

    if (!VIR_IS_CONNECT(conn)) {
        virReportErrorHelper(VIR_FROM_THIS, VIR_ERR_INVALID_CONN, __FILE__,
                             __func__, __LINE__, "%s", __func__);
        return NULL;
    }
    virCheckNonNullArgReturn(name, NULL);
    virCheckNonNullArgReturn(uuid, NULL);

    domain = g_new0(virDomain, 1);
    domain->magic = VIR_DOMAIN_MAGIC;
    domain->refs = 1;
    domain->conn = virConnectHandleRef(conn);
    domain->name = g_strdup(name);
    domain->id = id;
    memcpy(domain->uuid, uuid, VIR_UUID_BUFLEN);
    return domain;
}

virDomainPtr
virDomainHandleRef(virDomainPtr domain)
{
    if (domain)
        g_atomic_int_inc(&domain->refs);
    return domain;
}

int
virDomainHandleUnref(virDomainPtr domain)
{
    int left;
    virConnectPtr conn;

    if (!domain)
        return 0;
    left = g_atomic_int_add(&domain->refs, -1) - 1;
    if (left > 0)
        return left;

    conn = domain->conn;
    domain->magic = 0;
    g_free(domain->name);
    g_free(domain);
    virConnectHandleUnref(conn);
    return 0;
}

/* Checkpoints and snapshots are built the same way, on a domain. */
#define virCheckMomentHandleArgs(domain, name) \
    do { \
        if (!VIR_IS_DOMAIN(domain)) { \
            virReportErrorHelper(VIR_FROM_DOM, VIR_ERR_INVALID_DOMAIN, \
                                 __FILE__, __func__, __LINE__, \
                                 "%s", __func__); \
            return NULL; \
        } \
        virCheckNonNullArgReturn(name, NULL); \
    } while (0)

virDomainCheckpointPtr
virGetDomainCheckpoint(virDomainPtr domain, const char *name)
{
    virDomainCheckpointPtr checkpoint;

    virCheckMomentHandleArgs(domain, name);

    checkpoint = g_new0(virDomainCheckpoint, 1);
    checkpoint->magic = VIR_CHECKPOINT_MAGIC;
    checkpoint->refs = 1;
    checkpoint->domain = virDomainHandleRef(domain);
    checkpoint->name = g_strdup(name);
    return checkpoint;
}

virDomainCheckpointPtr
virDomainCheckpointHandleRef(virDomainCheckpointPtr checkpoint)
{
    if (checkpoint)
        g_atomic_int_inc(&checkpoint->refs);
    return checkpoint;
}

int
virDomainCheckpointHandleUnref(virDomainCheckpointPtr checkpoint)
{
    int left;
    virDomainPtr domain;

    if (!checkpoint)
        return 0;
    left = g_atomic_int_add(&checkpoint->refs, -1) - 1;
    if (left > 0)
        return left;

    domain = checkpoint->domain;
    checkpoint->magic = 0;
    g_free(checkpoint->name);
    g_free(checkpoint);
    virDomainHandleUnref(domain);
    return 0;
}

virDomainSnapshotPtr
virGetDomainSnapshot(virDomainPtr domain, const char *name)
{
    virDomainSnapshotPtr snapshot;

    virCheckMomentHandleArgs(domain, name);

    snapshot = g_new0(virDomainSnapshot, 1);
    snapshot->magic = VIR_SNAPSHOT_MAGIC;
    snapshot->refs = 1;
    snapshot->domain = virDomainHandleRef(domain);
    snapshot->name = g_strdup(name);
    return snapshot;
}

virDomainSnapshotPtr
virDomainSnapshotHandleRef(virDomainSnapshotPtr snapshot)
{
    if (snapshot)
        g_atomic_int_inc(&snapshot->refs);
    return snapshot;
}

int
virDomainSnapshotHandleUnref(virDomainSnapshotPtr snapshot)
{
    int left;
    virDomainPtr domain;

    if (!snapshot)
        return 0;
    left = g_atomic_int_add(&snapshot->refs, -1) - 1;
    if (left > 0)
        return left;

    domain = snapshot->domain;
    snapshot->magic = 0;
    g_free(snapshot->name);
    g_free(snapshot);
    virDomainHandleUnref(domain);
    return 0;
}
