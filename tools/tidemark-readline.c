/*
 * tidemark-readline.c: reading lines in the interactive shell
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * On a terminal, lines come from libedit: editing, history (kept in
 * $XDG_CACHE_HOME/tidemark/history, at most $TIDEMARK_HISTSIZE entries,
 * 500 by default) and completion of command and option names.
 *
 * When stdin is not a terminal (a script piped into the shell) the
 * prompt and each line read are echoed to stdout, which is what virsh's
 * GNU readline prints in that case; so a session fed from a file gives
 * the same transcript as virsh's, prompt text aside.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "tidemark-cmd.h"

#define TM_HISTSIZE_MAX 500000

/* Readline callbacks take no user data. */
static tmControl *tmReadlineCtl;
static char *tmHistoryDir;
static char *tmHistoryFile;

/* Every visible command name, for completion. */
static GPtrArray *
tmCompleteCommands(void)
{
    GPtrArray *ret = g_ptr_array_new_with_free_func(g_free);
    const tmCmdGroup *grp;
    const tmCmdDef *def;

    for (grp = tmReadlineCtl->groups; grp->name; grp++) {
        for (def = grp->cmds; def->name; def++) {
            if (!(def->flags & TM_CMD_FLAG_HIDDEN))
                g_ptr_array_add(ret, g_strdup(def->name));
        }
    }
    return ret;
}

/* The "--option" names of @def not yet on @line (ARGV may repeat). */
static GPtrArray *
tmCompleteOptions(const tmCmdDef *def, char **words)
{
    GPtrArray *ret = g_ptr_array_new_with_free_func(g_free);
    const tmCmdOptDef *opt;
    size_t i;

    for (opt = def->opts; opt && opt->name; opt++) {
        g_autofree char *word = g_strdup_printf("--%s", opt->name);
        bool seen = false;

        if (opt->type == TM_OT_ALIAS)
            continue;
        for (i = 1; words[i] && opt->type != TM_OT_ARGV; i++) {
            if (strcmp(words[i], word) == 0)
                seen = true;
        }
        if (!seen)
            g_ptr_array_add(ret, g_steal_pointer(&word));
    }
    return ret;
}

/* rl_compentry_func_t: returns the next candidate starting with @text. */
static char *
tmCompletionGenerator(const char *text, int state)
{
    static GPtrArray *list;
    static guint index;

    if (!state) {
        g_autofree char *line = g_strndup(rl_line_buffer, rl_point);
        g_auto(GStrv) words = NULL;
        const char *start = strrchr(line, ';');
        const tmCmdDef *def;

        g_clear_pointer(&list, g_ptr_array_unref);
        index = 0;
        words = g_strsplit_set(start ? start + 1 : line, " \t", -1);
        /* drop the empty words between blanks */
        {
            size_t i;
            size_t j = 0;

            for (i = 0; words[i]; i++) {
                if (*words[i])
                    words[j++] = words[i];
                else
                    g_free(words[i]);
            }
            words[j] = NULL;
        }

        if (!words[0] || (!words[1] && *text))
            list = tmCompleteCommands();
        else if ((def = tmCmddefSearch(tmReadlineCtl, words[0])))
            list = tmCompleteOptions(def, words);
        else
            return NULL;
    }

    while (list && index < list->len) {
        const char *cand = list->pdata[index++];

        if (g_str_has_prefix(cand, text))
            return strdup(cand);
    }
    g_clear_pointer(&list, g_ptr_array_unref);
    return NULL;
}

/* rl_completion_func_t */
static char **
tmCompletion(const char *text, int start G_GNUC_UNUSED, int end G_GNUC_UNUSED)
{
    return rl_completion_matches(text, tmCompletionGenerator);
}

/**
 * tmReadlineInit:
 * Sets up editing, completion and history for the interactive shell.
 * A bad $TIDEMARK_HISTSIZE is reported and history is then not kept.
 */
void
tmReadlineInit(tmControl *ctl)
{
    const char *histsize_str = getenv("TIDEMARK_HISTSIZE");
    int max_history = 500;

    tmReadlineCtl = ctl;
    rl_readline_name = "tidemark";
    rl_attempted_completion_function = tmCompletion;
    rl_basic_word_break_characters = " \t\n`@$><=;|&{(";
    rl_completer_quote_characters = "\"'";

    if (histsize_str) {
        if (tmStrToInt(histsize_str, &max_history) < 0) {
            tmError(ctl, "Bad $%s value.", "TIDEMARK_HISTSIZE");
            return;
        }
        if (max_history > TM_HISTSIZE_MAX || max_history < 0) {
            tmError(ctl, "$%s value should be between 0 and %d",
                    "TIDEMARK_HISTSIZE", TM_HISTSIZE_MAX);
            return;
        }
    }
    stifle_history(max_history);

    tmHistoryDir = g_build_filename(g_get_user_cache_dir(), "tidemark", NULL);
    tmHistoryFile = g_build_filename(tmHistoryDir, "history", NULL);
    read_history(tmHistoryFile);
}

/**
 * tmReadlineDeinit:
 * Saves the history, if it is kept.
 */
void
tmReadlineDeinit(tmControl *ctl)
{
    if (tmHistoryFile) {
        if (g_mkdir_with_parents(tmHistoryDir, 0755) < 0 && errno != EEXIST)
            tmError(ctl, "Failed to create '%s': %s", tmHistoryDir, g_strerror(errno));
        else
            write_history(tmHistoryFile);
    }
    g_clear_pointer(&tmHistoryDir, g_free);
    g_clear_pointer(&tmHistoryFile, g_free);
}

/* One line from a stdin that is not a terminal, echoed after @prompt. */
static char *
tmReadlineNoTTY(const char *prompt)
{
    g_autoptr(GString) line = g_string_new(NULL);
    int c;

    fputs(prompt, stdout);
    fflush(stdout);
    while ((c = getchar()) != EOF && c != '\n')
        g_string_append_c(line, c);
    if (c == EOF && line->len == 0)
        return NULL;

    printf("%s\n", line->str);
    fflush(stdout);
    return g_string_free(g_steal_pointer(&line), FALSE);
}

/**
 * tmReadline:
 * Reads one line after @prompt.  Returns it (free with g_free), or NULL
 * at the end of input.
 */
char *
tmReadline(tmControl *ctl G_GNUC_UNUSED, const char *prompt)
{
    char *line;
    char *ret;

    if (!isatty(STDIN_FILENO))
        return tmReadlineNoTTY(prompt);

    if (!(line = readline(prompt)))
        return NULL;
    ret = g_strdup(line);
    free(line);
    return ret;
}

/**
 * tmReadlineHistoryAdd:
 * Adds @line to the history.
 */
void
tmReadlineHistoryAdd(const char *line)
{
    add_history(line);
}
