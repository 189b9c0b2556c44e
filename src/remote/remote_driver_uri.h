/*
 * remote_driver_uri.h: which daemon socket a URI names, and the URI the
 * daemon is asked to open (libvirt's remote_driver.c / remote_sockets.c
 * rules, cut down to the UNIX and TLS transports)
 */
#pragma once

#include "internal.h"

typedef struct {
    char *socket;   /* the socket to connect to; NULL for TLS */
    char *name;     /* sent in CONNECT_OPEN; "" lets the daemon choose */
    bool autostart; /* start the per-user daemon if @socket is absent */

    /* the TLS transport (socket is NULL) */
    bool tls;
    char *host;     /* the URI's host, else "localhost" */
    char *port;     /* the URI's port, else "16514" */
    char *pkipath;  /* ?pkipath= */
    char *tls_priority; /* ?tls_priority= */
    bool sanity;    /* false with ?no_sanity=N, N != 0 */
    bool verify;    /* false with ?no_verify=N, N != 0 */
} remoteDriverTarget;

void remoteDriverTargetClear(remoteDriverTarget *target);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(remoteDriverTarget, remoteDriverTargetClear);

/**
 * remoteDriverParseURI:
 * @uri: the connection's parsed URI (query still %-encoded), or NULL
 * @readonly: the connection is read-only (the system socket is then the
 *            "-ro" one, as libvirt picks it)
 * @privileged: the caller is root (geteuid() == 0), who never uses the
 *              per-user daemon
 * @target: (out caller-allocates): zeroed, filled on success
 *
 * The URIs served: DRIVER+unix:///PATH[?socket=S&...] (S, or the default
 * socket), DRIVER+tls://[HOST][:PORT]/PATH[?pkipath=DIR&no_verify=1&
 * no_sanity=1&tls_priority=P] (tls set, HOST default localhost, PORT
 * 16514; the boolean parameters take an integer, anything else is
 * libvirt's "Failed to parse value of URI component NAME"), and
 * qemu:///session / qemu:///system without a transport
 * (any driver name with those paths, as libvirt sends them all to its
 * daemon). The default sockets, by libvirt's rule: an unprivileged
 * caller with PATH /session or a test+ scheme uses the per-user daemon,
 * $XDG_RUNTIME_DIR/tidemark/tidemark-sock (falling back to the user
 * cache dir, ~/.cache/tidemark/, as libvirt falls back); everything else
 * the system one, /run/tidemark/tidemark-sock (-ro when @readonly). The name keeps the
 * driver, path and every query parameter the remote driver does not
 * consume itself (socket, name, auth, ... as libvirt's list), and drops
 * the transport, user and host: test+unix:///default?socket=S ->
 * test:///default. ?name= replaces it; remote+unix:// sends "".
 * autostart is set, as libvirt sets it, for the per-user daemon's
 * default socket (no socket= given), unless $TIDEMARK_AUTOSTART is "0"
 * (libvirt's LIBVIRT_AUTOSTART).
 *
 * Returns 0; 1 when the URI is not the remote driver's (nothing set);
 * -1 with an error for a transport it does not have (libvirt's
 * "transport in URL not recognised" for unknown ones, CONFIG_UNSUPPORTED
 * for ssh/tcp/ext/libssh*, which tidemark does not speak yet) or a
 * unix transport with a host.
 */
int remoteDriverParseURI(GUri *uri, bool readonly, bool privileged,
                         remoteDriverTarget *target);
