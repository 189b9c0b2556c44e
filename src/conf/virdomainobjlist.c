/*
 * virdomainobjlist.c: domain objects and the list a driver keeps them in
 *
 * Lock order: the list lock, then a domain's lock. Nobody waits for the
 * list lock while holding a domain lock (Remove lets go of the domain
 * first).
 */
#include "internal.h"
#include "conf/checkpoint_conf.h"
#include "conf/snapshot_conf.h"
#include "conf/virdomainobjlist.h"
#include "datatypes.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

struct _virDomainObjList {
    GMutex lock;
    GHashTable *by_uuid;   /* uuid string -> virDomainObj (one reference) */
    GHashTable *by_name;   /* name -> virDomainObj (borrowed) */
};

static void
obj_free(virDomainObj *vm)
{
    virDomainDefFree(vm->def);
    virDomainDefFree(vm->new_def);
    virDomainDefFree(vm->def_copy);
    virDomainMomentObjListFree(vm->checkpoints);
    virDomainMomentObjListFree(vm->snapshots);
    g_strfreev(vm->deprecations);
    if (vm->privateDataFree)
        vm->privateDataFree(vm->privateData);
    g_mutex_clear(&vm->lock);
    g_free(vm);
}

virDomainObj *
virDomainObjRef(virDomainObj *vm)
{
    g_atomic_int_inc(&vm->refs);
    return vm;
}

void
virDomainObjUnref(virDomainObj *vm)
{
    if (vm && g_atomic_int_dec_and_test(&vm->refs))
        obj_free(vm);
}

void
virDomainObjLock(virDomainObj *vm)
{
    g_mutex_lock(&vm->lock);
}

void
virDomainObjUnlock(virDomainObj *vm)
{
    g_mutex_unlock(&vm->lock);
}

void
virDomainObjEndAPI(virDomainObj **vm)
{
    if (!*vm)
        return;
    virDomainObjUnlock(*vm);
    virDomainObjUnref(*vm);
    *vm = NULL;
}

static void
unref_notify(gpointer data)
{
    virDomainObjUnref(data);
}

virDomainObjList *
virDomainObjListNew(void)
{
    virDomainObjList *doms = g_new0(virDomainObjList, 1);

    g_mutex_init(&doms->lock);
    doms->by_uuid = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, unref_notify);
    doms->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return doms;
}

void
virDomainObjListFree(virDomainObjList *doms)
{
    if (!doms)
        return;
    g_hash_table_unref(doms->by_name);
    g_hash_table_unref(doms->by_uuid);
    g_mutex_clear(&doms->lock);
    g_free(doms);
}

static virDomainObj *
obj_new(virDomainDef *def)
{
    virDomainObj *vm = g_new0(virDomainObj, 1);

    g_mutex_init(&vm->lock);
    vm->refs = 1;
    vm->def = def;
    vm->state = VIR_DOMAIN_SHUTOFF;
    vm->checkpoints = virDomainMomentObjListNew((GDestroyNotify)virDomainCheckpointDefFree);
    vm->snapshots = virDomainMomentObjListNew((GDestroyNotify)virDomainSnapshotDefFree);
    return vm;
}

