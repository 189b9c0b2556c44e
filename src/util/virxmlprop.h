/*
 * virxmlprop.h: typed reads of XML attributes, with libvirt's errors
 *
 * libvirt reads most attributes of domain XML through a handful of
 * helpers whose error messages ("Missing required attribute 'timeout'
 * in element 'reconnect'", error domain XML) reach the user unchanged.
 * These are the same reads, with the same messages, for the parts of
 * the domain tidemark normalizes.
 */
#pragma once

#include <stdbool.h>
#include <libxml/tree.h>

typedef enum {
    VIR_XML_PROP_NONE = 0,
    VIR_XML_PROP_REQUIRED = 1 << 0,     /* absent is an error */
    VIR_XML_PROP_NONZERO = 1 << 1,      /* zero (or enum value 0) is an error */
    VIR_XML_PROP_NONNEGATIVE = 1 << 2,  /* a negative number is an error */
} virXMLPropFlags;

/* libvirt's tristate enums: index 0 ("default") means absent. */
typedef enum {
    VIR_TRISTATE_BOOL_ABSENT = 0,
    VIR_TRISTATE_BOOL_YES,
    VIR_TRISTATE_BOOL_NO,
} virTristateBool;

typedef enum {
    VIR_TRISTATE_SWITCH_ABSENT = 0,
    VIR_TRISTATE_SWITCH_ON,
    VIR_TRISTATE_SWITCH_OFF,
} virTristateSwitch;

extern const char *const virTristateBoolNames[];    /* "default", "yes", "no" */
extern const char *const virTristateSwitchNames[];  /* "default", "on", "off" */

/**
 * virXMLPropStringRequired:
 *
 * The value of attribute @name of @node, or NULL with libvirt's
 * "Missing required attribute '%s' in element '%s'" (XML_ERROR).
 */
char *virXMLPropStringRequired(xmlNodePtr node, const char *name);

/**
 * virXMLParseInt:
 * @text: the whole string must be a decimal number
 *
 * The number syntax virXMLPropInt accepts (libvirt's virStrToLong_i over
 * the whole string), for callers that report their own error. Returns 0
 * and the value, or -1 (nothing reported).
 */
int virXMLParseInt(const char *text, int *result);

/* As virXMLParseInt for an unsigned int (virStrToLong_uip: a minus sign
 * is rejected), the syntax virXMLPropUInt accepts. */
int virXMLParseUInt(const char *text, unsigned int *result);

/*
 * Each reader returns 1 when the attribute was read, 0 when it is absent
 * (and not required; *result is then the default), -1 with an error
 * (domain XML) otherwise.
 */
int virXMLPropUInt(xmlNodePtr node, const char *name, unsigned int flags,
                   unsigned int *result);
int virXMLPropInt(xmlNodePtr node, const char *name, unsigned int flags,
                  int *result, int defaultResult);

/* @values: NULL-terminated names; *result is the index of the match,
 * @defaultResult when absent. */
int virXMLPropEnum(xmlNodePtr node, const char *name,
                   const char *const *values, unsigned int flags,
                   int *result, int defaultResult);

/* "yes"/"no" and "on"/"off"; absent gives 0 (ABSENT). */
int virXMLPropTristateBool(xmlNodePtr node, const char *name,
                           unsigned int flags, int *result);
int virXMLPropTristateSwitch(xmlNodePtr node, const char *name,
                             unsigned int flags, int *result);

/**
 * virXMLPropScaled:
 * @node: element holding both attributes
 * @name: attribute with the number ("size")
 * @unitname: attribute with its unit ("unit")
 * @scale: multiplier when no unit is given (1024: KiB)
 * @max: largest result allowed, in bytes
 * @required: absent (or empty) is an error
 * @result: the value in bytes
 *
 * libvirt's virParseScaledValue for "./@NAME" and "./@UNITNAME". Returns
 * 1, 0 when absent and not required, -1 with an error.
 */
int virXMLPropScaled(xmlNodePtr node, const char *name, const char *unitname,
                     unsigned long long scale, unsigned long long max,
                     bool required, unsigned long long *result);

/**
 * virFormatIntPretty:
 * @val: a size in bytes
 * @unit: receives "B", "KiB", ... "PiB"
 *
 * Returns @val in the largest unit that divides it exactly, as libvirt
 * prints sizes it stores in bytes.
 */
unsigned long long virFormatIntPretty(unsigned long long val, const char **unit);
