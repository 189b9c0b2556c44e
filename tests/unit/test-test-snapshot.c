/*
 * test-test-snapshot.c: the test driver's snapshot API, end to end
 *
 * Drives every snapshot call through the public API on test:///default
 * and checks results, tree shape, current snapshot, domain state and
 * errors (code, domain, message) against what libvirt 9.0's test driver
 * does for the same calls. Every expectation was recorded by running
 * the same sequence through Debian 12's python3-libvirt; the sections
 * run in that recording's order because domain ids depend on it.
 * Output is TAP.
 */
#include <tidemark/tidemark.h>
#include <string.h>

#include "testutils.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomain, virDomainFree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainSnapshot, virDomainSnapshotFree);

/* domain run-state reasons (libvirt's virDomain*Reason values) */
#define RUNNING_BOOTED 1
#define RUNNING_FROM_SNAPSHOT 4
#define PAUSED_FROM_SNAPSHOT 7
#define SHUTOFF_DESTROYED 2
#define SHUTOFF_FROM_SNAPSHOT 7

#define LIST_TOPO VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL

/* The inactive XML of "test" when the driver starts: the base of every
 * domain this test defines and of every redefined snapshot. */
static char *dom_xml;

/* ---- helpers ---- */

static void
expect_error(bool failed, int code, int domain, const char *msg, const char *what)
{
    if (!failed) {
        tmTestDiag("%s: the call succeeded", what);
        tmTestResult(false, "%s", what);
        return;
    }
    tmTestResult(tmTestCheckError(code, domain, msg, what), "%s", what);
}

static void
expect_str(char *actual, const char *expected, const char *what)
{
    bool ok = g_strcmp0(actual, expected) == 0;

    if (!ok) {
        tmTestDiag("%s: expected '%s'", what, expected);
        tmTestDiag("%s: actual   '%s'", what, actual ? actual : "(null)");
    }
    tmTestResult(ok, "%s", what);
    g_free(actual);
}

static void
expect_int(long long actual, long long expected, const char *what)
{
    if (actual != expected)
        tmTestDiag("%s: expected %lld, got %lld (%s)", what, expected, actual,
                   virGetLastErrorMessage());
    tmTestResult(actual == expected, "%s", what);
}

static char *
replace(const char *str, const char *from, const char *to)
{
    g_auto(GStrv) parts = g_strsplit(str, from, -1);

    return g_strjoinv(to, parts);
}

/* dom_xml with another name and the uuid's first group replaced */
static char *
domain_variant(const char *name, const char *uuid_prefix)
{
    g_autofree char *renamed = replace(dom_xml, "<name>test</name>", name);

    return replace(renamed, "6695eb01", uuid_prefix);
}

static virDomainPtr
define_and_start(virConnectPtr conn, const char *name, const char *uuid_prefix,
                 char **xml_out)
{
    g_autofree char *name_elem = g_strdup_printf("<name>%s</name>", name);
    char *xml = domain_variant(name_elem, uuid_prefix);
    virDomainPtr dom = virDomainDefineXML(conn, xml);

    if (!dom || virDomainCreate(dom) < 0)
        g_error("cannot define and start %s: %s", name, virGetLastErrorMessage());
    *xml_out = xml;
    return dom;
}

/* A REDEFINE document: state, optional parent, fixed creation time,
 * @extra elements, then @domxml (may be ""). */
static char *
redefine_xml(const char *name, const char *state, const char *parent, const char *extra,
             const char *domxml)
{
    g_autofree char *parent_elem = parent ?
        g_strdup_printf("<parent><name>%s</name></parent>", parent) : g_strdup("");

    return g_strdup_printf("<domainsnapshot><name>%s</name><state>%s</state>%s"
                           "<creationTime>1000</creationTime>%s%s</domainsnapshot>",
                           name, state, parent_elem, extra ? extra : "", domxml);
}

/* Redefines a snapshot; returns 0 or -1 (the error stays set). */
static int
redefine(virDomainPtr dom, const char *name, const char *state, const char *parent,
         const char *extra, const char *domxml, unsigned int flags)
{
    g_autofree char *xml = redefine_xml(name, state, parent, extra, domxml);
    virDomainSnapshotPtr snap = virDomainSnapshotCreateXML(dom, xml,
                                                           VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                                                           flags);

    if (!snap)
        return -1;
    virDomainSnapshotFree(snap);
    return 0;
}

static void
must_redefine(virDomainPtr dom, const char *name, const char *state, const char *parent,
              const char *extra, const char *domxml, unsigned int flags)
{
    if (redefine(dom, name, state, parent, extra, domxml, flags) < 0)
        g_error("redefining %s failed: %s", name, virGetLastErrorMessage());
}

static virDomainSnapshotPtr
lookup(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, name, 0);

    if (!snap)
        g_error("no snapshot %s: %s", name, virGetLastErrorMessage());
    return snap;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "a b c" from a NULL-padded string array of @n names (freed). */
static char *
join_names(char **names, int n, bool sort)
{
    char *out;

    if (sort)
        qsort(names, (size_t)n, sizeof(char *), (int (*)(const void *, const void *))cmp_str);
    out = g_strjoinv(" ", names);
    for (int i = 0; i < n; i++)
        g_free(names[i]);
    g_free(names);
    return out;
}

static char *
join_handles(virDomainSnapshotPtr *list, int n, bool sort)
{
    char **names = g_new0(char *, n + 1);

    for (int i = 0; i < n; i++) {
        names[i] = g_strdup(virDomainSnapshotGetName(list[i]));
        virDomainSnapshotFree(list[i]);
    }
    g_free(list);
    return join_names(names, n, sort);
}

static char *
err_str(void)
{
    return g_strdup_printf("ERR %d", virGetLastErrorCode());
}

/* virDomainListAllSnapshots / ListAllChildren as names */
static char *
all_str(virDomainPtr dom, virDomainSnapshotPtr from, unsigned int flags, bool sort)
{
    virDomainSnapshotPtr *list = NULL;
    int n = from ? virDomainSnapshotListAllChildren(from, &list, flags) :
        virDomainListAllSnapshots(dom, &list, flags);

    if (n < 0)
        return err_str();
    if (list[n] != NULL)
        return g_strdup("array not NULL-terminated");
    return join_handles(list, n, sort);
}

/* the legacy pair: Num then ListNames, as python's binding does */
static char *
names_str(virDomainPtr dom, virDomainSnapshotPtr from, unsigned int flags, bool sort)
{
    int n = from ? virDomainSnapshotNumChildren(from, flags) : virDomainSnapshotNum(dom, flags);
    char **names;
    int got;

    if (n < 0)
        return err_str();
    names = g_new0(char *, n + 1);
    got = from ? virDomainSnapshotListChildrenNames(from, names, n, flags) :
        virDomainSnapshotListNames(dom, names, n, flags);
    if (got != n) {
        g_free(names);
        return got < 0 ? err_str() : g_strdup("count mismatch");
    }
    return join_names(names, n, sort);
}

/* Num, ListNames and ListAll agree on @expected (sorted names). */
static void
check_list(virDomainPtr dom, virDomainSnapshotPtr from, unsigned int flags, int count,
           const char *expected)
{
    const char *who = from ? virDomainSnapshotGetName(from) : virDomainGetName(dom);
    int num = from ? virDomainSnapshotNumChildren(from, flags) : virDomainSnapshotNum(dom, flags);
    g_autofree char *names = names_str(dom, from, flags, true);
    g_autofree char *all = all_str(dom, from, flags, true);
    bool ok = num == count && g_str_equal(names, expected) && g_str_equal(all, expected);

    if (!ok)
        tmTestDiag("expected %d '%s', got %d '%s' / '%s'", count, expected, num, names, all);
    tmTestResult(ok, "%s %s flags 0x%x: %d [%s]", from ? "children of" : "list of", who, flags,
                 count, expected);
}

/* the order itself (no sorting): ListAll and ListNames */
static void
check_order(virDomainPtr dom, virDomainSnapshotPtr from, unsigned int flags,
            const char *expected)
{
    g_autofree char *label = g_strdup_printf("%s order, flags 0x%x",
                                             from ? virDomainSnapshotGetName(from) :
                                             virDomainGetName(dom), flags);

    expect_str(all_str(dom, from, flags, false), expected, label);
    expect_str(names_str(dom, from, flags, false), expected, label);
}

