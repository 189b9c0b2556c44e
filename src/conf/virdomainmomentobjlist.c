/*
 * virdomainmomentobjlist.c: the moment tree (hash + links + metaroot)
 */
#include "internal.h"
#include "conf/virdomainmomentobjlist.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

struct _virDomainMomentObjList {
    GHashTable *objs;             /* name (own copy) -> virDomainMomentObj */
    virDomainMomentObj metaroot;  /* parent of every root; def == NULL */
    virDomainMomentObj *current;
    GDestroyNotify def_free;
};

typedef struct {
    virDomainMomentObj obj;
    virDomainMomentObjList *list; /* to free the def the right way */
} moment_entry;

static void
entry_free(gpointer data)
{
    moment_entry *entry = data;

    if (entry->obj.def)
        entry->list->def_free(entry->obj.def);
    g_free(entry);
}

virDomainMomentObjList *
virDomainMomentObjListNew(GDestroyNotify def_free)
{
    virDomainMomentObjList *moments = g_new0(virDomainMomentObjList, 1);

    moments->objs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
    moments->def_free = def_free;
    return moments;
}

void
virDomainMomentObjListFree(virDomainMomentObjList *moments)
{
    if (!moments)
        return;
    g_hash_table_unref(moments->objs);
    g_free(moments);
}

virDomainMomentObj *
virDomainMomentAssignDef(virDomainMomentObjList *moments, virDomainMomentDef *def)
{
    moment_entry *entry;

    if (g_hash_table_contains(moments->objs, def->name)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "domain moment %s already exists",
                       def->name);
        return NULL;
    }
    entry = g_new0(moment_entry, 1);
    entry->list = moments;
    entry->obj.def = def;
    g_hash_table_insert(moments->objs, g_strdup(def->name), entry);
    return &entry->obj;
}

virDomainMomentObj *
virDomainMomentFindByName(virDomainMomentObjList *moments, const char *name)
{
    moment_entry *entry;

    if (!name)
        return NULL;
    entry = g_hash_table_lookup(moments->objs, name);
    return entry ? &entry->obj : NULL;
}

size_t
virDomainMomentObjListSize(virDomainMomentObjList *moments)
{
    return g_hash_table_size(moments->objs);
}

virDomainMomentObj *
virDomainMomentGetCurrent(virDomainMomentObjList *moments)
{
    return moments->current;
}

void
virDomainMomentSetCurrent(virDomainMomentObjList *moments, virDomainMomentObj *moment)
{
    moments->current = moment;
}

static void
set_parent(virDomainMomentObj *moment, virDomainMomentObj *parent)
{
    moment->parent = parent;
    moment->sibling = parent->first_child;
    parent->first_child = moment;
    parent->nchildren++;
}

void
virDomainMomentLinkParent(virDomainMomentObjList *moments, virDomainMomentObj *moment)
{
    virDomainMomentObj *parent = virDomainMomentFindByName(moments,
                                                           moment->def->parent_name);

    set_parent(moment, parent ? parent : &moments->metaroot);
}

void
virDomainMomentDropParent(virDomainMomentObj *moment)
{
    virDomainMomentObj **link;

    if (!moment->parent)
        return;
    for (link = &moment->parent->first_child; *link; link = &(*link)->sibling) {
        if (*link == moment) {
            *link = moment->sibling;
            moment->parent->nchildren--;
            break;
        }
    }
    moment->parent = NULL;
    moment->sibling = NULL;
}

void
virDomainMomentMoveChildren(virDomainMomentObj *from, virDomainMomentObj *to)
{
    virDomainMomentObj *child;
    virDomainMomentObj *last = NULL;

    if (!from->nchildren)
        return;
    for (child = from->first_child; child; child = child->sibling) {
        child->parent = to;
        last = child;
    }
    last->sibling = to->first_child;
    to->first_child = from->first_child;
    to->nchildren += from->nchildren;
    from->first_child = NULL;
    from->nchildren = 0;
}

bool
virDomainMomentObjListRemove(virDomainMomentObjList *moments, virDomainMomentObj *moment)
{
    bool was_current = moments->current == moment;

    if (was_current)
        moments->current = NULL;
    g_hash_table_remove(moments->objs, moment->def->name);
    return was_current;
}

size_t
virDomainMomentForEachChild(virDomainMomentObj *moment, virDomainMomentIter iter,
                            void *opaque)
{
    for (virDomainMomentObj *child = moment->first_child; child; child = child->sibling)
        iter(child, opaque);
    return moment->nchildren;
}

