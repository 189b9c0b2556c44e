/*
 * testutils.c: TAP output, fixture files and error checks for tests
 */
#include "internal.h"
#include "util/virxml.h"
#include "testutils.h"

#include <stdio.h>
#include <stdarg.h>

static unsigned int ntests;
static unsigned int nfailed;

bool
tmTestResult(bool ok, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *desc = NULL;

    va_start(ap, fmt);
    desc = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ntests++;
    if (!ok)
        nfailed++;
    printf("%s %u - %s\n", ok ? "ok" : "not ok", ntests, desc);
    fflush(stdout);
    return ok;
}

void
tmTestDiag(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    lines = g_strsplit(text, "\n", -1);
    for (size_t i = 0; lines[i]; i++)
        printf("# %s\n", lines[i]);
}

int
tmTestDone(void)
{
    printf("1..%u\n", ntests);
    return nfailed ? 1 : 0;
}

char *
tmTestReadFile(const char *path)
{
    g_autoptr(GError) err = NULL;
    char *content = NULL;

    if (!g_file_get_contents(path, &content, NULL, &err))
        g_error("cannot read %s: %s", path, err->message);
    return content;
}

static void
print_diff(const char *expected, const char *actual)
{
    g_auto(GStrv) exp = g_strsplit(expected, "\n", -1);
    g_auto(GStrv) act = g_strsplit(actual, "\n", -1);
    size_t i;

    for (i = 0; exp[i] && act[i]; i++) {
        if (STRNEQ(exp[i], act[i]))
            break;
    }
    tmTestDiag("first difference at line %zu", i + 1);
    tmTestDiag("expected: %s", exp[i] ? exp[i] : "<end>");
    tmTestDiag("actual:   %s", act[i] ? act[i] : "<end>");
}

bool
tmTestCompareFile(const char *actual, const char *expect_path)
{
    g_autofree char *expected = NULL;
    bool regenerate = g_strcmp0(g_getenv("TIDEMARK_TEST_REGENERATE"), "1") == 0;

    if (!regenerate || g_file_test(expect_path, G_FILE_TEST_EXISTS))
        expected = tmTestReadFile(expect_path);
    if (g_strcmp0(expected, actual) == 0)
        return true;
    if (regenerate) {
        g_autoptr(GError) err = NULL;

        /* a rewritten file is never a pass: the run that wrote it
         * compared nothing, and the next run compares the new file */
        if (!g_file_set_contents(expect_path, actual, -1, &err))
            g_error("cannot write %s: %s", expect_path, err->message);
        tmTestDiag("rewrote %s from tidemark's output: review the diff, "
                   "confirm it (tests/README.md), run again", expect_path);
        return false;
    }
    print_diff(expected, actual);
    return false;
}

static void
case_free(gpointer data)
{
    tmTestCase *tc = data;

    g_strfreev(tc->fields);
    g_free(tc->rest);
    g_free(tc);
}

GPtrArray *
tmTestReadCases(const char *path, size_t nfixed)
{
    g_autofree char *content = tmTestReadFile(path);
    g_auto(GStrv) lines = g_strsplit(content, "\n", -1);
    GPtrArray *cases = g_ptr_array_new_with_free_func(case_free);

    for (size_t i = 0; lines[i]; i++) {
        char *line = g_strstrip(lines[i]);
        tmTestCase *tc;
        g_autoptr(GPtrArray) fields = g_ptr_array_new();
        char *p = line;

        if (!*line || line[0] == '#')
            continue;
        tc = g_new0(tmTestCase, 1);
        while (*p && (nfixed == 0 || fields->len < nfixed)) {
            char *start;

            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p)
                break;
            start = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
            g_ptr_array_add(fields, g_strndup(start, p - start));
        }
        while (*p == ' ' || *p == '\t')
            p++;
        if (nfixed && *p)
            tc->rest = g_strdup(p);
        tc->nfields = fields->len;
        g_ptr_array_add(fields, NULL);
        tc->fields = (char **)g_ptr_array_steal(fields, NULL);
        g_ptr_array_add(cases, tc);
    }
    return cases;
}

char *
tmTestUnescape(const char *msg)
{
    GString *out = g_string_new(NULL);

    for (const char *p = msg; *p; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            g_string_append_c(out, '\n');
            p++;
        } else if (p[0] == '\\' && p[1] == '\\') {
            g_string_append_c(out, '\\');
            p++;
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

char *
tmTestMaskSchemaDir(const char *msg)
{
    g_autofree char *path = virXMLSchemaPath("x");
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *prefix = g_strdup_printf("%s/", dir);
    g_auto(GStrv) parts = g_strsplit(msg, prefix, -1);

    return g_strjoinv("@SCHEMADIR@/", parts);
}

bool
tmTestCheckError(int code, int domain, const char *message, const char *what)
{
    virErrorPtr err = virGetLastError();
    g_autofree char *masked = NULL;

    if (!err) {
        tmTestDiag("%s: no error raised", what);
        return false;
    }
    masked = tmTestMaskSchemaDir(err->message ? err->message : "");
    if (err->code == code && err->domain == domain && STREQ(masked, message))
        return true;
    tmTestDiag("%s: expected %d/%d '%s'", what, code, domain, message);
    tmTestDiag("%s: actual   %d/%d '%s'", what, err->code, err->domain, masked);
    return false;
}

bool
tmTestHasFlag(const tmTestCase *tc, size_t from, const char *flag)
{
    for (size_t i = from; i < tc->nfields; i++) {
        if (STREQ(tc->fields[i], flag))
            return true;
    }
    return false;
}
