/*
 * remote_dispatch_domain.c: the domain procedures of the remote program
 * and the QEMU program's monitor command
 */
#include "remote/remote_dispatch_priv.h"
#include <tidemark/tidemark-qemu.h>

#define VIR_FROM_THIS VIR_FROM_RPC

/* Answers with @dom (a new reference, or NULL after a failed call). */
static int
reply_domain(virDomainPtr dom, tm_remote_domain_ret *ret)
{
    if (!dom)
        return -1;
    remoteMakeDomain(&ret->dom, dom);
    virDomainFree(dom);
    return 0;
}

static int
dispatch_lookup_by_id(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_lookup_by_id_args *args = a;

    return reply_domain(virDomainLookupByID(conn, args->id), r);
}

static int
dispatch_lookup_by_name(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_lookup_by_name_args *args = a;

    return reply_domain(virDomainLookupByName(conn, args->name), r);
}

static int
dispatch_lookup_by_uuid(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_lookup_by_uuid_args *args = a;

    return reply_domain(virDomainLookupByUUID(conn, (const unsigned char *)args->uuid), r);
}

static int
dispatch_define_xml(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_define_xml_args *args = a;

    return reply_domain(virDomainDefineXML(conn, args->xml), r);
}

static int
dispatch_define_xml_flags(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_define_xml_flags_args *args = a;

    return reply_domain(virDomainDefineXMLFlags(conn, args->xml, args->flags), r);
}

static int
dispatch_create_xml(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_create_xml_args *args = a;

    return reply_domain(virDomainCreateXML(conn, args->xml_desc, args->flags), r);
}

static int
dispatch_list_all(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_list_all_domains_args *args = a;
    tm_remote_connect_list_all_domains_ret *ret = r;
    virDomainPtr *doms = NULL;
    int n, i;

    n = virConnectListAllDomains(conn, args->need_results ? &doms : NULL, args->flags);
    if (n < 0)
        return -1;
    if (n > TM_REMOTE_DOMAIN_LIST_MAX) {
        virReportError(VIR_ERR_RPC, "Too many domains '%d' for limit '%d'",
                       n, TM_REMOTE_DOMAIN_LIST_MAX);
        n = -1;
    } else if (doms) {
        ret->domains.domains_len = n;
        ret->domains.domains_val = g_new0(tm_remote_nonnull_domain, n);
        for (i = 0; i < n; i++)
            remoteMakeDomain(&ret->domains.domains_val[i], doms[i]);
    }
    for (i = 0; doms && doms[i]; i++)
        virDomainFree(doms[i]);
    g_free(doms);
    ret->ret = n;
    return n < 0 ? -1 : 0;
}

/* The procedures whose only argument is the domain (and flags) and whose
 * API returns 0 or -1: one handler each, from one pattern. */
#define DOMAIN_ACTION(fn, api) \
    static int fn(remoteClientState *state, virConnectPtr conn, void *a, void *r) \
    { \
        tm_remote_domain_args *args = a; \
        g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom); \
        return dom ? api(dom) : -1; \
    }
#define DOMAIN_FLAGS_ACTION(fn, api) \
    static int fn(remoteClientState *state, virConnectPtr conn, void *a, void *r) \
    { \
        tm_remote_domain_flags_args *args = a; \
        g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom); \
        return dom ? api(dom, args->flags) : -1; \
    }
DOMAIN_ACTION(dispatch_create, virDomainCreate)
DOMAIN_ACTION(dispatch_destroy, virDomainDestroy)
DOMAIN_ACTION(dispatch_undefine, virDomainUndefine)
DOMAIN_ACTION(dispatch_shutdown, virDomainShutdown)
DOMAIN_ACTION(dispatch_suspend, virDomainSuspend)
DOMAIN_ACTION(dispatch_resume, virDomainResume)
DOMAIN_FLAGS_ACTION(dispatch_destroy_flags, virDomainDestroyFlags)
DOMAIN_FLAGS_ACTION(dispatch_undefine_flags, virDomainUndefineFlags)
DOMAIN_FLAGS_ACTION(dispatch_shutdown_flags, virDomainShutdownFlags)

