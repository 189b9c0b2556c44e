/*
 * tidemark-domain-list.c: the list command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virsh 9.0's "list": active domains first (by id), then inactive ones
 * (by name, case-insensitively), as a table or as bare uuids, ids or
 * names.  Filters go to virConnectListAllDomains; a driver that rejects
 * a filter flag as invalid is asked for active/inactive only and the
 * rest is filtered here, as virsh does.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidemark-domain.h"

const tmCmdOptDef tmOptsList[] = {
    {.name = "inactive", .type = TM_OT_BOOL, .help = "list inactive domains"},
    {.name = "all", .type = TM_OT_BOOL, .help = "list inactive & active domains"},
    {.name = "transient", .type = TM_OT_BOOL, .help = "list transient domains"},
    {.name = "persistent", .type = TM_OT_BOOL, .help = "list persistent domains"},
    {.name = "with-snapshot", .type = TM_OT_BOOL,
     .help = "list domains with existing snapshot"},
    {.name = "without-snapshot", .type = TM_OT_BOOL,
     .help = "list domains without a snapshot"},
    {.name = "with-checkpoint", .type = TM_OT_BOOL,
     .help = "list domains with existing checkpoint"},
    {.name = "without-checkpoint", .type = TM_OT_BOOL,
     .help = "list domains without a checkpoint"},
    {.name = "state-running", .type = TM_OT_BOOL,
     .help = "list domains in running state"},
    {.name = "state-paused", .type = TM_OT_BOOL,
     .help = "list domains in paused state"},
    {.name = "state-shutoff", .type = TM_OT_BOOL,
     .help = "list domains in shutoff state"},
    {.name = "state-other", .type = TM_OT_BOOL,
     .help = "list domains in other states"},
    {.name = "autostart", .type = TM_OT_BOOL,
     .help = "list domains with autostart enabled"},
    {.name = "no-autostart", .type = TM_OT_BOOL,
     .help = "list domains with autostart disabled"},
    {.name = "with-managed-save", .type = TM_OT_BOOL,
     .help = "list domains with managed save state"},
    {.name = "without-managed-save", .type = TM_OT_BOOL,
     .help = "list domains without managed save"},
    {.name = "uuid", .type = TM_OT_BOOL, .help = "list uuid's only"},
    {.name = "name", .type = TM_OT_BOOL, .help = "list domain names only"},
    {.name = "id", .type = TM_OT_BOOL, .help = "list domain IDs only"},
    {.name = "table", .type = TM_OT_BOOL, .help = "list table (default)"},
    {.name = "managed-save", .type = TM_OT_BOOL,
     .help = "mark inactive domains with managed save state"},
    {.name = "title", .type = TM_OT_BOOL, .help = "show domain title"},
    {.name = NULL}
};

/* Option name -> filter flag, in virsh's order. */
static const struct {
    const char *option;
    unsigned int flag;
} tmListFilters[] = {
    { "persistent", VIR_CONNECT_LIST_DOMAINS_PERSISTENT },
    { "transient", VIR_CONNECT_LIST_DOMAINS_TRANSIENT },
    { "with-managed-save", VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE },
    { "without-managed-save", VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE },
    { "autostart", VIR_CONNECT_LIST_DOMAINS_AUTOSTART },
    { "no-autostart", VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART },
    { "with-snapshot", VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT },
    { "without-snapshot", VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT },
    { "with-checkpoint", VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT },
    { "without-checkpoint", VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT },
    { "state-running", VIR_CONNECT_LIST_DOMAINS_RUNNING },
    { "state-paused", VIR_CONNECT_LIST_DOMAINS_PAUSED },
    { "state-shutoff", VIR_CONNECT_LIST_DOMAINS_SHUTOFF },
    { "state-other", VIR_CONNECT_LIST_DOMAINS_OTHER },
};

#define TM_LIST_PERSISTENCE (VIR_CONNECT_LIST_DOMAINS_PERSISTENT | \
                             VIR_CONNECT_LIST_DOMAINS_TRANSIENT)
#define TM_LIST_STATE (VIR_CONNECT_LIST_DOMAINS_RUNNING | \
                       VIR_CONNECT_LIST_DOMAINS_PAUSED | \
                       VIR_CONNECT_LIST_DOMAINS_SHUTOFF | \
                       VIR_CONNECT_LIST_DOMAINS_OTHER)
#define TM_LIST_SNAPSHOT (VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT | \
                          VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT)
