/*
 * tidemark-snapshot-edit.c: the snapshot-edit command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virsh 9.0's snapshot-edit: the snapshot XML is edited in $EDITOR and
 * redefined.  A changed name is refused unless --rename (the old
 * snapshot's metadata goes) or --clone (both stay).  With --current the
 * snapshot is redefined, and made current, even when unchanged.
 */
#include <string.h>

#include "tidemark-domain.h"

const tmCmdOptDef tmOptsSnapshotEdit[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "snapshotname",
     .type = TM_OT_STRING,
     .help = "snapshot name"
    },
    TM_OPT_CURRENT("also set edited snapshot as current"),
    {.name = "rename",
     .type = TM_OT_BOOL,
     .help = "allow renaming an existing snapshot"
    },
    {.name = "clone",
     .type = TM_OT_BOOL,
     .help = "allow cloning to new name"
    },
    {.name = NULL}
};

/* What snapshot-edit edits. */
typedef struct {
    virDomainPtr dom;
    virDomainSnapshotPtr snapshot;
    virDomainSnapshotPtr edited;
    unsigned int define_flags;
} tmSnapshotEdit;

/* tmEditOps.get_xml of snapshot-edit */
static char *
tmSnapshotEditGetXML(void *opaque)
{
    tmSnapshotEdit *edit = opaque;

    return virDomainSnapshotGetXMLDesc(edit->snapshot, VIR_DOMAIN_XML_SECURE);
}

/* tmEditOps.define of snapshot-edit.  A disk-only snapshot (judged, as
 * virsh does, from the XML before the edit) needs DISK_ONLY to be
 * redefined. */
static bool
tmSnapshotEditDefine(void *opaque, const char *doc, const char *edited)
{
    tmSnapshotEdit *edit = opaque;

    if (strstr(doc, "<state>disk-snapshot</state>"))
        edit->define_flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
    g_clear_pointer(&edit->edited, virDomainSnapshotFree);
    edit->edited = virDomainSnapshotCreateXML(edit->dom, edited, edit->define_flags);
    return edit->edited != NULL;
}

static const tmEditOps tmSnapshotEditOps = {
    .get_xml = tmSnapshotEditGetXML,
    .define = tmSnapshotEditDefine,
};

/* Checks the outcome of an edit for a changed name.  Returns false after
 * an error. */
static bool
tmSnapshotEditFinish(tmControl *ctl, tmSnapshotEdit *edit, const char *name,
                     bool rename_okay, bool clone_okay)
{
    const char *edited_name = virDomainSnapshotGetName(edit->edited);

    if (strcmp(name, edited_name) == 0) {
        tmPrintExtra(ctl, "Snapshot %s edited.\n", name);
        return true;
    }
    if (clone_okay) {
        tmPrintExtra(ctl, "Snapshot %s cloned to %s.\n", name, edited_name);
        return true;
    }
    if (virDomainSnapshotDelete(rename_okay ? edit->snapshot : edit->edited,
                                VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY) < 0) {
        tmReportError(ctl);
        tmError(ctl, "Failed to clean up %s", rename_okay ? name : edited_name);
        return false;
    }
    if (!rename_okay) {
        tmError(ctl, "Must use --rename or --clone to change %s to %s",
                name, edited_name);
        return false;
    }
    return true;
}

/**
 * tmCmdSnapshotEdit:
 * "snapshot-edit DOMAIN {SNAPSHOT | --current} [--rename | --clone]"
 */
bool
tmCmdSnapshotEdit(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainSnapshot) snapshot = NULL;
    g_autofree char *unchanged = NULL;
    bool rename_okay = tmCommandOptBool(cmd, "rename");
    bool clone_okay = tmCommandOptBool(cmd, "clone");
    tmSnapshotEdit edit = { .define_flags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE };
    const char *name = NULL;
    bool ret = false;

    if (tmExclusiveOptions(ctl, "rename", rename_okay, "clone", clone_okay))
        return false;

    if (tmCommandOptBool(cmd, "current") && tmCommandOptBool(cmd, "snapshotname"))
        edit.define_flags |= VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmLookupSnapshot(ctl, cmd, "snapshotname", false, dom, &snapshot, &name) < 0)
        return false;

    edit.dom = dom;
    edit.snapshot = snapshot;
    /* with --current an unchanged snapshot is still redefined as current */
    if (!(edit.define_flags & VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT))
        unchanged = g_strdup_printf("Snapshot %s XML configuration not changed.\n", name);

    switch (tmEditLoop(ctl, &tmSnapshotEditOps, &edit, unchanged)) {
    case TM_EDIT_UNCHANGED:
        ret = true;
        break;
    case TM_EDIT_DONE:
        ret = tmSnapshotEditFinish(ctl, &edit, name, rename_okay, clone_okay);
        break;
    case TM_EDIT_FAILED:
        break;
    }
    g_clear_pointer(&edit.edited, virDomainSnapshotFree);

    if (!ret)
        tmError(ctl, "Failed to update %s", name);
    return ret;
}
