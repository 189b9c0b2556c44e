/*
 * tidemark-shell.c: the connection, and the commands about the shell
 * itself (connect, help, echo, cd, pwd, quit, exit)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The connection is opened once when -c is given, otherwise on the
 * first command that needs one, and reopened when an error showed that
 * it died.  Messages are virsh 9.0's.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tidemark-cmd.h"
#include "util/virxmlescape.h"

/**
 * tmDisconnect:
 * Closes the connection, if any.
 */
void
tmDisconnect(tmControl *ctl)
{
    int ret;

    if (!ctl->conn)
        return;
    ret = virConnectClose(ctl->conn);
    ctl->conn = NULL;
    if (ret < 0)
        tmError(ctl, "%s", "Failed to disconnect from the hypervisor");
    else if (ret > 0)
        tmError(ctl, "%s", "One or more references were leaked after "
                "disconnect from the hypervisor");
}

/* Opens @uri and sets up keepalive as virsh does: 5 s / 6 probes unless
 * -k / -K say otherwise, 0 disables it.  A connection that cannot do
 * keepalive (one to a driver in the process, such as test:///) is only
 * a debug message, unless -k or -K asked for it.  Returns NULL after an
 * error. */
static virConnectPtr
tmConnect(tmControl *ctl, const char *uri, bool readonly)
{
    int interval = ctl->keepalive_interval >= 0 ? ctl->keepalive_interval : 5;
    bool forced = ctl->keepalive_interval >= 0 || ctl->keepalive_count >= 0;
    virConnectPtr conn;

    if (readonly)
        conn = virConnectOpenReadOnly(uri);
    else
        conn = virConnectOpen(uri);
    if (!conn || interval <= 0)
        return conn;

    if (virConnectSetKeepAlive(conn, interval,
                               ctl->keepalive_count >= 0 ? ctl->keepalive_count : 6) == 0)
        return conn;
    if (forced) {
        tmError(ctl, "%s", "Cannot setup keepalive on connection "
                "as requested, disconnecting");
        virConnectClose(conn);
        return NULL;
    }
    tmDebug(ctl, TM_ERR_INFO, "%s", "Failed to setup keepalive on connection\n");
    tmResetError(ctl);
    return conn;
}

/**
 * tmReconnect:
 * (Re)opens the connection to @name (NULL: the current URI).  Without
 * @readonly and @name the current read-only mode is kept.  With @force
 * (the connect command) nothing is said about reconnecting.  Returns 0,
 * or -1 after an error (the library's is left for tmReportError).
 */
int
tmReconnect(tmControl *ctl, const char *name, bool readonly, bool force)
{
    bool connected = ctl->conn != NULL;
    const char *uri;

    if (!readonly && !name)
        readonly = ctl->readonly;

    tmDisconnect(ctl);

    uri = name ? name : ctl->connname;
    if (!(ctl->conn = tmConnect(ctl, uri, readonly))) {
        if (ctl->disconnected)
            tmError(ctl, "%s", "Failed to reconnect to the hypervisor");
        else
            tmError(ctl, "%s", "failed to connect to the hypervisor");
        return -1;
    }

    if (name) {
        g_free(ctl->connname);
        ctl->connname = g_strdup(name);
    }
    ctl->readonly = readonly;
    if (connected && !force)
        tmError(ctl, "%s", "Reconnected to the hypervisor");
    ctl->disconnected = false;
    return 0;
}

/**
 * tmConnection:
 * The connection commands run on, opened if needed.  Returns NULL after
 * an error.
 */
virConnectPtr
tmConnection(tmControl *ctl)
{
    if ((!ctl->conn || ctl->disconnected) &&
        tmReconnect(ctl, NULL, false, false) < 0)
        return NULL;

    if (!ctl->conn || virConnectIsAlive(ctl->conn) == 0) {
        tmError(ctl, "%s", "no valid connection");
        return NULL;
    }
    /* only a definite "not alive" counts */
    tmResetError(ctl);
    return ctl->conn;
}