static char *
current_name(virDomainPtr dom)
{
    virDomainSnapshotPtr cur;
    char *name;

    if (virDomainHasCurrentSnapshot(dom, 0) != 1)
        return g_strdup("-");
    cur = virDomainSnapshotCurrent(dom, 0);
    name = g_strdup(virDomainSnapshotGetName(cur));
    virDomainSnapshotFree(cur);
    return name;
}

static gint
cmp_handle(gconstpointer a, gconstpointer b)
{
    return strcmp(virDomainSnapshotGetName(*(virDomainSnapshotPtr const *)a),
                  virDomainSnapshotGetName(*(virDomainSnapshotPtr const *)b));
}

/* "name:parent ..." sorted by name, "-" for a root */
static char *
parents_str(virDomainPtr dom)
{
    virDomainSnapshotPtr *list = NULL;
    int n = virDomainListAllSnapshots(dom, &list, 0);
    char **items = g_new0(char *, n + 1);

    qsort(list, (size_t)n, sizeof(*list), (int (*)(const void *, const void *))cmp_handle);

    for (int i = 0; i < n; i++) {
        virDomainSnapshotPtr parent = virDomainSnapshotGetParent(list[i], 0);

        items[i] = g_strdup_printf("%s:%s", virDomainSnapshotGetName(list[i]),
                                   parent ? virDomainSnapshotGetName(parent) : "-");
        if (parent)
            virDomainSnapshotFree(parent);
        virDomainSnapshotFree(list[i]);
    }
    g_free(list);
    return join_names(items, n, false);
}

static char *
tree_str(virDomainPtr dom)
{
    g_autofree char *cur = current_name(dom);
    g_autofree char *topo = all_str(dom, NULL, LIST_TOPO, false);
    g_autofree char *parents = parents_str(dom);

    return g_strdup_printf("cur=%s topo=[%s] %s", cur, topo, parents);
}

static char *
state_str(virDomainPtr dom)
{
    int state = -1;
    int reason = -1;

    if (virDomainGetState(dom, &state, &reason, 0) < 0)
        return err_str();
    return g_strdup_printf("%d/%d", state, reason);
}

static int
lookup_id(virConnectPtr conn, const char *name)
{
    g_autoptr(virDomain) dom = virDomainLookupByName(conn, name);

    return dom ? (int)virDomainGetID(dom) : -2;
}

static unsigned long
max_mem(virDomainPtr dom)
{
    virDomainInfo info;

    return virDomainGetInfo(dom, &info) < 0 ? 0 : info.maxMem;
}

/* The snapshot's XML with the creation time replaced by T. */
static char *
xml_masked(virDomainSnapshotPtr snap, unsigned int flags)
{
    g_autofree char *xml = virDomainSnapshotGetXMLDesc(snap, flags);
    g_autoptr(GRegex) re = g_regex_new("<creationTime>[0-9]+</creationTime>", 0, 0, NULL);

    if (!xml)
        return err_str();
    return g_regex_replace_literal(re, xml, -1, 0, "<creationTime>T</creationTime>", 0, NULL);
}

/* The part of the XML before the embedded <domain>. */
static char *
xml_head(virDomainSnapshotPtr snap)
{
    g_autofree char *xml = xml_masked(snap, 0);
    char *dom = strstr(xml, "  <domain ");

    if (dom)
        *dom = '\0';
    return g_strdup(xml);
}

/* ---- the expected texts ---- */

static const char s1_xml[] =
    "<domainsnapshot>\n"
    "  <name>s1</name>\n"
    "  <description>first</description>\n"
    "  <state>running</state>\n"
    "  <creationTime>T</creationTime>\n"
    "  <memory snapshot='internal'/>\n"
    "  <disks>\n"
    "    <disk name='vda' snapshot='internal'/>\n"
    "  </disks>\n"
    "  <domain type='test'>\n"
    "    <name>test</name>\n"
    "    <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n"
    "    <memory unit='KiB'>8388608</memory>\n"
    "    <currentMemory unit='KiB'>2097152</currentMemory>\n"
    "    <vcpu placement='static'>2</vcpu>\n"
    "    <os>\n"
    "      <type arch='i686'>hvm</type>\n"
    "      <boot dev='hd'/>\n"
    "    </os>\n"
    "    <clock offset='utc'/>\n"
    "    <on_poweroff>destroy</on_poweroff>\n"
    "    <on_reboot>restart</on_reboot>\n"
    "    <on_crash>destroy</on_crash>\n"
    "    <devices>\n"
    "      <disk type='file' device='disk'>\n"
    "        <source file='/guest/diskimage1'/>\n"
    "        <target dev='vda' bus='virtio'/>\n"
    "        <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
    "      </disk>\n"
    "      <interface type='network'>\n"
    "        <mac address='aa:bb:cc:dd:ee:ff'/>\n"
    "        <source network='default'/>\n"
    "        <target dev='testnet0'/>\n"
    "        <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n"
    "      </interface>\n"
    "      <memballoon model='virtio'>\n"
    "        <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
    "      </memballoon>\n"
    "    </devices>\n"
    "  </domain>\n"
    "</domainsnapshot>\n";

#define NOT_FOUND(name) "Domain snapshot not found: no domain snapshot with matching name '" \
    name "'"
#define UNSUPPORTED(flag, fn) "unsupported flags (" flag ") in function " fn

/* ---- A, B: an empty list and flag checks ---- */

