/*
 * api-headers.c: the whole public API in one translation unit
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Compiled with gcc -aux-info (once as is, once with TM_USE_LIBVIRT) to list
 * every declared prototype; see check-prototypes.sh and gen-link-all.py.
 */

#ifdef TM_USE_LIBVIRT
# include <libvirt/libvirt.h>
# include <libvirt/virterror.h>
# include <libvirt/libvirt-qemu.h>
#else
# include <tidemark/tidemark.h>
# include <tidemark/tidemark-qemu.h>
# include <tidemark/tidemark-extensions.h>
#endif

/* Keeps the unit non-empty for -Wpedantic. */
typedef int tm_api_headers_unused;
