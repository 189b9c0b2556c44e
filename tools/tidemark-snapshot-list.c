/*
 * tidemark-snapshot-list.c: snapshot-list and snapshot-info, the
 * commands that read snapshots back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virsh 9.0's snapshot-list: a Name / Creation Time / State [/ Parent]
 * table sorted by name (or in the library's topological order), bare
 * names, or a --tree drawing; --from (or --current) lists the children
 * of one snapshot.  Status and location filters a driver rejects are
 * applied here from each snapshot's XML, as virsh does.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidemark-domain.h"

/* Filter groups of the list flags. */
#define TM_SNAPSHOT_FILTERS_STATUS (VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | \
                                    VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE | \
                                    VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY)
#define TM_SNAPSHOT_FILTERS_LOCATION (VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL | \
                                      VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL)

const tmCmdOptDef tmOptsSnapshotList[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "parent", .type = TM_OT_BOOL,
     .help = "add a column showing parent snapshot"},
    {.name = "roots", .type = TM_OT_BOOL,
     .help = "list only snapshots without parents"},
    {.name = "leaves", .type = TM_OT_BOOL,
     .help = "list only snapshots without children"},
    {.name = "no-leaves", .type = TM_OT_BOOL,
     .help = "list only snapshots that are not leaves (with children)"},
    {.name = "metadata", .type = TM_OT_BOOL,
     .help = "list only snapshots that have metadata that would prevent undefine"},
    {.name = "no-metadata", .type = TM_OT_BOOL,
     .help = "list only snapshots that have no metadata managed by libvirt"},
    {.name = "inactive", .type = TM_OT_BOOL,
     .help = "filter by snapshots taken while inactive"},
    {.name = "active", .type = TM_OT_BOOL,
     .help = "filter by snapshots taken while active (full system snapshots)"},
    {.name = "disk-only", .type = TM_OT_BOOL,
     .help = "filter by disk-only snapshots"},
    {.name = "internal", .type = TM_OT_BOOL,
     .help = "filter by internal snapshots"},
    {.name = "external", .type = TM_OT_BOOL,
     .help = "filter by external snapshots"},
    {.name = "tree", .type = TM_OT_BOOL,
     .help = "list snapshots in a tree"},
    {.name = "from", .type = TM_OT_STRING,
     .help = "limit list to children of given snapshot"},
    TM_OPT_CURRENT("limit list to children of current snapshot"),
    {.name = "descendants", .type = TM_OT_BOOL,
     .help = "with --from, list all descendants"},
    {.name = "name", .type = TM_OT_BOOL,
     .help = "list snapshot names only"},
    {.name = "topological", .type = TM_OT_BOOL,
     .help = "sort list topologically rather than by name"},
    {.name = NULL}
};

/* One listed snapshot; @parent is only filled for --tree. */
typedef struct {
    virDomainSnapshotPtr snap;
    char *parent;
} tmSnap;

/* Frees the snapshot and parent name of one tmSnap. */
static void
tmSnapClear(void *data)
{
    tmSnap *item = data;

    g_clear_pointer(&item->snap, virDomainSnapshotFree);
    g_clear_pointer(&item->parent, g_free);
}

/* By name, case-insensitively. */
static int
tmSnapSorter(const void *a, const void *b)
{
    const tmSnap *sa = a;
    const tmSnap *sb = b;

    return strcasecmp(virDomainSnapshotGetName(sa->snap),
                      virDomainSnapshotGetName(sb->snap));
}

/* Whether @snapshot passes the status and location filters of @flags,
 * judged from its XML.  Returns 1 or 0, -1 after an error. */
static int
tmSnapshotFilter(tmControl *ctl, virDomainSnapshotPtr snapshot, unsigned int flags)
{
    g_autofree char *xml = NULL;
    g_autofree char *state = NULL;
    g_autoptr(tmXML) doc = NULL;

    if (!(xml = virDomainSnapshotGetXMLDesc(snapshot, 0)))
        return -1;
    if (!(doc = tmXMLParse(ctl, xml, "(domain_snapshot)")))
        return -1;
    if (!(state = tmXMLString(doc, "string(/domainsnapshot/state)"))) {
        tmError(ctl, "%s", "unable to perform snapshot filtering");
        return -1;
    }
    if (strcmp(state, "disk-snapshot") == 0)
        return !!((flags & VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY) &&
                  (flags & VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL));
    if (!(flags & VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL))
        return 0;
    if (strcmp(state, "shutoff") == 0)
        return !!(flags & VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE);
    return !!(flags & VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE);
}

