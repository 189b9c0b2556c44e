/*
 * ops-event.c: the event loop, domain events, suspend and resume
 *
 *   ev-register-default            virEventRegisterDefaultImpl
 *   ev-register DOM EVENTID LABEL  virConnectDomainEventRegisterAny with the
 *                                  runner's callback for EVENTID; prints the
 *                                  callback id
 *   ev-register-raw DOM EVENTID CB the same with any EVENTID and CB "null"
 *                                  or "cb" (golden.py calls libvirt through
 *                                  ctypes: python refuses these itself)
 *   ev-register-nullconn           registration on a NULL connection
 *   ev-deregister ID               virConnectDomainEventDeregisterAny
 *   ev-run                         runs the default loop until a 100 ms
 *                                  timer fires: everything queued before is
 *                                  delivered, callbacks print as they run
 *   ev-run-once                    one virEventRunDefaultImpl call
 *   ev-wait N                      runs the loop until N more lifecycle
 *                                  events were delivered, or 30 s passed
 *   qemu-kill NAME [TERM]          SIGKILL (SIGTERM) to the domain's QEMU, by the
 *                                  PID of tidemark's ROOT/run/NAME/qemu.pid
 *                                  (ROOT: $GOLDEN_ROOT), until it is gone
 *   qemu-monitor NAME JSON         virDomainQemuMonitorCommand; prints ok
 *                                  or the error, not the reply (its id is
 *                                  the driver's own)
 *   dom-suspend DOM, dom-resume DOM  DOM: a name or =VAR (dom-hold)
 *   close                          virConnectClose, prints what it returns
 *
 * DOM is "-" (no filter), a domain name, or "@NAME": the domain of that
 * name looked up on a second connection to the same URI (a domain of
 * another connection). Delivered events print as
 * "event LABEL: lifecycle NAME id=ID EVENT DETAIL".
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"
#include <tidemark/tidemark-qemu.h>

/* lifecycle events delivered so far, for ev-wait */
static unsigned int delivered;

static int
lifecycle_cb(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    (void)conn;
    delivered++;
    printf("event %s: lifecycle %s id=%d %d %d\n", (const char *)opaque,
           virDomainGetName(dom), (int)virDomainGetID(dom), event, detail);
    return 0;
}

/* The callback of ev-register-raw: another function than lifecycle_cb,
 * as golden.py's ctypes callback is another than python's own. */
static int
raw_lifecycle_cb(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    (void)opaque;
    return lifecycle_cb(conn, dom, event, detail, (void *)"raw");
}

/* Every other event id: only the fact that it fired. */
static void
generic_cb(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    (void)conn;
    printf("event %s: %s\n", (const char *)opaque, virDomainGetName(dom));
}

static void
ev_register_default(char **argv, int argc, const char *text)
{
    (void)argv;
    (void)argc;
    (void)text;
    if (virEventRegisterDefaultImpl() == 0)
        goldenOk(NULL);
    else
        goldenError();
}

/* The domain of a DOM argument: *@dom is NULL for "-". Returns false
 * after printing an error. */
static bool
dom_arg(const char *arg, virDomainPtr *dom)
{
    *dom = NULL;
    if (strcmp(arg, "-") == 0)
        return true;
    if (arg[0] == '@') {
        char *uri = virConnectGetURI(goldenConn());
        virConnectPtr other = uri ? virConnectOpen(uri) : NULL;

        free(uri);
        if (!other) {
            goldenError();
            return false;
        }
        *dom = virDomainLookupByName(other, arg + 1);
        /* the handle keeps its connection */
        virConnectClose(other);
        if (!*dom)
            goldenError();
        return *dom != NULL;
    }
    return (*dom = goldenDomain(arg)) != NULL;
}

static void
register_with(const char *domarg, int event_id, virConnectDomainEventGenericCallback cb,
              const char *label)
{
    char *opaque = g_strdup(label);
    virDomainPtr dom;
    int id;

    if (!dom_arg(domarg, &dom)) {
        g_free(opaque);
        return;
    }
    id = virConnectDomainEventRegisterAny(goldenConn(), dom, event_id, cb, opaque, g_free);
    if (id >= 0) {
        goldenOk("%d", id);
    } else {
        goldenError();
        /* a failed registration leaves @opaque to the caller */
        g_free(opaque);
    }
    if (dom)
        virDomainFree(dom);
}

/* An EVENTID argument: a number or a constant name. */
static bool
event_id_arg(const char *text, int *id)
{
    unsigned int value;

    if (text[0] == '-' || (text[0] >= '0' && text[0] <= '9')) {
        *id = atoi(text);
        return true;
    }
    if (!goldenFlagsArg(text, &value))
        return false;
    *id = (int)value;
    return true;
}

static void
ev_register(char **argv, int argc, const char *text)
{
    int event_id;

    (void)text;
    NEED(4);
    if (event_id_arg(argv[2], &event_id))
        register_with(argv[1], event_id,
                      event_id == VIR_DOMAIN_EVENT_ID_LIFECYCLE ?
                      VIR_DOMAIN_EVENT_CALLBACK(lifecycle_cb) : generic_cb,
                      argv[3]);
}

static void
ev_register_raw(char **argv, int argc, const char *text)
{
    int event_id;

    (void)text;
    NEED(4);
    if (event_id_arg(argv[2], &event_id))
        register_with(argv[1], event_id,
                      strcmp(argv[3], "null") == 0 ? NULL :
                      VIR_DOMAIN_EVENT_CALLBACK(raw_lifecycle_cb), NULL);
}

