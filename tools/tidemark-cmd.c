/*
 * tidemark-cmd.c: tokenizing, parsing and running shell commands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The grammar and every message follow virsh 9.0 (tools/vsh.c), because
 * scripts written for virsh must behave the same here:
 *
 *   line    = command { (';' | '\n') command }
 *   command = keyword { option | data } [ '--' { data } ]
 *   option  = '--'NAME | '--'NAME VALUE | '--'NAME'='VALUE
 *   token   = { unquoted char | '\'...\'' | '"...\"' | '\\'char }
 *
 * A token starting with '#' comments out the rest of the line.  Parsing
 * is all or nothing: one error in any command of the line and nothing
 * runs.  Running goes on after a failed command; the result of the last
 * command is the result of the line.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tidemark-cmd.h"

typedef enum {
    TM_TK_ERROR,      /* bad token, error printed */
    TM_TK_ARG,        /* one argument (may be empty) */
    TM_TK_SUBCMD_END, /* ';', newline or a comment ended the command */
    TM_TK_END,        /* nothing left */
} tmToken;

/* Where tokens come from: a command string, or argv (one token per
 * element, no quoting, no separators). */
typedef struct {
    bool from_argv;
    const char *pos;
    char **arg_pos;
    char **arg_end;
} tmParser;

/* Every command accepts --help, which turns it into "help COMMAND". */
static const tmCmdOptDef tmHelpOpt = {
    .name = "help",
    .type = TM_OT_BOOL,
    .help = "print help for this function",
};

/**
 * tmCmddefSearch:
 * Returns the command called @name in any group, or NULL.
 */
const tmCmdDef *
tmCmddefSearch(tmControl *ctl, const char *name)
{
    const tmCmdGroup *grp;
    const tmCmdDef *def;

    for (grp = ctl->groups; grp->name; grp++) {
        for (def = grp->cmds; def->name; def++) {
            if (strcmp(def->name, name) == 0)
                return def;
        }
    }
    return NULL;
}

/**
 * tmCmdGrpSearch:
 * Returns the group whose name or help keyword is @name, or NULL.
 */
const tmCmdGroup *
tmCmdGrpSearch(tmControl *ctl, const char *name)
{
    const tmCmdGroup *grp;

    for (grp = ctl->groups; grp->name; grp++) {
        if (strcmp(grp->name, name) == 0 || strcmp(grp->keyword, name) == 0)
            return grp;
    }
    return NULL;
}

/* Frees a list of given options. */
static void
tmCommandOptFree(tmCmdOpt *opt)
{
    while (opt) {
        tmCmdOpt *next = opt->next;

        g_free(opt->data);
        g_free(opt);
        opt = next;
    }
}

/**
 * tmCommandFree:
 * Frees a list of parsed commands.
 */
void
tmCommandFree(tmCmd *cmd)
{
    while (cmd) {
        tmCmd *next = cmd->next;

        tmCommandOptFree(cmd->opts);
        g_free(cmd);
        cmd = next;
    }
}

/* Returns in *@res the next token of a command string, dequoted. */
static tmToken
tmParserNextString(tmControl *ctl, tmParser *parser, char **res, bool report)
{
    bool single_quote = false;
    bool double_quote = false;
    const char *p = parser->pos;
    g_autoptr(GString) q = NULL;

    while (*p == ' ' || *p == '\t' || (*p == '\\' && p[1] == '\n'))
        p += 1 + (*p == '\\');

    if (*p == '\0')
        return TM_TK_END;
    if (*p == ';' || *p == '\n') {
        parser->pos = p + 1;
        return TM_TK_SUBCMD_END;
    }
    if (*p == '#') {
        while (*p && *p != '\n')
            p++;
        parser->pos = p + (*p != '\0');
        return TM_TK_SUBCMD_END;
    }

    q = g_string_new(NULL);
    while (*p) {
        if (!double_quote && !single_quote &&
            (*p == ' ' || *p == '\t' || *p == ';' || *p == '\n'))
            break;

        if (!double_quote && *p == '\'') {
            single_quote = !single_quote;
            p++;
            continue;
        } else if (!single_quote && *p == '\\') {
            /* as in sh: '\' escapes outside '' and inside "" */
            p++;
            if (*p == '\0') {
                if (report)
                    tmError(ctl, "%s", "dangling \\");
                return TM_TK_ERROR;
            } else if (*p == '\n') {
                p++;
                continue;
            }
        } else if (!single_quote && *p == '"') {
            double_quote = !double_quote;
            p++;
            continue;
        }
        g_string_append_c(q, *p++);
    }

    if (double_quote && report) {
        tmError(ctl, "%s", "missing \"");
        return TM_TK_ERROR;
    }

    parser->pos = p;
    *res = g_string_free(g_steal_pointer(&q), FALSE);
    return TM_TK_ARG;
}

