/*
 * checkpoint_conf.h: domain checkpoint XML
 *
 * Parsing always validates against domaincheckpoint.rng. A plain create
 * fills in the creation time and a default name; REDEFINE takes name,
 * time, parent and an optional <domain> from the XML. Disk alignment
 * matches the requested disks against the domain's and fills defaults.
 */
#pragma once

#include "conf/moment_conf.h"

typedef enum {
    VIR_DOMAIN_CHECKPOINT_TYPE_DEFAULT = 0,
    VIR_DOMAIN_CHECKPOINT_TYPE_NONE,     /* "no" */
    VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP,   /* "bitmap" */
} virDomainCheckpointType;

typedef struct {
    char *name;                 /* target dev, or a source path before alignment */
    virDomainCheckpointType type;
    char *bitmap;
    unsigned long long size;    /* dirty bytes, filled by a driver */
    bool sizeValid;
} virDomainCheckpointDiskDef;

typedef struct _virDomainCheckpointDef virDomainCheckpointDef;
struct _virDomainCheckpointDef {
    virDomainMomentDef parent;  /* must stay first */
    size_t ndisks;
    virDomainCheckpointDiskDef *disks;
};

typedef enum {
    VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE = 1 << 0,
} virDomainCheckpointParseFlags;

typedef enum {
    VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE = 1 << 0,
    VIR_DOMAIN_CHECKPOINT_FORMAT_NO_DOMAIN = 1 << 1,
    VIR_DOMAIN_CHECKPOINT_FORMAT_SIZE = 1 << 2,
} virDomainCheckpointFormatFlags;

void virDomainCheckpointDefFree(virDomainCheckpointDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainCheckpointDef, virDomainCheckpointDefFree);

/**
 * virDomainCheckpointDefParseString:
 * @xml: <domaincheckpoint> document
 * @xmlopt: defaults for an embedded domain, or NULL
 * @flags: virDomainCheckpointParseFlags
 *
 * Returns the definition, or NULL with libvirt's error: XML_DETAIL
 * (syntax, domain CHECKPOINT), XML_ERROR (wrong root, domain XML),
 * XML_INVALID_SCHEMA, XML_ERROR "a redefined checkpoint must have a
 * name", INTERNAL_ERROR "missing creationTime from existing checkpoint".
 */
virDomainCheckpointDef *
virDomainCheckpointDefParseString(const char *xml,
                                  const virDomainXMLOption *xmlopt,
                                  unsigned int flags);

/**
 * virDomainCheckpointAlignDisks:
 *
 * Rewrites def->disks to one entry per disk of def->parent.dom, in the
 * domain's order, named by target, with defaults (see facts §1.4).
 * Returns 0, or -1 with CONFIG_UNSUPPORTED / INTERNAL_ERROR.
 */
int virDomainCheckpointAlignDisks(virDomainCheckpointDef *def);

/* Gives every bitmap disk without a bitmap name the checkpoint's name. */
void virDomainCheckpointDefAssignBitmapNames(virDomainCheckpointDef *def);

/* Maps public VIR_DOMAIN_CHECKPOINT_XML_* flags to format flags. */
unsigned int virDomainCheckpointFormatConvertXMLFlags(unsigned int flags);

/**
 * virDomainCheckpointDefFormat:
 * @flags: virDomainCheckpointFormatFlags
 *
 * Returns the XML as libvirt 9.0 prints it (always succeeds).
 */
char *virDomainCheckpointDefFormat(const virDomainCheckpointDef *def,
                                   unsigned int flags);

/**
 * virDomainCheckpointRedefineValidate:
 * @def: a REDEFINE definition
 * @domuuid: the uuid of the domain it is redefined on
 *
 * With an embedded <domain>: its uuid must be @domuuid (INVALID_ARG
 * "definition for checkpoint X must use uuid U") and the disks are
 * aligned against it. Without: only bitmap names are defaulted.
 * Returns 0 or -1 with an error set.
 */
int virDomainCheckpointRedefineValidate(virDomainCheckpointDef *def,
                                        const unsigned char *domuuid);
