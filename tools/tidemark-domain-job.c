/*
 * tidemark-domain-job.c: domjobinfo as virsh has it, and backup-wait
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * domjobinfo: virsh 9.0's cmdDomjobinfo (tools/virsh-domain.c) — its
 * options, the statistics it prints for a backup job and its layout
 * (labels padded to 17 columns, sizes as vshPrettyCapacity scales them).
 * Migration-only fields are never sent by tidemark's drivers and are not
 * printed.
 *
 * backup-wait is tidemark's own: it follows a backup job to its end.
 */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "tidemark-cmd.h"
#include "tidemark-domain.h"
#include "util/virtypedparam.h"

/* virsh's words for virDomainJobType and virDomainJobOperation */
static const char *const job_types[] = {
    "None", "Bounded", "Unbounded", "Completed", "Failed", "Cancelled",
};
static const char *const job_operations[] = {
    "Unknown", "Start", "Save", "Restore", "Incoming migration", "Outgoing migration",
    "Snapshot", "Snapshot revert", "Dump", "Backup", "Snapshot delete",
};

static const char *
word(const char *const *words, size_t n, int value)
{
    return value >= 0 && (size_t)value < n ? words[value] : "unknown";
}

/* vshPrettyCapacity: @val scaled to the largest binary unit below it. */
static double
pretty_capacity(unsigned long long val, const char **unit)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double limit = 1024;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(units) - 1; i++, limit *= 1024) {
        if (val < limit) {
            *unit = units[i];
            return i == 0 ? (double)val : val / (limit / 1024);
        }
    }
    *unit = units[i];
    return val / (limit / 1024);
}

/* Prints "LABEL  N.NNN UNIT" as virsh does (label padded to 17). */
static void
print_size(tmControl *ctl, const char *label, unsigned long long bytes)
{
    const char *unit;
    double val = pretty_capacity(bytes, &unit);

    tmPrint(ctl, "%-17s %-.3lf %s\n", label, val, unit);
}

/* The ULLONG statistic @name, 0 when absent. Returns -1 (error saved)
 * when it has another type. */
static int
get_ullong(tmControl *ctl, virTypedParameterPtr params, int nparams, const char *name,
           unsigned long long *value, bool *found)
{
    int rc;

    *value = 0;
    if ((rc = virTypedParamsGetULLong(params, nparams, name, value)) < 0) {
        tmReportError(ctl);
        return -1;
    }
    if (found)
        *found = rc == 1;
    return 0;
}

const tmCmdOptDef tmOptsDomjobinfo[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "completed",
     .type = TM_OT_BOOL,
     .help = "return statistics of a recently completed job"
    },
    {.name = "keep-completed",
     .type = TM_OT_BOOL,
     .help = "don't destroy statistics of a recently completed job when reading"
    },
    {.name = "anystats",
     .type = TM_OT_BOOL,
     .help = "print statistics for any kind of job (even failed ones)"
    },
    {.name = "rawstats",
     .type = TM_OT_BOOL,
     .help = "print the raw data returned by libvirt"
    },
    {.name = NULL}
};

static void
free_params(virTypedParameterPtr *params, int *nparams)
{
    virTypedParamsFree(*params, *nparams);
    *params = NULL;
    *nparams = 0;
}

/* "domjobinfo DOMAIN [--completed [--keep-completed]] [--anystats]
 * [--rawstats]" */
