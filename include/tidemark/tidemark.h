/*
 * tidemark.h: the public API of the tidemark library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * tidemark implements the part of libvirt's C API that deals with domains,
 * checkpoints, snapshots and backups, with libvirt 9.0's names, values,
 * signatures and struct layouts.  A libvirt client that stays within this
 * subset builds against it by replacing <libvirt/libvirt.h> (and
 * <libvirt/virterror.h>) with <tidemark/tidemark.h> and linking -ltidemark.
 *
 * Constants, flags and functions of libvirt that are not declared here are
 * not implemented.
 */

#ifndef TIDEMARK_H
# define TIDEMARK_H

# include <tidemark/tidemark-common.h>
# include <tidemark/tidemark-host.h>
# include <tidemark/tidemark-domain.h>
# include <tidemark/tidemark-domain-checkpoint.h>
# include <tidemark/tidemark-domain-snapshot.h>
# include <tidemark/tidemark-domain-event.h>
# include <tidemark/tidemark-event.h>
/* Last: virterror.h includes this file back, and needs all of the above. */
# include <tidemark/virterror.h>

#endif /* TIDEMARK_H */
