/*
 * datatypes.h: the objects behind the public handles
 *
 * Handles are reference counted. A domain handle keeps its connection
 * alive, and a checkpoint or snapshot handle keeps its domain alive.
 * Handles carry identity only (names, uuid); drivers look the real
 * object up on every call, so a handle to a deleted object stays a
 * valid pointer whose calls fail cleanly.
 */
#pragma once

#include "internal.h"

struct _virConnectDriver;

#define VIR_CONNECT_MAGIC 0x544d434eu /* "TMCN" */
#define VIR_DOMAIN_MAGIC 0x544d444du
#define VIR_CHECKPOINT_MAGIC 0x544d4350u
#define VIR_SNAPSHOT_MAGIC 0x544d534eu

/* connection flags */
#define VIR_CONNECT_RO (1u << 0)

struct _virConnect {
    unsigned int magic;
    gint refs;
    char *uri;
    unsigned int flags;
    const struct _virConnectDriver *driver;
    void *privateData;   /* owned by the driver: freed in its close */

    GMutex lock;         /* guards the fields below */
    virError err;        /* last error of a call on this connection */
    virErrorFunc handler;
    void *userData;
};

struct _virDomain {
    unsigned int magic;
    gint refs;
    virConnectPtr conn;
    char *name;
    int id;
    unsigned char uuid[VIR_UUID_BUFLEN];
};

struct _virDomainCheckpoint {
    unsigned int magic;
    gint refs;
    virDomainPtr domain;
    char *name;
};

struct _virDomainSnapshot {
    unsigned int magic;
    gint refs;
    virDomainPtr domain;
    char *name;
};

/* Constructors return a new handle holding one reference. */
virConnectPtr virGetConnect(void);
virDomainPtr virGetDomain(virConnectPtr conn, const char *name,
                          const unsigned char *uuid, int id);
virDomainCheckpointPtr virGetDomainCheckpoint(virDomainPtr domain,
                                              const char *name);
virDomainSnapshotPtr virGetDomainSnapshot(virDomainPtr domain,
                                          const char *name);

/* Validity checks used by the public layer (NULL or wrong magic). */
#define VIR_IS_CONNECT(c) ((c) && (c)->magic == VIR_CONNECT_MAGIC)
#define VIR_IS_DOMAIN(d) ((d) && (d)->magic == VIR_DOMAIN_MAGIC && \
                          VIR_IS_CONNECT((d)->conn))
#define VIR_IS_CHECKPOINT(c) ((c) && (c)->magic == VIR_CHECKPOINT_MAGIC && \
                              VIR_IS_DOMAIN((c)->domain))
#define VIR_IS_SNAPSHOT(s) ((s) && (s)->magic == VIR_SNAPSHOT_MAGIC && \
                            VIR_IS_DOMAIN((s)->domain))
