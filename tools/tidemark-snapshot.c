/*
 * tidemark-snapshot.c: the snapshot-* commands (snapshot-list is in
 * tidemark-snapshot-list.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Options, output and messages are virsh 9.0's (tools/virsh-snapshot.c),
 * including its fallbacks for drivers that reject a flag: --validate is
 * dropped when unsupported, and --halt is emulated with a destroy.
 */
#include <string.h>

#include "tidemark-domain.h"

/* Creates a snapshot of @dom from @buffer and says so; @from is the file
 * it came from, if any. */
static bool
tmSnapshotCreate(tmControl *ctl, virDomainPtr dom, const char *buffer,
                 unsigned int flags, const char *from)
{
    g_autoptr(virDomainSnapshot) snapshot = NULL;
    bool halt = false;
    const char *name;

    snapshot = virDomainSnapshotCreateXML(dom, buffer, flags);

    if (!snapshot && tmLastErrorCode(ctl) == VIR_ERR_NO_SUPPORT && !from) {
        flags &= ~VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE;
        snapshot = virDomainSnapshotCreateXML(dom, buffer, flags);
    }

    if (!snapshot && tmLastErrorCode(ctl) == VIR_ERR_INVALID_ARG &&
        (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT)) {
        int persistent;

        tmResetError(ctl);
        if ((persistent = virDomainIsPersistent(dom)) < 0) {
            tmReportError(ctl);
            return false;
        }
        if (!persistent) {
            tmError(ctl, "%s", "cannot halt after snapshot of transient domain");
            return false;
        }
        if (virDomainIsActive(dom) == 1)
            halt = true;
        flags &= ~VIR_DOMAIN_SNAPSHOT_CREATE_HALT;
        snapshot = virDomainSnapshotCreateXML(dom, buffer, flags);
    }

    if (!snapshot)
        return false;
    if (halt && virDomainDestroy(dom) < 0) {
        tmReportError(ctl);
        return false;
    }
    if (!(name = virDomainSnapshotGetName(snapshot))) {
        tmError(ctl, "%s", "Could not get snapshot name");
        return false;
    }
    if (from)
        tmPrintExtra(ctl, "Domain snapshot %s created from '%s'", name, from);
    else
        tmPrintExtra(ctl, "Domain snapshot %s created", name);
    return true;
}

/* The creation flags shared by snapshot-create and snapshot-create-as,
 * by option name. */
static const struct {
    const char *option;
    unsigned int flag;
} tmSnapshotCreateFlags[] = {
    { "redefine", VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE },
    { "current", VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT },
    { "no-metadata", VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA },
    { "halt", VIR_DOMAIN_SNAPSHOT_CREATE_HALT },
    { "disk-only", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY },
    { "reuse-external", VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT },
    { "quiesce", VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE },
    { "atomic", VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC },
    { "live", VIR_DOMAIN_SNAPSHOT_CREATE_LIVE },
    { "validate", VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE },
};

/* The creation flags given to @cmd (options it does not have count as
 * not given). */
static unsigned int
tmSnapshotCreateFlagsOf(const tmCmd *cmd)
{
    unsigned int flags = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(tmSnapshotCreateFlags); i++) {
        if (tmCommandOptBool(cmd, tmSnapshotCreateFlags[i].option))
            flags |= tmSnapshotCreateFlags[i].flag;
    }
    return flags;
}

#define TM_OPTS_SNAPSHOT_CREATE_FLAGS \
    {.name = "no-metadata", \
     .type = TM_OT_BOOL, \
     .help = "take snapshot but create no metadata" \
    }, \
    {.name = "halt", \
     .type = TM_OT_BOOL, \
     .help = "halt domain after snapshot is created" \
    }, \
    {.name = "disk-only", \
     .type = TM_OT_BOOL, \
     .help = "capture disk state but not vm state" \
    }, \
    {.name = "reuse-external", \
     .type = TM_OT_BOOL, \
     .help = "reuse any existing external files" \
    }, \
    {.name = "quiesce", \
     .type = TM_OT_BOOL, \
     .help = "quiesce guest's file systems" \
    }, \
    {.name = "atomic", \
     .type = TM_OT_BOOL, \
     .help = "require atomic operation" \
    }, \
    {.name = "live", \
     .type = TM_OT_BOOL, \
     .help = "take a live snapshot" \
    }, \
    {.name = "validate", \
     .type = TM_OT_BOOL, \
     .help = "validate the XML against the schema", \
    }

