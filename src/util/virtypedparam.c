/*
 * virtypedparam.c: building arrays of typed parameters and printing them
 */
#include "internal.h"

#include "util/virtypedparam.h"

struct _virTypedParamList {
    GArray *params;     /* virTypedParameter */
};

static void
param_clear(gpointer data)
{
    virTypedParameter *param = data;

    if (param->type == VIR_TYPED_PARAM_STRING)
        g_clear_pointer(&param->value.s, g_free);
}

virTypedParamList *
virTypedParamListNew(void)
{
    virTypedParamList *list = g_new0(virTypedParamList, 1);

    list->params = g_array_new(FALSE, TRUE, sizeof(virTypedParameter));
    g_array_set_clear_func(list->params, param_clear);
    return list;
}

void
virTypedParamListFree(virTypedParamList *list)
{
    if (!list)
        return;
    g_array_unref(list->params);
    g_free(list);
}

static virTypedParameter *
add(virTypedParamList *list, const char *field, int type)
{
    virTypedParameter param = { .type = type };

    if (g_strlcpy(param.field, field, sizeof(param.field)) >= sizeof(param.field))
        g_error("typed parameter name '%s' too long", field);
    g_array_append_val(list->params, param);
    return &g_array_index(list->params, virTypedParameter, list->params->len - 1);
}

void
virTypedParamListAddInt(virTypedParamList *list, const char *field, int value)
{
    add(list, field, VIR_TYPED_PARAM_INT)->value.i = value;
}

void
virTypedParamListAddULLong(virTypedParamList *list, const char *field,
                           unsigned long long value)
{
    add(list, field, VIR_TYPED_PARAM_ULLONG)->value.ul = value;
}

void
virTypedParamListAddBoolean(virTypedParamList *list, const char *field, bool value)
{
    add(list, field, VIR_TYPED_PARAM_BOOLEAN)->value.b = value;
}

void
virTypedParamListAddString(virTypedParamList *list, const char *field, const char *value)
{
    add(list, field, VIR_TYPED_PARAM_STRING)->value.s = g_strdup(value);
}

void
virTypedParamListSteal(virTypedParamList *list, virTypedParameterPtr *params, int *nparams)
{
    *nparams = list->params->len;
    if (list->params->len == 0) {
        *params = NULL;
        return;
    }
    /* the strings move with the array: no clear function on the way out */
    g_array_set_clear_func(list->params, NULL);
    *params = (virTypedParameterPtr)(void *)g_array_free(g_steal_pointer(&list->params), FALSE);
    list->params = g_array_new(FALSE, TRUE, sizeof(virTypedParameter));
    g_array_set_clear_func(list->params, param_clear);
}

virTypedParameterPtr
virTypedParamsCopy(const virTypedParameter *params, int nparams)
{
    virTypedParameterPtr copy;

    if (nparams <= 0)
        return NULL;
    copy = g_new0(virTypedParameter, nparams);
    memcpy(copy, params, sizeof(*params) * nparams);
    for (int i = 0; i < nparams; i++) {
        if (copy[i].type == VIR_TYPED_PARAM_STRING)
            copy[i].value.s = g_strdup(params[i].value.s);
    }
    return copy;
}

char *
virTypedParameterToString(const virTypedParameter *param)
{
    switch (param->type) {
    case VIR_TYPED_PARAM_INT:
        return g_strdup_printf("%d", param->value.i);
    case VIR_TYPED_PARAM_UINT:
        return g_strdup_printf("%u", param->value.ui);
    case VIR_TYPED_PARAM_LLONG:
        return g_strdup_printf("%lld", param->value.l);
    case VIR_TYPED_PARAM_ULLONG:
        return g_strdup_printf("%llu", param->value.ul);
    case VIR_TYPED_PARAM_DOUBLE:
        return g_strdup_printf("%g", param->value.d);
    case VIR_TYPED_PARAM_BOOLEAN:
        return g_strdup_printf("%d", param->value.b);
    case VIR_TYPED_PARAM_STRING:
        return g_strdup(param->value.s);
    }
    return g_strdup_printf("(type %d)", param->type);
}