/* Asks the library for the snapshots of @dom (or below @from). */
static int
tmSnapshotListAll(virDomainPtr dom, virDomainSnapshotPtr from,
                  virDomainSnapshotPtr **snaps, unsigned int flags)
{
    if (from)
        return virDomainSnapshotListAllChildren(from, snaps, flags);
    return virDomainListAllSnapshots(dom, snaps, flags);
}

/* The snapshots of @dom (or below @from) that @flags selects; for @tree
 * with their parents, and @from itself as the root.  NULL after an
 * error. */
static GArray *
tmSnapshotListCollect(tmControl *ctl, virDomainPtr dom,
                      virDomainSnapshotPtr from, unsigned int flags, bool tree)
{
    g_autoptr(GArray) list = g_array_new(FALSE, TRUE, sizeof(tmSnap));
    virDomainSnapshotPtr *snaps = NULL;
    unsigned int filters = 0;
    int count;
    int i;

    g_array_set_clear_func(list, tmSnapClear);

    count = tmSnapshotListAll(dom, from, &snaps, flags);
    if (count < 0 && tmLastErrorCode(ctl) == VIR_ERR_INVALID_ARG &&
        (flags & (TM_SNAPSHOT_FILTERS_STATUS | TM_SNAPSHOT_FILTERS_LOCATION))) {
        /* a driver without these filters: apply them here */
        filters = flags | TM_SNAPSHOT_FILTERS_STATUS | TM_SNAPSHOT_FILTERS_LOCATION;
        flags &= ~(TM_SNAPSHOT_FILTERS_STATUS | TM_SNAPSHOT_FILTERS_LOCATION);
        tmResetError(ctl);
        count = tmSnapshotListAll(dom, from, &snaps, flags);
    }
    if (count < 0)
        return NULL;

    for (i = 0; i < count; i++) {
        tmSnap item = { .snap = snaps[i] };

        g_array_append_val(list, item);
    }
    free(snaps);

    if (tree) {
        for (i = 0; i < count; i++) {
            tmSnap *item = &g_array_index(list, tmSnap, i);

            if (tmGetSnapshotParent(ctl, item->snap, &item->parent) < 0)
                return NULL;
        }
        if (from) {
            tmSnap item = { .snap = from };

            virDomainSnapshotRef(from);
            g_array_append_val(list, item);
        }
    }

    for (i = list->len - 1; filters && i >= 0; i--) {
        int keep = tmSnapshotFilter(ctl, g_array_index(list, tmSnap, i).snap, filters);

        if (keep < 0)
            return NULL;
        if (!keep)
            g_array_remove_index(list, i);
    }

    if (!(flags & VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL))
        g_array_sort(list, tmSnapSorter);
    return g_steal_pointer(&list);
}

/* tmTreeLookup over a tmSnap array */
static const char *
tmSnapshotListLookup(int id, bool parent, void *opaque)
{
    GArray *list = opaque;
    tmSnap *item = &g_array_index(list, tmSnap, id);

    if (parent)
        return item->parent;
    return virDomainSnapshotGetName(item->snap);
}

/* Adds the table row of @snap; a snapshot whose XML cannot be read is
 * skipped, as in virsh. */
static void
tmSnapshotListRow(tmControl *ctl, tmTable *table, virDomainSnapshotPtr snap,
                  bool parent)
{
    g_autofree char *doc = NULL;
    g_autofree char *parent_snap = NULL;
    g_autofree char *state = NULL;
    g_autofree char *when = NULL;
    g_autoptr(tmXML) xml = NULL;
    long long creation;

    if (!(doc = virDomainSnapshotGetXMLDesc(snap, 0)))
        return;
    if (!(xml = tmXMLParse(ctl, doc, "(domain_snapshot)")))
        return;
    if (parent)
        parent_snap = tmXMLString(xml, "string(/domainsnapshot/parent/name)");
    if (!(state = tmXMLString(xml, "string(/domainsnapshot/state)")))
        return;
    if (tmXMLLongLong(xml, "string(/domainsnapshot/creationTime)", &creation) < 0)
        return;

    when = tmFormatCreationTime(creation);
    if (parent)
        tmTableRowAppend(table, virDomainSnapshotGetName(snap), when, state,
                         parent_snap ? parent_snap : "", NULL);
    else
        tmTableRowAppend(table, virDomainSnapshotGetName(snap), when, state, NULL);
}