static const tmCmdOptDef opts_snapshot_create[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "xmlfile",
     .type = TM_OT_STRING,
     .help = "domain snapshot XML"
    },
    {.name = "redefine",
     .type = TM_OT_BOOL,
     .help = "redefine metadata for existing snapshot"
    },
    TM_OPT_CURRENT("with redefine, set current snapshot"),
    TM_OPTS_SNAPSHOT_CREATE_FLAGS,
    {.name = NULL}
};

/* "snapshot-create DOMAIN [--xmlfile FILE] [--redefine [--current]]
 * [FLAG...]" */
static bool
cmdSnapshotCreate(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *buffer = NULL;
    const char *from = NULL;
    unsigned int flags = tmSnapshotCreateFlagsOf(cmd);

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptStringReq(ctl, cmd, "xmlfile", &from) < 0)
        return false;
    if (!from)
        buffer = g_strdup("<domainsnapshot/>");
    else if (tmReadFile(ctl, from, &buffer) < 0)
        return false;

    return tmSnapshotCreate(ctl, dom, buffer, flags, from);
}

/* Appends the <memory/> line of --memspec "[file=]name[,snapshot=type]". */
static int
tmParseSnapshotMemspec(tmControl *ctl, GString *buf, const char *str)
{
    g_auto(GStrv) array = NULL;
    const char *snapshot = NULL;
    const char *file = NULL;
    int narray;
    int i;

    narray = tmStringToArray(str, &array);
    for (i = 0; i < narray; i++) {
        if (!snapshot && array[i] && g_str_has_prefix(array[i], "snapshot="))
            snapshot = array[i] + strlen("snapshot=");
        else if (!file && array[i] && g_str_has_prefix(array[i], "file="))
            file = array[i] + strlen("file=");
        else if (!file && array[i] && *array[i] == '/')
            file = array[i];
        else
            break;
    }
    if (i < narray) {
        tmError(ctl, "unable to parse memspec: %s", str);
        return -1;
    }

    tmBufAdd(buf, 2, "<memory");
    tmBufAddEscaped(buf, 2, " snapshot='", snapshot, "'");
    tmBufAddEscaped(buf, 2, " file='", file, "'");
    tmBufAdd(buf, 2, "/>\n");
    return 0;
}

/* Appends the <disk> element of one --diskspec
 * "disk[,snapshot=type][,driver=type][,stype=type][,file=name]". */
static int
tmParseSnapshotDiskspec(tmControl *ctl, GString *buf, const char *str)
{
    g_auto(GStrv) array = NULL;
    const char *snapshot = NULL;
    const char *driver = NULL;
    const char *stype = NULL;
    const char *file = NULL;
    int narray;
    int i;

    narray = tmStringToArray(str, &array);
    for (i = 1; i < narray; i++) {
        if (!snapshot && g_str_has_prefix(array[i], "snapshot="))
            snapshot = array[i] + strlen("snapshot=");
        else if (!driver && g_str_has_prefix(array[i], "driver="))
            driver = array[i] + strlen("driver=");
        else if (!stype && g_str_has_prefix(array[i], "stype="))
            stype = array[i] + strlen("stype=");
        else if (!file && g_str_has_prefix(array[i], "file="))
            file = array[i] + strlen("file=");
        else
            break;
    }
    if (narray <= 0 || i < narray)
        goto error;

    /* as virsh: only the name and file are escaped */
    tmBufAddEscaped(buf, 4, "<disk name='", array[0], "'");
    if (snapshot) {
        g_autofree char *attr = g_strdup_printf(" snapshot='%s'", snapshot);

        tmBufAdd(buf, 4, attr);
    }
    if (stype) {
        g_autofree char *attr = NULL;

        if (strcmp(stype, "block") != 0 && strcmp(stype, "file") != 0) {
            tmError(ctl, "Unknown storage type: '%s'", stype);
            goto error;
        }
        attr = g_strdup_printf(" type='%s'", stype);
        tmBufAdd(buf, 4, attr);
    }
    if (driver || file) {
        tmBufAdd(buf, 4, ">\n");
        if (driver) {
            g_autofree char *line = g_strdup_printf("<driver type='%s'/>\n", driver);

            tmBufAdd(buf, 6, line);
        }
        if (stype && strcmp(stype, "block") == 0)
            tmBufAddEscaped(buf, 6, "<source dev='", file, "'/>\n");
        else
            tmBufAddEscaped(buf, 6, "<source file='", file, "'/>\n");
        tmBufAdd(buf, 4, "</disk>\n");
    } else {
        tmBufAdd(buf, 4, "/>\n");
    }
    return 0;

 error:
    tmError(ctl, "unable to parse diskspec: %s", str);
    return -1;
}