/* Returns in *@res the next token; *@res stays NULL unless TM_TK_ARG. */
static tmToken
tmParserNext(tmControl *ctl, tmParser *parser, char **res, bool report)
{
    *res = NULL;
    if (!parser->from_argv)
        return tmParserNextString(ctl, parser, res, report);

    if (parser->arg_pos == parser->arg_end)
        return TM_TK_END;
    *res = g_strdup(*parser->arg_pos++);
    return TM_TK_ARG;
}

/* Computes which options of @def take positional data and which are
 * required, as bit masks over the option table. */
static void
tmCmddefOptParse(const tmCmdDef *def, uint64_t *need_arg, uint64_t *required)
{
    size_t i;

    *need_arg = 0;
    *required = 0;
    for (i = 0; def->opts && def->opts[i].name; i++) {
        const tmCmdOptDef *opt = &def->opts[i];

        if (opt->type == TM_OT_BOOL || opt->type == TM_OT_ALIAS)
            continue;
        if (!(opt->flags & TM_OFLAG_REQ_OPT))
            *need_arg |= UINT64_C(1) << i;
        if (opt->flags & TM_OFLAG_REQ)
            *required |= UINT64_C(1) << i;
    }
}

/* Resolves "--@name" for @def.  An alias written "target=value" supplies
 * the value itself, in *@optstr.  Errors are printed; "help" never
 * complains about unknown options. */
static const tmCmdOptDef *
tmCmddefGetOption(tmControl *ctl, const tmCmdDef *def, const char *name,
                  uint64_t *seen, size_t *index, char **optstr)
{
    g_autofree char *alias = NULL;
    size_t i;

    if (strcmp(name, tmHelpOpt.name) == 0)
        return &tmHelpOpt;

    for (i = 0; def->opts && def->opts[i].name; i++) {
        const tmCmdOptDef *opt = &def->opts[i];
        char *value;

        if (strcmp(opt->name, name) != 0)
            continue;

        if (opt->type == TM_OT_ALIAS) {
            /* the target is always listed later in the table */
            alias = g_strdup(opt->help);
            name = alias;
            if ((value = strchr(alias, '='))) {
                *value = '\0';
                if (*optstr) {
                    tmError(ctl, "invalid '=' after option --%s", opt->name);
                    return NULL;
                }
                *optstr = g_strdup(value + 1);
            }
            continue;
        }
        if ((*seen & (UINT64_C(1) << i)) && opt->type != TM_OT_ARGV) {
            tmError(ctl, "option --%s already seen", name);
            return NULL;
        }
        *seen |= UINT64_C(1) << i;
        *index = i;
        return opt;
    }

    if (strcmp(def->name, "help") != 0)
        tmError(ctl, "command '%s' doesn't support option --%s", def->name, name);
    return NULL;
}

/* Picks the option that receives the next positional value: the first
 * one in table order still waiting for data.  ARGV keeps waiting. */
static const tmCmdOptDef *
tmCmddefGetData(const tmCmdDef *def, uint64_t *need_arg, uint64_t *seen)
{
    size_t i;

    if (!*need_arg)
        return NULL;

    i = __builtin_ctzll(*need_arg);
    if (def->opts[i].type != TM_OT_ARGV)
        *need_arg &= ~(UINT64_C(1) << i);
    *seen |= UINT64_C(1) << i;
    return &def->opts[i];
}

/* Prints one error per required option that was not given. */
static int
tmCommandCheckOpts(tmControl *ctl, const tmCmd *cmd, uint64_t required,
                   uint64_t seen)
{
    const tmCmdDef *def = cmd->def;
    size_t i;

    required &= ~seen;
    if (!required)
        return 0;

    for (i = 0; def->opts[i].name; i++) {
        const tmCmdOptDef *opt = &def->opts[i];

        if (!(required & (UINT64_C(1) << i)))
            continue;
        if (opt->type == TM_OT_DATA || opt->type == TM_OT_ARGV)
            tmError(ctl, "command '%s' requires <%s> option", def->name, opt->name);
        else
            tmError(ctl, "command '%s' requires --%s option", def->name, opt->name);
    }
    return -1;
}

