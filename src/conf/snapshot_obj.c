/*
 * snapshot_obj.c: the snapshot tree operations every driver shares
 */
#include "internal.h"
#include "conf/snapshot_obj.h"
#include "conf/moment_obj.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN_SNAPSHOT

#define FILTERS_STATUS (VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE | \
                        VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY)
#define FILTERS_LOCATION (VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL | \
                          VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL)

/* The snapshot-only filters: the state and location groups. A group
 * whose bits are all set keeps everything and was cleared by the caller. */
int
virDomainSnapshotObjHasCurrent(virDomainObj *vm)
{
    int ret;

    if (!vm)
        return -1;
    ret = virDomainMomentGetCurrent(vm->snapshots) != NULL;
    virDomainObjEndAPI(&vm);
    return ret;
}

virDomainSnapshotPtr
virDomainSnapshotObjCurrent(virDomainObj *vm, virDomainPtr domain, int domcode)
{
    virDomainMomentObj *current;
    virDomainSnapshotPtr ret = NULL;

    if (!vm)
        return NULL;
    if (!(current = virDomainMomentGetCurrent(vm->snapshots)))
        virReportErrorHelper(domcode, VIR_ERR_NO_DOMAIN_SNAPSHOT, __FILE__, __func__, __LINE__,
                             "%s", "the domain does not have a current snapshot");
    else
        ret = virGetDomainSnapshot(domain, current->def->name);
    virDomainObjEndAPI(&vm);
    return ret;
}

/* @snapshot's object in @vm, or NULL with @vm released. */
static virDomainMomentObj *
find_or_release(virDomainObj **vm, virDomainSnapshotPtr snapshot, int domcode)
{
    virDomainMomentObj *snap;

    if (!*vm)
        return NULL;
    if (!(snap = virDomainMomentFindByNameReport(*vm, VIR_DOMAIN_MOMENT_KIND_SNAPSHOT,
                                                 snapshot->name, domcode)))
        virDomainObjEndAPI(vm);
    return snap;
}

int
virDomainSnapshotObjIsCurrent(virDomainObj *vm, virDomainSnapshotPtr snapshot, int domcode)
{
    virDomainMomentObj *snap = find_or_release(&vm, snapshot, domcode);
    int ret;

    if (!snap)
        return -1;
    ret = snap == virDomainMomentGetCurrent(vm->snapshots);
    virDomainObjEndAPI(&vm);
    return ret;
}

int
virDomainSnapshotObjHasMetadata(virDomainObj *vm, virDomainSnapshotPtr snapshot, int domcode)
{
    if (!find_or_release(&vm, snapshot, domcode))
        return -1;
    virDomainObjEndAPI(&vm);
    return 1;
}

char *
virDomainSnapshotObjGetXMLDesc(virDomainObj *vm, virDomainSnapshotPtr snapshot,
                               unsigned int flags, int domcode)
{
    virDomainMomentObj *snap = find_or_release(&vm, snapshot, domcode);
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    char *xml;

    if (!snap)
        return NULL;
    virUUIDFormat(snapshot->domain->uuid, uuidstr);
    xml = virDomainSnapshotDefFormat(uuidstr, virDomainSnapshotObjGetDef(snap),
                                     virDomainSnapshotFormatConvertXMLFlags(flags));
    virDomainObjEndAPI(&vm);
    return xml;
}

static bool
snapshot_filter(virDomainMomentObj *obj, unsigned int flags)
{
    virDomainSnapshotDef *def = virDomainSnapshotObjGetDef(obj);
    bool external;

    if (flags & FILTERS_STATUS) {
        bool shutoff = def->state == VIR_DOMAIN_SNAPSHOT_SHUTOFF;
        bool disk_only = def->state == VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT;

        if (shutoff && !(flags & VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE))
            return false;
        if (disk_only && !(flags & VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY))
            return false;
        if (!shutoff && !disk_only && !(flags & VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE))
            return false;
    }
    if (!(flags & FILTERS_LOCATION))
        return true;
    external = virDomainSnapshotDefIsExternal(def);
    return (flags & VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL) ? external : !external;
}

/*
 * The public snapshot list bits are not the moment list bits (for
 * historical reasons TOPOLOGICAL is 1024 here but 2 there): the tree
 * bits are translated, the rest goes to snapshot_filter.
 */
