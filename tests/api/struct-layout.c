/*
 * struct-layout.c: print the size and alignment of every public struct and
 * the offset, size and (scalar) type of each of its fields
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built against our headers and (TM_USE_LIBVIRT) against libvirt's;
 * check-prototypes.sh requires identical output.
 */

#define VIR_ENUM_SENTINELS

#include <stddef.h>
#include <stdio.h>

#ifdef TM_USE_LIBVIRT
# include <libvirt/libvirt.h>
# include <libvirt/virterror.h>
#else
# include <tidemark/tidemark.h>
#endif

/* virError's conn, dom and net fields are deprecated; we still measure them. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define STRUCT(type) \
    printf("%s size=%zu align=%zu\n", #type, sizeof(type), _Alignof(type))
/* Name of a field's type after lvalue conversion (arrays become pointers,
 * enums their compatible integer type), to catch signedness changes. */
#define TYPENAME(expr) _Generic((expr), \
    char: "char", signed char: "signed char", unsigned char: "unsigned char", \
    short: "short", unsigned short: "unsigned short", \
    int: "int", unsigned int: "unsigned int", \
    long: "long", unsigned long: "unsigned long", \
    long long: "long long", unsigned long long: "unsigned long long", \
    double: "double", char *: "char *", virConnectPtr: "virConnectPtr", \
    virDomainPtr: "virDomainPtr", virNetworkPtr: "virNetworkPtr", \
    default: "other")

#define FIELD(type, field) \
    printf("%s.%s offset=%zu size=%zu type=%s\n", #type, #field, \
           offsetof(type, field), sizeof(((type *) NULL)->field), \
           TYPENAME(((type *) NULL)->field))

int
main(void)
{
    STRUCT(virTypedParameter);
    FIELD(virTypedParameter, field);
    FIELD(virTypedParameter, type);
    FIELD(virTypedParameter, value);
    FIELD(virTypedParameter, value.i);
    FIELD(virTypedParameter, value.ui);
    FIELD(virTypedParameter, value.l);
    FIELD(virTypedParameter, value.ul);
    FIELD(virTypedParameter, value.d);
    FIELD(virTypedParameter, value.b);
    FIELD(virTypedParameter, value.s);

    STRUCT(virDomainInfo);
    FIELD(virDomainInfo, state);
    FIELD(virDomainInfo, maxMem);
    FIELD(virDomainInfo, memory);
    FIELD(virDomainInfo, nrVirtCpu);
    FIELD(virDomainInfo, cpuTime);

    STRUCT(virSecurityLabel);
    FIELD(virSecurityLabel, label);
    FIELD(virSecurityLabel, enforcing);

    STRUCT(virSecurityModel);
    FIELD(virSecurityModel, model);
    FIELD(virSecurityModel, doi);

    STRUCT(virDomainJobInfo);
    FIELD(virDomainJobInfo, type);
    FIELD(virDomainJobInfo, timeElapsed);
    FIELD(virDomainJobInfo, timeRemaining);
    FIELD(virDomainJobInfo, dataTotal);
    FIELD(virDomainJobInfo, dataProcessed);
    FIELD(virDomainJobInfo, dataRemaining);
    FIELD(virDomainJobInfo, memTotal);
    FIELD(virDomainJobInfo, memProcessed);
    FIELD(virDomainJobInfo, memRemaining);
    FIELD(virDomainJobInfo, fileTotal);
    FIELD(virDomainJobInfo, fileProcessed);
    FIELD(virDomainJobInfo, fileRemaining);

    STRUCT(virDomainBlockJobInfo);
    FIELD(virDomainBlockJobInfo, type);
    FIELD(virDomainBlockJobInfo, bandwidth);
    FIELD(virDomainBlockJobInfo, cur);
    FIELD(virDomainBlockJobInfo, end);

    STRUCT(virError);
    FIELD(virError, code);
    FIELD(virError, domain);
    FIELD(virError, message);
    FIELD(virError, level);
    FIELD(virError, conn);
    FIELD(virError, dom);
    FIELD(virError, str1);
    FIELD(virError, str2);
    FIELD(virError, str3);
    FIELD(virError, int1);
    FIELD(virError, int2);
    FIELD(virError, net);
    return 0;
}
