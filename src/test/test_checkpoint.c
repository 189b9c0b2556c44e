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
    virDomainObj *vm;
    g_autoptr(GPtrArray) objs = NULL;
    int ret = -1;

    virCheckFlags(LIST_FLAGS, -1);
    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    /* checkpoint list bits equal the moment list bits */
    if ((objs = virDomainMomentObjListCollect(vm->checkpoints, NULL, flags, NULL, 0)))
        ret = virDomainCheckpointExportList(domain, objs, chks);
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
testDomainCheckpointListAllChildren(virDomainCheckpointPtr checkpoint,
                                    virDomainCheckpointPtr **chks, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *chk = NULL;
    g_autoptr(GPtrArray) objs = NULL;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS | VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL |
                  VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES, -1);
    if (!(vm = checkpoint_lookup(checkpoint, &chk)))
        return -1;
    if ((objs = virDomainMomentObjListCollect(vm->checkpoints, chk, flags, NULL, 0)))
        ret = virDomainCheckpointExportList(checkpoint->domain, objs, chks);
    virDomainObjEndAPI(&vm);
    return ret;
}

static virDomainCheckpointPtr
testDomainCheckpointLookupByName(virDomainPtr domain, const char *name, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *chk;
    virDomainCheckpointPtr ret = NULL;

    virCheckFlags(0, NULL);
    if (!(vm = testDomObjFromDomain(domain)))
        return NULL;
    if ((chk = virDomainCheckpointFindByNameReport(vm, name, VIR_FROM_THIS)))
        ret = virGetDomainCheckpoint(domain, chk->def->name);
    virDomainObjEndAPI(&vm);
    return ret;
}

static virDomainCheckpointPtr
testDomainCheckpointGetParent(virDomainCheckpointPtr checkpoint, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *chk = NULL;
    virDomainCheckpointPtr ret = NULL;

    virCheckFlags(0, NULL);
    if (!(vm = checkpoint_lookup(checkpoint, &chk)))
        return NULL;
    if (!chk->def->parent_name)
        virReportError(VIR_ERR_NO_DOMAIN_CHECKPOINT, "checkpoint '%s' does not have a parent",
                       chk->def->name);
    else
        ret = virGetDomainCheckpoint(checkpoint->domain, chk->def->parent_name);
    virDomainObjEndAPI(&vm);
    return ret;
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