/* Boolean options of snapshot-list that map to a list flag and cannot
 * be combined with --tree. */
static const struct {
    const char *option;
    unsigned int flag;
} tmSnapshotListFilters[] = {
    { "leaves", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES },
    { "no-leaves", VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES },
    { "inactive", VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE },
    { "active", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE },
    { "disk-only", VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY },
    { "internal", VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL },
    { "external", VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL },
};

/* The option checks of snapshot-list, before anything is looked up.
 * Sets *@flags.  Returns false after an error. */
static bool
tmSnapshotListFlags(tmControl *ctl, const tmCmd *cmd, unsigned int *flags)
{
    bool tree = tmCommandOptBool(cmd, "tree");
    bool name = tmCommandOptBool(cmd, "name");
    bool from = tmCommandOptBool(cmd, "from");
    bool parent = tmCommandOptBool(cmd, "parent");
    bool roots = tmCommandOptBool(cmd, "roots");
    bool current = tmCommandOptBool(cmd, "current");
    size_t i;

    if (tmExclusiveOptions(ctl, "tree", tree, "name", name) ||
        tmExclusiveOptions(ctl, "parent", parent, "roots", roots) ||
        tmExclusiveOptions(ctl, "parent", parent, "tree", tree) ||
        tmExclusiveOptions(ctl, "roots", roots, "tree", tree) ||
        tmExclusiveOptions(ctl, "roots", roots, "from", from) ||
        tmExclusiveOptions(ctl, "roots", roots, "current", current))
        return false;

    *flags = 0;
    for (i = 0; i < G_N_ELEMENTS(tmSnapshotListFilters); i++) {
        if (!tmCommandOptBool(cmd, tmSnapshotListFilters[i].option))
            continue;
        if (tree) {
            tmError(ctl, "--%s and --tree are mutually exclusive",
                    tmSnapshotListFilters[i].option);
            return false;
        }
        *flags |= tmSnapshotListFilters[i].flag;
    }
    if (tmCommandOptBool(cmd, "topological"))
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL;
    if (roots)
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_ROOTS;
    if (tmCommandOptBool(cmd, "metadata"))
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_METADATA;
    if (tmCommandOptBool(cmd, "no-metadata"))
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA;
    if (tmCommandOptBool(cmd, "descendants")) {
        if (!from && !current) {
            tmError(ctl, "%s", "--descendants requires either --from or --current");
            return false;
        }
        *flags |= VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS;
    }
    return true;
}

/**
 * tmCmdSnapshotList:
 * "snapshot-list DOMAIN [--parent] [--roots] [FILTER...] [--tree]
 * [{--from SNAPSHOT | --current} [--descendants]] [--name] [--topological]"
 */
bool
tmCmdSnapshotList(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainSnapshot) start = NULL;
    g_autoptr(GArray) list = NULL;
    g_autoptr(tmTable) table = NULL;
    bool tree = tmCommandOptBool(cmd, "tree");
    bool name = tmCommandOptBool(cmd, "name");
    bool parent = tmCommandOptBool(cmd, "parent");
    const char *from_snap = NULL;
    unsigned int flags;
    guint i;

    if (!tmSnapshotListFlags(ctl, cmd, &flags))
        return false;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if ((tmCommandOptBool(cmd, "from") || tmCommandOptBool(cmd, "current")) &&
        tmLookupSnapshot(ctl, cmd, "from", true, dom, &start, &from_snap) < 0)
        return false;

    if (!(list = tmSnapshotListCollect(ctl, dom, start, flags, tree)))
        return false;

    if (tree) {
        for (i = 0; i < list->len; i++) {
            if (!g_array_index(list, tmSnap, i).parent)
                tmTreePrint(ctl, tmSnapshotListLookup, list, list->len, i);
        }
        return true;
    }

    if (!name) {
        if (parent)
            table = tmTableNew("Name", "Creation Time", "State", "Parent", NULL);
        else
            table = tmTableNew("Name", "Creation Time", "State", NULL);
    }

    for (i = 0; i < list->len; i++) {
        virDomainSnapshotPtr snap = g_array_index(list, tmSnap, i).snap;

        if (name)
            tmPrint(ctl, "%s\n", virDomainSnapshotGetName(snap));
        else
            tmSnapshotListRow(ctl, table, snap, parent);
    }

    if (table)
        tmTablePrint(ctl, table);
    return true;
}

