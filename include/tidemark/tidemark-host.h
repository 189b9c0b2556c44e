/*
 * tidemark-host.h: connections to a hypervisor driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef TIDEMARK_HOST_H
# define TIDEMARK_HOST_H

# include <tidemark/tidemark-common.h>

# ifdef __cplusplus
extern "C" {
# endif

/**
 * virConnect:
 *
 * Opaque, reference-counted handle for an open connection to a driver
 * (test:///default, qemu:///session, qemu:///embed?root=DIR, ...).
 */
typedef struct _virConnect virConnect;
typedef virConnect *virConnectPtr;

/* Size of a raw UUID in bytes. */
# define VIR_UUID_BUFLEN (16)

/* Size of a printed UUID (8-4-4-4-12 hex digits) plus the terminating NUL. */
# define VIR_UUID_STRING_BUFLEN (36 + 1)

/**
 * virConnectOpen:
 * @name: driver URI; NULL asks the library to pick its default URI
 *
 * Opens a read-write connection.
 *
 * Returns a new connection holding one reference (drop it with
 * virConnectClose()), or NULL with the error set: VIR_ERR_NO_CONNECT when no
 * driver accepts @name, VIR_ERR_INVALID_ARG for a malformed URI.
 */
virConnectPtr virConnectOpen(const char *name);

/**
 * virConnectOpenReadOnly:
 * @name: driver URI, as for virConnectOpen()
 *
 * Opens a connection that may only query.  Every call that changes state
 * fails on it with VIR_ERR_OPERATION_DENIED, and secure XML is refused.
 *
 * Returns a new connection, or NULL with the error set.
 */
virConnectPtr virConnectOpenReadOnly(const char *name);

/**
 * virConnectRef:
 * @conn: the connection
 *
 * Adds a reference, so that @conn outlives one more virConnectClose().
 *
 * Returns 0, or -1 (VIR_ERR_INVALID_CONN) if @conn is not a connection.
 */
int virConnectRef(virConnectPtr conn);

/**
 * virConnectClose:
 * @conn: the connection
 *
 * Drops one reference; the connection is closed when the last one goes.
 * Domain, checkpoint and snapshot handles each hold a reference of their own.
 *
 * Returns the number of references left (0 once closed), or -1
 * (VIR_ERR_INVALID_CONN) if @conn is not a connection.
 */
int virConnectClose(virConnectPtr conn);

/**
 * virConnectGetURI:
 * @conn: the connection
 *
 * Returns the canonical URI of the connection as a new string the caller
 * must free(), or NULL with the error set.
 */
char *virConnectGetURI(virConnectPtr conn);

/**
 * virConnectIsAlive:
 * @conn: the connection
 *
 * Returns 1 if the connection is usable (always so for in-process drivers;
 * for remote ones, while the transport is up), 0 if it is not, -1 on error.
 */
int virConnectIsAlive(virConnectPtr conn);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_HOST_H */
