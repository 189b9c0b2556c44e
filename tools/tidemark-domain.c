/*
 * tidemark-domain.c: define, destroy, dumpxml, resume, shutdown, start,
 * suspend, undefine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Options, output and messages are virsh 9.0's (tools/virsh-domain.c).
 * Calls the library does not have are treated the way virsh treats a
 * driver without them (managed save, storage volumes), except where
 * noted.
 */
#include <string.h>
#include <unistd.h>

#include "tidemark-domain.h"

static const tmCmdOptDef opts_define[] = {
    {.name = "file",
     .type = TM_OT_DATA,
     .flags = TM_OFLAG_REQ,
     .help = "file containing an XML domain description"
    },
    {.name = "validate",
     .type = TM_OT_BOOL,
     .help = "validate the XML against the schema"
    },
    {.name = NULL}
};

/* "define FILE [--validate]" */
static bool
cmdDefine(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *buffer = NULL;
    const char *from = NULL;

    if (tmCommandOptStringReq(ctl, cmd, "file", &from) < 0)
        return false;
    if (tmReadFile(ctl, from, &buffer) < 0)
        return false;

    if (tmCommandOptBool(cmd, "validate"))
        dom = virDomainDefineXMLFlags(ctl->conn, buffer, VIR_DOMAIN_DEFINE_VALIDATE);
    else
        dom = virDomainDefineXML(ctl->conn, buffer);
    if (!dom) {
        tmError(ctl, "Failed to define domain from %s", from);
        return false;
    }
    tmPrintExtra(ctl, "Domain '%s' defined from %s\n", virDomainGetName(dom), from);
    return true;
}

static const tmCmdOptDef opts_destroy[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "graceful",
     .type = TM_OT_BOOL,
     .help = "terminate gracefully"
    },
    {.name = "remove-logs",
     .type = TM_OT_BOOL,
     .help = "remove domain logs"
    },
    {.name = NULL}
};

/* "destroy DOMAIN [--graceful] [--remove-logs]" */
static bool
cmdDestroy(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    const char *name;
    unsigned int flags = 0;
    int result;

    if (!(dom = tmCommandOptDomain(ctl, cmd, &name)))
        return false;

    if (tmCommandOptBool(cmd, "graceful"))
        flags |= VIR_DOMAIN_DESTROY_GRACEFUL;
    if (tmCommandOptBool(cmd, "remove-logs"))
        flags |= VIR_DOMAIN_DESTROY_REMOVE_LOGS;

    if (flags)
        result = virDomainDestroyFlags(dom, flags);
    else
        result = virDomainDestroy(dom);
    if (result < 0) {
        tmError(ctl, "Failed to destroy domain '%s'", name);
        return false;
    }
    tmPrintExtra(ctl, "Domain '%s' destroyed\n", name);
    return true;
}

static const tmCmdOptDef opts_dumpxml[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "inactive",
     .type = TM_OT_BOOL,
     .help = "show inactive defined XML"
    },
    {.name = "security-info",
     .type = TM_OT_BOOL,
     .help = "include security sensitive information in XML dump"
    },
    {.name = "update-cpu",
     .type = TM_OT_BOOL,
     .help = "update guest CPU according to host CPU"
    },
    {.name = "migratable",
     .type = TM_OT_BOOL,
     .help = "provide XML suitable for migrations"
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

/* "dumpxml DOMAIN [--inactive] [--security-info] [--update-cpu]
 * [--migratable] [--xpath EXPR [--wrap]]" */
static bool
cmdDumpXML(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *xml = NULL;
    const char *xpath = NULL;
    unsigned int flags = 0;

    if (tmCommandOptBool(cmd, "inactive"))
        flags |= VIR_DOMAIN_XML_INACTIVE;
    if (tmCommandOptBool(cmd, "security-info"))
        flags |= VIR_DOMAIN_XML_SECURE;
    if (tmCommandOptBool(cmd, "update-cpu"))
        flags |= VIR_DOMAIN_XML_UPDATE_CPU;
    if (tmCommandOptBool(cmd, "migratable"))
        flags |= VIR_DOMAIN_XML_MIGRATABLE;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptStringQuiet(cmd, "xpath", &xpath) < 0)
        return false;
    if (!(xml = virDomainGetXMLDesc(dom, flags)))
        return false;
    return tmDumpXML(ctl, xml, "domain", xpath, tmCommandOptBool(cmd, "wrap"));
}

static const tmCmdOptDef opts_shutdown[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "mode",
     .type = TM_OT_STRING,
     .help = "shutdown mode: acpi|agent|initctl|signal|paravirt"
    },
    {.name = NULL}
};