static const tmCmdOptDef opts_snapshot_create_as[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "name",
     .type = TM_OT_STRING,
     .help = "name of snapshot"
    },
    {.name = "description",
     .type = TM_OT_STRING,
     .help = "description of snapshot"
    },
    {.name = "print-xml",
     .type = TM_OT_BOOL,
     .help = "print XML document rather than create"
    },
    TM_OPTS_SNAPSHOT_CREATE_FLAGS,
    {.name = "memspec",
     .type = TM_OT_STRING,
     .flags = TM_OFLAG_REQ_OPT,
     .help = "memory attributes: [file=]name[,snapshot=type]"
    },
    {.name = "diskspec",
     .type = TM_OT_ARGV,
     .help = "disk attributes: disk[,snapshot=type][,driver=type][,stype=type][,file=name]"
    },
    {.name = NULL}
};

/* "snapshot-create-as DOMAIN [NAME] [--description TEXT] [--print-xml]
 * [FLAG...] [--memspec SPEC] [DISKSPEC...]" */
static bool
cmdSnapshotCreateAs(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(GString) buf = g_string_new(NULL);
    const tmCmdOpt *opt = NULL;
    const char *name = NULL;
    const char *desc = NULL;
    const char *memspec = NULL;
    unsigned int flags = tmSnapshotCreateFlagsOf(cmd);

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptStringReq(ctl, cmd, "name", &name) < 0 ||
        tmCommandOptStringReq(ctl, cmd, "description", &desc) < 0)
        return false;

    tmBufAdd(buf, 0, "<domainsnapshot>\n");
    tmBufAddEscaped(buf, 2, "<name>", name, "</name>\n");
    tmBufAddEscaped(buf, 2, "<description>", desc, "</description>\n");

    if (tmCommandOptStringReq(ctl, cmd, "memspec", &memspec) < 0)
        return false;
    if (memspec && tmParseSnapshotMemspec(ctl, buf, memspec) < 0)
        return false;

    if (tmCommandOptBool(cmd, "diskspec")) {
        tmBufAdd(buf, 2, "<disks>\n");
        while ((opt = tmCommandOptArgv(cmd, opt))) {
            if (tmParseSnapshotDiskspec(ctl, buf, opt->data) < 0)
                return false;
        }
        tmBufAdd(buf, 2, "</disks>\n");
    }
    tmBufAdd(buf, 0, "</domainsnapshot>\n");

    if (tmCommandOptBool(cmd, "print-xml")) {
        tmPrint(ctl, "%s\n", buf->str);
        return true;
    }
    return tmSnapshotCreate(ctl, dom, buf->str, flags, NULL);
}

/**
 * tmLookupSnapshot:
 * Looks up the snapshot named by option @arg, or with --current the
 * current one (both at once is an error when @exclusive).  Sets *@snap
 * and *@name, or prints an error and returns -1.
 */
int
tmLookupSnapshot(tmControl *ctl, const tmCmd *cmd, const char *arg,
                 bool exclusive, virDomainPtr dom, virDomainSnapshotPtr *snap,
                 const char **name)
{
    bool current = tmCommandOptBool(cmd, "current");
    const char *snapname = NULL;

    if (tmCommandOptStringReq(ctl, cmd, arg, &snapname) < 0)
        return -1;
    if (exclusive && current && snapname) {
        tmError(ctl, "--%s and --current are mutually exclusive", arg);
        return -1;
    }

    if (snapname) {
        *snap = virDomainSnapshotLookupByName(dom, snapname, 0);
    } else if (current) {
        *snap = virDomainSnapshotCurrent(dom, 0);
    } else {
        tmError(ctl, "--%s or --current is required", arg);
        return -1;
    }
    if (!*snap) {
        tmReportError(ctl);
        return -1;
    }
    *name = virDomainSnapshotGetName(*snap);
    return 0;
}

/**
 * tmGetSnapshotParent:
 * Sets *@parent_name to the name of the parent of @snapshot, NULL for a
 * root; when the library cannot say, from the snapshot's XML.  Returns
 * -1 after an error.
 */
