/*
 * test-typedparam.c: typed parameter arrays, built by drivers
 * (util/virtypedparam) and read by programs (virTypedParamsGet*)
 *
 * The getters' contract is libvirt 9.0's (src/util/virtypedparam-public.c):
 * 1 found, 0 absent (also for a NULL array), -1 with VIR_ERR_INVALID_ARG
 * "Invalid type 'T' requested for parameter 'N', actual type is 'A'"
 * (domain NONE) when the types differ; a NULL value pointer only tests.
 * Printing is virTypedParameterToString's: booleans 0/1, doubles %g.
 */
#include "internal.h"
#include "testutils.h"
#include "util/virtypedparam.h"

int
main(void)
{
    g_autoptr(virTypedParamList) list = virTypedParamListNew();
    virTypedParameterPtr params = NULL;
    virTypedParameterPtr copy = NULL;
    int nparams = -1;
    int i = 0;
    int b = -1;
    unsigned long long ul = 0;
    const char *s = NULL;
    g_autofree char *text = NULL;

    virTypedParamListSteal(list, &params, &nparams);
    tmTestResult(!params && nparams == 0, "an empty list hands over NULL, 0");

    virTypedParamListAddInt(list, VIR_DOMAIN_JOB_OPERATION, VIR_DOMAIN_JOB_OPERATION_BACKUP);
    virTypedParamListAddULLong(list, VIR_DOMAIN_JOB_DISK_TOTAL, 1ULL << 40);
    virTypedParamListAddBoolean(list, VIR_DOMAIN_JOB_SUCCESS, true);
    virTypedParamListAddString(list, VIR_DOMAIN_JOB_ERRMSG, "Operation canceled");
    virTypedParamListSteal(list, &params, &nparams);
    tmTestResult(params && nparams == 4, "four parameters handed over");

    tmTestResult(virTypedParamsGetInt(params, nparams, "operation", &i) == 1 && i == 9,
                 "GetInt finds operation = 9");
    tmTestResult(virTypedParamsGetULLong(params, nparams, "disk_total", &ul) == 1 &&
                 ul == 1ULL << 40, "GetULLong finds disk_total");
    tmTestResult(virTypedParamsGetBoolean(params, nparams, "success", &b) == 1 && b == 1,
                 "GetBoolean finds success = 1");
    tmTestResult(virTypedParamsGetString(params, nparams, "errmsg", &s) == 1 &&
                 g_strcmp0(s, "Operation canceled") == 0, "GetString finds errmsg");
    tmTestResult(virTypedParamsGetULLong(params, nparams, "disk_processed", &ul) == 0,
                 "an absent field: 0");
    tmTestResult(virTypedParamsGetULLong(NULL, 0, "disk_total", &ul) == 0,
                 "a NULL array: 0");
    tmTestResult(virTypedParamsGetInt(params, nparams, "operation", NULL) == 1,
                 "a NULL value pointer only tests");
    tmTestResult(virTypedParamsGetULLong(params, nparams, "operation", &ul) == -1,
                 "another type: -1");
    tmTestResult(tmTestCheckError(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                                  "invalid argument: Invalid type 'ullong' requested for "
                                  "parameter 'operation', actual type is 'int'", "type error"),
                 "the type error is libvirt's");
    tmTestResult(virTypedParamsGet(params, nparams, "success") == &params[2],
                 "virTypedParamsGet returns the element");

    copy = virTypedParamsCopy(params, nparams);
    tmTestResult(copy && copy[3].value.s != params[3].value.s &&
                 g_strcmp0(copy[3].value.s, params[3].value.s) == 0,
                 "a copy owns its strings");
    text = virTypedParameterToString(&copy[2]);
    tmTestResult(g_strcmp0(text, "1") == 0, "a boolean prints as 1");
    g_free(text);
    text = virTypedParameterToString(&copy[1]);
    tmTestResult(g_strcmp0(text, "1099511627776") == 0, "a ullong prints in decimal");
    tmTestResult(virTypedParamsGet(copy, nparams, "errmsg") == &copy[3] &&
                 !virTypedParamsGet(copy, nparams, "nope"), "virTypedParamsGet on a copy");

    virTypedParamsFree(copy, nparams);
    virTypedParamsFree(params, nparams);
    return tmTestDone();
}
