/*
 * tidemark-cmd.h: the command engine of the tidemark shell
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The shell speaks virsh's grammar: a command line is one or more
 * commands separated by ';' or newlines, each a keyword followed by
 * options ("--name value", "--name=value", "--flag") and positional data
 * that fill the command's non-boolean options in table order.  Every
 * command is described by a static tmCmdDef table; the parser turns text
 * (or argv) into a list of tmCmd, and tmCommandRun executes that list.
 *
 * Output conventions (virsh's): tmPrint writes to stdout, tmPrintExtra
 * does the same unless --quiet, tmError writes "error: MSG" to stderr.
 * A failed command returns false; the engine then prints the saved
 * library error, if any, as one more "error: " line.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <tidemark/tidemark.h>

/* Largest XML file the shell reads (define, *-create --xmlfile). */
#define TM_MAX_XML_FILE (10 * 1024 * 1024)

/* Debug levels of -d / TIDEMARK_DEBUG; messages below the level are shown. */
typedef enum {
    TM_ERR_DEBUG = 0,
    TM_ERR_INFO,
    TM_ERR_NOTICE,
    TM_ERR_WARNING,
    TM_ERR_ERROR,
} tmErrorLevel;

/* What an option is. */
typedef enum {
    TM_OT_BOOL,     /* --flag, no value */
    TM_OT_STRING,   /* --name VALUE; also positional unless TM_OFLAG_REQ_OPT */
    TM_OT_INT,      /* like STRING, shown as <number> */
    TM_OT_DATA,     /* positional (or --name VALUE), always required */
    TM_OT_ARGV,     /* every remaining positional value; must be last */
    TM_OT_ALIAS,    /* other spelling: help holds "target" or "target=value" */
} tmCmdOptType;

enum {
    TM_OFLAG_NONE     = 0,
    TM_OFLAG_REQ      = 1 << 0, /* must be given */
    TM_OFLAG_EMPTY_OK = 1 << 1, /* an empty value is accepted */
    TM_OFLAG_REQ_OPT  = 1 << 2, /* only as --name VALUE, never positional */
};

enum {
    TM_CMD_FLAG_NOCONNECT = 1 << 0, /* runs without a connection */
    TM_CMD_FLAG_HIDDEN    = 1 << 1, /* not listed by help */
};

typedef struct _tmControl tmControl;
typedef struct _tmCmd tmCmd;
typedef struct _tmCmdOpt tmCmdOpt;

/* One option of a command.  Tables end with a {.name = NULL} entry and
 * hold at most 64 options (the parser tracks them in 64-bit masks). */
typedef struct {
    const char *name;
    tmCmdOptType type;
    unsigned int flags;
    const char *help;
} tmCmdOptDef;

/* One command.  @help is the one-line summary, @desc the DESCRIPTION
 * paragraph of "help NAME" (empty: no paragraph). */
typedef struct {
    const char *name;
    bool (*handler)(tmControl *ctl, const tmCmd *cmd);
    const tmCmdOptDef *opts;
    const char *help;
    const char *desc;
    unsigned int flags;
} tmCmdDef;

/* A named group of commands, as "help" lists them. */
typedef struct {
    const char *name;
    const char *keyword;
    const tmCmdDef *cmds;
} tmCmdGroup;

/* One option given on the command line; @data is NULL for booleans. */
struct _tmCmdOpt {
    const tmCmdOptDef *def;
    char *data;
    tmCmdOpt *next;
};

/* A parsed command, in a list linked by @next. */
struct _tmCmd {
    const tmCmdDef *def;
    tmCmdOpt *opts;
    tmCmd *next;
};

/* State of one shell session. */
struct _tmControl {
    const char *progname;     /* basename of argv[0] */
    char *connname;           /* URI of -c / connect, NULL for the default */
    virConnectPtr conn;       /* open connection, NULL until needed */
    bool readonly;            /* -r: open connections read-only */
    bool imode;               /* interactive shell */
    bool quiet;               /* -q */
    bool timing;              /* -t */
    bool disconnected;        /* the connection died and must be reopened */
    const char *escape_char;  /* -e: console escape, "^]" by default */
    int keepalive_interval;   /* -k, -1 when not given */
    int keepalive_count;      /* -K, -1 when not given */
    int debug;                /* tmErrorLevel threshold of debug output */
    char *logfile;            /* -l FILE */
    int log_fd;               /* -1 when no log file is open */
    const tmCmdGroup *groups; /* every command, for lookup and help */

    /* The event loop thread (tidemark-event.c) and one wait for events. */
    GThread *event_loop;
    gint event_loop_quit;
    int event_timer;          /* the timeout of a wait, -1 before the loop */
    GMutex event_lock;        /* guards event_pipe against the loop thread */
    int event_pipe[2];        /* a wait's end reasons, -1 when none */
    tmCmd *cmd;               /* the parsed command list */

