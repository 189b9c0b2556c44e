/*
 * virtypedparam.h: building arrays of typed parameters and printing them
 *
 * Drivers build a virTypedParameter array (virDomainGetJobStats, the
 * job-completed event) field by field; callers get it as the public API
 * hands it out, freed with virTypedParamsFree.
 */
#pragma once

#include "internal.h"

typedef struct _virTypedParamList virTypedParamList;

/* A new, empty list. */
virTypedParamList *virTypedParamListNew(void);
/* Frees @list and every parameter still in it. Accepts NULL. */
void virTypedParamListFree(virTypedParamList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virTypedParamList, virTypedParamListFree);

/* Appends one parameter named @field (shorter than
 * VIR_TYPED_PARAM_FIELD_LENGTH; a longer one is a programming error and
 * aborts). The string form copies @value. */
void virTypedParamListAddInt(virTypedParamList *list, const char *field, int value);
void virTypedParamListAddULLong(virTypedParamList *list, const char *field,
                                unsigned long long value);
void virTypedParamListAddBoolean(virTypedParamList *list, const char *field, bool value);
void virTypedParamListAddString(virTypedParamList *list, const char *field, const char *value);

/* Hands the parameters over as the public API returns them (*@params
 * NULL when there are none), leaving @list empty. */
void virTypedParamListSteal(virTypedParamList *list, virTypedParameterPtr *params,
                            int *nparams);

/* A deep copy of @nparams parameters (NULL for none). */
virTypedParameterPtr virTypedParamsCopy(const virTypedParameter *params, int nparams);

/* @param's value as libvirt's virTypedParameterToString prints it
 * (booleans as 0/1, doubles with %g). New string. */
char *virTypedParameterToString(const virTypedParameter *param);
