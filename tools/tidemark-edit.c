/*
 * tidemark-edit.c: the $EDITOR round trip of checkpoint-edit and
 * snapshot-edit
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The XML goes to a temporary file, $VISUAL / $EDITOR (default
 * sensible-editor) runs on it, and the result is read back and
 * redefined.  When the redefinition fails and stdin is a terminal, the
 * user is asked whether to edit again, as virsh 9.0 does; the messages,
 * including those about the editor's exit, are virsh's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "tidemark-cmd.h"

/* A temporary file name that unlinks the file when freed. */
typedef char tmTempFile;

/* Characters an editor command or file name may hold to be run without
 * a shell. */
#define TM_EDIT_ACCEPTED_CHARS \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/_.:@"

/* Removes and frees the temporary file name @file. */
static void
tmEditUnlinkTempfile(char *file)
{
    if (!file)
        return;
    unlink(file);
    g_free(file);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tmTempFile, tmEditUnlinkTempfile);

/* Writes @doc to a new $TMPDIR/tidemarkXXXXXX.xml.  Returns its name, or
 * NULL after an error. */
static char *
tmEditWriteToTempFile(tmControl *ctl, const char *doc)
{
    g_autoptr(tmTempFile) ret = NULL;
    const char *tmpdir = getenv("TMPDIR");
    size_t len = strlen(doc);
    int fd;

    ret = g_strdup_printf("%s/tidemarkXXXXXX.xml", tmpdir ? tmpdir : "/tmp");
    fd = g_mkstemp_full(ret, O_RDWR | O_CLOEXEC, 0600);
    if (fd == -1) {
        tmError(ctl, "g_mkstemp_full: failed to create temporary file: %s",
                g_strerror(errno));
        g_clear_pointer(&ret, g_free);
        return NULL;
    }

    while (len > 0) {
        ssize_t done = write(fd, doc, len);

        if (done < 0 && errno == EINTR)
            continue;
        if (done < 0) {
            tmError(ctl, "write: %s: failed to write to temporary file: %s",
                    ret, g_strerror(errno));
            close(fd);
            return NULL;
        }
        doc += done;
        len -= done;
    }
    if (close(fd) < 0) {
        tmError(ctl, "close: %s: failed to write or close temporary file: %s",
                ret, g_strerror(errno));
        return NULL;
    }
    return g_steal_pointer(&ret);
}

/* Finds @name in $PATH, as the library virsh uses does before running a
 * program.  Returns a new absolute path, or NULL. */
static char *
tmEditFindInPath(const char *name)
{
    g_autofree char *path = NULL;

    if (g_path_is_absolute(name))
        return g_strdup(name);
    if (!strchr(name, '/'))
        return g_find_program_in_path(name);
    path = g_canonicalize_filename(name, NULL);
    if (!g_file_test(path, G_FILE_TEST_IS_EXECUTABLE))
        return NULL;
    return g_steal_pointer(&path);
}

/* Runs @argv with the shell's stdin, stdout and stderr and waits.  The
 * error messages are the ones libvirt's command runner gives virsh.
 * Returns 0 when it exits with status 0. */
static int
tmEditRun(tmControl *ctl, char **argv)
{
    g_autofree char *binary = tmEditFindInPath(argv[0]);
    g_autoptr(GString) cmdline = g_string_new(NULL);
    int status;
    pid_t pid;
    size_t i;

    if (!binary) {
        tmSaveError(ctl, VIR_ERR_SYSTEM_ERROR,
                    "Cannot find '%s' in path: %s", argv[0], g_strerror(ENOENT));
        return -1;
    }

    for (i = 0; argv[i]; i++) {
        g_autofree char *quoted = tmShellEscape(argv[i]);

        if (i > 0)
            g_string_append_c(cmdline, ' ');
        g_string_append(cmdline, quoted);
    }

    fflush(stdout);
    fflush(stderr);
    if ((pid = fork()) < 0) {
        tmSaveError(ctl, VIR_ERR_SYSTEM_ERROR, "cannot fork child process: %s",
                    g_strerror(errno));
        return -1;
    }
    if (pid == 0) {
        execv(binary, argv);
        fprintf(stderr, "libvirt:  error : cannot execute binary %s: %s\n",
                binary, g_strerror(errno));
        _exit(127);
    }

    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            tmSaveError(ctl, VIR_ERR_SYSTEM_ERROR,
                        "unable to wait for process %lld: %s",
                        (long long)pid, g_strerror(errno));
            return -1;
        }
    }

    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status))
        tmSaveError(ctl, VIR_ERR_INTERNAL_ERROR,
                    "internal error: Child process (%s) unexpected exit status %d",
                    cmdline->str, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        tmSaveError(ctl, VIR_ERR_INTERNAL_ERROR,
                    "internal error: Child process (%s) unexpected fatal signal %d",
                    cmdline->str, WTERMSIG(status));
    else
        tmSaveError(ctl, VIR_ERR_INTERNAL_ERROR,
                    "internal error: Child process (%s) unexpected invalid value %d",
                    cmdline->str, status);
    return -1;
}

/* Runs the editor on @filename: directly when $VISUAL/$EDITOR is a plain
 * program name, else through "sh -c" (then @filename must be plain).
 * Returns 0, or -1 after the error was printed. */
