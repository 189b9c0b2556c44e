/*
 * virbuffer.c: text buffer with automatic indentation
 */
#include "internal.h"
#include "util/virbuffer.h"

#include <stdarg.h>

static void
ensure(virBuffer *buf)
{
    if (!buf->str)
        buf->str = g_string_sized_new(256);
}

/* Indentation applies only when the next text starts a new line. */
static void
apply_indent(virBuffer *buf)
{
    ensure(buf);
    if (buf->indent <= 0)
        return;
    if (buf->str->len > 0 && buf->str->str[buf->str->len - 1] != '\n')
        return;
    for (int i = 0; i < buf->indent; i++)
        g_string_append_c(buf->str, ' ');
}

void
virBufferAdjustIndent(virBuffer *buf, int delta)
{
    buf->indent += delta;
    if (buf->indent < 0)
        buf->indent = 0;
}

int
virBufferGetIndent(const virBuffer *buf)
{
    return buf->indent;
}

void
virBufferSetIndent(virBuffer *buf, int indent)
{
    buf->indent = indent < 0 ? 0 : indent;
}

void
virBufferAdd(virBuffer *buf, const char *str, gssize len)
{
    if (!str)
        return;
    if (len < 0)
        len = strlen(str);
    if (len == 0)
        return;
    apply_indent(buf);
    g_string_append_len(buf->str, str, len);
}

void
virBufferVasprintf(virBuffer *buf, const char *fmt, va_list ap)
{
    apply_indent(buf);
    g_string_append_vprintf(buf->str, fmt, ap);
}

void
virBufferAsprintf(virBuffer *buf, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    virBufferVasprintf(buf, fmt, ap);
    va_end(ap);
}

char *
virXMLEscape(const char *str)
{
    GString *out = g_string_sized_new(strlen(str) + 16);

    for (const char *p = str; *p; p++) {
        unsigned char c = (unsigned char)*p;

        switch (c) {
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '&': g_string_append(out, "&amp;"); break;
        case '"': g_string_append(out, "&quot;"); break;
        case '\'': g_string_append(out, "&apos;"); break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                break; /* not representable in XML 1.0: dropped */
            g_string_append_c(out, (char)c);
        }
    }
    return g_string_free(out, FALSE);
}

void
virBufferEscapeString(virBuffer *buf, const char *fmt, const char *str)
{
    g_autofree char *escaped = NULL;

    if (!str)
        return;
    escaped = virXMLEscape(str);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    virBufferAsprintf(buf, fmt, escaped);
#pragma GCC diagnostic pop
}

void
virBufferAddBuffer(virBuffer *buf, virBuffer *child)
{
    if (child->str && child->str->len > 0) {
        ensure(buf);
        g_string_append_len(buf->str, child->str->str, child->str->len);
    }
    virBufferFreeAndReset(child);
}

const char *
virBufferCurrentContent(virBuffer *buf)
{
    return buf->str ? buf->str->str : "";
}

char *
virBufferContentAndReset(virBuffer *buf)
{
    char *ret;

    if (!buf->str)
        return g_strdup("");
    ret = g_string_free(buf->str, FALSE);
    buf->str = NULL;
    buf->indent = 0;
    return ret;
}

void
virBufferFreeAndReset(virBuffer *buf)
{
    if (buf->str)
        g_string_free(buf->str, TRUE);
    buf->str = NULL;
    buf->indent = 0;
}

gsize
virBufferUse(const virBuffer *buf)
{
    return buf->str ? buf->str->len : 0;
}
