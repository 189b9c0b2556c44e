/*
 * snapshot_conf.h: domain snapshot XML
 *
 * The schema is checked only when the caller asks (VALIDATE). A plain
 * create fills in the creation time and a default name and leaves the
 * state and memory location to the driver; REDEFINE takes name, time,
 * state, parent and the embedded domains from the XML. Disk alignment
 * matches the requested disks against the domain's, fills in defaults
 * and generates external file names.
 */
#pragma once

#include "conf/moment_conf.h"

/* The domain states plus one for disk-only snapshots; the values match
 * the public virDomainState for the first eight. */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_NOSTATE = 0,
    VIR_DOMAIN_SNAPSHOT_RUNNING,
    VIR_DOMAIN_SNAPSHOT_BLOCKED,
    VIR_DOMAIN_SNAPSHOT_PAUSED,
    VIR_DOMAIN_SNAPSHOT_SHUTDOWN,
    VIR_DOMAIN_SNAPSHOT_SHUTOFF,
    VIR_DOMAIN_SNAPSHOT_CRASHED,
    VIR_DOMAIN_SNAPSHOT_PMSUSPENDED,
    VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT,
    VIR_DOMAIN_SNAPSHOT_STATE_LAST
} virDomainSnapshotState;

/* Where a disk's or the memory's snapshot goes (snapshot='...'). */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT = 0,
    VIR_DOMAIN_SNAPSHOT_LOCATION_NO,
    VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL,
    VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL,
    VIR_DOMAIN_SNAPSHOT_LOCATION_MANUAL,
    VIR_DOMAIN_SNAPSHOT_LOCATION_LAST
} virDomainSnapshotLocation;

/* The storage type of a snapshot disk (<disk type='...'>); the same
 * names and order as libvirt's virStorageType. */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_STORAGE_NONE = 0,
    VIR_DOMAIN_SNAPSHOT_STORAGE_FILE,
    VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK,
    VIR_DOMAIN_SNAPSHOT_STORAGE_DIR,
    VIR_DOMAIN_SNAPSHOT_STORAGE_NETWORK,
    VIR_DOMAIN_SNAPSHOT_STORAGE_VOLUME,
    VIR_DOMAIN_SNAPSHOT_STORAGE_NVME,
    VIR_DOMAIN_SNAPSHOT_STORAGE_VHOST_USER,
    VIR_DOMAIN_SNAPSHOT_STORAGE_LAST
} virDomainSnapshotStorageType;

typedef struct {
    char *name;                         /* target dev, or a source path before alignment */
    virDomainSnapshotLocation snapshot;
    virDomainSnapshotStorageType type;  /* FILE unless given */
    /* file/block path, or the name of a network source; NULL if none */
    char *path;
    char *format;                       /* <driver type>, a known image format */
    bool deleteInProgress;              /* <snapshotDeleteInProgress/> (REDEFINE) */
    /* The <source> element as given (in the definition's document):
     * its children (seclabels, hosts, ...) and, for types other than
     * file and block, its attributes are printed back from it. */
    xmlNodePtr source;
} virDomainSnapshotDiskDef;

typedef struct _virDomainSnapshotDef virDomainSnapshotDef;
struct _virDomainSnapshotDef {
    virDomainMomentDef parent;          /* must stay first */
    virDomainSnapshotState state;
    virDomainSnapshotLocation memory;
    char *memorysnapshotfile;
    size_t ndisks;
    virDomainSnapshotDiskDef *disks;
    /* <cookie> as given; kept only with VIR_DOMAIN_SNAPSHOT_PARSE_COOKIE
     * (drivers without save-cookie support drop it, as in libvirt) */
    xmlNodePtr cookie;
    xmlDocPtr doc;                      /* owns @cookie and the disks' source nodes */
};

typedef enum {
    VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE = 1 << 0,
    VIR_DOMAIN_SNAPSHOT_PARSE_INTERNAL = 1 << 1, /* status XML: read <active> */
    VIR_DOMAIN_SNAPSHOT_PARSE_OFFLINE = 1 << 2,  /* the domain is not running */
    VIR_DOMAIN_SNAPSHOT_PARSE_VALIDATE = 1 << 3, /* check domainsnapshot.rng */
    VIR_DOMAIN_SNAPSHOT_PARSE_COOKIE = 1 << 4,   /* keep <cookie> */
} virDomainSnapshotParseFlags;

typedef enum {
    VIR_DOMAIN_SNAPSHOT_FORMAT_SECURE = 1 << 0,
    VIR_DOMAIN_SNAPSHOT_FORMAT_INTERNAL = 1 << 1, /* status XML: print <active> */
    VIR_DOMAIN_SNAPSHOT_FORMAT_CURRENT = 1 << 2,  /* with INTERNAL: active=1 */
} virDomainSnapshotFormatFlags;

