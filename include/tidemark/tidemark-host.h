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

/* Size of virSecurityLabel's label buffer, terminating NUL included. */
# define VIR_SECURITY_LABEL_BUFLEN (4096 + 1)

/**
 * virSecurityLabel:
 *
 * Filled in by virDomainGetSecurityLabel(): the security label of a domain.
 */
typedef struct _virSecurityLabel virSecurityLabel;

struct _virSecurityLabel {
    char label[VIR_SECURITY_LABEL_BUFLEN]; /* the label, "" when it has none */
    int enforcing;                         /* 1 if the policy is enforced */
};

typedef virSecurityLabel *virSecurityLabelPtr;

/* Size of virSecurityModel's model buffer, terminating NUL included. */
# define VIR_SECURITY_MODEL_BUFLEN (256 + 1)

/* Size of virSecurityModel's doi buffer, terminating NUL included. */
# define VIR_SECURITY_DOI_BUFLEN (256 + 1)

/**
 * virSecurityModel:
 *
 * Filled in by virNodeGetSecurityModel(): the security model of a driver.
 */
typedef struct _virSecurityModel virSecurityModel;

struct _virSecurityModel {
    char model[VIR_SECURITY_MODEL_BUFLEN]; /* the model, "" when there is none */
    char doi[VIR_SECURITY_DOI_BUFLEN];     /* its domain of interpretation */
};

typedef virSecurityModel *virSecurityModelPtr;

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
 * virGetVersion:
 * @libVer: receives the library's version (LIBVIR_VERSION_NUMBER); not NULL
 * @type: ignored, as in libvirt
 * @typeVer: if not NULL, receives the same number (libvirt's drivers are
 *           versioned with the library)
 *
 * Returns 0, or -1 with the error set if @libVer is NULL.
 */
int virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer);

/**
 * virConnectGetType:
 * @conn: the connection
 *
 * The name of the hypervisor behind @conn, as libvirt's drivers give it:
 * "TEST" for test:///, "QEMU" for qemu:///; through a daemon, the
 * daemon's driver's (asked once, then kept with the connection).
 *
 * Returns a string owned by @conn (do not free it), or NULL with the
 * error set.
 */
const char *virConnectGetType(virConnectPtr conn);

/**
 * virConnectGetVersion:
 * @conn: the connection
 * @hvVer: receives the hypervisor's version, major * 1,000,000 + minor *
 *         1,000 + release; not NULL
 *
 * The test driver answers 2, as libvirt's; the qemu driver the version
 * of the QEMU binary it runs (7002000 and up for QEMU 7.2).
 *
 * Returns 0, or -1 with the error set.
 */
int virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer);

/**
 * virConnectGetHostname:
 * @conn: the connection
 *
 * The name of the host the driver runs on (through a daemon, the
 * daemon's host), canonicalised as libvirt does: gethostname(), and
 * for a short name other than "localhost..." the canonical name
 * getaddrinfo() gives it, when it has one.
 *
 * Returns a new string for the caller to free(), or NULL with the
 * error set.
 */
char *virConnectGetHostname(virConnectPtr conn);

/**
 * virConnectGetLibVersion:
 * @conn: the connection
 * @libVer: receives the library version, major * 1,000,000 + minor *
 *          1,000 + release; not NULL
 *
 * The version of the libvirt API the library serving @conn implements
 * (through a daemon, the daemon's): tidemark implements libvirt 9.0.0's
 * and reports 9000000, which clients such as virtnbdbackup compare with
 * the version they need.
 *
 * Returns 0, or -1 with the error set.
 */
int virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer);

/**
 * virConnectIsAlive:
 * @conn: the connection
 *
 * Returns 1 if the connection is usable (always so for in-process drivers;
 * for remote ones, while the transport is up), 0 if it is not, -1 on error.
 */
int virConnectIsAlive(virConnectPtr conn);

/**
 * virConnectSetKeepAlive:
 * @conn: the connection
 * @interval: seconds of silence before a probe is sent; <= 0 disables
 *            keepalive
 * @count: probes sent without an answer before the connection is closed
 *
 * Sets up keepalive probes on a connection to a remote daemon.
 *
 * Returns 0 on success, 1 if the daemon does not support keepalive, or
 * -1 with the error set: VIR_ERR_NO_SUPPORT for a driver that runs in
 * the process (test:///, ...).
 */
int virConnectSetKeepAlive(virConnectPtr conn,
                           int interval,
                           unsigned int count);

/**
 * virNodeGetSecurityModel:
 * @conn: the connection
 * @secmodel: filled in on success (zeroed first), not NULL
 *
 * The security model of the driver's host; secmodel->model is "" when
 * the driver has none.
 *
 * Returns 0, or -1 with the error set.
 */
int virNodeGetSecurityModel(virConnectPtr conn,
                            virSecurityModelPtr secmodel);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_HOST_H */
