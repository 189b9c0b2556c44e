/*
 * ops-domain.c: domain operations of the API golden runner
 *
 *   dom-list FLAGS                 dom-xml NAME FLAGS
 *   dom-state NAME                 dom-info NAME
 *   dom-define FLAGS : XML|@FILE   dom-undefine NAME FLAGS
 *   dom-start NAME FLAGS           dom-destroy NAME FLAGS
 *   dom-shutdown NAME FLAGS        dom-active NAME / dom-persistent NAME
 *   dom-hold VAR NAME              keeps a domain handle across lines
 *   dom-os-type DOM                dom-autostart DOM
 *   dom-managed-save DOM FLAGS     dom-seclabel DOM
 *   dom-messages DOM FLAGS         node-secmodel          conn-info
 *   keepalive INTERVAL COUNT
 *
 * DOM is a domain name, or =VAR for the handle dom-hold kept (which
 * may name a domain that is gone since).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"

static void
dom_list(char **argv, int argc, const char *text)
{
    virDomainPtr *doms = NULL;
    unsigned int flags;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    int n;

    (void)text;
    NEED(2);
    if (!goldenFlagsArg(argv[1], &flags))
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
    if (!goldenFlagsArg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
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
    if (!xml || !goldenFlagsArg(argv[1], &flags))
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
    if (!goldenFlagsArg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
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

static void
release_domain(gpointer dom)
{
    virDomainFree(dom);
}

static void
dom_hold(char **argv, int argc, const char *text)
{
    virDomainPtr dom;

    (void)text;
    NEED(3);
    if (!(dom = goldenDomain(argv[2])))
        return;
    goldenHold(argv[1], dom, release_domain);
    goldenOk(NULL);
}

/* DOM: a new reference to the named or held domain, or NULL after
 * printing the error. */
static virDomainPtr
dom_arg(const char *arg)
{
    virDomainPtr dom;

    if (arg[0] != '=')
        return goldenDomain(arg);
    if ((dom = goldenHeld(arg + 1)))
        virDomainRef(dom);
    return dom;
}

static void
dom_os_type(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    char *ostype;

    (void)text;
    NEED(2);
    if (!(dom = dom_arg(argv[1])))
        return;
    if ((ostype = virDomainGetOSType(dom))) {
        goldenOk("%s", ostype);
        free(ostype);
    } else {
        goldenError();
    }
    virDomainFree(dom);
}

static void
dom_autostart(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    int autostart;

    (void)text;
    NEED(2);
    if (!(dom = dom_arg(argv[1])))
        return;
    if (virDomainGetAutostart(dom, &autostart) == 0)
        goldenOk("%d", autostart);
    else
        goldenError();
    virDomainFree(dom);
}

static void
dom_managed_save(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags;
    int ret;

    (void)text;
    NEED(3);
    if (!goldenFlagsArg(argv[2], &flags) || !(dom = dom_arg(argv[1])))
        return;
    if ((ret = virDomainHasManagedSaveImage(dom, flags)) >= 0)
        goldenOk("%d", ret);
    else
        goldenError();
    virDomainFree(dom);
}

static void
dom_seclabel(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    virSecurityLabel seclabel;

    (void)text;
    NEED(2);
    if (!(dom = dom_arg(argv[1])))
        return;
    if (virDomainGetSecurityLabel(dom, &seclabel) == 0)
        goldenOk("[%s] %d", seclabel.label, seclabel.enforcing);
    else
        goldenError();
    virDomainFree(dom);
}

/* "ok N", then each message on a line of its own */
static void
dom_messages(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags;
    char **msgs = NULL;
    int n;

    (void)text;
    NEED(3);
    if (!goldenFlagsArg(argv[2], &flags) || !(dom = dom_arg(argv[1])))
        return;
    if ((n = virDomainGetMessages(dom, &msgs, flags)) >= 0) {
        goldenOk("%d", n);
        for (int i = 0; i < n; i++) {
            printf("  %s\n", msgs[i]);
            free(msgs[i]);
        }
        free(msgs);
    } else {
        goldenError();
    }
    virDomainFree(dom);
}

static void
node_secmodel(char **argv, int argc, const char *text)
{
    virSecurityModel secmodel;

    (void)argv;
    (void)argc;
    (void)text;
    if (!goldenConn()) {
        printf("error: no connection\n");
        return;
    }
    if (virNodeGetSecurityModel(goldenConn(), &secmodel) == 0)
        goldenOk("[%s] [%s]", secmodel.model, secmodel.doi);
    else
        goldenError();
}

/* what virsh's version and hostname commands ask of a connection */
static void
conn_info(char **argv, int argc, const char *text)
{
    unsigned long hv = 0;
    unsigned long lib = 0;
    const char *type;
    char *host;

    (void)argv;
    (void)argc;
    (void)text;
    if (!goldenConn()) {
        printf("error: no connection\n");
        return;
    }
    if (!(type = virConnectGetType(goldenConn()))) {
        goldenError();
        return;
    }
    if (virConnectGetVersion(goldenConn(), &hv) < 0 ||
        virConnectGetLibVersion(goldenConn(), &lib) < 0) {
        goldenError();
        return;
    }
    if (!(host = virConnectGetHostname(goldenConn()))) {
        goldenError();
        return;
    }
    goldenOk("%s %lu %lu %s", type, hv, lib, host);
    free(host);
}

static void
keepalive(char **argv, int argc, const char *text)
{
    int ret;

    (void)text;
    NEED(3);
    if (!goldenConn()) {
        printf("error: no connection\n");
        return;
    }
    ret = virConnectSetKeepAlive(goldenConn(), atoi(argv[1]),
                                 (unsigned int)strtoul(argv[2], NULL, 10));
    if (ret >= 0)
        goldenOk("%d", ret);
    else
        goldenError();
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
    { "dom-hold", dom_hold },
    { "dom-os-type", dom_os_type },
    { "dom-autostart", dom_autostart },
    { "dom-managed-save", dom_managed_save },
    { "dom-seclabel", dom_seclabel },
    { "dom-messages", dom_messages },
    { "node-secmodel", node_secmodel },
    { "conn-info", conn_info },
    { "keepalive", keepalive },
    { NULL, NULL },
};