int
tmGetSnapshotParent(tmControl *ctl, virDomainSnapshotPtr snapshot,
                    char **parent_name)
{
    g_autoptr(virDomainSnapshot) parent = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(tmXML) doc = NULL;

    *parent_name = NULL;
    if ((parent = virDomainSnapshotGetParent(snapshot, 0))) {
        *parent_name = g_strdup(virDomainSnapshotGetName(parent));
        tmResetError(ctl);
        return 0;
    }
    if (tmLastErrorCode(ctl) == VIR_ERR_NO_DOMAIN_SNAPSHOT) {
        tmResetError(ctl);
        return 0;
    }

    if (!(xml = virDomainSnapshotGetXMLDesc(snapshot, 0)) ||
        !(doc = tmXMLParse(ctl, xml, "(domain_snapshot)"))) {
        tmReportError(ctl);
        tmError(ctl, "%s", "unable to determine if snapshot has parent");
        return -1;
    }
    *parent_name = tmXMLString(doc, "string(/domainsnapshot/parent/name)");
    tmResetError(ctl);
    return 0;
}

static const tmCmdOptDef opts_snapshot_current[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "name",
     .type = TM_OT_BOOL,
     .help = "list the name, rather than the full xml"
    },
    {.name = "security-info",
     .type = TM_OT_BOOL,
     .help = "include security sensitive information in XML dump"
    },
    {.name = "snapshotname",
     .type = TM_OT_STRING,
     .help = "name of existing snapshot to make current"
    },
    {.name = NULL}
};

/* Makes @snapname the current snapshot by redefining it with
 * REDEFINE|CURRENT.  Returns false after an error (not printed). */
static bool
tmSnapshotSetCurrent(tmControl *ctl, virDomainPtr dom, const char *snapname)
{
    g_autoptr(virDomainSnapshot) snapshot = NULL;
    g_autoptr(virDomainSnapshot) redefined = NULL;
    g_autofree char *xml = NULL;
    unsigned int flags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                         VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;

    if (!(snapshot = virDomainSnapshotLookupByName(dom, snapname, 0)))
        return false;
    if (!(xml = virDomainSnapshotGetXMLDesc(snapshot, VIR_DOMAIN_XML_SECURE)))
        return false;
    /* the XML comes from the library, so a substring test is enough */
    if (strstr(xml, "<state>disk-snapshot</state>"))
        flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
    if (!(redefined = virDomainSnapshotCreateXML(dom, xml, flags)))
        return false;
    tmPrintExtra(ctl, "Snapshot %s set as current", snapname);
    return true;
}

/* Prints the current snapshot (XML, or with @name_only its name).
 * Returns false after an error. */
static bool
tmSnapshotShowCurrent(tmControl *ctl, virDomainPtr dom, const char *domname,
                      bool name_only, unsigned int flags)
{
    g_autoptr(virDomainSnapshot) snapshot = NULL;
    g_autofree char *xml = NULL;
    int current;

    if ((current = virDomainHasCurrentSnapshot(dom, 0)) < 0)
        return false;
    if (!current) {
        tmError(ctl, "domain '%s' has no current snapshot", domname);
        return false;
    }
    if (!(snapshot = virDomainSnapshotCurrent(dom, 0)))
        return false;

    if (name_only) {
        const char *name = virDomainSnapshotGetName(snapshot);

        if (!name)
            return false;
        tmPrint(ctl, "%s", name);
        return true;
    }
    if (!(xml = virDomainSnapshotGetXMLDesc(snapshot, flags)))
        return false;
    tmPrint(ctl, "%s", xml);
    return true;
}

/* "snapshot-current DOMAIN [--name] [--security-info] [SNAPSHOT]": show
 * the current snapshot, or make SNAPSHOT the current one */
static bool
cmdSnapshotCurrent(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    const char *snapshotname = NULL;
    const char *domname;
    unsigned int flags = 0;
    bool ret;

    if (tmCommandOptBool(cmd, "security-info"))
        flags |= VIR_DOMAIN_XML_SECURE;

    if (tmExclusiveOptions(ctl, "name", tmCommandOptBool(cmd, "name"),
                           "snapshotname", tmCommandOptBool(cmd, "snapshotname")))
        return false;

    if (!(dom = tmCommandOptDomain(ctl, cmd, &domname)))
        return false;

    if (tmCommandOptStringReq(ctl, cmd, "snapshotname", &snapshotname) < 0)
        ret = false;
    else if (snapshotname)
        ret = tmSnapshotSetCurrent(ctl, dom, snapshotname);
    else
        ret = tmSnapshotShowCurrent(ctl, dom, domname,
                                    tmCommandOptBool(cmd, "name"), flags);

    if (!ret)
        tmReportError(ctl);
    return ret;
}

