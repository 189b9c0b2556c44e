/*
 * tidemark-common.h: macros and types shared by every part of the public API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Names, values and layouts here are those of libvirt 9.0 so that a libvirt
 * client builds unchanged against tidemark.
 */

#ifndef TIDEMARK_COMMON_H
# define TIDEMARK_COMMON_H

# include <sys/types.h>

# ifdef __cplusplus
extern "C" {
# endif

/* Marks a declaration (here: struct fields) that callers should stop using. */
# ifndef VIR_DEPRECATED
#  if defined(__GNUC__) && (__GNUC__ > 3 || (__GNUC__ == 3 && __GNUC_MINOR__ >= 1))
#   define VIR_DEPRECATED __attribute__((__deprecated__))
#  else
#   define VIR_DEPRECATED
#  endif
# endif

/*
 * Enumerations that may grow get a trailing *_LAST member, visible only when
 * the caller defines VIR_ENUM_SENTINELS before including the headers.  Its
 * value is the number of members known to this version of the headers.  Bit
 * flag enumerations have no sentinel.
 */

/**
 * LIBVIR_VERSION_NUMBER:
 *
 * The libvirt API these headers implement, major * 1,000,000 + minor *
 * 1,000 + micro: tidemark implements libvirt 9.0.0's subset.
 */
# define LIBVIR_VERSION_NUMBER 9000000

/**
 * LIBVIR_CHECK_VERSION:
 * @major: major component of the version
 * @minor: minor component
 * @micro: micro component
 *
 * True when LIBVIR_VERSION_NUMBER is at least major.minor.micro, as
 * libvirt's macro, so that version tests of libvirt clients still hold.
 */
# define LIBVIR_CHECK_VERSION(major, minor, micro) \
    ((major) * 1000000 + (minor) * 1000 + (micro) <= LIBVIR_VERSION_NUMBER)

/**
 * virFreeCallback:
 * @opaque: the data given together with a callback
 *
 * Releases @opaque once the callback it was registered with is gone
 * (deregistered, or its timer or handle removed).  As in libvirt, it must
 * not call back into the library.
 */
typedef void (*virFreeCallback)(void *opaque);

/**
 * virTypedParameterType:
 *
 * Which member of virTypedParameter.value is valid.
 */
typedef enum {
    VIR_TYPED_PARAM_INT     = 1, /* value.i */
    VIR_TYPED_PARAM_UINT    = 2, /* value.ui */
    VIR_TYPED_PARAM_LLONG   = 3, /* value.l */
    VIR_TYPED_PARAM_ULLONG  = 4, /* value.ul */
    VIR_TYPED_PARAM_DOUBLE  = 5, /* value.d */
    VIR_TYPED_PARAM_BOOLEAN = 6, /* value.b, 0 or 1 */
    VIR_TYPED_PARAM_STRING  = 7, /* value.s, never NULL */

# ifdef VIR_ENUM_SENTINELS
    VIR_TYPED_PARAM_LAST
# endif
} virTypedParameterType;

/**
 * virTypedParameterFlags:
 *
 * Flags for calls that return typed parameters.  Bits 0 and 1 are taken by
 * the domain modification-impact flags.
 */
typedef enum {
    /* The caller can receive VIR_TYPED_PARAM_STRING values.  The library sets
     * it by itself where needed; a server that cannot honour it refuses. */
    VIR_TYPED_PARAM_STRING_OKAY = 1 << 2,
} virTypedParameterFlags;

/* Size of virTypedParameter.field, including the terminating NUL. */
# define VIR_TYPED_PARAM_FIELD_LENGTH 80

/**
 * virTypedParameter:
 *
 * One named, typed value, as returned in arrays by virDomainGetJobStats().
 */
typedef struct _virTypedParameter virTypedParameter;

struct _virTypedParameter {
    char field[VIR_TYPED_PARAM_FIELD_LENGTH]; /* NUL-terminated name */
    int type;                                  /* a virTypedParameterType */
    union {
        int i;
        unsigned int ui;
        long long int l;
        unsigned long long int ul;
        double d;
        char b;
        char *s;
    } value;
};

typedef virTypedParameter *virTypedParameterPtr;

/**
 * virTypedParamsFree:
 * @params: array returned by the library, or NULL
 * @nparams: number of elements in @params
 *
 * Frees the strings held by VIR_TYPED_PARAM_STRING elements, then the array.
 */
void virTypedParamsFree(virTypedParameterPtr params,
                        int nparams);

/**
 * virTypedParamsGet:
 * @params: array of typed parameters, or NULL
 * @nparams: number of elements in @params
 * @name: the field to find
 *
 * Returns the first parameter named @name, or NULL if there is none.
 */
virTypedParameterPtr virTypedParamsGet(virTypedParameterPtr params,
                                       int nparams,
                                       const char *name);

/**
 * virTypedParamsGetInt:
 * @params: array of typed parameters, or NULL
 * @nparams: number of elements in @params
 * @name: the field to find
 * @value: where to store its value, or NULL
 *
 * Finds @name and, when it is of the requested type, stores its value.
 * The other virTypedParamsGet* functions do the same for their types
 * (virTypedParamsGetBoolean stores 0 or 1; virTypedParamsGetString stores
 * a pointer into @params).
 *
 * Returns 1 if found, 0 if not, -1 (VIR_ERR_INVALID_ARG) if @name is of
 * another type.
 */
int virTypedParamsGetInt(virTypedParameterPtr params, int nparams,
                         const char *name, int *value);
int virTypedParamsGetUInt(virTypedParameterPtr params, int nparams,
                          const char *name, unsigned int *value);
int virTypedParamsGetLLong(virTypedParameterPtr params, int nparams,
                           const char *name, long long *value);
int virTypedParamsGetULLong(virTypedParameterPtr params, int nparams,
                            const char *name, unsigned long long *value);
int virTypedParamsGetDouble(virTypedParameterPtr params, int nparams,
                            const char *name, double *value);
int virTypedParamsGetBoolean(virTypedParameterPtr params, int nparams,
                             const char *name, int *value);
int virTypedParamsGetString(virTypedParameterPtr params, int nparams,
                            const char *name, const char **value);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_COMMON_H */
