/*
 * ops-domain.c: domain operations of the API golden runner
 *
 *   dom-list FLAGS                 dom-xml NAME FLAGS
 *   dom-state NAME                 dom-info NAME
 *   dom-define FLAGS : XML|@FILE   dom-undefine NAME FLAGS
 *   dom-start NAME FLAGS           dom-destroy NAME FLAGS
 *   dom-shutdown NAME FLAGS        dom-active NAME / dom-persistent NAME
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

#define NEED(n) \
    do { \
        if (argc < (n)) { \
            printf("error: usage\n"); \
            return; \
        } \
    } while (0)

static bool
flags_arg(const char *text, unsigned int *flags)
{
    if (goldenFlags(text, flags) < 0) {
        printf("error: bad flags %s\n", text);
        return false;
    }
    return true;
}

static void
dom_list(char **argv, int argc, const char *text)
{
    virDomainPtr *doms = NULL;
    unsigned int flags;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    int n;

    (void)text;
    NEED(2);
    if (!flags_arg(argv[1], &flags))
        return;
    if ((n = virConnectListAllDomains(goldenConn(), &doms, flags)) < 0) {
        goldenError();
        return;
    }
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(names, g_strdup(virDomainGetName(doms[i])));
        virDomainFree(doms[i]);
    }
    free(doms);
    goldenPrintNames(names, false);
}

static void
dom_xml(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags;
    char *xml;

    (void)text;
    NEED(3);
    if (!flags_arg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    if ((xml = virDomainGetXMLDesc(dom, flags))) {
        goldenOk("\n%s", xml);
        free(xml);
    } else {
        goldenError();
    }
    virDomainFree(dom);
}

static void
dom_state(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    int state;
    int reason;

    (void)text;
    NEED(2);
    if (!(dom = goldenDomain(argv[1])))
        return;
    if (virDomainGetState(dom, &state, &reason, 0) == 0)
        goldenOk("%d %d", state, reason);
    else
        goldenError();
    virDomainFree(dom);
}

static void
dom_info(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    virDomainInfo info;

    (void)text;
    NEED(2);
    if (!(dom = goldenDomain(argv[1])))
        return;
    /* cpuTime is the wall clock on the test driver: left out */
    if (virDomainGetInfo(dom, &info) == 0)
        goldenOk("%d %lu %lu %d", info.state, info.maxMem, info.memory, info.nrVirtCpu);
    else
        goldenError();
    virDomainFree(dom);
}

static void
dom_define(char **argv, int argc, const char *text)
{
    g_autofree char *xml = goldenText(text);
    unsigned int flags;
    virDomainPtr dom;

    NEED(2);
    if (!xml || !flags_arg(argv[1], &flags))
        return;
    if ((dom = virDomainDefineXMLFlags(goldenConn(), xml, flags))) {
        goldenOk("%s", virDomainGetName(dom));
        virDomainFree(dom);
    } else {
        goldenError();
    }
}

typedef int (*dom_action)(virDomainPtr dom, unsigned int flags);

static void
run_action(char **argv, int argc, dom_action action)
{
    virDomainPtr dom;
    unsigned int flags;

    NEED(3);
    if (!flags_arg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    if (action(dom, flags) == 0)
        goldenOk("id=%d", virDomainGetID(dom));
    else
        goldenError();
    virDomainFree(dom);
}

static void
dom_undefine(char **argv, int argc, const char *text)
{
    (void)text;
    run_action(argv, argc, virDomainUndefineFlags);
}

static void
dom_start(char **argv, int argc, const char *text)
{
    (void)text;
    run_action(argv, argc, virDomainCreateWithFlags);
}

static void
dom_destroy(char **argv, int argc, const char *text)
{
    (void)text;
    run_action(argv, argc, virDomainDestroyFlags);
}

static void
dom_shutdown(char **argv, int argc, const char *text)
{
    (void)text;
    run_action(argv, argc, virDomainShutdownFlags);
}

static void
dom_bool(char **argv, int argc, int (*query)(virDomainPtr))
{
    virDomainPtr dom;
    int ret;

    NEED(2);
    if (!(dom = goldenDomain(argv[1])))
        return;
    if ((ret = query(dom)) >= 0)
        goldenOk("%d", ret);
    else
        goldenError();
    virDomainFree(dom);
}

static void
dom_active(char **argv, int argc, const char *text)
{
    (void)text;
    dom_bool(argv, argc, virDomainIsActive);
}

static void
dom_persistent(char **argv, int argc, const char *text)
{
    (void)text;
    dom_bool(argv, argc, virDomainIsPersistent);
}

const goldenOp goldenDomainOps[] = {
    { "dom-list", dom_list },
    { "dom-xml", dom_xml },
    { "dom-state", dom_state },
    { "dom-info", dom_info },
    { "dom-define", dom_define },
    { "dom-undefine", dom_undefine },
    { "dom-start", dom_start },
    { "dom-destroy", dom_destroy },
    { "dom-shutdown", dom_shutdown },
    { "dom-active", dom_active },
    { "dom-persistent", dom_persistent },
    { NULL, NULL },
};
