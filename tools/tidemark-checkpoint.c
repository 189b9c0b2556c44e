/*
 * tidemark-checkpoint.c: the checkpoint-* commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Options, output and messages are virsh 9.0's
 * (tools/virsh-checkpoint.c).  Messages that announce a result
 * ("Domain checkpoint X created") are silent with --quiet.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidemark-domain.h"

/* Creates a checkpoint of @dom from @buffer and says so; @from is the
 * file it came from, if any. */
static bool
tmCheckpointCreate(tmControl *ctl, virDomainPtr dom, const char *buffer,
                   unsigned int flags, const char *from)
{
    g_autoptr(virDomainCheckpoint) checkpoint = NULL;
    const char *name;

    if (!(checkpoint = virDomainCheckpointCreateXML(dom, buffer, flags)))
        return false;
    if (!(name = virDomainCheckpointGetName(checkpoint))) {
        tmError(ctl, "%s", "Could not get checkpoint name");
        return false;
    }
    if (from)
        tmPrintExtra(ctl, "Domain checkpoint %s created from '%s'", name, from);
    else
        tmPrintExtra(ctl, "Domain checkpoint %s created", name);
    return true;
}

static const tmCmdOptDef opts_checkpoint_create[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "xmlfile",
     .type = TM_OT_STRING,
     .help = "domain checkpoint XML"
    },
    {.name = "redefine",
     .type = TM_OT_BOOL,
     .help = "redefine metadata for existing checkpoint"
    },
    {.name = "redefine-validate",
     .type = TM_OT_BOOL,
     .help = "validate the redefined checkpoint"
    },
    {.name = "quiesce",
     .type = TM_OT_BOOL,
     .help = "quiesce guest's file systems"
    },
    {.name = NULL}
};

/* "checkpoint-create DOMAIN [--xmlfile FILE] [--redefine
 * [--redefine-validate]] [--quiesce]" */
static bool
cmdCheckpointCreate(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *buffer = NULL;
    const char *from = NULL;
    unsigned int flags = 0;

    if (tmRequireOption(ctl, "redefine-validate",
                        tmCommandOptBool(cmd, "redefine-validate"),
                        "redefine", tmCommandOptBool(cmd, "redefine")))
        return false;

    if (tmCommandOptBool(cmd, "redefine"))
        flags |= VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE;
    if (tmCommandOptBool(cmd, "redefine-validate"))
        flags |= VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE;
    if (tmCommandOptBool(cmd, "quiesce"))
        flags |= VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptStringReq(ctl, cmd, "xmlfile", &from) < 0)
        return false;
    if (!from)
        buffer = g_strdup("<domaincheckpoint/>");
    else if (tmReadFile(ctl, from, &buffer) < 0)
        return false;

    return tmCheckpointCreate(ctl, dom, buffer, flags, from);
}

/* Appends the <disk/> line of one --diskspec
 * "disk[,checkpoint=type][,bitmap=name]". */
static int
tmParseCheckpointDiskspec(tmControl *ctl, GString *buf, const char *str)
{
    g_auto(GStrv) array = NULL;
    const char *checkpoint = NULL;
    const char *bitmap = NULL;
    int narray;
    int i;

    narray = tmStringToArray(str, &array);
    for (i = 1; i < narray; i++) {
        if (!checkpoint && g_str_has_prefix(array[i], "checkpoint="))
            checkpoint = array[i] + strlen("checkpoint=");
        else if (!bitmap && g_str_has_prefix(array[i], "bitmap="))
            bitmap = array[i] + strlen("bitmap=");
        else
            break;
    }
    if (narray <= 0 || i < narray) {
        tmError(ctl, "unable to parse diskspec: %s", str);
        return -1;
    }

    /* the attribute values go in unescaped, as virsh writes them */
    tmBufAddEscaped(buf, 4, "<disk name='", array[0], "'");
    if (checkpoint) {
        g_autofree char *attr = g_strdup_printf(" checkpoint='%s'", checkpoint);

        tmBufAdd(buf, 4, attr);
    }
    if (bitmap) {
        g_autofree char *attr = g_strdup_printf(" bitmap='%s'", bitmap);

        tmBufAdd(buf, 4, attr);
    }
    tmBufAdd(buf, 4, "/>\n");
    return 0;
}

