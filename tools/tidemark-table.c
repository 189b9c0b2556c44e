/*
 * tidemark-table.c: virsh's column tables
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Layout (virsh 9.0, vsh-table.c): every cell is printed as " CELL",
 * padded to its column's width plus two spaces (not after the last
 * column); under the header a rule of width + 3 dashes per column.
 * --quiet drops header and rule, and then widths come from the data
 * alone.  Widths count display columns; control characters, and bytes
 * that are not printable in the locale, are shown as \xNN.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tidemark-cmd.h"

/* Length of one "\xNN" escape. */
#define TM_HEX_ENCODE_LENGTH 4

struct _tmTable {
    GPtrArray *rows; /* of GStrv; row 0 is the header */
};

/**
 * tmTableFree:
 * Frees @table.
 */
void
tmTableFree(tmTable *table)
{
    if (!table)
        return;
    g_ptr_array_free(table->rows, TRUE);
    g_free(table);
}

/* Collects the NULL-terminated cells after @first into a new GStrv. */
static char **
tmTableRowNew(const char *first, va_list ap)
{
    g_autoptr(GPtrArray) cells = g_ptr_array_new();
    const char *cell;

    for (cell = first; cell; cell = va_arg(ap, const char *))
        g_ptr_array_add(cells, g_strdup(cell));
    g_ptr_array_add(cells, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&cells), FALSE);
}

/**
 * tmTableNew:
 * Creates a table with the given column titles (NULL-terminated).
 */
tmTable *
tmTableNew(const char *first, ...)
{
    tmTable *table = g_new0(tmTable, 1);
    va_list ap;

    table->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    va_start(ap, first);
    g_ptr_array_add(table->rows, tmTableRowNew(first, ap));
    va_end(ap);
    return table;
}

/**
 * tmTableRowAppend:
 * Appends a row with as many cells (NULL-terminated) as the header has.
 */
void
tmTableRowAppend(tmTable *table, const char *first, ...)
{
    va_list ap;
    char **row;

    va_start(ap, first);
    row = tmTableRowNew(first, ap);
    va_end(ap);
    g_assert(g_strv_length(row) == g_strv_length(table->rows->pdata[0]));
    g_ptr_array_add(table->rows, row);
}

/* Appends the \xNN escape of byte @c.  virsh formats the byte as a
 * (signed) char into a 5-byte buffer, so every byte above 0x7f shows as
 * "\xff"; that is kept. */
static void
tmTableHexByte(GString *out, char c)
{
    if ((signed char)c < 0)
        g_string_append(out, "\\xff");
    else
        g_string_append_printf(out, "\\x%02x", (unsigned char)c);
}

/* Returns @s with unprintable characters escaped; *@width is its
 * display width. */
static char *
tmTableSafeEncode(const char *s, size_t *width)
{
    g_autoptr(GString) out = g_string_new(NULL);
    const char *p = s;
    mbstate_t st;

    memset(&st, 0, sizeof(st));
    *width = 0;

    while (*p) {
        wchar_t wc;
        size_t len;

        if ((p[0] == '\\' && p[1] == 'x') || g_ascii_iscntrl(*p)) {
            tmTableHexByte(out, *p++);
            *width += TM_HEX_ENCODE_LENGTH;
            continue;
        }

        len = mbrtowc(&wc, p, MB_CUR_MAX, &st);
        if (len == 0)
            break;
        if (len == (size_t)-1 || len == (size_t)-2) {
            /* not a valid character in this locale */
            if (!g_ascii_isprint(*p)) {
                tmTableHexByte(out, *p);
                *width += TM_HEX_ENCODE_LENGTH;
            } else {
                g_string_append_c(out, *p);
                (*width)++;
            }
            len = 1;
        } else if (!iswprint(wc)) {
            size_t i;

            for (i = 0; i < len; i++)
                tmTableHexByte(out, p[i]);
            *width += TM_HEX_ENCODE_LENGTH * len;
        } else {
            g_string_append_len(out, p, len);
            *width += g_unichar_iszerowidth(wc) ? 0 : (g_unichar_iswide(wc) ? 2 : 1);
        }
        p += len;
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* Appends one row, each cell padded to its column. */
static void
tmTableRowPrint(GString *out, char **row, const size_t *maxwidths,
                const size_t *widths)
{
    size_t ncells = g_strv_length(row);
    size_t i;
    size_t j;

    for (i = 0; i < ncells; i++) {
        g_string_append_printf(out, " %s", row[i]);
        if (i < ncells - 1) {
            for (j = 0; j < maxwidths[i] - widths[i] + 2; j++)
                g_string_append_c(out, ' ');
        }
    }
    g_string_append_c(out, '\n');
}

/**
 * tmTablePrint:
 * Prints @table to stdout; without the header under --quiet.
 */
void
tmTablePrint(tmControl *ctl, tmTable *table)
{
    bool header = !ctl->quiet;
    size_t ncols = g_strv_length(table->rows->pdata[0]);
    g_autofree size_t *maxwidths = g_new0(size_t, ncols);
    g_autofree size_t *widths = g_new0(size_t, ncols * table->rows->len);
    g_autoptr(GString) out = g_string_new(NULL);
    size_t i;
    size_t j;

    for (i = header ? 0 : 1; i < table->rows->len; i++) {
        char **row = table->rows->pdata[i];

        for (j = 0; j < ncols; j++) {
            size_t *w = &widths[i * ncols + j];
            char *encoded = tmTableSafeEncode(row[j], w);

            g_free(row[j]);
            row[j] = encoded;
            if (*w > maxwidths[j])
                maxwidths[j] = *w;
        }
    }

    if (header) {
        tmTableRowPrint(out, table->rows->pdata[0], maxwidths, widths);
        for (i = 0; i < ncols; i++) {
            for (j = 0; j < maxwidths[i] + 3; j++)
                g_string_append_c(out, '-');
        }
        g_string_append_c(out, '\n');
    }
    for (i = 1; i < table->rows->len; i++)
        tmTableRowPrint(out, table->rows->pdata[i], maxwidths, &widths[i * ncols]);

    tmPrint(ctl, "%s", out->str);
}