#define TM_LIST_CHECKPOINT (VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT | \
                            VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT)

/* Running domains first by id, then the others by name. */
static int
tmDomainSorter(const void *a, const void *b)
{
    virDomainPtr da = *(virDomainPtr const *)a;
    virDomainPtr db = *(virDomainPtr const *)b;
    unsigned int ida = virDomainGetID(da);
    unsigned int idb = virDomainGetID(db);
    unsigned int inactive = (unsigned int)-1;

    if (ida == inactive && idb == inactive)
        return strcasecmp(virDomainGetName(da), virDomainGetName(db));
    if (ida != inactive && idb != inactive)
        return ida > idb ? 1 : (ida < idb ? -1 : 0);
    return ida != inactive ? -1 : 1;
}

/* Whether @dom passes the filters of @flags the driver did not apply.
 * Returns 1 or 0, -1 after an error. */
static int
tmListFilterOne(tmControl *ctl, virDomainPtr dom, unsigned int flags)
{
    if (flags & TM_LIST_PERSISTENCE) {
        int persistent = virDomainIsPersistent(dom);

        if (persistent < 0) {
            tmError(ctl, "%s", "Failed to get domain persistence info");
            return -1;
        }
        if (!((flags & VIR_CONNECT_LIST_DOMAINS_PERSISTENT && persistent) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_TRANSIENT && !persistent)))
            return 0;
    }
    if (flags & TM_LIST_STATE) {
        int state;

        if (virDomainGetState(dom, &state, NULL, 0) < 0) {
            tmError(ctl, "%s", "Failed to get domain state");
            return -1;
        }
        if (!((flags & VIR_CONNECT_LIST_DOMAINS_RUNNING && state == VIR_DOMAIN_RUNNING) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_PAUSED && state == VIR_DOMAIN_PAUSED) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_SHUTOFF && state == VIR_DOMAIN_SHUTOFF) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_OTHER &&
               state != VIR_DOMAIN_RUNNING && state != VIR_DOMAIN_PAUSED &&
               state != VIR_DOMAIN_SHUTOFF)))
            return 0;
    }
    if (flags & TM_LIST_SNAPSHOT) {
        int n = virDomainSnapshotNum(dom, 0);

        if (n < 0) {
            tmError(ctl, "%s", "Failed to get snapshot count");
            return -1;
        }
        if (!((flags & VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT && n > 0) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT && n == 0)))
            return 0;
    }
    if (flags & TM_LIST_CHECKPOINT) {
        int n = virDomainListAllCheckpoints(dom, NULL, 0);

        if (n < 0) {
            tmError(ctl, "%s", "Failed to get checkpoint count");
            return -1;
        }
        if (!((flags & VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT && n > 0) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT && n == 0)))
            return 0;
    }
    return 1;
}

/* GDestroyNotify for a domain handle. */
static void
tmDomainUnref(void *dom)
{
    virDomainFree(dom);
}

/* The domains matching @flags, sorted.  NULL after an error. */
static GPtrArray *
tmDomainListCollect(tmControl *ctl, unsigned int flags)
{
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(tmDomainUnref);
    virDomainPtr *doms = NULL;
    unsigned int remaining = 0;
    int n;
    int i;

    if ((n = virConnectListAllDomains(ctl->conn, &doms, flags)) < 0 &&
        tmLastErrorCode(ctl) == VIR_ERR_INVALID_ARG) {
        /* an older driver: ask for what is always supported */
        tmResetError(ctl);
        remaining = flags & ~(VIR_CONNECT_LIST_DOMAINS_ACTIVE |
                         VIR_CONNECT_LIST_DOMAINS_INACTIVE);
        n = virConnectListAllDomains(ctl->conn, &doms,
                                     flags & ~remaining);
    }
    if (n < 0) {
        tmError(ctl, "%s", "Failed to list domains");
        return NULL;
    }

    for (i = 0; i < n; i++)
        g_ptr_array_add(list, doms[i]);
    free(doms);

    for (i = list->len - 1; remaining && i >= 0; i--) {
        int keep = tmListFilterOne(ctl, list->pdata[i], remaining);

        if (keep < 0)
            return NULL;
        if (!keep)
            g_ptr_array_remove_index(list, i);
    }

    g_ptr_array_sort(list, tmDomainSorter);
    return g_steal_pointer(&list);
}

/* The title of @dom from its XML, "" when it has none.  NULL after an
 * error. */
