/*
 * test-api-args.c: the checking layer of the public API
 *
 * Registers a tiny driver for fake:/// that implements only a few
 * methods, then checks what the public entry points do before and
 * around the driver: handle validation, argument and flag checks,
 * read-only refusals, "not supported", connection opening, reference
 * counting and error delivery. Codes, domains and messages are
 * libvirt 9.0's. Output is TAP.
 */
#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include "libtidemark.h"

#include <stdio.h>
#include <stdlib.h>

#define VIR_FROM_THIS VIR_FROM_TEST

/* ---- the fake driver ------------------------------------------------- */

static const unsigned char fake_uuid[VIR_UUID_BUFLEN] = {
    0x5b, 0x0f, 0x3a, 0x8e, 0x2c, 0x41, 0x4d, 0x6e,
    0x9a, 0x7b, 0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a,
};

static int fake_open_count;
static int fake_close_count;
static unsigned int fake_last_flags;
static int fake_private_token;

static int
fakeConnectOpen(virConnectPtr conn, const char *uri, unsigned int flags)
{
    const char *path = g_uri_get_path(conn->guri);

    if (!uri || STRNEQ(path, "/"))
        return VIR_DRV_OPEN_DECLINED;
    conn->privateData = &fake_private_token;
    fake_open_count++;
    return VIR_DRV_OPEN_SUCCESS;
}

static int
fakeConnectClose(virConnectPtr conn)
{
    if (conn->privateData == &fake_private_token)
        fake_close_count++;
    conn->privateData = NULL;
    return 0;
}

static virDomainPtr
fakeDomainLookupByName(virConnectPtr conn, const char *name)
{
    if (STRNEQ(name, "fakedom")) {
        virReportError(VIR_ERR_NO_DOMAIN,
                       "no domain with matching name '%s'", name);
        return NULL;
    }
    return virGetDomain(conn, name, fake_uuid, 1);
}

static virDomainCheckpointPtr
fakeDomainCheckpointCreateXML(virDomainPtr domain, const char *xmlDesc,
                              unsigned int flags)
{
    fake_last_flags = flags;
    return virGetDomainCheckpoint(domain, "cp1");
}

static virDomainCheckpointPtr
fakeDomainCheckpointLookupByName(virDomainPtr domain, const char *name,
                                 unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virGetDomainCheckpoint(domain, name);
}

static int
fakeDomainCheckpointDelete(virDomainCheckpointPtr checkpoint,
                           unsigned int flags)
{
    fake_last_flags = flags;
    return 0;
}

static virDomainSnapshotPtr
fakeDomainSnapshotLookupByName(virDomainPtr domain, const char *name,
                               unsigned int flags)
{
    return virGetDomainSnapshot(domain, name);
}

static const char *const fake_schemes[] = { "fake", NULL };

static const virConnectDriver fake_driver = {
    .name = "fake",
    .uri_schemes = fake_schemes,
    .connectOpen = fakeConnectOpen,
    .connectClose = fakeConnectClose,
    .domainLookupByName = fakeDomainLookupByName,
    .domainCheckpointCreateXML = fakeDomainCheckpointCreateXML,
    .domainCheckpointLookupByName = fakeDomainCheckpointLookupByName,
    .domainCheckpointDelete = fakeDomainCheckpointDelete,
    .domainSnapshotLookupByName = fakeDomainSnapshotLookupByName,
};

/* ---- TAP helpers ----------------------------------------------------- */

static int test_count;
static int test_failures;

