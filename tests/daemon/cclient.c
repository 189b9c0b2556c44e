/*
 * cclient.c: checkpoint and snapshot calls through libvirt's own C
 * library (-lvirt), for tests/daemon/cclient.sh
 *
 * Built against Debian's libvirt 9.0 (libvirt-dev), never against
 * tidemark: the point is that a C program written for libvirt needs
 * nothing but the URI changed to talk to tidemarkd. cclient.sh runs it
 * once through libvirtd and once through tidemarkd and compares what it
 * prints.
 *
 *   cclient URI [READ-ONLY-URI]
 *
 * With one URI: on the domain "test" of test:///default, checkpoints
 * (create, list with flags, children, lookup, parent, XML, delete) and
 * snapshots (create, count, names, lists, current, parent, XML,
 * children, revert, delete), with the errors libvirt reports on the way
 * (unknown names, no parent, bad XML, flags, stale handles). With a
 * second URI, that of the read-only socket: a checkpoint and a snapshot
 * made through the first are read through the second, which is refused
 * every mutating call. One line per call: "> CALL" then "ok ..." or
 * "error code=N domain=N level=N: MESSAGE".
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

static void
call(const char *what)
{
    printf("> %s\n", what);
}

/* Prints the error the last call left; always -1, for "return fail();". */
static int
fail(void)
{
    virErrorPtr e = virGetLastError();

    if (!e) {
        printf("error: none set\n");
        return -1;
    }
    printf("error code=%d domain=%d level=%d: %s\n", e->code, e->domain, e->level,
           e->message ? e->message : "");
    return -1;
}

static int
by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Prints a listing: the count, then the names (sorted unless @keep_order,
 * since only topological order is defined). Consumes @names. */
static void
print_names(GPtrArray *names, int n, gboolean keep_order)
{
    if (n < 0) {
        fail();
        g_ptr_array_unref(names);
        return;
    }
    if (!keep_order)
        g_ptr_array_sort(names, by_name);
    printf("ok %d", n);
    for (guint i = 0; i < names->len; i++)
        printf(" %s", (const char *)g_ptr_array_index(names, i));
    printf("\n");
    g_ptr_array_unref(names);
}

/* ---- checkpoints ---- */

static void sn_create(virDomainPtr dom, const char *xml, unsigned int flags);

static void
cp_list(virDomainPtr dom, unsigned int flags)
{
    virDomainCheckpointPtr *cps = NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    int n;
    g_autofree char *what = g_strdup_printf("virDomainListAllCheckpoints flags=0x%x", flags);

    call(what);
    n = virDomainListAllCheckpoints(dom, &cps, flags);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virDomainCheckpointGetName(cps[i])));
        virDomainCheckpointFree(cps[i]);
    }
    free(cps);
    print_names(names, n, flags & VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL);
}

static void
cp_children(virDomainCheckpointPtr cp, unsigned int flags)
{
    virDomainCheckpointPtr *cps = NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    int n;
    g_autofree char *what = g_strdup_printf("virDomainCheckpointListAllChildren %s flags=0x%x",
                                            virDomainCheckpointGetName(cp), flags);

    call(what);
    n = virDomainCheckpointListAllChildren(cp, &cps, flags);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virDomainCheckpointGetName(cps[i])));
        virDomainCheckpointFree(cps[i]);
    }
    free(cps);
    print_names(names, n, flags & VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL);
}

/* Creates a checkpoint from @xml and prints its name. */
static void
cp_create(virDomainPtr dom, const char *xml, unsigned int flags)
{
    virDomainCheckpointPtr cp;
    g_autofree char *what = g_strdup_printf("virDomainCheckpointCreateXML flags=0x%x %s",
                                            flags, xml);

    call(what);
    if (!(cp = virDomainCheckpointCreateXML(dom, xml, flags))) {
        fail();
        return;
    }
    printf("ok %s\n", virDomainCheckpointGetName(cp));
    virDomainCheckpointFree(cp);
}

static virDomainCheckpointPtr
cp_lookup(virDomainPtr dom, const char *name, unsigned int flags)
{
    virDomainCheckpointPtr cp;
    g_autofree char *what = g_strdup_printf("virDomainCheckpointLookupByName %s flags=0x%x",
                                            name, flags);

    call(what);
    if (!(cp = virDomainCheckpointLookupByName(dom, name, flags))) {
        fail();
        return NULL;
    }
    printf("ok %s\n", virDomainCheckpointGetName(cp));
    return cp;
}

