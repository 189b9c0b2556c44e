/*
 * tidemark-tree.c: the --tree drawing of checkpoint-list and snapshot-list
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virsh 9.0's layout, for a root r with children a (which has child b)
 * and c; '$' marks the end of a line:
 *
 *   r$
 *     |$
 *     +- a$
 *     |   |$
 *     |   +- b$
 *     |     $
 *     +- c$
 *       $
 *
 * A node's children are listed in the caller's order, each as
 * INDENT "+- " NAME, after one INDENT "  |" line.  Below a child that is
 * not the last one the indent continues with "| ", below the last one
 * with two spaces.  A leaf that is the last of its siblings (or a root
 * without children) is followed by a line holding just the indent.
 */
#include <string.h>

#include "tidemark-cmd.h"

/* Prints item @id and, recursively, its children.  @last is the id of
 * the last child of @id's parent (for a root: the root itself). */
static void
tmTreePrintInternal(tmControl *ctl, tmTreeLookup lookup, void *opaque,
                    int count, int id, int last, bool root, GString *indent)
{
    const char *name = lookup(id, false, opaque);
    int lastchild = -1;
    int i;

    tmPrint(ctl, "%s%s%s\n", indent->str, root ? "" : "+- ", name);

    if (!root)
        g_string_append(indent, id == last ? "  " : "| ");

    for (i = 0; i < count; i++) {
        const char *parent = lookup(i, true, opaque);

        if (parent && strcmp(parent, name) == 0)
            lastchild = i;
    }

    if (lastchild != -1)
        tmPrint(ctl, "%s  |\n", indent->str);

    g_string_append(indent, "  ");
    for (i = 0; i < count; i++) {
        const char *parent = lookup(i, true, opaque);

        if (parent && strcmp(parent, name) == 0)
            tmTreePrintInternal(ctl, lookup, opaque, count, i, lastchild,
                                false, indent);
    }
    g_string_truncate(indent, indent->len - 2);

    if (lastchild == -1 && id == last)
        tmPrint(ctl, "%s\n", indent->str);

    if (!root)
        g_string_truncate(indent, indent->len - 2);
}

/**
 * tmTreePrint:
 * Draws the tree below item @root of the @count items @lookup knows.
 * Returns 0.
 */
int
tmTreePrint(tmControl *ctl, tmTreeLookup lookup, void *opaque,
            int count, int root)
{
    g_autoptr(GString) indent = g_string_new(NULL);

    tmTreePrintInternal(ctl, lookup, opaque, count, root, root, true, indent);
    return 0;
}
