/*
 * checkpoint_obj.c: the checkpoint tree operations every driver shares
 */
#include "internal.h"
#include "conf/checkpoint_obj.h"
#include "conf/moment_obj.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN_CHECKPOINT

virDomainMomentObj *
virDomainCheckpointFindByNameReport(virDomainObj *vm, const char *name, int domcode)
{
    return virDomainMomentFindByNameReport(vm, VIR_DOMAIN_MOMENT_KIND_CHECKPOINT, name, domcode);
}

int
virDomainCheckpointRedefinePrep(virDomainObj *vm, virDomainCheckpointDef *def,
                                bool *update_current)
{
    virDomainMomentObj *current = virDomainMomentGetCurrent(vm->checkpoints);
    virDomainMomentObj *parent;

    if (virDomainMomentObjListCheckCycles(vm->checkpoints, &def->parent) < 0 ||
        virDomainCheckpointRedefineValidate(def, vm->def->uuid) < 0)
        return -1;
    parent = virDomainMomentFindByName(vm->checkpoints, def->parent.parent_name);
    if ((parent && parent == current) || !current)
        *update_current = true;
    return 0;
}

virDomainMomentObj *
virDomainCheckpointRedefineCommit(virDomainObj *vm, virDomainCheckpointDef **def)
{
    virDomainMomentObj *other = virDomainMomentFindByName(vm->checkpoints,
                                                          (*def)->parent.name);

    if (other) {
        virDomainMomentDropParent(other);
        virDomainCheckpointDefFree(virDomainCheckpointObjGetDef(other));
        other->def = &(*def)->parent;
        *def = NULL;
        return other;
    }
    other = virDomainMomentAssignDef(vm->checkpoints, &(*def)->parent);
    if (other)
        *def = NULL;
    return other;
}

int
virDomainCheckpointExportList(virDomainPtr domain, GPtrArray *objs,
                              virDomainCheckpointPtr **out)
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

int
virDomainCheckpointObjListAll(virDomainObj *vm, virDomainPtr domain,
                              virDomainCheckpointPtr **chks, unsigned int flags)
{
    g_autoptr(GPtrArray) objs = NULL;
    int count = -1;

    if (!vm)
        return -1;
    /* the checkpoint list flags are the moment list flags */
    if ((objs = virDomainMomentObjListCollect(vm->checkpoints, NULL, flags, NULL, 0)))
        count = virDomainCheckpointExportList(domain, objs, chks);
    virDomainObjEndAPI(&vm);
    return count;
}

int
virDomainCheckpointObjListAllChildren(virDomainObj *vm, virDomainCheckpointPtr checkpoint,
                                      virDomainCheckpointPtr **chks, unsigned int flags,
                                      int domcode)
{
    g_autoptr(GPtrArray) objs = NULL;
    virDomainMomentObj *chk;
    int count = -1;

    if (!vm)
        return -1;
    if ((chk = virDomainCheckpointFindByNameReport(vm, checkpoint->name, domcode)) &&
        (objs = virDomainMomentObjListCollect(vm->checkpoints, chk, flags, NULL, 0)))
        count = virDomainCheckpointExportList(checkpoint->domain, objs, chks);
    virDomainObjEndAPI(&vm);
    return count;
}

typedef struct {
    virDomainObj *vm;
    virDomainMomentObj *new_parent;
    virDomainCheckpointDeleteHook hook;
    void *opaque;
    int rc;
} reparentData;

static void
reparent_child(virDomainMomentObj *child, void *opaque)
{
    reparentData *data = opaque;

    g_free(child->def->parent_name);
    child->def->parent_name = data->new_parent->def ?
        g_strdup(data->new_parent->def->name) : NULL;
    if (data->hook && data->rc == 0)
        data->rc = data->hook(data->vm, child, data->opaque);
}

int
virDomainCheckpointDeleteTree(virDomainObj *vm, virDomainMomentObj *chk,
                              unsigned int flags,
                              virDomainCheckpointDeleteHook removed,
                              virDomainCheckpointDeleteHook reparented,
                              void *opaque)
{
    if (flags & (VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN |
                 VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY)) {
        g_autoptr(GPtrArray) descendants =
            virDomainMomentObjListCollect(vm->checkpoints, chk,
                                          VIR_DOMAIN_MOMENT_LIST_DESCENDANTS, NULL, 0);
        bool current_removed = false;

        for (size_t i = 0; removed && i < descendants->len; i++) {
            if (removed(vm, descendants->pdata[i], opaque) < 0)
                return -1;
        }
        /* unlinked as a whole: the descendants go together */
        chk->first_child = NULL;
        chk->nchildren = 0;
        for (size_t i = 0; i < descendants->len; i++)
            current_removed |= virDomainMomentObjListRemove(vm->checkpoints,
                                                            descendants->pdata[i]);
        if (current_removed)
            virDomainMomentSetCurrent(vm->checkpoints, chk);
    } else if (chk->nchildren) {
        reparentData data = { vm, chk->parent, reparented, opaque, 0 };

        virDomainMomentForEachChild(chk, reparent_child, &data);
        virDomainMomentMoveChildren(chk, chk->parent);
        if (data.rc < 0)
            return -1;
    }

    if (!(flags & VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY)) {
        if (removed && removed(vm, chk, opaque) < 0)
            return -1;
        virDomainMomentDropParent(chk);
        if (chk == virDomainMomentGetCurrent(vm->checkpoints))
            virDomainMomentSetCurrent(vm->checkpoints,
                                      virDomainMomentFindByName(vm->checkpoints,
                                                                chk->def->parent_name));
        virDomainMomentObjListRemove(vm->checkpoints, chk);
    }
    return 0;
}
