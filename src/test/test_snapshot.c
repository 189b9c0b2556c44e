/*
 * test_snapshot.c: the test driver's snapshot API
 *
 * libvirt 9.0's semantics on the in-memory moment tree. A plain create
 * copies the domain, records its state, becomes the child of the
 * current snapshot and the new current one; REDEFINE restores metadata
 * (parent from the XML, current only with CREATE_CURRENT); delete
 * re-parents children to the grandparent or removes them; revert puts
 * the snapshot's domain definition and run state back. The test driver
 * does not implement DISK_ONLY, REUSE_EXT, NO_METADATA, METADATA_ONLY
 * delete or RESET_NVRAM: those flags are refused as unsupported, as
 * libvirt's test driver does.
 */
#include "internal.h"
#include "test/test_driver.h"
#include "conf/moment_obj.h"
#include "conf/snapshot_obj.h"

#define VIR_FROM_THIS VIR_FROM_TEST

/* The domain of @snapshot and the snapshot object; NULL on error. */
static virDomainObj *
snapshot_lookup(virDomainSnapshotPtr snapshot, virDomainMomentObj **snap)
{
    virDomainObj *vm = testDomObjFromDomain(snapshot->domain);

    if (vm && !(*snap = virDomainMomentFindByNameReport(vm, VIR_DOMAIN_MOMENT_KIND_SNAPSHOT,
                                                        snapshot->name, VIR_FROM_THIS)))
        virDomainObjEndAPI(&vm);
    return vm;
}

/* ---- listing ---- */

#define LIST_FLAGS VIR_DOMAIN_SNAPSHOT_LIST_FLAGS_ALL

static int
list_common(virDomainPtr domain, virDomainSnapshotPtr snapshot, unsigned int flags,
            char **names, int nameslen, virDomainSnapshotPtr **handles)
{
    return virDomainSnapshotObjList(testDomObjFromDomain(domain), domain, snapshot, flags,
                                    names, nameslen, handles, VIR_FROM_THIS);
}

static int
testDomainSnapshotNum(virDomainPtr domain, unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return list_common(domain, NULL, flags, NULL, 0, NULL);
}

static int
testDomainSnapshotListNames(virDomainPtr domain, char **names, int nameslen,
                            unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return list_common(domain, NULL, flags, names, nameslen, NULL);
}

static int
testDomainListAllSnapshots(virDomainPtr domain, virDomainSnapshotPtr **snaps,
                           unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return list_common(domain, NULL, flags, NULL, 0, snaps);
}

static int
testDomainSnapshotNumChildren(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return list_common(snapshot->domain, snapshot, flags, NULL, 0, NULL);
}

static int
testDomainSnapshotListChildrenNames(virDomainSnapshotPtr snapshot, char **names,
                                    int nameslen, unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return list_common(snapshot->domain, snapshot, flags, names, nameslen, NULL);
}

static int
testDomainSnapshotListAllChildren(virDomainSnapshotPtr snapshot,
                                  virDomainSnapshotPtr **snaps, unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return list_common(snapshot->domain, snapshot, flags, NULL, 0, snaps);
}

/* ---- single snapshots ---- */

static virDomainSnapshotPtr
testDomainSnapshotLookupByName(virDomainPtr domain, const char *name, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainMomentObjGetHandle(testDomObjFromDomain(domain),
                                       VIR_DOMAIN_MOMENT_KIND_SNAPSHOT, domain, name, false,
                                       VIR_FROM_THIS);
}

static int
testDomainHasCurrentSnapshot(virDomainPtr domain, unsigned int flags)
{
    virCheckFlags(0, -1);
    return virDomainSnapshotObjHasCurrent(testDomObjFromDomain(domain));
}

static virDomainSnapshotPtr
testDomainSnapshotCurrent(virDomainPtr domain, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainSnapshotObjCurrent(testDomObjFromDomain(domain), domain, VIR_FROM_THIS);
}

static virDomainSnapshotPtr
testDomainSnapshotGetParent(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainMomentObjGetHandle(testDomObjFromDomain(snapshot->domain),
                                       VIR_DOMAIN_MOMENT_KIND_SNAPSHOT, snapshot->domain,
                                       snapshot->name, true, VIR_FROM_THIS);
}

