/*
 * tidemark-checkpoint-list.c: the checkpoint-list command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virsh 9.0's checkpoint-list: a Name / Creation Time [/ Parent] table
 * sorted by name (or in the library's topological order), bare names,
 * or a --tree drawing.  --from lists the children (with --descendants
 * all descendants) of one checkpoint; with --tree that checkpoint is
 * the root of the drawing.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidemark-domain.h"

const tmCmdOptDef tmOptsCheckpointList[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "parent",
     .type = TM_OT_BOOL,
     .help = "add a column showing parent checkpoint"
    },
    {.name = "roots",
     .type = TM_OT_BOOL,
     .help = "list only checkpoints without parents"
    },
    {.name = "leaves",
     .type = TM_OT_BOOL,
     .help = "list only checkpoints without children"
    },
    {.name = "no-leaves",
     .type = TM_OT_BOOL,
     .help = "list only checkpoints that are not leaves (with children)"
    },
    {.name = "tree",
     .type = TM_OT_BOOL,
     .help = "list checkpoints in a tree"
    },
    {.name = "from",
     .type = TM_OT_STRING,
     .help = "limit list to children of given checkpoint"
    },
    {.name = "descendants",
     .type = TM_OT_BOOL,
     .help = "with --from, list all descendants"
    },
    {.name = "name",
     .type = TM_OT_BOOL,
     .help = "list checkpoint names only"
    },
    {.name = "topological",
     .type = TM_OT_BOOL,
     .help = "sort list topologically rather than by name",
    },
    {.name = NULL}
};

/* One listed checkpoint; @parent is only filled for --tree. */
typedef struct {
    virDomainCheckpointPtr chk;
    char *parent;
} tmChk;

/* Frees the checkpoint and parent name of one tmChk. */
static void
tmChkClear(void *data)
{
    tmChk *item = data;

    g_clear_pointer(&item->chk, virDomainCheckpointFree);
    g_clear_pointer(&item->parent, g_free);
}

/* By name, case-insensitively. */
static int
tmChkSorter(const void *a, const void *b)
{
    const tmChk *sa = a;
    const tmChk *sb = b;

    return strcasecmp(virDomainCheckpointGetName(sa->chk),
                      virDomainCheckpointGetName(sb->chk));
}

/* The checkpoints of @dom (or below @from) that @flags selects; for
 * @tree with their parents, and @from itself as the root.  NULL after
 * an error. */
static GArray *
tmCheckpointListCollect(tmControl *ctl, virDomainPtr dom,
                        virDomainCheckpointPtr from, unsigned int flags,
                        bool tree)
{
    g_autoptr(GArray) list = g_array_new(FALSE, TRUE, sizeof(tmChk));
    virDomainCheckpointPtr *chks = NULL;
    int count;
    int i;

    g_array_set_clear_func(list, tmChkClear);

    if (from)
        count = virDomainCheckpointListAllChildren(from, &chks, flags);
    else
        count = virDomainListAllCheckpoints(dom, &chks, flags);
    if (count < 0) {
        tmError(ctl, "%s", "unexpected problem querying checkpoints");
        return NULL;
    }

    for (i = 0; i < count; i++) {
        tmChk item = { .chk = chks[i] };

        g_array_append_val(list, item);
    }
    free(chks);

    if (tree) {
        for (i = 0; i < count; i++) {
            tmChk *item = &g_array_index(list, tmChk, i);

            if (tmGetCheckpointParent(ctl, item->chk, &item->parent) < 0)
                return NULL;
        }
        if (from) {
            tmChk item = { .chk = from };

            virDomainCheckpointRef(from);
            g_array_append_val(list, item);
        }
    }

    if (!(flags & VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL))
        g_array_sort(list, tmChkSorter);
    return g_steal_pointer(&list);
}

/* tmTreeLookup over a tmChk array */
static const char *
tmCheckpointListLookup(int id, bool parent, void *opaque)
{
    GArray *list = opaque;
    tmChk *item = &g_array_index(list, tmChk, id);

    if (parent)
        return item->parent;
    return virDomainCheckpointGetName(item->chk);
}

/**
 * tmFormatCreationTime:
 * @when (seconds since the epoch) in local time, as the list commands
 * print it.
 */
char *
tmFormatCreationTime(long long when)
{
    g_autoptr(GDateTime) then = g_date_time_new_from_unix_local(when);

    return g_date_time_format(then, "%Y-%m-%d %H:%M:%S %z");
}

/* Adds the table row of @chk; a checkpoint whose XML cannot be read is
 * skipped, as in virsh. */
