/*
 * tidemark-domain-event.c: the event command
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virsh 9.0's "event" (tools/virsh-domain-event.c): the same options,
 * checks in the same order, the same event names and output. Each
 * delivered event prints one line; without --loop the first one ends the
 * wait. Printers exist for the events whose callback types the API has
 * (lifecycle, reboot, control-error, job-completed): tidemark's drivers emit no other
 * kind, so for those the command waits without registering, which shows
 * the same as virsh waiting for an event that never comes. A driver that
 * starts emitting one adds its callback type and a printer here.
 */
#include <string.h>

#include "tidemark-domain.h"
#include "util/virtypedparam.h"

/* virsh's words for virDomainEventType and each detail enum */
static const char *const event_names[] = {
    "Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped",
    "Shutdown", "PMSuspended", "Crashed",
};
static const char *const defined_details[] = { "Added", "Updated", "Renamed", "Snapshot" };
static const char *const undefined_details[] = { "Removed", "Renamed" };
static const char *const started_details[] = {
    "Booted", "Migrated", "Restored", "Snapshot", "Event wakeup",
};
static const char *const suspended_details[] = {
    "Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot",
    "API error", "Post-copy", "Post-copy Error",
};
static const char *const resumed_details[] = {
    "Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error",
};
static const char *const stopped_details[] = {
    "Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot",
};
static const char *const shutdown_details[] = {
    "Finished", "Finished after guest request", "Finished after host request",
};
static const char *const pmsuspended_details[] = { "Memory", "Disk" };
static const char *const crashed_details[] = { "Panicked", "Crashloaded" };

static const struct {
    const char *const *names;
    size_t count;
} detail_names[] = {
    { defined_details, G_N_ELEMENTS(defined_details) },
    { undefined_details, G_N_ELEMENTS(undefined_details) },
    { started_details, G_N_ELEMENTS(started_details) },
    { suspended_details, G_N_ELEMENTS(suspended_details) },
    { resumed_details, G_N_ELEMENTS(resumed_details) },
    { stopped_details, G_N_ELEMENTS(stopped_details) },
    { shutdown_details, G_N_ELEMENTS(shutdown_details) },
    { pmsuspended_details, G_N_ELEMENTS(pmsuspended_details) },
    { crashed_details, G_N_ELEMENTS(crashed_details) },
};
G_STATIC_ASSERT(G_N_ELEMENTS(event_names) == G_N_ELEMENTS(detail_names));

static const char *
tmEventName(int event)
{
    if (event < 0 || (size_t)event >= G_N_ELEMENTS(event_names))
        return "unknown";
    return event_names[event];
}

static const char *
tmEventDetailName(int event, int detail)
{
    if (event < 0 || (size_t)event >= G_N_ELEMENTS(detail_names) ||
        detail < 0 || (size_t)detail >= detail_names[event].count)
        return "unknown";
    return detail_names[event].names[detail];
}

/* What every callback of one event command shares. */
typedef struct {
    tmControl *ctl;
    bool loop;
    bool timestamp;
    GMutex lock;    /* guards count: callbacks run in the loop thread */
    int count;
} tmEventWatch;

/* One registration: the event's name and the command's state. */
typedef struct {
    const char *name;
    virConnectDomainEventGenericCallback cb;   /* NULL: never emitted */
    tmEventWatch *watch;
    int event_id;
    int id;                                    /* the callback id, or -1 */
} tmEventData;

/* Prints @msg for @data's command, unless a one-shot wait already got
 * its event. */
static void
tmEventPrint(tmEventData *data, const char *msg)
{
    tmEventWatch *watch = data->watch;

    g_mutex_lock(&watch->lock);
    if (watch->loop || watch->count == 0) {
        if (watch->timestamp) {
            g_autoptr(GDateTime) now = g_date_time_new_now_utc();
            g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");

            tmPrint(watch->ctl, "%s.%03d+0000: %s", stamp,
                    g_date_time_get_microsecond(now) / 1000, msg);
        } else {
            tmPrint(watch->ctl, "%s", msg);
        }
        watch->count++;
        if (!watch->loop)
            tmEventDone(watch->ctl);
    }
    g_mutex_unlock(&watch->lock);
}

