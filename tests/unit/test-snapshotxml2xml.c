/*
 * test-snapshotxml2xml.c: snapshot XML round trips against the
 * expected outputs libvirt 9.0 produced (tests/snapshotxml2xml/).
 *
 * Each case goes through the steps libvirt's test driver takes in
 * testDomainSnapshotCreateXML on a running domain: parse (create or
 * REDEFINE, with or without VALIDATE); for a create, attach a copy of
 * the domain, apply the test driver's state/memory defaults and align
 * the disks, then take the current snapshot as parent; for a redefine,
 * run the conf-level redefine checks against the snapshots made by the
 * case's parent= flags. Then format with the case's flags.
 *
 * The test driver's own defaults come from the driver itself
 * (testDomainSnapshotAlignDisks); the duplicate-name check below
 * mirrors what the driver's moment list does, since the harness keeps
 * its snapshots in a plain array.
 */
#include "internal.h"
#include "conf/snapshot_conf.h"
#include "test/test_driver.h"
#include "testutils.h"

/* errors raised by the mirrored test-driver rules come from the test
 * driver's error domain, as in libvirt */
#define VIR_FROM_THIS VIR_FROM_TEST

#define FIXED_TIME 1525889631LL
#define PARENT_TIME "1525111885"

static const virDomainXMLOption test_xmlopt = { .default_arch = "i686" };

typedef struct {
    const char *dir;
    GHashTable *domains;     /* name -> virDomainDef */
    GHashTable *domain_xml;  /* name -> inactive XML text (domains/NAME.xml) */
} harness;

/* The snapshots of the case's domain, as the test driver would hold
 * them: those made by parent=NAME flags. */
typedef struct {
    GPtrArray *snaps;        /* virDomainSnapshotDef, owned */
    const char *current;     /* name of the current snapshot, or NULL */
} snap_list;

static virDomainSnapshotDef *
list_find(const snap_list *list, const char *name)
{
    for (size_t i = 0; i < list->snaps->len; i++) {
        virDomainSnapshotDef *def = list->snaps->pdata[i];

        if (STREQ(def->parent.name, name))
            return def;
    }
    return NULL;
}

static bool
list_lookup(const char *name, const char **parent_name, void *opaque)
{
    virDomainSnapshotDef *def = list_find(opaque, name);

    if (!def)
        return false;
    *parent_name = def->parent.parent_name;
    return true;
}

/* Adds @def (stolen) to @list, replacing a snapshot of the same name
 * (a redefine of an existing one, which stays current if it was).
 * @make_current: CREATE_CURRENT, or any plain create. */
static void
list_store(snap_list *list, virDomainSnapshotDef **def, bool make_current)
{
    virDomainSnapshotDef *old = list_find(list, (*def)->parent.name);

    if (old && list->current == old->parent.name)
        make_current = true;
    if (old)
        g_ptr_array_remove(list->snaps, old);
    g_ptr_array_add(list->snaps, *def);
    if (make_current)
        list->current = (*def)->parent.name;
    *def = NULL;
}

static virDomainDef *
get_domain(harness *h, const char *name)
{
    virDomainDef *def = g_hash_table_lookup(h->domains, name);

    if (!def) {
        g_autofree char *path = g_strdup_printf("%s/domains/%s.xml", h->dir, name);
        char *xml = tmTestReadFile(path);

        if (!(def = virDomainDefParseString(xml, &test_xmlopt,
                                            VIR_DOMAIN_DEF_PARSE_INACTIVE)))
            g_error("cannot parse %s: %s", path, virGetLastErrorMessage());
        g_hash_table_insert(h->domains, g_strdup(name), def);
        g_hash_table_insert(h->domain_xml, g_strdup(name), xml);
    }
    return def;
}

/*
 * Mirrors the test driver's adding of a new snapshot to the domain's
 * list (virDomainMomentAssignDef, libvirt's moment list): a name that
 * already exists is OPERATION_FAILED from the domain error domain.
 */
static int
test_driver_snapshot_check_new_name(const snap_list *list, const char *name)
{
    if (!list_find(list, name))
        return 0;
    virReportErrorHelper(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED, __FILE__,
                         __func__, __LINE__, "domain moment %s already exists", name);
    return -1;
}

/* virDomainSnapshotCreateXML on the test driver, for a running domain.
 * @flags: public VIR_DOMAIN_SNAPSHOT_CREATE_* flags. Returns the stored
 * snapshot (owned by @list) or NULL with an error set. */