bool
tmCmdDomjobinfo(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    virDomainJobInfo info = { 0 };
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    unsigned int flags = 0;
    bool rawstats = tmCommandOptBool(cmd, "rawstats");
    unsigned long long value;
    const char *svalue;
    bool found;
    int op = VIR_DOMAIN_JOB_OPERATION_UNKNOWN;
    bool ret = false;
    int rc;

    if (tmRequireOption(ctl, "keep-completed", tmCommandOptBool(cmd, "keep-completed"),
                        "completed", tmCommandOptBool(cmd, "completed")))
        return false;
    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (tmCommandOptBool(cmd, "completed"))
        flags |= VIR_DOMAIN_JOB_STATS_COMPLETED;
    if (tmCommandOptBool(cmd, "keep-completed"))
        flags |= VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED;

    rc = virDomainGetJobStats(dom, &info.type, &params, &nparams, flags);
    if (rc == 0) {
        if (get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_TIME_ELAPSED,
                       &info.timeElapsed, NULL) < 0 ||
            get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_DISK_TOTAL,
                       &info.fileTotal, NULL) < 0 ||
            get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_DISK_PROCESSED,
                       &info.fileProcessed, NULL) < 0 ||
            get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_DISK_REMAINING,
                       &info.fileRemaining, NULL) < 0)
            goto cleanup;
    } else if (tmLastErrorCode(ctl) == VIR_ERR_NO_SUPPORT) {
        if (flags != 0 || rawstats) {
            tmError(ctl, "%s", "Optional flags or --rawstats are not supported by the daemon");
            goto cleanup;
        }
        tmResetError(ctl);
        rc = virDomainGetJobInfo(dom, &info);
    }
    if (rc < 0)
        goto cleanup;

    if (rawstats) {
        tmPrint(ctl, "Job type: %d\n\n", info.type);
        for (int i = 0; i < nparams; i++) {
            g_autofree char *par = virTypedParameterToString(&params[i]);

            tmPrint(ctl, "%s: %s\n", params[i].field, par);
        }
        ret = true;
        goto cleanup;
    }

    tmPrint(ctl, "%-17s %-12s\n", "Job type:", word(job_types, G_N_ELEMENTS(job_types),
                                                    info.type));
    if (info.type == VIR_DOMAIN_JOB_NONE) {
        ret = true;
        goto cleanup;
    }
    if (virTypedParamsGetInt(params, nparams, VIR_DOMAIN_JOB_OPERATION, &op) < 0) {
        tmReportError(ctl);
        goto cleanup;
    }
    tmPrint(ctl, "%-17s %-12s\n", "Operation:",
            word(job_operations, G_N_ELEMENTS(job_operations), op));
    if (!tmCommandOptBool(cmd, "anystats") &&
        info.type != VIR_DOMAIN_JOB_BOUNDED && info.type != VIR_DOMAIN_JOB_UNBOUNDED &&
        (!(flags & VIR_DOMAIN_JOB_STATS_COMPLETED) || info.type != VIR_DOMAIN_JOB_COMPLETED)) {
        ret = true;
        goto cleanup;
    }

    tmPrint(ctl, "%-17s %-12llu ms\n", "Time elapsed:", info.timeElapsed);
    if (info.type == VIR_DOMAIN_JOB_BOUNDED)
        tmPrint(ctl, "%-17s %-12llu ms\n", "Time remaining:", info.timeRemaining);
    if (info.fileTotal || info.fileRemaining || info.fileProcessed) {
        print_size(ctl, "File processed:", info.fileProcessed);
        print_size(ctl, "File remaining:", info.fileRemaining);
        print_size(ctl, "File total:", info.fileTotal);
    }
    if (get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_DISK_TEMP_USED, &value, &found) < 0)
        goto cleanup;
    if (found)
        print_size(ctl, "Temporary disk space use:", value);
    if (get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_DISK_TEMP_TOTAL, &value, &found) < 0)
        goto cleanup;
    if (found)
        print_size(ctl, "Temporary disk space total:", value);
    if ((rc = virTypedParamsGetString(params, nparams, VIR_DOMAIN_JOB_ERRMSG, &svalue)) < 0) {
        tmReportError(ctl);
        goto cleanup;
    }
    if (rc == 1)
        tmPrint(ctl, "%-17s %s\n", "Error message:", svalue);
    ret = true;

 cleanup:
    free_params(&params, &nparams);
    return ret;
}

/* ---- backup-wait ---- */

typedef struct {
    int type;                       /* virDomainJobType */
    bool push;                      /* has disk_total */
    unsigned long long done;        /* push: copied; pull: kept in scratch */
    unsigned long long total;
    unsigned long long elapsed;     /* ms */
    char *errmsg;
} jobState;

static void
job_state_clear(jobState *state)
{
    g_clear_pointer(&state->errmsg, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(jobState, job_state_clear);

/* The running job (@completed false) or the completed one's record (kept
 * for domjobinfo --completed) into @state. Returns 0, or -1 with the
 * error reported. */
static int
job_state(tmControl *ctl, virDomainPtr dom, bool completed, jobState *state)
{
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    const char *errmsg = NULL;
    unsigned long long v;
    bool found = false;
    int ret = -1;

    job_state_clear(state);
    memset(state, 0, sizeof(*state));
    if (virDomainGetJobStats(dom, &state->type, &params, &nparams,
                             completed ? VIR_DOMAIN_JOB_STATS_COMPLETED |
                                         VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED : 0) < 0)
        return -1;
    if (get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_TIME_ELAPSED, &state->elapsed,
                   NULL) < 0 ||
        get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_DISK_TOTAL, &state->total,
                   &state->push) < 0)
        goto cleanup;
    if (state->push) {
        if (get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_DISK_PROCESSED, &state->done,
                       NULL) < 0)
            goto cleanup;
    } else {
        if (get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_DISK_TEMP_USED, &state->done,
                       &found) < 0 ||
            get_ullong(ctl, params, nparams, VIR_DOMAIN_JOB_DISK_TEMP_TOTAL, &v, &found) < 0)
            goto cleanup;
        state->total = v;
    }
    if (virTypedParamsGetString(params, nparams, VIR_DOMAIN_JOB_ERRMSG, &errmsg) < 0) {
        tmReportError(ctl);
        goto cleanup;
    }
    state->errmsg = g_strdup(errmsg);
    ret = 0;

 cleanup:
    free_params(&params, &nparams);
    return ret;
}