const tmCmdOptDef tmOptsSnapshotInfo[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "snapshotname",
     .type = TM_OT_STRING,
     .help = "snapshot name"
    },
    TM_OPT_CURRENT("info on current snapshot"),
    {.name = NULL}
};

/* Prints the State, Location and Parent lines of snapshot-info from the
 * snapshot's XML.  Returns false after an error. */
static bool
tmSnapshotInfoXML(tmControl *ctl, virDomainSnapshotPtr snapshot)
{
    g_autofree char *doc = NULL;
    g_autofree char *state = NULL;
    g_autofree char *parent = NULL;
    g_autoptr(tmXML) xml = NULL;
    int external;

    if (!(doc = virDomainSnapshotGetXMLDesc(snapshot, 0)))
        return false;
    if (!(xml = tmXMLParse(ctl, doc, "(domain_snapshot)")))
        return false;

    if (!(state = tmXMLString(xml, "string(/domainsnapshot/state)"))) {
        tmError(ctl, "%s", "unexpected problem reading snapshot xml");
        return false;
    }
    tmPrint(ctl, "%-15s %s\n", "State:", state);

    /* With <memory>, any external memory or disk makes it external;
     * older XML has only the disk-snapshot state to go by. */
    switch (tmXMLBoolean(xml, "boolean(/domainsnapshot/memory)")) {
    case 1:
        external = tmXMLBoolean(xml, "boolean(/domainsnapshot/memory[@snapshot='external'] "
                                "| /domainsnapshot/disks/disk[@snapshot='external'])");
        break;
    case 0:
        external = strcmp(state, "disk-snapshot") == 0;
        break;
    default:
        external = -1;
        break;
    }
    if (external < 0) {
        tmError(ctl, "%s", "unexpected problem reading snapshot xml");
        return false;
    }
    tmPrint(ctl, "%-15s %s\n", "Location:", external ? "external" : "internal");

    parent = tmXMLString(xml, "string(/domainsnapshot/parent/name)");
    tmPrint(ctl, "%-15s %s\n", "Parent:", parent ? parent : "-");
    return true;
}

/**
 * tmCmdSnapshotInfo:
 * "snapshot-info DOMAIN {SNAPSHOT | --current}"
 */
bool
tmCmdSnapshotInfo(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainSnapshot) snapshot = NULL;
    const char *name;
    int current;
    int metadata;
    int count;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmLookupSnapshot(ctl, cmd, "snapshotname", true, dom, &snapshot, &name) < 0)
        return false;

    tmPrint(ctl, "%-15s %s\n", "Name:", name);
    tmPrint(ctl, "%-15s %s\n", "Domain:", virDomainGetName(dom));

    if ((current = virDomainSnapshotIsCurrent(snapshot, 0)) < 0) {
        tmResetError(ctl);
        current = 0;
    }
    tmPrint(ctl, "%-15s %s\n", "Current:", current > 0 ? "yes" : "no");

    if (!tmSnapshotInfoXML(ctl, snapshot))
        return false;

    if ((count = virDomainSnapshotNumChildren(snapshot, 0)) < 0) {
        if (tmLastErrorCode(ctl) == VIR_ERR_NO_SUPPORT) {
            tmResetError(ctl);
            return true;
        }
        return false;
    }
    tmPrint(ctl, "%-15s %d\n", "Children:", count);
    count = virDomainSnapshotNumChildren(snapshot, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
    if (count < 0)
        return false;
    tmPrint(ctl, "%-15s %d\n", "Descendants:", count);

    /* old servers: metadata was all or nothing */
    if ((metadata = virDomainSnapshotHasMetadata(snapshot, 0)) < 0) {
        metadata = virDomainSnapshotNum(dom, VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
        tmResetError(ctl);
    }
    if (metadata >= 0)
        tmPrint(ctl, "%-15s %s\n", "Metadata:", metadata ? "yes" : "no");
    return true;
}