static virDomainSnapshotDef *
create_snapshot(snap_list *list, const virDomainDef *dom, const char *xml,
                unsigned int flags)
{
    g_autoptr(virDomainSnapshotDef) def = NULL;
    unsigned int parse_flags = 0;
    virDomainSnapshotDef *stored;

    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE)
        parse_flags |= VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE;
    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE)
        parse_flags |= VIR_DOMAIN_SNAPSHOT_PARSE_VALIDATE;

    if (!(def = virDomainSnapshotDefParseString(xml, &test_xmlopt, NULL, parse_flags)))
        return NULL;

    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) {
        if (virDomainSnapshotRedefinePrep(def, dom->uuid,
                                          list_find(list, def->parent.name),
                                          list_lookup, list, flags) < 0)
            return NULL;
        stored = def;
        list_store(list, &def, flags & VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT);
        return stored;
    }

    if (!(def->parent.dom = virDomainDefCopy(dom, &test_xmlopt)))
        return NULL;
    if (testDomainSnapshotAlignDisks(def, VIR_DOMAIN_SNAPSHOT_RUNNING, true, flags) < 0)
        return NULL;
    if (test_driver_snapshot_check_new_name(list, def->parent.name) < 0)
        return NULL;
    def->parent.parent_name = g_strdup(list->current);
    stored = def;
    list_store(list, &def, true);
    return stored;
}

/* Redefines the parents named by parent=NAME flags, as gen-expected.py
 * does: REDEFINE|CURRENT, state running, a fixed time and the domain's
 * inactive XML, each one the child of the one before. */
static void
make_parents(harness *h, const tmTestCase *tc, size_t from, snap_list *list,
             const virDomainDef *dom)
{
    const char *domxml = g_hash_table_lookup(h->domain_xml, tc->fields[1]);
    const char *prev = NULL;

    for (size_t i = from; i < tc->nfields; i++) {
        const char *name;
        g_autofree char *prevxml = NULL;
        g_autofree char *xml = NULL;

        if (!g_str_has_prefix(tc->fields[i], "parent="))
            continue;
        name = tc->fields[i] + strlen("parent=");
        if (prev)
            prevxml = g_strdup_printf("<parent><name>%s</name></parent>", prev);
        xml = g_strdup_printf("<domainsnapshot><name>%s</name><state>running</state>"
                              "%s<creationTime>" PARENT_TIME "</creationTime>"
                              "%s</domainsnapshot>",
                              name, prevxml ? prevxml : "", domxml);
        if (!create_snapshot(list, dom, xml, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                                             VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT))
            g_error("%s: redefining parent %s failed: %s", tc->fields[0], name,
                    virGetLastErrorMessage());
        prev = name;
    }
}

static unsigned int
mode_flags(const char *mode)
{
    if (STREQ(mode, "create"))
        return 0;
    if (STREQ(mode, "create-validate"))
        return VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE;
    if (STREQ(mode, "redefine"))
        return VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
    if (STREQ(mode, "redefine-validate"))
        return VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE;
    g_error("unknown mode %s", mode);
}

/* Runs one case; returns its formatted XML, or NULL with an error set. */
static char *
run_case(harness *h, const tmTestCase *tc, size_t flags_from)
{
    const char *name = tc->fields[0];
    const virDomainDef *dom = get_domain(h, tc->fields[1]);
    g_autofree char *path = g_strdup_printf("%s/in/%s.xml", h->dir, name);
    g_autofree char *xml = tmTestReadFile(path);
    g_autoptr(GPtrArray) snaps = g_ptr_array_new_with_free_func(
        (GDestroyNotify)virDomainSnapshotDefFree);
    snap_list list = { snaps, NULL };
    virDomainSnapshotDef *def;
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    unsigned int xml_flags = 0;

    make_parents(h, tc, flags_from, &list, dom);
    virResetLastError();
    if (!(def = create_snapshot(&list, dom, xml, mode_flags(tc->fields[2]))))
        return NULL;

    if (tmTestHasFlag(tc, flags_from, "secure"))
        xml_flags |= VIR_DOMAIN_SNAPSHOT_XML_SECURE;
    virUUIDFormat(dom->uuid, uuidstr);
    return virDomainSnapshotDefFormat(uuidstr, def,
                                      virDomainSnapshotFormatConvertXMLFlags(xml_flags));
}

static void
test_valid(harness *h)
{
    g_autofree char *list = g_strdup_printf("%s/cases.txt", h->dir);
    g_autoptr(GPtrArray) cases = tmTestReadCases(list, 0);

    for (size_t i = 0; i < cases->len; i++) {
        tmTestCase *tc = cases->pdata[i];
        g_autofree char *out = NULL;
        g_autofree char *expect = NULL;

        if (tc->nfields < 3)
            g_error("bad case line in %s", list);
        if (!(out = run_case(h, tc, 3))) {
            tmTestResult(false, "%s: %s", tc->fields[0], virGetLastErrorMessage());
            continue;
        }
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
        g_autofree char *out = NULL;
        g_autofree char *message = NULL;

        if (tc->nfields < 5 || !tc->rest)
            g_error("bad invalid line in %s", list);
        message = tmTestUnescape(tc->rest);
        out = run_case(h, tc, 5);
        if (out)
            tmTestDiag("%s: accepted, printed:\n%s", tc->fields[0], out);
        tmTestResult(!out && tmTestCheckError(atoi(tc->fields[3]), atoi(tc->fields[4]),
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
    h.domain_xml = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    virDomainMomentSetClockForTest(FIXED_TIME);
    virSetErrorFunc(NULL, NULL);

    test_valid(&h);
    test_invalid(&h);

    g_hash_table_unref(h.domains);
    g_hash_table_unref(h.domain_xml);
    return tmTestDone();
}
