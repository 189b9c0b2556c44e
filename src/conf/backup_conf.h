/*
 * backup_conf.h: domain backup XML (<domainbackup>)
 *
 * What virDomainBackupBegin takes and virDomainBackupGetXMLDesc gives
 * back. User input is always validated against domainbackup.rng; the
 * driver's own status copy is read without validation and keeps the
 * per-disk state and node index. Alignment matches the requested disks
 * against the domain's, as libvirt's virDomainBackupAlignDisks does
 * (facts/xml-and-api.md §4.2): the requested disks first, in the order
 * given, then every other disk of the domain.
 */
#pragma once

#include "conf/domain_conf.h"
#include "util/virxmlprop.h"

typedef enum {
    VIR_DOMAIN_BACKUP_TYPE_DEFAULT = 0,
    VIR_DOMAIN_BACKUP_TYPE_PUSH,
    VIR_DOMAIN_BACKUP_TYPE_PULL,
} virDomainBackupType;

/* A disk's progress, kept only in the driver's status copy. */
typedef enum {
    VIR_DOMAIN_BACKUP_DISK_STATE_NONE = 0,
    VIR_DOMAIN_BACKUP_DISK_STATE_RUNNING,
    VIR_DOMAIN_BACKUP_DISK_STATE_COMPLETE,
    VIR_DOMAIN_BACKUP_DISK_STATE_FAILED,
    VIR_DOMAIN_BACKUP_DISK_STATE_CANCELLING,
    VIR_DOMAIN_BACKUP_DISK_STATE_CANCELLED,
} virDomainBackupDiskState;

typedef enum {
    VIR_DOMAIN_BACKUP_DISK_BACKUP_MODE_DEFAULT = 0,
    VIR_DOMAIN_BACKUP_DISK_BACKUP_MODE_FULL,
    VIR_DOMAIN_BACKUP_DISK_BACKUP_MODE_INCREMENTAL,
} virDomainBackupDiskBackupMode;

typedef enum {
    VIR_DOMAIN_BACKUP_STORE_NONE = 0,   /* not given (yet) */
    VIR_DOMAIN_BACKUP_STORE_FILE,
    VIR_DOMAIN_BACKUP_STORE_BLOCK,
} virDomainBackupStoreType;

/* A per-image security label override (<seclabel>). */
typedef struct {
    char *model;
    char *label;
    bool relabel;
    bool labelskip;
} virDomainBackupSeclabel;

/* The image a disk is backed up into: push's <target>, pull's <scratch>. */
typedef struct {
    virDomainBackupStoreType type;
    char *path;                 /* file= or dev= */
    char *format;               /* <driver type=...>, NULL: not given */
    unsigned int index;         /* the node index a running job gave it, 0: none */
    size_t nseclabels;
    virDomainBackupSeclabel *seclabels;
    xmlNodePtr encryption;      /* <encryption> as given (own document), or NULL */
} virDomainBackupStore;

typedef struct {
    char *name;                 /* the disk's target dev */
    virTristateBool backup;     /* ABSENT only before parsing ends */
    virDomainBackupDiskState state;
    virDomainBackupDiskBackupMode backupmode;
    char *incremental;          /* the checkpoint an incremental starts from */
    char *exportname;           /* pull: NBD export name */
    char *exportbitmap;         /* pull: dirty bitmap exported with it */
    virDomainBackupStore store; /* meaningful for backup='yes' */
} virDomainBackupDiskDef;

typedef struct _virDomainBackupDef virDomainBackupDef;
struct _virDomainBackupDef {
    virDomainBackupType type;
    char *incremental;          /* <incremental>: the whole backup's checkpoint */

    /* pull: the NBD server (<server>); has_server false when absent */
    bool has_server;
    char *server_transport;     /* "tcp" or "unix" */
    char *server_name;
    unsigned int server_port;
    char *server_socket;
    virTristateBool tls;

    size_t ndisks;
    virDomainBackupDiskDef *disks;
};

typedef enum {
    /* the driver's status copy: no schema, per-disk state and index read */
    VIR_DOMAIN_BACKUP_PARSE_INTERNAL = 1 << 0,
} virDomainBackupParseFlags;

void virDomainBackupDefFree(virDomainBackupDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainBackupDef, virDomainBackupDefFree);

/**
 * virDomainBackupDefParseString:
 * @xml: a <domainbackup> document
 * @flags: virDomainBackupParseFlags
 *
 * Returns the definition, or NULL with libvirt's error: XML_DETAIL
 * (syntax), XML_ERROR (wrong root), XML_INVALID_SCHEMA, CONFIG_UNSUPPORTED
 * "use of <server> requires pull mode backup" / "transport rdma is not
 * supported for <server>", XML_ERROR "backup socket path '%s' must be
 * absolute" / "unsupported disk backup type '%s'".
 */
virDomainBackupDef *virDomainBackupDefParseString(const char *xml, unsigned int flags);

/**
 * virDomainBackupAlignDisks:
 * @def: a parsed definition
 * @dom: the domain it backs up
 * @suffix: appended (after a '.') to a disk's source path to name a store
 *          the XML did not give: the new checkpoint's name, or the time
 *
 * Checks the requested disks, gives each backed-up disk without a store
 * a file next to its source, appends the domain's other disks (backed
 * up only when <disks> was absent and the disk is writable with media)
 * and settles each disk's mode (incremental when a checkpoint applies).
 * Returns 0, or -1 with CONFIG_UNSUPPORTED naming the disk: "domain must
 * have at least one disk to perform backup", "no disk named '%s'", "disk
 * '%s' specified twice", "'incremental' backup mode of disk '%s'
 * requires setting 'incremental' field for disk or backup", "disk '%s'
 * has no media", "refusing to generate file name for disk '%s'".
 */
int virDomainBackupAlignDisks(virDomainBackupDef *def, const virDomainDef *dom,
                              const char *suffix);

/**
 * virDomainBackupDefFormat:
 * @internal: the driver's status copy (per-disk state too)
 *
 * Returns the document as libvirt prints it. Never NULL.
 */
char *virDomainBackupDefFormat(const virDomainBackupDef *def, bool internal);