static char *
tmDomainTitle(tmControl *ctl, virDomainPtr dom)
{
    g_autofree char *desc = NULL;
    g_autoptr(tmXML) xml = NULL;
    char *title;

    if (!(desc = virDomainGetXMLDesc(dom, 0))) {
        tmError(ctl, "%s", "Failed to get domain description xml");
        return NULL;
    }
    if (!(xml = tmXMLParse(ctl, desc, "(domain_definition)"))) {
        tmError(ctl, "%s", "Failed to parse domain description xml");
        return NULL;
    }
    title = tmXMLString(xml, "string(./title[1])");
    return title ? title : g_strdup("");
}

/**
 * tmCmdList:
 * "list [--all|--inactive] [FILTER...] [--table|--uuid|--name|--id]
 * [--title] [--managed-save]"
 */
bool
tmCmdList(tmControl *ctl, const tmCmd *cmd)
{
    bool managed = tmCommandOptBool(cmd, "managed-save");
    bool optTitle = tmCommandOptBool(cmd, "title");
    bool optTable = tmCommandOptBool(cmd, "table");
    bool optUUID = tmCommandOptBool(cmd, "uuid");
    bool optName = tmCommandOptBool(cmd, "name");
    bool optID = tmCommandOptBool(cmd, "id");
    unsigned int flags = VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    g_autoptr(GPtrArray) list = NULL;
    g_autoptr(tmTable) table = NULL;
    size_t i;

    if (tmCommandOptBool(cmd, "inactive") || tmCommandOptBool(cmd, "state-shutoff"))
        flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE;
    if (tmCommandOptBool(cmd, "all"))
        flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE | VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    for (i = 0; i < G_N_ELEMENTS(tmListFilters); i++) {
        if (tmCommandOptBool(cmd, tmListFilters[i].option))
            flags |= tmListFilters[i].flag;
    }

    if (tmExclusiveOptions(ctl, "table", optTable, "name", optName) ||
        tmExclusiveOptions(ctl, "table", optTable, "uuid", optUUID) ||
        tmExclusiveOptions(ctl, "table", optTable, "id", optID))
        return false;

    if (!optUUID && !optName && !optID)
        optTable = true;

    if (!(list = tmDomainListCollect(ctl, flags)))
        return false;

    if (optTable) {
        if (optTitle)
            table = tmTableNew("Id", "Name", "State", "Title", NULL);
        else
            table = tmTableNew("Id", "Name", "State", NULL);
    }

    for (i = 0; i < list->len; i++) {
        virDomainPtr dom = list->pdata[i];
        unsigned int id = virDomainGetID(dom);
        g_autofree char *id_buf = NULL;
        const char *sep = "";

        if (id != (unsigned int)-1)
            id_buf = g_strdup_printf("%d", id);
        else
            id_buf = g_strdup("-");

        if (optTable) {
            const char *statestr;
            int state = tmDomainState(ctl, dom, NULL);

            /* the domain may have gone meanwhile */
            if (state < 0)
                continue;
            if (managed && state == VIR_DOMAIN_SHUTOFF &&
                virDomainHasManagedSaveImage(dom, 0) > 0)
                statestr = "saved";
            else
                statestr = tmDomainStateToString(state);

            if (optTitle) {
                g_autofree char *title = tmDomainTitle(ctl, dom);

                if (!title)
                    return false;
                tmTableRowAppend(table, id_buf, virDomainGetName(dom),
                                 statestr, title, NULL);
            } else {
                tmTableRowAppend(table, id_buf, virDomainGetName(dom),
                                 statestr, NULL);
            }
            continue;
        }

        if (optUUID) {
            char uuid[VIR_UUID_STRING_BUFLEN];

            if (virDomainGetUUIDString(dom, uuid) < 0) {
                tmError(ctl, "%s", "Failed to get domain's UUID");
                return false;
            }
            tmPrint(ctl, "%s", uuid);
            sep = " ";
        }
        if (optID) {
            /* ids alone: only running domains have one */
            if (id == (unsigned int)-1 && !optUUID && !optName)
                continue;
            tmPrint(ctl, "%s%s", sep, id_buf);
            sep = " ";
        }
        if (optName)
            tmPrint(ctl, "%s%s", sep, virDomainGetName(dom));
        tmPrint(ctl, "\n");
    }

    if (optTable)
        tmTablePrint(ctl, table);
    return true;
}
