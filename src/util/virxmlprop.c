/*
 * virxmlprop.c: typed reads of XML attributes, with libvirt's errors
 */
#include "internal.h"
#include "util/virxmlprop.h"
#include "util/virxml.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#define VIR_FROM_THIS VIR_FROM_XML

const char *const virTristateBoolNames[] = { "default", "yes", "no", NULL };
const char *const virTristateSwitchNames[] = { "default", "on", "off", NULL };

/* The attribute's value: 1 and @text when present, 0 when absent (and
 * not required), -1 with libvirt's "Missing required attribute" error. */
static int
prop_get(xmlNodePtr node, const char *name, unsigned int flags, char **text)
{
    *text = virXMLPropString(node, name);
    if (*text)
        return 1;
    if (!(flags & VIR_XML_PROP_REQUIRED))
        return 0;
    virReportError(VIR_ERR_XML_ERROR,
                   "Missing required attribute '%s' in element '%s'",
                   name, (const char *)node->name);
    return -1;
}

static void
report_zero(xmlNodePtr node, const char *name)
{
    virReportError(VIR_ERR_XML_ERROR,
                   "Invalid value for attribute '%s' in element '%s': Zero is not permitted",
                   name, (const char *)node->name);
}

/* @expected: libvirt's tail of the message, "Expected integer value"... */
static void
report_invalid_number(xmlNodePtr node, const char *name, const char *text,
                      const char *expected)
{
    virReportError(VIR_ERR_XML_ERROR,
                   "Invalid value for attribute '%s' in element '%s': '%s'. %s",
                   name, (const char *)node->name, text, expected);
}

char *
virXMLPropStringRequired(xmlNodePtr node, const char *name)
{
    char *text;

    prop_get(node, name, VIR_XML_PROP_REQUIRED, &text);
    return text;
}

/* strtoull with libvirt's virStrToLong_*p checks: the whole string is a
 * number and carries no minus sign (strtoull would wrap it around). */
static int
parse_ull(const char *str, unsigned long long *value)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(str, &end, 10);
    if (errno || end == str || *end || memchr(str, '-', end - str))
        return -1;
    *value = v;
    return 0;
}

int
virXMLParseUInt(const char *text, unsigned int *result)
{
    unsigned long long value;

    if (parse_ull(text, &value) < 0 || value > UINT_MAX)
        return -1;
    *result = (unsigned int)value;
    return 0;
}

int
virXMLParseInt(const char *text, int *result)
{
    char *end;
    long long value;

    errno = 0;
    value = strtoll(text, &end, 10);
    if (errno || end == text || *end || value < INT_MIN || value > INT_MAX)
        return -1;
    *result = (int)value;
    return 0;
}

int
virXMLPropUInt(xmlNodePtr node, const char *name, unsigned int flags,
               unsigned int *result)
{
    g_autofree char *text = NULL;
    unsigned int value;
    int ret;

    *result = 0;
    if ((ret = prop_get(node, name, flags, &text)) <= 0)
        return ret;
    if (virXMLParseUInt(text, &value) < 0) {
        report_invalid_number(node, name, text, "Expected non-negative integer value");
        return -1;
    }
    if ((flags & VIR_XML_PROP_NONZERO) && value == 0) {
        report_zero(node, name);
        return -1;
    }
    *result = value;
    return 1;
}

int
virXMLPropInt(xmlNodePtr node, const char *name, unsigned int flags,
              int *result, int defaultResult)
{
    g_autofree char *text = NULL;
    int value;
    int ret;

    *result = defaultResult;
    if ((ret = prop_get(node, name, flags, &text)) <= 0)
        return ret;
    if (virXMLParseInt(text, &value) < 0) {
        report_invalid_number(node, name, text, "Expected integer value");
        return -1;
    }
    if ((flags & VIR_XML_PROP_NONNEGATIVE) && value < 0) {
        report_invalid_number(node, name, text, "Expected non-negative value");
        return -1;
    }
    if ((flags & VIR_XML_PROP_NONZERO) && value == 0) {
        report_zero(node, name);
        return -1;
    }
    *result = value;
    return 1;
}

