/*
 * ops-snapshot.c: snapshot operations of the API golden runner
 *
 *   sn-create DOM FLAGS : XML|@FILE   sn-lookup DOM NAME FLAGS
 *   sn-num DOM FLAGS                  sn-names DOM FLAGS (Num + ListNames)
 *   sn-list DOM FLAGS                 sn-has-current DOM FLAGS
 *   sn-current DOM FLAGS
 * On one snapshot, as "sn-OP DOM NAME FLAGS" (looked up first) or as
 * "held-sn-OP VAR FLAGS" (a handle kept by "sn-hold VAR DOM NAME"):
 *   parent, xml, num-children, children-names (NumChildren +
 *   ListChildrenNames), children (ListAllChildren), is-current,
 *   has-metadata, revert, delete
 *
 * Domain listings are sorted unless TOPOLOGICAL is asked for; children
 * listings keep their order (libvirt's is deterministic there).
 */
#include <stdio.h>
#include <stdlib.h>

#include "golden.h"

static void
release_snapshot(gpointer data)
{
    virDomainSnapshotFree(data);
}

static virDomainSnapshotPtr
lookup(const char *domname, const char *name)
{
    virDomainPtr dom = goldenDomain(domname);
    virDomainSnapshotPtr snap;

    if (!dom)
        return NULL;
    if (!(snap = virDomainSnapshotLookupByName(dom, name, 0)))
        goldenError();
    virDomainFree(dom);
    return snap;
}

static void
print_handles(virDomainSnapshotPtr *list, int n, bool keep_order)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);

    if (n < 0) {
        goldenError();
        return;
    }
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virDomainSnapshotGetName(list[i])));
        virDomainSnapshotFree(list[i]);
    }
    free(list);
    goldenPrintNames(names, keep_order);
}

/* the legacy calls, sized by their Num as python's binding does */
static void
print_names(int n, char **names, int got, bool keep_order)
{
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(free);

    if (n < 0 || got < 0) {
        goldenError();
        return;
    }
    for (int i = 0; i < got && i < n; i++)
        g_ptr_array_add(list, names[i]);
    goldenPrintNames(list, keep_order);
}

/* ---- on a domain ---- */

