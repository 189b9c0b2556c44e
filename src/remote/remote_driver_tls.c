/*
 * remote_driver_tls.c: TCP + TLS to a daemon (remote_driver_tls.h)
 */
#include "remote/remote_driver_tls.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_RPC

/* A blocking TCP connection to the first address of @host that answers,
 * as libvirt's virNetSocketNewConnectTCP tries them in order. */
static int
connect_tcp(const char *host, const char *port)
{
    struct addrinfo hints = { .ai_flags = AI_ADDRCONFIG, .ai_socktype = SOCK_STREAM };
    struct addrinfo *ai = NULL;
    int saved = EINVAL;
    int fd = -1;
    int rc;

    if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to resolve address '%s' service '%s': %s",
                       host, port, gai_strerror(rc));
        return -1;
    }
    for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
        int on = 1;

        if ((fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol)) < 0) {
            saved = errno;
            continue;
        }
        if (connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
            saved = errno;
            close(fd);
            fd = -1;
            continue;
        }
        /* a call is one write: no reason to hold it back for the next */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    }
    freeaddrinfo(ai);
    if (fd < 0)
        virReportSystemError(saved, "unable to connect to server at '%s:%s'", host, port);
    return fd;
}

/* The blocking handshake: the socket blocks, so gnutls returns only when
 * done or failed, but an interrupted call is simply resumed. */
static int
handshake(rpcTlsSession *sess, int fd)
{
    int rc;

    while ((rc = rpcTlsSessionHandshake(sess)) > 0) {
        struct pollfd pfd = { .fd = fd, .events = rpcTlsSessionHandshakeWants(sess) == G_IO_IN ?
                                                  POLLIN : POLLOUT };

        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            virReportSystemError(errno, "%s", "Cannot wait for the TLS handshake");
            return -1;
        }
    }
    return rc;
}

/* The daemon's verdict on our certificate: one byte, 1, or the end of
 * the connection. */
static int
read_confirmation(rpcTlsSession *sess)
{
    char byte = 0;
    ssize_t n;

    do {
        n = rpcTlsSessionRead(sess, &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        virReportSystemError(errno, "%s", "Unable to read TLS confirmation");
        return -1;
    }
    if (n != 1 || byte != 1) {
        virReportError(VIR_ERR_RPC, "%s",
                       "server verification (of our certificate or IP address) failed");
        return -1;
    }
    return 0;
}

remoteNetClient *
remoteNetClientConnectTLS(const remoteTlsParams *params)
{
    g_autoptr(rpcTlsContext) ctx = NULL;
    g_autoptr(rpcTlsSession) sess = NULL;
    int fd = -1;

    /* the credentials first, as libvirt: a client that cannot present
     * its certificate does not bother the server */
    if (!(ctx = rpcTlsContextNewPath(false, params->pkipath, geteuid() != 0, NULL,
                                     params->priority, params->sanity, params->verify)))
        return NULL;
    if ((fd = connect_tcp(params->host, params->port)) < 0)
        return NULL;
    if (!(sess = rpcTlsSessionNew(ctx, fd, params->host)) ||
        handshake(sess, fd) < 0 ||
        rpcTlsSessionCheckPeer(sess, NULL) < 0 ||
        read_confirmation(sess) < 0) {
        g_clear_pointer(&sess, rpcTlsSessionFree);
        close(fd);
        return NULL;
    }
    return remoteNetClientNewTLS(fd, g_steal_pointer(&sess));
}
