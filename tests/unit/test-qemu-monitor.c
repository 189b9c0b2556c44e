/*
 * test-qemu-monitor.c: the QMP client against a fake QEMU
 *
 * The fake is a thread on the other end of a socket pair that plays a
 * script: for each command it reads, it checks the command name and
 * answers with a reply recorded from QEMU 7.2 (tests/qemumonitordata/,
 * see record.py there), with the command's "id" put in. Events,
 * chunked writes, silence and hang-ups are script steps too.
 */
#include <config.h>

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutils.h"
#include "qemu/qemu_monitor.h"
#include "util/virerror.h"
#include <tidemark/tidemark.h>

typedef enum {
    STEP_SEND,       /* write @text as it is */
    STEP_REPLY,      /* read a command named @name, answer @text + its id */
    STEP_SPLIT,      /* as STEP_REPLY, written one byte at a time */
    STEP_SWALLOW,    /* read a command named @name, answer nothing */
    STEP_HANGUP,     /* close the socket */
} StepType;

typedef struct {
    StepType type;
    const char *name;
    const char *text;
} Step;

typedef struct {
    int fd;
    const Step *steps;
    size_t nsteps;
    GString *errors;   /* what the fake saw that it did not expect */
    GString *in;
} Fake;

static char *datadir;

/* A reply recorded from QEMU: tests/qemumonitordata/NAME.json */
static char *
recorded(const char *name)
{
    g_autofree char *path = g_strdup_printf("%s/%s.json", datadir, name);
    g_autofree char *text = tmTestReadFile(path);

    return g_strdup(g_strstrip(text));
}

static char *
fakeReadLine(Fake *fake)
{
    char c;

    for (;;) {
        char *nl = strchr(fake->in->str, '\n');

        if (nl) {
            char *line = g_strndup(fake->in->str, nl - fake->in->str);

            g_string_erase(fake->in, 0, nl - fake->in->str + 1);
            return line;
        }
        if (read(fake->fd, &c, 1) != 1)
            return NULL;
        g_string_append_c(fake->in, c);
    }
}

static void
fakeWrite(Fake *fake, const char *text, bool bytewise)
{
    size_t len = strlen(text);

    if (!bytewise) {
        if (write(fake->fd, text, len) != (ssize_t)len)
            g_string_append(fake->errors, "short write; ");
        return;
    }
    for (size_t i = 0; i < len; i++) {
        if (write(fake->fd, text + i, 1) != 1)
            g_string_append(fake->errors, "short write; ");
    }
}

/* Reads one command; checks its name; returns its id (new string). */
static char *
fakeExpect(Fake *fake, const char *name)
{
    g_autofree char *line = fakeReadLine(fake);
    g_autoptr(virJSONValue) cmd = NULL;
    const char *exec;

    if (!line) {
        g_string_append_printf(fake->errors, "EOF instead of %s; ", name);
        return NULL;
    }
    if (!(cmd = virJSONValueFromString(line, NULL))) {
        g_string_append_printf(fake->errors, "bad JSON '%s'; ", line);
        return NULL;
    }
    exec = virJSONValueObjectGetString(cmd, "execute");
    if (g_strcmp0(exec, name) != 0)
        g_string_append_printf(fake->errors, "got %s, wanted %s; ", exec, name);
    return g_strdup(virJSONValueObjectGetString(cmd, "id"));
}

static gpointer
fakeThread(gpointer opaque)
{
    Fake *fake = opaque;

    for (size_t i = 0; i < fake->nsteps; i++) {
        const Step *s = &fake->steps[i];
        g_autofree char *id = NULL;
        g_autofree char *out = NULL;

        switch (s->type) {
        case STEP_SEND:
            fakeWrite(fake, s->text, false);
            break;
        case STEP_REPLY:
        case STEP_SPLIT: {
            g_autoptr(virJSONValue) reply = virJSONValueFromString(s->text, NULL);
            g_autofree char *text = NULL;

            if (!(id = fakeExpect(fake, s->name)) || !reply)
                return NULL;
            virJSONValueObjectAppendString(reply, "id", id);
            text = virJSONValueToString(reply, false);
            out = g_strconcat(text, "\r\n", NULL);
            fakeWrite(fake, out, s->type == STEP_SPLIT);
            break;
        }
        case STEP_SWALLOW:
            g_free(fakeExpect(fake, s->name));
            break;
        case STEP_HANGUP:
            shutdown(fake->fd, SHUT_RDWR);
            return NULL;
        }
    }
    /* Stay until the client hangs up. */
    g_free(fakeReadLine(fake));
    return NULL;
}