/* Appends @arg to the option list (*@first, *@last). */
static void
tmCommandOptAppend(tmCmdOpt **first, tmCmdOpt **last, tmCmdOpt *arg)
{
    if (!*first)
        *first = arg;
    if (*last)
        (*last)->next = arg;
    *last = arg;
}

/* Finishes one parsed command: "--help" anywhere turns it into
 * "help NAME"; then required options are checked.  Takes *@first.
 * Returns the command, or NULL after printing errors. */
static tmCmd *
tmCommandFinish(tmControl *ctl, const tmCmdDef *def, tmCmdOpt **first,
                uint64_t required, uint64_t seen)
{
    g_autoptr(tmCmd) cmd = g_new0(tmCmd, 1);
    const tmCmdOpt *opt;

    for (opt = *first; opt; opt = opt->next) {
        const tmCmdDef *help;
        tmCmdOpt *arg;

        if (strcmp(opt->def->name, "help") != 0)
            continue;

        help = tmCmddefSearch(ctl, "help");
        arg = g_new0(tmCmdOpt, 1);
        arg->def = help->opts;
        arg->data = g_strdup(def->name);
        tmCommandOptFree(*first);
        *first = arg;
        def = help;
        required = 0;
        seen = 0;
        break;
    }

    cmd->def = def;
    cmd->opts = g_steal_pointer(first);
    if (tmCommandCheckOpts(ctl, cmd, required, seen) < 0)
        return NULL;
    return g_steal_pointer(&cmd);
}

/* Parses every command the parser yields into ctl->cmd. */
static bool
tmCommandParse(tmControl *ctl, tmParser *parser)
{
    tmCmd *clast = NULL;
    tmCmdOpt *first = NULL;
    tmCmdOpt *last = NULL;
    tmToken tk;

    g_clear_pointer(&ctl->cmd, tmCommandFree);

    do {
        const tmCmdDef *def = NULL;
        bool data_only = false;
        uint64_t need_arg = 0;
        uint64_t required = 0;
        uint64_t seen = 0;
        tmCmd *cmd;

        first = last = NULL;

        while (1) {
            g_autofree char *tkdata = NULL;
            const tmCmdOptDef *opt = NULL;
            tmCmdOpt *arg;

            tk = tmParserNext(ctl, parser, &tkdata, true);
            if (tk == TM_TK_ERROR)
                goto syntax_error;
            if (tk != TM_TK_ARG)
                break;

            if (!def) {
                if (*tkdata == '#') {
                    /* a comment that quoting hid from the tokenizer */
                    do {
                        g_clear_pointer(&tkdata, g_free);
                        tk = tmParserNext(ctl, parser, &tkdata, false);
                    } while (tk == TM_TK_ARG);
                    break;
                }
                if (!(def = tmCmddefSearch(ctl, tkdata))) {
                    tmError(ctl, "unknown command: '%s'", tkdata);
                    goto syntax_error;
                }
                tmCmddefOptParse(def, &need_arg, &required);
                continue;
            }

            if (!data_only && tkdata[0] == '-' && tkdata[1] == '-' &&
                g_ascii_isalnum(tkdata[2])) {
                g_autofree char *optstr = NULL;
                char *eq = strchr(tkdata + 2, '=');
                size_t index = 0;

                if (eq) {
                    *eq = '\0';
                    optstr = g_strdup(eq + 1);
                }
                if (!(opt = tmCmddefGetOption(ctl, def, tkdata + 2, &seen,
                                              &index, &optstr))) {
                    if (strcmp(def->name, "help") == 0)
                        continue;
                    goto syntax_error;
                }
                g_clear_pointer(&tkdata, g_free);

                if (opt->type != TM_OT_BOOL) {
                    if (optstr)
                        tkdata = g_steal_pointer(&optstr);
                    else
                        tk = tmParserNext(ctl, parser, &tkdata, true);
                    if (tk == TM_TK_ERROR)
                        goto syntax_error;
                    if (tk != TM_TK_ARG) {
                        tmError(ctl, "expected syntax: --%s <%s>", opt->name,
                                opt->type == TM_OT_INT ? "number" : "string");
                        goto syntax_error;
                    }
                    if (opt->type != TM_OT_ARGV)
                        need_arg &= ~(UINT64_C(1) << index);
                } else if (optstr) {
                    tmError(ctl, "invalid '=' after option --%s", opt->name);
                    goto syntax_error;
                }
            } else if (!data_only && strcmp(tkdata, "--") == 0) {
                data_only = true;
                continue;
            } else {
                opt = tmCmddefGetData(def, &need_arg, &seen);
                if (!opt) {
                    /* help ignores stray data */
                    if (strcmp(def->name, "help") == 0)
                        continue;
                    tmError(ctl, "unexpected data '%s'", tkdata);
                    goto syntax_error;
                }
            }

            tmDebug(ctl, TM_ERR_INFO, "%s: %s(%s): %s\n", def->name, opt->name,
                    opt->type != TM_OT_BOOL ? "optdata" : "bool",
                    opt->type != TM_OT_BOOL ? tkdata : "(none)");
            arg = g_new0(tmCmdOpt, 1);
            arg->def = opt;
            arg->data = g_steal_pointer(&tkdata);
            tmCommandOptAppend(&first, &last, arg);
        }

        if (!def)
            continue;
        if (!(cmd = tmCommandFinish(ctl, def, &first, required, seen)))
            goto syntax_error;
        if (!ctl->cmd)
            ctl->cmd = cmd;
        if (clast)
            clast->next = cmd;
        clast = cmd;
    } while (tk != TM_TK_END);

    return true;

 syntax_error:
    g_clear_pointer(&ctl->cmd, tmCommandFree);
    tmCommandOptFree(first);
    return false;
}

