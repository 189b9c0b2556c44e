/*
 * tidemark-domain-undefine.c: the undefine command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virsh 9.0's "undefine", including its care not to strand data: a
 * domain with snapshot metadata is only undefined with
 * --snapshots-metadata.  tidemark has no storage pools, so every disk
 * named by --storage / --remove-all-storage is "not managed by libvirt"
 * and is left alone, as virsh reports for such disks.
 */
#include <stdlib.h>
#include <string.h>

#include "tidemark-domain.h"

const tmCmdOptDef tmOptsUndefine[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "managed-save",
     .type = TM_OT_BOOL,
     .help = "remove domain managed state file"
    },
    {.name = "storage",
     .type = TM_OT_STRING,
     .help = "remove associated storage volumes (comma separated list of "
             "targets or source paths) (see domblklist)"
    },
    {.name = "remove-all-storage",
     .type = TM_OT_BOOL,
     .help = "remove all associated storage volumes (use with caution)"
    },
    {.name = "delete-snapshots",
     .type = TM_OT_ALIAS,
     .help = "delete-storage-volume-snapshots"
    },
    {.name = "delete-storage-volume-snapshots",
     .type = TM_OT_BOOL,
     .help = "delete snapshots associated with volume(s), requires "
             "--remove-all-storage (must be supported by storage driver)"
    },
    {.name = "wipe-storage",
     .type = TM_OT_BOOL,
     .help = "wipe data on the removed volumes"
    },
    {.name = "snapshots-metadata",
     .type = TM_OT_BOOL,
     .help = "remove all domain snapshot metadata (vm must be inactive)"
    },
    {.name = "checkpoints-metadata",
     .type = TM_OT_BOOL,
     .help = "remove all domain checkpoint metadata (vm must be inactive)"
    },
    {.name = "nvram",
     .type = TM_OT_BOOL,
     .help = "remove nvram file"
    },
    {.name = "keep-nvram",
     .type = TM_OT_BOOL,
     .help = "keep nvram file"
    },
    {.name = "tpm",
     .type = TM_OT_BOOL,
     .help = "remove TPM state"
    },
    {.name = "keep-tpm",
     .type = TM_OT_BOOL,
     .help = "keep TPM state"
    },
    {.name = NULL}
};

/* Option name -> undefine flag. */
static const struct {
    const char *option;
    unsigned int flag;
} tmUndefineFlags[] = {
    { "managed-save", VIR_DOMAIN_UNDEFINE_MANAGED_SAVE },
    { "snapshots-metadata", VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA },
    { "checkpoints-metadata", VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA },
    { "nvram", VIR_DOMAIN_UNDEFINE_NVRAM },
    { "keep-nvram", VIR_DOMAIN_UNDEFINE_KEEP_NVRAM },
    { "tpm", VIR_DOMAIN_UNDEFINE_TPM },
    { "keep-tpm", VIR_DOMAIN_UNDEFINE_KEEP_TPM },
};

/* Goes through the disks of @dom that --storage (@vol_string) or
 * --remove-all-storage selects.  None can be removed (no storage pools),
 * which is reported per disk.  Returns -1 when --storage named a disk
 * the domain does not have (or after an error), else 0. */
static int
tmUndefineStorage(tmControl *ctl, virDomainPtr dom, const char *vol_string)
{
    g_autofree char *desc = NULL;
    g_autoptr(tmXML) xml = NULL;
    g_auto(GStrv) vol_list = NULL;
    int nvol_list = 0;
    bool missing = false;
    int ndisks;
    int i;
    int j;

    if (!(desc = virDomainGetXMLDesc(dom, 0))) {
        tmError(ctl, "%s", "Failed to get domain description xml");
        return -1;
    }
    if (!(xml = tmXMLParse(ctl, desc, "(domain_definition)"))) {
        tmError(ctl, "%s", "Failed to parse domain description xml");
        return -1;
    }
    if (vol_string)
        nvol_list = tmStringToArray(vol_string, &vol_list);

    {
        g_autofree char *count = tmXMLString(xml, "string(count(./devices/disk))");

        ndisks = count ? atoi(count) : 0;
    }

    for (i = 1; i <= ndisks; i++) {
        g_autofree char *xp_target = g_strdup_printf(
            "string((./devices/disk)[%d]/target/@dev)", i);
        g_autofree char *xp_source = g_strdup_printf(
            "string((./devices/disk)[%d]/source/@file|"
            "(./devices/disk)[%d]/source/@dir|"
            "(./devices/disk)[%d]/source/@name|"
            "(./devices/disk)[%d]/source/@dev|"
            "(./devices/disk)[%d]/source/@volume)", i, i, i, i, i);
        g_autofree char *xp_pool = g_strdup_printf(
            "string((./devices/disk)[%d]/source/@pool)", i);
        g_autofree char *target = NULL;
        g_autofree char *source = NULL;
        g_autofree char *pool = NULL;

        if (!(target = tmXMLString(xml, xp_target)))
            return -1;
        if (!(source = tmXMLString(xml, xp_source)))
            continue;
        pool = tmXMLString(xml, xp_pool);

        if (vol_list) {
            bool found = false;

            for (j = 0; j < nvol_list; j++) {
                if (vol_list[j] && (strcmp(vol_list[j], target) == 0 ||
                                    strcmp(vol_list[j], source) == 0)) {
                    g_clear_pointer(&vol_list[j], g_free);
                    found = true;
                    break;
                }
            }
            if (!found)
                continue;
        }

        if (pool)
            tmError(ctl, "Storage pool '%s' for volume '%s' not found.", pool, target);
        else
            tmError(ctl, "Storage volume '%s'(%s) is not managed by libvirt. "
                    "Remove it manually.\n", target, source);
    }

    for (j = 0; j < nvol_list; j++) {
        if (vol_list[j]) {
            tmError(ctl, "Volume '%s' was not found in domain's definition.\n",
                    vol_list[j]);
            missing = true;
        }
    }
    /* GStrv cleanup stops at the first hole */
    for (j = 0; j < nvol_list; j++)
        g_clear_pointer(&vol_list[j], g_free);
    return missing ? -1 : 0;
}