static void
test_empty_and_flags(virDomainPtr dom)
{
    static const struct { unsigned int flags; const char *msg; } driver_refused[] = {
        { VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA, UNSUPPORTED("0x4", "testDomainSnapshotCreateXML") },
        { VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY, UNSUPPORTED("0x10", "testDomainSnapshotCreateXML") },
        { VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT, UNSUPPORTED("0x20", "testDomainSnapshotCreateXML") },
        { 1 << 10, UNSUPPORTED("0x400", "testDomainSnapshotCreateXML") },
    };
    virDomainSnapshotPtr *list = (virDomainSnapshotPtr *)&list;

    expect_int(virDomainSnapshotNum(dom, 0), 0, "empty: Num is 0");
    expect_str(names_str(dom, NULL, 0, false), "", "empty: ListNames is empty");
    expect_int(virDomainListAllSnapshots(dom, &list, 0), 0, "empty: ListAllSnapshots is 0");
    tmTestResult(list && list[0] == NULL, "empty: ListAllSnapshots gives a NULL-terminated array");
    g_free(list);
    expect_int(virDomainHasCurrentSnapshot(dom, 0), 0, "empty: no current snapshot");
    expect_error(!virDomainSnapshotCurrent(dom, 0), VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST,
                 "Domain snapshot not found: the domain does not have a current snapshot",
                 "empty: SnapshotCurrent fails");
    expect_error(!virDomainSnapshotLookupByName(dom, "x", 0), VIR_ERR_NO_DOMAIN_SNAPSHOT,
                 VIR_FROM_TEST, NOT_FOUND("x"), "LookupByName of a missing snapshot");

    for (size_t i = 0; i < G_N_ELEMENTS(driver_refused); i++) {
        g_autofree char *what = g_strdup_printf("CreateXML refuses flag 0x%x",
                                                driver_refused[i].flags);

        expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot/>",
                                                 driver_refused[i].flags),
                     VIR_ERR_INVALID_ARG, VIR_FROM_TEST, driver_refused[i].msg, what);
    }
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot/>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT),
                 VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
                 "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag "
                 "'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'", "CURRENT needs REDEFINE");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot/>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                                             VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA),
                 VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
                 "Flags 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' and "
                 "'VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA' are mutually exclusive",
                 "REDEFINE excludes NO_METADATA");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot/>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                                             VIR_DOMAIN_SNAPSHOT_CREATE_HALT),
                 VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
                 "Flags 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' and "
                 "'VIR_DOMAIN_SNAPSHOT_CREATE_HALT' are mutually exclusive",
                 "REDEFINE excludes HALT");
    expect_error(virDomainSnapshotNum(dom, 0x800) < 0, VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x800", "testDomainSnapshotNum"), "Num refuses 0x800");
    expect_error(virDomainListAllSnapshots(dom, NULL, 0x800) < 0, VIR_ERR_INVALID_ARG,
                 VIR_FROM_TEST, UNSUPPORTED("0x800", "testDomainListAllSnapshots"),
                 "ListAllSnapshots refuses 0x800");
    expect_error(!virDomainSnapshotLookupByName(dom, "x", 1), VIR_ERR_INVALID_ARG,
                 VIR_FROM_TEST, UNSUPPORTED("0x1", "testDomainSnapshotLookupByName"),
                 "LookupByName refuses flags");
    expect_error(virDomainHasCurrentSnapshot(dom, 1) < 0, VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x1", "testDomainHasCurrentSnapshot"),
                 "HasCurrentSnapshot refuses flags");
    expect_error(!virDomainSnapshotCurrent(dom, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x1", "testDomainSnapshotCurrent"), "SnapshotCurrent refuses flags");
}

/* ---- C, D: create, parent, current, XML, parse errors ---- */

static void
test_create(virDomainPtr dom)
{
    g_autoptr(virDomainSnapshot) s1 = NULL;
    g_autoptr(virDomainSnapshot) s2 = NULL;
    g_autoptr(virDomainSnapshot) parent = NULL;
    g_autoptr(virDomainSnapshot) cur = NULL;
    g_autoptr(virDomainSnapshot) unnamed = NULL;
    g_autoptr(virDomainSnapshot) m3 = NULL;
    virDomainSnapshotPtr snap;
    g_autofree char *xml = NULL;
    g_autofree char *time_elem = NULL;

    s1 = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>s1</name>"
                                    "<description>first</description></domainsnapshot>", 0);
    tmTestResult(s1 && g_str_equal(virDomainSnapshotGetName(s1), "s1") &&
                 virDomainSnapshotGetDomain(s1) == dom &&
                 virDomainSnapshotGetConnect(s1) == virDomainGetConnect(dom),
                 "create s1: handle with name, domain and connection");
    expect_str(xml_masked(s1, 0), s1_xml, "s1 XML: running state, internal memory and disk, "
               "the domain");

    /* the input's parent and state are ignored; QUIESCE, ATOMIC, LIVE accepted */
    s2 = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>s2</name><parent><name>zz"
                                    "</name></parent><state>shutoff</state></domainsnapshot>",
                                    VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE |
                                    VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC |
                                    VIR_DOMAIN_SNAPSHOT_CREATE_LIVE);
    tmTestResult(s2 != NULL, "create s2 with QUIESCE|ATOMIC|LIVE");
    parent = virDomainSnapshotGetParent(s2, 0);
    expect_str(g_strdup(parent ? virDomainSnapshotGetName(parent) : "?"), "s1",
               "s2's parent is the previous current, s1");
    expect_int(virDomainSnapshotIsCurrent(s2, 0), 1, "s2 is current");
    expect_int(virDomainSnapshotIsCurrent(s1, 0), 0, "s1 is no longer current");
    expect_int(virDomainSnapshotHasMetadata(s2, 0), 1, "s2 has metadata");
    cur = virDomainSnapshotCurrent(dom, 0);
    expect_str(g_strdup(cur ? virDomainSnapshotGetName(cur) : "?"), "s2",
               "SnapshotCurrent returns s2");
    expect_int(virDomainHasCurrentSnapshot(dom, 0), 1, "HasCurrentSnapshot is 1");
    expect_str(xml_head(s2), "<domainsnapshot>\n  <name>s2</name>\n  <state>running</state>\n"
               "  <parent>\n    <name>s1</name>\n  </parent>\n  <creationTime>T</creationTime>\n"
               "  <memory snapshot='internal'/>\n  <disks>\n"
               "    <disk name='vda' snapshot='internal'/>\n  </disks>\n",
               "s2 XML: the parent element comes after the state");

    expect_error(virDomainSnapshotIsCurrent(s2, 1) < 0, VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x1", "testDomainSnapshotIsCurrent"), "IsCurrent refuses flags");
    expect_error(virDomainSnapshotHasMetadata(s2, 1) < 0, VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x1", "testDomainSnapshotHasMetadata"),
                 "HasMetadata refuses flags");
    expect_error(!virDomainSnapshotGetParent(s2, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x1", "testDomainSnapshotGetParent"), "GetParent refuses flags");
    expect_error(!virDomainSnapshotGetXMLDesc(s2, 2), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x2", "testDomainSnapshotGetXMLDesc"),
                 "GetXMLDesc refuses 0x2");
    expect_error(!virDomainSnapshotGetParent(s1, 0), VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST,
                 "Domain snapshot not found: snapshot 's1' does not have a parent",
                 "GetParent of a root");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>s2</name>"
                                             "</domainsnapshot>", 0),
                 VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                 "operation failed: domain moment s2 already exists", "duplicate name");
    expect_int(virDomainSnapshotNum(dom, 0), 2, "two snapshots");
    expect_error(!virDomainCheckpointCreateXML(dom, "<domaincheckpoint/>", 0),
                 VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
                 "Operation not supported: cannot create checkpoint while snapshot exists",
                 "no checkpoint while a snapshot exists");

    unnamed = virDomainSnapshotCreateXML(dom, "<domainsnapshot/>", 0);
    xml = unnamed ? virDomainSnapshotGetXMLDesc(unnamed, 0) : NULL;
    time_elem = unnamed ? g_strdup_printf("<creationTime>%s</creationTime>",
                                          virDomainSnapshotGetName(unnamed)) : NULL;
    tmTestResult(xml && strstr(xml, time_elem), "an unnamed snapshot is named after its "
                 "creation time");

    snap = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>v</name></domainsnapshot>",
                                      VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE |
                                      VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE);
    tmTestResult(snap != NULL, "VALIDATE accepts a valid document");
    if (snap)
        virDomainSnapshotFree(snap);
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>v2</name><bogus/>"
                                             "</domainsnapshot>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE),
                 VIR_ERR_XML_INVALID_SCHEMA, VIR_FROM_XML,
                 "XML document failed to validate against schema: Unable to validate doc "
                 "against @SCHEMADIR@/domainsnapshot.rng\n"
                 "Element domainsnapshot has extra content: bogus\n",
                 "VALIDATE refuses an unknown element");
    snap = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>v2</name><bogus/>"
                                      "</domainsnapshot>", 0);
    tmTestResult(snap != NULL, "without VALIDATE an unknown element is ignored");
    if (snap)
        virDomainSnapshotFree(snap);
    expect_error(!virDomainSnapshotCreateXML(dom, "", 0), VIR_ERR_XML_DETAIL,
                 VIR_FROM_DOMAIN_SNAPSHOT, "(domain_snapshot):1: Document is empty\n(null)\n^",
                 "empty document");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domaincheckpoint/>", 0), VIR_ERR_XML_ERROR,
                 VIR_FROM_XML,
                 "XML error: expecting root element of 'domainsnapshot', not 'domaincheckpoint'",
                 "wrong root element");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>m</name><disks>"
                                             "<disk name='vda' snapshot='manual'/></disks>"
                                             "</domainsnapshot>", 0),
                 VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
                 "Operation not supported: 'manual' snapshot mode is not supported by the "
                 "test driver", "manual disk mode refused by the test driver");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>m</name><disks>"
                                             "<disk name='vda' snapshot='no'/></disks>"
                                             "</domainsnapshot>", 0),
                 VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_SNAPSHOT,
                 "unsupported configuration: disk 'vda' must use snapshot mode 'internal'",
                 "internal snapshots are all-disk");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>m</name><memory "
                                             "snapshot='external' file='/tmp/x.mem'/>"
                                             "</domainsnapshot>", 0),
                 VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_SNAPSHOT,
                 "unsupported configuration: source for disk 'vda' is not a regular file; "
                 "refusing to generate external snapshot name",
                 "external memory makes disks external, and names cannot be generated");
    m3 = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>m3</name><memory "
                                    "snapshot='external' file='/tmp/x.mem'/><disks><disk "
                                    "name='vda'><source file='/tmp/vda.m3'/></disk></disks>"
                                    "</domainsnapshot>", 0);
    tmTestResult(m3 != NULL, "external memory and disk with a given file");
    if (m3)
        expect_str(xml_head(m3), "<domainsnapshot>\n  <name>m3</name>\n"
                   "  <state>running</state>\n  <parent>\n    <name>v2</name>\n  </parent>\n"
                   "  <creationTime>T</creationTime>\n"
                   "  <memory snapshot='external' file='/tmp/x.mem'/>\n  <disks>\n"
                   "    <disk name='vda' snapshot='external' type='file'>\n"
                   "      <source file='/tmp/vda.m3'/>\n    </disk>\n  </disks>\n",
                   "m3 XML: external memory and disk");
    expect_int(virDomainSnapshotNum(dom, VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL), 1,
               "one external snapshot");
    expect_int(virDomainSnapshotNum(dom, VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL), 5,
               "five internal snapshots");
}