static const tmCmdOptDef opts_snapshot_dumpxml[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "snapshotname",
     .type = TM_OT_DATA,
     .flags = TM_OFLAG_REQ,
     .help = "snapshot name"
    },
    {.name = "security-info",
     .type = TM_OT_BOOL,
     .help = "include security sensitive information in XML dump"
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

/* "snapshot-dumpxml DOMAIN SNAPSHOT [--security-info] [--xpath EXPR
 * [--wrap]]" */
static bool
cmdSnapshotDumpXML(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainSnapshot) snapshot = NULL;
    g_autofree char *xml = NULL;
    const char *xpath = NULL;
    const char *name = NULL;
    unsigned int flags = 0;

    if (tmCommandOptBool(cmd, "security-info"))
        flags |= VIR_DOMAIN_XML_SECURE;

    if (tmCommandOptStringReq(ctl, cmd, "snapshotname", &name) < 0)
        return false;
    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (!(snapshot = virDomainSnapshotLookupByName(dom, name, 0)))
        return false;
    if (tmCommandOptStringQuiet(cmd, "xpath", &xpath) < 0)
        return false;
    if (!(xml = virDomainSnapshotGetXMLDesc(snapshot, flags)))
        return false;
    return tmDumpXML(ctl, xml, "domain-snapshot", xpath,
                     tmCommandOptBool(cmd, "wrap"));
}

static const tmCmdOptDef opts_snapshot_parent[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "snapshotname",
     .type = TM_OT_STRING,
     .help = "find parent of snapshot name"
    },
    TM_OPT_CURRENT("find parent of current snapshot"),
    {.name = NULL}
};

/* "snapshot-parent DOMAIN {SNAPSHOT | --current}" */
static bool
cmdSnapshotParent(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainSnapshot) snapshot = NULL;
    g_autofree char *parent = NULL;
    const char *name = NULL;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmLookupSnapshot(ctl, cmd, "snapshotname", true, dom, &snapshot, &name) < 0)
        return false;
    if (tmGetSnapshotParent(ctl, snapshot, &parent) < 0)
        return false;
    if (!parent) {
        tmError(ctl, "snapshot '%s' has no parent", name);
        return false;
    }
    tmPrint(ctl, "%s", parent);
    return true;
}

static const tmCmdOptDef opts_snapshot_revert[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "snapshotname",
     .type = TM_OT_STRING,
     .help = "snapshot name"
    },
    TM_OPT_CURRENT("revert to current snapshot"),
    {.name = "running",
     .type = TM_OT_BOOL,
     .help = "after reverting, change state to running"
    },
    {.name = "paused",
     .type = TM_OT_BOOL,
     .help = "after reverting, change state to paused"
    },
    {.name = "force",
     .type = TM_OT_BOOL,
     .help = "try harder on risky reverts"
    },
    {.name = "reset-nvram",
     .type = TM_OT_BOOL,
     .help = "re-initialize NVRAM from its pristine template"
    },
    {.name = NULL}
};

/* "snapshot-revert DOMAIN {SNAPSHOT | --current} [--running|--paused]
 * [--force] [--reset-nvram]" */
static bool
cmdSnapshotRevert(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainSnapshot) snapshot = NULL;
    const char *name = NULL;
    unsigned int flags = 0;
    int result;

    if (tmCommandOptBool(cmd, "running"))
        flags |= VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING;
    if (tmCommandOptBool(cmd, "paused"))
        flags |= VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED;
    if (tmCommandOptBool(cmd, "reset-nvram"))
        flags |= VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmLookupSnapshot(ctl, cmd, "snapshotname", true, dom, &snapshot, &name) < 0)
        return false;

    /* --force only when the plain revert says it would help */
    result = virDomainRevertToSnapshot(snapshot, flags);
    if (result < 0 && tmCommandOptBool(cmd, "force") &&
        tmLastErrorCode(ctl) == VIR_ERR_SNAPSHOT_REVERT_RISKY) {
        flags |= VIR_DOMAIN_SNAPSHOT_REVERT_FORCE;
        tmResetError(ctl);
        result = virDomainRevertToSnapshot(snapshot, flags);
    }

    if (result < 0) {
        tmError(ctl, "Failed to revert snapshot %s", name);
        return false;
    }
    tmPrintExtra(ctl, "Domain snapshot %s reverted\n", name);
    return true;
}