static void
sn_create(char **argv, int argc, const char *text)
{
    g_autofree char *xml = goldenText(text);
    virDomainSnapshotPtr snap;
    virDomainPtr dom;
    unsigned int flags;

    NEED(3);
    if (!xml || !goldenFlagsArg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    if ((snap = virDomainSnapshotCreateXML(dom, xml, flags))) {
        goldenOk("%s", virDomainSnapshotGetName(snap));
        virDomainSnapshotFree(snap);
    } else {
        goldenError();
    }
    virDomainFree(dom);
}

/* DOM FLAGS ops: the domain, or NULL after printing the error */
static virDomainPtr
dom_and_flags(char **argv, unsigned int *flags)
{
    if (!goldenFlagsArg(argv[2], flags))
        return NULL;
    return goldenDomain(argv[1]);
}

static void
sn_num(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags;
    int n;

    (void)text;
    NEED(3);
    if (!(dom = dom_and_flags(argv, &flags)))
        return;
    if ((n = virDomainSnapshotNum(dom, flags)) < 0)
        goldenError();
    else
        goldenOk("%d", n);
    virDomainFree(dom);
}

static void
sn_names(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags;
    char **names = NULL;
    int n;
    int got = -1;

    (void)text;
    NEED(3);
    if (!(dom = dom_and_flags(argv, &flags)))
        return;
    if ((n = virDomainSnapshotNum(dom, flags)) >= 0) {
        names = g_new0(char *, n + 1);
        got = virDomainSnapshotListNames(dom, names, n, flags);
    }
    print_names(n, names, got, flags & VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
    g_free(names);
    virDomainFree(dom);
}

static void
sn_list(char **argv, int argc, const char *text)
{
    virDomainSnapshotPtr *list = NULL;
    virDomainPtr dom;
    unsigned int flags;
    int n;

    (void)text;
    NEED(3);
    if (!(dom = dom_and_flags(argv, &flags)))
        return;
    n = virDomainListAllSnapshots(dom, &list, flags);
    print_handles(list, n, flags & VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
    virDomainFree(dom);
}

static void
sn_has_current(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags;
    int ret;

    (void)text;
    NEED(3);
    if (!(dom = dom_and_flags(argv, &flags)))
        return;
    if ((ret = virDomainHasCurrentSnapshot(dom, flags)) < 0)
        goldenError();
    else
        goldenOk("%d", ret);
    virDomainFree(dom);
}

static void
print_snapshot(virDomainSnapshotPtr snap)
{
    if (!snap) {
        goldenError();
        return;
    }
    goldenOk("%s", virDomainSnapshotGetName(snap));
    virDomainSnapshotFree(snap);
}

static void
sn_current(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags;

    (void)text;
    NEED(3);
    if (!(dom = dom_and_flags(argv, &flags)))
        return;
    print_snapshot(virDomainSnapshotCurrent(dom, flags));
    virDomainFree(dom);
}

static void
sn_lookup(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags;

    (void)text;
    NEED(4);
    if (!goldenFlagsArg(argv[3], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    print_snapshot(virDomainSnapshotLookupByName(dom, argv[2], flags));
    virDomainFree(dom);
}

static void
sn_hold(char **argv, int argc, const char *text)
{
    virDomainSnapshotPtr snap;

    (void)text;
    NEED(4);
    if (!(snap = lookup(argv[2], argv[3])))
        return;
    goldenHold(argv[1], snap, release_snapshot);
    goldenOk(NULL);
}

/* ---- on one snapshot ---- */

static void
do_parent(virDomainSnapshotPtr snap, unsigned int flags)
{
    print_snapshot(virDomainSnapshotGetParent(snap, flags));
}

static void
do_xml(virDomainSnapshotPtr snap, unsigned int flags)
{
    char *xml = virDomainSnapshotGetXMLDesc(snap, flags);

    if (!xml) {
        goldenError();
        return;
    }
    goldenOk("\n%s", xml);
    free(xml);
}

static void
print_int(int ret)
{
    if (ret < 0)
        goldenError();
    else
        goldenOk("%d", ret);
}

static void
do_num_children(virDomainSnapshotPtr snap, unsigned int flags)
{
    print_int(virDomainSnapshotNumChildren(snap, flags));
}

static void
do_children_names(virDomainSnapshotPtr snap, unsigned int flags)
{
    int n = virDomainSnapshotNumChildren(snap, flags);
    char **names = NULL;
    int got = -1;

    if (n >= 0) {
        names = g_new0(char *, n + 1);
        got = virDomainSnapshotListChildrenNames(snap, names, n, flags);
    }
    print_names(n, names, got, true);
    g_free(names);
}

static void
do_children(virDomainSnapshotPtr snap, unsigned int flags)
{
    virDomainSnapshotPtr *list = NULL;
    int n = virDomainSnapshotListAllChildren(snap, &list, flags);

    print_handles(list, n, true);
}

static void
do_is_current(virDomainSnapshotPtr snap, unsigned int flags)
{
    print_int(virDomainSnapshotIsCurrent(snap, flags));
}

static void
do_has_metadata(virDomainSnapshotPtr snap, unsigned int flags)
{
    print_int(virDomainSnapshotHasMetadata(snap, flags));
}

static void
do_revert(virDomainSnapshotPtr snap, unsigned int flags)
{
    if (virDomainRevertToSnapshot(snap, flags) < 0)
        goldenError();
    else
        goldenOk(NULL);
}

static void
do_delete(virDomainSnapshotPtr snap, unsigned int flags)
{
    if (virDomainSnapshotDelete(snap, flags) < 0)
        goldenError();
    else
        goldenOk(NULL);
}

/* sn-OP DOM NAME FLAGS */
static void
on_named(char **argv, int argc, void (*fn)(virDomainSnapshotPtr, unsigned int))
{
    virDomainSnapshotPtr snap;
    unsigned int flags;

    NEED(4);
    if (!goldenFlagsArg(argv[3], &flags) || !(snap = lookup(argv[1], argv[2])))
        return;
    fn(snap, flags);
    virDomainSnapshotFree(snap);
}

/* held-sn-OP VAR FLAGS */
static void
on_held(char **argv, int argc, void (*fn)(virDomainSnapshotPtr, unsigned int))
{
    virDomainSnapshotPtr snap;
    unsigned int flags;

    NEED(3);
    if (!goldenFlagsArg(argv[2], &flags) || !(snap = goldenHeld(argv[1])))
        return;
    fn(snap, flags);
}

#define SNAPSHOT_OP(op) \
    static void \
    sn_##op(char **argv, int argc, const char *text) \
    { \
        (void)text; \
        on_named(argv, argc, do_##op); \
    } \
    static void \
    held_##op(char **argv, int argc, const char *text) \
    { \
        (void)text; \
        on_held(argv, argc, do_##op); \
    }

SNAPSHOT_OP(parent)
SNAPSHOT_OP(xml)
SNAPSHOT_OP(num_children)
SNAPSHOT_OP(children_names)
SNAPSHOT_OP(children)
SNAPSHOT_OP(is_current)
SNAPSHOT_OP(has_metadata)
SNAPSHOT_OP(revert)
SNAPSHOT_OP(delete)

#define SNAPSHOT_ENTRIES(name, op) \
    { "sn-" name, sn_##op }, \
    { "held-sn-" name, held_##op },

const goldenOp goldenSnapshotOps[] = {
    { "sn-create", sn_create },
    { "sn-num", sn_num },
    { "sn-names", sn_names },
    { "sn-list", sn_list },
    { "sn-has-current", sn_has_current },
    { "sn-current", sn_current },
    { "sn-lookup", sn_lookup },
    { "sn-hold", sn_hold },
    SNAPSHOT_ENTRIES("parent", parent)
    SNAPSHOT_ENTRIES("xml", xml)
    SNAPSHOT_ENTRIES("num-children", num_children)
    SNAPSHOT_ENTRIES("children-names", children_names)
    SNAPSHOT_ENTRIES("children", children)
    SNAPSHOT_ENTRIES("is-current", is_current)
    SNAPSHOT_ENTRIES("has-metadata", has_metadata)
    SNAPSHOT_ENTRIES("revert", revert)
    SNAPSHOT_ENTRIES("delete", delete)
    { NULL, NULL },
};