typedef struct {
    GMutex lock;
    GPtrArray *events;   /* "NAME data" */
    int eofs;
} Seen;

static void
seenEvent(qemuMonitor *mon, const char *name, virJSONValue *data,
          long long sec, long long usec, void *opaque)
{
    Seen *seen = opaque;
    g_autofree char *d = data ? virJSONValueToString(data, false) : g_strdup("-");

    g_mutex_lock(&seen->lock);
    g_ptr_array_add(seen->events, g_strdup_printf("%s %s %lld", name, d, sec));
    g_mutex_unlock(&seen->lock);
}

static void
seenEof(qemuMonitor *mon, bool error, void *opaque)
{
    Seen *seen = opaque;

    g_mutex_lock(&seen->lock);
    seen->eofs++;
    g_mutex_unlock(&seen->lock);
}

static const qemuMonitorCallbacks callbacks = { seenEvent, seenEof };

typedef struct {
    Fake fake;
    GThread *thread;
    Seen seen;
    qemuMonitor *mon;
    int eofs;            /* eof callbacks seen, once the monitor is closed */
} Harness;

static void
harnessStart(Harness *h, const Step *steps, size_t nsteps, unsigned int timeout)
{
    int sv[2];

    memset(h, 0, sizeof(*h));
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        g_error("socketpair: %s", g_strerror(errno));
    h->fake.fd = sv[1];
    h->fake.steps = steps;
    h->fake.nsteps = nsteps;
    h->fake.errors = g_string_new(NULL);
    h->fake.in = g_string_new(NULL);
    g_mutex_init(&h->seen.lock);
    h->seen.events = g_ptr_array_new_with_free_func(g_free);
    h->thread = g_thread_new("fake-qemu", fakeThread, &h->fake);
    h->mon = qemuMonitorOpenFD(sv[0], "fake", timeout, &callbacks, &h->seen);
}

/* Stops everything; checks that the fake saw what it expected. */
static void
harnessStop(Harness *h, const char *what)
{
    qemuMonitorClose(h->mon);
    h->eofs = h->seen.eofs;   /* final: the reader thread has ended */
    g_thread_join(h->thread);
    close(h->fake.fd);
    tmTestResult(h->fake.errors->len == 0, "%s: the fake saw the expected commands", what);
    if (h->fake.errors->len)
        tmTestDiag("%s", h->fake.errors->str);
    g_string_free(h->fake.errors, TRUE);
    g_string_free(h->fake.in, TRUE);
    g_ptr_array_unref(h->seen.events);
    g_mutex_clear(&h->seen.lock);
}

static virJSONValue *
bitmapAddCommand(const char *node, const char *name)
{
    g_autoptr(virJSONValue) data = virJSONValueNewObject();
    g_autoptr(virJSONValue) action = virJSONValueNewObject();
    g_autoptr(virJSONValue) actions = virJSONValueNewArray();
    g_autoptr(virJSONValue) args = virJSONValueNewObject();

    virJSONValueObjectAppendString(data, "node", node);
    virJSONValueObjectAppendString(data, "name", name);
    virJSONValueObjectAppendBoolean(data, "persistent", true);
    virJSONValueObjectAppendString(action, "type", "block-dirty-bitmap-add");
    virJSONValueObjectAppend(action, "data", &data);
    virJSONValueArrayAppend(actions, &action);
    virJSONValueObjectAppend(args, "actions", &actions);
    return qemuMonitorNewCommand("transaction", &args);
}

