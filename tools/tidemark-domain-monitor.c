/*
 * tidemark-domain-monitor.c: list, dominfo, domstate
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Output and messages are virsh 9.0's (tools/virsh-domain-monitor.c).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tidemark-cmd.h"
#include "tidemark-domain.h"

static const char *const tmStateNames[] = {
    "no state", "running", "idle", "paused", "in shutdown", "shut off",
    "crashed", "pmsuspended",
};

/**
 * tmDomainStateToString:
 * virsh's word for a virDomainState.
 */
const char *
tmDomainStateToString(int state)
{
    if (state < 0 || state >= (int)G_N_ELEMENTS(tmStateNames))
        return "no state";
    return tmStateNames[state];
}

/* The reasons of each state, indexed by reason number. */
static const char *const tmReasonNostate[] = { "unknown" };
static const char *const tmReasonRunning[] = {
    "unknown", "booted", "migrated", "restored", "from snapshot", "unpaused",
    "migration canceled", "save canceled", "event wakeup", "crashed",
    "post-copy", "post-copy failed",
};
static const char *const tmReasonBlocked[] = { "unknown" };
static const char *const tmReasonPaused[] = {
    "unknown", "user", "migrating", "saving", "dumping", "I/O error",
    "watchdog", "from snapshot", "shutting down", "creating snapshot",
    "crashed", "starting up", "post-copy", "post-copy failed",
};
static const char *const tmReasonShutdown[] = { "unknown", "user" };
static const char *const tmReasonShutoff[] = {
    "unknown", "shutdown", "destroyed", "crashed", "migrated", "saved",
    "failed", "from snapshot", "daemon",
};
static const char *const tmReasonCrashed[] = { "unknown", "panicked" };
static const char *const tmReasonPMSuspended[] = { "unknown" };

#define TM_REASON(table) { table, G_N_ELEMENTS(table) }
static const struct {
    const char *const *names;
    size_t count;
} tmReasons[] = {
    TM_REASON(tmReasonNostate),
    TM_REASON(tmReasonRunning),
    TM_REASON(tmReasonBlocked),
    TM_REASON(tmReasonPaused),
    TM_REASON(tmReasonShutdown),
    TM_REASON(tmReasonShutoff),
    TM_REASON(tmReasonCrashed),
    TM_REASON(tmReasonPMSuspended),
};
#undef TM_REASON

/* virsh's words for the @reason of @state. */
static const char *
tmDomainStateReasonToString(int state, int reason)
{
    if (state < 0 || state >= (int)G_N_ELEMENTS(tmReasons) ||
        reason < 0 || (size_t)reason >= tmReasons[state].count)
        return "unknown";
    return tmReasons[state].names[reason];
}

/**
 * tmDomainState:
 * The state of @dom (and its reason, if @reason), from virDomainGetState
 * or, where that is missing, virDomainGetInfo.  Returns -1 after an
 * error.
 */
int
tmDomainState(tmControl *ctl, virDomainPtr dom, int *reason)
{
    virDomainInfo info;
    int state;

    if (reason)
        *reason = -1;
    if (virDomainGetState(dom, &state, reason, 0) == 0)
        return state;
    if (tmLastErrorCode(ctl) != VIR_ERR_NO_SUPPORT)
        return -1;
    if (virDomainGetInfo(dom, &info) < 0)
        return -1;
    return info.state;
}

static const tmCmdOptDef opts_dominfo[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = NULL}
};

/* The Security lines of dominfo; false after an error. */
static bool
tmDominfoSecurity(tmControl *ctl, virDomainPtr dom)
{
    virSecurityModel secmodel;
    virSecurityLabel seclabel;

    memset(&secmodel, 0, sizeof(secmodel));
    if (virNodeGetSecurityModel(ctl->conn, &secmodel) == -1) {
        if (tmLastErrorCode(ctl) != VIR_ERR_NO_SUPPORT)
            return false;
        tmResetError(ctl);
        return true;
    }
    if (secmodel.model[0] == '\0')
        return true;

    tmPrint(ctl, "%-15s %s\n", "Security model:", secmodel.model);
    tmPrint(ctl, "%-15s %s\n", "Security DOI:", secmodel.doi);
    memset(&seclabel, 0, sizeof(seclabel));
    if (virDomainGetSecurityLabel(dom, &seclabel) == -1)
        return false;
    if (seclabel.label[0] != '\0')
        tmPrint(ctl, "%-15s %s (%s)\n", "Security label:", seclabel.label,
                seclabel.enforcing ? "enforcing" : "permissive");
    return true;
}

