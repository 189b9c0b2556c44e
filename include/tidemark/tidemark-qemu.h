/*
 * tidemark-qemu.h: QEMU-specific calls (libvirt's libvirt-qemu.h subset)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * As in libvirt, these bypass the hypervisor-neutral API: a domain that
 * was sent monitor commands is marked tainted ("custom-monitor").
 */
#ifndef TIDEMARK_QEMU_H
# define TIDEMARK_QEMU_H

# include <tidemark/tidemark.h>

# ifdef __cplusplus
extern "C" {
# endif

/**
 * virDomainQemuMonitorCommandFlags:
 *
 * How virDomainQemuMonitorCommand() reads @cmd.
 */
typedef enum {
    VIR_DOMAIN_QEMU_MONITOR_COMMAND_DEFAULT = 0,        /* a QMP command (JSON) */
    VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP     = (1 << 0), /* a human monitor command */
} virDomainQemuMonitorCommandFlags;

/**
 * virDomainQemuMonitorCommand:
 * @domain: a running domain of a qemu connection
 * @cmd: a QMP command object, or an HMP command line with
 *       VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP
 * @result: receives QEMU's whole reply (QMP, compact JSON, an error reply
 *          included), or the HMP command's text output; free() it
 * @flags: virDomainQemuMonitorCommandFlags
 *
 * Sends @cmd to the domain's QEMU monitor. Refused on read-only
 * connections. Returns 0, or -1 (not running, malformed JSON, ...).
 */
int virDomainQemuMonitorCommand(virDomainPtr domain, const char *cmd,
                                char **result, unsigned int flags);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_QEMU_H */
