/*
 * tidemark-backup.c: backup-begin and backup-dumpxml, as virsh has them
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Facts from virsh 9.0's virsh-backup.c: the options, the default
 * "<domainbackup/>" when no backup XML is given, the message, and the
 * XPath filter of the dump.
 */
#include <config.h>

#include "tidemark-cmd.h"
#include "tidemark-domain.h"

static const tmCmdOptDef opts_backup_begin[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "backupxml",
     .type = TM_OT_STRING,
     .help = "domain backup XML"
    },
    {.name = "checkpointxml",
     .type = TM_OT_STRING,
     .help = "domain checkpoint XML"
    },
    {.name = "reuse-external",
     .type = TM_OT_BOOL,
     .help = "reuse files provided by caller"
    },
    {.name = NULL}
};

/* "backup-begin DOMAIN [--backupxml FILE] [--checkpointxml FILE]
 * [--reuse-external]": a full push backup next to each disk when no
 * backup XML is given. */
static bool
cmdBackupBegin(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *backup = NULL;
    g_autofree char *checkpoint = NULL;
    const char *backup_from = NULL;
    const char *checkpoint_from = NULL;
    unsigned int flags = 0;

    if (tmCommandOptBool(cmd, "reuse-external"))
        flags |= VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL;
    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptStringReq(ctl, cmd, "backupxml", &backup_from) < 0)
        return false;
    if (!backup_from)
        backup = g_strdup("<domainbackup/>");
    else if (tmReadFile(ctl, backup_from, &backup) < 0)
        return false;
    if (tmCommandOptStringReq(ctl, cmd, "checkpointxml", &checkpoint_from) < 0)
        return false;
    if (checkpoint_from && tmReadFile(ctl, checkpoint_from, &checkpoint) < 0)
        return false;

    if (virDomainBackupBegin(dom, backup, checkpoint, flags) < 0)
        return false;
    tmPrint(ctl, "Backup started\n");
    return true;
}

static const tmCmdOptDef opts_backup_dumpxml[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "xpath",
     .type = TM_OT_STRING,
     .flags = TM_OFLAG_REQ_OPT,
     .help = "xpath expression to filter the XML document"
    },
    {.name = "wrap",
     .type = TM_OT_BOOL,
     .help = "wrap xpath results in an common root element"
    },
    {.name = NULL}
};

/* "backup-dumpxml DOMAIN [--xpath EXPR [--wrap]]" */
static bool
cmdBackupDumpXML(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *xml = NULL;
    const char *xpath = NULL;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptStringQuiet(cmd, "xpath", &xpath) < 0)
        return false;
    if (!(xml = virDomainBackupGetXMLDesc(dom, 0)))
        return false;
    return tmDumpXML(ctl, xml, "domain-backup", xpath, tmCommandOptBool(cmd, "wrap"));
}

const tmCmdDef tmBackupCmds[] = {
    {.name = "backup-begin",
     .handler = cmdBackupBegin,
     .opts = opts_backup_begin,
     .help = "Start a disk backup of a live domain",
     .desc = "Use XML to start a full or incremental disk backup of a live domain, "
             "optionally creating a checkpoint"
    },
    {.name = "backup-dumpxml",
     .handler = cmdBackupDumpXML,
     .opts = opts_backup_dumpxml,
     .help = "Dump XML for an ongoing domain block backup job",
     .desc = "Backup Dump XML"
    },
    {.name = NULL}
};