/* Shutdown mode name -> flag. */
static const struct {
    const char *name;
    unsigned int flag;
} tmShutdownModes[] = {
    { "acpi", VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN },
    { "agent", VIR_DOMAIN_SHUTDOWN_GUEST_AGENT },
    { "initctl", VIR_DOMAIN_SHUTDOWN_INITCTL },
    { "signal", VIR_DOMAIN_SHUTDOWN_SIGNAL },
    { "paravirt", VIR_DOMAIN_SHUTDOWN_PARAVIRT },
};

/* "shutdown DOMAIN [--mode MODE[,MODE...]]" */
static bool
cmdShutdown(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_auto(GStrv) modes = NULL;
    const char *mode = NULL;
    const char *name;
    unsigned int flags = 0;
    size_t i;
    size_t j;
    int rv;

    if (tmCommandOptStringReq(ctl, cmd, "mode", &mode) < 0)
        return false;
    if (mode)
        modes = g_strsplit(mode, ",", 0);

    for (i = 0; modes && modes[i]; i++) {
        for (j = 0; j < G_N_ELEMENTS(tmShutdownModes); j++) {
            if (strcmp(modes[i], tmShutdownModes[j].name) == 0)
                break;
        }
        if (j == G_N_ELEMENTS(tmShutdownModes)) {
            tmError(ctl, "Unknown mode %s value, expecting "
                    "'acpi', 'agent', 'initctl', 'signal', "
                    "or 'paravirt'", modes[i]);
            return false;
        }
        flags |= tmShutdownModes[j].flag;
    }

    if (!(dom = tmCommandOptDomain(ctl, cmd, &name)))
        return false;

    if (flags)
        rv = virDomainShutdownFlags(dom, flags);
    else
        rv = virDomainShutdown(dom);
    if (rv != 0) {
        tmError(ctl, "Failed to shutdown domain '%s'", name);
        return false;
    }
    tmPrintExtra(ctl, "Domain '%s' is being shutdown\n", name);
    return true;
}

static const tmCmdOptDef opts_start[] = {
    TM_OPT_DOMAIN("name of the inactive domain"),
    {.name = "console",
     .type = TM_OT_BOOL,
     .help = "attach to console after creation"
    },
    {.name = "paused",
     .type = TM_OT_BOOL,
     .help = "leave the guest paused after creation"
    },
    {.name = "autodestroy",
     .type = TM_OT_BOOL,
     .help = "automatically destroy the guest when virsh disconnects"
    },
    {.name = "bypass-cache",
     .type = TM_OT_BOOL,
     .help = "avoid file system cache when loading"
    },
    {.name = "force-boot",
     .type = TM_OT_BOOL,
     .help = "force fresh boot by discarding any managed save"
    },
    {.name = "pass-fds",
     .type = TM_OT_STRING,
     .help = "pass file descriptors N,M,... to the guest"
    },
    {.name = "reset-nvram",
     .type = TM_OT_BOOL,
     .help = "re-initialize NVRAM from its pristine template"
    },
    {.name = NULL}
};

/* Parses --pass-fds N,M,...  Returns the count (0 without the option),
 * or -1 after an error. */
static int
tmFetchPassFds(tmControl *ctl, const tmCmd *cmd)
{
    g_auto(GStrv) fdlist = NULL;
    const char *fdopt;
    size_t i;
    int fd;

    if (tmCommandOptStringQuiet(cmd, "pass-fds", &fdopt) <= 0)
        return 0;

    fdlist = g_strsplit(fdopt, ",", -1);
    for (i = 0; fdlist[i]; i++) {
        if (tmStrToInt(fdlist[i], &fd) < 0) {
            tmError(ctl, "Unable to parse FD number '%s'", fdlist[i]);
            return -1;
        }
    }
    return i;
}

/* What "start --console" does after the start: the library has no
 * console streams, so past virsh's own checks it fails the way virsh
 * fails with a driver that has none. */
static bool
tmRunConsole(tmControl *ctl, virDomainPtr dom)
{
    int state = tmDomainState(ctl, dom, NULL);

    if (state < 0) {
        tmError(ctl, "%s", "Unable to get domain status");
        return false;
    }
    if (state == VIR_DOMAIN_SHUTOFF) {
        tmError(ctl, "%s", "The domain is not running");
        return false;
    }
    if (!isatty(STDIN_FILENO)) {
        tmError(ctl, "%s", "Cannot run interactive console without a controlling TTY");
        return false;
    }

    tmPrintExtra(ctl, "Connected to domain '%s'\n", virDomainGetName(dom));
    tmPrintExtra(ctl, "Escape character is %s", ctl->escape_char);
    if (ctl->escape_char[0] == '^')
        tmPrintExtra(ctl, " (Ctrl + %c)", ctl->escape_char[1]);
    tmPrintExtra(ctl, "\n");
    tmSaveError(ctl, VIR_ERR_NO_SUPPORT,
                "this function is not supported by the connection driver: "
                "virDomainOpenConsole");
    return false;
}

