/*
 * libtidemark-typedparam.c: the public helpers for typed parameters
 *
 * virTypedParamsFree and the virTypedParamsGet* lookups programs use on
 * what virDomainGetJobStats and the job-completed event hand them.
 */
#include "internal.h"

#include "datatypes.h"

#define VIR_FROM_THIS VIR_FROM_NONE

void
virTypedParamsFree(virTypedParameterPtr params, int nparams)
{
    int i;

    if (!params)
        return;
    for (i = 0; i < nparams; i++) {
        if (params[i].type == VIR_TYPED_PARAM_STRING)
            g_free(params[i].value.s);
    }
    g_free(params);
}

virTypedParameterPtr
virTypedParamsGet(virTypedParameterPtr params, int nparams, const char *name)
{
    if (!params || !name)
        return NULL;
    for (int i = 0; i < nparams; i++) {
        if (STREQ(params[i].field, name))
            return params + i;
    }
    return NULL;
}

static const char *
type_name(int type)
{
    static const char *const names[] = {
        "unknown", "int", "uint", "llong", "ullong", "double", "boolean", "string",
    };

    return type >= 0 && type < (int)G_N_ELEMENTS(names) ? names[type] : "unknown";
}

/* The lookup every getter shares: 1 with *@found set, 0 when absent, -1
 * (dispatched) when @name has another type than @type. */
static int
lookup(virTypedParameterPtr params, int nparams, const char *name, int type,
       virTypedParameterPtr *found)
{
    virResetLastError();
    if (!(*found = virTypedParamsGet(params, nparams, name)))
        return 0;
    if ((*found)->type != type) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "Invalid type '%s' requested for parameter '%s', actual type is '%s'",
                       type_name(type), name, type_name((*found)->type));
        virDispatchError(NULL);
        return -1;
    }
    return 1;
}

int
virTypedParamsGetInt(virTypedParameterPtr params, int nparams, const char *name, int *value)
{
    virTypedParameterPtr p;
    int rc = lookup(params, nparams, name, VIR_TYPED_PARAM_INT, &p);

    if (rc == 1 && value)
        *value = p->value.i;
    return rc;
}

int
virTypedParamsGetUInt(virTypedParameterPtr params, int nparams, const char *name,
                      unsigned int *value)
{
    virTypedParameterPtr p;
    int rc = lookup(params, nparams, name, VIR_TYPED_PARAM_UINT, &p);

    if (rc == 1 && value)
        *value = p->value.ui;
    return rc;
}

int
virTypedParamsGetLLong(virTypedParameterPtr params, int nparams, const char *name,
                       long long *value)
{
    virTypedParameterPtr p;
    int rc = lookup(params, nparams, name, VIR_TYPED_PARAM_LLONG, &p);

    if (rc == 1 && value)
        *value = p->value.l;
    return rc;
}

int
virTypedParamsGetULLong(virTypedParameterPtr params, int nparams, const char *name,
                        unsigned long long *value)
{
    virTypedParameterPtr p;
    int rc = lookup(params, nparams, name, VIR_TYPED_PARAM_ULLONG, &p);

    if (rc == 1 && value)
        *value = p->value.ul;
    return rc;
}

int
virTypedParamsGetDouble(virTypedParameterPtr params, int nparams, const char *name,
                        double *value)
{
    virTypedParameterPtr p;
    int rc = lookup(params, nparams, name, VIR_TYPED_PARAM_DOUBLE, &p);

    if (rc == 1 && value)
        *value = p->value.d;
    return rc;
}

int
virTypedParamsGetBoolean(virTypedParameterPtr params, int nparams, const char *name,
                         int *value)
{
    virTypedParameterPtr p;
    int rc = lookup(params, nparams, name, VIR_TYPED_PARAM_BOOLEAN, &p);

    if (rc == 1 && value)
        *value = !!p->value.b;
    return rc;
}

int
virTypedParamsGetString(virTypedParameterPtr params, int nparams, const char *name,
                        const char **value)
{
    virTypedParameterPtr p;
    int rc = lookup(params, nparams, name, VIR_TYPED_PARAM_STRING, &p);

    if (rc == 1 && value)
        *value = p->value.s;
    return rc;
}