static void G_GNUC_PRINTF(2, 3)
ok(bool cond, const char *fmt, ...)
{
    va_list ap;

    test_count++;
    if (!cond)
        test_failures++;
    printf("%sok %d - ", cond ? "" : "not ", test_count);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/* Checks the thread's last error against libvirt's code, domain and
 * message; prints what was found on mismatch. */
static void
ok_error(int code, int domain, const char *message, const char *desc)
{
    virErrorPtr err = virGetLastError();
    bool good = err && err->code == code && err->domain == domain &&
                STREQ_NULLABLE(err->message, message);

    if (!good) {
        printf("# expected code=%d domain=%d message='%s'\n", code, domain,
               message);
        if (err)
            printf("# got      code=%d domain=%d message='%s'\n", err->code,
                   err->domain, NULLSTR(err->message));
        else
            printf("# got      no error\n");
    }
    ok(good, "%s", desc);
}

/* Error callbacks: count calls and remember the last code. */
typedef struct {
    int calls;
    int last_code;
} handler_record;

static handler_record global_record;
static handler_record conn_record;

static void
record_error(void *userData, virErrorPtr error)
{
    handler_record *rec = userData;

    rec->calls++;
    rec->last_code = error ? error->code : -1;
}

/* ---- the tests ------------------------------------------------------- */

static void
test_open(void)
{
    virConnectPtr conn;

    conn = virConnectOpen("nosuch:///");
    ok(conn == NULL, "open nosuch:/// fails");
    ok_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE,
             "no connection driver available for nosuch:///",
             "open nosuch:/// gives NO_CONNECT naming the URI");

    conn = virConnectOpen("nosuch");
    ok_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE,
             "no connection driver available for "
             "URI 'nosuch' does not include a driver name",
             "a URI without scheme gives NO_CONNECT");

    conn = virConnectOpen("fake:///other");
    ok(conn == NULL, "a driver declining its own scheme leaves none to open it");
    ok_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE,
             "no connection driver available for fake:///other",
             "declined URI gives NO_CONNECT");

    g_unsetenv("TIDEMARK_DEFAULT_URI");
    g_unsetenv("LIBVIRT_DEFAULT_URI");
    conn = virConnectOpen(NULL);
    ok_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE,
             "no connection driver available for <null>",
             "no URI and no default gives NO_CONNECT");

    g_setenv("LIBVIRT_DEFAULT_URI", "nosuch:///", TRUE);
    g_setenv("TIDEMARK_DEFAULT_URI", "fake:///", TRUE);
    conn = virConnectOpen("");
    ok(conn != NULL, "empty URI opens TIDEMARK_DEFAULT_URI before LIBVIRT_DEFAULT_URI");
    virConnectClose(conn);
    g_unsetenv("TIDEMARK_DEFAULT_URI");
    g_setenv("LIBVIRT_DEFAULT_URI", "fake:///", TRUE);
    conn = virConnectOpen(NULL);
    ok(conn != NULL, "NULL URI falls back to LIBVIRT_DEFAULT_URI");
    virConnectClose(conn);
    g_unsetenv("LIBVIRT_DEFAULT_URI");
}

static void
test_handles(virConnectPtr conn)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    ok(virDomainGetName(NULL) == NULL, "virDomainGetName(NULL) returns NULL");
    ok_error(VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM,
             "invalid domain pointer in virDomainGetName",
             "NULL domain: INVALID_DOMAIN from VIR_FROM_DOM");

    ok(virDomainGetUUID(NULL, uuid) == -1, "virDomainGetUUID(NULL) fails");
    ok(virDomainGetID(NULL) == (unsigned int)-1, "virDomainGetID(NULL) is -1");

    ok(virDomainCheckpointGetName(NULL) == NULL,
       "virDomainCheckpointGetName(NULL) returns NULL");
    ok_error(VIR_ERR_INVALID_DOMAIN_CHECKPOINT, VIR_FROM_DOMAIN_CHECKPOINT,
             "Invalid domain checkpoint: virDomainCheckpointGetName",
             "NULL checkpoint: INVALID_DOMAIN_CHECKPOINT");

    ok(virDomainCheckpointDelete(NULL, 0) == -1, "checkpoint delete on NULL fails");
    ok_error(VIR_ERR_INVALID_DOMAIN_CHECKPOINT, VIR_FROM_DOMAIN_CHECKPOINT,
             "Invalid domain checkpoint: virDomainCheckpointDelete",
             "message names the called function");

    ok(virDomainSnapshotGetName(NULL) == NULL,
       "virDomainSnapshotGetName(NULL) returns NULL");
    ok_error(VIR_ERR_INVALID_DOMAIN_SNAPSHOT, VIR_FROM_DOMAIN_SNAPSHOT,
             "Invalid domain snapshot: virDomainSnapshotGetName",
             "NULL snapshot: INVALID_DOMAIN_SNAPSHOT");

    ok(virConnectRef(NULL) == -1, "virConnectRef(NULL) fails");
    ok_error(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN,
             "invalid connection pointer in virConnectRef",
             "NULL connection in a host call: INVALID_CONN from VIR_FROM_DOMAIN");

    ok(virConnectClose(NULL) == -1, "virConnectClose(NULL) fails");
    ok_error(VIR_ERR_INVALID_CONN, VIR_FROM_NONE,
             "invalid connection pointer in virConnectClose",
             "virConnectClose(NULL): INVALID_CONN from VIR_FROM_NONE");

    ok(virDomainLookupByName(NULL, "x") == NULL, "lookup on NULL conn fails");
    ok_error(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN,
             "invalid connection pointer in virDomainLookupByName",
             "NULL connection in a domain call");

    ok(virDomainLookupByName(conn, NULL) == NULL, "lookup of NULL name fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "name in virDomainLookupByName must not be NULL",
             "NULL name: INVALID_ARG naming the argument");

    ok(virDomainLookupByID(conn, -1) == NULL, "lookup of id -1 fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "id in virDomainLookupByID must be zero or greater",
             "negative id: INVALID_ARG");

    ok(virDomainLookupByUUIDString(conn, "not-a-uuid") == NULL,
       "lookup of a bad UUID string fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "Invalid UUID",
             "bad UUID string: INVALID_ARG 'Invalid UUID'");

    ok(virDomainLookupByUUIDString(conn, "5b0f3a8e-2c41-4d6e-9a7b-1f2e3d4c5b6a") == NULL,
       "UUID lookup without driver method fails");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
             "this function is not supported by the connection driver: virDomainLookupByUUID",
             "UUID string lookup reports the missing virDomainLookupByUUID");
}