static const tmCmdOptDef opts_checkpoint_create_as[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "name",
     .type = TM_OT_STRING,
     .help = "name of checkpoint"
    },
    {.name = "description",
     .type = TM_OT_STRING,
     .help = "description of checkpoint"
    },
    {.name = "print-xml",
     .type = TM_OT_BOOL,
     .help = "print XML document rather than create"
    },
    {.name = "quiesce",
     .type = TM_OT_BOOL,
     .help = "quiesce guest's file systems"
    },
    {.name = "diskspec",
     .type = TM_OT_ARGV,
     .help = "disk attributes: disk[,checkpoint=type][,bitmap=name]"
    },
    {.name = NULL}
};

/* "checkpoint-create-as DOMAIN [NAME] [--description TEXT] [--print-xml]
 * [--quiesce] [DISKSPEC...]" */
static bool
cmdCheckpointCreateAs(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(GString) buf = g_string_new(NULL);
    const tmCmdOpt *opt = NULL;
    const char *name = NULL;
    const char *desc = NULL;
    unsigned int flags = 0;

    if (tmCommandOptBool(cmd, "quiesce"))
        flags |= VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptStringReq(ctl, cmd, "name", &name) < 0 ||
        tmCommandOptStringReq(ctl, cmd, "description", &desc) < 0)
        return false;

    tmBufAdd(buf, 0, "<domaincheckpoint>\n");
    tmBufAddEscaped(buf, 2, "<name>", name, "</name>\n");
    tmBufAddEscaped(buf, 2, "<description>", desc, "</description>\n");
    if (tmCommandOptBool(cmd, "diskspec")) {
        tmBufAdd(buf, 2, "<disks>\n");
        while ((opt = tmCommandOptArgv(cmd, opt))) {
            if (tmParseCheckpointDiskspec(ctl, buf, opt->data) < 0)
                return false;
        }
        tmBufAdd(buf, 2, "</disks>\n");
    }
    tmBufAdd(buf, 0, "</domaincheckpoint>\n");

    if (tmCommandOptBool(cmd, "print-xml")) {
        tmPrint(ctl, "%s\n", buf->str);
        return true;
    }
    return tmCheckpointCreate(ctl, dom, buf->str, flags, NULL);
}

/**
 * tmLookupCheckpoint:
 * Looks up the checkpoint named by option @arg.  Sets *@chk and *@name,
 * or prints an error and returns -1.
 */
int
tmLookupCheckpoint(tmControl *ctl, const tmCmd *cmd, const char *arg,
                   virDomainPtr dom, virDomainCheckpointPtr *chk,
                   const char **name)
{
    const char *chkname = NULL;

    if (tmCommandOptStringReq(ctl, cmd, arg, &chkname) < 0)
        return -1;
    if (!chkname) {
        tmError(ctl, "--%s is required", arg);
        return -1;
    }
    if (!(*chk = virDomainCheckpointLookupByName(dom, chkname, 0))) {
        tmReportError(ctl);
        return -1;
    }
    *name = virDomainCheckpointGetName(*chk);
    return 0;
}

/* What checkpoint-edit edits. */
typedef struct {
    tmControl *ctl;
    virDomainPtr dom;
    virDomainCheckpointPtr checkpoint;
    virDomainCheckpointPtr edited;
} tmCheckpointEdit;

/* tmEditOps.get_xml of checkpoint-edit */
static char *
tmCheckpointEditGetXML(void *opaque)
{
    tmCheckpointEdit *edit = opaque;

    return virDomainCheckpointGetXMLDesc(edit->checkpoint,
                                         VIR_DOMAIN_CHECKPOINT_XML_SECURE);
}