static int
testDomainSnapshotIsCurrent(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virCheckFlags(0, -1);
    return virDomainSnapshotObjIsCurrent(testDomObjFromDomain(snapshot->domain), snapshot, VIR_FROM_THIS);
}

static int
testDomainSnapshotHasMetadata(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virCheckFlags(0, -1);
    return virDomainSnapshotObjHasMetadata(testDomObjFromDomain(snapshot->domain), snapshot,
                                           VIR_FROM_THIS);
}

static char *
testDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virCheckFlags(VIR_DOMAIN_SNAPSHOT_XML_SECURE, NULL);
    return virDomainSnapshotObjGetXMLDesc(testDomObjFromDomain(snapshot->domain), snapshot, flags,
                                          VIR_FROM_THIS);
}

/* ---- create ---- */

int
testDomainSnapshotAlignDisks(virDomainSnapshotDef *def, int domstate, bool active,
                             unsigned int flags)
{
    virDomainSnapshotLocation location = VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;

    for (size_t i = 0; i < def->ndisks; i++) {
        if (def->disks[i].snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_MANUAL) {
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                           "'manual' snapshot mode is not supported by the test driver");
            return -1;
        }
    }

    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY) {
        /* kept from libvirt, though its create refuses DISK_ONLY first */
        location = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
        def->state = active ? VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT : VIR_DOMAIN_SNAPSHOT_SHUTOFF;
        def->memory = VIR_DOMAIN_SNAPSHOT_LOCATION_NO;
    } else if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
        def->state = domstate;
        location = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
    } else {
        /* the snapshot states share the domain states' values */
        def->state = domstate;
        def->memory = domstate == VIR_DOMAIN_SNAPSHOT_SHUTOFF ?
            VIR_DOMAIN_SNAPSHOT_LOCATION_NO : VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;
    }
    return virDomainSnapshotAlignDisks(def, NULL, location, true);
}

/* A new snapshot of the domain as it is now. */
static virDomainMomentObj *
snapshot_new(testDriver *driver, virDomainObj *vm, virDomainSnapshotDef **def,
             unsigned int flags)
{
    virDomainMomentObj *snap;
    virDomainMomentObj *current;

    if (!((*def)->parent.dom = virDomainObjGetDefCopy(vm, &driver->xmlopt)) ||
        testDomainSnapshotAlignDisks(*def, vm->state, virDomainObjIsActive(vm), flags) < 0 ||
        !(snap = virDomainMomentAssignDef(vm->snapshots, &(*def)->parent)))
        return NULL;
    *def = NULL;
    if ((current = virDomainMomentGetCurrent(vm->snapshots)))
        snap->def->parent_name = g_strdup(current->def->name);
    return snap;
}

static virDomainSnapshotPtr
testDomainSnapshotCreateXML(virDomainPtr domain, const char *xml, unsigned int flags)
{
    testDriver *driver = testDriverFromConn(domain->conn);
    bool redefine = flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
    bool update_current = !redefine || (flags & VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT);
    unsigned int parse_flags = 0;
    g_autoptr(virDomainSnapshotDef) def = NULL;
    virDomainObj *vm;
    virDomainMomentObj *snap;
    virDomainSnapshotPtr snapshot = NULL;

    /* libvirt 9.0's test driver refuses DISK_ONLY, REUSE_EXT and
     * NO_METADATA as unknown flags, and so do we; QUIESCE, ATOMIC and
     * LIVE are accepted and have nothing to do in memory. */
    virCheckFlags(VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT |
                  VIR_DOMAIN_SNAPSHOT_CREATE_HALT | VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE |
                  VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC | VIR_DOMAIN_SNAPSHOT_CREATE_LIVE |
                  VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE, NULL);
    if (redefine)
        parse_flags |= VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE;
    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE)
        parse_flags |= VIR_DOMAIN_SNAPSHOT_PARSE_VALIDATE;

    if (!(vm = testDomObjFromDomain(domain)))
        return NULL;

    if (virDomainMomentObjListSize(vm->checkpoints) > 0) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "cannot create snapshot while checkpoint exists");
        goto cleanup;
    }
    if (!vm->persistent && (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "cannot halt after transient domain snapshot");
        goto cleanup;
    }
    /* as libvirt's test driver: no PARSE_OFFLINE even for a shut-off
     * domain, so external memory is accepted there */
    if (!(def = virDomainSnapshotDefParseString(xml, &driver->xmlopt, NULL, parse_flags)))
        goto cleanup;

    if (redefine)
        snap = virDomainSnapshotObjRedefine(vm, &def, flags);
    else
        snap = snapshot_new(driver, vm, &def, flags);
    if (!snap)
        goto cleanup;

    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT) && virDomainObjIsActive(vm)) {
        testDomainShutdownState(domain, vm, TEST_SHUTOFF_FROM_SNAPSHOT);
        testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_STOPPED,
                                 VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
    }
    if (update_current)
        virDomainMomentSetCurrent(vm->snapshots, snap);
    virDomainMomentLinkParent(vm->snapshots, snap);
    snapshot = virGetDomainSnapshot(domain, snap->def->name);

 cleanup:
    virDomainObjEndAPI(&vm);
    return snapshot;
}