static int
tmEditFile(tmControl *ctl, const char *filename)
{
    const char *editor = getenv("VISUAL");
    g_autofree char *shcmd = NULL;
    char *argv[4] = { NULL };

    if (!editor)
        editor = getenv("EDITOR");
    if (!editor)
        editor = "sensible-editor";

    if (strspn(editor, TM_EDIT_ACCEPTED_CHARS) != strlen(editor)) {
        if (strspn(filename, TM_EDIT_ACCEPTED_CHARS) != strlen(filename)) {
            tmError(ctl, "%s: temporary filename contains shell meta or other "
                    "unacceptable characters (is $TMPDIR wrong?)", filename);
            return -1;
        }
        shcmd = g_strdup_printf("%s %s", editor, filename);
        argv[0] = (char *)"sh";
        argv[1] = (char *)"-c";
        argv[2] = shcmd;
    } else {
        argv[0] = (char *)editor;
        argv[1] = (char *)filename;
    }

    if (tmEditRun(ctl, argv) < 0) {
        tmReportError(ctl);
        return -1;
    }
    return 0;
}

/* Returns the content of the edited @filename, or NULL after an error. */
static char *
tmEditReadBackFile(tmControl *ctl, const char *filename)
{
    char *ret = NULL;

    /* the reason stays saved and is printed again when the command fails */
    if (tmReadFile(ctl, filename, &ret) < 0) {
        tmError(ctl, "%s: failed to read temporary file: %s", filename,
                g_strerror(errno));
        return NULL;
    }
    return ret;
}

/* Prints the lines of the reedit help, in raw terminal mode. */
static void
tmAskReeditHelp(tmControl *ctl)
{
    tmPrint(ctl, "%s\r\n", "");
    tmPrint(ctl, "%s\r\n", "y - yes, start editor again");
    tmPrint(ctl, "%s\r\n", "n - no, throw away my changes");
    tmPrint(ctl, "%s\r\n", "f - force, try to redefine again");
    tmPrint(ctl, "%s\r\n", "? - print this help");
}

/* After a failed redefinition, asks on the terminal whether to edit
 * again.  Returns 'y', 'n' or 'f', or -1 when stdin is not a terminal. */
static int
tmAskReedit(tmControl *ctl, const char *msg)
{
    struct termios saved;
    struct termios raw;
    int c;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) < 0)
        return -1;

    tmReportError(ctl);

    raw = saved;
    cfmakeraw(&raw);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0)
        return -1;

    while (true) {
        tmPrint(ctl, "\r%s %s %s: ", msg, "Try again?", "[y,n,f,?]");
        c = getchar();
        if (c == EOF) {
            /* virsh would ask forever; treat end of input as "no" */
            c = 'n';
            break;
        }
        c = g_ascii_tolower(c);
        if (c == '?') {
            tmAskReeditHelp(ctl);
            continue;
        }
        if (c == 'y' || c == 'n' || c == 'f')
            break;
    }

    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    tmPrint(ctl, "\r\n");
    return c;
}

/**
 * tmEditLoop:
 * The whole edit: fetch the XML, edit it, and when it changed redefine
 * it.  Without @unchanged_msg an unchanged document is redefined too
 * (snapshot-edit --current).  Returns TM_EDIT_DONE after a successful
 * redefinition, TM_EDIT_UNCHANGED when nothing changed (the message was
 * printed), TM_EDIT_FAILED after an error.
 */
tmEditResult
tmEditLoop(tmControl *ctl, const tmEditOps *ops, void *opaque,
           const char *unchanged_msg)
{
    g_autoptr(tmTempFile) tmp = NULL;
    g_autofree char *doc = NULL;
    g_autofree char *doc_edited = NULL;
    const char *msg;

    if (!(doc = ops->get_xml(opaque)))
        return TM_EDIT_FAILED;
    if (!(tmp = tmEditWriteToTempFile(ctl, doc)))
        return TM_EDIT_FAILED;

 reedit:
    if (tmEditFile(ctl, tmp) < 0)
        return TM_EDIT_FAILED;
    g_free(doc_edited);
    if (!(doc_edited = tmEditReadBackFile(ctl, tmp)))
        return TM_EDIT_FAILED;

    if (unchanged_msg && strcmp(doc, doc_edited) == 0) {
        tmPrintExtra(ctl, "%s", unchanged_msg);
        return TM_EDIT_UNCHANGED;
    }

 redefine:
    msg = NULL;
    {
        g_autofree char *doc_reread = ops->get_xml(opaque);

        if (!doc_reread)
            return TM_EDIT_FAILED;
        if (strcmp(doc, doc_reread) != 0) {
            msg = "The XML configuration was changed by another user.";
            g_free(doc);
            doc = g_steal_pointer(&doc_reread);
        }
    }
    if (!msg && !ops->define(opaque, doc, doc_edited))
        msg = "Failed.";

    if (msg) {
        switch (tmAskReedit(ctl, msg)) {
        case 'y':
            goto reedit;
        case 'f':
            goto redefine;
        case 'n':
            return TM_EDIT_FAILED;
        default:
            /* virsh goes on with no object here and crashes */
            tmError(ctl, "%s", msg);
            return TM_EDIT_FAILED;
        }
    }
    return TM_EDIT_DONE;
}
