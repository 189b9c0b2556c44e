/*
 * remote_dispatch_priv.h: what the per-object dispatch files share
 *
 * Each remote_dispatch_<object>.c defines the handlers of its
 * procedures and a table of them; remote_dispatch.c looks calls up in
 * the tables. A handler gets its decoded arguments and a zeroed result
 * struct, calls the public API and returns 0, or -1 with the API's
 * error set on the thread (the public API always sets one).
 */
#pragma once

#include "remote/remote_dispatch.h"
#include "datatypes.h"
#include "tm_remote_protocol.h"
#include "tm_qemu_protocol.h"

typedef int (*remoteHandler)(remoteClientState *state, virConnectPtr conn,
                             void *args, void *ret);

typedef struct {
    int proc;
    xdrproc_t args_filter;   /* xdr_void for no arguments */
    size_t args_size;
    xdrproc_t ret_filter;    /* xdr_void for no result */
    size_t ret_size;
    remoteHandler handler;
    bool without_conn;       /* may run before CONNECT_OPEN (conn is NULL) */
} remoteProcedure;

/* A table entry for procedure NAME of PROGRAM (REMOTE or QEMU) with
 * argument and result types ARGS and RET ("void" for none). */
#define REMOTE_PROC_ENTRY(num, args_t, ret_t, fn, noconn) \
    { num, (xdrproc_t)xdr_##args_t, sizeof(args_t), \
      (xdrproc_t)xdr_##ret_t, sizeof(ret_t), fn, noconn }
/* The "no arguments" / "no result" type, so void procedures fit the
 * macro (libtirpc's xdr_void takes no arguments at all). */
typedef struct { char unused; } remote_void;
static inline bool_t
xdr_remote_void(XDR *xdrs, remote_void *unused)
{
    return TRUE;
}

extern const remoteProcedure remoteConnectProcs[];
extern const size_t remoteConnectProcsCount;
extern const remoteProcedure remoteDomainProcs[];
extern const size_t remoteDomainProcsCount;
extern const remoteProcedure remoteCheckpointProcs[];
extern const size_t remoteCheckpointProcsCount;
extern const remoteProcedure remoteSnapshotProcs[];
extern const size_t remoteSnapshotProcsCount;
extern const remoteProcedure remoteJobProcs[];
extern const size_t remoteJobProcsCount;
extern const remoteProcedure remoteQemuProcs[];
extern const size_t remoteQemuProcsCount;
extern const remoteProcedure remoteEventProcs[];
extern const size_t remoteEventProcsCount;

/* Deregisters every event callback of the client (remote_dispatch_event.c):
 * on CONNECT_CLOSE and when the client goes, as a registered callback
 * keeps its connection open. */
void remoteClientStateDropEvents(remoteClientState *state);

/* Handles from the wire: new references the caller drops (NULL with an
 * error when the handle is malformed). Like libvirtd, no lookup is made
 * here: the API call itself finds the object, or fails as it fails. */
virDomainPtr remoteGetDomain(virConnectPtr conn, const tm_remote_nonnull_domain *dom);
virDomainCheckpointPtr remoteGetCheckpoint(virConnectPtr conn,
                                           const tm_remote_nonnull_domain_checkpoint *cp);
virDomainSnapshotPtr remoteGetSnapshot(virConnectPtr conn,
                                       const tm_remote_nonnull_domain_snapshot *snap);

/* A typed parameter to the wire's union (copies); false for a type the
 * protocol does not have. */
bool remoteTypedParamToWire(const virTypedParameter *p, tm_remote_typed_param *out);

/* Handles to the wire: fill @out with copies of the handle's identity. */
void remoteMakeDomain(tm_remote_nonnull_domain *out, virDomainPtr dom);
void remoteMakeCheckpoint(tm_remote_nonnull_domain_checkpoint *out,
                          virDomainCheckpointPtr cp);
void remoteMakeSnapshot(tm_remote_nonnull_domain_snapshot *out, virDomainSnapshotPtr snap);
