/*
 * remote_driver_domain.c: the domain methods of the remote driver, the
 * job and backup calls, and the QEMU program's monitor command
 *
 * One small function per method: arguments into the procedure's args
 * struct, the call, the result out of its ret struct. The layouts and
 * numbers are libvirt's (tm_remote_protocol.x), and so are the client
 * side fix-ups libvirt's remote driver makes (a started domain learns
 * its id, a destroyed one forgets it).
 */
#include "remote/remote_driver_priv.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE

/* A call whose result is a domain handle. */
static virDomainPtr
call_domain_ret(virConnectPtr conn, int proc, xdrproc_t af, const void *args)
{
    tm_remote_domain_ret ret = { 0 };
    virDomainPtr dom;

    if (remoteDriverCallProg(conn, TM_REMOTE_PROGRAM, proc, af, args,
                             (xdrproc_t)xdr_tm_remote_domain_ret, &ret) < 0)
        return NULL;
    dom = remoteDriverDomainFromWire(conn, &ret.dom);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_ret, (char *)&ret);
    return dom;
}

/* A call whose only argument is @dom (and @flags with @with_flags) and
 * whose result is one int (NULL @value: no result). */
static int
call_domain(virDomainPtr dom, int proc, bool with_flags, unsigned int flags, int *value)
{
    tm_remote_domain_flags_args fargs = { .flags = flags };
    tm_remote_domain_args args;
    tm_remote_int_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &fargs.dom);
    args.dom = fargs.dom;
    if (remoteDriverCall(dom->conn, proc,
                         with_flags ? (xdrproc_t)xdr_tm_remote_domain_flags_args
                                    : (xdrproc_t)xdr_tm_remote_domain_args,
                         with_flags ? (void *)&fargs : (void *)&args,
                         value ? (xdrproc_t)xdr_tm_remote_int_ret : NULL,
                         value ? &ret : NULL) < 0)
        return -1;
    if (value)
        *value = ret.value;
    return 0;
}

/* A call with @dom and @flags whose result is a string. */
static char *
call_domain_string(virDomainPtr dom, int proc, unsigned int flags)
{
    tm_remote_domain_flags_args args = { .flags = flags };
    tm_remote_xml_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, proc, xdr_tm_remote_domain_flags_args, &args,
                         xdr_tm_remote_xml_ret, &ret) < 0)
        return NULL;
    return ret.xml;
}

/* ---- lookup and definition ---- */

static virDomainPtr
remoteDomainLookupByName(virConnectPtr conn, const char *name)
{
    tm_remote_domain_lookup_by_name_args args = { .name = (char *)name };

    return call_domain_ret(conn, TM_REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
                           (xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args, &args);
}

static virDomainPtr
remoteDomainLookupByID(virConnectPtr conn, int id)
{
    tm_remote_domain_lookup_by_id_args args = { .id = id };

    return call_domain_ret(conn, TM_REMOTE_PROC_DOMAIN_LOOKUP_BY_ID,
                           (xdrproc_t)xdr_tm_remote_domain_lookup_by_id_args, &args);
}

static virDomainPtr
remoteDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    tm_remote_domain_lookup_by_uuid_args args;

    memcpy(args.uuid, uuid, VIR_UUID_BUFLEN);
    return call_domain_ret(conn, TM_REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID,
                           (xdrproc_t)xdr_tm_remote_domain_lookup_by_uuid_args, &args);
}

static virDomainPtr
remoteDomainDefineXML(virConnectPtr conn, const char *xml)
{
    tm_remote_domain_define_xml_args args = { .xml = (char *)xml };

    return call_domain_ret(conn, TM_REMOTE_PROC_DOMAIN_DEFINE_XML,
                           (xdrproc_t)xdr_tm_remote_domain_define_xml_args, &args);
}

static virDomainPtr
remoteDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    tm_remote_domain_define_xml_flags_args args = { .xml = (char *)xml, .flags = flags };

    return call_domain_ret(conn, TM_REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS,
                           (xdrproc_t)xdr_tm_remote_domain_define_xml_flags_args, &args);
}

static virDomainPtr
remoteDomainCreateXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    tm_remote_domain_create_xml_args args = { .xml_desc = (char *)xml, .flags = flags };

    return call_domain_ret(conn, TM_REMOTE_PROC_DOMAIN_CREATE_XML,
                           (xdrproc_t)xdr_tm_remote_domain_create_xml_args, &args);
}

