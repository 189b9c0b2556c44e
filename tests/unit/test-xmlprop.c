/*
 * test-xmlprop.c: the typed attribute readers every domain parser shares
 *
 * util/virxmlprop is the one implementation of libvirt's virXMLProp*
 * readers; the device families (graphics, video, net, controllers...)
 * and the tuning parsers all call it. This pins its contract: the
 * return value (1 read, 0 absent, -1 error), what *result holds when
 * the attribute is absent, and libvirt's code, domain and message for
 * each error (the strings of libvirt 9.0's virxml.c, which the generic
 * corpus also meets through whole domains).
 */
#include "internal.h"
#include "testutils.h"
#include "util/virxmlprop.h"

#include <libxml/parser.h>

static xmlDocPtr doc;

/* <e a="@value"/>, or <e/> for a NULL @value */
static xmlNodePtr
element(const char *value)
{
    xmlNodePtr node;

    if (doc)
        xmlFreeDoc(doc);
    doc = xmlNewDoc(BAD_CAST "1.0");
    node = xmlNewDocNode(doc, NULL, BAD_CAST "e", NULL);
    xmlDocSetRootElement(doc, node);
    if (value)
        xmlNewProp(node, BAD_CAST "a", BAD_CAST value);
    return node;
}

static void
expect_ok(const char *what, int ret, int want_ret, long long result, long long want)
{
    if (!tmTestResult(ret == want_ret && result == want, "%s", what))
        tmTestDiag("returned %d, result %lld (want %d, %lld)", ret, result, want_ret, want);
}

static void
expect_error(const char *what, int ret, const char *message)
{
    g_autofree char *full = g_strdup_printf("XML error: %s", message);

    tmTestResult(ret == -1 &&
                 tmTestCheckError(VIR_ERR_XML_ERROR, VIR_FROM_XML, full, what),
                 "%s", what);
    virResetLastError();
}

static void
test_uint(void)
{
    unsigned int u = 42;
    int ret;

    ret = virXMLPropUInt(element(NULL), "a", VIR_XML_PROP_NONE, &u);
    expect_ok("uint absent", ret, 0, u, 0);
    ret = virXMLPropUInt(element("4294967295"), "a", VIR_XML_PROP_NONE, &u);
    expect_ok("uint max", ret, 1, u, 4294967295u);
    ret = virXMLPropUInt(element(NULL), "a", VIR_XML_PROP_REQUIRED, &u);
    expect_error("uint required", ret, "Missing required attribute 'a' in element 'e'");
    ret = virXMLPropUInt(element("-1"), "a", VIR_XML_PROP_NONE, &u);
    expect_error("uint negative", ret,
                 "Invalid value for attribute 'a' in element 'e': '-1'. "
                 "Expected non-negative integer value");
    ret = virXMLPropUInt(element("4294967296"), "a", VIR_XML_PROP_NONE, &u);
    expect_error("uint too large", ret,
                 "Invalid value for attribute 'a' in element 'e': '4294967296'. "
                 "Expected non-negative integer value");
    ret = virXMLPropUInt(element("0"), "a", VIR_XML_PROP_NONZERO, &u);
    expect_error("uint zero", ret,
                 "Invalid value for attribute 'a' in element 'e': Zero is not permitted");
}

static void
test_int(void)
{
    int i = 42;
    int ret;

    ret = virXMLPropInt(element(NULL), "a", VIR_XML_PROP_NONNEGATIVE, &i, -1);
    expect_ok("int absent gives the default", ret, 0, i, -1);
    ret = virXMLPropInt(element("-2147483648"), "a", VIR_XML_PROP_NONE, &i, 0);
    expect_ok("int min", ret, 1, i, INT_MIN);
    ret = virXMLPropInt(element("2147483648"), "a", VIR_XML_PROP_NONE, &i, 0);
    expect_error("int too large", ret,
                 "Invalid value for attribute 'a' in element 'e': '2147483648'. "
                 "Expected integer value");
    ret = virXMLPropInt(element("5x"), "a", VIR_XML_PROP_NONE, &i, 0);
    expect_error("int trailing text", ret,
                 "Invalid value for attribute 'a' in element 'e': '5x'. "
                 "Expected integer value");
    ret = virXMLPropInt(element("-3"), "a", VIR_XML_PROP_NONNEGATIVE, &i, 0);
    expect_error("int negative", ret,
                 "Invalid value for attribute 'a' in element 'e': '-3'. "
                 "Expected non-negative value");
    ret = virXMLPropInt(element("0"), "a", VIR_XML_PROP_NONZERO, &i, 0);
    expect_error("int zero", ret,
                 "Invalid value for attribute 'a' in element 'e': Zero is not permitted");
}

