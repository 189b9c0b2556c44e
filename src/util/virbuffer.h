/*
 * virbuffer.h: a growing text buffer with automatic indentation
 *
 * Formatting XML the way libvirt prints it needs two things: every line
 * starts with the current indentation, and text is escaped for XML.
 * The buffer applies the indentation when an append starts at the
 * beginning of a line; text containing newlines is kept as it is.
 */
#pragma once

#include <glib.h>

typedef struct {
    GString *str;
    int indent;
} virBuffer;

#define VIR_BUFFER_INITIALIZER { NULL, 0 }

/* Adds @delta (may be negative) to the indentation. */
/* Prepares @child for text nested one level (2 spaces) inside @parent. */
#define virBufferInitChild(child, parent) \
    virBufferSetIndent(child, virBufferGetIndent(parent) + 2)

void virBufferAdjustIndent(virBuffer *buf, int delta);
int virBufferGetIndent(const virBuffer *buf);
void virBufferSetIndent(virBuffer *buf, int indent);

void virBufferAdd(virBuffer *buf, const char *str, gssize len);
#define virBufferAddLit(buf, lit) virBufferAdd(buf, "" lit, sizeof(lit) - 1)
void virBufferAsprintf(virBuffer *buf, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void virBufferVasprintf(virBuffer *buf, const char *fmt, va_list ap) G_GNUC_PRINTF(2, 0);

/* Formats @fmt, which must contain exactly one %s, with @str escaped
 * for XML by virXMLEscapeAppend (util/virxmlescape.h: libvirt's rules).
 * No-op if @str is NULL. */
void virBufferEscapeString(virBuffer *buf, const char *fmt, const char *str);

/* Appends @str escaped for XML (as virBufferEscapeString, no format). */
void virBufferEscapeText(virBuffer *buf, const char *str);

/* Appends @child's content as it is (a child buffer is indented by its
 * own setting, see virBufferInitChild) and empties @child. */
void virBufferAddBuffer(virBuffer *buf, virBuffer *child);

/* Returns the content (never NULL: "" for an empty buffer) and resets. */
char *virBufferContentAndReset(virBuffer *buf);
void virBufferFreeAndReset(virBuffer *buf);
gsize virBufferUse(const virBuffer *buf);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(virBuffer, virBufferFreeAndReset);