static int
remoteDomainUndefine(virDomainPtr dom)
{
    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_UNDEFINE, false, 0, NULL);
}

static int
remoteDomainUndefineFlags(virDomainPtr dom, unsigned int flags)
{
    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS, true, flags, NULL);
}

/* ---- life cycle ---- */

static int
remoteDomainCreate(virDomainPtr dom)
{
    tm_remote_domain_lookup_by_uuid_args args;
    tm_remote_domain_ret ret = { 0 };

    if (call_domain(dom, TM_REMOTE_PROC_DOMAIN_CREATE, false, 0, NULL) < 0)
        return -1;
    /* DOMAIN_CREATE returns nothing: libvirt's client looks the domain
     * up again to learn the id it started with */
    memcpy(args.uuid, dom->uuid, VIR_UUID_BUFLEN);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID,
                         xdr_tm_remote_domain_lookup_by_uuid_args, &args,
                         xdr_tm_remote_domain_ret, &ret) < 0)
        return -1;
    dom->id = ret.dom.id;
    xdr_free((xdrproc_t)xdr_tm_remote_domain_ret, (char *)&ret);
    return 0;
}

static int
remoteDomainCreateWithFlags(virDomainPtr dom, unsigned int flags)
{
    tm_remote_domain_flags_args args = { .flags = flags };
    tm_remote_domain_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS,
                         xdr_tm_remote_domain_flags_args, &args,
                         xdr_tm_remote_domain_ret, &ret) < 0)
        return -1;
    dom->id = ret.dom.id;
    xdr_free((xdrproc_t)xdr_tm_remote_domain_ret, (char *)&ret);
    return 0;
}

static int
remoteDomainDestroy(virDomainPtr dom)
{
    if (call_domain(dom, TM_REMOTE_PROC_DOMAIN_DESTROY, false, 0, NULL) < 0)
        return -1;
    dom->id = -1;
    return 0;
}

static int
remoteDomainDestroyFlags(virDomainPtr dom, unsigned int flags)
{
    if (call_domain(dom, TM_REMOTE_PROC_DOMAIN_DESTROY_FLAGS, true, flags, NULL) < 0)
        return -1;
    dom->id = -1;
    return 0;
}

static int
remoteDomainShutdown(virDomainPtr dom)
{
    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_SHUTDOWN, false, 0, NULL);
}

static int
remoteDomainShutdownFlags(virDomainPtr dom, unsigned int flags)
{
    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS, true, flags, NULL);
}

static int
remoteDomainSuspend(virDomainPtr dom)
{
    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_SUSPEND, false, 0, NULL);
}

static int
remoteDomainResume(virDomainPtr dom)
{
    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_RESUME, false, 0, NULL);
}

static int
remoteDomainQemuMonitorCommand(virDomainPtr dom, const char *cmd, char **result,
                               unsigned int flags)
{
    tm_qemu_domain_monitor_command_args args = { .cmd = (char *)cmd, .flags = flags };
    tm_qemu_domain_monitor_command_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCallProg(dom->conn, TM_QEMU_PROGRAM, TM_QEMU_PROC_DOMAIN_MONITOR_COMMAND,
                             (xdrproc_t)xdr_tm_qemu_domain_monitor_command_args, &args,
                             (xdrproc_t)xdr_tm_qemu_domain_monitor_command_ret, &ret) < 0)
        return -1;
    *result = ret.result;
    return 0;
}

/* ---- queries ---- */

static char *
remoteDomainGetXMLDesc(virDomainPtr dom, unsigned int flags)
{
    return call_domain_string(dom, TM_REMOTE_PROC_DOMAIN_GET_XML_DESC, flags);
}

static int
remoteDomainGetInfo(virDomainPtr dom, virDomainInfoPtr info)
{
    tm_remote_domain_args args;
    tm_remote_domain_get_info_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_GET_INFO, xdr_tm_remote_domain_args,
                         &args, xdr_tm_remote_domain_get_info_ret, &ret) < 0)
        return -1;
    info->state = ret.state;
    info->maxMem = ret.maxMem;
    info->memory = ret.memory;
    info->nrVirtCpu = ret.nrVirtCpu;
    info->cpuTime = ret.cpuTime;
    return 0;
}