static void
test_domain(virConnectPtr conn, virDomainPtr dom)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virDomainInfo info;
    int type;
    virTypedParameterPtr params;
    int nparams;

    ok(virDomainLookupByName(conn, "nodom") == NULL, "driver errors pass through");
    ok_error(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST,
             "Domain not found: no domain with matching name 'nodom'",
             "driver's error is kept intact");

    ok(STREQ_NULLABLE(virDomainGetName(dom), "fakedom") &&
       virGetLastError() == NULL,
       "GetName returns the cached name and clears the last error");
    ok(virDomainGetConnect(dom) == conn, "GetConnect returns the connection");
    ok(virDomainGetID(dom) == 1, "GetID returns the cached id");
    ok(virDomainGetUUIDString(dom, uuidstr) == 0 &&
       STREQ(uuidstr, "5b0f3a8e-2c41-4d6e-9a7b-1f2e3d4c5b6a"),
       "GetUUIDString formats the cached uuid");

    ok(virDomainGetInfo(dom, NULL) == -1, "GetInfo with NULL info fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "info in virDomainGetInfo must not be NULL", "NULL info: INVALID_ARG");
    ok(virDomainGetInfo(dom, &info) == -1, "GetInfo without driver method fails");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
             "this function is not supported by the connection driver: virDomainGetInfo",
             "GetInfo: NO_SUPPORT");

    ok(virDomainGetJobStats(dom, &type, &params, &nparams,
                            VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED) == -1,
       "GetJobStats with KEEP_COMPLETED alone fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "Flag 'VIR_DOMAIN_JOB_STATS_COMPLETED' is required by flag "
             "'VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED'",
             "KEEP_COMPLETED needs COMPLETED");
    ok(virDomainGetJobStats(dom, &type, NULL, &nparams, 0) == -1,
       "GetJobStats with NULL params fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "params in virDomainGetJobStats must not be NULL", "NULL params: INVALID_ARG");

    ok(virDomainBackupBegin(dom, "<domainbackup/>", NULL, 0) == -1,
       "BackupBegin without driver method fails");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
             "this function is not supported by the connection driver: virDomainBackupBegin",
             "BackupBegin: NO_SUPPORT naming the function");
    ok(virDomainBackupBegin(dom, NULL, NULL, 0) == -1, "BackupBegin with NULL XML fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
             "backupXML in virDomainBackupBegin must not be NULL",
             "NULL backupXML: INVALID_ARG");
    ok(virDomainBackupGetXMLDesc(dom, 0) == NULL, "BackupGetXMLDesc fails");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
             "this function is not supported by the connection driver: virDomainBackupGetXMLDesc",
             "BackupGetXMLDesc: NO_SUPPORT");
    ok(virDomainAbortJob(dom) == -1, "AbortJob without driver method fails");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
             "this function is not supported by the connection driver: virDomainAbortJob",
             "AbortJob: NO_SUPPORT");
}