/**
 * tmCommandStringParse:
 * Parses @line (one or more commands) into ctl->cmd.  An empty line is
 * a failure without a message, as in virsh.
 */
bool
tmCommandStringParse(tmControl *ctl, const char *line)
{
    tmParser parser = { .pos = line };

    if (!line || !*line)
        return false;
    return tmCommandParse(ctl, &parser);
}

/**
 * tmCommandArgvParse:
 * Parses one command given as separate words (the shell already split
 * and dequoted them) into ctl->cmd.
 */
bool
tmCommandArgvParse(tmControl *ctl, int nargs, char **argv)
{
    tmParser parser = {
        .from_argv = true,
        .arg_pos = argv,
        .arg_end = argv + nargs,
    };

    if (nargs <= 0)
        return false;
    return tmCommandParse(ctl, &parser);
}

/* True when the saved error means the connection is gone. */
static bool
tmErrorIsDisconnect(tmControl *ctl)
{
    if (!ctl->err_set)
        return false;
    return (ctl->err_code == VIR_ERR_SYSTEM_ERROR &&
            ctl->err_domain == VIR_FROM_REMOTE) ||
        ctl->err_code == VIR_ERR_RPC ||
        ctl->err_code == VIR_ERR_NO_CONNECT ||
        ctl->err_code == VIR_ERR_INVALID_CONN;
}

/**
 * tmCommandRun:
 * Runs the command list @cmd.  Each command is followed by an empty line
 * (not with --quiet) or by its timing (with --timing).  "quit" and "exit"
 * stop the list.  Returns the result of the last command run.
 */
bool
tmCommandRun(tmControl *ctl, const tmCmd *cmd)
{
    bool ret = true;

    while (cmd) {
        gint64 before = g_get_real_time();
        gint64 after;

        if ((cmd->def->flags & TM_CMD_FLAG_NOCONNECT) || tmConnection(ctl))
            ret = cmd->def->handler(ctl, cmd);
        else
            ret = false;
        after = g_get_real_time();

        if (!ret && tmErrorIsDisconnect(ctl))
            ctl->disconnected = true;
        if (!ret)
            tmReportError(ctl);

        if (strcmp(cmd->def->name, "quit") == 0 ||
            strcmp(cmd->def->name, "exit") == 0)
            return ret;

        if (ctl->timing)
            tmPrint(ctl, "\n(Time: %.3f ms)\n\n", (after - before) / 1000.0);
        else
            tmPrintExtra(ctl, "\n");
        cmd = cmd->next;
    }
    return ret;
}

/* Finds the given option @name of @cmd.  Returns 1 and *@opt when given,
 * 0 when absent and optional, -1 when absent and required. */