static void
cp_parent(virDomainCheckpointPtr cp, unsigned int flags)
{
    virDomainCheckpointPtr parent;
    g_autofree char *what = g_strdup_printf("virDomainCheckpointGetParent %s flags=0x%x",
                                            virDomainCheckpointGetName(cp), flags);

    call(what);
    if (!(parent = virDomainCheckpointGetParent(cp, flags))) {
        fail();
        return;
    }
    printf("ok %s\n", virDomainCheckpointGetName(parent));
    virDomainCheckpointFree(parent);
}

static void
cp_xml(virDomainCheckpointPtr cp, unsigned int flags)
{
    char *xml;
    g_autofree char *what = g_strdup_printf("virDomainCheckpointGetXMLDesc %s flags=0x%x",
                                            virDomainCheckpointGetName(cp), flags);

    call(what);
    if (!(xml = virDomainCheckpointGetXMLDesc(cp, flags))) {
        fail();
        return;
    }
    printf("ok\n%s", xml);
    free(xml);
}

static void
cp_delete(virDomainCheckpointPtr cp, unsigned int flags)
{
    g_autofree char *what = g_strdup_printf("virDomainCheckpointDelete %s flags=0x%x",
                                            virDomainCheckpointGetName(cp), flags);

    call(what);
    if (virDomainCheckpointDelete(cp, flags) < 0)
        fail();
    else
        printf("ok\n");
}

static void
checkpoints(virDomainPtr dom)
{
    virDomainCheckpointPtr c1, c2, c3, r, stale;

    cp_list(dom, 0);
    cp_create(dom, "<domaincheckpoint><name>c1</name><description>first</description>"
                   "</domaincheckpoint>", 0);
    cp_create(dom, "<domaincheckpoint><name>c2</name></domaincheckpoint>", 0);
    cp_create(dom, "<domaincheckpoint><name>c3</name><disks><disk name='vda' "
                   "checkpoint='bitmap' bitmap='b3'/></disks></domaincheckpoint>", 0);
    cp_create(dom, "<domaincheckpoint><name>c2</name></domaincheckpoint>", 0);
    cp_create(dom, "<domaincheckpoint><name>r</name><creationTime>1525889631</creationTime>"
                   "</domaincheckpoint>", VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE);
    cp_create(dom, "<domaincheckpoint><name>q</name></domaincheckpoint>",
              VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE);
    cp_create(dom, "<domaincheckpoint><name>x</name>", 0);
    cp_create(dom, "<domaincheckpoint><disks><disk name='vdz'/></disks></domaincheckpoint>", 0);
    cp_create(dom, "<domaincheckpoint/>", 0x80);
    cp_list(dom, 0);
    cp_list(dom, VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL);
    cp_list(dom, VIR_DOMAIN_CHECKPOINT_LIST_ROOTS);
    cp_list(dom, VIR_DOMAIN_CHECKPOINT_LIST_LEAVES);
    cp_list(dom, VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES);
    cp_list(dom, VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES);

    c1 = cp_lookup(dom, "c1", 0);
    c2 = cp_lookup(dom, "c2", 0);
    c3 = cp_lookup(dom, "c3", 0);
    cp_lookup(dom, "nosuch", 0);
    cp_lookup(dom, "c1", 1);
    if (!c1 || !c2 || !c3)
        return;
    cp_children(c1, 0);
    cp_children(c1, VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS);
    cp_children(c1, VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS |
                    VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL);
    cp_parent(c3, 0);
    cp_parent(c1, 0);
    cp_parent(c2, 1);
    cp_xml(c1, 0);
    cp_xml(c3, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN);
    cp_xml(c2, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN | VIR_DOMAIN_CHECKPOINT_XML_SECURE);
    cp_xml(c2, VIR_DOMAIN_CHECKPOINT_XML_SIZE);
    cp_xml(c2, 0x100);

    /* deleting c2 re-parents c3 onto c1; c2's handle is then stale */
    cp_delete(c2, VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY | 0x40);
    cp_delete(c2, 0);
    stale = c2;
    cp_xml(stale, 0);
    cp_parent(stale, 0);
    cp_delete(stale, 0);
    cp_parent(c3, 0);
    cp_list(dom, VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL);
    cp_delete(c1, VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY);
    cp_list(dom, 0);
    cp_delete(c1, VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN);
    cp_list(dom, 0);
    /* the test driver makes no snapshot while a checkpoint exists */
    sn_create(dom, "<domainsnapshot><name>early</name></domainsnapshot>", 0);
    if ((r = cp_lookup(dom, "r", 0))) {
        cp_delete(r, 0);
        virDomainCheckpointFree(r);
    }
    cp_list(dom, 0);
    virDomainCheckpointFree(c1);
    virDomainCheckpointFree(c2);
    virDomainCheckpointFree(c3);
}

