/*
 * test-checkpointxml2xml.c: checkpoint XML round trips against the
 * expected outputs libvirt 9.0 produced (tests/checkpointxml2xml/).
 *
 * Each case goes through the same steps the test driver takes: parse
 * (create or REDEFINE), attach a copy of the domain and align the disks
 * (create), or check the parent chain, the uuid and align (redefine),
 * then format with the case's flags.
 */
#include "internal.h"
#include "conf/checkpoint_conf.h"
#include "testutils.h"

#define FIXED_TIME 1525889631LL

static const virDomainXMLOption test_xmlopt = { .default_arch = "i686" };

typedef struct {
    const char *dir;
    GHashTable *domains; /* name -> virDomainDef */
} harness;

/* The chain built by parent=NAME flags: each one the child of the one
 * before, as gen-expected.py builds it. */
typedef struct {
    const tmTestCase *tc;
    size_t from;
} parent_chain;

static bool
chain_lookup(const char *name, const char **parent_name, void *opaque)
{
    parent_chain *chain = opaque;
    const char *prev = NULL;

    for (size_t i = chain->from; i < chain->tc->nfields; i++) {
        const char *flag = chain->tc->fields[i];

        if (!g_str_has_prefix(flag, "parent="))
            continue;
        if (STREQ(flag + strlen("parent="), name)) {
            *parent_name = prev;
            return true;
        }
        prev = flag + strlen("parent=");
    }
    return false;
}

static const char *
chain_tip(const tmTestCase *tc, size_t from)
{
    const char *tip = NULL;

    for (size_t i = from; i < tc->nfields; i++) {
        if (g_str_has_prefix(tc->fields[i], "parent="))
            tip = tc->fields[i] + strlen("parent=");
    }
    return tip;
}

static virDomainDef *
get_domain(harness *h, const char *name)
{
    virDomainDef *def = g_hash_table_lookup(h->domains, name);

    if (!def) {
        g_autofree char *path = g_strdup_printf("%s/domains/%s.xml", h->dir, name);
        g_autofree char *xml = tmTestReadFile(path);

        if (!(def = virDomainDefParseString(xml, &test_xmlopt,
                                            VIR_DOMAIN_DEF_PARSE_INACTIVE)))
            g_error("cannot parse %s: %s", path, virGetLastErrorMessage());
        g_hash_table_insert(h->domains, g_strdup(name), def);
    }
    return def;
}

/* Runs one case; returns the checkpoint or NULL with an error set. */
static virDomainCheckpointDef *
run_case(harness *h, const tmTestCase *tc, size_t flags_from)
{
    const char *name = tc->fields[0];
    const char *mode = tc->fields[2];
    virDomainDef *dom = get_domain(h, tc->fields[1]);
    g_autofree char *path = g_strdup_printf("%s/in/%s.xml", h->dir, name);
    g_autofree char *xml = tmTestReadFile(path);
    g_autoptr(virDomainCheckpointDef) def = NULL;
    parent_chain chain = { tc, flags_from };

    virResetLastError();
    if (STREQ(mode, "redefine")) {
        if (!(def = virDomainCheckpointDefParseString(xml, &test_xmlopt,
                                                      VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE)))
            return NULL;
        if (virDomainMomentCheckCycles(&def->parent, chain_lookup, &chain) < 0 ||
            virDomainCheckpointRedefineValidate(def, dom->uuid) < 0)
            return NULL;
    } else {
        if (!(def = virDomainCheckpointDefParseString(xml, &test_xmlopt, 0)))
            return NULL;
        if (!(def->parent.dom = virDomainDefCopy(dom, &test_xmlopt)))
            return NULL;
        if (virDomainCheckpointAlignDisks(def) < 0)
            return NULL;
        g_free(def->parent.parent_name);
        def->parent.parent_name = g_strdup(chain_tip(tc, flags_from));
    }
    return g_steal_pointer(&def);
}

static void
test_valid(harness *h)
{
    g_autofree char *list = g_strdup_printf("%s/cases.txt", h->dir);
    g_autoptr(GPtrArray) cases = tmTestReadCases(list, 0);

    for (size_t i = 0; i < cases->len; i++) {
        tmTestCase *tc = cases->pdata[i];
        g_autoptr(virDomainCheckpointDef) def = NULL;
        g_autofree char *out = NULL;
        g_autofree char *expect = NULL;
        unsigned int flags = 0;

        if (tc->nfields < 3)
            g_error("bad case line in %s", list);
        if (!(def = run_case(h, tc, 3))) {
            tmTestResult(false, "%s: %s", tc->fields[0], virGetLastErrorMessage());
            continue;
        }
        if (tmTestHasFlag(tc, 3, "secure"))
            flags |= VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE;
        if (tmTestHasFlag(tc, 3, "no-domain"))
            flags |= VIR_DOMAIN_CHECKPOINT_FORMAT_NO_DOMAIN;
        if (tmTestHasFlag(tc, 3, "size"))
            flags |= VIR_DOMAIN_CHECKPOINT_FORMAT_SIZE;
        out = virDomainCheckpointDefFormat(def, flags);
        expect = g_strdup_printf("%s/out/%s.xml", h->dir, tc->fields[0]);
        tmTestResult(tmTestCompareFile(out, expect), "%s", tc->fields[0]);
    }
}

static void
test_invalid(harness *h)
{
    g_autofree char *list = g_strdup_printf("%s/invalid.txt", h->dir);
    g_autoptr(GPtrArray) cases = tmTestReadCases(list, 5);

    for (size_t i = 0; i < cases->len; i++) {
        tmTestCase *tc = cases->pdata[i];
        g_autoptr(virDomainCheckpointDef) def = NULL;
        g_autofree char *message = NULL;

        if (tc->nfields < 5 || !tc->rest)
            g_error("bad invalid line in %s", list);
        message = tmTestUnescape(tc->rest);
        def = run_case(h, tc, 5);
        tmTestResult(!def && tmTestCheckError(atoi(tc->fields[3]), atoi(tc->fields[4]),
                                              message, tc->fields[0]),
                     "invalid %s", tc->fields[0]);
    }
}

int
main(int argc, char **argv)
{
    harness h = { 0 };

    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURE-DIR\n", argv[0]);
        return 2;
    }
    h.dir = argv[1];
    h.domains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)virDomainDefFree);
    virDomainMomentSetClockForTest(FIXED_TIME);
    virSetErrorFunc(NULL, NULL);

    test_valid(&h);
    test_invalid(&h);

    g_hash_table_unref(h.domains);
    return tmTestDone();
}