static int
tmEventLifecyclePrint(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom,
                      int event, int detail, void *opaque)
{
    g_autofree char *msg =
        g_strdup_printf("event 'lifecycle' for domain '%s': %s %s\n",
                        virDomainGetName(dom), tmEventName(event),
                        tmEventDetailName(event, detail));

    tmEventPrint(opaque, msg);
    return 0;
}

static void
tmEventGenericPrint(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, void *opaque)
{
    tmEventData *data = opaque;
    g_autofree char *msg = g_strdup_printf("event '%s' for domain '%s'\n", data->name,
                                           virDomainGetName(dom));

    tmEventPrint(data, msg);
}

/* virsh's job-completed line: every statistic of the job, one a line */
static void
tmEventJobCompletedPrint(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom,
                         virTypedParameterPtr params, int nparams, void *opaque)
{
    g_autoptr(GString) msg = g_string_new(NULL);

    g_string_append_printf(msg, "event 'job-completed' for domain '%s':\n",
                           virDomainGetName(dom));
    for (int i = 0; i < nparams; i++) {
        g_autofree char *value = virTypedParameterToString(&params[i]);

        g_string_append_printf(msg, "\t%s: %s\n", params[i].field, value);
    }
    tmEventPrint(opaque, msg->str);
}

/* virsh's event names, in virDomainEventID order */
static const tmEventData event_table[] = {
    { "lifecycle", VIR_DOMAIN_EVENT_CALLBACK(tmEventLifecyclePrint) },
    { "reboot", tmEventGenericPrint },
    { "rtc-change", NULL },
    { "watchdog", NULL },
    { "io-error", NULL },
    { "graphics", NULL },
    { "io-error-reason", NULL },
    { "control-error", tmEventGenericPrint },
    { "block-job", NULL },
    { "disk-change", NULL },
    { "tray-change", NULL },
    { "pm-wakeup", NULL },
    { "pm-suspend", NULL },
    { "balloon-change", NULL },
    { "pm-suspend-disk", NULL },
    { "device-removed", NULL },
    { "block-job-2", NULL },
    { "tunable", NULL },
    { "agent-lifecycle", NULL },
    { "device-added", NULL },
    { "migration-iteration", NULL },
    { "job-completed", VIR_DOMAIN_EVENT_CALLBACK(tmEventJobCompletedPrint) },
    { "device-removal-failed", NULL },
    { "metadata-change", NULL },
    { "block-threshold", NULL },
    { "memory-failure", NULL },
    { "memory-device-size-change", NULL },
};
G_STATIC_ASSERT(G_N_ELEMENTS(event_table) == VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE + 1);

static const tmCmdOptDef opts_event[] = {
    {.name = "domain",
     .type = TM_OT_STRING,
     .help = "filter by domain name, id or uuid"
    },
    {.name = "event",
     .type = TM_OT_STRING,
     .help = "which event type to wait for"
    },
    {.name = "all",
     .type = TM_OT_BOOL,
     .help = "wait for all events instead of just one type"
    },
    {.name = "loop",
     .type = TM_OT_BOOL,
     .help = "loop until timeout or interrupt, rather than one-shot"
    },
    {.name = "timeout",
     .type = TM_OT_INT,
     .help = "timeout seconds"
    },
    {.name = "list",
     .type = TM_OT_BOOL,
     .help = "list valid event types"
    },
    {.name = "timestamp",
     .type = TM_OT_BOOL,
     .help = "show timestamp for each printed event"
    },
    {.name = NULL}
};

/* --timeout in seconds, as milliseconds (0 when absent). Returns -1
 * after an error. */
static int
tmEventTimeoutMs(tmControl *ctl, const tmCmd *cmd, int *timeout_ms)
{
    unsigned int seconds;
    int ret;

    *timeout_ms = 0;
    if ((ret = tmCommandOptUInt(ctl, cmd, "timeout", &seconds)) <= 0)
        return ret;
    if (seconds == 0 || seconds > G_MAXINT / 1000) {
        tmError(ctl, "Numeric value '%u' for <%s> option is malformed or out of range",
                seconds, "timeout");
        return -1;
    }
    *timeout_ms = (int)seconds * 1000;
    return 0;
}