static int
tmCommandOpt(const tmCmd *cmd, const char *name, const tmCmdOpt **opt)
{
    const tmCmdOptDef *def;
    const tmCmdOpt *candidate;
    int ret = 0;

    *opt = NULL;
    for (def = cmd->def->opts; def && def->name; def++) {
        if (strcmp(def->name, name) == 0) {
            if (def->flags & TM_OFLAG_REQ)
                ret = -1;
            break;
        }
    }

    for (candidate = cmd->opts; candidate; candidate = candidate->next) {
        if (strcmp(candidate->def->name, name) == 0) {
            *opt = candidate;
            return 1;
        }
    }
    return ret;
}

/**
 * tmCommandOptBool:
 * True when option @name was given (of any type).
 */
bool
tmCommandOptBool(const tmCmd *cmd, const char *name)
{
    const tmCmdOpt *opt;

    return tmCommandOpt(cmd, name, &opt) == 1;
}

/**
 * tmCommandOptStringReq:
 * Sets *@value to the value of option @name, or NULL when it was not
 * given.  Returns 0, or -1 after an error (a required option missing, an
 * empty value the option does not accept).
 */
int
tmCommandOptStringReq(tmControl *ctl, const tmCmd *cmd, const char *name,
                      const char **value)
{
    const tmCmdOpt *opt;
    const char *error = NULL;
    int ret;

    *value = NULL;
    ret = tmCommandOpt(cmd, name, &opt);
    if (ret == 0)
        return 0;
    if (ret == -1)
        error = "Mandatory option not present";
    else if (!*opt->data && !(opt->def->flags & TM_OFLAG_EMPTY_OK))
        error = "Option argument is empty";

    if (error) {
        tmError(ctl, "Failed to get option '%s': %s", name, error);
        return -1;
    }
    *value = opt->data;
    return 0;
}

/**
 * tmCommandOptStringQuiet:
 * Like tmCommandOptStringReq without messages.  Returns 1 and *@value
 * when given, 0 when absent, -1 when required and absent or empty.
 */
int
tmCommandOptStringQuiet(const tmCmd *cmd, const char *name, const char **value)
{
    const tmCmdOpt *opt;
    int ret;

    if ((ret = tmCommandOpt(cmd, name, &opt)) <= 0)
        return ret;
    if (!*opt->data && !(opt->def->flags & TM_OFLAG_EMPTY_OK))
        return -1;
    *value = opt->data;
    return 1;
}

int
tmCommandOptUInt(tmControl *ctl, const tmCmd *cmd, const char *name, unsigned int *value)
{
    const tmCmdOpt *opt;
    const char *text;
    char *end = NULL;
    unsigned long long parsed;
    int ret;

    if ((ret = tmCommandOpt(cmd, name, &opt)) <= 0)
        return ret;
    text = opt->data;
    /* strtoull accepts blanks and a sign first; virsh refuses any '-' */
    errno = 0;
    parsed = strtoull(text, &end, 10);
    if (errno || end == text || *end || memchr(text, '-', end - text) || parsed > UINT_MAX) {
        tmError(ctl, "Numeric value '%s' for <%s> option is malformed or out of range",
                text, name);
        return -1;
    }
    *value = (unsigned int)parsed;
    return 1;
}

/**
 * tmCommandOptArgv:
 * Returns the ARGV value following @opt (the first with NULL), or NULL.
 */
const tmCmdOpt *
tmCommandOptArgv(const tmCmd *cmd, const tmCmdOpt *opt)
{
    for (opt = opt ? opt->next : cmd->opts; opt; opt = opt->next) {
        if (opt->def->type == TM_OT_ARGV)
            return opt;
    }
    return NULL;
}

/**
 * tmExclusiveOptions:
 * Reports options @name1 and @name2 given together.  Returns true when
 * both are set (the caller fails).
 */
bool
tmExclusiveOptions(tmControl *ctl, const char *name1, bool set1,
                   const char *name2, bool set2)
{
    if (!(set1 && set2))
        return false;
    tmError(ctl, "Options --%s and --%s are mutually exclusive", name1, name2);
    return true;
}

/**
 * tmRequireOption:
 * Reports option @name given without @required.  Returns true when so
 * (the caller fails).
 */
bool
tmRequireOption(tmControl *ctl, const char *name, bool set,
                const char *required, bool required_set)
{
    if (!set || required_set)
        return false;
    tmError(ctl, "Option --%s is required by option --%s", required, name);
    return true;
}
