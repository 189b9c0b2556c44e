/*
 * qemu_backup_stats.h: the statistics of backup jobs (virDomainGetJobStats,
 * virDomainGetJobInfo, the job-completed event)
 *
 * A running job's figures come from QEMU (query-jobs); when it began and
 * the figures of the last job that ended are kept in the domain's run
 * directory (job.ini), so a later process reports them: the job outlives
 * the process that began it, and so do its statistics.
 */
#pragma once

#include "qemu/qemu_domain.h"
#include "util/virtypedparam.h"

typedef struct {
    int type;                           /* virDomainJobType */
    unsigned long long elapsed;         /* ms since the begin */
    unsigned long long total;           /* push: bytes to copy */
    unsigned long long processed;       /* push: bytes copied */
    unsigned long long tmp_used;        /* pull: bytes kept in the scratch images */
    unsigned long long tmp_total;
    char *errmsg;                       /* the first error QEMU reported, or NULL */
} qemuBackupStats;

/* Frees what @stats holds (not @stats). */
void qemuBackupStatsClear(qemuBackupStats *stats);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(qemuBackupStats, qemuBackupStatsClear);

/* Records now as the begin of @vm's job (locked). Returns 0 or -1 with
 * an error set. */
int qemuBackupStatsBegin(virDomainObj *vm);

/**
 * qemuBackupStatsQuery:
 * @vm: running, locked, its job slot held
 * @def: its backup job
 * @stats: filled in (UNBOUNDED, the elapsed time, QEMU's progress of
 *         every job of @def summed: push into total/processed, pull into
 *         tmp_used/tmp_total, the first job's error)
 *
 * Returns 0 or -1 with an error set.
 */
int qemuBackupStatsQuery(virDomainObj *vm, const virDomainBackupDef *def,
                         qemuBackupStats *stats);

/* The elapsed time of @vm's job from its recorded begin (0 if none). */
unsigned long long qemuBackupStatsElapsed(virDomainObj *vm);

/* Records @stats (type set to how the job ended) as @vm's completed job,
 * replacing the previous record and the begin time. Failures are logged:
 * the job has ended either way. */
void qemuBackupStatsComplete(virDomainObj *vm, const qemuBackupStats *stats);

/* The completed job's record of @vm into @stats: 1, or 0 when there is
 * none. With @drop, the record is removed (libvirt forgets completed
 * statistics once read, unless asked to keep them). */
int qemuBackupStatsCompleted(virDomainObj *vm, qemuBackupStats *stats, bool drop);

/* @stats as libvirt's qemu driver reports a backup job's: operation,
 * time_elapsed, disk_total/processed/remaining when a push copied,
 * disk_temp_used/total when a pull kept data, success once ended,
 * errmsg. */
void qemuBackupStatsToParams(const qemuBackupStats *stats, virTypedParamList *list);

/* @stats as virDomainGetJobInfo fills its struct (file* from disk_*). */
void qemuBackupStatsToInfo(const qemuBackupStats *stats, virDomainJobInfoPtr info);
