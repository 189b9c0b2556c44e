/*
 * virxmlescape.c: escaping text for XML, as libvirt 9.0 does
 */
#include "util/virxmlescape.h"

#include <string.h>

/* What libvirt never copies: the entities' characters and the control
 * characters its table lists (0x01-0x19 but tab, newline, CR). */
static gboolean
needs_care(unsigned char c)
{
    if (c < 0x1A)
        return c != '\t' && c != '\n' && c != '\r';
    return c == '<' || c == '>' || c == '&' || c == '"' || c == '\'';
}

void
virXMLEscapeAppend(GString *out, const char *str)
{
    const char *run = str;
    const char *p;

    for (p = str; *p; p++) {
        unsigned char c = (unsigned char)*p;

        if (!needs_care(c))
            continue;
        /* copy the plain run before this character in one go */
        g_string_append_len(out, run, p - run);
        run = p + 1;
        switch (c) {
        case '<': g_string_append_len(out, "&lt;", 4); break;
        case '>': g_string_append_len(out, "&gt;", 4); break;
        case '&': g_string_append_len(out, "&amp;", 5); break;
        case '"': g_string_append_len(out, "&quot;", 6); break;
        case '\'': g_string_append_len(out, "&apos;", 6); break;
        default: break; /* a control character: dropped */
        }
    }
    g_string_append_len(out, run, p - run);
}

char *
virXMLEscape(const char *str)
{
    GString *out = g_string_sized_new(strlen(str) + 16);

    virXMLEscapeAppend(out, str);
    return g_string_free(out, FALSE);
}