static const tmCmdOptDef opts_connect[] = {
    {.name = "name",
     .type = TM_OT_STRING,
     .flags = TM_OFLAG_EMPTY_OK,
     .help = "hypervisor connection URI"
    },
    {.name = "readonly",
     .type = TM_OT_BOOL,
     .help = "read-only connection"
    },
    {.name = NULL}
};

/* "connect [URI] [--readonly]" */
static bool
cmdConnect(tmControl *ctl, const tmCmd *cmd)
{
    bool ro = tmCommandOptBool(cmd, "readonly");
    const char *name = NULL;

    if (tmCommandOptStringReq(ctl, cmd, "name", &name) < 0)
        return false;
    return tmReconnect(ctl, name, ro, true) == 0;
}

static const tmCmdOptDef opts_cd[] = {
    {.name = "dir",
     .type = TM_OT_STRING,
     .help = "directory to switch to (default: home or else root)"
    },
    {.name = NULL}
};

/* "cd [DIR]", interactive mode only */
static bool
cmdCd(tmControl *ctl, const tmCmd *cmd)
{
    const char *dir = NULL;

    if (!ctl->imode) {
        tmError(ctl, "%s", "cd: command valid only in interactive mode");
        return false;
    }
    if (tmCommandOptStringQuiet(cmd, "dir", &dir) <= 0)
        dir = g_get_home_dir();
    if (!dir)
        dir = "/";
    if (chdir(dir) == -1) {
        tmError(ctl, "cd: %s: %s", g_strerror(errno), dir);
        return false;
    }
    return true;
}

/* "pwd" */
static bool
cmdPwd(tmControl *ctl, const tmCmd *cmd G_GNUC_UNUSED)
{
    g_autofree char *cwd = g_get_current_dir();

    tmPrint(ctl, "%s\n", cwd);
    return true;
}

/* "quit" / "exit": leave the interactive loop */
static bool
cmdQuit(tmControl *ctl, const tmCmd *cmd G_GNUC_UNUSED)
{
    ctl->imode = false;
    return true;
}

static const tmCmdOptDef opts_echo[] = {
    {.name = "shell",
     .type = TM_OT_BOOL,
     .help = "escape for shell use"
    },
    {.name = "xml",
     .type = TM_OT_BOOL,
     .help = "escape for XML use"
    },
    {.name = "split",
     .type = TM_OT_BOOL,
     .help = "split each argument on ','; ',,' is an escape sequence"
    },
    {.name = "err",
     .type = TM_OT_BOOL,
     .help = "output to stderr",
    },
    {.name = "str",
     .type = TM_OT_ALIAS,
     .help = "string"
    },
    {.name = "hi",
     .type = TM_OT_ALIAS,
     .help = "string=hello"
    },
    {.name = "string",
     .type = TM_OT_ARGV,
     .help = "arguments to echo"
    },
    {.name = NULL}
};

/* "echo [--shell|--xml|--split] [--err] ARG...": prints the arguments,
 * space separated, without a newline. */
static bool
cmdEcho(tmControl *ctl, const tmCmd *cmd)
{
    bool shell = tmCommandOptBool(cmd, "shell");
    bool xml = tmCommandOptBool(cmd, "xml");
    bool err = tmCommandOptBool(cmd, "err");
    bool split = tmCommandOptBool(cmd, "split");
    g_autoptr(GString) buf = NULL;
    const tmCmdOpt *opt = NULL;

    if (tmExclusiveOptions(ctl, "shell", shell, "xml", xml) ||
        tmExclusiveOptions(ctl, "shell", shell, "split", split) ||
        tmExclusiveOptions(ctl, "xml", xml, "split", split))
        return false;

    while ((opt = tmCommandOptArgv(cmd, opt))) {
        if (!buf)
            buf = g_string_new(NULL);
        if (xml) {
            g_autofree char *escaped = virXMLEscape(opt->data);

            g_string_append(buf, escaped);
        } else if (shell) {
            g_autofree char *escaped = tmShellEscape(opt->data);

            g_string_append(buf, escaped);
        } else if (split) {
            g_auto(GStrv) parts = NULL;
            int n = tmStringToArray(opt->data, &parts);
            int i;

            for (i = 0; i < n && parts[i]; i++)
                g_string_append_printf(buf, "%s\n", parts[i]);
        } else {
            g_string_append(buf, opt->data);
        }
        g_string_append_c(buf, ' ');
    }
    if (!buf)
        return true;

    g_string_truncate(buf, buf->len - 1);
    if (err)
        tmError(ctl, "%s", buf->str);
    else
        tmPrint(ctl, "%s", buf->str);
    return true;
}