/* ---- snapshots ---- */

static void
sn_names(virDomainPtr dom, unsigned int flags)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    char **list;
    int n;
    g_autofree char *what = g_strdup_printf("virDomainSnapshotNum+ListNames flags=0x%x", flags);

    call(what);
    if ((n = virDomainSnapshotNum(dom, flags)) < 0) {
        print_names(names, -1, FALSE);
        return;
    }
    list = g_new0(char *, n + 1);
    n = virDomainSnapshotListNames(dom, list, n, flags);
    for (int i = 0; i < n; i++)
        g_ptr_array_add(names, list[i]);
    g_free(list);
    print_names(names, n, flags & VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
}

static void
sn_list(virDomainPtr dom, unsigned int flags)
{
    virDomainSnapshotPtr *sns = NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    int n;
    g_autofree char *what = g_strdup_printf("virDomainListAllSnapshots flags=0x%x", flags);

    call(what);
    n = virDomainListAllSnapshots(dom, &sns, flags);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virDomainSnapshotGetName(sns[i])));
        virDomainSnapshotFree(sns[i]);
    }
    free(sns);
    print_names(names, n, flags & VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
}

static void
sn_children(virDomainSnapshotPtr sn, unsigned int flags)
{
    virDomainSnapshotPtr *sns = NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *names2 = g_ptr_array_new_with_free_func(g_free);
    char **list;
    int n;
    g_autofree char *what = g_strdup_printf("virDomainSnapshotListAllChildren %s flags=0x%x",
                                            virDomainSnapshotGetName(sn), flags);
    g_autofree char *what2 = g_strdup_printf("virDomainSnapshotNumChildren+ListChildrenNames"
                                             " %s flags=0x%x",
                                             virDomainSnapshotGetName(sn), flags);

    call(what);
    n = virDomainSnapshotListAllChildren(sn, &sns, flags);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virDomainSnapshotGetName(sns[i])));
        virDomainSnapshotFree(sns[i]);
    }
    free(sns);
    print_names(names, n, flags & VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);

    call(what2);
    if ((n = virDomainSnapshotNumChildren(sn, flags)) < 0) {
        print_names(names2, -1, FALSE);
        return;
    }
    list = g_new0(char *, n + 1);
    n = virDomainSnapshotListChildrenNames(sn, list, n, flags);
    for (int i = 0; i < n; i++)
        g_ptr_array_add(names2, list[i]);
    g_free(list);
    print_names(names2, n, flags & VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
}

static void
sn_create(virDomainPtr dom, const char *xml, unsigned int flags)
{
    virDomainSnapshotPtr sn;
    g_autofree char *what = g_strdup_printf("virDomainSnapshotCreateXML flags=0x%x %s",
                                            flags, xml);

    call(what);
    if (!(sn = virDomainSnapshotCreateXML(dom, xml, flags))) {
        fail();
        return;
    }
    printf("ok %s\n", virDomainSnapshotGetName(sn));
    virDomainSnapshotFree(sn);
}

static virDomainSnapshotPtr
sn_lookup(virDomainPtr dom, const char *name)
{
    virDomainSnapshotPtr sn;
    g_autofree char *what = g_strdup_printf("virDomainSnapshotLookupByName %s", name);

    call(what);
    if (!(sn = virDomainSnapshotLookupByName(dom, name, 0))) {
        fail();
        return NULL;
    }
    printf("ok %s\n", virDomainSnapshotGetName(sn));
    return sn;
}

static void
sn_current(virDomainPtr dom)
{
    virDomainSnapshotPtr sn;
    int has;

    call("virDomainHasCurrentSnapshot");
    if ((has = virDomainHasCurrentSnapshot(dom, 0)) < 0)
        fail();
    else
        printf("ok %d\n", has);
    call("virDomainSnapshotCurrent");
    if (!(sn = virDomainSnapshotCurrent(dom, 0))) {
        fail();
        return;
    }
    printf("ok %s\n", virDomainSnapshotGetName(sn));
    virDomainSnapshotFree(sn);
}

