/*
 * rpc_tls.h: x509 TLS for the wire protocol, both ends (gnutls)
 *
 * libvirt's virNetTLSContext / virNetTLSSession, cut down to what a
 * daemon and its remote driver need. A context holds the credentials
 * (CA, optional CRL, our certificate and key) and the policy (priority
 * string, whether the peer's certificate must verify, the server's DN
 * allow-list); a session is one connection's TLS state over a stream
 * socket, usable blocking (the client) or non-blocking (the daemon's
 * main loop: the handshake and the record layer then return EAGAIN).
 *
 * After the handshake the server checks the client's certificate and,
 * if it passes, sends one byte, 1, inside the TLS stream; otherwise it
 * closes the connection. The client checks the server's certificate
 * against the CA and the host name, then waits for that byte. Only then
 * does the RPC framing start. This is libvirt's sequence, so libvirt's
 * clients and daemons speak to ours unchanged.
 *
 * Errors are reported with libvirt's codes and wording: credential
 * problems VIR_ERR_SYSTEM_ERROR, a failed handshake or a peer whose
 * certificate does not pass VIR_ERR_AUTH_FAILED.
 */
#pragma once

#include "internal.h"

#include <sys/types.h>

typedef struct _rpcTlsContext rpcTlsContext;
typedef struct _rpcTlsSession rpcTlsSession;

/* libvirt's default credential paths (its LIBVIRT_* pki constants) */
#define RPC_TLS_CACERT "/etc/pki/CA/cacert.pem"
#define RPC_TLS_CACRL "/etc/pki/CA/cacrl.pem"
#define RPC_TLS_SERVERCERT "/etc/pki/libvirt/servercert.pem"
#define RPC_TLS_SERVERKEY "/etc/pki/libvirt/private/serverkey.pem"
#define RPC_TLS_CLIENTCERT "/etc/pki/libvirt/clientcert.pem"
#define RPC_TLS_CLIENTKEY "/etc/pki/libvirt/private/clientkey.pem"

/* libvirt's build default for tls_priority */
#define RPC_TLS_DEFAULT_PRIORITY "NORMAL"

/**
 * rpcTlsContextNew:
 * @server: a daemon's context (requests the client's certificate and
 *          applies @dn_acl) rather than a client's
 * @cacert: the CA certificate file (must exist)
 * @cacrl: (nullable): the revocation list; a missing file is skipped
 * @cert: (nullable): our certificate
 * @key: (nullable): its private key; a client whose pair is missing
 *       goes on without one (the server then refuses it), a server's
 *       pair must exist
 * @dn_acl: (nullable): server only: glob patterns (g_pattern_match_simple,
 *          as libvirt's tls_allowed_dn_list) one of which the client's
 *          DN must match; NULL lets every verified client in. Copied.
 * @priority: (nullable): gnutls priority string, NULL for the default
 * @sanity: check our own certificate and the CA's before use (dates,
 *          basic constraints, our certificate signed by the CA), as
 *          libvirt does unless told tls_no_sanity_certificate/no_sanity
 * @require_valid: a peer certificate that does not verify ends the
 *                 connection (else it is logged and let through, as
 *                 tls_no_verify_certificate / ?no_verify=1)
 *
 * Returns the context with one reference, or NULL with an error.
 */
rpcTlsContext *rpcTlsContextNew(bool server, const char *cacert, const char *cacrl,
                                const char *cert, const char *key,
                                const char *const *dn_acl, const char *priority,
                                bool sanity, bool require_valid);

/**
 * rpcTlsContextNewPath:
 * @server: as rpcTlsContextNew()
 * @pkipath: (nullable): a directory holding cacert.pem, cacrl.pem and
 *           servercert.pem + serverkey.pem or clientcert.pem +
 *           clientkey.pem, used whether they exist or not
 * @try_user: without @pkipath, look in ~/.pki/libvirt first (libvirt does
 *            for non-root): each file found there is used, the others
 *            come from the system defaults (the cert and key as a pair)
 * @dn_acl, @priority, @sanity, @require_valid: as rpcTlsContextNew()
 *
 * libvirt's credential search (virNetTLSContextLocateCredentials).
 */
rpcTlsContext *rpcTlsContextNewPath(bool server, const char *pkipath, bool try_user,
                                    const char *const *dn_acl, const char *priority,
                                    bool sanity, bool require_valid);

rpcTlsContext *rpcTlsContextRef(rpcTlsContext *ctx);
void rpcTlsContextUnref(rpcTlsContext *ctx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(rpcTlsContext, rpcTlsContextUnref);

/**
 * rpcTlsSessionNew:
 * @ctx: the context (referenced by the session)
 * @fd: the connected stream socket (not owned: the caller closes it
 *      after freeing the session)
 * @hostname: (nullable): client only: the name the server's certificate
 *            must be issued for
 *
 * Returns the session, or NULL with an error.
 */
rpcTlsSession *rpcTlsSessionNew(rpcTlsContext *ctx, int fd, const char *hostname);

/**
 * rpcTlsSessionFree:
 * @sess: (nullable): the session; nothing is sent to the peer
 */
void rpcTlsSessionFree(rpcTlsSession *sess);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(rpcTlsSession, rpcTlsSessionFree);

/**
 * rpcTlsSessionHandshake:
 *
 * Advances the handshake. Returns 0 once it is complete, 1 when the
 * socket would block (wait for rpcTlsSessionHandshakeWants() and call
 * again), -1 with VIR_ERR_AUTH_FAILED "TLS handshake failed ...".
 */
int rpcTlsSessionHandshake(rpcTlsSession *sess);

/**
 * rpcTlsSessionHandshakeWants:
 *
 * While the handshake is blocked: G_IO_IN when it waits for the peer,
 * G_IO_OUT when it waits to send.
 */
GIOCondition rpcTlsSessionHandshakeWants(rpcTlsSession *sess);

/**
 * rpcTlsSessionCheckPeer:
 *
 * After the handshake: verifies the peer's certificate chain against
 * the CA (and CRL), its dates, and then, on a server, the client's DN
 * against the allow-list, on a client, the server certificate against
 * the host name. A failure is logged through @warn (when not NULL) with
 * its reason; with require_valid it is then the error
 * VIR_ERR_AUTH_FAILED "Failed to verify peer's certificate" and -1,
 * else 0 (the peer is let through).
 */
int rpcTlsSessionCheckPeer(rpcTlsSession *sess, void (*warn)(const char *reason));

/**
 * rpcTlsSessionRead / rpcTlsSessionWrite:
 *
 * The record layer: like recv()/send(). Return the bytes moved, 0 at
 * the end of the stream (read only), or -1 with errno set: EAGAIN or
 * EINTR to retry (a write must then be retried with the same buffer
 * and length), EIO for anything else.
 */
ssize_t rpcTlsSessionRead(rpcTlsSession *sess, void *buf, size_t len);
ssize_t rpcTlsSessionWrite(rpcTlsSession *sess, const void *buf, size_t len);

/**
 * rpcTlsSessionPending:
 *
 * Bytes already decrypted and waiting to be read: poll() on the socket
 * does not see them.
 */
size_t rpcTlsSessionPending(rpcTlsSession *sess);

/**
 * rpcTlsSessionGetDN:
 *
 * The peer certificate's distinguished name once rpcTlsSessionCheckPeer()
 * has read it, else NULL.
 */
const char *rpcTlsSessionGetDN(rpcTlsSession *sess);