const char *virDomainSnapshotStateTypeToString(virDomainSnapshotState state);
int virDomainSnapshotStateTypeFromString(const char *str);
const char *virDomainSnapshotLocationTypeToString(virDomainSnapshotLocation loc);
int virDomainSnapshotLocationTypeFromString(const char *str);

void virDomainSnapshotDefFree(virDomainSnapshotDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainSnapshotDef, virDomainSnapshotDefFree);

/**
 * virDomainSnapshotDefParseString:
 * @xml: <domainsnapshot> document
 * @xmlopt: defaults for the embedded domains, or NULL
 * @current: with PARSE_INTERNAL, receives whether <active> is non-zero
 * @flags: virDomainSnapshotParseFlags
 *
 * Returns the definition, or NULL with libvirt's error: XML_DETAIL
 * (syntax, label "(domain_snapshot)"), XML_ERROR (wrong root, domain
 * XML), XML_INVALID_SCHEMA (VALIDATE only), and the snapshot rules
 * (domain DOMAIN_SNAPSHOT): "a redefined snapshot must have a name",
 * "missing creationTime from existing snapshot", "missing state from
 * existing snapshot", CONFIG_UNSUPPORTED "Invalid state 'X' in domain
 * snapshot XML", the <memory> and <disk> checks.
 */
virDomainSnapshotDef *
virDomainSnapshotDefParseString(const char *xml,
                                const virDomainXMLOption *xmlopt,
                                bool *current,
                                unsigned int flags);

/**
 * virDomainSnapshotDomainDiskLocation:
 *
 * The snapshot location a domain disk asks for: its snapshot=
 * attribute, else NO for read-only and vhost-user disks (libvirt's
 * post-parse default), else DEFAULT.
 */
virDomainSnapshotLocation
virDomainSnapshotDomainDiskLocation(const virDomainDiskDef *disk);

/**
 * virDomainSnapshotAlignDisks:
 * @def: the snapshot
 * @existingDom: the domain of the snapshot being redefined, used when
 *               @def has no <domain>; NULL otherwise
 * @default_location: location for disks that have none
 * @uniform_internal: with an INTERNAL default, every disk must take
 *                    part in the internal snapshot (or be "no" in both
 *                    the request and the domain)
 *
 * Rewrites def->disks to one entry per domain disk, in the domain's
 * order, named by target, and generates external file names
 * (SOURCE-without-extension.SNAPNAME, only for regular files).
 * Returns 0, or -1 with INTERNAL_ERROR "missing domain in snapshot" or
 * CONFIG_UNSUPPORTED ("too many disk snapshot requests for domain",
 * "no disk named 'X'", "disk 'X' specified twice", "disk 'X' must use
 * snapshot mode 'M'", "file 'F' for disk 'X' requires use of external
 * snapshot mode", the name generation errors).
 */
int virDomainSnapshotAlignDisks(virDomainSnapshotDef *def,
                                const virDomainDef *existingDom,
                                virDomainSnapshotLocation default_location,
                                bool uniform_internal);

/* Whether the memory or any disk goes to an external file. */
bool virDomainSnapshotDefIsExternal(const virDomainSnapshotDef *def);

/**
 * virDomainSnapshotRedefinePrep:
 * @def: a REDEFINE definition
 * @domuuid: uuid of the domain it is redefined on
 * @other: the existing snapshot of the same name, or NULL
 * @lookup, @opaque: how to find the domain's existing snapshots
 * @flags: the public VIR_DOMAIN_SNAPSHOT_CREATE_* flags of the call
 *
 * The driver-independent checks of a redefine, in libvirt's order:
 * the parent chain (virDomainMomentCheckCycles), DISK_ONLY needing the
 * disk-snapshot state, the uuid of an embedded domain ("definition
 * for snapshot X must use uuid U"), no switch between online and
 * offline or between disk-only and full system against @other, the
 * guest ABI of def's domain against @other's when both have one
 * (virDomainDefCheckABIStability), then disk alignment (external if disk-only or external, else internal,
 * uniform) against def's domain or @other's.
 * Returns 0 or -1 with an error set.
 */
int virDomainSnapshotRedefinePrep(virDomainSnapshotDef *def,
                                  const unsigned char *domuuid,
                                  const virDomainSnapshotDef *other,
                                  virDomainMomentParentLookup lookup,
                                  void *opaque,
                                  unsigned int flags);

/* Maps public VIR_DOMAIN_SNAPSHOT_XML_* flags to format flags. */
unsigned int virDomainSnapshotFormatConvertXMLFlags(unsigned int flags);

/**
 * virDomainSnapshotDefFormat:
 * @uuidstr: uuid of the domain, printed as <domain><uuid> when @def has
 *           no domain; may be NULL
 * @flags: virDomainSnapshotFormatFlags
 *
 * Returns the XML as libvirt 9.0 prints it (always succeeds).
 */
char *virDomainSnapshotDefFormat(const char *uuidstr,
                                 const virDomainSnapshotDef *def,
                                 unsigned int flags);