    /* The last error the library reported (copied by the error handler,
     * because every later API call resets the library's own copy) or
     * that the shell itself raised on the library's behalf. */
    bool err_set;
    int err_code;
    int err_domain;
    char *err_message;
};

/* tidemark-cmd.c: parsing and running */
const tmCmdDef *tmCmddefSearch(tmControl *ctl, const char *name);
const tmCmdGroup *tmCmdGrpSearch(tmControl *ctl, const char *name);
bool tmCommandStringParse(tmControl *ctl, const char *line);
bool tmCommandArgvParse(tmControl *ctl, int nargs, char **argv);
bool tmCommandRun(tmControl *ctl, const tmCmd *cmd);
void tmCommandFree(tmCmd *cmd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tmCmd, tmCommandFree);

/* tidemark-cmd.c: reading options inside a handler */
bool tmCommandOptBool(const tmCmd *cmd, const char *name);
int tmCommandOptStringReq(tmControl *ctl, const tmCmd *cmd,
                          const char *name, const char **value);
int tmCommandOptStringQuiet(const tmCmd *cmd, const char *name,
                            const char **value);
/* virsh's vshCommandOptUInt: a decimal number without a sign, else
 * "Numeric value 'X' for <NAME> option is malformed or out of range".
 * Returns 1 and *@value when given, 0 when absent, -1 after an error. */
int tmCommandOptUInt(tmControl *ctl, const tmCmd *cmd, const char *name,
                     unsigned int *value);
const tmCmdOpt *tmCommandOptArgv(const tmCmd *cmd, const tmCmdOpt *opt);

/* Reject two options given together / one given without the other,
 * with virsh's messages.  Both return true when the handler must stop. */
bool tmExclusiveOptions(tmControl *ctl, const char *name1, bool set1,
                        const char *name2, bool set2);
bool tmRequireOption(tmControl *ctl, const char *name, bool set,
                     const char *required, bool required_set);

/* tidemark-shell.c: the connection and the shell's own commands */
int tmReconnect(tmControl *ctl, const char *name, bool readonly, bool force);
virConnectPtr tmConnection(tmControl *ctl);
void tmDisconnect(tmControl *ctl);

/* tidemark-readline.c: input of the interactive shell */
void tmReadlineInit(tmControl *ctl);
void tmReadlineDeinit(tmControl *ctl);
char *tmReadline(tmControl *ctl, const char *prompt);
void tmReadlineHistoryAdd(const char *line);

/* tidemark-event.c: the event loop thread, and waiting for events as
 * virsh's vshEvent* do: tmEventStart (SIGINT and the @timeout_ms timer,
 * 0 for none, end the wait), register callbacks that call tmEventDone,
 * tmEventWait (returns a TM_EVENT_* reason, or -1), tmEventCleanup. */
enum {
    TM_EVENT_INTERRUPT = 1,
    TM_EVENT_TIMEOUT = 2,
    TM_EVENT_DONE = 3,
};
bool tmEventLoopStart(tmControl *ctl);
void tmEventLoopStop(tmControl *ctl);
/* Returns once every callback the loop was running has returned. */
void tmEventLoopSync(tmControl *ctl);
int tmEventStart(tmControl *ctl, int timeout_ms);
void tmEventDone(tmControl *ctl);
int tmEventWait(tmControl *ctl);
void tmEventCleanup(tmControl *ctl);

/* tidemark-help.c */
bool tmCmdHelp(tmControl *ctl, const tmCmd *cmd);
void tmUsage(tmControl *ctl);
extern const tmCmdOptDef tmOptsHelp[];

/* tidemark-util.c: output and errors */
void tmPrint(tmControl *ctl, const char *format, ...) G_GNUC_PRINTF(2, 3);
void tmPrintExtra(tmControl *ctl, const char *format, ...) G_GNUC_PRINTF(2, 3);
void tmError(tmControl *ctl, const char *format, ...) G_GNUC_PRINTF(2, 3);
void tmDebug(tmControl *ctl, int level, const char *format, ...) G_GNUC_PRINTF(3, 4);
void tmOpenLogFile(tmControl *ctl);
void tmCloseLogFile(tmControl *ctl);
void tmErrorHandler(void *opaque, virErrorPtr error);
void tmSaveError(tmControl *ctl, int code, const char *format, ...) G_GNUC_PRINTF(3, 4);
void tmResetError(tmControl *ctl);
void tmReportError(tmControl *ctl);
int tmLastErrorCode(tmControl *ctl);

/* tidemark-util.c: helpers shared by the commands */
int tmStrToInt(const char *str, int *value);
int tmStringToArray(const char *str, char ***array);
int tmReadFile(tmControl *ctl, const char *path, char **buf);
char *tmShellEscape(const char *str);
void tmBufAdd(GString *buf, int indent, const char *text);
void tmBufAddEscaped(GString *buf, int indent, const char *before,
                     const char *str, const char *after);