static int
remoteDomainGetState(virDomainPtr dom, int *state, int *reason, unsigned int flags)
{
    tm_remote_domain_flags_args args = { .flags = flags };
    tm_remote_domain_get_state_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_GET_STATE,
                         xdr_tm_remote_domain_flags_args, &args,
                         xdr_tm_remote_domain_get_state_ret, &ret) < 0)
        return -1;
    *state = ret.state;
    if (reason)
        *reason = ret.reason;
    return 0;
}

static int
remoteDomainIsActive(virDomainPtr dom)
{
    int value;

    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_IS_ACTIVE, false, 0, &value) < 0 ? -1 : value;
}

static int
remoteDomainIsPersistent(virDomainPtr dom)
{
    int value;

    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_IS_PERSISTENT, false, 0, &value) < 0 ? -1 : value;
}

static int
remoteDomainGetAutostart(virDomainPtr dom, int *autostart)
{
    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_GET_AUTOSTART, false, 0, autostart);
}

static int
remoteDomainHasManagedSaveImage(virDomainPtr dom, unsigned int flags)
{
    int value;

    if (call_domain(dom, TM_REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE, true, flags, &value) < 0)
        return -1;
    return value;
}

static char *
remoteDomainGetOSType(virDomainPtr dom)
{
    tm_remote_domain_args args;
    tm_remote_domain_get_os_type_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_GET_OS_TYPE, xdr_tm_remote_domain_args,
                         &args, xdr_tm_remote_domain_get_os_type_ret, &ret) < 0)
        return NULL;
    return ret.type;
}

static int
remoteDomainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr seclabel)
{
    tm_remote_domain_args args;
    tm_remote_domain_get_security_label_ret ret = { 0 };
    int rc = -1;

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL,
                         xdr_tm_remote_domain_args, &args,
                         xdr_tm_remote_domain_get_security_label_ret, &ret) < 0)
        return -1;
    memset(seclabel, 0, sizeof(*seclabel));
    /* the label travels with its NUL */
    if (ret.label.label_len > sizeof(seclabel->label)) {
        virReportError(VIR_ERR_RPC, "security label exceeds maximum: %zu",
                       sizeof(seclabel->label) - 1);
        goto out;
    }
    if (ret.label.label_len)
        g_strlcpy(seclabel->label, ret.label.label_val, sizeof(seclabel->label));
    seclabel->enforcing = ret.enforcing;
    rc = 0;

 out:
    xdr_free((xdrproc_t)xdr_tm_remote_domain_get_security_label_ret, (char *)&ret);
    return rc;
}

static int
remoteDomainGetMessages(virDomainPtr dom, char ***msgs, unsigned int flags)
{
    tm_remote_domain_flags_args args = { .flags = flags };
    tm_remote_domain_get_messages_ret ret = { 0 };
    char **list;
    unsigned int i;

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_GET_MESSAGES,
                         xdr_tm_remote_domain_flags_args, &args,
                         xdr_tm_remote_domain_get_messages_ret, &ret) < 0)
        return -1;
    list = g_new0(char *, ret.msgs.msgs_len + 1);
    for (i = 0; i < ret.msgs.msgs_len; i++)
        list[i] = g_steal_pointer(&ret.msgs.msgs_val[i]);
    *msgs = list;
    xdr_free((xdrproc_t)xdr_tm_remote_domain_get_messages_ret, (char *)&ret);
    return i;
}

/* ---- jobs and backups ---- */

static int
remoteDomainGetJobInfo(virDomainPtr dom, virDomainJobInfoPtr info)
{
    tm_remote_domain_args args;
    tm_remote_domain_get_job_info_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_GET_JOB_INFO, xdr_tm_remote_domain_args,
                         &args, xdr_tm_remote_domain_get_job_info_ret, &ret) < 0)
        return -1;
    info->type = ret.type;
    info->timeElapsed = ret.timeElapsed;
    info->timeRemaining = ret.timeRemaining;
    info->dataTotal = ret.dataTotal;
    info->dataProcessed = ret.dataProcessed;
    info->dataRemaining = ret.dataRemaining;
    info->memTotal = ret.memTotal;
    info->memProcessed = ret.memProcessed;
    info->memRemaining = ret.memRemaining;
    info->fileTotal = ret.fileTotal;
    info->fileProcessed = ret.fileProcessed;
    info->fileRemaining = ret.fileRemaining;
    return 0;
}

