/*
 * viruuid.h: 16-byte UUIDs and their text form
 */
#pragma once

#include <glib.h>

/* Writes the 36-character form plus NUL into @out (VIR_UUID_STRING_BUFLEN). */
void virUUIDFormat(const unsigned char *uuid, char *out);

/* Accepts the dashed form or 32 bare hex digits, as libvirt does.
 * Returns 0, or -1 if @str is not a UUID. */
int virUUIDParse(const char *str, unsigned char *uuid);

/* A random (version 4) UUID. */
void virUUIDGenerate(unsigned char *uuid);