const tmCmdDef tmShellCmds[] = {
    {.name = "backup-wait",
     .handler = tmCmdBackupWait,
     .opts = tmOptsBackupWait,
     .help = "follow a domain's backup job to its end (tidemark's own)",
     .desc = "Shows the progress of the domain's backup job (a bar on a terminal, a line a\n"
             "    second otherwise) until it ends; fails if the job failed or was aborted."
    },
    {.name = "cd",
     .handler = cmdCd,
     .opts = opts_cd,
     .help = "change the current directory",
     .desc = "Change the current directory.",
     .flags = TM_CMD_FLAG_NOCONNECT
    },
    {.name = "checkpoint-create-offline",
     .handler = tmCmdCheckpointCreateOffline,
     .opts = tmOptsCheckpointOffline,
     .help = "create a checkpoint of a shut-off domain (tidemark's own)",
     .desc = "Adds the checkpoint's bitmap to every qcow2 image of the shut-off\n"
             "    domain with qemu-img, where libvirt refuses an inactive domain."
    },
    {.name = "checkpoint-delete-offline",
     .handler = tmCmdCheckpointDeleteOffline,
     .opts = tmOptsCheckpointOffline,
     .help = "delete a checkpoint of a shut-off domain (tidemark's own)",
     .desc = "Removes the checkpoint and its bitmaps from the images of the\n"
             "    shut-off domain with qemu-img, where libvirt refuses an inactive domain."
    },
    {.name = "checkpoint-verify",
     .handler = tmCmdCheckpointVerify,
     .opts = tmOptsCheckpointVerify,
     .help = "check the bitmaps behind checkpoints (tidemark's own)",
     .desc = "Reports, per checkpoint and disk, whether its bitmap is present,\n"
             "    consistent and recording, and why not; also bitmaps that belong\n"
             "    to no checkpoint. Fails when any bitmap cannot be trusted."
    },
    {.name = "echo",
     .handler = cmdEcho,
     .opts = opts_echo,
     .help = "echo arguments. Used for internal testing.",
     .desc = "Echo back arguments, possibly with quoting. Used for internal testing.",
     .flags = TM_CMD_FLAG_NOCONNECT
    },
    {.name = "exit",
     .handler = cmdQuit,
     .help = "quit this interactive terminal",
     .desc = "",
     .flags = TM_CMD_FLAG_NOCONNECT
    },
    {.name = "help",
     .handler = tmCmdHelp,
     .opts = tmOptsHelp,
     .help = "print help",
     .desc = "Prints global help, command specific help, or help for a\n"
             "    group of related commands",
     .flags = TM_CMD_FLAG_NOCONNECT
    },
    {.name = "pwd",
     .handler = cmdPwd,
     .help = "print the current directory",
     .desc = "Print the current directory.",
     .flags = TM_CMD_FLAG_NOCONNECT
    },
    {.name = "quit",
     .handler = cmdQuit,
     .help = "quit this interactive terminal",
     .desc = "",
     .flags = TM_CMD_FLAG_NOCONNECT
    },
    {.name = "connect",
     .handler = cmdConnect,
     .opts = opts_connect,
     .help = "(re)connect to hypervisor",
     .desc = "Connect to local hypervisor. This is built-in command after shell start up.",
     .flags = TM_CMD_FLAG_NOCONNECT
    },
    {.name = NULL}
};
