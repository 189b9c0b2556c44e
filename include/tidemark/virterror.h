/*
 * virterror.h: error reporting of the tidemark library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every public call that fails records a virError in a per-thread slot and
 * returns -1 or NULL; every public call clears that slot on entry.  Codes
 * and domains are libvirt 9.0's, so values travel unchanged over the wire
 * and through clients that switch on them.
 */

#ifndef TIDEMARK_VIRTERROR_H
# define TIDEMARK_VIRTERROR_H

/* Like libvirt's virterror.h, this one brings in the whole API. */
# include <tidemark/tidemark.h>

# ifdef __cplusplus
extern "C" {
# endif

/**
 * virNetwork:
 *
 * Opaque type, present only for the deprecated virError.net field; the
 * library never fills it in.
 */
typedef struct _virNetwork virNetwork;
typedef virNetwork *virNetworkPtr;

/**
 * virErrorLevel:
 *
 * Severity of a virError.
 */
typedef enum {
    VIR_ERR_NONE    = 0,
    VIR_ERR_WARNING = 1,
    VIR_ERR_ERROR   = 2,
} virErrorLevel;

/**
 * virErrorDomain:
 *
 * The part of the library (or of the driver) that raised an error.  The
 * list is append-only; most values name libvirt subsystems tidemark does
 * not have and are kept for numeric compatibility.
 */
typedef enum {
    VIR_FROM_NONE              = 0,
    VIR_FROM_XEN               = 1,
    VIR_FROM_XEND              = 2,
    VIR_FROM_XENSTORE          = 3,
    VIR_FROM_SEXPR             = 4,
    VIR_FROM_XML               = 5,  /* XML parsing and schema validation */
    VIR_FROM_DOM               = 6,
    VIR_FROM_RPC               = 7,  /* wire protocol */
    VIR_FROM_PROXY             = 8,
    VIR_FROM_CONF              = 9,  /* configuration files */
    VIR_FROM_QEMU              = 10, /* qemu driver */
    VIR_FROM_NET               = 11,
    VIR_FROM_TEST              = 12, /* test driver */
    VIR_FROM_REMOTE            = 13, /* remote driver */
    VIR_FROM_OPENVZ            = 14,
    VIR_FROM_XENXM             = 15,
    VIR_FROM_STATS_LINUX       = 16,
    VIR_FROM_LXC               = 17,
    VIR_FROM_STORAGE           = 18,
    VIR_FROM_NETWORK           = 19,
    VIR_FROM_DOMAIN            = 20, /* domain definitions, moment lists */
    VIR_FROM_UML               = 21,
    VIR_FROM_NODEDEV           = 22,
    VIR_FROM_XEN_INOTIFY       = 23,
    VIR_FROM_SECURITY          = 24,
    VIR_FROM_VBOX              = 25,
    VIR_FROM_INTERFACE         = 26,
    VIR_FROM_ONE               = 27,
    VIR_FROM_ESX               = 28,
    VIR_FROM_PHYP              = 29,
    VIR_FROM_SECRET            = 30,
    VIR_FROM_CPU               = 31,
    VIR_FROM_XENAPI            = 32,
    VIR_FROM_NWFILTER          = 33,
    VIR_FROM_HOOK              = 34,
    VIR_FROM_DOMAIN_SNAPSHOT   = 35, /* snapshot API and definitions */
    VIR_FROM_AUDIT             = 36,
    VIR_FROM_SYSINFO           = 37,
    VIR_FROM_STREAMS           = 38,
    VIR_FROM_VMWARE            = 39,
    VIR_FROM_EVENT             = 40, /* event loop */
    VIR_FROM_LIBXL             = 41,
    VIR_FROM_LOCKING           = 42,
    VIR_FROM_HYPERV            = 43,
    VIR_FROM_CAPABILITIES      = 44,
    VIR_FROM_URI               = 45, /* URI parsing */
    VIR_FROM_AUTH              = 46,
    VIR_FROM_DBUS              = 47,
    VIR_FROM_PARALLELS         = 48,
    VIR_FROM_DEVICE            = 49,
    VIR_FROM_SSH               = 50,
    VIR_FROM_LOCKSPACE         = 51,
    VIR_FROM_INITCTL           = 52,
    VIR_FROM_IDENTITY          = 53,
    VIR_FROM_CGROUP            = 54,
    VIR_FROM_ACCESS            = 55,
    VIR_FROM_SYSTEMD           = 56,
    VIR_FROM_BHYVE             = 57,
    VIR_FROM_CRYPTO            = 58,
    VIR_FROM_FIREWALL          = 59,
    VIR_FROM_POLKIT            = 60,
    VIR_FROM_THREAD            = 61,
    VIR_FROM_ADMIN             = 62,
    VIR_FROM_LOGGING           = 63,
    VIR_FROM_XENXL             = 64,
    VIR_FROM_PERF              = 65,
    VIR_FROM_LIBSSH            = 66,
    VIR_FROM_RESCTRL           = 67,
    VIR_FROM_FIREWALLD         = 68,
    VIR_FROM_DOMAIN_CHECKPOINT = 69, /* checkpoint API and definitions */
    VIR_FROM_TPM               = 70,
    VIR_FROM_BPF               = 71,
    VIR_FROM_CH                = 72,

# ifdef VIR_ENUM_SENTINELS
    VIR_ERR_DOMAIN_LAST
# endif
} virErrorDomain;

/**
 * virError:
 *
 * One error report.  The deprecated conn, dom and net fields are never
 * set by tidemark (they would dangle: no reference is held) and are only
 * there to keep the layout.
 */
typedef struct _virError virError;
typedef virError *virErrorPtr;

struct _virError {
    int code;                          /* a virErrorNumber */
    int domain;                        /* a virErrorDomain */
    char *message;                     /* full text, NULL only for VIR_ERR_OK */
    virErrorLevel level;
    virConnectPtr conn VIR_DEPRECATED; /* always NULL */
    virDomainPtr dom VIR_DEPRECATED;   /* always NULL */
    char *str1;                        /* optional details */
    char *str2;
    char *str3;
    int int1;
    int int2;
    virNetworkPtr net VIR_DEPRECATED;  /* always NULL */
};

/**
 * virErrorNumber:
 *
 * What went wrong.  The list is append-only; values 60-69 were renumbered
 * once in libvirt 0.8.0 and are kept as libvirt has them since.
 */
typedef enum {
    VIR_ERR_OK                       = 0,
    VIR_ERR_INTERNAL_ERROR           = 1,
    VIR_ERR_NO_MEMORY                = 2,
    VIR_ERR_NO_SUPPORT               = 3,  /* the driver lacks the call */
    VIR_ERR_UNKNOWN_HOST             = 4,
    VIR_ERR_NO_CONNECT               = 5,  /* no driver for the URI */
    VIR_ERR_INVALID_CONN             = 6,
    VIR_ERR_INVALID_DOMAIN           = 7,
    VIR_ERR_INVALID_ARG              = 8,
    VIR_ERR_OPERATION_FAILED         = 9,
    VIR_ERR_GET_FAILED               = 10,
    VIR_ERR_POST_FAILED              = 11,
    VIR_ERR_HTTP_ERROR               = 12,
    VIR_ERR_SEXPR_SERIAL             = 13,
    VIR_ERR_NO_XEN                   = 14,
    VIR_ERR_XEN_CALL                 = 15,
    VIR_ERR_OS_TYPE                  = 16,
    VIR_ERR_NO_KERNEL                = 17,
    VIR_ERR_NO_ROOT                  = 18,
    VIR_ERR_NO_SOURCE                = 19,
    VIR_ERR_NO_TARGET                = 20,
    VIR_ERR_NO_NAME                  = 21,
    VIR_ERR_NO_OS                    = 22,
    VIR_ERR_NO_DEVICE                = 23,
    VIR_ERR_NO_XENSTORE              = 24,
    VIR_ERR_DRIVER_FULL              = 25,
    VIR_ERR_CALL_FAILED              = 26, /* deprecated */
    VIR_ERR_XML_ERROR                = 27, /* XML malformed or semantically wrong */
    VIR_ERR_DOM_EXIST                = 28,
    VIR_ERR_OPERATION_DENIED         = 29, /* e.g. read-only connection */
    VIR_ERR_OPEN_FAILED              = 30,
    VIR_ERR_READ_FAILED              = 31,
    VIR_ERR_PARSE_FAILED             = 32,
    VIR_ERR_CONF_SYNTAX              = 33,
    VIR_ERR_WRITE_FAILED             = 34,
    VIR_ERR_XML_DETAIL               = 35, /* libxml2 parser message */
    VIR_ERR_INVALID_NETWORK          = 36,
    VIR_ERR_NETWORK_EXIST            = 37,
    VIR_ERR_SYSTEM_ERROR             = 38, /* a system call failed */
    VIR_ERR_RPC                      = 39,
    VIR_ERR_GNUTLS_ERROR             = 40,
    VIR_WAR_NO_NETWORK               = 41,
    VIR_ERR_NO_DOMAIN                = 42,
    VIR_ERR_NO_NETWORK               = 43,
    VIR_ERR_INVALID_MAC              = 44,
    VIR_ERR_AUTH_FAILED              = 45,
    VIR_ERR_INVALID_STORAGE_POOL     = 46,
    VIR_ERR_INVALID_STORAGE_VOL      = 47,
    VIR_WAR_NO_STORAGE               = 48,
    VIR_ERR_NO_STORAGE_POOL          = 49,
    VIR_ERR_NO_STORAGE_VOL           = 50,
    VIR_WAR_NO_NODE                  = 51,
    VIR_ERR_INVALID_NODE_DEVICE      = 52,
    VIR_ERR_NO_NODE_DEVICE           = 53,
    VIR_ERR_NO_SECURITY_MODEL        = 54,
    VIR_ERR_OPERATION_INVALID        = 55, /* not valid in the object's current state */
    VIR_WAR_NO_INTERFACE             = 56,
    VIR_ERR_NO_INTERFACE             = 57,
    VIR_ERR_INVALID_INTERFACE        = 58,
    VIR_ERR_MULTIPLE_INTERFACES      = 59,
    VIR_WAR_NO_NWFILTER              = 60,
    VIR_ERR_INVALID_NWFILTER         = 61,
    VIR_ERR_NO_NWFILTER              = 62,
    VIR_ERR_BUILD_FIREWALL           = 63,
    VIR_WAR_NO_SECRET                = 64,
    VIR_ERR_INVALID_SECRET           = 65,
    VIR_ERR_NO_SECRET                = 66,
    VIR_ERR_CONFIG_UNSUPPORTED       = 67, /* valid XML the driver cannot honour */
    VIR_ERR_OPERATION_TIMEOUT        = 68,
    VIR_ERR_MIGRATE_PERSIST_FAILED   = 69,
    VIR_ERR_HOOK_SCRIPT_FAILED       = 70,
    VIR_ERR_INVALID_DOMAIN_SNAPSHOT  = 71,
    VIR_ERR_NO_DOMAIN_SNAPSHOT       = 72,
    VIR_ERR_INVALID_STREAM           = 73,
    VIR_ERR_ARGUMENT_UNSUPPORTED     = 74,
    VIR_ERR_STORAGE_PROBE_FAILED     = 75,
    VIR_ERR_STORAGE_POOL_BUILT       = 76,
    VIR_ERR_SNAPSHOT_REVERT_RISKY    = 77, /* revert needs FORCE */
    VIR_ERR_OPERATION_ABORTED        = 78, /* job cancelled by the user */
    VIR_ERR_AUTH_CANCELLED           = 79,
    VIR_ERR_NO_DOMAIN_METADATA       = 80,
    VIR_ERR_MIGRATE_UNSAFE           = 81,
    VIR_ERR_OVERFLOW                 = 82,
    VIR_ERR_BLOCK_COPY_ACTIVE        = 83,
    VIR_ERR_OPERATION_UNSUPPORTED    = 84, /* the driver cannot do this here */
    VIR_ERR_SSH                      = 85,
    VIR_ERR_AGENT_UNRESPONSIVE       = 86,
    VIR_ERR_RESOURCE_BUSY            = 87,
    VIR_ERR_ACCESS_DENIED            = 88,
    VIR_ERR_DBUS_SERVICE             = 89,
    VIR_ERR_STORAGE_VOL_EXIST        = 90,
    VIR_ERR_CPU_INCOMPATIBLE         = 91,
    VIR_ERR_XML_INVALID_SCHEMA       = 92, /* RelaxNG validation failed */
    VIR_ERR_MIGRATE_FINISH_OK        = 93,
    VIR_ERR_AUTH_UNAVAILABLE         = 94,
    VIR_ERR_NO_SERVER                = 95,
    VIR_ERR_NO_CLIENT                = 96,
    VIR_ERR_AGENT_UNSYNCED           = 97, /* deprecated */
    VIR_ERR_LIBSSH                   = 98,
    VIR_ERR_DEVICE_MISSING           = 99,
    VIR_ERR_INVALID_NWFILTER_BINDING = 100,
    VIR_ERR_NO_NWFILTER_BINDING      = 101,
    VIR_ERR_INVALID_DOMAIN_CHECKPOINT = 102,
    VIR_ERR_NO_DOMAIN_CHECKPOINT     = 103,
    VIR_ERR_NO_DOMAIN_BACKUP         = 104, /* no backup job running */
    VIR_ERR_INVALID_NETWORK_PORT     = 105,
    VIR_ERR_NETWORK_PORT_EXIST       = 106,
    VIR_ERR_NO_NETWORK_PORT          = 107,
    VIR_ERR_NO_HOSTNAME              = 108,
    VIR_ERR_CHECKPOINT_INCONSISTENT  = 109, /* checkpoint bitmaps unusable */
    VIR_ERR_MULTIPLE_DOMAINS         = 110,

# ifdef VIR_ENUM_SENTINELS
    VIR_ERR_NUMBER_LAST
# endif
} virErrorNumber;

/**
 * virErrorFunc:
 * @userData: the pointer given when the handler was installed
 * @error: the error just raised, owned by the library; copy what you keep
 *
 * Handler called in the failing thread when a public call fails.
 */
typedef void (*virErrorFunc) (void *userData, virErrorPtr error);

/**
 * virGetLastError:
 *
 * Returns the calling thread's last error, owned by the library and valid
 * until the thread's next public call, or NULL if the last call succeeded.
 */
virErrorPtr virGetLastError(void);

/**
 * virSaveLastError:
 *
 * Returns a new copy of the calling thread's last error (code VIR_ERR_OK if
 * there is none), to be released with virFreeError(), or NULL if out of
 * memory.
 */
virErrorPtr virSaveLastError(void);

/**
 * virResetLastError:
 *
 * Clears the calling thread's last error.
 */
void virResetLastError(void);

/**
 * virResetError:
 * @err: an error, or NULL
 *
 * Frees the strings held by @err and zeroes it; @err itself stays.
 */
void virResetError(virErrorPtr err);

/**
 * virFreeError:
 * @err: an error from virSaveLastError(), or NULL
 *
 * Frees @err and the strings it holds.
 */
void virFreeError(virErrorPtr err);

/**
 * virGetLastErrorCode:
 *
 * Returns the code (virErrorNumber) of the calling thread's last error,
 * VIR_ERR_OK if there is none.
 */
int virGetLastErrorCode(void);

/**
 * virGetLastErrorDomain:
 *
 * Returns the domain (virErrorDomain) of the calling thread's last error,
 * VIR_FROM_NONE if there is none.
 */
int virGetLastErrorDomain(void);

/**
 * virGetLastErrorMessage:
 *
 * Returns the message of the calling thread's last error, "no error" if
 * there is none; never NULL.  Valid until the thread's next public call.
 */
const char *virGetLastErrorMessage(void);

/**
 * virConnGetLastError:
 * @conn: the connection
 *
 * Returns the last error recorded on @conn, owned by @conn (its code is
 * VIR_ERR_OK if there is none), or NULL if @conn is NULL.  Connection-scoped
 * errors are racy between threads; prefer virGetLastError().
 */
virErrorPtr virConnGetLastError(virConnectPtr conn);

/**
 * virConnResetLastError:
 * @conn: the connection
 *
 * Clears the last error recorded on @conn.
 */
void virConnResetLastError(virConnectPtr conn);

/**
 * virCopyLastError:
 * @to: receives a copy of the calling thread's last error, not NULL
 *
 * @to is overwritten without freeing strings it may hold: reset it with
 * virResetError() before reusing it.
 *
 * Returns the copied error's code (0 when there is no error), -1 if @to is
 * NULL.
 */
int virCopyLastError(virErrorPtr to);

/**
 * virDefaultErrorFunc:
 * @err: the error to print, or NULL
 *
 * The handler used when none is installed: prints a one-line summary of
 * @err to standard error.
 */
void virDefaultErrorFunc(virErrorPtr err);

/**
 * virSetErrorFunc:
 * @userData: passed back to @handler
 * @handler: called when a public call fails in any thread, or NULL to
 *           restore the default (printing with virDefaultErrorFunc())
 *
 * Installs the process-wide error handler.  The last error is recorded
 * whether or not a handler runs.
 */
void virSetErrorFunc(void *userData,
                     virErrorFunc handler);

/**
 * virConnSetErrorFunc:
 * @conn: the connection
 * @userData: passed back to @handler
 * @handler: called instead of the process-wide handler for failures of
 *           calls on @conn, or NULL to remove
 *
 * Installs a per-connection error handler.
 */
void virConnSetErrorFunc(virConnectPtr conn,
                         void *userData,
                         virErrorFunc handler);

/**
 * virConnCopyLastError:
 * @conn: the connection
 * @to: receives a copy of @conn's last error, not NULL
 *
 * As virCopyLastError(), for the error recorded on @conn.
 *
 * Returns the copied error's code (0 when there is none), -1 if @conn is
 * NULL.
 */
int virConnCopyLastError(virConnectPtr conn,
                         virErrorPtr to);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_VIRTERROR_H */
