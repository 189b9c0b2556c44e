/*
 * tidemark-help.c: "help", "help COMMAND", "help GROUP" and --help
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The layouts are virsh 9.0's, so that "help COMMAND" of every command
 * tidemark shares with virsh prints the same bytes.
 */
#include <stdio.h>
#include <string.h>

#include "tidemark-cmd.h"

const tmCmdOptDef tmOptsHelp[] = {
    {.name = "command",
     .type = TM_OT_STRING,
     .help = "Prints global help, command specific help, or help for a group of related commands"
    },
    {.name = NULL}
};

/* Prints the command lines of one group, as "help" and --help do. */
static void
tmCmdGrpList(tmControl *ctl, const tmCmdGroup *grp)
{
    const tmCmdDef *def;

    for (def = grp->cmds; def->name; def++) {
        if (def->flags & TM_CMD_FLAG_HIDDEN)
            continue;
        tmPrint(ctl, "    %-30s %s\n", def->name, def->help);
    }
}

/* Prints the SYNOPSIS word of one option.  Sets *@shortopt once an
 * option can be given positionally. */
static void
tmCmddefSynopsisOpt(const tmCmdOptDef *opt, bool *shortopt)
{
    bool req = opt->flags & TM_OFLAG_REQ;
    bool positional = !(opt->flags & TM_OFLAG_REQ_OPT);

    switch (opt->type) {
    case TM_OT_BOOL:
        printf(" [--%s]", opt->name);
        break;
    case TM_OT_INT:
        if (req)
            printf(" <%s>", opt->name);
        else
            printf(" [--%s <number>]", opt->name);
        *shortopt |= positional;
        break;
    case TM_OT_STRING:
        printf(" [--%s <string>]", opt->name);
        *shortopt |= positional;
        break;
    case TM_OT_DATA:
        if (req)
            printf(" <%s>", opt->name);
        else
            printf(" [<%s>]", opt->name);
        *shortopt |= positional;
        break;
    case TM_OT_ARGV:
        if (*shortopt && req)
            printf(" {[--%s] <string>}...", opt->name);
        else if (*shortopt)
            printf(" [[--%s] <string>]...", opt->name);
        else if (req)
            printf(" <%s>...", opt->name);
        else
            printf(" [<%s>]...", opt->name);
        break;
    case TM_OT_ALIAS:
        /* aliases are not documented */
        break;
    }
}

/* Prints the OPTIONS line of one option. */
static void
tmCmddefOptionLine(const tmCmdOptDef *opt, bool shortopt)
{
    g_autofree char *left = NULL;

    switch (opt->type) {
    case TM_OT_BOOL:
        left = g_strdup_printf("--%s", opt->name);
        break;
    case TM_OT_INT:
        if (opt->flags & TM_OFLAG_REQ)
            left = g_strdup_printf("[--%s] <number>", opt->name);
        else
            left = g_strdup_printf("--%s <number>", opt->name);
        break;
    case TM_OT_STRING:
        left = g_strdup_printf("--%s <string>", opt->name);
        break;
    case TM_OT_DATA:
        left = g_strdup_printf("[--%s] <string>", opt->name);
        break;
    case TM_OT_ARGV:
        if (shortopt)
            left = g_strdup_printf("[--%s] <string>", opt->name);
        else
            left = g_strdup_printf("<%s>", opt->name);
        break;
    case TM_OT_ALIAS:
        return;
    }
    printf("    %-15s  %s\n", left, opt->help);
}

/* Prints NAME, SYNOPSIS, DESCRIPTION and OPTIONS of @def.  Like virsh,
 * this bypasses --quiet. */
static bool
tmCmddefHelp(const tmCmdDef *def)
{
    const tmCmdOptDef *opt;
    bool shortopt = false;

    printf("  NAME\n");
    printf("    %s - %s\n", def->name, def->help);

    printf("\n  SYNOPSIS\n");
    printf("    %s", def->name);
    for (opt = def->opts; opt && opt->name; opt++)
        tmCmddefSynopsisOpt(opt, &shortopt);
    printf("\n");

    if (def->desc && *def->desc) {
        printf("\n  DESCRIPTION\n");
        printf("    %s\n", def->desc);
    }

    if (def->opts && def->opts->name) {
        printf("\n  OPTIONS\n");
        for (opt = def->opts; opt->name; opt++)
            tmCmddefOptionLine(opt, shortopt);
    }
    printf("\n");
    fflush(stdout);
    return true;
}

/**
 * tmCmdHelp:
 * The "help" command: every group, one command, or one group.
 */
bool
tmCmdHelp(tmControl *ctl, const tmCmd *cmd)
{
    const tmCmdGroup *grp;
    const tmCmdDef *def;
    const char *name = NULL;

    if (tmCommandOptStringQuiet(cmd, "command", &name) <= 0) {
        tmPrint(ctl, "%s", "Grouped commands:\n\n");
        for (grp = ctl->groups; grp->name; grp++) {
            tmPrint(ctl, " %s (help keyword '%s'):\n", grp->name, grp->keyword);
            tmCmdGrpList(ctl, grp);
            tmPrint(ctl, "\n");
        }
        return true;
    }

    if ((def = tmCmddefSearch(ctl, name)))
        return tmCmddefHelp(def);
    if ((grp = tmCmdGrpSearch(ctl, name))) {
        tmPrint(ctl, " %s (help keyword '%s'):\n", grp->name, grp->keyword);
        tmCmdGrpList(ctl, grp);
        return true;
    }
    tmError(ctl, "command or command group '%s' doesn't exist", name);
    return false;
}

/**
 * tmUsage:
 * The text of "tidemark --help".
 */
void
tmUsage(tmControl *ctl)
{
    const tmCmdGroup *grp;
    const tmCmdDef *def;

    printf("\n%s [options]... [<command_string>]"
           "\n%s [options]... <command> [args...]\n\n"
           "  options:\n"
           "    -c | --connect=URI      hypervisor connection URI\n"
           "    -d | --debug=NUM        debug level [0-4]\n"
           "    -e | --escape <char>    set escape sequence for console\n"
           "    -h | --help             this help\n"
           "    -k | --keepalive-interval=NUM\n"
           "                            keepalive interval in seconds, 0 for disable\n"
           "    -K | --keepalive-count=NUM\n"
           "                            number of possible missed keepalive messages\n"
           "    -l | --log=FILE         output logging to file\n"
           "    -q | --quiet            quiet mode\n"
           "    -r | --readonly         connect readonly\n"
           "    -t | --timing           print timing information\n"
           "    -v                      short version\n"
           "    -V                      long version\n"
           "         --version[=TYPE]   version, TYPE is short or long (default short)\n"
           "  commands (non interactive mode):\n\n",
           ctl->progname, ctl->progname);

    for (grp = ctl->groups; grp->name; grp++) {
        printf(" %s (help keyword '%s')\n", grp->name, grp->keyword);
        for (def = grp->cmds; def->name; def++) {
            if (def->flags & TM_CMD_FLAG_HIDDEN)
                continue;
            printf("    %-30s %s\n", def->name, def->help);
        }
        printf("\n");
    }

    printf("%s", "\n  (specify help <group> for details about the commands in the group)\n");
    printf("%s", "\n  (specify help <command> for details about the command)\n\n");
    fflush(stdout);
}
