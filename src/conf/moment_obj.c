/*
 * moment_obj.c: the queries checkpoints and snapshots answer alike
 *
 * Errors are raised in the calling driver's domain (@domcode), as
 * libvirt raises them from the driver.
 */
#include "internal.h"
#include "conf/moment_obj.h"

static const struct {
    const char *noun;
    int no_such;
} kinds[] = {
    [VIR_DOMAIN_MOMENT_KIND_CHECKPOINT] = { "checkpoint", VIR_ERR_NO_DOMAIN_CHECKPOINT },
    [VIR_DOMAIN_MOMENT_KIND_SNAPSHOT] = { "snapshot", VIR_ERR_NO_DOMAIN_SNAPSHOT },
};

virDomainMomentObj *
virDomainMomentFindByNameReport(virDomainObj *vm, virDomainMomentKind kind,
                                const char *name, int domcode)
{
    virDomainMomentObjList *tree = kind == VIR_DOMAIN_MOMENT_KIND_CHECKPOINT ?
                                   vm->checkpoints : vm->snapshots;
    virDomainMomentObj *obj = virDomainMomentFindByName(tree, name);

    if (!obj)
        virReportErrorHelper(domcode, kinds[kind].no_such, __FILE__, __func__, __LINE__,
                             "no domain %s with matching name '%s'", kinds[kind].noun, name);
    return obj;
}

void *
virDomainMomentObjGetHandle(virDomainObj *vm, virDomainMomentKind kind, virDomainPtr domain,
                            const char *name, bool parent, int domcode)
{
    virDomainMomentObj *obj;
    const char *target = NULL;
    void *handle = NULL;

    if (!vm)
        return NULL;
    if ((obj = virDomainMomentFindByNameReport(vm, kind, name, domcode)))
        target = parent ? obj->def->parent_name : obj->def->name;
    if (obj && !target)
        virReportErrorHelper(domcode, kinds[kind].no_such, __FILE__, __func__, __LINE__,
                             "%s '%s' does not have a parent", kinds[kind].noun, name);
    else if (target && kind == VIR_DOMAIN_MOMENT_KIND_CHECKPOINT)
        handle = virGetDomainCheckpoint(domain, target);
    else if (target)
        handle = virGetDomainSnapshot(domain, target);
    virDomainObjEndAPI(&vm);
    return handle;
}