int
virXMLPropEnum(xmlNodePtr node, const char *name, const char *const *values,
               unsigned int flags, int *result, int defaultResult)
{
    g_autofree char *text = NULL;
    int ret;
    int i;

    *result = defaultResult;
    if ((ret = prop_get(node, name, flags, &text)) <= 0)
        return ret;
    for (i = 0; values[i]; i++) {
        if (STREQ(values[i], text))
            break;
    }
    if (!values[i] || ((flags & VIR_XML_PROP_NONZERO) && i == 0)) {
        virReportError(VIR_ERR_XML_ERROR,
                       "Invalid value for attribute '%s' in element '%s': '%s'.",
                       name, (const char *)node->name, text);
        return -1;
    }
    *result = i;
    return 1;
}

int
virXMLPropTristateBool(xmlNodePtr node, const char *name, unsigned int flags,
                       int *result)
{
    return virXMLPropEnum(node, name, virTristateBoolNames,
                          flags | VIR_XML_PROP_NONZERO, result, 0);
}

int
virXMLPropTristateSwitch(xmlNodePtr node, const char *name, unsigned int flags,
                         int *result)
{
    return virXMLPropEnum(node, name, virTristateSwitchNames,
                          flags | VIR_XML_PROP_NONZERO, result, 0);
}

/* libvirt's virScaleInteger: its errors belong to the util layer
 * (error domain NONE). */
static int
scale_integer(unsigned long long *value, const char *suffix,
              unsigned long long scale, unsigned long long limit)
{
    if (!suffix || !*suffix) {
        suffix = "";
    } else if (g_ascii_strcasecmp(suffix, "b") == 0 ||
               g_ascii_strcasecmp(suffix, "byte") == 0 ||
               g_ascii_strcasecmp(suffix, "bytes") == 0) {
        scale = 1;
    } else {
        static const char powers[] = "kmgtpe";
        const char *pos = strchr(powers, g_ascii_tolower(suffix[0]));
        unsigned long long base;

        if (!suffix[1] || g_ascii_strcasecmp(suffix + 1, "iB") == 0) {
            base = 1024;
        } else if (g_ascii_tolower(suffix[1]) == 'b' && !suffix[2]) {
            base = 1000;
        } else {
            virReportErrorHelper(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, __FILE__, __func__,
                                 __LINE__, "unknown suffix '%s'", suffix);
            return -1;
        }
        if (!pos) {
            virReportErrorHelper(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, __FILE__, __func__,
                                 __LINE__, "unknown suffix '%s'", suffix);
            return -1;
        }
        scale = 1;
        for (const char *p = powers; p <= pos; p++)
            scale *= base;
    }

    if (*value && *value > limit / scale) {
        virReportErrorHelper(VIR_FROM_NONE, VIR_ERR_OVERFLOW, __FILE__, __func__,
                             __LINE__, "value too large: %llu%s", *value, suffix);
        return -1;
    }
    *value *= scale;
    return 0;
}

int
virXMLPropScaled(xmlNodePtr node, const char *name, const char *unitname,
                 unsigned long long scale, unsigned long long max,
                 bool required, unsigned long long *result)
{
    g_autofree char *text = virXMLPropString(node, name);
    g_autofree char *unit = virXMLPropString(node, unitname);
    unsigned long long value;

    *result = 0;
    /* libvirt reads both through XPath string(): empty means absent */
    if (!text || !*text) {
        if (!required)
            return 0;
        virReportError(VIR_ERR_XML_ERROR, "missing element or attribute './@%s'", name);
        return -1;
    }
    if (parse_ull(text, &value) < 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       "Invalid value '%s' for element or attribute './@%s'",
                       text, name);
        return -1;
    }
    if (scale_integer(&value, unit, scale, max) < 0)
        return -1;
    *result = value;
    return 1;
}

unsigned long long
virFormatIntPretty(unsigned long long val, const char **unit)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    size_t i = 0;

    if (val == 0) {
        *unit = units[0];
        return 0;
    }
    while (i + 1 < G_N_ELEMENTS(units) && val % 1024 == 0) {
        val /= 1024;
        i++;
    }
    *unit = units[i];
    return val;
}