/* ---- E: checkpoints exclude snapshots ---- */

static void
test_checkpoint_exclusion(virConnectPtr conn)
{
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) pp = define_and_start(conn, "pp", "88888888", &xml);
    virDomainCheckpointPtr chk = virDomainCheckpointCreateXML(pp, "<domaincheckpoint/>", 0);
    g_autofree char *redef = redefine_xml("x", "running", NULL, NULL, xml);
    static const char msg[] =
        "Operation not supported: cannot create snapshot while checkpoint exists";

    tmTestResult(chk != NULL, "a checkpoint on pp");
    if (chk)
        virDomainCheckpointFree(chk);
    expect_error(!virDomainSnapshotCreateXML(pp, "<domainsnapshot/>", 0),
                 VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST, msg,
                 "no snapshot while a checkpoint exists");
    expect_error(!virDomainSnapshotCreateXML(pp, redef, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE),
                 VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST, msg,
                 "no redefine while a checkpoint exists");
    expect_error(!virDomainSnapshotCreateXML(pp, "<domainsnapshot/>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_HALT),
                 VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST, msg,
                 "no HALT snapshot while a checkpoint exists");
}

/* ---- F: transient domains ---- */

static void
test_transient(virConnectPtr conn)
{
    g_autofree char *tx = domain_variant("<name>tr</name>", "77777777");
    g_autoptr(virDomain) tr = virDomainCreateXML(conn, tx, 0);
    g_autofree char *off_dom = NULL;
    g_autofree char *on_dom = replace(tx, "8388608", "4194304");
    g_autofree char *on2_dom = replace(tx, "8388608", "3145728");
    g_autofree char *tmp = replace(tx, "8388608", "1048576");
    g_autofree char *tcx = domain_variant("<name>tc</name>", "99999999");
    g_autoptr(virDomain) tc = NULL;
    g_autoptr(virDomainSnapshot) off = NULL;
    g_autoptr(virDomainSnapshot) on = NULL;
    g_autoptr(virDomainSnapshot) on2 = NULL;
    virDomainSnapshotPtr snap;
    virDomainCheckpointPtr chk;
    virDomainPtr *doms = NULL;
    bool listed = false;
    int n;

    off_dom = replace(tmp, "2097152", "524288");
    expect_error(!virDomainSnapshotCreateXML(tr, "<domainsnapshot><name>h</name>"
                                             "</domainsnapshot>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_HALT),
                 VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                 "Requested operation is not valid: cannot halt after transient domain "
                 "snapshot", "HALT refused on a transient domain");
    snap = virDomainSnapshotCreateXML(tr, "<domainsnapshot><name>s</name></domainsnapshot>", 0);
    tmTestResult(snap != NULL, "a snapshot of a transient domain");
    if (snap)
        virDomainSnapshotFree(snap);
    must_redefine(tr, "off", "shutoff", NULL, NULL, off_dom, 0);
    must_redefine(tr, "on", "running", NULL, NULL, on_dom, 0);
    must_redefine(tr, "on2", "running", NULL, NULL, on2_dom, 0);
    off = lookup(tr, "off");
    on = lookup(tr, "on");
    on2 = lookup(tr, "on2");

    expect_error(virDomainRevertToSnapshot(off, 0) < 0, VIR_ERR_OPERATION_INVALID,
                 VIR_FROM_TEST, "Requested operation is not valid: transient domain needs to "
                 "request run or pause to revert to inactive snapshot",
                 "transient: revert to an inactive snapshot needs RUNNING or PAUSED");
    expect_error(virDomainRevertToSnapshot(off, VIR_DOMAIN_SNAPSHOT_REVERT_FORCE) < 0,
                 VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                 "Requested operation is not valid: transient domain needs to request run or "
                 "pause to revert to inactive snapshot", "FORCE does not help");
    expect_str(state_str(tr), "1/1", "transient: still running (booted)");

    expect_int(virDomainRevertToSnapshot(off, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING), 0,
               "transient: revert to the inactive snapshot with RUNNING");
    expect_str(state_str(tr), "5/7", "transient: shut off (from snapshot), not started");
    expect_int(max_mem(tr), 1048576, "transient: the snapshot's definition is restored");
    expect_int((int)virDomainGetID(tr), -1, "transient: the handle's id is -1");
    n = virConnectListAllDomains(conn, &doms, 0);
    for (int i = 0; i < n; i++) {
        listed |= g_str_equal(virDomainGetName(doms[i]), "tr");
        virDomainFree(doms[i]);
    }
    g_free(doms);
    tmTestResult(listed, "transient: the stopped domain stays listed");

    expect_int(virDomainRevertToSnapshot(on, 0), 0, "transient: revert to a running snapshot");
    expect_str(state_str(tr), "1/4", "transient: running (from snapshot)");
    expect_int(max_mem(tr), 4194304, "transient: started with the snapshot's definition");
    expect_int(lookup_id(conn, "tr"), 4, "transient: a new id");
    expect_int(virDomainRevertToSnapshot(on2, 0), 0,
               "transient: revert to a running snapshot while running");
    expect_int(max_mem(tr), 4194304,
               "transient and running: the definition is kept (libvirt quirk)");
    expect_int(lookup_id(conn, "tr"), 5, "transient: restarted with a new id");

    tc = virDomainCreateXML(conn, tcx, 0);
    chk = tc ? virDomainCheckpointCreateXML(tc, "<domaincheckpoint/>", 0) : NULL;
    if (chk)
        virDomainCheckpointFree(chk);
    expect_error(!virDomainSnapshotCreateXML(tc, "<domainsnapshot/>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_HALT),
                 VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
                 "Operation not supported: cannot create snapshot while checkpoint exists",
                 "the checkpoint check comes before the transient HALT check");

    virDomainDestroy(tr);
    expect_error(virDomainSnapshotNum(tr, 0) < 0, VIR_ERR_NO_DOMAIN, VIR_FROM_TEST,
                 "Domain not found: no domain with matching uuid "
                 "'77777777-f6a4-8304-79aa-97f2502e193f' (tr)", "Num on a vanished domain");
    expect_error(virDomainSnapshotNumChildren(on, 0) < 0, VIR_ERR_NO_DOMAIN, VIR_FROM_TEST,
                 "Domain not found: no domain with matching uuid "
                 "'77777777-f6a4-8304-79aa-97f2502e193f' (tr)",
                 "NumChildren on a vanished domain");
}

/* ---- G: revert and HALT on the persistent domain "test" ---- */

static void
test_revert(virConnectPtr conn, virDomainPtr dom)
{
    g_autoptr(virDomainSnapshot) s1 = lookup(dom, "s1");
    g_autoptr(virDomainSnapshot) paused = NULL;
    g_autoptr(virDomainSnapshot) halt = NULL;
    g_autoptr(virDomainSnapshot) off = NULL;
    g_autoptr(virDomainSnapshot) halt2 = NULL;
    g_autoptr(virDomainSnapshot) small = NULL;
    g_autoptr(virDomainSnapshot) small_off = NULL;
    g_autofree char *small_dom = replace(dom_xml, "8388608", "4194304");
    g_autofree char *small_off_dom = replace(dom_xml, "8388608", "3145728");
    g_autofree char *live = NULL;

    expect_int(virDomainRevertToSnapshot(s1, 0), 0, "revert to s1 (running)");
    expect_str(state_str(dom), "1/4", "running, from snapshot");
    expect_int((int)virDomainGetID(dom), -1, "the reverting handle's id is -1");
    expect_int(lookup_id(conn, "test"), 7, "restarted with a new id");
    expect_str(current_name(dom), "s1", "s1 is current");
    expect_int(virDomainRevertToSnapshot(s1, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED), 0,
               "revert to s1 with PAUSED");
    expect_str(state_str(dom), "3/7", "paused, from snapshot");
    expect_int(lookup_id(conn, "test"), 8, "restarted again");
    expect_int(virDomainRevertToSnapshot(s1, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING), 0,
               "revert to s1 with RUNNING");
    expect_str(state_str(dom), "1/4", "running after RUNNING");
    expect_int(virDomainRevertToSnapshot(s1, VIR_DOMAIN_SNAPSHOT_REVERT_FORCE), 0,
               "revert with FORCE");
    expect_str(state_str(dom), "1/4", "running after FORCE");
    expect_error(virDomainRevertToSnapshot(s1, VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM) < 0,
                 VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x8", "testDomainRevertToSnapshot"),
                 "RESET_NVRAM is not supported by the test driver");
    expect_error(virDomainRevertToSnapshot(s1, 0x10) < 0, VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x10", "testDomainRevertToSnapshot"), "revert refuses 0x10");
    expect_error(virDomainRevertToSnapshot(s1, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING |
                                           VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED) < 0,
                 VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
                 "Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and "
                 "'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive",
                 "RUNNING and PAUSED exclude each other");

    virDomainRevertToSnapshot(s1, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED);
    paused = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>paused</name>"
                                        "</domainsnapshot>", 0);
    tmTestResult(paused != NULL, "a snapshot of the paused domain");
    if (paused)
        expect_str(xml_head(paused), "<domainsnapshot>\n  <name>paused</name>\n"
                   "  <state>paused</state>\n  <parent>\n    <name>s1</name>\n  </parent>\n"
                   "  <creationTime>T</creationTime>\n  <memory snapshot='internal'/>\n"
                   "  <disks>\n    <disk name='vda' snapshot='internal'/>\n  </disks>\n",
                   "its state is paused");
    expect_int(virDomainRevertToSnapshot(paused, 0), 0, "revert to the paused snapshot");
    expect_str(state_str(dom), "3/7", "paused again");
    expect_int(virDomainRevertToSnapshot(paused, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING), 0,
               "revert to the paused snapshot with RUNNING");
    expect_str(state_str(dom), "1/4", "RUNNING wins over the snapshot's paused state");

    halt = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>halt</name>"
                                      "</domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_HALT);
    tmTestResult(halt != NULL, "create with HALT");
    expect_str(state_str(dom), "5/7", "HALT: shut off, from snapshot");
    expect_int(virDomainIsActive(dom), 0, "HALT: inactive");
    expect_str(current_name(dom), "halt", "HALT: the snapshot is current");
    if (halt)
        expect_str(xml_head(halt), "<domainsnapshot>\n  <name>halt</name>\n"
                   "  <state>running</state>\n  <parent>\n    <name>paused</name>\n  </parent>\n"
                   "  <creationTime>T</creationTime>\n  <memory snapshot='internal'/>\n"
                   "  <disks>\n    <disk name='vda' snapshot='internal'/>\n  </disks>\n",
                   "HALT: the snapshot recorded the running state");
    off = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>off</name></domainsnapshot>",
                                     0);
    tmTestResult(off != NULL, "a snapshot of the shut-off domain");
    if (off)
        expect_str(xml_head(off), "<domainsnapshot>\n  <name>off</name>\n"
                   "  <state>shutoff</state>\n  <parent>\n    <name>halt</name>\n  </parent>\n"
                   "  <creationTime>T</creationTime>\n  <memory snapshot='no'/>\n"
                   "  <disks>\n    <disk name='vda' snapshot='internal'/>\n  </disks>\n",
                   "shut off: state shutoff, no memory");
    halt2 = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>halt2</name>"
                                       "</domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_HALT);
    tmTestResult(halt2 != NULL, "HALT on a shut-off domain is accepted");
    expect_str(state_str(dom), "5/7", "and changes nothing");

    for (unsigned int flags = 0; flags <= VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED; flags++) {
        int rc = virDomainRevertToSnapshot(off, flags);
        g_autofree char *state = state_str(dom);

        tmTestResult(rc == 0 && g_str_equal(state, "5/7"),
                     "inactive domain, inactive snapshot, flags %u: stays shut off", flags);
    }
    expect_str(current_name(dom), "off", "off is current");
    expect_int(virDomainRevertToSnapshot(halt, 0), 0,
               "inactive domain, running snapshot: revert");
    expect_str(state_str(dom), "1/4", "started from the snapshot");
    expect_int(lookup_id(conn, "test"), 14, "with the next id");
    expect_int(virDomainRevertToSnapshot(off, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED), 0,
               "running domain, inactive snapshot, PAUSED: revert");
    expect_str(state_str(dom), "5/7", "stopped, not started");
    expect_int(virDomainIsActive(dom), 0, "inactive");

    must_redefine(dom, "small", "running", NULL, NULL, small_dom, 0);
    small = lookup(dom, "small");
    expect_int(virDomainRevertToSnapshot(small, 0), 0, "revert to a redefined snapshot");
    expect_int(max_mem(dom), 4194304, "the snapshot's domain definition is restored");
    expect_str(state_str(dom), "1/4", "and running");
    live = virDomainGetXMLDesc(dom, 0);
    tmTestResult(live && g_str_has_prefix(live, "<domain type='test' id='15'>\n  <name>test"
                                          "</name>\n  <uuid>6695eb01-f6a4-8304-79aa-"
                                          "97f2502e193f</uuid>\n  <memory unit='KiB'>4194304"
                                          "</memory>\n"), "the live XML shows it, id 15");
    must_redefine(dom, "small-off", "shutoff", NULL, NULL, small_off_dom, 0);
    small_off = lookup(dom, "small-off");
    expect_int(virDomainRevertToSnapshot(small_off, 0), 0,
               "revert to a redefined inactive snapshot");
    expect_int(max_mem(dom), 3145728, "its definition is restored");
    expect_str(state_str(dom), "5/7", "and the domain is shut off");
}

/* ---- R: read-only connections ---- */

static void
test_read_only(void)
{
    virConnectPtr ro = virConnectOpenReadOnly("test:///default");
    g_autoptr(virDomain) dom = virDomainLookupByName(ro, "test");
    g_autoptr(virDomainSnapshot) s1 = lookup(dom, "s1");
    g_autofree char *xml = virDomainSnapshotGetXMLDesc(s1, 0);

    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot/>", 0),
                 VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_SNAPSHOT,
                 "operation forbidden: read only access prevents virDomainSnapshotCreateXML",
                 "read-only: no create");
    expect_error(virDomainSnapshotDelete(s1, 0) < 0, VIR_ERR_OPERATION_DENIED,
                 VIR_FROM_DOMAIN_SNAPSHOT,
                 "operation forbidden: read only access prevents virDomainSnapshotDelete",
                 "read-only: no delete");
    expect_error(virDomainRevertToSnapshot(s1, 0) < 0, VIR_ERR_OPERATION_DENIED,
                 VIR_FROM_DOMAIN_SNAPSHOT,
                 "operation forbidden: read only access prevents virDomainRevertToSnapshot",
                 "read-only: no revert");
    expect_error(!virDomainSnapshotGetXMLDesc(s1, VIR_DOMAIN_SNAPSHOT_XML_SECURE),
                 VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_SNAPSHOT,
                 "operation forbidden: virDomainSnapshotGetXMLDesc with secure flag",
                 "read-only: no SECURE XML");
    tmTestResult(xml && g_str_has_prefix(xml, "<domainsnapshot>\n  <name>s1</name>\n"),
                 "read-only: plain XML works");
    expect_int(virDomainSnapshotNum(dom, 0), 12, "read-only: sees the 12 snapshots");
    virConnectClose(ro);
}