static void
test_checkpoint_args(virDomainPtr dom)
{
    virDomainCheckpointPtr cp;
    virDomainCheckpointPtr *list = (virDomainCheckpointPtr *)&list;

    ok(virDomainCheckpointCreateXML(dom, NULL, 0) == NULL, "create with NULL XML fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_CHECKPOINT,
             "xmlDesc in virDomainCheckpointCreateXML must not be NULL",
             "NULL xmlDesc: INVALID_ARG from VIR_FROM_DOMAIN_CHECKPOINT");

    ok(virDomainCheckpointCreateXML(dom, "<domaincheckpoint/>",
                                    VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE |
                                    VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE) == NULL,
       "create with REDEFINE|QUIESCE fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_CHECKPOINT,
             "Flags 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE' and "
             "'VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE' are mutually exclusive",
             "REDEFINE and QUIESCE are mutually exclusive");

    ok(virDomainCheckpointCreateXML(dom, "<domaincheckpoint/>",
                                    VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE) == NULL,
       "create with REDEFINE_VALIDATE alone fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_CHECKPOINT,
             "Flag 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE' is required by flag "
             "'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE'",
             "REDEFINE_VALIDATE requires REDEFINE");

    fake_last_flags = 0;
    cp = virDomainCheckpointCreateXML(dom, "<domaincheckpoint/>",
                                      VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE |
                                      VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE);
    ok(cp != NULL && virGetLastError() == NULL,
       "create with REDEFINE|REDEFINE_VALIDATE reaches the driver");
    ok(fake_last_flags == (VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE |
                           VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE),
       "the driver gets the caller's flags");
    ok(STREQ_NULLABLE(virDomainCheckpointGetName(cp), "cp1") &&
       virDomainCheckpointGetDomain(cp) == dom &&
       virDomainCheckpointGetConnect(cp) == virDomainGetConnect(dom),
       "checkpoint getters return the cached fields");

    ok(virDomainCheckpointDelete(cp, VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN |
                                 VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY) == -1,
       "delete with CHILDREN|CHILDREN_ONLY fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_CHECKPOINT,
             "Flags 'VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN' and "
             "'VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY' are mutually exclusive",
             "CHILDREN and CHILDREN_ONLY are mutually exclusive");
    ok(virDomainCheckpointDelete(cp, VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY) == 0 &&
       fake_last_flags == VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY,
       "delete with valid flags reaches the driver");

    ok(virDomainCheckpointLookupByName(dom, NULL, 0) == NULL, "lookup NULL name fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_CHECKPOINT,
             "name in virDomainCheckpointLookupByName must not be NULL",
             "NULL checkpoint name: INVALID_ARG");
    ok(virDomainCheckpointLookupByName(dom, "cp1", 1) == NULL,
       "unknown flags are left to the driver");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
             "unsupported flags (0x1) in function fakeDomainCheckpointLookupByName",
             "driver's virCheckFlags names the driver function");

    ok(virDomainListAllCheckpoints(dom, &list, 0) == -1 && list == NULL,
       "ListAllCheckpoints clears the out-pointer before failing");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN_CHECKPOINT,
             "this function is not supported by the connection driver: "
             "virDomainListAllCheckpoints",
             "ListAllCheckpoints: NO_SUPPORT");
    list = (virDomainCheckpointPtr *)&list;
    ok(virDomainCheckpointListAllChildren(NULL, &list, 0) == -1 && list == NULL,
       "ListAllChildren clears the out-pointer even for a bad handle");
    ok(virDomainListAllCheckpoints(dom, NULL, 0) == -1,
       "count-only list (NULL out-pointer) reaches the dispatch");
    ok(virDomainCheckpointGetParent(cp, 0) == NULL, "GetParent fails without method");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN_CHECKPOINT,
             "this function is not supported by the connection driver: "
             "virDomainCheckpointGetParent",
             "GetParent: NO_SUPPORT");

    ok(virDomainCheckpointFree(cp) == 0, "checkpoint free");
}

