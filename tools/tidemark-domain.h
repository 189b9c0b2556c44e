/*
 * tidemark-domain.h: what the domain, checkpoint and snapshot commands
 * share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "tidemark-cmd.h"

/* The <domain> argument most commands take first. */
#define TM_OPT_DOMAIN(helpstr) \
    {.name = "domain", \
     .type = TM_OT_DATA, \
     .flags = TM_OFLAG_REQ, \
     .help = helpstr, \
    }
#define TM_OPT_DOMAIN_FULL TM_OPT_DOMAIN("domain name, id or uuid")

#define TM_OPT_CURRENT(helpstr) \
    {.name = "current", \
     .type = TM_OT_BOOL, \
     .help = helpstr, \
    }

/* tidemark-domain-monitor.c */
const char *tmDomainStateToString(int state);
int tmDomainState(tmControl *ctl, virDomainPtr dom, int *reason);

/* tidemark-domain-list.c */
extern const tmCmdOptDef tmOptsList[];
bool tmCmdList(tmControl *ctl, const tmCmd *cmd);

/* tidemark-domain-undefine.c */
extern const tmCmdOptDef tmOptsUndefine[];
bool tmCmdUndefine(tmControl *ctl, const tmCmd *cmd);

/* tidemark-checkpoint.c */
int tmLookupCheckpoint(tmControl *ctl, const tmCmd *cmd, const char *arg,
                       virDomainPtr dom, virDomainCheckpointPtr *chk,
                       const char **name);
int tmGetCheckpointParent(tmControl *ctl, virDomainCheckpointPtr checkpoint,
                          char **parent_name);

/* tidemark-checkpoint-list.c */
extern const tmCmdOptDef tmOptsCheckpointList[];
bool tmCmdCheckpointList(tmControl *ctl, const tmCmd *cmd);

/* tidemark-snapshot.c */
int tmLookupSnapshot(tmControl *ctl, const tmCmd *cmd, const char *arg,
                     bool exclusive, virDomainPtr dom,
                     virDomainSnapshotPtr *snap, const char **name);
int tmGetSnapshotParent(tmControl *ctl, virDomainSnapshotPtr snapshot,
                        char **parent_name);

/* tidemark-snapshot-list.c */
extern const tmCmdOptDef tmOptsSnapshotList[];
bool tmCmdSnapshotList(tmControl *ctl, const tmCmd *cmd);
extern const tmCmdOptDef tmOptsSnapshotInfo[];
bool tmCmdSnapshotInfo(tmControl *ctl, const tmCmd *cmd);

/* tidemark-snapshot-edit.c */
extern const tmCmdOptDef tmOptsSnapshotEdit[];
bool tmCmdSnapshotEdit(tmControl *ctl, const tmCmd *cmd);

/* Creation time of a moment as checkpoint-list and snapshot-list show it
 * ("%Y-%m-%d %H:%M:%S %z", local time). */
char *tmFormatCreationTime(long long when);