/**
 * tmCmdUndefine:
 * "undefine DOMAIN [--managed-save] [--storage LIST | --remove-all-storage
 * [--delete-storage-volume-snapshots]] [--wipe-storage]
 * [--snapshots-metadata] [--checkpoints-metadata] [--nvram|--keep-nvram]
 * [--tpm|--keep-tpm]"
 */
bool
tmCmdUndefine(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    bool snapshots_metadata = tmCommandOptBool(cmd, "snapshots-metadata");
    bool wipe_storage = tmCommandOptBool(cmd, "wipe-storage");
    bool remove_all_storage = tmCommandOptBool(cmd, "remove-all-storage");
    bool nvram = tmCommandOptBool(cmd, "nvram");
    const char *vol_string = NULL;
    const char *name = NULL;
    unsigned int flags = 0;
    int has_snapshots = 0;
    int has_snapshots_metadata = 0;
    bool snapshots_safe = false;
    int running;
    size_t i;
    int rc;

    if (tmRequireOption(ctl, "delete-storage-volume-snapshots",
                        tmCommandOptBool(cmd, "delete-storage-volume-snapshots"),
                        "remove-all-storage", remove_all_storage) ||
        tmExclusiveOptions(ctl, "nvram", nvram,
                           "keep-nvram", tmCommandOptBool(cmd, "keep-nvram")) ||
        tmExclusiveOptions(ctl, "tpm", tmCommandOptBool(cmd, "tpm"),
                           "keep-tpm", tmCommandOptBool(cmd, "keep-tpm")))
        return false;

    (void)tmCommandOptStringQuiet(cmd, "storage", &vol_string);
    if (!(vol_string || remove_all_storage) && wipe_storage) {
        tmError(ctl, "%s", "'--wipe-storage' requires '--storage <string>' or "
                "'--remove-all-storage'");
        return false;
    }

    for (i = 0; i < G_N_ELEMENTS(tmUndefineFlags); i++) {
        if (tmCommandOptBool(cmd, tmUndefineFlags[i].option))
            flags |= tmUndefineFlags[i].flag;
    }

    if (!(dom = tmCommandOptDomain(ctl, cmd, &name)))
        return false;

    /* Drop flags whose object does not exist, so that a driver that does
     * not know them is not asked; tidemark has no managed save. */
    if ((running = virDomainIsActive(dom)) < 0) {
        tmReportError(ctl);
        return false;
    }
    if (!running) {
        if ((has_snapshots = virDomainSnapshotNum(dom, 0)) < 0) {
            if (tmLastErrorCode(ctl) != VIR_ERR_NO_SUPPORT) {
                tmReportError(ctl);
                return false;
            }
            tmResetError(ctl);
            has_snapshots = 0;
        }
        if (has_snapshots) {
            has_snapshots_metadata =
                virDomainSnapshotNum(dom, VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
            if (has_snapshots_metadata < 0) {
                tmResetError(ctl);
                has_snapshots_metadata = has_snapshots;
            } else {
                snapshots_safe = true;
            }
        }
    }
    flags &= ~VIR_DOMAIN_UNDEFINE_MANAGED_SAVE;
    if (has_snapshots == 0)
        snapshots_safe = true;
    if (has_snapshots_metadata == 0) {
        flags &= ~VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
        snapshots_safe = true;
    }

    if (vol_string || remove_all_storage) {
        if (running) {
            tmError(ctl, "%s", "Storage volume deletion is supported only on "
                    "stopped domains");
            return false;
        }
        if (vol_string && remove_all_storage) {
            tmError(ctl, "%s", "Specified both --storage and --remove-all-storage");
            return false;
        }
        if (tmUndefineStorage(ctl, dom, vol_string) < 0)
            return false;
    }

    if (snapshots_safe || nvram) {
        rc = virDomainUndefineFlags(dom, flags);
        if (rc == 0 || nvram ||
            (tmLastErrorCode(ctl) != VIR_ERR_NO_SUPPORT &&
             tmLastErrorCode(ctl) != VIR_ERR_INVALID_ARG))
            goto out;
        tmResetError(ctl);
    }

    if (has_snapshots_metadata) {
        if (snapshots_metadata)
            tmError(ctl, "Unable to remove metadata of %d snapshots",
                    has_snapshots_metadata);
        else
            tmError(ctl, "Refusing to undefine while %d snapshots exist",
                    has_snapshots_metadata);
        return false;
    }
    rc = virDomainUndefine(dom);

 out:
    if (rc != 0) {
        tmError(ctl, "Failed to undefine domain '%s'", name);
        return false;
    }
    tmPrintExtra(ctl, "Domain '%s' has been undefined\n", name);
    return true;
}