/* Starts @dom with @flags, preferring the oldest call that can. */
static int
tmDomainCreate(tmControl *ctl, virDomainPtr dom, int nfds, unsigned int flags)
{
    if (nfds > 0) {
        /* the library cannot hand file descriptors to a guest */
        tmSaveError(ctl, VIR_ERR_NO_SUPPORT,
                    "this function is not supported by the connection driver: "
                    "virDomainCreateWithFiles");
        return -1;
    }
    if (flags)
        return virDomainCreateWithFlags(dom, flags);
    return virDomainCreate(dom);
}

/* "start DOMAIN [--console] [--paused] [--autodestroy] [--bypass-cache]
 * [--force-boot] [--pass-fds N,M] [--reset-nvram]" */
static bool
cmdStart(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    unsigned int flags = VIR_DOMAIN_NONE;
    int nfds;

    if (!(dom = tmCommandOptDomainBy(ctl, cmd, NULL, false)))
        return false;

    if (virDomainGetID(dom) != (unsigned int)-1) {
        tmError(ctl, "%s", "Domain is already active");
        return false;
    }

    if ((nfds = tmFetchPassFds(ctl, cmd)) < 0)
        return false;

    if (tmCommandOptBool(cmd, "paused"))
        flags |= VIR_DOMAIN_START_PAUSED;
    if (tmCommandOptBool(cmd, "autodestroy"))
        flags |= VIR_DOMAIN_START_AUTODESTROY;
    if (tmCommandOptBool(cmd, "bypass-cache"))
        flags |= VIR_DOMAIN_START_BYPASS_CACHE;
    if (tmCommandOptBool(cmd, "force-boot"))
        flags |= VIR_DOMAIN_START_FORCE_BOOT;
    if (tmCommandOptBool(cmd, "reset-nvram"))
        flags |= VIR_DOMAIN_START_RESET_NVRAM;

    /* as virsh: try --force-boot as a flag first; a driver that does not
     * know it gets a plain start (there is no managed save to drop) */
    if (flags & VIR_DOMAIN_START_FORCE_BOOT) {
        if (tmDomainCreate(ctl, dom, nfds, flags) == 0)
            goto started;
        if (tmLastErrorCode(ctl) != VIR_ERR_NO_SUPPORT &&
            tmLastErrorCode(ctl) != VIR_ERR_INVALID_ARG) {
            tmReportError(ctl);
            return false;
        }
        tmResetError(ctl);
        flags &= ~VIR_DOMAIN_START_FORCE_BOOT;
    }

    if (tmDomainCreate(ctl, dom, nfds, flags) < 0) {
        tmError(ctl, "Failed to start domain '%s'", virDomainGetName(dom));
        return false;
    }

 started:
    tmPrintExtra(ctl, "Domain '%s' started\n", virDomainGetName(dom));
    if (tmCommandOptBool(cmd, "console") && !tmRunConsole(ctl, dom))
        return false;
    return true;
}

static const tmCmdOptDef opts_suspend_resume[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = NULL}
};

/* "suspend DOMAIN" */
static bool
cmdSuspend(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    const char *name;

    if (!(dom = tmCommandOptDomain(ctl, cmd, &name)))
        return false;
    if (virDomainSuspend(dom) != 0) {
        tmError(ctl, "Failed to suspend domain '%s'", name);
        return false;
    }
    tmPrintExtra(ctl, "Domain '%s' suspended\n", name);
    return true;
}

/* "resume DOMAIN" */
static bool
cmdResume(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    const char *name;

    if (!(dom = tmCommandOptDomain(ctl, cmd, &name)))
        return false;
    if (virDomainResume(dom) != 0) {
        tmError(ctl, "Failed to resume domain '%s'", name);
        return false;
    }
    tmPrintExtra(ctl, "Domain '%s' resumed\n", name);
    return true;
}

static const tmCmdOptDef opts_domjobabort[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "postcopy",
     .type = TM_OT_BOOL,
     .help = "interrupt post-copy migration"
    },
    {.name = NULL}
};

/* "domjobabort DOMAIN [--postcopy]": silent on success, as in virsh */
static bool
cmdDomjobabort(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptBool(cmd, "postcopy"))
        return virDomainAbortJobFlags(dom, VIR_DOMAIN_ABORT_JOB_POSTCOPY) == 0;
    return virDomainAbortJob(dom) == 0;
}

static const tmCmdOptDef opts_domfsfreeze[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "mountpoint",
     .type = TM_OT_ARGV,
     .help = "mountpoint path to be frozen"
    },
    {.name = NULL}
};