/* Iterative pre-order walk: deep chains must not exhaust the stack. */
size_t
virDomainMomentForEachDescendant(virDomainMomentObj *moment, virDomainMomentIter iter,
                                 void *opaque)
{
    virDomainMomentObj *cur = moment->first_child;
    size_t count = 0;

    while (cur) {
        iter(cur, opaque);
        count++;
        if (cur->first_child) {
            cur = cur->first_child;
            continue;
        }
        while (cur != moment && !cur->sibling)
            cur = cur->parent;
        if (cur == moment)
            break;
        cur = cur->sibling;
    }
    return count;
}

typedef struct {
    GPtrArray *out;
    unsigned int flags;
    virDomainMomentObjListFilter filter;
    unsigned int filter_flags;
} collect_data;

static void
collect_one(virDomainMomentObj *obj, void *opaque)
{
    collect_data *data = opaque;

    if ((data->flags & VIR_DOMAIN_MOMENT_LIST_LEAVES) && obj->nchildren)
        return;
    if ((data->flags & VIR_DOMAIN_MOMENT_LIST_NO_LEAVES) && !obj->nchildren)
        return;
    if (data->filter && !data->filter(obj, data->filter_flags))
        return;
    g_ptr_array_add(data->out, obj);
}

GPtrArray *
virDomainMomentObjListCollect(virDomainMomentObjList *moments,
                              virDomainMomentObj *from, unsigned int flags,
                              virDomainMomentObjListFilter filter,
                              unsigned int filter_flags)
{
    collect_data data = { NULL, flags, filter, filter_flags };

    virCheckFlags(VIR_DOMAIN_MOMENT_FILTERS_ALL, NULL);

    data.out = g_ptr_array_new();
    /* Every moment has metadata here: NO_METADATA alone matches none. */
    if ((flags & (VIR_DOMAIN_MOMENT_LIST_METADATA | VIR_DOMAIN_MOMENT_LIST_NO_METADATA)) ==
        VIR_DOMAIN_MOMENT_LIST_NO_METADATA)
        return data.out;

    if (!from) {
        /* ROOTS and DESCENDANTS share a bit with opposite meanings */
        flags ^= VIR_DOMAIN_MOMENT_LIST_ROOTS;
        from = &moments->metaroot;
    }
    if (flags & VIR_DOMAIN_MOMENT_LIST_DESCENDANTS)
        virDomainMomentForEachDescendant(from, collect_one, &data);
    else
        virDomainMomentForEachChild(from, collect_one, &data);
    return data.out;
}

static bool
list_lookup(const char *name, const char **parent_name, void *opaque)
{
    virDomainMomentObj *obj = virDomainMomentFindByName(opaque, name);

    if (!obj)
        return false;
    *parent_name = obj->def->parent_name;
    return true;
}

int
virDomainMomentObjListCheckCycles(virDomainMomentObjList *moments,
                                  const virDomainMomentDef *def)
{
    return virDomainMomentCheckCycles(def, list_lookup, moments);
}

int
virDomainMomentUpdateRelations(virDomainMomentObjList *moments)
{
    GHashTableIter iter;
    gpointer value;
    int ret = 0;

    moments->metaroot.first_child = NULL;
    moments->metaroot.nchildren = 0;
    g_hash_table_iter_init(&iter, moments->objs);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        virDomainMomentObj *obj = &((moment_entry *)value)->obj;

        obj->first_child = NULL;
        obj->nchildren = 0;
        obj->parent = NULL;
        obj->sibling = NULL;
    }

    g_hash_table_iter_init(&iter, moments->objs);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        virDomainMomentObj *obj = &((moment_entry *)value)->obj;
        virDomainMomentObj *parent = virDomainMomentFindByName(moments,
                                                               obj->def->parent_name);

        if (!parent) {
            if (obj->def->parent_name)
                ret = -1;
            parent = &moments->metaroot;
        } else {
            /* walking up the names finds a cycle even before all are linked */
            const char *up = obj->def->parent_name;
            size_t steps = 0;
            size_t limit = g_hash_table_size(moments->objs);

            while (up && steps++ <= limit) {
                virDomainMomentObj *p = virDomainMomentFindByName(moments, up);

                if (p == obj) {
                    ret = -1;
                    parent = &moments->metaroot;
                    break;
                }
                up = p ? p->def->parent_name : NULL;
            }
        }
        set_parent(obj, parent);
    }
    if (ret < 0)
        moments->current = NULL;
    return ret;
}
