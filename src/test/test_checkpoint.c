/*
 * test_checkpoint.c: the test driver's checkpoint API
 *
 * libvirt 9.0's semantics on the in-memory moment tree: a plain create
 * becomes the child of the current checkpoint and the new current one;
 * REDEFINE restores metadata (parent from the XML, topological order
 * required); delete re-parents children to the grandparent, or removes
 * them with CHILDREN / CHILDREN_ONLY. The test driver has no bitmaps,
 * so SIZE never prints a size, and METADATA_ONLY is a normal delete.
 */
#include "internal.h"
#include "conf/checkpoint_obj.h"
#include "conf/moment_obj.h"
#include "test/test_driver.h"

#define VIR_FROM_THIS VIR_FROM_TEST

/* The domain of @checkpoint and the checkpoint object; NULL on error. */
static virDomainObj *
checkpoint_lookup(virDomainCheckpointPtr checkpoint, virDomainMomentObj **chk)
{
    virDomainObj *vm = testDomObjFromDomain(checkpoint->domain);

    if (vm && !(*chk = virDomainCheckpointFindByNameReport(vm, checkpoint->name, VIR_FROM_THIS)))
        virDomainObjEndAPI(&vm);
    return vm;
}

static virDomainCheckpointPtr
testDomainCheckpointCreateXML(virDomainPtr domain, const char *xml, unsigned int flags)
{
    testDriver *driver = testDriverFromConn(domain->conn);
    bool redefine = flags & VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE;
    bool update_current = !redefine;
    g_autoptr(virDomainCheckpointDef) def = NULL;
    virDomainObj *vm;
    virDomainMomentObj *chk = NULL;
    virDomainMomentObj *current;
    virDomainCheckpointPtr checkpoint = NULL;

    virCheckFlags(VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE |
                  VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE, NULL);
    if (!(vm = testDomObjFromDomain(domain)))
        return NULL;

    if (virDomainMomentObjListSize(vm->snapshots) > 0) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "cannot create checkpoint while snapshot exists");
        goto cleanup;
    }
    if (!virDomainObjIsActive(vm)) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "cannot create checkpoint for inactive domain");
        goto cleanup;
    }
    if (!(def = virDomainCheckpointDefParseString(xml, &driver->xmlopt,
                                                  redefine ? VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE : 0)))
        goto cleanup;

    if (redefine) {
        if (virDomainCheckpointRedefinePrep(vm, def, &update_current) < 0 ||
            !(chk = virDomainCheckpointRedefineCommit(vm, &def)))
            goto cleanup;
    } else {
        if (!(def->parent.dom = virDomainObjGetDefCopy(vm, &driver->xmlopt)) ||
            virDomainCheckpointAlignDisks(def) < 0 ||
            !(chk = virDomainMomentAssignDef(vm->checkpoints, &def->parent)))
            goto cleanup;
        def = NULL;
    }

    current = virDomainMomentGetCurrent(vm->checkpoints);
    if (current && !redefine)
        chk->def->parent_name = g_strdup(current->def->name);

    checkpoint = virGetDomainCheckpoint(domain, chk->def->name);
    if (checkpoint) {
        if (update_current)
            virDomainMomentSetCurrent(vm->checkpoints, chk);
        virDomainMomentLinkParent(vm->checkpoints, chk);
    } else {
        virDomainMomentObjListRemove(vm->checkpoints, chk);
    }

 cleanup:
    virDomainObjEndAPI(&vm);
    return checkpoint;
}

#define LIST_FLAGS (VIR_DOMAIN_CHECKPOINT_LIST_ROOTS | VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL | \
                    VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES)

static int
testDomainListAllCheckpoints(virDomainPtr domain, virDomainCheckpointPtr **chks,
                             unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return virDomainCheckpointObjListAll(testDomObjFromDomain(domain), domain, chks, flags);
}

static int
testDomainCheckpointListAllChildren(virDomainCheckpointPtr checkpoint,
                                    virDomainCheckpointPtr **chks, unsigned int flags)
{
    virCheckFlags(VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS | VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL |
                  VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES, -1);
    return virDomainCheckpointObjListAllChildren(testDomObjFromDomain(checkpoint->domain), checkpoint,
                                                 chks, flags, VIR_FROM_THIS);
}

static virDomainCheckpointPtr
testDomainCheckpointLookupByName(virDomainPtr domain, const char *name, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainMomentObjGetHandle(testDomObjFromDomain(domain), VIR_DOMAIN_MOMENT_KIND_CHECKPOINT,
                                       domain, name, false, VIR_FROM_THIS);
}

static virDomainCheckpointPtr
testDomainCheckpointGetParent(virDomainCheckpointPtr checkpoint, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainMomentObjGetHandle(testDomObjFromDomain(checkpoint->domain),
                                       VIR_DOMAIN_MOMENT_KIND_CHECKPOINT, checkpoint->domain,
                                       checkpoint->name, true, VIR_FROM_THIS);
}

static char *
testDomainCheckpointGetXMLDesc(virDomainCheckpointPtr checkpoint, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *chk = NULL;
    char *xml = NULL;

    virCheckFlags(VIR_DOMAIN_CHECKPOINT_XML_SECURE | VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN |
                  VIR_DOMAIN_CHECKPOINT_XML_SIZE, NULL);
    if (!(vm = checkpoint_lookup(checkpoint, &chk)))
        return NULL;
    /* SIZE needs a running domain, as in libvirt. libvirt's test driver
     * then stores a made-up size in each bitmap disk without marking it
     * valid, so nothing is printed; a getter changes no state here, and
     * the output is the same. */
    if ((flags & VIR_DOMAIN_CHECKPOINT_XML_SIZE) && virDomainObjCheckActive(vm) < 0)
        goto cleanup;
    xml = virDomainCheckpointDefFormat(virDomainCheckpointObjGetDef(chk),
                                       virDomainCheckpointFormatConvertXMLFlags(flags));
 cleanup:
    virDomainObjEndAPI(&vm);
    return xml;
}

static int
testDomainCheckpointDelete(virDomainCheckpointPtr checkpoint, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *chk = NULL;

    virCheckFlags(VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN |
                  VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY |
                  VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY, -1);
    if (!(vm = checkpoint_lookup(checkpoint, &chk)))
        return -1;

    virDomainCheckpointDeleteTree(vm, chk, flags, NULL, NULL, NULL);
    virDomainObjEndAPI(&vm);
    return 0;
}

void
testCheckpointMethods(virConnectDriver *drv)
{
    drv->domainCheckpointCreateXML = testDomainCheckpointCreateXML;
    drv->domainListAllCheckpoints = testDomainListAllCheckpoints;
    drv->domainCheckpointListAllChildren = testDomainCheckpointListAllChildren;
    drv->domainCheckpointLookupByName = testDomainCheckpointLookupByName;
    drv->domainCheckpointGetParent = testDomainCheckpointGetParent;
    drv->domainCheckpointGetXMLDesc = testDomainCheckpointGetXMLDesc;
    drv->domainCheckpointDelete = testDomainCheckpointDelete;
}