int
remoteDriverTypedParamsFromWire(const tm_remote_typed_param *wire, unsigned int n,
                       virTypedParameterPtr *params, int *nparams)
{
    virTypedParameterPtr out = g_new0(virTypedParameter, n ? n : 1);
    unsigned int i;

    for (i = 0; i < n; i++) {
        const tm_remote_typed_param_value *v = &wire[i].value;

        if (g_strlcpy(out[i].field, wire[i].field, VIR_TYPED_PARAM_FIELD_LENGTH) >=
            VIR_TYPED_PARAM_FIELD_LENGTH) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "Parameter %s too big for destination",
                           wire[i].field);
            goto error;
        }
        out[i].type = v->type;
        switch (v->type) {
        case TM_REMOTE_TYPED_PARAM_INT: out[i].value.i = v->tm_remote_typed_param_value_u.i; break;
        case TM_REMOTE_TYPED_PARAM_UINT: out[i].value.ui = v->tm_remote_typed_param_value_u.ui; break;
        case TM_REMOTE_TYPED_PARAM_LLONG: out[i].value.l = v->tm_remote_typed_param_value_u.l; break;
        case TM_REMOTE_TYPED_PARAM_ULLONG: out[i].value.ul = v->tm_remote_typed_param_value_u.ul; break;
        case TM_REMOTE_TYPED_PARAM_DOUBLE: out[i].value.d = v->tm_remote_typed_param_value_u.d; break;
        case TM_REMOTE_TYPED_PARAM_BOOLEAN: out[i].value.b = v->tm_remote_typed_param_value_u.b; break;
        case TM_REMOTE_TYPED_PARAM_STRING:
            out[i].value.s = g_strdup(v->tm_remote_typed_param_value_u.s);
            break;
        default:
            virReportError(VIR_ERR_INTERNAL_ERROR, "unknown parameter type: %d", v->type);
            goto error;
        }
    }
    *params = out;
    *nparams = n;
    return 0;

 error:
    virTypedParamsFree(out, i);
    return -1;
}

static int
remoteDomainGetJobStats(virDomainPtr dom, int *type, virTypedParameterPtr *params,
                        int *nparams, unsigned int flags)
{
    tm_remote_domain_flags_args args = { .flags = flags };
    tm_remote_domain_get_job_stats_ret ret = { 0 };
    int rc;

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_GET_JOB_STATS,
                         xdr_tm_remote_domain_flags_args, &args,
                         xdr_tm_remote_domain_get_job_stats_ret, &ret) < 0)
        return -1;
    *type = ret.type;
    rc = remoteDriverTypedParamsFromWire(ret.params.params_val, ret.params.params_len, params, nparams);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_get_job_stats_ret, (char *)&ret);
    return rc;
}

static int
remoteDomainAbortJob(virDomainPtr dom)
{
    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_ABORT_JOB, false, 0, NULL);
}

static int
remoteDomainGetBlockJobInfo(virDomainPtr dom, const char *disk, virDomainBlockJobInfoPtr info,
                            unsigned int flags)
{
    tm_remote_domain_get_block_job_info_args args = { .path = (char *)disk, .flags = flags };
    tm_remote_domain_get_block_job_info_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_GET_BLOCK_JOB_INFO,
                         xdr_tm_remote_domain_get_block_job_info_args, &args,
                         xdr_tm_remote_domain_get_block_job_info_ret, &ret) < 0)
        return -1;
    if (!ret.found)
        return 0;
    info->type = ret.type;
    info->bandwidth = ret.bandwidth;
    info->cur = ret.cur;
    info->end = ret.end;
    return 1;
}

/* FSFreeze (@freeze) or FSThaw */
static int
fs_freeze_thaw(virDomainPtr dom, const char **mountpoints, unsigned int nmountpoints,
               unsigned int flags, bool freeze)
{
    tm_remote_domain_fsfreeze_args args = {
        .mountpoints = { nmountpoints, (char **)mountpoints },
        .flags = flags,
    };
    tm_remote_domain_fsfreeze_ret ret = { 0 };

    if (nmountpoints > TM_REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX) {
        virReportError(VIR_ERR_RPC, "Too many mountpoints: %u > %d", nmountpoints,
                       TM_REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX);
        return -1;
    }
    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn,
                         freeze ? TM_REMOTE_PROC_DOMAIN_FSFREEZE : TM_REMOTE_PROC_DOMAIN_FSTHAW,
                         xdr_tm_remote_domain_fsfreeze_args, &args,
                         xdr_tm_remote_domain_fsfreeze_ret, &ret) < 0)
        return -1;
    return ret.filesystems;
}