/* One snapshot: parent, XML, whether current, whether it has metadata. */
static void
sn_show(virDomainSnapshotPtr sn, unsigned int xml_flags)
{
    virDomainSnapshotPtr parent;
    const char *name = virDomainSnapshotGetName(sn);
    g_autofree char *w_parent = g_strdup_printf("virDomainSnapshotGetParent %s", name);
    g_autofree char *w_xml = g_strdup_printf("virDomainSnapshotGetXMLDesc %s flags=0x%x",
                                             name, xml_flags);
    g_autofree char *w_cur = g_strdup_printf("virDomainSnapshotIsCurrent %s", name);
    g_autofree char *w_meta = g_strdup_printf("virDomainSnapshotHasMetadata %s", name);
    char *xml;
    int v;

    call(w_parent);
    if ((parent = virDomainSnapshotGetParent(sn, 0))) {
        printf("ok %s\n", virDomainSnapshotGetName(parent));
        virDomainSnapshotFree(parent);
    } else {
        fail();
    }
    call(w_xml);
    if ((xml = virDomainSnapshotGetXMLDesc(sn, xml_flags))) {
        printf("ok\n%s", xml);
        free(xml);
    } else {
        fail();
    }
    call(w_cur);
    if ((v = virDomainSnapshotIsCurrent(sn, 0)) < 0)
        fail();
    else
        printf("ok %d\n", v);
    call(w_meta);
    if ((v = virDomainSnapshotHasMetadata(sn, 0)) < 0)
        fail();
    else
        printf("ok %d\n", v);
}

static void
sn_revert(virDomainSnapshotPtr sn, unsigned int flags)
{
    g_autofree char *what = g_strdup_printf("virDomainRevertToSnapshot %s flags=0x%x",
                                            virDomainSnapshotGetName(sn), flags);

    call(what);
    if (virDomainRevertToSnapshot(sn, flags) < 0)
        fail();
    else
        printf("ok\n");
}

static void
sn_delete(virDomainSnapshotPtr sn, unsigned int flags)
{
    g_autofree char *what = g_strdup_printf("virDomainSnapshotDelete %s flags=0x%x",
                                            virDomainSnapshotGetName(sn), flags);

    call(what);
    if (virDomainSnapshotDelete(sn, flags) < 0)
        fail();
    else
        printf("ok\n");
}

static void
dom_state(virDomainPtr dom)
{
    int state, reason;

    call("virDomainGetState");
    if (virDomainGetState(dom, &state, &reason, 0) < 0)
        fail();
    else
        printf("ok %d %d\n", state, reason);
}

