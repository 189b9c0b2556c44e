/*
 * domain_conf.h: the domain definition subset
 *
 * tidemark models the parts of a domain its drivers use (name, uuid,
 * memory, vCPUs, OS type, emulator, disks) and keeps every other
 * element and attribute as preserved XML, formatted back in libvirt's
 * element order. A domain written by libvirt therefore round-trips
 * without loss, and the modelled parts get libvirt's defaults.
 */
#pragma once

#include "internal.h"
#include "util/virbuffer.h"
#include "util/virxml.h"
#include "util/viruuid.h"

typedef struct _virDomainDiskDef virDomainDiskDef;
struct _virDomainDiskDef {
    char *type;          /* "file", "block", ...; default "file" */
    char *device;        /* "disk", "cdrom", ...; default "disk" */
    char *driver_name;   /* <driver name=...> */
    char *driver_type;   /* <driver type=...>: image format */
    char *src;           /* <source file|dev=...>, NULL for an empty drive */
    char *dst;           /* <target dev=...> */
    char *bus;           /* <target bus=...>, defaulted from the dev prefix */
    bool readonly;

    /* The <disk> element as given, for everything not modelled above:
     * its other attributes and children (serial, address, ...). */
    xmlNodePtr node;
};

typedef struct _virDomainDef virDomainDef;
struct _virDomainDef {
    gint refs;                    /* see virDomainDefRef */
    char *virt_type;              /* <domain type=...> */
    int id;                       /* -1 when not running */
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    unsigned long long memory;    /* KiB */
    unsigned long long cur_memory;/* KiB */
    unsigned int vcpus;
    char *os_type;                /* "hvm" */
    char *os_arch;
    char *os_machine;
    char *emulator;

    virDomainDiskDef **disks;     /* libvirt's stored order */
    size_t ndisks;

    /* Preserved XML. @doc owns every node below. */
    xmlDocPtr doc;
    xmlNodePtr root;              /* the <domain> element as given */
};

/* Parse flags */
typedef enum {
    VIR_DOMAIN_DEF_PARSE_INACTIVE = 1 << 0,      /* ignore the runtime id */
    VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA = 1 << 1,
    /* skip libvirt's validation step, as libvirt does for the domains
     * embedded in snapshots and checkpoints and for copies */
    VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE = 1 << 2,
} virDomainDefParseFlags;

/* Format flags */
typedef enum {
    VIR_DOMAIN_DEF_FORMAT_SECURE = 1 << 0,
    VIR_DOMAIN_DEF_FORMAT_INACTIVE = 1 << 1,
    VIR_DOMAIN_DEF_FORMAT_MIGRATABLE = 1 << 2,   /* only what migration carries */
} virDomainDefFormatFlags;

/* Driver-specific defaults applied after parsing. */
typedef struct {
    const char *default_arch;     /* filled into <os><type arch> if absent */
    /* A driver's own defaults and checks, run on every parse (embedded
     * domains too) before the generic defaults (implicit controllers,
     * consoles, video); @def's preserved XML may be changed. Returns 0,
     * or -1 with an error set to refuse @def. */
    int (*post_parse)(virDomainDef *def, unsigned int parse_flags, void *opaque);
    /* Runs after the generic defaults: device addresses. Same contract. */
    int (*assign_addresses)(virDomainDef *def, unsigned int parse_flags,
                            void *opaque);
    void *opaque;
} virDomainXMLOption;

/* Definitions are reference counted so that identical copies (the
 * domain embedded in many checkpoints) can be shared. A shared
 * definition must not be modified. virDomainDefFree drops a reference. */
virDomainDef *virDomainDefRef(virDomainDef *def);
void virDomainDefFree(virDomainDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainDef, virDomainDefFree);

void virDomainDiskDefFree(virDomainDiskDef *disk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainDiskDef, virDomainDiskDefFree);