virDomainObj *
virDomainObjListAdd(virDomainObjList *doms, virDomainDef **def,
                    unsigned int flags, virDomainDef **old_def)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virDomainObj *vm;
    virDomainObj *other;

    if (old_def)
        *old_def = NULL;
    virUUIDFormat((*def)->uuid, uuidstr);

    g_mutex_lock(&doms->lock);
    if ((vm = g_hash_table_lookup(doms->by_uuid, uuidstr))) {
        virDomainObjLock(vm);
        if (vm->removing) {
            /* Remove let go of the domain lock and waits for ours */
            virReportError(VIR_ERR_OPERATION_FAILED, "domain '%s' is already being removed",
                           vm->def->name);
            virDomainObjUnlock(vm);
            g_mutex_unlock(&doms->lock);
            return NULL;
        }
        if (virDomainDefCheckUnique(vm->def, *def) < 0) {
            virDomainObjUnlock(vm);
            g_mutex_unlock(&doms->lock);
            return NULL;
        }
        if ((flags & VIR_DOMAIN_OBJ_LIST_ADD_CHECK_LIVE) && virDomainObjIsActive(vm)) {
            virReportError(VIR_ERR_OPERATION_INVALID, "domain '%s' is already active",
                           vm->def->name);
            virDomainObjUnlock(vm);
            g_mutex_unlock(&doms->lock);
            return NULL;
        }
        if (virDomainObjIsActive(vm)) {
            /* a running domain keeps its live definition: the new one
             * is its config from the next stop on */
            if (old_def)
                *old_def = g_steal_pointer(&vm->new_def);
            virDomainDefFree(vm->new_def);
            vm->new_def = g_steal_pointer(def);
        } else {
            if (old_def)
                *old_def = vm->def;
            else
                virDomainDefFree(vm->def);
            vm->def = g_steal_pointer(def);
            virDomainObjDefChanged(vm);
        }
        virDomainObjRef(vm);
        g_mutex_unlock(&doms->lock);
        return vm;
    }
    if ((other = g_hash_table_lookup(doms->by_name, (*def)->name))) {
        /* another uuid has this name (the index may also hold the old
         * name of a renamed domain): libvirt's error, read under the
         * domain's lock since a revert may replace its definition */
        virDomainObjLock(other);
        virUUIDFormat(other->def->uuid, uuidstr);
        virDomainObjUnlock(other);
        virReportError(VIR_ERR_OPERATION_FAILED, "domain '%s' already exists with uuid %s",
                       (*def)->name, uuidstr);
        g_mutex_unlock(&doms->lock);
        return NULL;
    }

    vm = obj_new(g_steal_pointer(def));
    g_hash_table_insert(doms->by_uuid, g_strdup(uuidstr), vm);
    g_hash_table_insert(doms->by_name, g_strdup(vm->def->name), vm);
    virDomainObjRef(vm);
    virDomainObjLock(vm);
    g_mutex_unlock(&doms->lock);
    return vm;
}

static virDomainObj *
found(virDomainObjList *doms, virDomainObj *vm)
{
    if (vm)
        virDomainObjRef(vm);
    g_mutex_unlock(&doms->lock);
    if (!vm)
        return NULL;
    virDomainObjLock(vm);
    if (vm->removing) {
        virDomainObjEndAPI(&vm);
        return NULL;
    }
    return vm;
}

virDomainObj *
virDomainObjListFindByName(virDomainObjList *doms, const char *name)
{
    g_mutex_lock(&doms->lock);
    return found(doms, g_hash_table_lookup(doms->by_name, name));
}

virDomainObj *
virDomainObjListFindByUUID(virDomainObjList *doms, const unsigned char *uuid)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    virUUIDFormat(uuid, uuidstr);
    g_mutex_lock(&doms->lock);
    return found(doms, g_hash_table_lookup(doms->by_uuid, uuidstr));
}

virDomainObj *
virDomainObjListFindByID(virDomainObjList *doms, int id)
{
    GHashTableIter iter;
    gpointer value;
    virDomainObj *match = NULL;

    g_mutex_lock(&doms->lock);
    g_hash_table_iter_init(&iter, doms->by_uuid);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        virDomainObj *vm = value;
        bool same;

        /* list lock, then domain lock: the allowed order */
        virDomainObjLock(vm);
        same = id >= 0 && vm->def->id == id;
        virDomainObjUnlock(vm);
        if (same) {
            match = vm;
            break;
        }
    }
    return found(doms, match);
}

static gboolean
value_is(gpointer key G_GNUC_UNUSED, gpointer value, gpointer wanted)
{
    return value == wanted;
}

