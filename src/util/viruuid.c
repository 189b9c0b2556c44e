/*
 * viruuid.c: UUID parsing, formatting and generation
 */
#include "internal.h"
#include "util/viruuid.h"

void
virUUIDFormat(const unsigned char *uuid, char *out)
{
    g_snprintf(out, VIR_UUID_STRING_BUFLEN,
               "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
               "%02x%02x%02x%02x%02x%02x",
               uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5],
               uuid[6], uuid[7], uuid[8], uuid[9], uuid[10], uuid[11],
               uuid[12], uuid[13], uuid[14], uuid[15]);
}

int
virUUIDParse(const char *str, unsigned char *uuid)
{
    size_t n = 0;

    while (g_ascii_isspace(*str))
        str++;
    while (*str && n < VIR_UUID_BUFLEN) {
        int hi, lo;

        if (*str == '-') {
            str++;
            continue;
        }
        hi = g_ascii_xdigit_value(str[0]);
        lo = hi >= 0 ? g_ascii_xdigit_value(str[1]) : -1;
        if (hi < 0 || lo < 0)
            return -1;
        uuid[n++] = (unsigned char)(hi << 4 | lo);
        str += 2;
    }
    while (g_ascii_isspace(*str))
        str++;
    if (n != VIR_UUID_BUFLEN || *str)
        return -1;
    return 0;
}

void
virUUIDGenerate(unsigned char *uuid)
{
    g_autofree char *text = g_uuid_string_random();

    if (virUUIDParse(text, uuid) < 0)
        g_error("g_uuid_string_random returned '%s'", text);
}
