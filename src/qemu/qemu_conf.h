/*
 * qemu_conf.h: where a qemu driver keeps its state, and qemu.conf
 *
 * qemu:///embed?root=DIR keeps everything under DIR:
 *   DIR/etc/qemu.conf                 configuration (optional)
 *   DIR/domains/NAME.xml              persistent definitions
 *   DIR/checkpoint/NAME/CHK.xml       checkpoint metadata
 *   DIR/snapshot/NAME/SNAP.xml        snapshot metadata
 *   DIR/run/NAME/                     a running domain: status.xml,
 *                                     monitor.sock, qemu.pid, qemu.log;
 *                                     a backup job (backup.xml), and for a
 *                                     shut-off domain's its storage daemon:
 *                                     storage.sock, storage.pid, storage.log
 *   DIR/run/qemu/driver.pid           the lock of the process that has the
 *                                     root open (libvirt's file)
 * (NAME, CHK and SNAP encoded with virFileEncodeName.)
 *
 * Inside tidemarkd, qemu:///session and qemu:///system keep the same
 * files in libvirt's places for those drivers, with "tidemark" for
 * "libvirt" (qemuDriverConfigNewDaemon).
 */
#pragma once

#include "internal.h"

typedef struct _qemuDriverConfig qemuDriverConfig;
struct _qemuDriverConfig {
    char *root;              /* DIR */
    char *config_file;       /* DIR/etc/qemu.conf */
    char *domain_dir;        /* DIR/domains */
    char *checkpoint_dir;    /* DIR/checkpoint */
    char *snapshot_dir;      /* DIR/snapshot */
    char *run_dir;           /* DIR/run */
    char *lock_file;         /* DIR/run/qemu/driver.pid */
    char *cache_dir;         /* DIR/cache: the machine list */

    /* qemu.conf keys tidemark honours (libvirt's names) */
    char *stdio_handler;     /* "file" (default) or "logd" */
    char *security_driver;   /* "none" */
    char *user;              /* user QEMU runs as, NULL: as the caller */
    char *group;

    char *qemu_binary;       /* $TIDEMARK_QEMU or qemu-system-x86_64 on PATH */
    char *qemu_img;          /* $TIDEMARK_QEMU_IMG or qemu-img on PATH */
    /* $TIDEMARK_QEMU_STORAGE_DAEMON or qemu-storage-daemon on PATH: serves
     * a shut-off domain's disks for a backup job */
    char *qemu_storage_daemon;
    /* $TIDEMARK_ACCEL ("tcg"): force an accelerator, for tests that must
     * run on TCG where KVM works */
    char *accel_override;
};

void qemuDriverConfigFree(qemuDriverConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuDriverConfig, qemuDriverConfigFree);

/**
 * qemuDriverConfigNewEmbed:
 * @root: absolute directory
 *
 * The configuration of an embedded driver rooted at @root, with
 * DIR/etc/qemu.conf read if it exists. Keys other than the ones above
 * are named in one warning on stderr and ignored. Returns NULL with an
 * error set (unreadable or malformed file, a value of the wrong type, a
 * relative root).
 */
qemuDriverConfig *qemuDriverConfigNewEmbed(const char *root);

/**
 * qemuDriverConfigNewDaemon:
 * @privileged: the daemon runs as root
 *
 * The configuration of tidemarkd's own qemu driver, libvirt's layout:
 * as root (qemu:///system) SYSCONFDIR/tidemark/qemu.conf, definitions in
 * SYSCONFDIR/tidemark/qemu, checkpoints and snapshots in
 * /var/lib/tidemark/qemu/{checkpoint,snapshot}, running domains in
 * /run/tidemark/qemu, the cache in /var/cache/tidemark/qemu; for a user
 * (qemu:///session) the same under $XDG_CONFIG_HOME/tidemark (file,
 * definitions, checkpoint/ and snapshot/ in qemu/),
 * $XDG_RUNTIME_DIR/tidemark/qemu/run (else the cache dir's, as libvirt
 * falls back) and $XDG_CACHE_HOME/tidemark/qemu. The driver's lock is
 * driver.pid in the run directory. qemu.conf is read as for
 * qemuDriverConfigNewEmbed(). Returns NULL with an error set.
 */
qemuDriverConfig *qemuDriverConfigNewDaemon(bool privileged);

/**
 * qemuDriverConfigParse:
 * @text: qemu.conf content, @file: its name for messages
 * @unknown: receives the keys not honoured (NULL-terminated, new)
 *
 * Parses libvirt's configuration syntax (KEY = "string" | number |
 * [ list ], # comments) into @cfg. Returns 0 or -1 with CONF_SYNTAX.
 */
int qemuDriverConfigParse(qemuDriverConfig *cfg, const char *text,
                          const char *file, char ***unknown);