void
virDomainObjListRemove(virDomainObjList *doms, virDomainObj *vm)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    vm->removing = true;
    virUUIDFormat(vm->def->uuid, uuidstr);
    /* keep our caller's reference alive across the hash's unref */
    virDomainObjRef(vm);
    virDomainObjUnlock(vm);
    g_mutex_lock(&doms->lock);
    /* a snapshot revert can rename the domain and, as in libvirt, the
     * name index keeps the old name: drop whatever entry points here */
    if (g_hash_table_lookup(doms->by_name, vm->def->name) == vm)
        g_hash_table_remove(doms->by_name, vm->def->name);
    else
        g_hash_table_foreach_remove(doms->by_name, value_is, vm);
    g_hash_table_remove(doms->by_uuid, uuidstr);
    g_mutex_unlock(&doms->lock);
    virDomainObjLock(vm);
    virDomainObjUnref(vm);
}

GPtrArray *
virDomainObjListCollect(virDomainObjList *doms)
{
    GPtrArray *out = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    g_mutex_lock(&doms->lock);
    g_hash_table_iter_init(&iter, doms->by_uuid);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(out, virDomainObjRef(value));
    g_mutex_unlock(&doms->lock);
    return out;
}

void
virDomainObjListUnrefAll(GPtrArray *vms)
{
    if (!vms)
        return;
    for (size_t i = 0; i < vms->len; i++)
        virDomainObjUnref(vms->pdata[i]);
    g_ptr_array_free(vms, TRUE);
}

bool
virDomainObjIsActive(const virDomainObj *vm)
{
    return vm->def->id >= 0;
}

void
virDomainObjSetState(virDomainObj *vm, int state, int reason)
{
    vm->state = state;
    vm->reason = reason;
}

int
virDomainObjCheckActive(const virDomainObj *vm)
{
    if (!virDomainObjIsActive(vm)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
        return -1;
    }
    return 0;
}

void
virDomainObjDefChanged(virDomainObj *vm)
{
    vm->def_generation++;
}

virDomainDef *
virDomainObjGetDefCopy(virDomainObj *vm, const virDomainXMLOption *xmlopt)
{
    if (!vm->def_copy || vm->copy_generation != vm->def_generation) {
        virDomainDef *copy = virDomainDefCopy(vm->def, xmlopt);

        if (!copy)
            return NULL;
        virDomainDefFree(vm->def_copy);
        vm->def_copy = copy;
        vm->copy_generation = vm->def_generation;
    }
    return virDomainDefRef(vm->def_copy);
}

bool
virDomainObjTaint(virDomainObj *vm, virDomainTaintFlags taint)
{
    unsigned int flag = 1U << taint;

    if (vm->taint & flag)
        return false;
    vm->taint |= flag;
    return true;
}

void
virDomainObjDeprecation(virDomainObj *vm, const char *msg)
{
    guint n = vm->deprecations ? g_strv_length(vm->deprecations) : 0;

    vm->deprecations = g_renew(char *, vm->deprecations, n + 2);
    vm->deprecations[n] = g_strdup(msg);
    vm->deprecations[n + 1] = NULL;
}

/* libvirt's wording of each taint (virDomainTaintMessage) */
static const char *
taint_message(unsigned int taint)
{
    switch (taint) {
    case VIR_DOMAIN_TAINT_HIGH_PRIVILEGES:
        return "running with undesirable elevated privileges";
    case VIR_DOMAIN_TAINT_SHELL_SCRIPTS:
        return "network configuration using opaque shell scripts";
    case VIR_DOMAIN_TAINT_CUSTOM_MONITOR:
        return "custom monitor control commands issued";
    case VIR_DOMAIN_TAINT_CDROM_PASSTHROUGH:
        return "use of host cdrom passthrough";
    case VIR_DOMAIN_TAINT_CUSTOM_DTB:
        return "custom device tree blob used";
    case VIR_DOMAIN_TAINT_DEPRECATED_CONFIG:
        return "use of deprecated configuration settings";
    }
    return NULL;
}