/* ---- I: list flags, filters, orders and the legacy name calls ---- */

static void
test_lists(virConnectPtr conn)
{
    static const char ext[] = "<memory snapshot='external' file='/tmp/x.mem'/><disks><disk "
                              "name='vda'><source file='/tmp/vda.x'/></disk></disks>";
    static const char dsk[] = "<memory snapshot='no'/><disks><disk name='vda' "
                              "snapshot='external'><source file='/tmp/vda.ds'/></disk></disks>";
    static const struct {
        const char *name, *parent, *state, *extra;
    } tree[] = {
        { "r1", NULL, "running", NULL }, { "a", "r1", "running", NULL },
        { "b", "a", "running", NULL }, { "b2", "a", "running", NULL },
        { "c", "b2", "running", NULL }, { "d", "r1", "shutoff", NULL },
        { "r2", NULL, "shutoff", NULL }, { "e", "r2", "paused", NULL },
        { "x", NULL, "running", ext }, { "ds", "x", "disk-snapshot", dsk },
    };
    static const struct { unsigned int flags; int count; const char *names; } lists[] = {
        { 0, 10, "a b b2 c d ds e r1 r2 x" },
        { VIR_DOMAIN_SNAPSHOT_LIST_ROOTS, 3, "r1 r2 x" },
        { VIR_DOMAIN_SNAPSHOT_LIST_METADATA, 10, "a b b2 c d ds e r1 r2 x" },
        { VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, 5, "b c d ds e" },
        { VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, 5, "a b2 r1 r2 x" },
        { VIR_DOMAIN_SNAPSHOT_LIST_LEAVES | VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, 0, "" },
        { VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA, 0, "" },
        { VIR_DOMAIN_SNAPSHOT_LIST_METADATA | VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA, 10,
          "a b b2 c d ds e r1 r2 x" },
        { VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE, 2, "d r2" },
        { VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE, 7, "a b b2 c e r1 x" },
        { VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE, 9,
          "a b b2 c d e r1 r2 x" },
        { VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY, 1, "ds" },
        { VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY, 3, "d ds r2" },
        { VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE |
          VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY, 10, "a b b2 c d ds e r1 r2 x" },
        { VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL, 8, "a b b2 c d e r1 r2" },
        { VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL, 2, "ds x" },
        { VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL | VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL, 10,
          "a b b2 c d ds e r1 r2 x" },
        { LIST_TOPO, 10, "a b b2 c d ds e r1 r2 x" },
        { LIST_TOPO | VIR_DOMAIN_SNAPSHOT_LIST_ROOTS, 3, "r1 r2 x" },
        { LIST_TOPO | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, 5, "b c d ds e" },
        { VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, 1, "d" },
        { VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES |
          VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL, 1, "d" },
        { VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL, 0, "" },
    };
    static const struct { const char *from; unsigned int flags; int count; const char *names; }
    children[] = {
        { "a", 0, 2, "b2 b" }, { "r1", 0, 2, "d a" },
        { "a", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS, 3, "b2 c b" },
        { "r1", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS, 5, "d a b2 c b" },
        { "a", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, 1, "b" },
        { "r1", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, 1, "d" },
        { "a", VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, 1, "b2" },
        { "r1", VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, 1, "a" },
        { "a", LIST_TOPO, 2, "b2 b" }, { "r1", LIST_TOPO, 2, "d a" },
        { "a", LIST_TOPO | VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS, 3, "b2 c b" },
        { "r1", LIST_TOPO | VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS, 5, "d a b2 c b" },
        { "a", VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE, 0, "" },
        { "r1", VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE, 1, "d" },
        { "a", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE, 2, "b2 b" },
        { "r1", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE, 1, "a" },
        { "r1", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE, 1,
          "d" },
        { "a", VIR_DOMAIN_SNAPSHOT_LIST_METADATA, 2, "b2 b" },
        { "a", VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA, 0, "" },
        { "a", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, 2,
          "c b" },
        { "r1", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, 3,
          "d c b" },
        { "a", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, 1,
          "b2" },
        { "r1", VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES, 2,
          "a b2" },
    };
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) dom = define_and_start(conn, "lst", "11111111", &xml);
    g_autoptr(virDomainSnapshot) a = NULL;
    g_autoptr(virDomainSnapshot) ds = NULL;
    char *names[12] = { NULL };
    virDomainSnapshotPtr *list = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(tree); i++)
        must_redefine(dom, tree[i].name, tree[i].state, tree[i].parent, tree[i].extra, xml, 0);
    ds = lookup(dom, "ds");
    expect_str(xml_head(ds), "<domainsnapshot>\n  <name>ds</name>\n"
               "  <state>disk-snapshot</state>\n  <parent>\n    <name>x</name>\n  </parent>\n"
               "  <creationTime>T</creationTime>\n  <memory snapshot='no'/>\n  <disks>\n"
               "    <disk name='vda' snapshot='external' type='file'>\n"
               "      <source file='/tmp/vda.ds'/>\n    </disk>\n  </disks>\n",
               "a redefined disk-only snapshot");

    for (size_t i = 0; i < G_N_ELEMENTS(lists); i++)
        check_list(dom, NULL, lists[i].flags, lists[i].count, lists[i].names);
    /* newest linked sibling first, depth first */
    check_order(dom, NULL, LIST_TOPO, "x ds r2 e r1 d a b2 c b");
    check_order(dom, NULL, LIST_TOPO | VIR_DOMAIN_SNAPSHOT_LIST_ROOTS, "x r2 r1");
    expect_str(all_str(dom, NULL, LIST_TOPO | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES, false),
               "ds e d c b", "topological leaves order");
    for (size_t i = 0; i < G_N_ELEMENTS(children); i++) {
        g_autoptr(virDomainSnapshot) from = lookup(dom, children[i].from);
        g_autofree char *sorted = NULL;
        g_auto(GStrv) parts = g_strsplit(children[i].names, " ", -1);

        /* children come in child-list order: check it as is */
        check_order(dom, from, children[i].flags, children[i].names);
        qsort(parts, g_strv_length(parts), sizeof(char *),
              (int (*)(const void *, const void *))cmp_str);
        sorted = g_strjoinv(" ", parts);
        check_list(dom, from, children[i].flags, children[i].count, sorted);
    }

    a = lookup(dom, "a");
    expect_error(virDomainSnapshotNumChildren(a, 0x800) < 0, VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x800", "testDomainSnapshotNumChildren"),
                 "NumChildren refuses 0x800");
    expect_error(virDomainSnapshotListAllChildren(a, &list, 0x800) < 0, VIR_ERR_INVALID_ARG,
                 VIR_FROM_TEST, UNSUPPORTED("0x800", "testDomainSnapshotListAllChildren"),
                 "ListAllChildren refuses 0x800");
    tmTestResult(list == NULL, "a failed list leaves the array NULL");
    expect_error(virDomainSnapshotListChildrenNames(a, names, 5, 0x800) < 0,
                 VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x800", "testDomainSnapshotListChildrenNames"),
                 "ListChildrenNames refuses 0x800");
    expect_error(virDomainSnapshotListNames(dom, names, 5, 0x800) < 0, VIR_ERR_INVALID_ARG,
                 VIR_FROM_TEST, UNSUPPORTED("0x800", "testDomainSnapshotListNames"),
                 "ListNames refuses 0x800");

    /* the legacy calls fill at most nameslen names but count them all */
    expect_int(virDomainSnapshotListNames(dom, names, 2, LIST_TOPO), 10,
               "ListNames with nameslen 2 returns the full count");
    tmTestResult(names[0] && names[1] && !names[2] && g_str_equal(names[0], "x") &&
                 g_str_equal(names[1], "ds"), "and fills only two names");
    g_clear_pointer(&names[0], g_free);
    g_clear_pointer(&names[1], g_free);
    expect_int(virDomainSnapshotListNames(dom, names, 0, 0), 10, "nameslen 0: the count");
    tmTestResult(names[0] == NULL, "nameslen 0: nothing filled");
    expect_int(virDomainSnapshotListNames(dom, NULL, 0, 0), 10, "NULL names, nameslen 0");
    expect_error(virDomainSnapshotListNames(dom, NULL, 2, 0) < 0, VIR_ERR_INVALID_ARG,
                 VIR_FROM_DOMAIN_SNAPSHOT,
                 "names in virDomainSnapshotListNames must not be NULL",
                 "NULL names with nameslen 2");
    expect_error(virDomainSnapshotListNames(dom, names, -1, 0) < 0, VIR_ERR_INVALID_ARG,
                 VIR_FROM_DOMAIN_SNAPSHOT,
                 "nameslen in virDomainSnapshotListNames must be zero or greater",
                 "negative nameslen");
    expect_int(virDomainSnapshotListChildrenNames(a, names, 1,
                                                  VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS), 3,
               "ListChildrenNames with nameslen 1 returns the full count");
    tmTestResult(names[0] && !names[1] && g_str_equal(names[0], "b2"),
                 "and fills one name");
    g_clear_pointer(&names[0], g_free);
    expect_error(virDomainSnapshotListChildrenNames(a, NULL, 2, 0) < 0, VIR_ERR_INVALID_ARG,
                 VIR_FROM_DOMAIN_SNAPSHOT,
                 "names in virDomainSnapshotListChildrenNames must not be NULL",
                 "children: NULL names with nameslen 2");
    expect_error(virDomainSnapshotListChildrenNames(a, names, -1, 0) < 0, VIR_ERR_INVALID_ARG,
                 VIR_FROM_DOMAIN_SNAPSHOT,
                 "nameslen in virDomainSnapshotListChildrenNames must be zero or greater",
                 "children: negative nameslen");
    expect_int(virDomainListAllSnapshots(dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS), 3,
               "ListAllSnapshots without an array counts");
    expect_int(virDomainSnapshotListAllChildren(a, NULL, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS),
               3, "ListAllChildren without an array counts");
}

