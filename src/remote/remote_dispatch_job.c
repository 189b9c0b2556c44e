/*
 * remote_dispatch_job.c: the job and backup procedures
 */
#include "remote/remote_dispatch_priv.h"

#define VIR_FROM_THIS VIR_FROM_RPC

static int
dispatch_get_job_info(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_args *args = a;
    tm_remote_domain_get_job_info_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);
    virDomainJobInfo info = { 0 };

    if (!dom || virDomainGetJobInfo(dom, &info) < 0)
        return -1;
    ret->type = info.type;
    ret->timeElapsed = info.timeElapsed;
    ret->timeRemaining = info.timeRemaining;
    ret->dataTotal = info.dataTotal;
    ret->dataProcessed = info.dataProcessed;
    ret->dataRemaining = info.dataRemaining;
    ret->memTotal = info.memTotal;
    ret->memProcessed = info.memProcessed;
    ret->memRemaining = info.memRemaining;
    ret->fileTotal = info.fileTotal;
    ret->fileProcessed = info.fileProcessed;
    ret->fileRemaining = info.fileRemaining;
    return 0;
}

bool
remoteTypedParamToWire(const virTypedParameter *p, tm_remote_typed_param *out)
{
    out->field = g_strdup(p->field);
    out->value.type = p->type;
    switch (p->type) {
    case VIR_TYPED_PARAM_INT:
        out->value.tm_remote_typed_param_value_u.i = p->value.i;
        return true;
    case VIR_TYPED_PARAM_UINT:
        out->value.tm_remote_typed_param_value_u.ui = p->value.ui;
        return true;
    case VIR_TYPED_PARAM_LLONG:
        out->value.tm_remote_typed_param_value_u.l = p->value.l;
        return true;
    case VIR_TYPED_PARAM_ULLONG:
        out->value.tm_remote_typed_param_value_u.ul = p->value.ul;
        return true;
    case VIR_TYPED_PARAM_DOUBLE:
        out->value.tm_remote_typed_param_value_u.d = p->value.d;
        return true;
    case VIR_TYPED_PARAM_BOOLEAN:
        out->value.tm_remote_typed_param_value_u.b = p->value.b;
        return true;
    case VIR_TYPED_PARAM_STRING:
        out->value.tm_remote_typed_param_value_u.s = g_strdup(p->value.s);
        return true;
    }
    return false;
}

static int
dispatch_get_job_stats(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    tm_remote_domain_get_job_stats_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    int rv = 0;
    int i;

    if (!dom || virDomainGetJobStats(dom, &ret->type, &params, &nparams, args->flags) < 0)
        return -1;
    if (nparams > TM_REMOTE_DOMAIN_JOB_STATS_MAX) {
        virReportError(VIR_ERR_RPC, "Too many job stats '%d' for limit '%d'",
                       nparams, TM_REMOTE_DOMAIN_JOB_STATS_MAX);
        rv = -1;
    } else {
        ret->params.params_val = g_new0(tm_remote_typed_param, MAX(nparams, 1));
        for (i = 0; i < nparams && rv == 0; i++) {
            if (!remoteTypedParamToWire(&params[i], &ret->params.params_val[i])) {
                virReportError(VIR_ERR_RPC, "unknown parameter type: %d", params[i].type);
                rv = -1;
            }
            ret->params.params_len = i + 1;
        }
    }
    virTypedParamsFree(params, nparams);
    return rv;
}

static int
dispatch_abort_job(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    return dom ? virDomainAbortJob(dom) : -1;
}

static int
dispatch_abort_job_flags(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    return dom ? virDomainAbortJobFlags(dom, args->flags) : -1;
}

static int
dispatch_backup_begin(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_backup_begin_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    if (!dom)
        return -1;
    return virDomainBackupBegin(dom, args->backup_xml,
                                args->checkpoint_xml ? *args->checkpoint_xml : NULL,
                                args->flags);
}

static int
dispatch_backup_get_xml_desc(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    tm_remote_xml_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    return dom && (ret->xml = virDomainBackupGetXMLDesc(dom, args->flags)) ? 0 : -1;
}

static int
dispatch_get_block_job_info(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_get_block_job_info_args *args = a;
    tm_remote_domain_get_block_job_info_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);
    virDomainBlockJobInfo info = { 0 };
    int rc;

    if (!dom || (rc = virDomainGetBlockJobInfo(dom, args->path, &info, args->flags)) < 0)
        return -1;
    ret->found = rc;
    ret->type = info.type;
    ret->bandwidth = info.bandwidth;
    ret->cur = info.cur;
    ret->end = info.end;
    return 0;
}

/* FSFreeze (@freeze) or FSThaw: no mount point is sent as NULL */
static int
fs_freeze_thaw(virConnectPtr conn, tm_remote_domain_fsfreeze_args *args,
               tm_remote_domain_fsfreeze_ret *ret, bool freeze)
{
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);
    const char **mounts = (const char **)args->mountpoints.mountpoints_val;
    unsigned int n = args->mountpoints.mountpoints_len;
    int rc;

    if (!dom)
        return -1;
    rc = freeze ? virDomainFSFreeze(dom, n ? mounts : NULL, n, args->flags) :
                  virDomainFSThaw(dom, n ? mounts : NULL, n, args->flags);
    if (rc < 0)
        return -1;
    ret->filesystems = rc;
    return 0;
}

static int
dispatch_fsfreeze(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    return fs_freeze_thaw(conn, a, r, true);
}

static int
dispatch_fsthaw(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    return fs_freeze_thaw(conn, a, r, false);
}

#define E REMOTE_PROC_ENTRY
const remoteProcedure remoteJobProcs[] = {
    E(TM_REMOTE_PROC_DOMAIN_GET_BLOCK_JOB_INFO, tm_remote_domain_get_block_job_info_args,
      tm_remote_domain_get_block_job_info_ret, dispatch_get_block_job_info, false),
    E(TM_REMOTE_PROC_DOMAIN_FSFREEZE, tm_remote_domain_fsfreeze_args,
      tm_remote_domain_fsfreeze_ret, dispatch_fsfreeze, false),
    E(TM_REMOTE_PROC_DOMAIN_FSTHAW, tm_remote_domain_fsfreeze_args,
      tm_remote_domain_fsfreeze_ret, dispatch_fsthaw, false),
    E(TM_REMOTE_PROC_DOMAIN_GET_JOB_INFO, tm_remote_domain_args,
      tm_remote_domain_get_job_info_ret, dispatch_get_job_info, false),
    E(TM_REMOTE_PROC_DOMAIN_GET_JOB_STATS, tm_remote_domain_flags_args,
      tm_remote_domain_get_job_stats_ret, dispatch_get_job_stats, false),
    E(TM_REMOTE_PROC_DOMAIN_ABORT_JOB, tm_remote_domain_args, remote_void,
      dispatch_abort_job, false),
    E(TM_REMOTE_PROC_DOMAIN_ABORT_JOB_FLAGS, tm_remote_domain_flags_args, remote_void,
      dispatch_abort_job_flags, false),
    E(TM_REMOTE_PROC_DOMAIN_BACKUP_BEGIN, tm_remote_domain_backup_begin_args, remote_void,
      dispatch_backup_begin, false),
    E(TM_REMOTE_PROC_DOMAIN_BACKUP_GET_XML_DESC, tm_remote_domain_flags_args,
      tm_remote_xml_ret, dispatch_backup_get_xml_desc, false),
};
const size_t remoteJobProcsCount = G_N_ELEMENTS(remoteJobProcs);
#undef E