/* ---- delete ---- */

static void
reparent_child(virDomainMomentObj *child, void *opaque)
{
    virDomainMomentObj *parent = opaque;

    g_free(child->def->parent_name);
    child->def->parent_name = parent->def ? g_strdup(parent->def->name) : NULL;
}

/* Removes every descendant of @snap; if the current snapshot was among
 * them, @snap becomes current. */
static void
discard_descendants(virDomainObj *vm, virDomainMomentObj *snap)
{
    g_autoptr(GPtrArray) descendants =
        virDomainMomentObjListCollect(vm->snapshots, snap, VIR_DOMAIN_MOMENT_LIST_DESCENDANTS,
                                      NULL, 0);
    bool current_removed = false;

    /* unlinked as a whole: the descendants go together */
    snap->first_child = NULL;
    snap->nchildren = 0;
    for (size_t i = 0; i < descendants->len; i++)
        current_removed |= virDomainMomentObjListRemove(vm->snapshots, descendants->pdata[i]);
    if (current_removed)
        virDomainMomentSetCurrent(vm->snapshots, snap);
}

static int
testDomainSnapshotDelete(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *snap = NULL;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY, -1);
    if (!(vm = snapshot_lookup(snapshot, &snap)))
        return -1;

    if (flags & (VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                 VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY)) {
        discard_descendants(vm, snap);
    } else if (snap->nchildren) {
        virDomainMomentForEachChild(snap, reparent_child, snap->parent);
        virDomainMomentMoveChildren(snap, snap->parent);
    }

    if (!(flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY)) {
        virDomainMomentDropParent(snap);
        if (snap == virDomainMomentGetCurrent(vm->snapshots))
            virDomainMomentSetCurrent(vm->snapshots,
                                      virDomainMomentFindByName(vm->snapshots,
                                                                snap->def->parent_name));
        virDomainMomentObjListRemove(vm->snapshots, snap);
    }
    virDomainObjEndAPI(&vm);
    return 0;
}

/* ---- revert ---- */

static bool
state_is_online(virDomainSnapshotState state)
{
    return state == VIR_DOMAIN_SNAPSHOT_RUNNING || state == VIR_DOMAIN_SNAPSHOT_PAUSED;
}

/* Replaces the domain's definition by @config (stolen). */
static void
assign_def(virDomainObj *vm, virDomainDef **config)
{
    virDomainDefFree(vm->def);
    vm->def = g_steal_pointer(config);
    virDomainObjDefChanged(vm);
}

/*
 * The transitions, as libvirt 9.0's test driver makes them:
 * - to a running or paused snapshot: a running domain is stopped
 *   (shutoff, from-snapshot), then started again from the snapshot's
 *   definition with a new id (running, from-snapshot) and paused
 *   (paused, from-snapshot) if the snapshot was paused or PAUSED was
 *   asked, unless RUNNING was;
 * - to any other snapshot: the definition is replaced and a running
 *   domain is stopped (shutoff, from-snapshot). RUNNING and PAUSED only
 *   produce libvirt's lifecycle events here: the domain stays shut off.
 * FORCE changes nothing: the test driver never finds a revert risky
 * except for a snapshot without a domain definition. In particular no
 * driver of libvirt 9.0 compares the guest ABI on revert (the process
 * is always restarted since 7.10); only REDEFINE does
 * (tests/apigolden/scenarios/snapshot-abi.scn).
 */