static void
tmCheckpointListRow(tmControl *ctl, tmTable *table, virDomainCheckpointPtr chk,
                    bool parent)
{
    g_autofree char *doc = NULL;
    g_autofree char *parent_chk = NULL;
    g_autofree char *when = NULL;
    g_autoptr(tmXML) xml = NULL;
    long long creation;

    if (!(doc = virDomainCheckpointGetXMLDesc(chk, 0)))
        return;
    if (!(xml = tmXMLParse(ctl, doc, "(domain_checkpoint)")))
        return;
    if (parent)
        parent_chk = tmXMLString(xml, "string(/domaincheckpoint/parent/name)");
    if (tmXMLLongLong(xml, "string(/domaincheckpoint/creationTime)", &creation) < 0)
        return;

    when = tmFormatCreationTime(creation);
    if (parent)
        tmTableRowAppend(table, virDomainCheckpointGetName(chk), when,
                         parent_chk ? parent_chk : "", NULL);
    else
        tmTableRowAppend(table, virDomainCheckpointGetName(chk), when, NULL);
}

/* The option checks of checkpoint-list, before anything is looked up.
 * Sets *@flags.  Returns false after an error. */
static bool
tmCheckpointListFlags(tmControl *ctl, const tmCmd *cmd, unsigned int *flags)
{
    bool tree = tmCommandOptBool(cmd, "tree");
    bool name = tmCommandOptBool(cmd, "name");
    bool from = tmCommandOptBool(cmd, "from");
    bool parent = tmCommandOptBool(cmd, "parent");
    bool roots = tmCommandOptBool(cmd, "roots");

    if (tmExclusiveOptions(ctl, "tree", tree, "name", name) ||
        tmExclusiveOptions(ctl, "parent", parent, "roots", roots) ||
        tmExclusiveOptions(ctl, "parent", parent, "tree", tree) ||
        tmExclusiveOptions(ctl, "roots", roots, "tree", tree) ||
        tmExclusiveOptions(ctl, "roots", roots, "from", from))
        return false;

    *flags = 0;
    if (tmCommandOptBool(cmd, "leaves")) {
        if (tree) {
            tmError(ctl, "--%s and --tree are mutually exclusive", "leaves");
            return false;
        }
        *flags |= VIR_DOMAIN_CHECKPOINT_LIST_LEAVES;
    }
    if (tmCommandOptBool(cmd, "no-leaves")) {
        if (tree) {
            tmError(ctl, "--%s and --tree are mutually exclusive", "no-leaves");
            return false;
        }
        *flags |= VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES;
    }
    if (tmCommandOptBool(cmd, "topological"))
        *flags |= VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL;
    if (roots)
        *flags |= VIR_DOMAIN_CHECKPOINT_LIST_ROOTS;
    if (tmCommandOptBool(cmd, "descendants")) {
        if (!from) {
            tmError(ctl, "%s", "--descendants requires --from");
            return false;
        }
        *flags |= VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS;
    }
    return true;
}

/**
 * tmCmdCheckpointList:
 * "checkpoint-list DOMAIN [--parent] [--roots] [--leaves] [--no-leaves]
 * [--tree] [--from CHECKPOINT [--descendants]] [--name] [--topological]"
 */
bool
tmCmdCheckpointList(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainCheckpoint) start = NULL;
    g_autoptr(GArray) list = NULL;
    g_autoptr(tmTable) table = NULL;
    bool tree = tmCommandOptBool(cmd, "tree");
    bool name = tmCommandOptBool(cmd, "name");
    bool parent = tmCommandOptBool(cmd, "parent");
    const char *from_chk = NULL;
    unsigned int flags;
    guint i;

    if (!tmCheckpointListFlags(ctl, cmd, &flags))
        return false;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptBool(cmd, "from") &&
        tmLookupCheckpoint(ctl, cmd, "from", dom, &start, &from_chk) < 0)
        return false;

    if (!(list = tmCheckpointListCollect(ctl, dom, start, flags, tree)))
        return false;

    if (tree) {
        for (i = 0; i < list->len; i++) {
            if (!g_array_index(list, tmChk, i).parent)
                tmTreePrint(ctl, tmCheckpointListLookup, list, list->len, i);
        }
        return true;
    }

    if (!name) {
        if (parent)
            table = tmTableNew("Name", "Creation Time", "Parent", NULL);
        else
            table = tmTableNew("Name", "Creation Time", NULL);
    }

    for (i = 0; i < list->len; i++) {
        virDomainCheckpointPtr chk = g_array_index(list, tmChk, i).chk;

        if (name)
            tmPrint(ctl, "%s\n", virDomainCheckpointGetName(chk));
        else
            tmCheckpointListRow(ctl, table, chk, parent);
    }

    if (table)
        tmTablePrint(ctl, table);
    return true;
}
