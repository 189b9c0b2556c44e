/*
 * test-xmlescape.c: tidemark's one XML escaper against libvirt's output
 *
 * tests/xmlescape/cases.txt holds texts full of the edge characters
 * (every control character, DEL, the five entities, UTF-8) and
 * expected.txt what libvirt 9.0 printed for each (written by
 * tests/xmlescape/gen-expected.py, checked by the reference tier).
 * Every way the library and the shell escape text must give libvirt's
 * bytes: virXMLEscape (the shell's path), virBufferEscapeString with
 * and without further formatting, and virBufferEscapeText.
 */
#include "internal.h"
#include "testutils.h"
#include "util/virbuffer.h"
#include "util/virxmlescape.h"

/* cases.txt's encoding: \xNN is a byte, \\ a backslash. */
static char *
decode(const char *text)
{
    GString *out = g_string_new(NULL);

    for (const char *p = text; *p; p++) {
        if (p[0] == '\\' && p[1] == '\\') {
            g_string_append_c(out, '\\');
            p++;
        } else if (p[0] == '\\' && p[1] == 'x' &&
                   g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3])) {
            g_string_append_c(out, (char)(g_ascii_xdigit_value(p[2]) * 16 +
                                          g_ascii_xdigit_value(p[3])));
            p += 3;
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

static char *
encode(const char *text)
{
    GString *out = g_string_new(NULL);

    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\\')
            g_string_append(out, "\\\\");
        else if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf(out, "\\x%02x", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    return g_string_free(out, FALSE);
}

static void
check(const char *name, const char *path, const char *actual, const char *expected)
{
    g_autofree char *shown = encode(actual);

    if (!tmTestResult(strcmp(actual, expected) == 0, "%s: %s", name, path)) {
        g_autofree char *want = encode(expected);

        tmTestDiag("libvirt:  '%s'", want);
        tmTestDiag("tidemark: '%s'", shown);
    }
}

static void
run_case(const char *name, const char *input, const char *expected)
{
    g_autofree char *escaped = virXMLEscape(input);
    g_autofree char *formatted = NULL;
    g_autofree char *wrapped = NULL;
    g_autofree char *text = NULL;
    g_autofree char *want_wrapped = g_strdup_printf("<description>%s</description>\n", expected);
    g_autofree char *want_percent = g_strdup_printf("%s%%", expected);
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    check(name, "virXMLEscape", escaped, expected);

    virBufferEscapeString(&buf, "<description>%s</description>\n", input);
    wrapped = virBufferContentAndReset(&buf);
    check(name, "virBufferEscapeString", wrapped, want_wrapped);

    /* a second conversion takes the printf path */
    virBufferEscapeString(&buf, "%s%%", input);
    formatted = virBufferContentAndReset(&buf);
    check(name, "virBufferEscapeString (printf)", formatted, want_percent);

    virBufferEscapeText(&buf, input);
    text = virBufferContentAndReset(&buf);
    check(name, "virBufferEscapeText", text, expected);
}

int
main(int argc, char **argv)
{
    g_autofree char *dir = g_build_filename(argc > 1 ? argv[1] : ".", "tests", "xmlescape", NULL);
    g_autofree char *cases_path = g_build_filename(dir, "cases.txt", NULL);
    g_autofree char *expected_path = g_build_filename(dir, "expected.txt", NULL);
    g_autoptr(GPtrArray) cases = tmTestReadCases(cases_path, 1);
    g_autoptr(GPtrArray) expected = tmTestReadCases(expected_path, 1);

    if (!tmTestResult(cases->len > 0 && cases->len == expected->len,
                      "%u cases, %u expected lines", cases->len, expected->len))
        return tmTestDone();

    for (guint i = 0; i < cases->len; i++) {
        tmTestCase *tc = cases->pdata[i];
        tmTestCase *ex = expected->pdata[i];
        g_autofree char *input = decode(tc->rest ? tc->rest : "");
        g_autofree char *want = decode(ex->rest ? ex->rest : "");

        if (!tmTestResult(STREQ(tc->fields[0], ex->fields[0]), "case %u is %s in both files",
                          i + 1, tc->fields[0]))
            continue;
        run_case(tc->fields[0], input, want);
    }
    return tmTestDone();
}