/* ---- J: REDEFINE ---- */

static void
test_redefine(virConnectPtr conn)
{
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) dom = define_and_start(conn, "rd", "22222222", &xml);
    g_autofree char *other_uuid = replace(xml, "22222222", "33333333");
    g_autoptr(virDomainSnapshot) c = NULL;
    g_autoptr(virDomainSnapshot) n = NULL;
    g_autofree char *c_xml = NULL;
    static const char dsk[] = "<memory snapshot='no'/><disks><disk name='vda' "
                              "snapshot='external'><source file='/tmp/vda.ds'/></disk></disks>";
#define REDEFINE_FAILS(call, code, domain, msg, what) \
    expect_error((call) < 0, code, domain, msg, what)

    REDEFINE_FAILS(redefine(dom, "a", "running", NULL, NULL, "", 0), VIR_ERR_INTERNAL_ERROR,
                   VIR_FROM_DOMAIN_SNAPSHOT, "internal error: missing domain in snapshot",
                   "redefine needs a <domain> for a new snapshot");
    REDEFINE_FAILS(redefine(dom, "x", "running", "zz", NULL, xml, 0), VIR_ERR_INVALID_ARG,
                   VIR_FROM_DOMAIN, "invalid argument: parent zz for moment x not found",
                   "redefine: missing parent");
    REDEFINE_FAILS(redefine(dom, "x", "running", "x", NULL, xml, 0), VIR_ERR_INVALID_ARG,
                   VIR_FROM_DOMAIN, "invalid argument: cannot set moment x as its own parent",
                   "redefine: own parent");
    expect_int(redefine(dom, "a", "running", NULL, NULL, xml, 0), 0, "redefine a");
    expect_str(current_name(dom), "-", "a redefine without CURRENT leaves no current");
    expect_int(redefine(dom, "b", "running", "a", NULL, xml, 0), 0, "redefine b under a");
    expect_str(current_name(dom), "-", "still no current");
    expect_int(redefine(dom, "c", "running", "b", NULL, xml, VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT),
               0, "redefine c under b with CURRENT");
    expect_str(current_name(dom), "c", "c is current");
    REDEFINE_FAILS(redefine(dom, "a", "running", "c", NULL, xml, 0), VIR_ERR_INVALID_ARG,
                   VIR_FROM_DOMAIN, "invalid argument: parent b would create cycle to a",
                   "redefine: cycle");
    REDEFINE_FAILS(redefine(dom, "c", "shutoff", "b", NULL, xml, 0), VIR_ERR_INVALID_ARG,
                   VIR_FROM_DOMAIN_SNAPSHOT, "invalid argument: cannot change between online "
                   "and offline snapshot state in snapshot c", "redefine: online to offline");
    REDEFINE_FAILS(redefine(dom, "c", "disk-snapshot", "b", dsk, xml, 0), VIR_ERR_INVALID_ARG,
                   VIR_FROM_DOMAIN_SNAPSHOT, "invalid argument: cannot change between online "
                   "and offline snapshot state in snapshot c", "redefine: online to disk-only");
    REDEFINE_FAILS(redefine(dom, "c", "running", "b", NULL, xml,
                            VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY),
                   VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                   UNSUPPORTED("0x10", "testDomainSnapshotCreateXML"),
                   "redefine: DISK_ONLY refused by the test driver");
    expect_int(redefine(dom, "c", "paused", "b", NULL, xml, 0), 0,
               "redefine: running to paused is allowed");
    expect_str(current_name(dom), "c", "a redefined current snapshot stays current");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>y</name><creationTime>"
                                             "1</creationTime></domainsnapshot>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE),
                 VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
                 "XML error: missing state from existing snapshot", "redefine: no state");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>y</name><state>running"
                                             "</state></domainsnapshot>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE),
                 VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
                 "internal error: missing creationTime from existing snapshot",
                 "redefine: no creation time");
    expect_error(!virDomainSnapshotCreateXML(dom, "<domainsnapshot><state>running</state>"
                                             "<creationTime>1</creationTime></domainsnapshot>",
                                             VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE),
                 VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
                 "XML error: a redefined snapshot must have a name", "redefine: no name");
    REDEFINE_FAILS(redefine(dom, "u", "running", NULL, NULL, other_uuid, 0), VIR_ERR_INVALID_ARG,
                   VIR_FROM_DOMAIN_SNAPSHOT, "invalid argument: definition for snapshot u must "
                   "use uuid 22222222-f6a4-8304-79aa-97f2502e193f", "redefine: wrong uuid");

    expect_int(redefine(dom, "c", "running", "a", "<description>moved</description>", "", 0), 0,
               "redefine c without <domain>, under a");
    expect_str(tree_str(dom), "cur=c topo=[a c b] a:- b:a c:a",
               "c moved under a (first among a's children) and is still current");
    c = lookup(dom, "c");
    c_xml = virDomainSnapshotGetXMLDesc(c, 0);
    tmTestResult(c_xml && strstr(c_xml, "  <description>moved</description>\n"
                                 "  <state>running</state>\n  <parent>\n    <name>a</name>\n"
                                 "  </parent>\n  <creationTime>1000</creationTime>\n") &&
                 strstr(c_xml, "  <domain type='test'>\n    <name>rd</name>\n"),
                 "c has the new description and parent and kept its <domain>");
    expect_int(redefine(dom, "b", "running", "a", NULL, xml, VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT),
               0, "redefine b again with CURRENT");
    expect_str(tree_str(dom), "cur=b topo=[a b c] a:- b:a c:a", "b is current and relinked first");
    n = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>n</name></domainsnapshot>", 0);
    expect_str(tree_str(dom), "cur=n topo=[a b n c] a:- b:a c:a n:b",
               "a new snapshot goes under the redefined current one");