static void
testHandshakeAndReplies(void)
{
    g_autofree char *greeting = recorded("greeting");
    g_autofree char *empty = recorded("return-empty");
    g_autofree char *kvm = recorded("query-kvm");
    g_autofree char *stop_event = recorded("event-stop");
    g_autofree char *exists = recorded("error-bitmap-exists");
    g_autofree char *greeting_nl = g_strconcat(greeting, "\r\n", NULL);
    g_autofree char *stop_nl = g_strconcat(stop_event, "\r\n", NULL);
    const Step steps[] = {
        { STEP_SEND, NULL, greeting_nl },
        { STEP_REPLY, "qmp_capabilities", empty },
        { STEP_SEND, NULL, stop_nl },       /* an event before any command */
        { STEP_SPLIT, "query-kvm", kvm },
        { STEP_REPLY, "transaction", exists },
    };
    Harness h;
    g_autoptr(virJSONValue) cmd = NULL;
    g_autoptr(virJSONValue) reply = NULL;
    bool present = false;
    virErrorPtr err;

    harnessStart(&h, steps, G_N_ELEMENTS(steps), 5000);
    if (!tmTestResult(h.mon != NULL, "handshake: greeting + qmp_capabilities")) {
        harnessStop(&h, "handshake");
        return;
    }

    cmd = qemuMonitorNewCommand("query-kvm", NULL);
    tmTestResult(qemuMonitorCommand(h.mon, cmd, &reply) == 0,
                 "a reply written byte by byte is matched to its command");
    virJSONValueObjectGetBoolean(virJSONValueObjectGetObject(reply, "return"),
                                 "present", &present);
    tmTestResult(present, "the reply's content is handed back");
    tmTestResult(g_str_has_prefix(virJSONValueObjectGetString(reply, "id"), "tidemark-"),
                 "commands carry the monitor's id");

    g_mutex_lock(&h.seen.lock);
    tmTestResult(h.seen.events->len == 1 &&
                 g_str_has_prefix(g_ptr_array_index(h.seen.events, 0), "STOP - "),
                 "an event before the command reached the event callback");
    g_mutex_unlock(&h.seen.lock);

    g_clear_pointer(&cmd, virJSONValueFree);
    cmd = bitmapAddCommand("q0", "c1");
    virResetLastError();
    tmTestResult(qemuMonitorCommand(h.mon, cmd, NULL) == -1,
                 "an error reply fails the command");
    err = virGetLastError();
    tmTestResult(err && err->code == VIR_ERR_INTERNAL_ERROR &&
                 err->domain == VIR_FROM_QEMU &&
                 g_strcmp0(err->message, "internal error: unable to execute QEMU "
                           "command 'transaction': Bitmap already exists: c1") == 0,
                 "QEMU's error becomes libvirt's message");
    if (err)
        tmTestDiag("%d %d %s", err->code, err->domain, err->message);
    harnessStop(&h, "replies");
}

static void
testCommandNotFound(void)
{
    g_autofree char *greeting = recorded("greeting");
    g_autofree char *empty = recorded("return-empty");
    g_autofree char *notfound = recorded("error-command-not-found");
    g_autofree char *greeting_nl = g_strconcat(greeting, "\r\n", NULL);
    const Step steps[] = {
        { STEP_SEND, NULL, greeting_nl },
        { STEP_REPLY, "qmp_capabilities", empty },
        { STEP_REPLY, "nosuch", notfound },
        { STEP_REPLY, "nosuch", notfound },
    };
    Harness h;
    g_autoptr(virJSONValue) cmd = qemuMonitorNewCommand("nosuch", NULL);
    g_autoptr(virJSONValue) cmd2 = qemuMonitorNewCommand("nosuch", NULL);
    g_autoptr(virJSONValue) reply = NULL;
    virErrorPtr err;

    harnessStart(&h, steps, G_N_ELEMENTS(steps), 5000);
    tmTestResult(qemuMonitorCommand(h.mon, cmd, NULL) == -1 &&
                 (err = virGetLastError()) &&
                 err->code == VIR_ERR_OPERATION_UNSUPPORTED,
                 "CommandNotFound maps to OPERATION_UNSUPPORTED");
    tmTestResult(qemuMonitorCommandPassthrough(h.mon, cmd2, &reply) == 0 &&
                 virJSONValueObjectHasKey(reply, "error"),
                 "passthrough hands an error reply back as a reply");
    harnessStop(&h, "command-not-found");
}

