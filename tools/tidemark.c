/*
 * tidemark: a virsh-compatible shell for the tidemark library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   tidemark [options]... [<command_string>]
 *   tidemark [options]... <command> [args...]
 *
 * With one argument it is parsed as a command line (several commands
 * separated by ';'); with more, they are one command's words; with none
 * the interactive shell starts.  Options, commands, output, messages
 * and exit codes follow virsh 9.0, so that a script written for
 * "virsh -c URI" runs unchanged with "tidemark -c URI".
 *
 * Differences by design: the prompt is "tidemark # " ("tidemark > "
 * read-only), environment variables are TIDEMARK_* rather than VIRSH_*,
 * -v/-V print tidemark's version, the shell's own commands are grouped
 * as "Tidemark itself" (help keyword "tidemark").
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tidemark-cmd.h"

static const tmCmdGroup tmCmdGroups[] = {
    { "Domain Management", "domain", tmDomManagementCmds },
    { "Domain Monitoring", "monitor", tmDomMonitoringCmds },
    { "Domain Events", "events", tmDomEventCmds },
    { "Host and Hypervisor", "host", tmHostCmds },
    { "Checkpoint", "checkpoint", tmCheckpointCmds },
    { "Snapshot", "snapshot", tmSnapshotCmds },
    { "Backup", "backup", tmBackupCmds },
    { "Tidemark itself", "tidemark", tmShellCmds },
    { NULL, NULL, NULL }
};

/* Reads TIDEMARK_DEBUG and TIDEMARK_LOG_FILE, unless -d / -l set them. */
static void
tmInitDebug(tmControl *ctl, bool from_cmdline_debug)
{
    const char *env;

    if (!from_cmdline_debug && (env = getenv("TIDEMARK_DEBUG"))) {
        int debug;

        if (tmStrToInt(env, &debug) < 0 || debug < TM_ERR_DEBUG || debug > TM_ERR_ERROR)
            tmError(ctl, "%s_DEBUG not set with a valid numeric value", "TIDEMARK");
        else
            ctl->debug = debug;
    }

    if (!ctl->logfile && (env = getenv("TIDEMARK_LOG_FILE")) && *env) {
        ctl->logfile = g_strdup(env);
        tmOpenLogFile(ctl);
    }
}

/* Prints the version and what it was built with (-V). */
static void
tmShowVersion(tmControl *ctl)
{
    tmPrint(ctl, "tidemark command line tool of tidemark %s\n", TM_VERSION);
    tmPrint(ctl, "virsh-compatible, built against the tidemark library API\n\n");
    tmPrint(ctl, "%s", "Compiled with support for:\n");
    tmPrint(ctl, "%s", " Hypervisors: Test\n");
    tmPrint(ctl, "%s", " Miscellaneous: Debug Readline\n");
}

/* Parses a keepalive value of -k / -K; exits on a bad one. */
static int
tmParseKeepalive(tmControl *ctl, const char *arg, const char *optname)
{
    char *end;
    long val;

    val = strtol(arg, &end, 0);
    if (end == arg || *end || val < -2147483647L - 1 || val > 2147483647L) {
        tmError(ctl, "Invalid value for option %s", optname);
        exit(EXIT_FAILURE);
    }
    if (val < 0) {
        tmError(ctl, "option %s requires a positive integer argument", optname);
        exit(EXIT_FAILURE);
    }
    return val;
}

/* Whether @c may follow '^' in an escape sequence. */
static bool
tmAllowedEscapeChar(char c)
{
    return ('a' <= c && c <= 'z') || ('@' <= c && c <= '_');
}

/* Handles the options of the command line, then parses the command(s)
 * after them.  Exits for --help, --version and bad options.  Returns
 * false when the commands do not parse. */