#undef REDEFINE_FAILS
}

/* ---- K: delete ---- */

static void
build_delete_tree(virDomainPtr dom, const char *xml, const char *current,
                  const char *current_parent)
{
    static const struct { const char *name, *parent, *state; } tree[] = {
        { "r1", NULL, "running" }, { "a", "r1", "running" }, { "b", "a", "running" },
        { "b2", "a", "running" }, { "c", "b2", "running" }, { "d", "r1", "shutoff" },
    };
    virDomainSnapshotPtr *list = NULL;
    int n = virDomainListAllSnapshots(dom, &list, 0);

    for (int i = 0; i < n; i++) {
        virDomainSnapshotDelete(list[i], 0);
        virDomainSnapshotFree(list[i]);
    }
    g_free(list);
    for (size_t i = 0; i < G_N_ELEMENTS(tree); i++)
        must_redefine(dom, tree[i].name, tree[i].state, tree[i].parent, NULL, xml, 0);
    must_redefine(dom, current, "running", current_parent, NULL, xml,
                  VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT);
}

static void
delete_and_check(virDomainPtr dom, const char *name, unsigned int flags, const char *tree,
                 const char *what)
{
    g_autoptr(virDomainSnapshot) snap = lookup(dom, name);
    g_autofree char *label = g_strdup_printf("delete %s: %s", name, what);

    expect_int(virDomainSnapshotDelete(snap, flags), 0, label);
    expect_str(tree_str(dom), tree, label);
}