/* tmEditOps.define of checkpoint-edit: redefine from the edited text */
static bool
tmCheckpointEditDefine(void *opaque, const char *doc G_GNUC_UNUSED,
                       const char *edited)
{
    tmCheckpointEdit *edit = opaque;

    g_clear_pointer(&edit->edited, virDomainCheckpointFree);
    edit->edited = virDomainCheckpointCreateXML(edit->dom, edited,
                                                VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE);
    return edit->edited != NULL;
}

static const tmEditOps tmCheckpointEditOps = {
    .get_xml = tmCheckpointEditGetXML,
    .define = tmCheckpointEditDefine,
};

static const tmCmdOptDef opts_checkpoint_edit[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "checkpointname",
     .type = TM_OT_STRING,
     .help = "checkpoint name"
    },
    {.name = NULL}
};

/* Checks the outcome of an edit: renaming is refused (the new copy is
 * removed again).  Returns false after an error. */
static bool
tmCheckpointEditFinish(tmControl *ctl, tmCheckpointEdit *edit, const char *name)
{
    const char *edited_name = virDomainCheckpointGetName(edit->edited);

    if (strcmp(name, edited_name) == 0) {
        tmPrintExtra(ctl, "Checkpoint %s edited.\n", name);
        return true;
    }
    if (virDomainCheckpointDelete(edit->edited,
                                  VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY) < 0) {
        tmReportError(ctl);
        tmError(ctl, "Failed to clean up %s", edited_name);
        return false;
    }
    tmError(ctl, "Cannot rename checkpoint %s to %s", name, edited_name);
    return false;
}

/* "checkpoint-edit DOMAIN CHECKPOINT": edit the XML in $EDITOR and
 * redefine it */
static bool
cmdCheckpointEdit(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainCheckpoint) checkpoint = NULL;
    g_autofree char *unchanged = NULL;
    tmCheckpointEdit edit = { .ctl = ctl };
    const char *name = NULL;
    bool ret = false;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmLookupCheckpoint(ctl, cmd, "checkpointname", dom, &checkpoint, &name) < 0)
        return false;

    edit.dom = dom;
    edit.checkpoint = checkpoint;
    unchanged = g_strdup_printf("Checkpoint %s XML configuration not changed.\n", name);
    switch (tmEditLoop(ctl, &tmCheckpointEditOps, &edit, unchanged)) {
    case TM_EDIT_UNCHANGED:
        ret = true;
        break;
    case TM_EDIT_DONE:
        ret = tmCheckpointEditFinish(ctl, &edit, name);
        break;
    case TM_EDIT_FAILED:
        break;
    }
    g_clear_pointer(&edit.edited, virDomainCheckpointFree);

    if (!ret)
        tmError(ctl, "Failed to update %s", name);
    return ret;
}

/**
 * tmGetCheckpointParent:
 * Sets *@parent_name to the name of the parent of @checkpoint, NULL for
 * a root.  Returns -1 after an error.
 */
int
tmGetCheckpointParent(tmControl *ctl, virDomainCheckpointPtr checkpoint,
                      char **parent_name)
{
    g_autoptr(virDomainCheckpoint) parent = NULL;

    *parent_name = NULL;
    if ((parent = virDomainCheckpointGetParent(checkpoint, 0))) {
        *parent_name = g_strdup(virDomainCheckpointGetName(parent));
    } else if (tmLastErrorCode(ctl) != VIR_ERR_NO_DOMAIN_CHECKPOINT) {
        tmReportError(ctl);
        tmError(ctl, "%s", "unable to determine if checkpoint has parent");
        return -1;
    }
    tmResetError(ctl);
    return 0;
}

static const tmCmdOptDef opts_checkpoint_info[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "checkpointname",
     .type = TM_OT_STRING,
     .help = "checkpoint name"
    },
    {.name = NULL}
};