static int
remoteDomainFSFreeze(virDomainPtr dom, const char **mountpoints, unsigned int nmountpoints,
                     unsigned int flags)
{
    return fs_freeze_thaw(dom, mountpoints, nmountpoints, flags, true);
}

static int
remoteDomainFSThaw(virDomainPtr dom, const char **mountpoints, unsigned int nmountpoints,
                   unsigned int flags)
{
    return fs_freeze_thaw(dom, mountpoints, nmountpoints, flags, false);
}

static int
remoteDomainAbortJobFlags(virDomainPtr dom, unsigned int flags)
{
    return call_domain(dom, TM_REMOTE_PROC_DOMAIN_ABORT_JOB_FLAGS, true, flags, NULL);
}

static int
remoteDomainBackupBegin(virDomainPtr dom, const char *backup_xml, const char *checkpoint_xml,
                        unsigned int flags)
{
    char *cp = (char *)checkpoint_xml;
    tm_remote_domain_backup_begin_args args = {
        .backup_xml = (char *)backup_xml,
        .checkpoint_xml = checkpoint_xml ? &cp : NULL,
        .flags = flags,
    };

    remoteDriverDomainToWire(dom, &args.dom);
    return remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_BACKUP_BEGIN,
                            xdr_tm_remote_domain_backup_begin_args, &args, NULL, NULL);
}

static char *
remoteDomainBackupGetXMLDesc(virDomainPtr dom, unsigned int flags)
{
    return call_domain_string(dom, TM_REMOTE_PROC_DOMAIN_BACKUP_GET_XML_DESC, flags);
}

void
remoteDriverFillDomain(virConnectDriver *drv)
{
    drv->domainLookupByName = remoteDomainLookupByName;
    drv->domainLookupByID = remoteDomainLookupByID;
    drv->domainLookupByUUID = remoteDomainLookupByUUID;
    drv->domainDefineXML = remoteDomainDefineXML;
    drv->domainDefineXMLFlags = remoteDomainDefineXMLFlags;
    drv->domainUndefine = remoteDomainUndefine;
    drv->domainUndefineFlags = remoteDomainUndefineFlags;
    drv->domainCreate = remoteDomainCreate;
    drv->domainCreateWithFlags = remoteDomainCreateWithFlags;
    drv->domainCreateXML = remoteDomainCreateXML;
    drv->domainDestroy = remoteDomainDestroy;
    drv->domainDestroyFlags = remoteDomainDestroyFlags;
    drv->domainShutdown = remoteDomainShutdown;
    drv->domainShutdownFlags = remoteDomainShutdownFlags;
    drv->domainQemuMonitorCommand = remoteDomainQemuMonitorCommand;
    drv->domainSuspend = remoteDomainSuspend;
    drv->domainResume = remoteDomainResume;
    drv->domainGetXMLDesc = remoteDomainGetXMLDesc;
    drv->domainGetInfo = remoteDomainGetInfo;
    drv->domainGetState = remoteDomainGetState;
    drv->domainIsActive = remoteDomainIsActive;
    drv->domainIsPersistent = remoteDomainIsPersistent;
    drv->domainGetOSType = remoteDomainGetOSType;
    drv->domainGetAutostart = remoteDomainGetAutostart;
    drv->domainHasManagedSaveImage = remoteDomainHasManagedSaveImage;
    drv->domainGetSecurityLabel = remoteDomainGetSecurityLabel;
    drv->domainGetMessages = remoteDomainGetMessages;
    drv->domainGetJobInfo = remoteDomainGetJobInfo;
    drv->domainGetJobStats = remoteDomainGetJobStats;
    drv->domainAbortJob = remoteDomainAbortJob;
    drv->domainAbortJobFlags = remoteDomainAbortJobFlags;
    drv->domainGetBlockJobInfo = remoteDomainGetBlockJobInfo;
    drv->domainFSFreeze = remoteDomainFSFreeze;
    drv->domainFSThaw = remoteDomainFSThaw;
    drv->domainBackupBegin = remoteDomainBackupBegin;
    drv->domainBackupGetXMLDesc = remoteDomainBackupGetXMLDesc;
}