static void
ev_register_nullconn(char **argv, int argc, const char *text)
{
    (void)argv;
    (void)argc;
    (void)text;
    if (virConnectDomainEventRegisterAny(NULL, NULL, 0, VIR_DOMAIN_EVENT_CALLBACK(lifecycle_cb),
                                         NULL, NULL) >= 0)
        goldenOk(NULL);
    else
        goldenError();
}

static void
ev_deregister(char **argv, int argc, const char *text)
{
    (void)text;
    NEED(2);
    if (virConnectDomainEventDeregisterAny(goldenConn(), atoi(argv[1])) == 0)
        goldenOk(NULL);
    else
        goldenError();
}

static void
guard_fired(int timer, void *opaque)
{
    (void)timer;
    *(bool *)opaque = true;
}

static void
ev_run(char **argv, int argc, const char *text)
{
    bool fired = false;
    int guard;

    (void)argv;
    (void)argc;
    (void)text;
    if ((guard = virEventAddTimeout(100, guard_fired, &fired, NULL)) < 0) {
        printf("error: no event loop\n");
        return;
    }
    while (!fired) {
        if (virEventRunDefaultImpl() < 0) {
            goldenError();
            break;
        }
    }
    virEventRemoveTimeout(guard);
    goldenOk(NULL);
}

static void
ev_wait(char **argv, int argc, const char *text)
{
    unsigned int want;
    unsigned int count;
    bool fired = false;
    int guard;

    (void)text;
    NEED(2);
    count = (unsigned int)atoi(argv[1]);
    want = delivered + count;
    if ((guard = virEventAddTimeout(30000, guard_fired, &fired, NULL)) < 0) {
        printf("error: no event loop\n");
        return;
    }
    while (delivered < want && !fired) {
        if (virEventRunDefaultImpl() < 0) {
            goldenError();
            break;
        }
    }
    virEventRemoveTimeout(guard);
    if (delivered < want)
        printf("error: timeout after %u events\n", count - (want - delivered));
    else
        goldenOk(NULL);
}

/* A process that is gone or a zombie (QEMU is not our child). */
static bool
process_gone(long pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%ld/stat", pid);
    g_autofree char *stat = NULL;
    const char *end;

    if (!g_file_get_contents(path, &stat, NULL, NULL))
        return true;
    end = strrchr(stat, ')');
    return end && end[1] == ' ' && (end[2] == 'Z' || end[2] == 'X');
}

static void
qemu_kill(char **argv, int argc, const char *text)
{
    g_autofree char *path = NULL;
    g_autofree char *content = NULL;
    long pid;

    (void)text;
    NEED(2);
    path = g_build_filename(g_getenv("GOLDEN_ROOT") ? g_getenv("GOLDEN_ROOT") : ".",
                            "run", argv[1], "qemu.pid", NULL);
    if (!g_file_get_contents(path, &content, NULL, NULL) ||
        (pid = strtol(content, NULL, 10)) <= 0 ||
        kill((pid_t)pid, argc > 2 && strcmp(argv[2], "TERM") == 0 ? SIGTERM : SIGKILL) < 0) {
        printf("error: cannot kill the QEMU of %s\n", path);
        return;
    }
    while (!process_gone(pid))
        g_usleep(10 * 1000);
    goldenOk(NULL);
}

static void
qemu_monitor(char **argv, int argc, const char *text)
{
    g_autofree char *cmd = NULL;
    char *result = NULL;
    virDomainPtr dom;

    (void)text;
    NEED(3);
    if (!(dom = goldenDomain(argv[1])))
        return;
    cmd = g_strjoinv(" ", argv + 2);
    if (virDomainQemuMonitorCommand(dom, cmd, &result, 0) == 0)
        goldenOk(NULL);
    else
        goldenError();
    free(result);
    virDomainFree(dom);
}

static void
ev_run_once(char **argv, int argc, const char *text)
{
    (void)argv;
    (void)argc;
    (void)text;
    if (virEventRunDefaultImpl() == 0)
        goldenOk(NULL);
    else
        goldenError();
}

/* DOM is a name or =VAR, a handle kept by dom-hold */
static void
dom_action(char **argv, int argc, int (*action)(virDomainPtr))
{
    virDomainPtr dom;

    NEED(2);
    if (argv[1][0] == '=') {
        if (!(dom = goldenHeld(argv[1] + 1)))
            return;
        virDomainRef(dom);
    } else if (!(dom = goldenDomain(argv[1]))) {
        return;
    }
    if (action(dom) == 0)
        goldenOk(NULL);
    else
        goldenError();
    virDomainFree(dom);
}

static void
dom_suspend(char **argv, int argc, const char *text)
{
    (void)text;
    dom_action(argv, argc, virDomainSuspend);
}

static void
dom_resume(char **argv, int argc, const char *text)
{
    (void)text;
    dom_action(argv, argc, virDomainResume);
}

static void
op_close(char **argv, int argc, const char *text)
{
    (void)argv;
    (void)argc;
    (void)text;
    goldenOk("%d", goldenCloseConn());
}

const goldenOp goldenEventOps[] = {
    { "ev-register-default", ev_register_default },
    { "ev-register", ev_register },
    { "ev-register-raw", ev_register_raw },
    { "ev-register-nullconn", ev_register_nullconn },
    { "ev-deregister", ev_deregister },
    { "ev-run", ev_run },
    { "ev-run-once", ev_run_once },
    { "ev-wait", ev_wait },
    { "qemu-kill", qemu_kill },
    { "qemu-monitor", qemu_monitor },
    { "dom-suspend", dom_suspend },
    { "dom-resume", dom_resume },
    { "close", op_close },
    { NULL, NULL },
};