/* "checkpoint-info DOMAIN CHECKPOINT" */
static bool
cmdCheckpointInfo(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainCheckpoint) checkpoint = NULL;
    g_autofree char *parent = NULL;
    const char *name;
    int count;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmLookupCheckpoint(ctl, cmd, "checkpointname", dom, &checkpoint, &name) < 0)
        return false;

    tmPrint(ctl, "%-15s %s\n", "Name:", name);
    tmPrint(ctl, "%-15s %s\n", "Domain:", virDomainGetName(dom));

    if (tmGetCheckpointParent(ctl, checkpoint, &parent) < 0) {
        tmError(ctl, "%s", "unexpected problem querying checkpoint state");
        return false;
    }
    tmPrint(ctl, "%-15s %s\n", "Parent:", parent ? parent : "-");

    if ((count = virDomainCheckpointListAllChildren(checkpoint, NULL, 0)) < 0) {
        if (tmLastErrorCode(ctl) == VIR_ERR_NO_SUPPORT) {
            tmResetError(ctl);
            return true;
        }
        return false;
    }
    tmPrint(ctl, "%-15s %d\n", "Children:", count);
    count = virDomainCheckpointListAllChildren(checkpoint, NULL,
                                               VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS);
    if (count < 0)
        return false;
    tmPrint(ctl, "%-15s %d\n", "Descendants:", count);
    return true;
}

static const tmCmdOptDef opts_checkpoint_dumpxml[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "checkpointname",
     .type = TM_OT_STRING,
     .help = "checkpoint name"
    },
    {.name = "security-info",
     .type = TM_OT_BOOL,
     .help = "include security sensitive information in XML dump"
    },
    {.name = "no-domain",
     .type = TM_OT_BOOL,
     .help = "exclude <domain> from XML"
    },
    {.name = "size",
     .type = TM_OT_BOOL,
     .help = "include backup size estimate in XML dump"
    },
    {.name = "xpath",
     .type = TM_OT_STRING,
     .flags = TM_OFLAG_REQ_OPT,
     .help = "xpath expression to filter the XML document"
    },
    {.name = "wrap",
     .type = TM_OT_BOOL,
     .help = "wrap xpath results in an common root element",
    },
    {.name = NULL}
};

/* "checkpoint-dumpxml DOMAIN CHECKPOINT [--security-info] [--no-domain]
 * [--size] [--xpath EXPR [--wrap]]" */
static bool
cmdCheckpointDumpXML(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainCheckpoint) checkpoint = NULL;
    g_autofree char *xml = NULL;
    const char *xpath = NULL;
    const char *name = NULL;
    unsigned int flags = 0;

    if (tmCommandOptBool(cmd, "security-info"))
        flags |= VIR_DOMAIN_CHECKPOINT_XML_SECURE;
    if (tmCommandOptBool(cmd, "no-domain"))
        flags |= VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN;
    if (tmCommandOptBool(cmd, "size"))
        flags |= VIR_DOMAIN_CHECKPOINT_XML_SIZE;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptStringQuiet(cmd, "xpath", &xpath) < 0)
        return false;
    if (tmLookupCheckpoint(ctl, cmd, "checkpointname", dom, &checkpoint, &name) < 0)
        return false;
    if (!(xml = virDomainCheckpointGetXMLDesc(checkpoint, flags)))
        return false;
    return tmDumpXML(ctl, xml, "domain-checkpoint", xpath,
                     tmCommandOptBool(cmd, "wrap"));
}

static const tmCmdOptDef opts_checkpoint_parent[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "checkpointname",
     .type = TM_OT_STRING,
     .help = "find parent of checkpoint name"
    },
    {.name = NULL}
};

/* "checkpoint-parent DOMAIN CHECKPOINT" */
static bool
cmdCheckpointParent(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainCheckpoint) checkpoint = NULL;
    g_autofree char *parent = NULL;
    const char *name = NULL;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmLookupCheckpoint(ctl, cmd, "checkpointname", dom, &checkpoint, &name) < 0)
        return false;
    if (tmGetCheckpointParent(ctl, checkpoint, &parent) < 0)
        return false;
    if (!parent) {
        tmError(ctl, "checkpoint '%s' has no parent", name);
        return false;
    }
    tmPrint(ctl, "%s", parent);
    return true;
}