/* ... and those answering one int (a 0/1 or a count) */
#define DOMAIN_INT_QUERY(fn, api) \
    static int fn(remoteClientState *state, virConnectPtr conn, void *a, void *r) \
    { \
        tm_remote_domain_args *args = a; \
        tm_remote_int_ret *ret = r; \
        g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom); \
        if (!dom || (ret->value = api(dom)) < 0) \
            return -1; \
        return 0; \
    }
DOMAIN_INT_QUERY(dispatch_is_active, virDomainIsActive)
DOMAIN_INT_QUERY(dispatch_is_persistent, virDomainIsPersistent)

static int
dispatch_has_managed_save(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    tm_remote_int_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    if (!dom || (ret->value = virDomainHasManagedSaveImage(dom, args->flags)) < 0)
        return -1;
    return 0;
}

static int
dispatch_create_with_flags(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    tm_remote_domain_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    /* the handle comes back with the id the start gave it */
    if (!dom || virDomainCreateWithFlags(dom, args->flags) < 0)
        return -1;
    remoteMakeDomain(&ret->dom, dom);
    return 0;
}

static int
dispatch_get_xml_desc(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    tm_remote_xml_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    return dom && (ret->xml = virDomainGetXMLDesc(dom, args->flags)) ? 0 : -1;
}

static int
dispatch_get_info(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_args *args = a;
    tm_remote_domain_get_info_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);
    virDomainInfo info = { 0 };

    if (!dom || virDomainGetInfo(dom, &info) < 0)
        return -1;
    ret->state = info.state;
    ret->maxMem = info.maxMem;
    ret->memory = info.memory;
    ret->nrVirtCpu = info.nrVirtCpu;
    ret->cpuTime = info.cpuTime;
    return 0;
}

static int
dispatch_get_state(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    tm_remote_domain_get_state_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    return dom ? virDomainGetState(dom, &ret->state, &ret->reason, args->flags) : -1;
}

static int
dispatch_get_autostart(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_args *args = a;
    tm_remote_int_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    return dom ? virDomainGetAutostart(dom, &ret->value) : -1;
}

static int
dispatch_get_os_type(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_args *args = a;
    tm_remote_domain_get_os_type_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    return dom && (ret->type = virDomainGetOSType(dom)) ? 0 : -1;
}

static int
dispatch_get_security_label(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_args *args = a;
    tm_remote_domain_get_security_label_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);
    virSecurityLabel label = { 0 };

    if (!dom || virDomainGetSecurityLabel(dom, &label) < 0)
        return -1;
    /* libvirtd sends the label with its NUL */
    ret->label.label_len = strlen(label.label) + 1;
    ret->label.label_val = g_strdup(label.label);
    ret->enforcing = label.enforcing;
    return 0;
}

static int
dispatch_get_messages(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    tm_remote_domain_get_messages_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);
    char **msgs = NULL;
    int n;

    if (!dom || (n = virDomainGetMessages(dom, &msgs, args->flags)) < 0)
        return -1;
    /* the API's array becomes the reply's: xdr_free releases it */
    ret->msgs.msgs_len = n;
    ret->msgs.msgs_val = msgs;
    return 0;
}

static int
dispatch_qemu_monitor_command(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_qemu_domain_monitor_command_args *args = a;
    tm_qemu_domain_monitor_command_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    return dom ? virDomainQemuMonitorCommand(dom, args->cmd, &ret->result, args->flags) : -1;
}