static void
testTimeout(void)
{
    g_autofree char *greeting = recorded("greeting");
    g_autofree char *empty = recorded("return-empty");
    g_autofree char *greeting_nl = g_strconcat(greeting, "\r\n", NULL);
    g_autofree char *kvm = recorded("query-kvm");
    const Step steps[] = {
        { STEP_SEND, NULL, greeting_nl },
        { STEP_REPLY, "qmp_capabilities", empty },
        { STEP_SWALLOW, "query-status", NULL },
        { STEP_REPLY, "query-kvm", kvm },
    };
    Harness h;
    g_autoptr(virJSONValue) cmd = qemuMonitorNewCommand("query-status", NULL);
    g_autoptr(virJSONValue) cmd2 = qemuMonitorNewCommand("query-kvm", NULL);
    virErrorPtr err;

    harnessStart(&h, steps, G_N_ELEMENTS(steps), 300);
    tmTestResult(qemuMonitorCommand(h.mon, cmd, NULL) == -1 &&
                 (err = virGetLastError()) &&
                 err->code == VIR_ERR_OPERATION_TIMEOUT,
                 "an unanswered command times out");
    tmTestResult(qemuMonitorCommand(h.mon, cmd2, NULL) == 0,
                 "the monitor keeps working after a timeout");
    harnessStop(&h, "timeout");
}

static void
testHangup(void)
{
    g_autofree char *greeting = recorded("greeting");
    g_autofree char *empty = recorded("return-empty");
    g_autofree char *greeting_nl = g_strconcat(greeting, "\r\n", NULL);
    const Step steps[] = {
        { STEP_SEND, NULL, greeting_nl },
        { STEP_REPLY, "qmp_capabilities", empty },
        { STEP_SWALLOW, "system_powerdown", NULL },
        { STEP_HANGUP, NULL, NULL },
    };
    Harness h;
    g_autoptr(virJSONValue) cmd = qemuMonitorNewCommand("system_powerdown", NULL);
    g_autoptr(virJSONValue) cmd2 = qemuMonitorNewCommand("query-status", NULL);
    virErrorPtr err;

    harnessStart(&h, steps, G_N_ELEMENTS(steps), 5000);
    tmTestResult(qemuMonitorCommand(h.mon, cmd, NULL) == -1 &&
                 (err = virGetLastError()) &&
                 err->code == VIR_ERR_OPERATION_FAILED &&
                 g_strcmp0(err->message, "operation failed: QEMU monitor was closed") == 0,
                 "a hang-up wakes the waiting command");
    tmTestResult(qemuMonitorIsClosed(h.mon), "the monitor knows it is closed");
    tmTestResult(qemuMonitorCommand(h.mon, cmd2, NULL) == -1 &&
                 (err = virGetLastError()) &&
                 g_strcmp0(err->message, "internal error: End of file from qemu "
                           "monitor (vm='fake')") == 0,
                 "a command after the hang-up fails at once");
    harnessStop(&h, "hang-up");
    tmTestResult(h.eofs == 1, "the eof callback ran once");
}

static void
testNoGreeting(void)
{
    const Step steps[] = {
        { STEP_HANGUP, NULL, NULL },
    };
    Harness h;

    harnessStart(&h, steps, G_N_ELEMENTS(steps), 5000);
    tmTestResult(h.mon == NULL && virGetLastError() &&
                 strstr(virGetLastError()->message, "sent no greeting"),
                 "a peer that hangs up before greeting fails the open");
    harnessStop(&h, "no greeting");
}

int
main(int argc, char **argv)
{
    if (argc != 2)
        g_error("usage: %s DATADIR", argv[0]);
    datadir = argv[1];

    testHandshakeAndReplies();
    testCommandNotFound();
    testTimeout();
    testHangup();
    testNoGreeting();
    return tmTestDone();
}