static const tmCmdOptDef opts_checkpoint_delete[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "checkpointname",
     .type = TM_OT_STRING,
     .help = "checkpoint name"
    },
    {.name = "children",
     .type = TM_OT_BOOL,
     .help = "delete checkpoint and all children"
    },
    {.name = "children-only",
     .type = TM_OT_BOOL,
     .help = "delete children but not checkpoint"
    },
    {.name = "metadata",
     .type = TM_OT_BOOL,
     .help = "delete only libvirt metadata, leaving checkpoint contents behind"
    },
    {.name = NULL}
};

/* "checkpoint-delete DOMAIN CHECKPOINT [--children|--children-only]
 * [--metadata]" */
static bool
cmdCheckpointDelete(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainCheckpoint) checkpoint = NULL;
    const char *name = NULL;
    unsigned int flags = 0;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmLookupCheckpoint(ctl, cmd, "checkpointname", dom, &checkpoint, &name) < 0)
        return false;

    if (tmCommandOptBool(cmd, "children"))
        flags |= VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN;
    if (tmCommandOptBool(cmd, "children-only"))
        flags |= VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY;
    if (tmCommandOptBool(cmd, "metadata"))
        flags |= VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY;

    if (virDomainCheckpointDelete(checkpoint, flags) < 0) {
        tmError(ctl, "Failed to delete checkpoint %s", name);
        return false;
    }
    if (flags & VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY)
        tmPrintExtra(ctl, "Domain checkpoint %s children deleted\n", name);
    else
        tmPrintExtra(ctl, "Domain checkpoint %s deleted\n", name);
    return true;
}

const tmCmdDef tmCheckpointCmds[] = {
    {.name = "checkpoint-create",
     .handler = cmdCheckpointCreate,
     .opts = opts_checkpoint_create,
     .help = "Create a checkpoint from XML",
     .desc = "Create a checkpoint from XML for use in future incremental backups"
    },
    {.name = "checkpoint-create-as",
     .handler = cmdCheckpointCreateAs,
     .opts = opts_checkpoint_create_as,
     .help = "Create a checkpoint from a set of args",
     .desc = "Create a checkpoint from arguments for use in future incremental backups"
    },
    {.name = "checkpoint-delete",
     .handler = cmdCheckpointDelete,
     .opts = opts_checkpoint_delete,
     .help = "Delete a domain checkpoint",
     .desc = "Checkpoint Delete"
    },
    {.name = "checkpoint-dumpxml",
     .handler = cmdCheckpointDumpXML,
     .opts = opts_checkpoint_dumpxml,
     .help = "Dump XML for a domain checkpoint",
     .desc = "Checkpoint Dump XML"
    },
    {.name = "checkpoint-edit",
     .handler = cmdCheckpointEdit,
     .opts = opts_checkpoint_edit,
     .help = "edit XML for a checkpoint",
     .desc = "Edit the domain checkpoint XML for a named checkpoint"
    },
    {.name = "checkpoint-info",
     .handler = cmdCheckpointInfo,
     .opts = opts_checkpoint_info,
     .help = "checkpoint information",
     .desc = "Returns basic information about a checkpoint."
    },
    {.name = "checkpoint-list",
     .handler = tmCmdCheckpointList,
     .opts = tmOptsCheckpointList,
     .help = "List checkpoints for a domain",
     .desc = "Checkpoint List"
    },
    {.name = "checkpoint-parent",
     .handler = cmdCheckpointParent,
     .opts = opts_checkpoint_parent,
     .help = "Get the name of the parent of a checkpoint",
     .desc = "Extract the checkpoint's parent, if any"
    },
    {.name = NULL}
};