static void
test_enum(void)
{
    static const char *const values[] = { "none", "one", "two", NULL };
    int v = 42;
    int ret;

    ret = virXMLPropEnum(element(NULL), "a", values, VIR_XML_PROP_NONE, &v, 0);
    expect_ok("enum absent", ret, 0, v, 0);
    ret = virXMLPropEnum(element("two"), "a", values, VIR_XML_PROP_NONZERO, &v, 0);
    expect_ok("enum value", ret, 1, v, 2);
    ret = virXMLPropEnum(element("none"), "a", values, VIR_XML_PROP_NONE, &v, 0);
    expect_ok("enum first value allowed", ret, 1, v, 0);
    ret = virXMLPropEnum(element("none"), "a", values, VIR_XML_PROP_NONZERO, &v, 0);
    expect_error("enum first value refused", ret,
                 "Invalid value for attribute 'a' in element 'e': 'none'.");
    ret = virXMLPropEnum(element(NULL), "a", values, VIR_XML_PROP_REQUIRED, &v, 0);
    expect_error("enum required", ret, "Missing required attribute 'a' in element 'e'");
    ret = virXMLPropTristateBool(element("no"), "a", VIR_XML_PROP_NONE, &v);
    expect_ok("tristate bool", ret, 1, v, VIR_TRISTATE_BOOL_NO);
    ret = virXMLPropTristateBool(element("default"), "a", VIR_XML_PROP_NONE, &v);
    expect_error("tristate bool default", ret,
                 "Invalid value for attribute 'a' in element 'e': 'default'.");
    ret = virXMLPropTristateSwitch(element("on"), "a", VIR_XML_PROP_NONE, &v);
    expect_ok("tristate switch", ret, 1, v, VIR_TRISTATE_SWITCH_ON);
    ret = virXMLPropTristateSwitch(element("yes"), "a", VIR_XML_PROP_NONE, &v);
    expect_error("tristate switch yes", ret,
                 "Invalid value for attribute 'a' in element 'e': 'yes'.");
}

static void
test_string_and_parse(void)
{
    g_autofree char *value = virXMLPropStringRequired(element("x"), "a");
    char *missing;
    int i = 7;
    unsigned int u = 7;

    tmTestResult(STREQ_NULLABLE(value, "x"), "string required present");
    missing = virXMLPropStringRequired(element(NULL), "a");
    expect_error("string required absent", missing ? 0 : -1,
                 "Missing required attribute 'a' in element 'e'");
    g_free(missing);

    /* the parsers report nothing and leave the result alone on failure */
    tmTestResult(virXMLParseInt("-12", &i) == 0 && i == -12, "parse int");
    tmTestResult(virXMLParseInt("", &i) < 0 && virXMLParseInt("1 ", &i) < 0 &&
                 virXMLParseInt("2147483648", &i) < 0 && i == -12 &&
                 !virGetLastError(), "parse int rejects");
    tmTestResult(virXMLParseUInt("4294967295", &u) == 0 && u == 4294967295u, "parse uint");
    tmTestResult(virXMLParseUInt("-0", &u) < 0 && virXMLParseUInt("4294967296", &u) < 0 &&
                 virXMLParseUInt("x", &u) < 0 && u == 4294967295u &&
                 !virGetLastError(), "parse uint rejects");
}

int
main(void)
{
    test_uint();
    test_int();
    test_enum();
    test_string_and_parse();
    if (doc)
        xmlFreeDoc(doc);
    return tmTestDone();
}