/* "12.5 MiB" */
static char *
size_text(unsigned long long bytes)
{
    const char *unit;
    double val = pretty_capacity(bytes, &unit);

    return g_strdup_printf("%.1f %s", val, unit);
}

/* One progress report of running push job @state: a bar redrawn in
 * place on a terminal, a line otherwise. */
static void
show_progress(tmControl *ctl, const jobState *state, bool tty)
{
    double fraction = state->total ? (double)state->done / state->total : 0;
    double rate = state->elapsed ? state->done * 1000.0 / state->elapsed : 0;
    g_autofree char *done = size_text(state->done);
    g_autofree char *total = size_text(state->total);
    g_autofree char *speed = size_text((unsigned long long)rate);
    g_autofree char *eta = NULL;

    if (rate > 0 && state->total >= state->done) {
        unsigned long long secs = (unsigned long long)ceil((state->total - state->done) / rate);

        eta = g_strdup_printf("%llu:%02llu", secs / 60, secs % 60);
    } else {
        eta = g_strdup("--:--");
    }
    if (tty) {
        char bar[31];
        int filled = (int)(fraction * 30);

        memset(bar, '#', filled);
        memset(bar + filled, '-', 30 - filled);
        bar[30] = '\0';
        tmPrint(ctl, "\r[%s] %3d%%  %s / %s  %s/s  ETA %s ", bar, (int)(fraction * 100),
                done, total, speed, eta);
    } else {
        tmPrint(ctl, "progress: %d%% %s of %s, %s/s, ETA %s\n", (int)(fraction * 100),
                done, total, speed, eta);
    }
}

const tmCmdOptDef tmOptsBackupWait[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "interval",
     .type = TM_OT_INT,
     .help = "milliseconds between two looks at the job (default 200)"
    },
    {.name = NULL}
};

/* "backup-wait DOMAIN [--interval MS]": follows the domain's backup job
 * to its end. A push job shows its progress (a bar on a terminal, a line
 * a second otherwise); a pull job, which its NBD client ends with
 * domjobabort, shows the scratch space it uses. Succeeds when the job
 * completed; fails when it failed or a push job was aborted. */
bool
tmCmdBackupWait(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_auto(jobState) state = { 0 };
    bool tty = isatty(STDOUT_FILENO);
    unsigned int interval = 200;
    gint64 last_line = 0;
    bool shown = false;
    const char *name;
    g_autofree char *total = NULL;

    if (!(dom = tmCommandOptDomain(ctl, cmd, &name)))
        return false;
    if (tmCommandOptUInt(ctl, cmd, "interval", &interval) < 0)
        return false;
    if (interval == 0) {
        tmError(ctl, "%s", "Invalid value for interval: must be a positive number of milliseconds");
        return false;
    }

    for (;;) {
        if (job_state(ctl, dom, false, &state) < 0)
            return false;
        if (state.type == VIR_DOMAIN_JOB_NONE)
            break;
        if (state.push && (tty || g_get_monotonic_time() - last_line >= G_USEC_PER_SEC)) {
            show_progress(ctl, &state, tty);
            last_line = g_get_monotonic_time();
            shown = true;
        }
        g_usleep((gulong)interval * 1000);
    }

    /* the job ended (or had ended before we looked): its record says how */
    if (job_state(ctl, dom, true, &state) < 0)
        return false;
    if (state.type == VIR_DOMAIN_JOB_NONE) {
        tmError(ctl, "no backup job on domain '%s'", name);
        return false;
    }
    total = size_text(state.done);
    /* the bar (or line) of the end, also for a job that ended before the
     * first look */
    if (state.push && state.type == VIR_DOMAIN_JOB_COMPLETED) {
        show_progress(ctl, &state, tty);
        shown = true;
    }
    if (shown && tty)
        tmPrint(ctl, "\n");
    if (state.type != VIR_DOMAIN_JOB_COMPLETED) {
        tmError(ctl, "backup job of domain '%s' %s after %llu ms: %s", name,
                state.type == VIR_DOMAIN_JOB_CANCELLED ? "was aborted" : "failed",
                state.elapsed, state.errmsg ? state.errmsg : "unknown error");
        return false;
    }
    if (state.push)
        tmPrint(ctl, "Backup completed: %s copied in %llu ms\n", total, state.elapsed);
    else
        tmPrint(ctl, "Backup ended after %llu ms\n", state.elapsed);
    return true;
}
