/*
 * remote_driver_tls.h: the TLS transport of the remote driver
 *
 * DRIVER+tls://HOST[:PORT]/PATH: a TCP connection to HOST (default
 * localhost) on PORT (default 16514, libvirt's), the x509 credentials
 * found as libvirt finds them (rpc_tls.h: ?pkipath=DIR, else
 * ~/.pki/libvirt for non-root, else /etc/pki), the handshake, the check
 * of the server's certificate against the CA and HOST, and the daemon's
 * confirmation that it accepted ours. Then the usual RPC client
 * (remote_driver_client.h) runs over the TLS session.
 */
#pragma once

#include "remote/remote_driver_client.h"

typedef struct {
    const char *host;
    const char *port;
    const char *pkipath;        /* nullable */
    const char *priority;       /* nullable: the default */
    bool sanity;                /* check our own credentials first (no_sanity=0) */
    bool verify;                /* refuse a server that fails the check (no_verify=0) */
} remoteTlsParams;

/**
 * remoteNetClientConnectTLS:
 * @params: where and how
 *
 * Returns the client, or NULL with libvirt's errors:
 * VIR_ERR_SYSTEM_ERROR "unable to connect to server at 'HOST:PORT': ..."
 * or "Unable to resolve address ...", a credential error
 * (VIR_ERR_SYSTEM_ERROR), VIR_ERR_AUTH_FAILED for a failed handshake or
 * a server certificate that fails the check, and when the daemon closes
 * instead of confirming (it refused our certificate) VIR_ERR_SYSTEM_ERROR
 * "Unable to read TLS confirmation: Input/output error".
 */
remoteNetClient *remoteNetClientConnectTLS(const remoteTlsParams *params);