/* "dominfo DOMAIN" */
static bool
cmdDominfo(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN];
    virDomainInfo info;
    unsigned int id;
    int persistent;
    g_autofree char *ostype = NULL;
    g_auto(GStrv) messages = NULL;
    int autostart;
    int managed;
    bool ret = true;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;

    id = virDomainGetID(dom);
    if (id == (unsigned int)-1)
        tmPrint(ctl, "%-15s %s\n", "Id:", "-");
    else
        tmPrint(ctl, "%-15s %d\n", "Id:", id);
    tmPrint(ctl, "%-15s %s\n", "Name:", virDomainGetName(dom));

    if (virDomainGetUUIDString(dom, uuid) == 0)
        tmPrint(ctl, "%-15s %s\n", "UUID:", uuid);

    if ((ostype = virDomainGetOSType(dom)))
        tmPrint(ctl, "%-15s %s\n", "OS Type:", ostype);

    if (virDomainGetInfo(dom, &info) == 0) {
        tmPrint(ctl, "%-15s %s\n", "State:", tmDomainStateToString(info.state));
        tmPrint(ctl, "%-15s %d\n", "CPU(s):", info.nrVirtCpu);
        if (info.cpuTime != 0)
            tmPrint(ctl, "%-15s %.1lfs\n", "CPU time:", info.cpuTime / 1000000000.0);
        if (info.maxMem != UINT_MAX)
            tmPrint(ctl, "%-15s %lu KiB\n", "Max memory:", info.maxMem);
        else
            tmPrint(ctl, "%-15s %s\n", "Max memory:", "no limit");
        tmPrint(ctl, "%-15s %lu KiB\n", "Used memory:", info.memory);
    } else {
        ret = false;
    }

    persistent = virDomainIsPersistent(dom);
    tmDebug(ctl, TM_ERR_DEBUG, "Domain persistent flag value: %d\n", persistent);
    if (persistent < 0)
        tmPrint(ctl, "%-15s %s\n", "Persistent:", "unknown");
    else
        tmPrint(ctl, "%-15s %s\n", "Persistent:", persistent ? "yes" : "no");

    if (virDomainGetAutostart(dom, &autostart) == 0)
        tmPrint(ctl, "%-15s %s\n", "Autostart:", autostart ? "enable" : "disable");

    managed = virDomainHasManagedSaveImage(dom, 0);
    if (managed < 0)
        tmPrint(ctl, "%-15s %s\n", "Managed save:", "unknown");
    else
        tmPrint(ctl, "%-15s %s\n", "Managed save:", managed ? "yes" : "no");

    if (!tmDominfoSecurity(ctl, dom))
        return false;

    if (virDomainGetMessages(dom, &messages, 0) > 0) {
        for (size_t i = 0; messages[i]; i++)
            tmPrint(ctl, "%-15s %s\n", i == 0 ? "Messages:" : "", messages[i]);
    }

    return ret;
}

static const tmCmdOptDef opts_domstate[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "reason",
     .type = TM_OT_BOOL,
     .help = "also print reason for the state"
    },
    {.name = NULL}
};

/* "domstate DOMAIN [--reason]" */
static bool
cmdDomstate(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    int state;
    int reason;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if ((state = tmDomainState(ctl, dom, &reason)) < 0)
        return false;

    if (tmCommandOptBool(cmd, "reason"))
        tmPrint(ctl, "%s (%s)\n", tmDomainStateToString(state),
                tmDomainStateReasonToString(state, reason));
    else
        tmPrint(ctl, "%s\n", tmDomainStateToString(state));
    return true;
}

const tmCmdDef tmDomMonitoringCmds[] = {
    {.name = "domblklist",
     .handler = tmCmdDomblklist,
     .opts = tmOptsDomblklist,
     .help = "list all domain blocks",
     .desc = "Get the summary of block devices for a domain."
    },
    {.name = "dominfo",
     .handler = cmdDominfo,
     .opts = opts_dominfo,
     .help = "domain information",
     .desc = "Returns basic information about the domain."
    },
    {.name = "domstate",
     .handler = cmdDomstate,
     .opts = opts_domstate,
     .help = "domain state",
     .desc = "Returns state about a domain."
    },
    {.name = "list",
     .handler = tmCmdList,
     .opts = tmOptsList,
     .help = "list domains",
     .desc = "Returns list of domains."
    },
    {.name = NULL}
};
