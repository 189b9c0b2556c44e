/*
 * virjson.c: JSON values over json-c
 *
 * virJSONValue is json-c's json_object under another name; this is the
 * only file that knows it. json-c writes JSON null as a NULL object, so
 * a null member reads back as NULL (virJSONValueObjectHasKey tells it
 * from an absent one).
 */
#include <string.h>

#include <json-c/json.h>

#include "util/virjson.h"

#define JV(v) ((struct json_object *)(v))
#define VJ(o) ((virJSONValue *)(o))

void
virJSONValueFree(virJSONValue *value)
{
    if (value)
        json_object_put(JV(value));
}

virJSONValue *
virJSONValueRef(virJSONValue *value)
{
    return VJ(json_object_get(JV(value)));
}

virJSONValue *
virJSONValueNewObject(void)
{
    return VJ(json_object_new_object());
}

virJSONValue *
virJSONValueNewArray(void)
{
    return VJ(json_object_new_array());
}

virJSONValue *
virJSONValueNewString(const char *str)
{
    return VJ(json_object_new_string(str));
}

virJSONValue *
virJSONValueNewNumber(long long num)
{
    return VJ(json_object_new_int64(num));
}

virJSONValue *
virJSONValueNewBoolean(bool b)
{
    return VJ(json_object_new_boolean(b));
}

void
virJSONValueObjectAppend(virJSONValue *object, const char *key,
                         virJSONValue **value)
{
    json_object_object_add(JV(object), key, JV(g_steal_pointer(value)));
}

void
virJSONValueObjectAppendString(virJSONValue *object, const char *key,
                               const char *str)
{
    json_object_object_add(JV(object), key, json_object_new_string(str));
}

void
virJSONValueObjectAppendNumber(virJSONValue *object, const char *key,
                               long long num)
{
    json_object_object_add(JV(object), key, json_object_new_int64(num));
}

void
virJSONValueObjectAppendBoolean(virJSONValue *object, const char *key, bool b)
{
    json_object_object_add(JV(object), key, json_object_new_boolean(b));
}

void
virJSONValueObjectAppendNull(virJSONValue *object, const char *key)
{
    json_object_object_add(JV(object), key, NULL);
}

void
virJSONValueArrayAppend(virJSONValue *array, virJSONValue **value)
{
    json_object_array_add(JV(array), JV(g_steal_pointer(value)));
}

virJSONType
virJSONValueGetType(const virJSONValue *value)
{
    switch (json_object_get_type(JV(value))) {
    case json_type_boolean:
        return VIR_JSON_TYPE_BOOLEAN;
    case json_type_double:
    case json_type_int:
        return VIR_JSON_TYPE_NUMBER;
    case json_type_string:
        return VIR_JSON_TYPE_STRING;
    case json_type_object:
        return VIR_JSON_TYPE_OBJECT;
    case json_type_array:
        return VIR_JSON_TYPE_ARRAY;
    case json_type_null:
    default:
        return VIR_JSON_TYPE_NULL;
    }
}

virJSONValue *
virJSONValueObjectGet(const virJSONValue *object, const char *key)
{
    struct json_object *member = NULL;

    if (!json_object_is_type(JV(object), json_type_object))
        return NULL;
    if (!json_object_object_get_ex(JV(object), key, &member))
        return NULL;
    return VJ(member);
}

bool
virJSONValueObjectHasKey(const virJSONValue *object, const char *key)
{
    if (!json_object_is_type(JV(object), json_type_object))
        return false;
    return json_object_object_get_ex(JV(object), key, NULL);
}

const char *
virJSONValueGetString(const virJSONValue *value)
{
    if (!json_object_is_type(JV(value), json_type_string))
        return NULL;
    return json_object_get_string(JV(value));
}

int
virJSONValueGetNumberLong(const virJSONValue *value, long long *num)
{
    if (!json_object_is_type(JV(value), json_type_int) &&
        !json_object_is_type(JV(value), json_type_double))
        return -1;
    *num = json_object_get_int64(JV(value));
    return 0;
}

const char *
virJSONValueObjectGetString(const virJSONValue *object, const char *key)
{
    return virJSONValueGetString(virJSONValueObjectGet(object, key));
}

int
virJSONValueObjectGetNumberLong(const virJSONValue *object, const char *key,
                                long long *num)
{
    return virJSONValueGetNumberLong(virJSONValueObjectGet(object, key), num);
}

int
virJSONValueObjectGetBoolean(const virJSONValue *object, const char *key,
                             bool *b)
{
    virJSONValue *member = virJSONValueObjectGet(object, key);

    if (!json_object_is_type(JV(member), json_type_boolean))
        return -1;
    *b = json_object_get_boolean(JV(member));
    return 0;
}

virJSONValue *
virJSONValueObjectGetObject(const virJSONValue *object, const char *key)
{
    virJSONValue *member = virJSONValueObjectGet(object, key);

    return json_object_is_type(JV(member), json_type_object) ? member : NULL;
}

virJSONValue *
virJSONValueObjectGetArray(const virJSONValue *object, const char *key)
{
    virJSONValue *member = virJSONValueObjectGet(object, key);

    return json_object_is_type(JV(member), json_type_array) ? member : NULL;
}

size_t
virJSONValueArraySize(const virJSONValue *array)
{
    if (!json_object_is_type(JV(array), json_type_array))
        return 0;
    return json_object_array_length(JV(array));
}

virJSONValue *
virJSONValueArrayGet(const virJSONValue *array, size_t i)
{
    if (i >= virJSONValueArraySize(array))
        return NULL;
    return VJ(json_object_array_get_idx(JV(array), i));
}

int
virJSONValueObjectForeach(const virJSONValue *object,
                          virJSONValueObjectIterator cb, void *opaque)
{
    if (!json_object_is_type(JV(object), json_type_object))
        return 0;

    json_object_object_foreach(JV(object), key, member) {
        if (cb(key, VJ(member), opaque) < 0)
            return -1;
    }
    return 0;
}

virJSONValue *
virJSONValueFromString(const char *str, char **why)
{
    struct json_tokener *tok = json_tokener_new();
    struct json_object *obj = json_tokener_parse_ex(tok, str, -1);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);

    json_tokener_free(tok);
    if (jerr == json_tokener_success && end == strlen(str))
        return VJ(obj);

    json_object_put(obj);
    if (why)
        *why = g_strdup(jerr == json_tokener_success ? "trailing data"
                                                     : json_tokener_error_desc(jerr));
    return NULL;
}

char *
virJSONValueToString(const virJSONValue *value, bool pretty)
{
    int flags = JSON_C_TO_STRING_NOSLASHESCAPE;

    if (pretty)
        flags |= JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED;
    return g_strdup(json_object_to_json_string_ext(JV(value), flags));
}