virDomainPtr tmCommandOptDomainBy(tmControl *ctl, const tmCmd *cmd,
                                  const char **name, bool by_id);
virDomainPtr tmCommandOptDomain(tmControl *ctl, const tmCmd *cmd,
                                const char **name);

/* tidemark-xpath.c: values out of the XML the library returns */
typedef struct _tmXML tmXML;
tmXML *tmXMLParse(tmControl *ctl, const char *text, const char *url);
char *tmXMLString(tmXML *xml, const char *xpath);
int tmXMLBoolean(tmXML *xml, const char *xpath);
int tmXMLLongLong(tmXML *xml, const char *xpath, long long *value);
void tmXMLFree(tmXML *xml);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tmXML, tmXMLFree);
bool tmDumpXML(tmControl *ctl, const char *text, const char *url,
               const char *xpath, bool wrap);

/* tidemark-edit.c: the $EDITOR round trip of the *-edit commands */
typedef enum {
    TM_EDIT_FAILED,    /* error printed */
    TM_EDIT_UNCHANGED, /* nothing changed, message printed */
    TM_EDIT_DONE,      /* redefined */
} tmEditResult;
/* What is edited: @get_xml fetches the current XML (NULL after an
 * error), @define redefines it from the edited text @edited (@doc is
 * the XML the edit started from). */
typedef struct {
    char *(*get_xml)(void *opaque);
    bool (*define)(void *opaque, const char *doc, const char *edited);
} tmEditOps;
tmEditResult tmEditLoop(tmControl *ctl, const tmEditOps *ops, void *opaque,
                        const char *unchanged_msg);

/* tidemark-tree.c: the --tree drawing of checkpoint-list / snapshot-list.
 * @lookup returns the name of item @id, or with @parent its parent's
 * name (NULL for a root). */
typedef const char *(*tmTreeLookup)(int id, bool parent, void *opaque);
int tmTreePrint(tmControl *ctl, tmTreeLookup lookup, void *opaque,
                int count, int root);

/* tidemark-table.c: virsh's column tables.  Every row has as many cells
 * as the header; cells are copied. */
typedef struct _tmTable tmTable;
tmTable *tmTableNew(const char *first, ...) G_GNUC_NULL_TERMINATED;
void tmTableRowAppend(tmTable *table, const char *first, ...) G_GNUC_NULL_TERMINATED;
void tmTablePrint(tmControl *ctl, tmTable *table);
void tmTableFree(tmTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tmTable, tmTableFree);

/* Owning wrappers around the library's handle types. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomain, virDomainFree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainCheckpoint, virDomainCheckpointFree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainSnapshot, virDomainSnapshotFree);

/* Command tables, by group. */
/* tidemark-domain-qemu.c */
extern const tmCmdOptDef tmOptsQemuMonitorCommand[];
bool tmCmdQemuMonitorCommand(tmControl *ctl, const tmCmd *cmd);
extern const tmCmdOptDef tmOptsDomblklist[];
bool tmCmdDomblklist(tmControl *ctl, const tmCmd *cmd);
/* tidemark-domain-job.c: domjobinfo (Domain Management), backup-wait
 * (Tidemark itself) */
extern const tmCmdOptDef tmOptsDomjobinfo[];
bool tmCmdDomjobinfo(tmControl *ctl, const tmCmd *cmd);
extern const tmCmdOptDef tmOptsBackupWait[];
bool tmCmdBackupWait(tmControl *ctl, const tmCmd *cmd);
extern const tmCmdOptDef tmOptsDomxmlToNative[];
bool tmCmdDomxmlToNative(tmControl *ctl, const tmCmd *cmd);

/* tidemark-checkpoint-own.c */
extern const tmCmdOptDef tmOptsCheckpointVerify[];
bool tmCmdCheckpointVerify(tmControl *ctl, const tmCmd *cmd);
extern const tmCmdOptDef tmOptsCheckpointOffline[];
bool tmCmdCheckpointCreateOffline(tmControl *ctl, const tmCmd *cmd);
bool tmCmdCheckpointDeleteOffline(tmControl *ctl, const tmCmd *cmd);

extern const tmCmdDef tmDomManagementCmds[];
extern const tmCmdDef tmDomMonitoringCmds[];
extern const tmCmdDef tmBackupCmds[];
extern const tmCmdDef tmDomEventCmds[];
extern const tmCmdDef tmHostCmds[];         /* tidemark-host.c */
extern const tmCmdDef tmCheckpointCmds[];
extern const tmCmdDef tmSnapshotCmds[];
extern const tmCmdDef tmShellCmds[];
