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
#include "conf/checkpoint_conf.h"
#include "test/test_driver.h"

#define VIR_FROM_THIS VIR_FROM_TEST

static virDomainCheckpointDef *
chk_def(virDomainMomentObj *obj)
{
    return (virDomainCheckpointDef *)obj->def;
}

static virDomainMomentObj *
checkpoint_by_name(virDomainObj *vm, const char *name)
{
    virDomainMomentObj *chk = virDomainMomentFindByName(vm->checkpoints, name);

    if (!chk)
        virReportError(VIR_ERR_NO_DOMAIN_CHECKPOINT,
                       "no domain checkpoint with matching name '%s'", name);
    return chk;
}

/* The domain of @checkpoint and the checkpoint object; NULL on error. */
static virDomainObj *
checkpoint_lookup(virDomainCheckpointPtr checkpoint, virDomainMomentObj **chk)
{
    virDomainObj *vm = testDomObjFromDomain(checkpoint->domain);

    if (vm && !(*chk = checkpoint_by_name(vm, checkpoint->name)))
        virDomainObjEndAPI(&vm);
    return vm;
}

/* virDomainCheckpointRedefinePrep: checks, and whether the redefined
 * checkpoint becomes current. */
static int
redefine_prep(virDomainObj *vm, virDomainCheckpointDef *def, bool *update_current)
{
    virDomainMomentObj *current = virDomainMomentGetCurrent(vm->checkpoints);
    virDomainMomentObj *parent;

    if (virDomainMomentObjListCheckCycles(vm->checkpoints, &def->parent) < 0 ||
        virDomainCheckpointRedefineValidate(def, vm->def->uuid) < 0)
        return -1;
    parent = virDomainMomentFindByName(vm->checkpoints, def->parent.parent_name);
    if (parent && parent == current)
        *update_current = true;
    if (!current)
        *update_current = true;
    return 0;
}

/* Stores a redefined definition: an existing checkpoint of that name
 * keeps its object (and so its children) and gets the new definition. */
static virDomainMomentObj *
redefine_commit(virDomainObj *vm, virDomainCheckpointDef **def)
{
    virDomainMomentObj *other = virDomainMomentFindByName(vm->checkpoints,
                                                          (*def)->parent.name);

    if (other) {
        virDomainMomentDropParent(other);
        virDomainCheckpointDefFree(chk_def(other));
        other->def = &(*def)->parent;
        *def = NULL;
        return other;
    }
    other = virDomainMomentAssignDef(vm->checkpoints, &(*def)->parent);
    if (other)
        *def = NULL;
    return other;
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
        if (redefine_prep(vm, def, &update_current) < 0 ||
            !(chk = redefine_commit(vm, &def)))
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

/* Turns collected moments into checkpoint handles (the API's array). */
static int
export_list(virDomainPtr domain, GPtrArray *objs, virDomainCheckpointPtr **out)
{
    int count = (int)objs->len;

    if (out) {
        virDomainCheckpointPtr *list = g_new0(virDomainCheckpointPtr, objs->len + 1);

        for (size_t i = 0; i < objs->len; i++) {
            virDomainMomentObj *obj = objs->pdata[i];

            if (!(list[i] = virGetDomainCheckpoint(domain, obj->def->name))) {
                for (size_t j = 0; j < i; j++)
                    virDomainCheckpointFree(list[j]);
                g_free(list);
                return -1;
            }
        }
        *out = list;
    }
    return count;
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
        ret = export_list(domain, objs, chks);
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
        ret = export_list(checkpoint->domain, objs, chks);
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
    if ((chk = checkpoint_by_name(vm, name)))
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
    xml = virDomainCheckpointDefFormat(chk_def(chk),
                                       virDomainCheckpointFormatConvertXMLFlags(flags));
 cleanup:
    virDomainObjEndAPI(&vm);
    return xml;
}

static void
reparent_child(virDomainMomentObj *child, void *opaque)
{
    virDomainMomentObj *parent = opaque;

    g_free(child->def->parent_name);
    child->def->parent_name = parent->def ? g_strdup(parent->def->name) : NULL;
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

    if (flags & (VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN |
                 VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY)) {
        g_autoptr(GPtrArray) descendants =
            virDomainMomentObjListCollect(vm->checkpoints, chk,
                                          VIR_DOMAIN_MOMENT_LIST_DESCENDANTS, NULL, 0);
        bool current_removed = false;

        /* unlinked as a whole: the descendants go together */
        chk->first_child = NULL;
        chk->nchildren = 0;
        for (size_t i = 0; i < descendants->len; i++)
            current_removed |= virDomainMomentObjListRemove(vm->checkpoints,
                                                            descendants->pdata[i]);
        if (current_removed)
            virDomainMomentSetCurrent(vm->checkpoints, chk);
    } else if (chk->nchildren) {
        virDomainMomentForEachChild(chk, reparent_child, chk->parent);
        virDomainMomentMoveChildren(chk, chk->parent);
    }

    if (!(flags & VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY)) {
        virDomainMomentDropParent(chk);
        if (chk == virDomainMomentGetCurrent(vm->checkpoints))
            virDomainMomentSetCurrent(vm->checkpoints,
                                      virDomainMomentFindByName(vm->checkpoints,
                                                                chk->def->parent_name));
        virDomainMomentObjListRemove(vm->checkpoints, chk);
    }
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
