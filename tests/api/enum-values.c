/*
 * enum-values.c: print "NAME VALUE" for every constant of api-constants.def
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built twice: against our headers, and with TM_USE_LIBVIRT against
 * libvirt's, so that check-constants.py can compare the two outputs and the
 * checked-in table enum-values.txt.  String macros print quoted.
 */

#define VIR_ENUM_SENTINELS

#include <stdio.h>

#ifdef TM_USE_LIBVIRT
# include <libvirt/libvirt.h>
# include <libvirt/virterror.h>
# include <libvirt/libvirt-qemu.h>
#else
# include <tidemark/tidemark.h>
# include <tidemark/tidemark-qemu.h>
#endif

int
main(void)
{
#define TM_INT(name) printf("%s %lld\n", #name, (long long) (name));
#define TM_STR(name) printf("%s \"%s\"\n", #name, name);
#include "api-constants.def"
#undef TM_INT
#undef TM_STR
    return 0;
}