int
virDomainObjGetMessages(const virDomainObj *vm, char ***msgs, unsigned int flags)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new();

    if (!flags || (flags & VIR_DOMAIN_MESSAGE_TAINTING)) {
        for (unsigned int i = 0; i < sizeof(vm->taint) * 8; i++) {
            const char *why = taint_message(i);

            if ((vm->taint & (1U << i)) && why)
                g_ptr_array_add(out, g_strdup_printf("tainted: %s", why));
        }
    }
    if (!flags || (flags & VIR_DOMAIN_MESSAGE_DEPRECATION)) {
        for (size_t i = 0; vm->deprecations && vm->deprecations[i]; i++)
            g_ptr_array_add(out, g_strdup_printf("deprecated configuration: %s",
                                                 vm->deprecations[i]));
    }
    g_ptr_array_add(out, NULL);
    *msgs = (char **)g_ptr_array_free(g_steal_pointer(&out), FALSE);
    return (int)g_strv_length(*msgs);
}

virDomainDef *
virDomainObjGetPersistentDef(virDomainObj *vm)
{
    return vm->new_def ? vm->new_def : vm->def;
}

void
virDomainObjStopped(virDomainObj *vm)
{
    if (!vm->new_def)
        return;
    virDomainDefFree(vm->def);
    vm->def = g_steal_pointer(&vm->new_def);
    vm->def->id = -1;
    virDomainObjDefChanged(vm);
}

static bool
domain_matches(virDomainObj *vm, unsigned int flags)
{
    bool active = virDomainObjIsActive(vm);

#define FILTER(a, b, cond) \
    if ((flags & ((a) | (b))) && \
        !(((flags & (a)) && (cond)) || ((flags & (b)) && !(cond)))) \
        return false
    FILTER(VIR_CONNECT_LIST_DOMAINS_ACTIVE, VIR_CONNECT_LIST_DOMAINS_INACTIVE, active);
    FILTER(VIR_CONNECT_LIST_DOMAINS_PERSISTENT, VIR_CONNECT_LIST_DOMAINS_TRANSIENT,
           vm->persistent);
    FILTER(VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT, VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT,
           virDomainMomentObjListSize(vm->snapshots) > 0);
    FILTER(VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT, VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT,
           virDomainMomentObjListSize(vm->checkpoints) > 0);
    FILTER(VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE,
           vm->has_managed_save);
    FILTER(VIR_CONNECT_LIST_DOMAINS_AUTOSTART, VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART,
           false);
#undef FILTER
    if (flags & (VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
                 VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER)) {
        bool keep = false;

        if (flags & VIR_CONNECT_LIST_DOMAINS_RUNNING)
            keep |= vm->state == VIR_DOMAIN_RUNNING;
        if (flags & VIR_CONNECT_LIST_DOMAINS_PAUSED)
            keep |= vm->state == VIR_DOMAIN_PAUSED;
        if (flags & VIR_CONNECT_LIST_DOMAINS_SHUTOFF)
            keep |= vm->state == VIR_DOMAIN_SHUTOFF;
        if (flags & VIR_CONNECT_LIST_DOMAINS_OTHER)
            keep |= vm->state != VIR_DOMAIN_RUNNING && vm->state != VIR_DOMAIN_PAUSED &&
                    vm->state != VIR_DOMAIN_SHUTOFF;
        if (!keep)
            return false;
    }
    return true;
}

static void
domain_handle_free(gpointer data)
{
    virDomainFree(data);
}

int
virDomainObjListExport(virDomainObjList *doms, virConnectPtr conn,
                       virDomainPtr **domains, unsigned int flags)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(domain_handle_free);
    GPtrArray *vms = virDomainObjListCollect(doms);
    int count;

    for (size_t i = 0; i < vms->len; i++) {
        virDomainObj *vm = vms->pdata[i];
        virDomainPtr dom = NULL;

        virDomainObjLock(vm);
        if (!vm->removing && domain_matches(vm, flags))
            dom = virGetDomain(conn, vm->def->name, vm->def->uuid, vm->def->id);
        virDomainObjUnlock(vm);
        if (dom)
            g_ptr_array_add(out, dom);
    }
    virDomainObjListUnrefAll(vms);

    count = (int)out->len;
    if (domains) {
        g_ptr_array_add(out, NULL);
        g_ptr_array_set_free_func(out, NULL);
        *domains = (virDomainPtr *)g_ptr_array_free(g_steal_pointer(&out), FALSE);
    }
    return count;
}