static bool
tmParseArgv(tmControl *ctl, int argc, char **argv, bool *debug_set)
{
    static const struct option opts[] = {
        { "connect", required_argument, NULL, 'c' },
        { "debug", required_argument, NULL, 'd' },
        { "escape", required_argument, NULL, 'e' },
        { "help", no_argument, NULL, 'h' },
        { "keepalive-interval", required_argument, NULL, 'k' },
        { "keepalive-count", required_argument, NULL, 'K' },
        { "log", required_argument, NULL, 'l' },
        { "quiet", no_argument, NULL, 'q' },
        { "readonly", no_argument, NULL, 'r' },
        { "timing", no_argument, NULL, 't' },
        { "version", optional_argument, NULL, 'v' },
        { NULL, 0, NULL, 0 },
    };
    int longindex = -1;
    int arg;
    size_t i;

    /* '+': stop at the first command word; ':': report errors here */
    while ((arg = getopt_long(argc, argv, "+:c:d:e:hk:K:l:qrtvV", opts, &longindex)) != -1) {
        switch (arg) {
        case 'c':
            g_free(ctl->connname);
            ctl->connname = g_strdup(optarg);
            break;
        case 'd': {
            int debug;

            if (tmStrToInt(optarg, &debug) < 0) {
                tmError(ctl, "option %s takes a numeric argument",
                        longindex == -1 ? "-d" : "--debug");
                exit(EXIT_FAILURE);
            }
            if (debug < TM_ERR_DEBUG || debug > TM_ERR_ERROR) {
                tmError(ctl, "ignoring debug level %d out of range [%d-%d]",
                        debug, TM_ERR_DEBUG, TM_ERR_ERROR);
            } else {
                ctl->debug = debug;
                *debug_set = true;
            }
            break;
        }
        case 'e': {
            size_t len = strlen(optarg);

            if ((len == 2 && *optarg == '^' && tmAllowedEscapeChar(optarg[1])) ||
                (len == 1 && *optarg != '^')) {
                ctl->escape_char = optarg;
            } else {
                tmError(ctl, "Invalid string '%s' for escape sequence", optarg);
                exit(EXIT_FAILURE);
            }
            break;
        }
        case 'h':
            tmUsage(ctl);
            exit(EXIT_SUCCESS);
        case 'k':
            ctl->keepalive_interval =
                tmParseKeepalive(ctl, optarg, longindex == -1 ? "-k" : "--keepalive-interval");
            break;
        case 'K':
            ctl->keepalive_count =
                tmParseKeepalive(ctl, optarg, longindex == -1 ? "-K" : "--keepalive-count");
            break;
        case 'l':
            tmCloseLogFile(ctl);
            ctl->logfile = g_strdup(optarg);
            tmOpenLogFile(ctl);
            break;
        case 'q':
            ctl->quiet = true;
            break;
        case 't':
            ctl->timing = true;
            break;
        case 'r':
            ctl->readonly = true;
            break;
        case 'v':
            if (!optarg || strcmp(optarg, "long") != 0) {
                puts(TM_VERSION);
                exit(EXIT_SUCCESS);
            }
            G_GNUC_FALLTHROUGH;
        case 'V':
            tmShowVersion(ctl);
            exit(EXIT_SUCCESS);
        case ':':
            for (i = 0; opts[i].name; i++) {
                if (opts[i].val == optopt)
                    break;
            }
            if (opts[i].name)
                tmError(ctl, "option '-%c'/'--%s' requires an argument",
                        optopt, opts[i].name);
            else
                tmError(ctl, "option '-%c' requires an argument", optopt);
            exit(EXIT_FAILURE);
        case '?':
            if (optopt)
                tmError(ctl, "unsupported option '-%c'. See --help.", optopt);
            else
                tmError(ctl, "unsupported option '%s'. See --help.", argv[optind - 1]);
            exit(EXIT_FAILURE);
        default:
            tmError(ctl, "%s", "unknown option");
            exit(EXIT_FAILURE);
        }
        longindex = -1;
    }

    if (argc == optind) {
        ctl->imode = true;
        return true;
    }
    ctl->imode = false;
    if (argc - optind == 1) {
        tmDebug(ctl, TM_ERR_INFO, "commands: \"%s\"\n", argv[optind]);
        return tmCommandStringParse(ctl, argv[optind]);
    }
    return tmCommandArgvParse(ctl, argc - optind, argv + optind);
}