/* Registers @data for every event it names; as virsh, a failure after
 * the first registration is forgiven (an older server). */
static bool
tmEventRegister(tmControl *ctl, virDomainPtr dom, tmEventData *data, size_t ndata)
{
    for (size_t i = 0; i < ndata; i++) {
        if (!data[i].cb)
            continue;
        data[i].id = virConnectDomainEventRegisterAny(ctl->conn, dom, data[i].event_id,
                                                      data[i].cb, &data[i], NULL);
        if (data[i].id < 0) {
            if (i == 0)
                return false;
            tmResetError(ctl);
        }
    }
    return true;
}

/* "event [--domain D] [--event NAME|--all] [--loop] [--timeout S]
 * [--list] [--timestamp]" */
static bool
cmdEvent(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree tmEventData *data = NULL;
    tmEventWatch watch = {
        .ctl = ctl,
        .loop = tmCommandOptBool(cmd, "loop"),
        .timestamp = tmCommandOptBool(cmd, "timestamp"),
    };
    bool all = tmCommandOptBool(cmd, "all");
    const char *event_name = NULL;
    size_t ndata = 0;
    int timeout_ms;
    bool ret = false;

    if (tmExclusiveOptions(ctl, "all", all, "event", tmCommandOptBool(cmd, "event")) ||
        tmExclusiveOptions(ctl, "list", tmCommandOptBool(cmd, "list"), "all", all) ||
        tmExclusiveOptions(ctl, "list", tmCommandOptBool(cmd, "list"),
                           "event", tmCommandOptBool(cmd, "event")))
        return false;

    if (tmCommandOptBool(cmd, "list")) {
        for (size_t i = 0; i < G_N_ELEMENTS(event_table); i++)
            tmPrint(ctl, "%s\n", event_table[i].name);
        return true;
    }

    if (tmCommandOptStringReq(ctl, cmd, "event", &event_name) < 0)
        return false;
    if (!event_name && !all) {
        tmError(ctl, "%s", "one of --list, --all, or --event <type> is required");
        return false;
    }

    data = g_new0(tmEventData, G_N_ELEMENTS(event_table));
    for (size_t i = 0; i < G_N_ELEMENTS(event_table); i++) {
        if (event_name && strcmp(event_name, event_table[i].name) != 0)
            continue;
        data[ndata] = event_table[i];
        data[ndata].watch = &watch;
        data[ndata].event_id = (int)i;
        data[ndata].id = -1;
        ndata++;
    }
    if (ndata == 0) {
        tmError(ctl, "unknown event type %s", event_name);
        return false;
    }

    if (tmEventTimeoutMs(ctl, cmd, &timeout_ms) < 0)
        return false;
    if (tmCommandOptBool(cmd, "domain") && !(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;

    g_mutex_init(&watch.lock);
    if (tmEventStart(ctl, timeout_ms) < 0)
        goto cleanup;
    if (!tmEventRegister(ctl, dom, data, ndata))
        goto cleanup;

    switch (tmEventWait(ctl)) {
    case TM_EVENT_INTERRUPT:
        tmPrint(ctl, "%s", "event loop interrupted\n");
        break;
    case TM_EVENT_TIMEOUT:
        tmPrint(ctl, "%s", "event loop timed out\n");
        break;
    case TM_EVENT_DONE:
        break;
    default:
        goto cleanup;
    }
    g_mutex_lock(&watch.lock);
    tmPrint(ctl, "events received: %d\n", watch.count);
    ret = watch.count > 0;
    g_mutex_unlock(&watch.lock);

 cleanup:
    tmEventCleanup(ctl);
    for (size_t i = 0; i < ndata; i++) {
        if (data[i].id >= 0 && virConnectDomainEventDeregisterAny(ctl->conn, data[i].id) < 0)
            ret = false;
    }
    /* a callback may still be running in the loop thread: once the loop
     * has gone round, none of ours can run or be running */
    tmEventLoopSync(ctl);
    g_mutex_clear(&watch.lock);
    return ret;
}

const tmCmdDef tmDomEventCmds[] = {
    {.name = "event",
     .handler = cmdEvent,
     .opts = opts_event,
     .help = "Domain Events",
     .desc = "List event types, or wait for domain events to occur"
    },
    {.name = NULL}
};
