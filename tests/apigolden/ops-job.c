/*
 * ops-job.c: lookups by id and uuid, transient domains, jobs and backups
 *
 *   dom-by-id ID                  dom-by-uuid UUID (string form)
 *   dom-uuid NAME                 dom-create-xml FLAGS : XML|@FILE
 *   job-info NAME                 job-stats NAME FLAGS
 *   job-abort NAME                job-abort-flags NAME FLAGS
 *   backup-begin NAME FLAGS : BACKUP-XML      backup-xml NAME FLAGS
 */
#include <stdio.h>
#include <stdlib.h>

#include "golden.h"

static void
print_domain(virDomainPtr dom)
{
    if (!dom) {
        goldenError();
        return;
    }
    goldenOk("%s id=%d", virDomainGetName(dom), virDomainGetID(dom));
    virDomainFree(dom);
}

static void
dom_by_id(char **argv, int argc, const char *text)
{
    (void)text;
    NEED(2);
    print_domain(virDomainLookupByID(goldenConn(), atoi(argv[1])));
}

static void
dom_by_uuid(char **argv, int argc, const char *text)
{
    (void)text;
    NEED(2);
    print_domain(virDomainLookupByUUIDString(goldenConn(), argv[1]));
}

static void
dom_uuid(char **argv, int argc, const char *text)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    virDomainPtr dom;

    (void)text;
    NEED(2);
    if (!(dom = goldenDomain(argv[1])))
        return;
    if (virDomainGetUUIDString(dom, uuid) == 0)
        goldenOk("%s", uuid);
    else
        goldenError();
    virDomainFree(dom);
}

static void
dom_create_xml(char **argv, int argc, const char *text)
{
    g_autofree char *xml = goldenText(text);
    unsigned int flags;

    NEED(2);
    if (!xml || !goldenFlagsArg(argv[1], &flags))
        return;
    print_domain(virDomainCreateXML(goldenConn(), xml, flags));
}

static void
job_info(char **argv, int argc, const char *text)
{
    virDomainJobInfo info;
    virDomainPtr dom;

    (void)text;
    NEED(2);
    if (!(dom = goldenDomain(argv[1])))
        return;
    if (virDomainGetJobInfo(dom, &info) == 0)
        goldenOk("type=%d", info.type);
    else
        goldenError();
    virDomainFree(dom);
}

static void
job_stats(char **argv, int argc, const char *text)
{
    virTypedParameterPtr params = NULL;
    virDomainPtr dom;
    unsigned int flags;
    int nparams = 0;
    int type;

    (void)text;
    NEED(3);
    if (!goldenFlagsArg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    if (virDomainGetJobStats(dom, &type, &params, &nparams, flags) == 0) {
        goldenOk("type=%d nparams=%d", type, nparams);
        virTypedParamsFree(params, nparams);
    } else {
        goldenError();
    }
    virDomainFree(dom);
}

static void
job_abort(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags = 0;
    int rc;

    (void)text;
    NEED(2);
    if (argc > 2 && !goldenFlagsArg(argv[2], &flags))
        return;
    if (!(dom = goldenDomain(argv[1])))
        return;
    rc = argc > 2 ? virDomainAbortJobFlags(dom, flags) : virDomainAbortJob(dom);
    if (rc == 0)
        goldenOk(NULL);
    else
        goldenError();
    virDomainFree(dom);
}

static void
backup_begin(char **argv, int argc, const char *text)
{
    g_autofree char *xml = goldenText(text);
    virDomainPtr dom;
    unsigned int flags;

    NEED(3);
    if (!xml || !goldenFlagsArg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    if (virDomainBackupBegin(dom, xml, NULL, flags) == 0)
        goldenOk(NULL);
    else
        goldenError();
    virDomainFree(dom);
}

static void
backup_xml(char **argv, int argc, const char *text)
{
    virDomainPtr dom;
    unsigned int flags;
    char *xml;

    (void)text;
    NEED(3);
    if (!goldenFlagsArg(argv[2], &flags) || !(dom = goldenDomain(argv[1])))
        return;
    if ((xml = virDomainBackupGetXMLDesc(dom, flags))) {
        goldenOk("\n%s", xml);
        free(xml);
    } else {
        goldenError();
    }
    virDomainFree(dom);
}

const goldenOp goldenJobOps[] = {
    { "dom-by-id", dom_by_id },
    { "dom-by-uuid", dom_by_uuid },
    { "dom-uuid", dom_uuid },
    { "dom-create-xml", dom_create_xml },
    { "job-info", job_info },
    { "job-stats", job_stats },
    { "job-abort", job_abort },
    { "job-abort-flags", job_abort },
    { "backup-begin", backup_begin },
    { "backup-xml", backup_xml },
    { NULL, NULL },
};
