/*
 * virjson.h: JSON values, for the QEMU monitor protocol
 *
 * A thin wrapper over json-c, so that exactly one file of tidemark
 * includes json-c's headers (the library and the CLI both build it). Values are reference counted: a value
 * appended to an object or array is owned by it afterwards, and one
 * returned by a getter is borrowed from its container.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

typedef struct _virJSONValue virJSONValue;

typedef enum {
    VIR_JSON_TYPE_NULL,
    VIR_JSON_TYPE_BOOLEAN,
    VIR_JSON_TYPE_NUMBER,
    VIR_JSON_TYPE_STRING,
    VIR_JSON_TYPE_OBJECT,
    VIR_JSON_TYPE_ARRAY,
} virJSONType;

void virJSONValueFree(virJSONValue *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virJSONValue, virJSONValueFree);

/* Another reference to @value (for keeping a borrowed value). */
virJSONValue *virJSONValueRef(virJSONValue *value);

virJSONValue *virJSONValueNewObject(void);
virJSONValue *virJSONValueNewArray(void);
virJSONValue *virJSONValueNewString(const char *str);
virJSONValue *virJSONValueNewNumber(long long num);
virJSONValue *virJSONValueNewBoolean(bool b);

/* Adds @key to @object; takes @value (sets *value to NULL). */
void virJSONValueObjectAppend(virJSONValue *object, const char *key,
                              virJSONValue **value);
void virJSONValueObjectAppendString(virJSONValue *object, const char *key,
                                    const char *str);
void virJSONValueObjectAppendNumber(virJSONValue *object, const char *key,
                                    long long num);
void virJSONValueObjectAppendBoolean(virJSONValue *object, const char *key,
                                     bool b);
void virJSONValueObjectAppendNull(virJSONValue *object, const char *key);

/* Appends to @array; takes @value (sets *value to NULL). */
void virJSONValueArrayAppend(virJSONValue *array, virJSONValue **value);

virJSONType virJSONValueGetType(const virJSONValue *value);

/* Borrowed member of an object, or NULL if @object is no object or has
 * no such key. */
virJSONValue *virJSONValueObjectGet(const virJSONValue *object, const char *key);
bool virJSONValueObjectHasKey(const virJSONValue *object, const char *key);

/* Typed getters: NULL / -1 when the member is absent or of another type. */
const char *virJSONValueObjectGetString(const virJSONValue *object,
                                        const char *key);
int virJSONValueObjectGetNumberLong(const virJSONValue *object,
                                    const char *key, long long *num);
int virJSONValueObjectGetBoolean(const virJSONValue *object,
                                 const char *key, bool *b);
virJSONValue *virJSONValueObjectGetObject(const virJSONValue *object,
                                          const char *key);
virJSONValue *virJSONValueObjectGetArray(const virJSONValue *object,
                                         const char *key);

const char *virJSONValueGetString(const virJSONValue *value);
int virJSONValueGetNumberLong(const virJSONValue *value, long long *num);

/* Number of elements of an array (0 for a non-array); a borrowed element. */
size_t virJSONValueArraySize(const virJSONValue *array);
virJSONValue *virJSONValueArrayGet(const virJSONValue *array, size_t i);

/* Calls @cb for each member of @object, in order, until it returns < 0. */
typedef int (*virJSONValueObjectIterator)(const char *key,
                                          virJSONValue *value, void *opaque);
int virJSONValueObjectForeach(const virJSONValue *object,
                              virJSONValueObjectIterator cb, void *opaque);

/**
 * virJSONValueFromString:
 * @str: one JSON document
 * @why: if not NULL, receives (new string) what is wrong on failure
 *
 * Returns the parsed value, or NULL. Reports no error itself, so that
 * the CLI can use this file without the library's internals.
 */
virJSONValue *virJSONValueFromString(const char *str, char **why);

/**
 * virJSONValueToString:
 * @pretty: one member per line, two-space indentation, "key": value
 *          (what virsh qemu-monitor-command --pretty prints)
 *
 * Returns the serialized value (new string). Compact output has no
 * spaces, as QEMU reads it.
 */
char *virJSONValueToString(const virJSONValue *value, bool pretty);