static GPtrArray *
collect(virDomainObj *vm, virDomainMomentObj *from, unsigned int flags)
{
    static const struct { unsigned int snap; unsigned int moment; } map[] = {
        { VIR_DOMAIN_SNAPSHOT_LIST_ROOTS, VIR_DOMAIN_MOMENT_LIST_ROOTS },
        { VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL, VIR_DOMAIN_MOMENT_LIST_TOPOLOGICAL },
        { VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, VIR_DOMAIN_MOMENT_LIST_LEAVES },
        { VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, VIR_DOMAIN_MOMENT_LIST_NO_LEAVES },
        { VIR_DOMAIN_SNAPSHOT_LIST_METADATA, VIR_DOMAIN_MOMENT_LIST_METADATA },
        { VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA, VIR_DOMAIN_MOMENT_LIST_NO_METADATA },
    };
    unsigned int moment_flags = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
        if (flags & map[i].snap) {
            flags &= ~map[i].snap;
            moment_flags |= map[i].moment;
        }
    }
    if ((flags & FILTERS_STATUS) == FILTERS_STATUS)
        flags &= ~FILTERS_STATUS;
    if ((flags & FILTERS_LOCATION) == FILTERS_LOCATION)
        flags &= ~FILTERS_LOCATION;
    return virDomainMomentObjListCollect(vm->snapshots, from, moment_flags,
                                         snapshot_filter, flags);
}

static int
export_names(GPtrArray *objs, char **names, int nameslen)
{
    for (size_t i = 0; names && i < objs->len && i < (size_t)nameslen; i++)
        names[i] = g_strdup(((virDomainMomentObj *)objs->pdata[i])->def->name);
    return (int)objs->len;
}

/* Turns collected moments into snapshot handles (the API's array). */
static int
export_list(virDomainPtr domain, GPtrArray *objs, virDomainSnapshotPtr **out)
{
    virDomainSnapshotPtr *list;

    if (!out)
        return (int)objs->len;
    list = g_new0(virDomainSnapshotPtr, objs->len + 1);
    for (size_t i = 0; i < objs->len; i++) {
        virDomainMomentObj *obj = objs->pdata[i];

        if (!(list[i] = virGetDomainSnapshot(domain, obj->def->name))) {
            for (size_t j = 0; j < i; j++)
                virDomainSnapshotHandleUnref(list[j]);
            g_free(list);
            return -1;
        }
    }
    *out = list;
    return (int)objs->len;
}

int
virDomainSnapshotObjList(virDomainObj *vm, virDomainPtr domain,
                         virDomainSnapshotPtr snapshot, unsigned int flags,
                         char **names, int nameslen,
                         virDomainSnapshotPtr **handles, int domcode)
{
    virDomainMomentObj *from = NULL;
    g_autoptr(GPtrArray) objs = NULL;
    int ret = -1;

    if (!vm)
        return -1;
    if (snapshot &&
        !(from = virDomainMomentFindByNameReport(vm, VIR_DOMAIN_MOMENT_KIND_SNAPSHOT,
                                                 snapshot->name, domcode)))
        goto cleanup;
    if ((objs = collect(vm, from, flags))) {
        if (names || !handles)
            ret = export_names(objs, names, nameslen);
        else
            ret = export_list(domain, objs, handles);
    }
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static bool
parent_lookup(const char *name, const char **parent_name, void *opaque)
{
    virDomainMomentObj *obj = virDomainMomentFindByName(opaque, name);

    if (!obj)
        return false;
    *parent_name = obj->def->parent_name;
    return true;
}

virDomainMomentObj *
virDomainSnapshotObjRedefine(virDomainObj *vm, virDomainSnapshotDef **def, unsigned int flags)
{
    virDomainMomentObj *other = virDomainMomentFindByName(vm->snapshots,
                                                          (*def)->parent.name);
    virDomainSnapshotDef *otherdef = other ? virDomainSnapshotObjGetDef(other) : NULL;

    if (virDomainSnapshotRedefinePrep(*def, vm->def->uuid, otherdef, parent_lookup,
                                      vm->snapshots, flags) < 0)
        return NULL;

    if (other) {
        if (!(*def)->parent.dom)
            (*def)->parent.dom = g_steal_pointer(&otherdef->parent.dom);
        virDomainMomentDropParent(other);
        virDomainSnapshotDefFree(otherdef);
        other->def = &g_steal_pointer(def)->parent;
        return other;
    }
    if ((other = virDomainMomentAssignDef(vm->snapshots, &(*def)->parent)))
        *def = NULL;
    return other;
}