static void
test_snapshot_args(virDomainPtr dom)
{
    char *names[2];

    ok(virDomainSnapshotCreateXML(dom, "<domainsnapshot/>",
                                  VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT) == NULL,
       "snapshot create with CURRENT alone fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
             "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag "
             "'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'",
             "CURRENT requires REDEFINE");
    ok(virDomainSnapshotCreateXML(dom, "<domainsnapshot/>",
                                  VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                                  VIR_DOMAIN_SNAPSHOT_CREATE_HALT) == NULL,
       "snapshot create with REDEFINE|HALT fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
             "Flags 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' and "
             "'VIR_DOMAIN_SNAPSHOT_CREATE_HALT' are mutually exclusive",
             "REDEFINE and HALT are mutually exclusive");
    ok(virDomainSnapshotCreateXML(dom, "<domainsnapshot/>", 0) == NULL,
       "snapshot create without method fails");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN_SNAPSHOT,
             "this function is not supported by the connection driver: "
             "virDomainSnapshotCreateXML",
             "snapshot create: NO_SUPPORT");

    ok(virDomainSnapshotListNames(dom, NULL, 2, 0) == -1,
       "ListNames with NULL array and length 2 fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
             "names in virDomainSnapshotListNames must not be NULL",
             "NULL names: INVALID_ARG");
    ok(virDomainSnapshotListNames(dom, names, -1, 0) == -1,
       "ListNames with negative length fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
             "nameslen in virDomainSnapshotListNames must be zero or greater",
             "negative nameslen: INVALID_ARG");
    ok(virDomainSnapshotListNames(dom, NULL, 0, 0) == -1,
       "ListNames with NULL array and length 0 passes the checks");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN_SNAPSHOT,
             "this function is not supported by the connection driver: "
             "virDomainSnapshotListNames",
             "... and reaches the dispatch");
}

static void
test_read_only(void)
{
    virConnectPtr ro = virConnectOpenReadOnly("fake:///");
    virDomainPtr dom;
    virDomainCheckpointPtr cp;
    virDomainSnapshotPtr snap;

    ok(ro != NULL, "read-only open");
    if (!ro)
        return;
    dom = virDomainLookupByName(ro, "fakedom");
    cp = virDomainCheckpointLookupByName(dom, "cp1", 0);
    snap = virDomainSnapshotLookupByName(dom, "s1", 0);
    ok(dom && cp && snap, "read-only lookups work");

    ok(virDomainCheckpointCreateXML(dom, "<domaincheckpoint/>", 0) == NULL,
       "read-only checkpoint create fails");
    ok_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_CHECKPOINT,
             "operation forbidden: read only access prevents virDomainCheckpointCreateXML",
             "read-only create: OPERATION_DENIED");
    ok(virDomainCheckpointCreateXML(dom, NULL, 0) == NULL,
       "read-only create with NULL XML fails");
    ok_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_CHECKPOINT,
             "xmlDesc in virDomainCheckpointCreateXML must not be NULL",
             "the NULL argument is reported before read-only");
    ok(virDomainCheckpointCreateXML(dom, "<domaincheckpoint/>",
                                    VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE |
                                    VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE) == NULL,
       "read-only create with bad flags fails");
    ok_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_CHECKPOINT,
             "operation forbidden: read only access prevents virDomainCheckpointCreateXML",
             "read-only is reported before the flag conflict");

    ok(virDomainCheckpointDelete(cp, 0) == -1, "read-only checkpoint delete fails");
    ok_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_CHECKPOINT,
             "operation forbidden: read only access prevents virDomainCheckpointDelete",
             "read-only delete: OPERATION_DENIED");

    ok(virDomainCheckpointGetXMLDesc(cp, VIR_DOMAIN_CHECKPOINT_XML_SECURE) == NULL,
       "read-only secure checkpoint XML fails");
    ok_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_CHECKPOINT,
             "operation forbidden: virDomainCheckpointGetXMLDesc with secure flag",
             "read-only SECURE: OPERATION_DENIED");
    ok(virDomainCheckpointGetXMLDesc(cp, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN) == NULL,
       "read-only non-secure XML passes the check");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN_CHECKPOINT,
             "this function is not supported by the connection driver: "
             "virDomainCheckpointGetXMLDesc",
             "... and reaches the dispatch");

    ok(virDomainSnapshotGetXMLDesc(snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE) == NULL,
       "read-only secure snapshot XML fails");
    ok_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_SNAPSHOT,
             "operation forbidden: virDomainSnapshotGetXMLDesc with secure flag",
             "read-only snapshot SECURE: OPERATION_DENIED");
    ok(virDomainRevertToSnapshot(snap, 0) == -1, "read-only revert fails");
    ok_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_SNAPSHOT,
             "operation forbidden: read only access prevents virDomainRevertToSnapshot",
             "read-only revert: OPERATION_DENIED");

    ok(virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_MIGRATABLE) == NULL,
       "read-only migratable domain XML fails");
    ok_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
             "operation forbidden: virDomainGetXMLDesc with secure flag",
             "read-only MIGRATABLE counts as secure");
    ok(virDomainBackupBegin(dom, "<domainbackup/>", NULL, 0) == -1,
       "read-only backup begin fails");
    ok_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
             "operation forbidden: read only access prevents virDomainBackupBegin",
             "read-only backup: OPERATION_DENIED");
    ok(virDomainDefineXML(ro, NULL) == NULL, "read-only define fails");
    ok_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
             "operation forbidden: read only access prevents virDomainDefineXML",
             "define checks read-only before the NULL argument");

    virDomainSnapshotFree(snap);
    virDomainCheckpointFree(cp);
    virDomainFree(dom);
    virConnectClose(ro);
}

