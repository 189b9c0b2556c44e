/*
 * daemon_activation.c: LISTEN_FDS and NOTIFY_SOCKET (daemon_activation.h)
 */
#include "daemon/daemon_activation.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* sd_listen_fds(3): the first passed descriptor */
#define LISTEN_FDS_START 3

/* Which of the two sockets @fd is: 0 read-write, 1 read-only, -1 neither. */
static int
socket_role(int fd, const char *name, GError **error)
{
    struct sockaddr_un addr = { 0 };
    socklen_t len = sizeof(addr);
    int type = 0, listening = 0;
    socklen_t optlen = sizeof(int);
    g_autofree char *base = NULL;

    if (getsockname(fd, (struct sockaddr *)&addr, &len) < 0 ||
        addr.sun_family != AF_UNIX ||
        getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &optlen) < 0 || type != SOCK_STREAM ||
        getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &optlen) < 0 || !listening) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "socket activation: fd %d is not a listening UNIX stream socket", fd);
        return -1;
    }
    if (name && g_str_equal(name, "tidemarkd.socket"))
        return 0;
    if (name && g_str_equal(name, "tidemarkd-ro.socket"))
        return 1;
    base = g_path_get_basename(addr.sun_path);
    if (g_str_equal(base, "tidemark-sock"))
        return 0;
    if (g_str_equal(base, "tidemark-sock-ro"))
        return 1;
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                "socket activation: fd %d ('%s', name '%s') is neither tidemark-sock nor "
                "tidemark-sock-ro", fd, addr.sun_path, name ? name : "");
    return -1;
}

bool
daemonActivationTake(int *rw_fd, int *ro_fd, GError **error)
{
    const char *pid_str = g_getenv("LISTEN_PID");
    const char *fds_str = g_getenv("LISTEN_FDS");
    g_auto(GStrv) names = NULL;
    guint64 pid, nfds = 0;
    int *roles[2] = { rw_fd, ro_fd };
    bool ok = true;
    guint64 i;

    *rw_fd = *ro_fd = -1;
    /* variables meant for another process (our parent's) are not ours */
    if (!pid_str || !fds_str ||
        !g_ascii_string_to_unsigned(pid_str, 10, 1, G_MAXINT, &pid, NULL) ||
        (pid_t)pid != getpid())
        return true;
    if (!g_ascii_string_to_unsigned(fds_str, 10, 0, 64, &nfds, NULL)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "socket activation: bad LISTEN_FDS '%s'", fds_str);
        return false;
    }
    if (g_getenv("LISTEN_FDNAMES"))
        names = g_strsplit(g_getenv("LISTEN_FDNAMES"), ":", -1);

    for (i = 0; i < nfds; i++) {
        int fd = LISTEN_FDS_START + i;
        const char *name = names && i < g_strv_length(names) ? names[i] : NULL;
        int role;

        if (!ok) {
            close(fd);
            continue;
        }
        if ((role = socket_role(fd, name, error)) < 0 ||
            *roles[role] >= 0) {
            if (role >= 0)
                g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                            "socket activation: two sockets for %s",
                            role ? "tidemark-sock-ro" : "tidemark-sock");
            close(fd);
            ok = false;
            continue;
        }
        if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                        "socket activation: fd %d: %s", fd, g_strerror(errno));
            close(fd);
            ok = false;
            continue;
        }
        *roles[role] = fd;
    }
    g_unsetenv("LISTEN_PID");
    g_unsetenv("LISTEN_FDS");
    g_unsetenv("LISTEN_FDNAMES");
    if (!ok) {
        for (i = 0; i < G_N_ELEMENTS(roles); i++) {
            if (*roles[i] >= 0)
                close(*roles[i]);
            *roles[i] = -1;
        }
    }
    return ok;
}

void
daemonNotifyReady(void)
{
    const char *path = g_getenv("NOTIFY_SOCKET");
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    socklen_t len;
    int fd;

    if (!path || !*path || strlen(path) >= sizeof(addr.sun_path) ||
        (path[0] != '/' && path[0] != '@'))
        return;
    memcpy(addr.sun_path, path, strlen(path));
    len = offsetof(struct sockaddr_un, sun_path) + strlen(path);
    /* '@': an abstract socket, whose name starts with a NUL byte */
    if (path[0] == '@')
        addr.sun_path[0] = '\0';
    if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
        return;
    if (sendto(fd, "READY=1", strlen("READY=1"), MSG_NOSIGNAL,
               (struct sockaddr *)&addr, len) < 0) {
        /* systemd then times the start out: nothing better to do here */
    }
    close(fd);
}
