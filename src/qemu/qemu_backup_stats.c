/*
 * qemu_backup_stats.c: the statistics of backup jobs
 */
#include "internal.h"

#include "qemu/qemu_backup_qmp.h"
#include "qemu/qemu_backup_stats.h"
#include "util/virfile.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

#define GROUP_CURRENT "current"
#define GROUP_COMPLETED "completed"

void
qemuBackupStatsClear(qemuBackupStats *stats)
{
    g_clear_pointer(&stats->errmsg, g_free);
}

static char *
stats_file(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    return g_build_filename(priv->run_dir, "job.ini", NULL);
}

static unsigned long long
now_ms(void)
{
    return g_get_real_time() / 1000;
}

/* The job file's content (empty when missing or unreadable). */
static GKeyFile *
load(virDomainObj *vm)
{
    g_autofree char *path = stats_file(vm);
    GKeyFile *kf = g_key_file_new();

    g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL);
    return kf;
}

static int
save(virDomainObj *vm, GKeyFile *kf)
{
    g_autofree char *path = stats_file(vm);
    gsize len = 0;
    g_autofree char *data = g_key_file_to_data(kf, &len, NULL);

    return virFileWriteAtomic(path, data, len, 0600);
}

int
qemuBackupStatsBegin(virDomainObj *vm)
{
    g_autoptr(GKeyFile) kf = load(vm);

    g_key_file_set_uint64(kf, GROUP_CURRENT, "started", now_ms());
    return save(vm, kf);
}

unsigned long long
qemuBackupStatsElapsed(virDomainObj *vm)
{
    g_autoptr(GKeyFile) kf = load(vm);
    guint64 started = g_key_file_get_uint64(kf, GROUP_CURRENT, "started", NULL);
    unsigned long long now = now_ms();

    return started && started <= now ? now - started : 0;
}

int
qemuBackupStatsQuery(virDomainObj *vm, const virDomainBackupDef *def, qemuBackupStats *stats)
{
    bool push = def->type != VIR_DOMAIN_BACKUP_TYPE_PULL;
    g_autoptr(virJSONValue) jobs = NULL;

    memset(stats, 0, sizeof(*stats));
    stats->type = VIR_DOMAIN_JOB_UNBOUNDED;
    stats->elapsed = qemuBackupStatsElapsed(vm);
    if (qemuBackupRun(vm, "query-jobs", NULL, &jobs) < 0)
        return -1;
    for (size_t i = 0; i < def->ndisks; i++) {
        virJSONValue *job;
        long long cur = 0;
        long long end = 0;
        const char *error;

        if (def->disks[i].backup != VIR_TRISTATE_BOOL_YES ||
            !(job = qemuBackupFindJob(jobs, &def->disks[i])))
            continue;
        virJSONValueObjectGetNumberLong(job, "current-progress", &cur);
        virJSONValueObjectGetNumberLong(job, "total-progress", &end);
        if (push) {
            stats->processed += cur;
            stats->total += end;
        } else {
            stats->tmp_used += cur;
            stats->tmp_total += end;
        }
        if (!stats->errmsg && (error = virJSONValueObjectGetString(job, "error")))
            stats->errmsg = g_strdup(error);
    }
    return 0;
}

void
qemuBackupStatsComplete(virDomainObj *vm, const qemuBackupStats *stats)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();

    g_key_file_set_integer(kf, GROUP_COMPLETED, "type", stats->type);
    g_key_file_set_uint64(kf, GROUP_COMPLETED, "elapsed", stats->elapsed);
    g_key_file_set_uint64(kf, GROUP_COMPLETED, "total", stats->total);
    g_key_file_set_uint64(kf, GROUP_COMPLETED, "processed", stats->processed);
    g_key_file_set_uint64(kf, GROUP_COMPLETED, "tmp_used", stats->tmp_used);
    g_key_file_set_uint64(kf, GROUP_COMPLETED, "tmp_total", stats->tmp_total);
    if (stats->errmsg)
        g_key_file_set_string(kf, GROUP_COMPLETED, "errmsg", stats->errmsg);
    if (save(vm, kf) < 0) {
        g_printerr("tidemark: cannot record the completed job of '%s': %s\n",
                   vm->def->name, virGetLastErrorMessage());
        virResetLastError();
    }
}

int
qemuBackupStatsCompleted(virDomainObj *vm, qemuBackupStats *stats, bool drop)
{
    g_autoptr(GKeyFile) kf = load(vm);

    memset(stats, 0, sizeof(*stats));
    if (!g_key_file_has_group(kf, GROUP_COMPLETED))
        return 0;
    stats->type = g_key_file_get_integer(kf, GROUP_COMPLETED, "type", NULL);
    stats->elapsed = g_key_file_get_uint64(kf, GROUP_COMPLETED, "elapsed", NULL);
    stats->total = g_key_file_get_uint64(kf, GROUP_COMPLETED, "total", NULL);
    stats->processed = g_key_file_get_uint64(kf, GROUP_COMPLETED, "processed", NULL);
    stats->tmp_used = g_key_file_get_uint64(kf, GROUP_COMPLETED, "tmp_used", NULL);
    stats->tmp_total = g_key_file_get_uint64(kf, GROUP_COMPLETED, "tmp_total", NULL);
    stats->errmsg = g_key_file_get_string(kf, GROUP_COMPLETED, "errmsg", NULL);
    if (drop) {
        g_key_file_remove_group(kf, GROUP_COMPLETED, NULL);
        if (save(vm, kf) < 0) {
            qemuBackupStatsClear(stats);
            return -1;
        }
    }
    return 1;
}

void
qemuBackupStatsToParams(const qemuBackupStats *stats, virTypedParamList *list)
{
    virTypedParamListAddInt(list, VIR_DOMAIN_JOB_OPERATION, VIR_DOMAIN_JOB_OPERATION_BACKUP);
    virTypedParamListAddULLong(list, VIR_DOMAIN_JOB_TIME_ELAPSED, stats->elapsed);
    if (stats->processed > 0 || stats->total > 0) {
        virTypedParamListAddULLong(list, VIR_DOMAIN_JOB_DISK_TOTAL, stats->total);
        virTypedParamListAddULLong(list, VIR_DOMAIN_JOB_DISK_PROCESSED, stats->processed);
        virTypedParamListAddULLong(list, VIR_DOMAIN_JOB_DISK_REMAINING,
                                   stats->total - stats->processed);
    }
    if (stats->tmp_used > 0 || stats->tmp_total > 0) {
        virTypedParamListAddULLong(list, VIR_DOMAIN_JOB_DISK_TEMP_USED, stats->tmp_used);
        virTypedParamListAddULLong(list, VIR_DOMAIN_JOB_DISK_TEMP_TOTAL, stats->tmp_total);
    }
    if (stats->type != VIR_DOMAIN_JOB_UNBOUNDED && stats->type != VIR_DOMAIN_JOB_BOUNDED)
        virTypedParamListAddBoolean(list, VIR_DOMAIN_JOB_SUCCESS,
                                    stats->type == VIR_DOMAIN_JOB_COMPLETED);
    if (stats->errmsg)
        virTypedParamListAddString(list, VIR_DOMAIN_JOB_ERRMSG, stats->errmsg);
}

void
qemuBackupStatsToInfo(const qemuBackupStats *stats, virDomainJobInfoPtr info)
{
    memset(info, 0, sizeof(*info));
    info->type = stats->type;
    info->timeElapsed = stats->elapsed;
    info->fileTotal = stats->total;
    info->fileProcessed = stats->processed;
    info->fileRemaining = stats->total - stats->processed;
}