static int
testDomainRevertToSnapshot(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    testDriver *driver = testDriverFromConn(snapshot->domain->conn);
    g_autoptr(virDomainDef) config = NULL;
    virDomainSnapshotDef *snapdef;
    virDomainObj *vm;
    virDomainMomentObj *snap = NULL;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED |
                  VIR_DOMAIN_SNAPSHOT_REVERT_FORCE, -1);
    if (!(vm = snapshot_lookup(snapshot, &snap)))
        return -1;
    snapdef = virDomainSnapshotObjGetDef(snap);

    if (!vm->persistent && !state_is_online(snapdef->state) &&
        !(flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED))) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "transient domain needs to request run or pause to revert to "
                       "inactive snapshot");
        goto cleanup;
    }
    /* unreachable through the API (every create and redefine ends up
     * with a <domain>), kept as libvirt has it */
    if (!snap->def->dom) {
        virReportError(VIR_ERR_SNAPSHOT_REVERT_RISKY,
                       "snapshot '%s' lacks domain '%s' rollback info",
                       snap->def->name, vm->def->name);
        goto cleanup;
    }

    virDomainMomentSetCurrent(vm->snapshots, NULL);
    if (!(config = virDomainDefCopy(snap->def->dom, &driver->xmlopt)))
        goto cleanup;

    if (state_is_online(snapdef->state)) {
        bool was_active = virDomainObjIsActive(vm);

        if (was_active) {
            testDomainShutdownState(snapshot->domain, vm, TEST_SHUTOFF_FROM_SNAPSHOT);
            testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_STOPPED,
                                     VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
        }
        /* libvirt keeps a running transient domain's definition here: it
         * has no separate persistent one to fall back to when stopped, so
         * the restored one only lands in the unused "next" definition */
        if (vm->persistent || !was_active)
            assign_def(vm, &config);
        testDomainStartState(driver, vm, TEST_RUNNING_FROM_SNAPSHOT);
        testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_STARTED,
                                 VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT);
        if (!(flags & VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING) &&
            (snapdef->state == VIR_DOMAIN_SNAPSHOT_PAUSED ||
             (flags & VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED))) {
            virDomainObjSetState(vm, VIR_DOMAIN_PAUSED, TEST_PAUSED_FROM_SNAPSHOT);
            testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                     VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT);
        }
    } else {
        /* stop first: stopping applies a config defined while running,
         * which the snapshot's definition must then replace */
        if (virDomainObjIsActive(vm)) {
            testDomainShutdownState(snapshot->domain, vm, TEST_SHUTOFF_FROM_SNAPSHOT);
            /* libvirt assigns the snapshot's definition first, as the
             * config the stop returns to: its stop event has no id */
            vm->def->id = -1;
            testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_STOPPED,
                                     VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
        }
        assign_def(vm, &config);
        /* libvirt's test driver reports a start here, and a pause with
         * REVERT_PAUSED, although the domain stays shut off */
        if (flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED)) {
            testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_STARTED,
                                     VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT);
            if (flags & VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED)
                testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                         VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT);
        }
    }

    virDomainMomentSetCurrent(vm->snapshots, snap);
    ret = 0;
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

void
testSnapshotMethods(virConnectDriver *drv)
{
    drv->domainSnapshotCreateXML = testDomainSnapshotCreateXML;
    drv->domainSnapshotGetXMLDesc = testDomainSnapshotGetXMLDesc;
    drv->domainSnapshotNum = testDomainSnapshotNum;
    drv->domainSnapshotListNames = testDomainSnapshotListNames;
    drv->domainListAllSnapshots = testDomainListAllSnapshots;
    drv->domainSnapshotNumChildren = testDomainSnapshotNumChildren;
    drv->domainSnapshotListChildrenNames = testDomainSnapshotListChildrenNames;
    drv->domainSnapshotListAllChildren = testDomainSnapshotListAllChildren;
    drv->domainSnapshotLookupByName = testDomainSnapshotLookupByName;
    drv->domainHasCurrentSnapshot = testDomainHasCurrentSnapshot;
    drv->domainSnapshotCurrent = testDomainSnapshotCurrent;
    drv->domainSnapshotGetParent = testDomainSnapshotGetParent;
    drv->domainSnapshotIsCurrent = testDomainSnapshotIsCurrent;
    drv->domainSnapshotHasMetadata = testDomainSnapshotHasMetadata;
    drv->domainRevertToSnapshot = testDomainRevertToSnapshot;
    drv->domainSnapshotDelete = testDomainSnapshotDelete;
}
