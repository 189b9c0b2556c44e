/*
 * test_driver.h: the in-memory test driver (test:///default, test:///FILE)
 *
 * Behaves as libvirt 9.0's test driver: test:///default starts with the
 * running domain "test" and is shared by every connection of a process
 * until the last one closes; test:///ABS/PATH.xml loads a node file into
 * a driver of its own. Domain methods live in test_driver.c, checkpoint
 * methods in test_checkpoint.c, snapshot methods in test_snapshot.c.
 */
#pragma once

#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include "conf/virdomainobjlist.h"
#include "conf/snapshot_conf.h"
#include "conf/domain_event.h"

/* libvirt's run-state reasons the test driver uses */
#define TEST_REASON_UNKNOWN 0
#define TEST_RUNNING_BOOTED 1          /* VIR_DOMAIN_RUNNING_BOOTED */
#define TEST_RUNNING_FROM_SNAPSHOT 4   /* VIR_DOMAIN_RUNNING_FROM_SNAPSHOT */
#define TEST_PAUSED_FROM_SNAPSHOT 7    /* VIR_DOMAIN_PAUSED_FROM_SNAPSHOT */
#define TEST_SHUTOFF_SHUTDOWN 1        /* VIR_DOMAIN_SHUTOFF_SHUTDOWN */
#define TEST_SHUTOFF_DESTROYED 2       /* VIR_DOMAIN_SHUTOFF_DESTROYED */
#define TEST_SHUTOFF_FROM_SNAPSHOT 7   /* VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT */

typedef struct _testDriver testDriver;
struct _testDriver {
    GMutex lock;                 /* guards next_id */
    int next_id;                 /* the id the next started domain gets */
    virDomainObjList *domains;
    virDomainXMLOption xmlopt;   /* the test driver's domain defaults */
    virDomainEventState *events; /* callbacks of every connection */
};

/* Registers the test driver with the connection layer. */
int testRegister(void);

/* The object of @domain, locked and referenced, or NULL with libvirt's
 * NO_DOMAIN "no domain with matching uuid 'U' (NAME)". */
virDomainObj *testDomObjFromDomain(virDomainPtr domain);

testDriver *testDriverFromConn(virConnectPtr conn);

/* Queues a lifecycle event about @vm as it is now (name, uuid, id):
 * libvirt's test driver makes each event after the state change it
 * reports, so a stop reports id -1 and a start the new id. */
void testDomainEventLifecycle(testDriver *driver, virDomainObj *vm, int event, int detail);

/* Start and stop bookkeeping shared with snapshot revert. A stop sets
 * the id to -1 only when libvirt would have a copy of the config to
 * return to (testDomainHasConfigCopy): a transient domain's stop event
 * reports its last id, as libvirt's does. */
void testDomainStartState(testDriver *driver, virDomainObj *vm, int reason);
void testDomainShutdownState(virDomainPtr domain, virDomainObj *vm, int reason);

/* Whether libvirt's test driver would hold a config copy (newDef) for
 * @vm: defined while running, or persistent when it started. */
bool testDomainHasConfigCopy(virDomainObj *vm);

/**
 * testDomainSnapshotAlignDisks:
 * @def: a new (not redefined) snapshot, with its <domain> copy attached
 * @domstate: the domain's virDomainState
 * @active: whether the domain is running
 * @flags: public VIR_DOMAIN_SNAPSHOT_CREATE_* flags
 *
 * The test driver's defaults for a new snapshot, then disk alignment:
 * 'manual' disks are refused (OPERATION_UNSUPPORTED, VIR_FROM_TEST);
 * the snapshot records the domain's state; memory is internal for a
 * running domain and "no" for a shut-off one unless the XML asked for
 * an external file; disks default to external with external memory (or
 * DISK_ONLY), else to internal, uniformly. Returns 0 or -1.
 */
int testDomainSnapshotAlignDisks(virDomainSnapshotDef *def, int domstate, bool active,
                                 unsigned int flags);

/* Method tables filled by test_checkpoint.c and test_snapshot*.c. */
void testCheckpointMethods(virConnectDriver *drv);
void testSnapshotMethods(virConnectDriver *drv);
