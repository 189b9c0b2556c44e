/*
 * ops-checkpoint.c: checkpoint operations of the API golden runner
 *
 *   cp-create DOM FLAGS : XML|@FILE     cp-xml DOM NAME FLAGS
 *   cp-list DOM FLAGS                   cp-children DOM NAME FLAGS
 *   cp-lookup DOM NAME FLAGS            cp-parent DOM NAME FLAGS
 *   cp-delete DOM NAME FLAGS
 *   cp-hold VAR DOM NAME                keeps a handle across lines
 *   held-cp-xml VAR FLAGS / held-cp-delete VAR FLAGS / held-cp-parent VAR
 *   held-cp-children VAR FLAGS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"

static void
release_checkpoint(gpointer data)
{
    virDomainCheckpointFree(data);
}

/* Looks up DOM NAME; prints the error and returns NULL on failure. */
static virDomainCheckpointPtr
lookup(const char *domname, const char *name)
{
    virDomainPtr dom = goldenDomain(domname);
    virDomainCheckpointPtr cp;

    if (!dom)
        return NULL;
    if (!(cp = virDomainCheckpointLookupByName(dom, name, 0)))
        goldenError();
    virDomainFree(dom);
    return cp;
}

static void
print_list(virDomainCheckpointPtr *list, int n, unsigned int flags)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);

    if (n < 0) {
        goldenError();
        return;
    }
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virDomainCheckpointGetName(list[i])));
        virDomainCheckpointFree(list[i]);
    }
    free(list);
    goldenPrintNames(names, flags & VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL);
}

static void
cp_create(char **argv, int argc, const char *text)
{
    g_autofree char *xml = goldenText(text);
    virDomainCheckpointPtr cp;
    virDomainPtr dom;
    unsigned int flags;

    NEED(3);
    if (!xml || !goldenFlagsArg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    if ((cp = virDomainCheckpointCreateXML(dom, xml, flags))) {
        goldenOk("%s", virDomainCheckpointGetName(cp));
        virDomainCheckpointFree(cp);
    } else {
        goldenError();
    }
    virDomainFree(dom);
}

static void
cp_list(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr *list = NULL;
    virDomainPtr dom;
    unsigned int flags;
    int n;

    (void)text;
    NEED(3);
    if (!goldenFlagsArg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    n = virDomainListAllCheckpoints(dom, &list, flags);
    print_list(list, n, flags);
    virDomainFree(dom);
}

static void
children(virDomainCheckpointPtr cp, const char *flagtext)
{
    virDomainCheckpointPtr *list = NULL;
    unsigned int flags;
    int n;

    if (!goldenFlagsArg(flagtext, &flags))
        return;
    n = virDomainCheckpointListAllChildren(cp, &list, flags);
    print_list(list, n, flags);
}

static void
cp_children(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;

    (void)text;
    NEED(4);
    if (!(cp = lookup(argv[1], argv[2])))
        return;
    children(cp, argv[3]);
    virDomainCheckpointFree(cp);
}

static void
cp_lookup(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;
    virDomainPtr dom;
    unsigned int flags;

    (void)text;
    NEED(4);
    if (!goldenFlagsArg(argv[3], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    if ((cp = virDomainCheckpointLookupByName(dom, argv[2], flags))) {
        goldenOk("%s", virDomainCheckpointGetName(cp));
        virDomainCheckpointFree(cp);
    } else {
        goldenError();
    }
    virDomainFree(dom);
}

static void
parent(virDomainCheckpointPtr cp, const char *flagtext)
{
    virDomainCheckpointPtr p;
    unsigned int flags;

    if (!goldenFlagsArg(flagtext, &flags))
        return;
    if ((p = virDomainCheckpointGetParent(cp, flags))) {
        goldenOk("%s", virDomainCheckpointGetName(p));
        virDomainCheckpointFree(p);
    } else {
        goldenError();
    }
}

static void
cp_parent(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;

    (void)text;
    NEED(4);
    if (!(cp = lookup(argv[1], argv[2])))
        return;
    parent(cp, argv[3]);
    virDomainCheckpointFree(cp);
}

static void
xml_desc(virDomainCheckpointPtr cp, const char *flagtext)
{
    unsigned int flags;
    char *xml;

    if (!goldenFlagsArg(flagtext, &flags))
        return;
    if ((xml = virDomainCheckpointGetXMLDesc(cp, flags))) {
        goldenOk("\n%s", xml);
        free(xml);
    } else {
        goldenError();
    }
}

static void
cp_xml(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;

    (void)text;
    NEED(4);
    if (!(cp = lookup(argv[1], argv[2])))
        return;
    xml_desc(cp, argv[3]);
    virDomainCheckpointFree(cp);
}

static void
delete(virDomainCheckpointPtr cp, const char *flagtext)
{
    unsigned int flags;

    if (!goldenFlagsArg(flagtext, &flags))
        return;
    if (virDomainCheckpointDelete(cp, flags) == 0)
        goldenOk(NULL);
    else
        goldenError();
}

static void
cp_delete(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;

    (void)text;
    NEED(4);
    if (!(cp = lookup(argv[1], argv[2])))
        return;
    delete(cp, argv[3]);
    virDomainCheckpointFree(cp);
}

static void
cp_hold(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;

    (void)text;
    NEED(4);
    if (!(cp = lookup(argv[2], argv[3])))
        return;
    goldenHold(argv[1], cp, release_checkpoint);
    goldenOk(NULL);
}

static void
held_xml(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;

    (void)text;
    NEED(3);
    if ((cp = goldenHeld(argv[1])))
        xml_desc(cp, argv[2]);
}

static void
held_delete(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;

    (void)text;
    NEED(3);
    if ((cp = goldenHeld(argv[1])))
        delete(cp, argv[2]);
}

static void
held_parent(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;

    (void)text;
    NEED(3);
    if ((cp = goldenHeld(argv[1])))
        parent(cp, argv[2]);
}

static void
held_children(char **argv, int argc, const char *text)
{
    virDomainCheckpointPtr cp;

    (void)text;
    NEED(3);
    if ((cp = goldenHeld(argv[1])))
        children(cp, argv[2]);
}

const goldenOp goldenCheckpointOps[] = {
    { "cp-create", cp_create },
    { "cp-list", cp_list },
    { "cp-children", cp_children },
    { "cp-lookup", cp_lookup },
    { "cp-parent", cp_parent },
    { "cp-xml", cp_xml },
    { "cp-delete", cp_delete },
    { "cp-hold", cp_hold },
    { "held-cp-xml", held_xml },
    { "held-cp-delete", held_delete },
    { "held-cp-parent", held_parent },
    { "held-cp-children", held_children },
    { NULL, NULL },
};