/* The interactive loop.  Its exit code is always success, as virsh's. */
static void
tmInteractive(tmControl *ctl)
{
    char *line = NULL;

    if (!ctl->quiet) {
        tmPrint(ctl, "Welcome to %s, the virtualization interactive terminal.\n\n",
                ctl->progname);
        tmPrint(ctl, "%s", "Type:  'help' for help with commands\n"
                "       'quit' to quit\n\n");
    }

    do {
        const char *prompt = ctl->readonly ? "tidemark > " : "tidemark # ";

        if (!(line = tmReadline(ctl, prompt)))
            break;
        if (*line) {
            tmReadlineHistoryAdd(line);
            if (tmCommandStringParse(ctl, line))
                tmCommandRun(ctl, ctl->cmd);
        }
        g_clear_pointer(&line, g_free);
    } while (ctl->imode);

    if (!line)
        fputc('\n', stdout);
    g_free(line);
}

/* Releases everything before exit. */
static void
tmDeinit(tmControl *ctl)
{
    if (ctl->imode)
        tmReadlineDeinit(ctl);
    tmCloseLogFile(ctl);
    g_clear_pointer(&ctl->connname, g_free);
    tmDisconnect(ctl);
    tmEventLoopStop(ctl);
    g_clear_pointer(&ctl->cmd, tmCommandFree);
    tmResetError(ctl);
}

/* Options, then the connection (at once for -c), then the commands or
 * the interactive shell.  Exits 0 when the last command succeeded. */
int
main(int argc, char **argv)
{
    tmControl ctl = {
        .log_fd = -1,
        .debug = TM_ERR_ERROR,
        .escape_char = "^]",
        .keepalive_interval = -1,
        .keepalive_count = -1,
        .groups = tmCmdGroups,
        .event_timer = -1,
        .event_pipe = { -1, -1 },
    };
    bool debug_set = false;
    bool interactive;
    bool ret = true;

    ctl.progname = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    setlocale(LC_ALL, "");

    tmInitDebug(&ctl, false);
    if (!tmParseArgv(&ctl, argc, argv, &debug_set)) {
        tmDeinit(&ctl);
        exit(EXIT_FAILURE);
    }
    tmInitDebug(&ctl, debug_set);

    interactive = ctl.imode;
    if (interactive)
        tmReadlineInit(&ctl);

    virSetErrorFunc(&ctl, tmErrorHandler);
    /* as virsh: the event loop runs for the whole session */
    if (!tmEventLoopStart(&ctl)) {
        tmReportError(&ctl);
        ctl.imode = interactive;
        tmDeinit(&ctl);
        exit(EXIT_FAILURE);
    }
    /* a URI given with -c must open now; the default one is opened by
     * the first command that needs it (it may be "connect" or "help") */
    if (ctl.connname && tmReconnect(&ctl, NULL, false, false) < 0) {
        tmReportError(&ctl);
        ctl.imode = interactive;
        tmDeinit(&ctl);
        exit(EXIT_FAILURE);
    }
    if (!ctl.connname)
        ctl.connname = g_strdup(getenv("TIDEMARK_DEFAULT_CONNECT_URI"));

    if (interactive)
        tmInteractive(&ctl);
    else
        ret = tmCommandRun(&ctl, ctl.cmd);

    ctl.imode = interactive;
    tmDeinit(&ctl);
    virSetErrorFunc(NULL, NULL);
    exit(ret ? EXIT_SUCCESS : EXIT_FAILURE);
}