static void
test_delete(virConnectPtr conn)
{
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) dom = define_and_start(conn, "del", "44444444", &xml);
    g_autoptr(virDomainSnapshot) stale = NULL;
    g_autoptr(virDomainSnapshot) b2 = NULL;
    virDomainSnapshotPtr *list = NULL;
    virDomainSnapshotPtr snap;
    char *names[4] = { NULL };
    static const char stale_msg[] = NOT_FOUND("a");

    build_delete_tree(dom, xml, "c", "b2");
    delete_and_check(dom, "b2", 0, "cur=c topo=[r1 d a c b] a:r1 b:a c:a d:r1 r1:-",
                     "children move to the parent, in front of its children");
    build_delete_tree(dom, xml, "c", "b2");
    delete_and_check(dom, "a", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN,
                     "cur=r1 topo=[r1 d] d:r1 r1:-",
                     "CHILDREN: the current descendant hands current to the parent");
    build_delete_tree(dom, xml, "c", "b2");
    delete_and_check(dom, "a", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY,
                     "cur=a topo=[r1 d a] a:r1 d:r1 r1:-",
                     "CHILDREN_ONLY: the node stays and becomes current");
    build_delete_tree(dom, xml, "a", "r1");
    delete_and_check(dom, "a", 0, "cur=r1 topo=[r1 b2 c b d] b:r1 b2:r1 c:b2 d:r1 r1:-",
                     "the current snapshot hands current to its parent");
    build_delete_tree(dom, xml, "r1", NULL);
    delete_and_check(dom, "r1", 0, "cur=- topo=[d a b2 c b] a:- b:a b2:a c:b2 d:-",
                     "a current root: children become roots, no current");
    build_delete_tree(dom, xml, "r1", NULL);
    delete_and_check(dom, "r1", VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY,
                     "cur=r1 topo=[r1] r1:-", "CHILDREN_ONLY on a current root");
    snap = virDomainSnapshotCreateXML(dom, "<domainsnapshot><name>nn</name></domainsnapshot>", 0);
    if (snap)
        virDomainSnapshotFree(snap);
    expect_str(tree_str(dom), "cur=nn topo=[r1 nn] nn:r1 r1:-",
               "a new snapshot after CHILDREN_ONLY goes under the kept node");
    build_delete_tree(dom, xml, "c", "b2");
    delete_and_check(dom, "b", 0, "cur=c topo=[r1 d a b2 c] a:r1 b2:a c:b2 d:r1 r1:-",
                     "a leaf");

    b2 = lookup(dom, "b2");
    expect_error(virDomainSnapshotDelete(b2, VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY) < 0,
                 VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x2", "testDomainSnapshotDelete"),
                 "METADATA_ONLY is not supported by the test driver");
    expect_error(virDomainSnapshotDelete(b2, 0x8) < 0, VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 UNSUPPORTED("0x8", "testDomainSnapshotDelete"), "delete refuses 0x8");
    expect_error(virDomainSnapshotDelete(b2, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                                         VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY) < 0,
                 VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
                 "Flags 'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN' and "
                 "'VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY' are mutually exclusive",
                 "CHILDREN and CHILDREN_ONLY exclude each other");

    stale = lookup(dom, "a");
    expect_int(virDomainSnapshotDelete(stale, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN), 0,
               "delete a and its children");
    expect_str(tree_str(dom), "cur=r1 topo=[r1 d] d:r1 r1:-", "only r1 and d are left");
    tmTestResult(g_str_equal(virDomainSnapshotGetName(stale), "a"),
                 "a stale handle keeps its name");
    expect_error(virDomainSnapshotDelete(stale, 0) < 0, VIR_ERR_NO_DOMAIN_SNAPSHOT,
                 VIR_FROM_TEST, stale_msg, "stale: Delete");
    expect_error(!virDomainSnapshotGetXMLDesc(stale, 0), VIR_ERR_NO_DOMAIN_SNAPSHOT,
                 VIR_FROM_TEST, stale_msg, "stale: GetXMLDesc");
    expect_error(!virDomainSnapshotGetParent(stale, 0), VIR_ERR_NO_DOMAIN_SNAPSHOT,
                 VIR_FROM_TEST, stale_msg, "stale: GetParent");
    expect_error(virDomainSnapshotIsCurrent(stale, 0) < 0, VIR_ERR_NO_DOMAIN_SNAPSHOT,
                 VIR_FROM_TEST, stale_msg, "stale: IsCurrent");
    expect_error(virDomainSnapshotHasMetadata(stale, 0) < 0, VIR_ERR_NO_DOMAIN_SNAPSHOT,
                 VIR_FROM_TEST, stale_msg, "stale: HasMetadata");
    expect_error(virDomainSnapshotNumChildren(stale, 0) < 0, VIR_ERR_NO_DOMAIN_SNAPSHOT,
                 VIR_FROM_TEST, stale_msg, "stale: NumChildren");
    expect_error(virDomainSnapshotListChildrenNames(stale, names, 4, 0) < 0,
                 VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST, stale_msg,
                 "stale: ListChildrenNames");
    expect_error(virDomainSnapshotListAllChildren(stale, &list, 0) < 0,
                 VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST, stale_msg,
                 "stale: ListAllChildren");
    expect_error(virDomainRevertToSnapshot(stale, 0) < 0, VIR_ERR_NO_DOMAIN_SNAPSHOT,
                 VIR_FROM_TEST, stale_msg, "stale: RevertToSnapshot");
}

/* ---- O: a snapshot whose domain has another name ---- */

static void
test_rename(virConnectPtr conn)
{
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) dom = define_and_start(conn, "ren", "55555555", &xml);
    g_autofree char *renamed = replace(xml, "<name>ren</name>", "<name>other</name>");
    g_autoptr(virDomainSnapshot) other = NULL;
    g_autoptr(virDomain) by_old = NULL;
    virDomainPtr *doms = NULL;
    bool other_listed = false;
    bool ren_listed = false;
    int n;

    must_redefine(dom, "other", "running", NULL, NULL, renamed, 0);
    other = lookup(dom, "other");
    expect_int(virDomainRevertToSnapshot(other, 0), 0, "revert to a renamed definition");
    n = virConnectListAllDomains(conn, &doms, 0);
    for (int i = 0; i < n; i++) {
        other_listed |= g_str_equal(virDomainGetName(doms[i]), "other");
        ren_listed |= g_str_equal(virDomainGetName(doms[i]), "ren");
        virDomainFree(doms[i]);
    }
    g_free(doms);
    tmTestResult(other_listed && !ren_listed, "the domain is listed under its new name");
    by_old = virDomainLookupByName(conn, "ren");
    tmTestResult(by_old && g_str_equal(virDomainGetName(by_old), "other"),
                 "as in libvirt, the old name still finds it");
    expect_error(!virDomainLookupByName(conn, "other"), VIR_ERR_NO_DOMAIN, VIR_FROM_TEST,
                 "Domain not found", "and the new name does not");
    expect_int(virDomainDestroy(dom), 0, "destroy it");
    expect_int(virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA), 0,
               "undefine it");
    expect_error(!virDomainLookupByName(conn, "ren"), VIR_ERR_NO_DOMAIN, VIR_FROM_TEST,
                 "Domain not found", "the old name is gone with it");
}

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

int
main(void)
{
    virConnectPtr conn = virConnectOpen("test:///default");
    virDomainPtr dom;

    if (!conn || !(dom = virDomainLookupByName(conn, "test")))
        g_error("cannot open test:///default: %s", virGetLastErrorMessage());
    dom_xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    virSetErrorFunc(NULL, quiet);

    test_empty_and_flags(dom);
    test_create(dom);
    test_checkpoint_exclusion(conn);
    test_transient(conn);
    test_revert(conn, dom);
    test_read_only();
    test_lists(conn);
    test_redefine(conn);
    test_delete(conn);
    test_rename(conn);

    g_free(dom_xml);
    virDomainFree(dom);
    virConnectClose(conn);
    return tmTestDone();
}
