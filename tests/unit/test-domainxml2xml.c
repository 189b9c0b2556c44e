/*
 * test-domainxml2xml.c: domain XML round trips against the expected
 * outputs libvirt 9.0 produced (tests/domainxml2xml/), plus the cases
 * where tidemark deliberately differs (divergent.txt, out-tidemark/).
 *
 * A define is simulated the way the test driver does it: parse with the
 * test driver's defaults, name the interfaces testnetN, then check the
 * name and uuid against the default domain "test" already defined on
 * test:///default.
 *
 * What libvirt generates at random where the input gives none is masked
 * as gen-expected.py masks it: the domain uuid and the MAC of an
 * interface without <mac>, after checking that tidemark generated one of
 * libvirt's form.
 */
#include "internal.h"
#include "conf/domain_conf.h"
#include "conf/domain_net.h"
#include "testutils.h"

#define MASK_UUID "00000000-0000-0000-0000-000000000000"
#define MASK_MAC "52:54:00:00:00:00"

static const virDomainXMLOption test_xmlopt = { .default_arch = "i686" };

static virDomainDef *existing;

static virDomainDef *
define(const char *dir, const char *name, bool validate)
{
    g_autofree char *path = g_strdup_printf("%s/in/%s.xml", dir, name);
    g_autofree char *xml = tmTestReadFile(path);
    g_autoptr(virDomainDef) def = NULL;
    unsigned int flags = VIR_DOMAIN_DEF_PARSE_INACTIVE;

    if (validate)
        flags |= VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA;
    virResetLastError();
    if (!(def = virDomainDefParseString(xml, &test_xmlopt, flags)))
        return NULL;
    if (virDomainNetGenerateIfnames(def, "testnet") < 0 ||
        virDomainDefCheckUnique(existing, def) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

/* Overwrites the value at @at with @mask if it has the form @form ('x':
 * a lowercase hex digit, anything else: that character). */
static void
mask_value(char *at, const char *form, const char *mask)
{
    size_t len = strlen(form);

    for (size_t i = 0; i < len; i++) {
        bool ok = form[i] == 'x' ?
            g_ascii_isxdigit(at[i]) && !g_ascii_isupper(at[i]) : at[i] == form[i];

        if (!ok)
            return; /* not of libvirt's form: left for the comparison to show */
    }
    memcpy(at, mask, len);
}

/* Masks in @out the values generated for what the input @in lacks. */
static void
mask_generated(const char *in, char *out)
{
    g_autoptr(xmlDoc) doc = xmlReadMemory(in, strlen(in), NULL, NULL, XML_PARSE_NONET);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlNodePtr devices = root ? virXMLChildElement(root, "devices") : NULL;
    char *pos = out;
    char *uuid;

    if (root && !virXMLChildElement(root, "uuid") && (uuid = strstr(out, "<uuid>")))
        mask_value(uuid + strlen("<uuid>"), "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", MASK_UUID);
    for (xmlNodePtr cur = devices ? devices->children : NULL; cur; cur = cur->next) {
        char *mac;

        if (cur->type != XML_ELEMENT_NODE || !virXMLNodeNameEqual(cur, "interface"))
            continue;
        /* interfaces print in input order, each with its <mac> first */
        if (!(pos = strstr(pos, "<interface ")))
            return;
        pos++;
        if (!virXMLChildElement(cur, "mac") && (mac = strstr(pos, "<mac address='")))
            mask_value(mac + strlen("<mac address='"), "52:54:00:xx:xx:xx", MASK_MAC);
    }
}

static void
run_valid(const char *dir, const char *list_name, const char *out_dir)
{
    g_autofree char *list = g_strdup_printf("%s/%s", dir, list_name);
    g_autoptr(GPtrArray) cases = tmTestReadCases(list, 0);

    for (size_t i = 0; i < cases->len; i++) {
        tmTestCase *tc = cases->pdata[i];
        g_autoptr(virDomainDef) def = NULL;
        g_autofree char *out = NULL;
        g_autofree char *expect = NULL;
        g_autofree char *in_path = NULL;
        g_autofree char *in = NULL;
        unsigned int flags = 0;

        if (!(def = define(dir, tc->fields[0], tmTestHasFlag(tc, 1, "validate")))) {
            tmTestResult(false, "%s: %s", tc->fields[0], virGetLastErrorMessage());
            continue;
        }
        if (tmTestHasFlag(tc, 1, "inactive"))
            flags |= VIR_DOMAIN_DEF_FORMAT_INACTIVE;
        if (tmTestHasFlag(tc, 1, "secure"))
            flags |= VIR_DOMAIN_DEF_FORMAT_SECURE;
        out = virDomainDefFormat(def, flags);
        in_path = g_strdup_printf("%s/in/%s.xml", dir, tc->fields[0]);
        in = tmTestReadFile(in_path);
        mask_generated(in, out);
        expect = g_strdup_printf("%s/%s/%s.xml", dir, out_dir, tc->fields[0]);
        tmTestResult(tmTestCompareFile(out, expect), "%s%s", tc->fields[0],
                     STREQ(out_dir, "out") ? "" : " (tidemark rule)");
    }
}

static void
run_invalid(const char *dir)
{
    g_autofree char *list = g_strdup_printf("%s/invalid.txt", dir);
    g_autoptr(GPtrArray) cases = tmTestReadCases(list, 4);

    for (size_t i = 0; i < cases->len; i++) {
        tmTestCase *tc = cases->pdata[i];
        g_autoptr(virDomainDef) def = NULL;
        g_autofree char *message = NULL;

        if (tc->nfields < 4 || !tc->rest)
            g_error("bad invalid line in %s", list);
        message = tmTestUnescape(tc->rest);
        def = define(dir, tc->fields[0], STREQ(tc->fields[1], "define-validate"));
        tmTestResult(!def && tmTestCheckError(atoi(tc->fields[2]), atoi(tc->fields[3]),
                                              message, tc->fields[0]),
                     "invalid %s", tc->fields[0]);
    }
}

int
main(int argc, char **argv)
{
    g_autofree char *test_path = NULL;
    g_autofree char *test_xml = NULL;

    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURE-DIR\n", argv[0]);
        return 2;
    }
    virSetErrorFunc(NULL, NULL);
    test_path = g_strdup_printf("%s/../checkpointxml2xml/domains/test.xml", argv[1]);
    test_xml = tmTestReadFile(test_path);
    if (!(existing = virDomainDefParseString(test_xml, &test_xmlopt,
                                             VIR_DOMAIN_DEF_PARSE_INACTIVE)))
        g_error("cannot parse %s", test_path);

    run_valid(argv[1], "cases.txt", "out");
    run_valid(argv[1], "divergent.txt", "out-tidemark");
    run_invalid(argv[1]);

    virDomainDefFree(existing);
    return tmTestDone();
}