#define E REMOTE_PROC_ENTRY
const remoteProcedure remoteDomainProcs[] = {
    E(TM_REMOTE_PROC_DOMAIN_LOOKUP_BY_ID, tm_remote_domain_lookup_by_id_args,
      tm_remote_domain_ret, dispatch_lookup_by_id, false),
    E(TM_REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, tm_remote_domain_lookup_by_name_args,
      tm_remote_domain_ret, dispatch_lookup_by_name, false),
    E(TM_REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID, tm_remote_domain_lookup_by_uuid_args,
      tm_remote_domain_ret, dispatch_lookup_by_uuid, false),
    E(TM_REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS, tm_remote_connect_list_all_domains_args,
      tm_remote_connect_list_all_domains_ret, dispatch_list_all, false),
    E(TM_REMOTE_PROC_DOMAIN_DEFINE_XML, tm_remote_domain_define_xml_args,
      tm_remote_domain_ret, dispatch_define_xml, false),
    E(TM_REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS, tm_remote_domain_define_xml_flags_args,
      tm_remote_domain_ret, dispatch_define_xml_flags, false),
    E(TM_REMOTE_PROC_DOMAIN_CREATE_XML, tm_remote_domain_create_xml_args,
      tm_remote_domain_ret, dispatch_create_xml, false),
    E(TM_REMOTE_PROC_DOMAIN_UNDEFINE, tm_remote_domain_args, remote_void,
      dispatch_undefine, false),
    E(TM_REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS, tm_remote_domain_flags_args, remote_void,
      dispatch_undefine_flags, false),
    E(TM_REMOTE_PROC_DOMAIN_CREATE, tm_remote_domain_args, remote_void,
      dispatch_create, false),
    E(TM_REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS, tm_remote_domain_flags_args,
      tm_remote_domain_ret, dispatch_create_with_flags, false),
    E(TM_REMOTE_PROC_DOMAIN_DESTROY, tm_remote_domain_args, remote_void,
      dispatch_destroy, false),
    E(TM_REMOTE_PROC_DOMAIN_DESTROY_FLAGS, tm_remote_domain_flags_args, remote_void,
      dispatch_destroy_flags, false),
    E(TM_REMOTE_PROC_DOMAIN_SHUTDOWN, tm_remote_domain_args, remote_void,
      dispatch_shutdown, false),
    E(TM_REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS, tm_remote_domain_flags_args, remote_void,
      dispatch_shutdown_flags, false),
    E(TM_REMOTE_PROC_DOMAIN_SUSPEND, tm_remote_domain_args, remote_void,
      dispatch_suspend, false),
    E(TM_REMOTE_PROC_DOMAIN_RESUME, tm_remote_domain_args, remote_void,
      dispatch_resume, false),
    E(TM_REMOTE_PROC_DOMAIN_GET_XML_DESC, tm_remote_domain_flags_args, tm_remote_xml_ret,
      dispatch_get_xml_desc, false),
    E(TM_REMOTE_PROC_DOMAIN_GET_INFO, tm_remote_domain_args, tm_remote_domain_get_info_ret,
      dispatch_get_info, false),
    E(TM_REMOTE_PROC_DOMAIN_GET_STATE, tm_remote_domain_flags_args,
      tm_remote_domain_get_state_ret, dispatch_get_state, false),
    E(TM_REMOTE_PROC_DOMAIN_IS_ACTIVE, tm_remote_domain_args, tm_remote_int_ret,
      dispatch_is_active, false),
    E(TM_REMOTE_PROC_DOMAIN_IS_PERSISTENT, tm_remote_domain_args, tm_remote_int_ret,
      dispatch_is_persistent, false),
    E(TM_REMOTE_PROC_DOMAIN_GET_AUTOSTART, tm_remote_domain_args, tm_remote_int_ret,
      dispatch_get_autostart, false),
    E(TM_REMOTE_PROC_DOMAIN_GET_OS_TYPE, tm_remote_domain_args,
      tm_remote_domain_get_os_type_ret, dispatch_get_os_type, false),
    E(TM_REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE, tm_remote_domain_flags_args,
      tm_remote_int_ret, dispatch_has_managed_save, false),
    E(TM_REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL, tm_remote_domain_args,
      tm_remote_domain_get_security_label_ret, dispatch_get_security_label, false),
    E(TM_REMOTE_PROC_DOMAIN_GET_MESSAGES, tm_remote_domain_flags_args,
      tm_remote_domain_get_messages_ret, dispatch_get_messages, false),
};
const size_t remoteDomainProcsCount = G_N_ELEMENTS(remoteDomainProcs);

const remoteProcedure remoteQemuProcs[] = {
    E(TM_QEMU_PROC_DOMAIN_MONITOR_COMMAND, tm_qemu_domain_monitor_command_args,
      tm_qemu_domain_monitor_command_ret, dispatch_qemu_monitor_command, false),
};
const size_t remoteQemuProcsCount = G_N_ELEMENTS(remoteQemuProcs);
#undef E
