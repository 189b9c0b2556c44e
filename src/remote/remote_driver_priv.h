/*
 * remote_driver_priv.h: what the files of the remote driver share
 *
 * remote_driver.c opens and closes connections and holds the connection
 * methods; remote_driver_domain.c, _checkpoint.c and _snapshot.c hold
 * one small method per call, each built on remoteDriverCall().
 */
#pragma once

#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include "conf/domain_event.h"
#include "remote/remote_driver_client.h"
#include "tm_remote_protocol.h"
#include "tm_qemu_protocol.h"

typedef struct {
    remoteNetClient *client;
    bool server_keepalive;       /* the daemon said yes to feature 10 */

    /* Event callbacks: the local state delivers to the application; the
     * daemon holds one unfiltered registration per event id while any
     * local callback wants that id (the local state filters domains). */
    GMutex event_lock;           /* serialises (de)registrations */
    virDomainEventState *events;
    int remote_ids[VIR_DOMAIN_EVENT_ID_COUNT];
    int local_counts[VIR_DOMAIN_EVENT_ID_COUNT];
    GHashTable *local_event_ids; /* local callback id -> event id */

    /* the daemon's driver's type, asked once, as libvirt's remote driver
     * keeps it: virConnectGetType() returns a string @conn owns */
    GMutex type_lock;
    char *type;
} remoteDriverPrivate;

/**
 * remoteDriverCallProg:
 * @conn: a connection of the remote driver
 * @prog: TM_REMOTE_PROGRAM or TM_QEMU_PROGRAM
 * @proc: the procedure
 * @args_filter, @args: the arguments (filter NULL: none)
 * @ret_filter, @ret: the zeroed result (filter NULL: none); the caller
 *                    frees it with xdr_free() after a success
 *
 * One call through the connection's client (remoteNetClientCall()).
 * Returns 0, or -1 with the daemon's (or the transport's) error set.
 */
int remoteDriverCallProg(virConnectPtr conn, unsigned int prog, int proc,
                         xdrproc_t args_filter, const void *args,
                         xdrproc_t ret_filter, void *ret);

/* remoteDriverCallProg() on the remote program, which nearly all use */
#define remoteDriverCall(conn, proc, af, a, rf, r) \
    remoteDriverCallProg(conn, TM_REMOTE_PROGRAM, proc, (xdrproc_t)(af), a, (xdrproc_t)(rf), r)

/* Handles to the wire: borrow the handle's strings (nothing to free). */
void remoteDriverDomainToWire(virDomainPtr dom, tm_remote_nonnull_domain *out);
void remoteDriverCheckpointToWire(virDomainCheckpointPtr cp,
                                  tm_remote_nonnull_domain_checkpoint *out);
void remoteDriverSnapshotToWire(virDomainSnapshotPtr snap,
                                tm_remote_nonnull_domain_snapshot *out);

/* Handles from the wire: new references (NULL with an error). A
 * checkpoint's or snapshot's domain is @dom's object when the wire
 * handle names it, as libvirt's client reuses its own domain handle. */
virDomainPtr remoteDriverDomainFromWire(virConnectPtr conn, const tm_remote_nonnull_domain *dom);
virDomainCheckpointPtr remoteDriverCheckpointFromWire(virDomainPtr dom,
                                                      const tm_remote_nonnull_domain_checkpoint *cp);
virDomainSnapshotPtr remoteDriverSnapshotFromWire(virDomainPtr dom,
                                                  const tm_remote_nonnull_domain_snapshot *snap);

/* The wire's typed parameters as the API's, checked as libvirt's
 * remoteDeserializeTypedParameters checks them: 0 with a new array in
 * @params (virTypedParamsFree), or -1 with an error. */
int remoteDriverTypedParamsFromWire(const tm_remote_typed_param *wire, unsigned int n,
                                    virTypedParameterPtr *params, int *nparams);

/* The method tables of the per-object files, copied into the driver. */
void remoteDriverFillDomain(virConnectDriver *drv);
void remoteDriverFillCheckpoint(virConnectDriver *drv);
void remoteDriverFillSnapshot(virConnectDriver *drv);