static void
snapshots(virDomainPtr dom)
{
    virDomainSnapshotPtr s1, s2, s3;

    sn_names(dom, 0);
    sn_current(dom);
    sn_create(dom, "<domainsnapshot><name>s1</name><description>one</description>"
                   "</domainsnapshot>", 0);
    sn_create(dom, "<domainsnapshot><name>s2</name></domainsnapshot>", 0);
    sn_create(dom, "<domainsnapshot><name>s3</name><memory snapshot='no'/>"
                   "</domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
    sn_create(dom, "<domainsnapshot><name>s3</name></domainsnapshot>", 0);
    sn_create(dom, "<domainsnapshot><name>s3</name></domainsnapshot>",
              VIR_DOMAIN_SNAPSHOT_CREATE_HALT);
    sn_create(dom, "<domainsnapshot><name>bad</name>", 0);
    sn_create(dom, "<domainsnapshot/>", 0x10000);
    sn_names(dom, 0);
    sn_names(dom, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS);
    sn_list(dom, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
    sn_list(dom, VIR_DOMAIN_SNAPSHOT_LIST_LEAVES);
    sn_list(dom, VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE);
    sn_list(dom, VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE);
    sn_current(dom);
    dom_state(dom);

    s1 = sn_lookup(dom, "s1");
    s2 = sn_lookup(dom, "s2");
    s3 = sn_lookup(dom, "s3");
    sn_lookup(dom, "nosuch");
    if (!s1 || !s2 || !s3)
        return;
    sn_show(s1, 0);
    sn_show(s2, VIR_DOMAIN_SNAPSHOT_XML_SECURE);
    sn_show(s3, 0);
    sn_children(s1, 0);
    sn_children(s1, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
    sn_children(s1, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS |
                    VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);

    /* revert: the domain goes back to s1's state, s1 becomes current */
    sn_revert(s1, 0);
    sn_current(dom);
    dom_state(dom);
    sn_revert(s1, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED);
    dom_state(dom);
    sn_revert(s1, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED);
    sn_revert(s3, 0);
    dom_state(dom);
    sn_create(dom, "<domainsnapshot><name>s4</name></domainsnapshot>", 0);
    sn_list(dom, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);

    /* delete: children re-parented, then whole subtrees; stale handles */
    sn_delete(s2, 0);
    sn_show(s2, 0);
    sn_revert(s2, 0);
    sn_children(s1, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
    sn_delete(s1, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY);
    sn_names(dom, 0);
    sn_current(dom);
    sn_delete(s1, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN | VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY);
    sn_delete(s1, VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY);
    sn_names(dom, 0);
    sn_current(dom);
    virDomainSnapshotFree(s1);
    virDomainSnapshotFree(s2);
    virDomainSnapshotFree(s3);
}

/* The read-only socket: a checkpoint and a snapshot made through the
 * read-write connection (@rw_dom) are seen by the read-only one (@dom,
 * the same shared test:///default), which may read them but not create,
 * delete or revert. */
static void
read_only(virDomainPtr rw_dom, virDomainPtr dom)
{
    virDomainCheckpointPtr cp;
    virDomainSnapshotPtr sn;

    cp_create(rw_dom, "<domaincheckpoint><name>c1</name></domaincheckpoint>", 0);
    cp_list(dom, 0);
    cp_create(dom, "<domaincheckpoint><name>ro</name></domaincheckpoint>", 0);
    if ((cp = cp_lookup(dom, "c1", 0))) {
        cp_xml(cp, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN);
        cp_xml(cp, VIR_DOMAIN_CHECKPOINT_XML_SECURE);
        cp_parent(cp, 0);
        cp_children(cp, 0);
        cp_delete(cp, 0);
        virDomainCheckpointFree(cp);
    }
    /* the test driver makes no snapshot while a checkpoint exists */
    if ((cp = cp_lookup(rw_dom, "c1", 0))) {
        cp_delete(cp, 0);
        virDomainCheckpointFree(cp);
    }
    sn_create(rw_dom, "<domainsnapshot><name>s1</name></domainsnapshot>", 0);
    sn_names(dom, 0);
    sn_current(dom);
    sn_create(dom, "<domainsnapshot><name>ro</name></domainsnapshot>", 0);
    if ((sn = sn_lookup(dom, "s1"))) {
        sn_show(sn, 0);
        sn_show(sn, VIR_DOMAIN_SNAPSHOT_XML_SECURE);
        sn_children(sn, 0);
        sn_revert(sn, 0);
        sn_delete(sn, 0);
        virDomainSnapshotFree(sn);
    }
    cp_list(rw_dom, 0);
    sn_names(rw_dom, 0);
}

/* Opens @uri (read-only with @ro) and looks the domain "test" up. */
static virConnectPtr
open_test(const char *uri, gboolean ro, virDomainPtr *dom)
{
    virConnectPtr conn;

    call(ro ? "virConnectOpenReadOnly" : "virConnectOpen");
    if (!(conn = ro ? virConnectOpenReadOnly(uri) : virConnectOpen(uri))) {
        fail();
        return NULL;
    }
    printf("ok\n");
    call("virDomainLookupByName test");
    if (!(*dom = virDomainLookupByName(conn, "test"))) {
        fail();
        virConnectClose(conn);
        return NULL;
    }
    printf("ok\n");
    return conn;
}

static void
close_test(virConnectPtr conn, virDomainPtr dom)
{
    virDomainFree(dom);
    call("virConnectClose");
    printf("ok %d\n", virConnectClose(conn));
}

int
main(int argc, char **argv)
{
    virConnectPtr conn, ro_conn;
    virDomainPtr dom, ro_dom;

    if (argc < 2) {
        fprintf(stderr, "usage: cclient URI [READ-ONLY-URI]\n");
        return 2;
    }
    virSetErrorFunc(NULL, quiet);
    if (!(conn = open_test(argv[1], FALSE, &dom)))
        return 1;
    if (argc > 2) {
        if (!(ro_conn = open_test(argv[2], TRUE, &ro_dom)))
            return 1;
        read_only(dom, ro_dom);
        close_test(ro_conn, ro_dom);
    } else {
        checkpoints(dom);
        snapshots(dom);
    }
    close_test(conn, dom);
    return 0;
}