/**
 * virDomainDefParseString:
 * @xml: domain XML
 * @xmlopt: driver defaults, or NULL
 * @flags: virDomainDefParseFlags
 *
 * Returns a new definition, or NULL with an error set.
 */
virDomainDef *virDomainDefParseString(const char *xml,
                                      const virDomainXMLOption *xmlopt,
                                      unsigned int flags);

/**
 * virDomainDefParseNode:
 * @node: a <domain> element, taken out of its document
 *
 * As virDomainDefParseString for a domain embedded in another document.
 * @node is unlinked from its document and, on success, owned by the new
 * definition (on failure it is freed): the caller must not use it again.
 */
virDomainDef *virDomainDefParseNode(xmlNodePtr node,
                                    const virDomainXMLOption *xmlopt,
                                    unsigned int flags);

/**
 * virDomainDefFormatBuf:
 * @buf: output; the <domain> element starts at the buffer's indentation
 * @flags: virDomainDefFormatFlags
 *
 * Formats @def the way libvirt 9.0 prints it.
 */
void virDomainDefFormatBuf(virBuffer *buf, const virDomainDef *def,
                           unsigned int flags);
char *virDomainDefFormat(const virDomainDef *def, unsigned int flags);

/* As virDomainDefFormatBuf, with @rootname as the element name instead
 * of "domain" (snapshots print the config of a running domain as
 * <inactiveDomain>). */
void virDomainDefFormatBufRoot(virBuffer *buf, const virDomainDef *def,
                               const char *rootname, unsigned int flags);

/* Prints a preserved element (attributes, text, child elements) at the
 * buffer's indentation, the way preserved domain XML is printed. */
void virDomainPreservedNodeFormat(virBuffer *buf, xmlNodePtr node);

/* The two halves of virDomainPreservedNodeFormat, for printers that
 * write some attributes or children themselves: the attributes of
 * @node not named in @skip (NULL-terminated, or NULL), then the end of
 * the start tag and the content, leaving out child elements named in
 * @skip. */
void virDomainPreservedAttrsFormat(virBuffer *buf, xmlNodePtr node,
                                   const char *const *skip);
void virDomainPreservedContentFormat(virBuffer *buf, xmlNodePtr node,
                                     const char *const *skip);

/* Deep copy through format + parse. Returns NULL with an error set. */
virDomainDef *virDomainDefCopy(const virDomainDef *def,
                               const virDomainXMLOption *xmlopt);

/* Looks a disk up by target dev or by its source path (only when the
 * path names exactly one disk). Returns the index or -1. */
int virDomainDiskIndexByName(const virDomainDef *def, const char *name);

/* Whether the disk has no media or is read-only. */
bool virDomainDiskIsEmptyOrReadonly(const virDomainDiskDef *disk);

/* Position of a disk name in its bus's order ("vda" -> 0, "hdc" -> 2),
 * or -1 if @name is not a disk name. */
int virDiskNameToIndex(const char *name);



/**
 * virDomainDefCheckUnique:
 * @existing: a domain already known to the driver
 * @def: a new definition
 *
 * libvirt's rule for adding a domain: returns 0 if @def is another
 * domain, 1 if it is the same domain (same uuid and name, a redefine),
 * -1 with OPERATION_FAILED if only one of uuid and name matches.
 */
int virDomainDefCheckUnique(const virDomainDef *existing, const virDomainDef *def);

/**
 * virDomainDefLifecycleAction:
 * @element: "on_poweroff", "on_reboot" or "on_crash"
 * @fallback: libvirt's default for that element
 *
 * Returns (new string) the action the domain's XML gives, or @fallback.
 */
char *virDomainDefLifecycleAction(const virDomainDef *def, const char *element,
                                  const char *fallback);

/**
 * virDomainDefGetVcpus:
 *
 * Returns how many vCPUs are online: <vcpu current=...> (0 allowed),
 * or all of them when it is absent, as libvirt counts them for
 * virDomainGetInfo and the guest ABI.
 */
unsigned int virDomainDefGetVcpus(const virDomainDef *def);
