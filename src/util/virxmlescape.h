/*
 * virxmlescape.h: escaping text for XML, as libvirt 9.0 does
 *
 * The one escaper of tidemark: the library's formatters (through
 * virBuffer) and the shell (which builds XML from its options as virsh
 * does) both use it, so a string comes out the same on either path.
 * It depends on GLib only: the shell links it without the rest of the
 * library's internals.
 */
#pragma once

#include <glib.h>

/**
 * virXMLEscapeAppend:
 * @out: where the escaped text goes
 * @str: text (UTF-8 is passed through byte for byte)
 *
 * Appends @str with libvirt's virBufferEscapeString rules: & < > " '
 * become &amp; &lt; &gt; &quot; &apos;; the control characters 0x01 to
 * 0x19 other than tab, newline and carriage return are dropped; every
 * other byte, 0x1A to 0x1F and 0x7F included, is copied (libvirt's
 * table of forbidden characters stops at 0x19).
 */
void virXMLEscapeAppend(GString *out, const char *str);

/**
 * virXMLEscape:
 *
 * Returns a newly allocated copy of @str escaped as virXMLEscapeAppend
 * does.
 */
char *virXMLEscape(const char *str);
