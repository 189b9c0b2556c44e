/*
 * virhostname.c: the host's name, as libvirt's drivers report it
 */
/* AI_CANONIDN is a GNU extension */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE
#endif
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/virhostname.h"

#define VIR_FROM_THIS VIR_FROM_NONE

char *
virGetHostname(void)
{
    char name[HOST_NAME_MAX + 1];
    struct addrinfo hints = { .ai_flags = AI_CANONNAME | AI_CANONIDN,
                              .ai_family = AF_UNSPEC };
    struct addrinfo *info = NULL;
    char *ret;

    if (gethostname(name, sizeof(name)) < 0) {
        virReportSystemError(errno, "%s", "failed to determine host name");
        return NULL;
    }
    name[sizeof(name) - 1] = '\0';
    /* "localhost..." cannot be made any better, and a name with a dot
     * is already qualified */
    if (g_str_has_prefix(name, "localhost") || strchr(name, '.'))
        return g_strdup(name);
    if (getaddrinfo(name, NULL, &hints, &info) != 0)
        return g_strdup(name);
    if (info->ai_canonname && !g_str_has_prefix(info->ai_canonname, "localhost"))
        ret = g_strdup(info->ai_canonname);
    else
        ret = g_strdup(name);
    freeaddrinfo(info);
    return ret;
}