static const tmCmdOptDef opts_snapshot_delete[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "snapshotname",
     .type = TM_OT_STRING,
     .help = "snapshot name"
    },
    TM_OPT_CURRENT("delete current snapshot"),
    {.name = "children",
     .type = TM_OT_BOOL,
     .help = "delete snapshot and all children"
    },
    {.name = "children-only",
     .type = TM_OT_BOOL,
     .help = "delete children but not snapshot"
    },
    {.name = "metadata",
     .type = TM_OT_BOOL,
     .help = "delete only libvirt metadata, leaving snapshot contents behind"
    },
    {.name = NULL}
};

/* "snapshot-delete DOMAIN {SNAPSHOT | --current} [--children |
 * --children-only] [--metadata]" */
static bool
cmdSnapshotDelete(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(virDomainSnapshot) snapshot = NULL;
    const char *name = NULL;
    unsigned int flags = 0;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmLookupSnapshot(ctl, cmd, "snapshotname", true, dom, &snapshot, &name) < 0)
        return false;

    if (tmCommandOptBool(cmd, "children"))
        flags |= VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN;
    if (tmCommandOptBool(cmd, "children-only"))
        flags |= VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY;
    if (tmCommandOptBool(cmd, "metadata"))
        flags |= VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY;

    if (virDomainSnapshotDelete(snapshot, flags) < 0) {
        tmError(ctl, "Failed to delete snapshot %s", name);
        return false;
    }
    if (flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY)
        tmPrintExtra(ctl, "Domain snapshot %s children deleted\n", name);
    else
        tmPrintExtra(ctl, "Domain snapshot %s deleted\n", name);
    return true;
}

const tmCmdDef tmSnapshotCmds[] = {
    {.name = "snapshot-create",
     .handler = cmdSnapshotCreate,
     .opts = opts_snapshot_create,
     .help = "Create a snapshot from XML",
     .desc = "Create a snapshot (disk and RAM) from XML"
    },
    {.name = "snapshot-create-as",
     .handler = cmdSnapshotCreateAs,
     .opts = opts_snapshot_create_as,
     .help = "Create a snapshot from a set of args",
     .desc = "Create a snapshot (disk and RAM) from arguments"
    },
    {.name = "snapshot-current",
     .handler = cmdSnapshotCurrent,
     .opts = opts_snapshot_current,
     .help = "Get or set the current snapshot",
     .desc = "Get or set the current snapshot"
    },
    {.name = "snapshot-delete",
     .handler = cmdSnapshotDelete,
     .opts = opts_snapshot_delete,
     .help = "Delete a domain snapshot",
     .desc = "Snapshot Delete"
    },
    {.name = "snapshot-dumpxml",
     .handler = cmdSnapshotDumpXML,
     .opts = opts_snapshot_dumpxml,
     .help = "Dump XML for a domain snapshot",
     .desc = "Snapshot Dump XML"
    },
    {.name = "snapshot-edit",
     .handler = tmCmdSnapshotEdit,
     .opts = tmOptsSnapshotEdit,
     .help = "edit XML for a snapshot",
     .desc = "Edit the domain snapshot XML for a named snapshot"
    },
    {.name = "snapshot-info",
     .handler = tmCmdSnapshotInfo,
     .opts = tmOptsSnapshotInfo,
     .help = "snapshot information",
     .desc = "Returns basic information about a snapshot."
    },
    {.name = "snapshot-list",
     .handler = tmCmdSnapshotList,
     .opts = tmOptsSnapshotList,
     .help = "List snapshots for a domain",
     .desc = "Snapshot List"
    },
    {.name = "snapshot-parent",
     .handler = cmdSnapshotParent,
     .opts = opts_snapshot_parent,
     .help = "Get the name of the parent of a snapshot",
     .desc = "Extract the snapshot's parent, if any"
    },
    {.name = "snapshot-revert",
     .handler = cmdSnapshotRevert,
     .opts = opts_snapshot_revert,
     .help = "Revert a domain to a snapshot",
     .desc = "Revert domain to snapshot"
    },
    {.name = NULL}
};