static void
test_refcount(void)
{
    virConnectPtr conn = virConnectOpen("fake:///");
    virDomainPtr dom;
    virDomainCheckpointPtr cp;
    int closes = fake_close_count;

    ok(conn != NULL, "refcount: open");
    ok(virConnectRef(conn) == 0, "virConnectRef returns 0");
    ok(virConnectClose(conn) > 0, "first close leaves a reference");
    ok(fake_close_count == closes, "driver not closed while referenced");

    dom = virDomainLookupByName(conn, "fakedom");
    cp = virDomainCheckpointLookupByName(dom, "cp1", 0);
    ok(virDomainRef(dom) == 0, "virDomainRef returns 0");
    ok(virDomainFree(dom) == 0, "first virDomainFree returns 0");
    ok(STREQ_NULLABLE(virDomainGetName(dom), "fakedom"),
       "domain still valid after Ref + Free");
    ok(virDomainCheckpointRef(cp) == 0 && virDomainCheckpointFree(cp) == 0,
       "checkpoint Ref + Free");

    ok(virConnectClose(conn) > 0, "close with a domain alive leaves a reference");
    ok(fake_close_count == closes, "the domain keeps the connection open");
    ok(virDomainFree(dom) == 0, "second virDomainFree returns 0");
    ok(fake_close_count == closes, "the checkpoint keeps domain and connection");
    ok(STREQ_NULLABLE(virDomainCheckpointGetName(cp), "cp1") &&
       STREQ_NULLABLE(virDomainGetName(virDomainCheckpointGetDomain(cp)), "fakedom"),
       "checkpoint and its domain still valid");
    ok(virDomainCheckpointFree(cp) == 0, "last checkpoint free");
    ok(fake_close_count == closes + 1,
       "dropping the last handle closes the driver once");

    conn = virConnectOpen("fake:///");
    ok(virConnectClose(conn) == 0 && fake_close_count == closes + 2,
       "closing the only reference returns 0 and closes");
}