static const tmCmdOptDef opts_domfsthaw[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "mountpoint",
     .type = TM_OT_ARGV,
     .help = "mountpoint path to be thawed"
    },
    {.name = NULL}
};

/* "domfsfreeze DOMAIN [MOUNTPOINT]..." and "domfsthaw ...", as virsh */
static bool
fs_freeze_thaw(tmControl *ctl, const tmCmd *cmd, bool freeze)
{
    g_autoptr(virDomain) dom = NULL;
    g_autoptr(GPtrArray) mounts = g_ptr_array_new();
    const tmCmdOpt *opt = NULL;
    int count;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    while ((opt = tmCommandOptArgv(cmd, opt)))
        g_ptr_array_add(mounts, opt->data);
    count = freeze ?
        virDomainFSFreeze(dom, mounts->len ? (const char **)mounts->pdata : NULL, mounts->len, 0) :
        virDomainFSThaw(dom, mounts->len ? (const char **)mounts->pdata : NULL, mounts->len, 0);
    if (count < 0) {
        tmError(ctl, "Unable to %s filesystems", freeze ? "freeze" : "thaw");
        return false;
    }
    tmPrintExtra(ctl, "%s %d filesystem(s)\n", freeze ? "Froze" : "Thawed", count);
    return true;
}

static bool
cmdDomFSFreeze(tmControl *ctl, const tmCmd *cmd)
{
    return fs_freeze_thaw(ctl, cmd, true);
}

static bool
cmdDomFSThaw(tmControl *ctl, const tmCmd *cmd)
{
    return fs_freeze_thaw(ctl, cmd, false);
}

const tmCmdDef tmDomManagementCmds[] = {
    {.name = "define",
     .handler = cmdDefine,
     .opts = opts_define,
     .help = "define (but don't start) a domain from an XML file",
     .desc = "Define a domain."
    },
    {.name = "destroy",
     .handler = cmdDestroy,
     .opts = opts_destroy,
     .help = "destroy (stop) a domain",
     .desc = "Forcefully stop a given domain, but leave its resources intact."
    },
    {.name = "domfsfreeze",
     .handler = cmdDomFSFreeze,
     .opts = opts_domfsfreeze,
     .help = "Freeze domain's mounted filesystems.",
     .desc = "Freeze domain's mounted filesystems."
    },
    {.name = "domfsthaw",
     .handler = cmdDomFSThaw,
     .opts = opts_domfsthaw,
     .help = "Thaw domain's mounted filesystems.",
     .desc = "Thaw domain's mounted filesystems."
    },
    {.name = "domjobabort",
     .handler = cmdDomjobabort,
     .opts = opts_domjobabort,
     .help = "abort active domain job",
     .desc = "Aborts the currently running domain job"
    },
    {.name = "domjobinfo",
     .handler = tmCmdDomjobinfo,
     .opts = tmOptsDomjobinfo,
     .help = "domain job information",
     .desc = "Returns information about jobs running on a domain."
    },
    {.name = "domxml-to-native",
     .handler = tmCmdDomxmlToNative,
     .opts = tmOptsDomxmlToNative,
     .help = "Convert domain XML to native config",
     .desc = "Convert domain XML config to a native guest configuration format."
    },
    {.name = "dumpxml",
     .handler = cmdDumpXML,
     .opts = opts_dumpxml,
     .help = "domain information in XML",
     .desc = "Output the domain information as an XML dump to stdout."
    },
    {.name = "qemu-monitor-command",
     .handler = tmCmdQemuMonitorCommand,
     .opts = tmOptsQemuMonitorCommand,
     .help = "QEMU Monitor Command",
     .desc = "QEMU Monitor Command"
    },
    {.name = "resume",
     .handler = cmdResume,
     .opts = opts_suspend_resume,
     .help = "resume a domain",
     .desc = "Resume a previously suspended domain."
    },
    {.name = "shutdown",
     .handler = cmdShutdown,
     .opts = opts_shutdown,
     .help = "gracefully shutdown a domain",
     .desc = "Run shutdown in the target domain."
    },
    {.name = "start",
     .handler = cmdStart,
     .opts = opts_start,
     .help = "start a (previously defined) inactive domain",
     .desc = "Start a domain, either from the last managedsave\n"
             "    state, or via a fresh boot if no managedsave state\n"
             "    is present."
    },
    {.name = "suspend",
     .handler = cmdSuspend,
     .opts = opts_suspend_resume,
     .help = "suspend a domain",
     .desc = "Suspend a running domain."
    },
    {.name = "undefine",
     .handler = tmCmdUndefine,
     .opts = tmOptsUndefine,
     .help = "undefine a domain",
     .desc = "Undefine an inactive domain, or convert persistent to transient."
    },
    {.name = NULL}
};
