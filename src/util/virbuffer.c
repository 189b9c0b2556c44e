/*
 * virbuffer.c: text buffer with automatic indentation
 */
#include "internal.h"
#include "util/virbuffer.h"
#include "util/virxmlescape.h"

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
    for (int left = buf->indent; left > 0; left -= 32)
        g_string_append_len(buf->str, "                                ",
                            left < 32 ? left : 32);
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

void
virBufferEscapeText(virBuffer *buf, const char *str)
{
    if (!str)
        return;
    apply_indent(buf);
    virXMLEscapeAppend(buf->str, str);
}

void
virBufferEscapeString(virBuffer *buf, const char *fmt, const char *str)
{
    const char *conv;

    if (!str)
        return;
    /* the common case, one %s and nothing else to format, needs no printf */
    conv = strstr(fmt, "%s");
    if (conv && !strchr(conv + 2, '%') && !memchr(fmt, '%', conv - fmt)) {
        apply_indent(buf);
        g_string_append_len(buf->str, fmt, conv - fmt);
        virXMLEscapeAppend(buf->str, str);
        g_string_append(buf->str, conv + 2);
        return;
    } else {
        g_autofree char *escaped = virXMLEscape(str);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        virBufferAsprintf(buf, fmt, escaped);
#pragma GCC diagnostic pop
    }
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