static void
test_error_delivery(void)
{
    virConnectPtr conn = virConnectOpen("fake:///");
    virDomainPtr dom = virDomainLookupByName(conn, "fakedom");
    virError copy = { 0 };
    virErrorPtr saved;
    virErrorPtr connerr;

    memset(&global_record, 0, sizeof(global_record));
    memset(&conn_record, 0, sizeof(conn_record));

    virDomainBackupBegin(dom, "<domainbackup/>", NULL, 0);
    ok(global_record.calls == 1 && global_record.last_code == VIR_ERR_NO_SUPPORT,
       "virSetErrorFunc handler receives the dispatched error");

    ok(virCopyLastError(&copy) == VIR_ERR_NO_SUPPORT &&
       copy.domain == VIR_FROM_DOMAIN &&
       STREQ_NULLABLE(copy.message, "this function is not supported by the "
                      "connection driver: virDomainBackupBegin"),
       "virCopyLastError copies code, domain and message");
    virResetError(&copy);

    saved = virSaveLastError();
    ok(saved && saved->code == VIR_ERR_NO_SUPPORT &&
       STREQ_NULLABLE(saved->str1, "this function is not supported by the "
                      "connection driver: %s"),
       "virSaveLastError returns a copy with the format in str1");
    virFreeError(saved);

    connerr = virConnGetLastError(conn);
    ok(connerr && connerr->code == VIR_ERR_NO_SUPPORT,
       "the failed call's error is also kept on its connection");

    virConnSetErrorFunc(conn, &conn_record, record_error);
    virDomainAbortJob(dom);
    ok(conn_record.calls == 1 && global_record.calls == 1,
       "virConnSetErrorFunc handler takes over for that connection");

    virDomainGetName(NULL);
    ok(global_record.calls == 2 && global_record.last_code == VIR_ERR_INVALID_DOMAIN &&
       conn_record.calls == 1,
       "errors without a valid connection go to the global handler");

    ok(virDomainGetName(dom) != NULL && virGetLastError() == NULL &&
       virCopyLastError(&copy) == 0,
       "a successful call resets the last error");
    virResetError(&copy);

    virConnSetErrorFunc(conn, NULL, NULL);
    virDomainFree(dom);
    virConnectClose(conn);
}

static void
test_typed_params(void)
{
    virTypedParameterPtr params = g_new0(virTypedParameter, 2);

    g_strlcpy(params[0].field, VIR_DOMAIN_JOB_ERRMSG, sizeof(params[0].field));
    params[0].type = VIR_TYPED_PARAM_STRING;
    params[0].value.s = g_strdup("boom");
    g_strlcpy(params[1].field, VIR_DOMAIN_JOB_DATA_TOTAL, sizeof(params[1].field));
    params[1].type = VIR_TYPED_PARAM_ULLONG;
    params[1].value.ul = 42;
    virTypedParamsFree(params, 2);
    virTypedParamsFree(NULL, 3);
    ok(true, "virTypedParamsFree frees strings and array, accepts NULL");
}

int
main(void)
{
    virConnectPtr conn;
    virDomainPtr dom;

    /* Built-in drivers first, as in a real process; then ours. */
    virSetErrorFunc(&global_record, record_error);
    if (tmInitialize() < 0 ||
        virRegisterConnectDriver(&fake_driver) < 0) {
        printf("1..0 # SKIP cannot register the fake driver: %s\n",
               virGetLastErrorMessage());
        return 1;
    }

    test_open();

    conn = virConnectOpen("fake:///");
    ok(conn != NULL, "open fake:///");
    if (!conn) {
        printf("1..%d\n", test_count);
        return 1;
    }
    {
        char *uri = virConnectGetURI(conn);

        ok(STREQ_NULLABLE(uri, "fake:///"), "virConnectGetURI gives the URI");
        free(uri);
    }
    ok(virConnectIsAlive(conn) == -1, "IsAlive without method fails");
    ok_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
             "this function is not supported by the connection driver: virConnectIsAlive",
             "IsAlive: NO_SUPPORT");

    dom = virDomainLookupByName(conn, "fakedom");
    ok(dom != NULL, "lookup fakedom");
    if (dom) {
        test_handles(conn);
        test_domain(conn, dom);
        test_checkpoint_args(dom);
        test_snapshot_args(dom);
        virDomainFree(dom);
    }
    virConnectClose(conn);

    test_read_only();
    test_refcount();
    test_error_delivery();
    test_typed_params();

    ok(fake_open_count == fake_close_count,
       "every opened connection was closed (%d)", fake_open_count);

    virConnectDriverUnregisterAll();
    ok(virConnectOpen("fake:///") == NULL,
       "after unregistering, fake:/// has no driver");

    printf("1..%d\n", test_count);
    return test_failures ? 1 : 0;
}
