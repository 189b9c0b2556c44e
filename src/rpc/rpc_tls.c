/*
 * rpc_tls.c: x509 TLS contexts and sessions (rpc_tls.h)
 *
 * The only file that includes gnutls. Messages and codes follow
 * libvirt's virnettlscontext.c, which clients may show to users.
 */
#include "rpc/rpc_tls.h"

#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_RPC

/* as libvirt: at most this many certificates in a CA file */
#define RPC_TLS_MAX_CA_CERTS 16

struct _rpcTlsContext {
    gint refs;
    gnutls_certificate_credentials_t cred;
    char *priority;
    GStrv dn_acl;
    bool server;
    bool require_valid;
};

struct _rpcTlsSession {
    rpcTlsContext *ctx;
    gnutls_session_t session;
    int fd;
    char *hostname;
    char *dname;
};

/* gnutls_global_init() is reference counted and thread-safe since 3.3,
 * and runs by itself at load; calling it once more here only makes sure
 * the library is ready however it was loaded. */
static void
tls_init_once(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        gnutls_global_init();
        g_once_init_leave(&done, 1);
    }
}

rpcTlsContext *
rpcTlsContextRef(rpcTlsContext *ctx)
{
    g_atomic_int_inc(&ctx->refs);
    return ctx;
}

void
rpcTlsContextUnref(rpcTlsContext *ctx)
{
    if (!ctx || !g_atomic_int_dec_and_test(&ctx->refs))
        return;
    if (ctx->cred)
        gnutls_certificate_free_credentials(ctx->cred);
    g_free(ctx->priority);
    g_strfreev(ctx->dn_acl);
    g_free(ctx);
}

/* ---- certificate checks shared by the sanity check and the peer check ---- */

static const char *
cert_role(bool server, bool ca)
{
    if (ca)
        return "CA";
    return server ? "server" : "client";
}

static int
check_cert_times(gnutls_x509_crt_t cert, const char *file, bool server, bool ca)
{
    time_t now = time(NULL);

    if (gnutls_x509_crt_get_expiration_time(cert) < now) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "The %s certificate %s has expired",
                       cert_role(server, ca), file);
        return -1;
    }
    if (gnutls_x509_crt_get_activation_time(cert) > now) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "The %s certificate %s is not yet active",
                       cert_role(server, ca), file);
        return -1;
    }
    return 0;
}

/* A CA certificate must say it is one; an end certificate must not. */
static int
check_cert_constraints(gnutls_x509_crt_t cert, const char *file, bool server, bool ca)
{
    int status = gnutls_x509_crt_get_ca_status(cert, NULL);

    if (status > 0 && !ca) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "The certificate %s basic constraints show a CA, but we need one for a %s",
                       file, server ? "server" : "client");
        return -1;
    }
    if (status == 0 && ca) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "The certificate %s basic constraints do not show a CA", file);
        return -1;
    }
    if (status == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE && ca) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "The certificate %s is missing basic constraints for a CA", file);
        return -1;
    }
    if (status < 0 && status != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "Unable to query certificate %s basic constraints %s",
                       file, gnutls_strerror(status));
        return -1;
    }
    return 0;
}

/* Key usage: a CA signs certificates, an end certificate signs and
 * enciphers. As in libvirt only a critical extension is enforced, and
 * a certificate without one may do anything. */
static int
check_cert_usage(gnutls_x509_crt_t cert, const char *file, bool ca)
{
    unsigned int usage = 0;
    unsigned int critical = 0;
    int status = gnutls_x509_crt_get_key_usage(cert, &usage, &critical);

    if (status == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        return 0;
    if (status < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to query certificate %s key usage %s",
                       file, gnutls_strerror(status));
        return -1;
    }
    if (!critical)
        return 0;
    if (ca && !(usage & GNUTLS_KEY_KEY_CERT_SIGN)) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "Certificate %s usage does not permit certificate signing", file);
        return -1;
    }
    if (!ca && !(usage & GNUTLS_KEY_DIGITAL_SIGNATURE)) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "Certificate %s usage does not permit digital signature", file);
        return -1;
    }
    if (!ca && !(usage & GNUTLS_KEY_KEY_ENCIPHERMENT)) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "Certificate %s usage does not permit key encipherment", file);
        return -1;
    }
    return 0;
}

/* Extended key purpose: a server certificate must allow TLS server use,
 * a client's TLS client use; enforced, as in libvirt, only when one of
 * the purposes is critical. libvirt's reading is kept: no purpose at all
 * allows both, and so does any purpose other than the two and "any". */
static int
check_cert_purpose(gnutls_x509_crt_t cert, const char *file, bool server)
{
    bool allow_server = false;
    bool allow_client = false;
    bool critical = false;

    for (unsigned int i = 0;; i++) {
        char oid[256];
        size_t size = sizeof(oid);
        unsigned int crit = 0;
        int status = gnutls_x509_crt_get_key_purpose_oid(cert, i, oid, &size, &crit);

        if (status == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
            if (i == 0)
                allow_server = allow_client = true;
            break;
        }
        if (status < 0) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to query certificate %s key purpose %s",
                           file, gnutls_strerror(status));
            return -1;
        }
        critical |= crit != 0;
        if (STREQ(oid, GNUTLS_KP_TLS_WWW_SERVER))
            allow_server = true;
        else if (STREQ(oid, GNUTLS_KP_TLS_WWW_CLIENT))
            allow_client = true;
        else if (STRNEQ(oid, GNUTLS_KP_ANY))
            allow_server = allow_client = true;
    }
    if (critical && !(server ? allow_server : allow_client)) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "Certificate %s purpose does not allow use for with a TLS %s",
                       file, server ? "server" : "client");
        return -1;
    }
    return 0;
}

/* gnutls' verification status as libvirt words it (the last matching
 * flag wins, as in libvirt) */
static const char *
verify_reason(unsigned int status)
{
    const char *reason = "Invalid certificate";

    if (status & GNUTLS_CERT_INVALID)
        reason = "The certificate is not trusted.";
    if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
        reason = "The certificate hasn't got a known issuer.";
    if (status & GNUTLS_CERT_REVOKED)
        reason = "The certificate has been revoked.";
    if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
        reason = "The certificate uses an insecure algorithm";
    return reason;
}

static int
read_pem(const char *file, gnutls_datum_t *data)
{
    g_autofree char *contents = NULL;
    gsize len;

    if (!g_file_get_contents(file, &contents, &len, NULL)) {
        virReportSystemError(errno, "Cannot read %s", file);
        return -1;
    }
    data->data = (unsigned char *)g_steal_pointer(&contents);
    data->size = len;
    return 0;
}

/* ---- the sanity check of our own credentials ---- */

static int
sanity_check(bool server, const char *cacert, const char *cert)
{
    gnutls_x509_crt_t own = NULL;
    gnutls_x509_crt_t cas[RPC_TLS_MAX_CA_CERTS] = { 0 };
    unsigned int ncas = 0;
    unsigned int status;
    gnutls_datum_t data = { 0 };
    int ret = -1;
    unsigned int i;

    if (cert && access(cert, R_OK) == 0) {
        if (read_pem(cert, &data) < 0)
            goto cleanup;
        if (gnutls_x509_crt_init(&own) < 0 ||
            gnutls_x509_crt_import(own, &data, GNUTLS_X509_FMT_PEM) < 0) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to import %s certificate %s",
                           server ? "server" : "client", cert);
            goto cleanup;
        }
        g_clear_pointer(&data.data, g_free);
    }
    if (access(cacert, R_OK) == 0) {
        ncas = RPC_TLS_MAX_CA_CERTS;
        if (read_pem(cacert, &data) < 0)
            goto cleanup;
        if (gnutls_x509_crt_list_import(cas, &ncas, &data, GNUTLS_X509_FMT_PEM, 0) < 0) {
            ncas = 0;
            virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to import CA certificate list %s",
                           cacert);
            goto cleanup;
        }
    }

    if (own && (check_cert_times(own, cert, server, false) < 0 ||
                check_cert_constraints(own, cert, server, false) < 0 ||
                check_cert_usage(own, cert, false) < 0 ||
                check_cert_purpose(own, cert, server) < 0))
        goto cleanup;
    for (i = 0; i < ncas; i++) {
        if (check_cert_times(cas[i], cacert, server, true) < 0 ||
            check_cert_constraints(cas[i], cacert, server, true) < 0 ||
            check_cert_usage(cas[i], cacert, true) < 0)
            goto cleanup;
    }
    if (own && ncas) {
        if (gnutls_x509_crt_list_verify(&own, 1, cas, ncas, NULL, 0, 0, &status) < 0) {
            virReportError(VIR_ERR_SYSTEM_ERROR,
                           "Unable to verify %s certificate %s against CA certificate %s",
                           server ? "server" : "client", cert, cacert);
            goto cleanup;
        }
        if (status != 0) {
            virReportError(VIR_ERR_SYSTEM_ERROR,
                           "Our own certificate %s failed validation against %s: %s",
                           cert, cacert, verify_reason(status));
            goto cleanup;
        }
    }
    ret = 0;

 cleanup:
    g_free(data.data);
    if (own)
        gnutls_x509_crt_deinit(own);
    for (i = 0; i < ncas; i++)
        gnutls_x509_crt_deinit(cas[i]);
    return ret;
}

/* ---- contexts ---- */

static int
load_credentials(rpcTlsContext *ctx, const char *cacert, const char *cacrl,
                 const char *cert, const char *key)
{
    int err;

    if (access(cacert, R_OK) < 0) {
        virReportSystemError(errno, "Cannot read CA certificate '%s'", cacert);
        return -1;
    }
    if ((err = gnutls_certificate_set_x509_trust_file(ctx->cred, cacert,
                                                      GNUTLS_X509_FMT_PEM)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to set x509 CA certificate: %s: %s",
                       cacert, gnutls_strerror(err));
        return -1;
    }
    /* a revocation list is optional: libvirt skips a missing one */
    if (cacrl && access(cacrl, R_OK) == 0 &&
        (err = gnutls_certificate_set_x509_crl_file(ctx->cred, cacrl,
                                                    GNUTLS_X509_FMT_PEM)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "Unable to set x509 certificate revocation list: %s: %s",
                       cacrl, gnutls_strerror(err));
        return -1;
    }
    if (!cert || !key)
        return 0;
    /* a client without its own pair still connects: the server decides */
    if (!ctx->server && (access(cert, R_OK) < 0 || access(key, R_OK) < 0))
        return 0;
    if (access(cert, R_OK) < 0) {
        virReportSystemError(errno, "Cannot read certificate '%s'", cert);
        return -1;
    }
    if (access(key, R_OK) < 0) {
        virReportSystemError(errno, "Cannot read private key '%s'", key);
        return -1;
    }
    if ((err = gnutls_certificate_set_x509_key_file(ctx->cred, cert, key,
                                                    GNUTLS_X509_FMT_PEM)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to set x509 key and certificate: %s, %s: %s",
                       key, cert, gnutls_strerror(err));
        return -1;
    }
    return 0;
}

rpcTlsContext *
rpcTlsContextNew(bool server, const char *cacert, const char *cacrl,
                 const char *cert, const char *key, const char *const *dn_acl,
                 const char *priority, bool sanity, bool require_valid)
{
    g_autoptr(rpcTlsContext) ctx = g_new0(rpcTlsContext, 1);
    int err;

    tls_init_once();
    ctx->refs = 1;
    ctx->server = server;
    ctx->require_valid = require_valid;
    ctx->priority = g_strdup(priority ? priority : RPC_TLS_DEFAULT_PRIORITY);
    ctx->dn_acl = dn_acl ? g_strdupv((char **)dn_acl) : NULL;

    if ((err = gnutls_certificate_allocate_credentials(&ctx->cred)) < 0) {
        ctx->cred = NULL;
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to allocate x509 credentials: %s",
                       gnutls_strerror(err));
        return NULL;
    }
    if (sanity && sanity_check(server, cacert, cert) < 0)
        return NULL;
    if (load_credentials(ctx, cacert, cacrl, cert, key) < 0)
        return NULL;
    return g_steal_pointer(&ctx);
}

rpcTlsContext *
rpcTlsContextNewPath(bool server, const char *pkipath, bool try_user,
                     const char *const *dn_acl, const char *priority,
                     bool sanity, bool require_valid)
{
    const char *certname = server ? "servercert.pem" : "clientcert.pem";
    const char *keyname = server ? "serverkey.pem" : "clientkey.pem";
    g_autofree char *cacert = NULL;
    g_autofree char *cacrl = NULL;
    g_autofree char *cert = NULL;
    g_autofree char *key = NULL;

    if (pkipath) {
        cacert = g_build_filename(pkipath, "cacert.pem", NULL);
        cacrl = g_build_filename(pkipath, "cacrl.pem", NULL);
        cert = g_build_filename(pkipath, certname, NULL);
        key = g_build_filename(pkipath, keyname, NULL);
    } else if (try_user) {
        g_autofree char *dir = g_build_filename(g_get_home_dir(), ".pki", "libvirt", NULL);

        cacert = g_build_filename(dir, "cacert.pem", NULL);
        cacrl = g_build_filename(dir, "cacrl.pem", NULL);
        cert = g_build_filename(dir, certname, NULL);
        key = g_build_filename(dir, keyname, NULL);
        /* what is missing comes from the system paths; the certificate
         * and its key only together */
        if (!g_file_test(cacert, G_FILE_TEST_EXISTS))
            g_clear_pointer(&cacert, g_free);
        if (!g_file_test(cacrl, G_FILE_TEST_EXISTS))
            g_clear_pointer(&cacrl, g_free);
        if (!g_file_test(cert, G_FILE_TEST_EXISTS) || !g_file_test(key, G_FILE_TEST_EXISTS)) {
            g_clear_pointer(&cert, g_free);
            g_clear_pointer(&key, g_free);
        }
    }
    if (!cacert)
        cacert = g_strdup(RPC_TLS_CACERT);
    if (!cacrl)
        cacrl = g_strdup(RPC_TLS_CACRL);
    if (!cert) {
        cert = g_strdup(server ? RPC_TLS_SERVERCERT : RPC_TLS_CLIENTCERT);
        key = g_strdup(server ? RPC_TLS_SERVERKEY : RPC_TLS_CLIENTKEY);
    }
    return rpcTlsContextNew(server, cacert, cacrl, cert, key, dn_acl, priority,
                            sanity, require_valid);
}

/* ---- sessions ---- */

/* The transport: the socket, without SIGPIPE (a peer that went away is
 * an error for the caller, not a signal for the process). */
static ssize_t
tls_push(gnutls_transport_ptr_t opaque, const void *buf, size_t len)
{
    rpcTlsSession *sess = opaque;

    return send(sess->fd, buf, len, MSG_NOSIGNAL);
}

static ssize_t
tls_pull(gnutls_transport_ptr_t opaque, void *buf, size_t len)
{
    rpcTlsSession *sess = opaque;

    return recv(sess->fd, buf, len, 0);
}

rpcTlsSession *
rpcTlsSessionNew(rpcTlsContext *ctx, int fd, const char *hostname)
{
    g_autoptr(rpcTlsSession) sess = g_new0(rpcTlsSession, 1);
    int err;

    sess->ctx = rpcTlsContextRef(ctx);
    sess->fd = fd;
    sess->hostname = g_strdup(hostname);
    if ((err = gnutls_init(&sess->session, ctx->server ? GNUTLS_SERVER : GNUTLS_CLIENT)) < 0) {
        sess->session = NULL;
        virReportError(VIR_ERR_SYSTEM_ERROR, "Failed to initialize TLS session: %s",
                       gnutls_strerror(err));
        return NULL;
    }
    if ((err = gnutls_priority_set_direct(sess->session, ctx->priority, NULL)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Failed to set TLS session priority to %s: %s",
                       ctx->priority, gnutls_strerror(err));
        return NULL;
    }
    if ((err = gnutls_credentials_set(sess->session, GNUTLS_CRD_CERTIFICATE, ctx->cred)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Failed set TLS x509 credentials: %s",
                       gnutls_strerror(err));
        return NULL;
    }
    /* requested, not required: a client without a certificate completes
     * the handshake and is then refused by the peer check, with the
     * reason in the daemon's log, as libvirtd does */
    if (ctx->server)
        gnutls_certificate_server_set_request(sess->session, GNUTLS_CERT_REQUEST);
    gnutls_transport_set_ptr(sess->session, sess);
    gnutls_transport_set_push_function(sess->session, tls_push);
    gnutls_transport_set_pull_function(sess->session, tls_pull);
    return g_steal_pointer(&sess);
}

void
rpcTlsSessionFree(rpcTlsSession *sess)
{
    if (!sess)
        return;
    if (sess->session)
        gnutls_deinit(sess->session);
    rpcTlsContextUnref(sess->ctx);
    g_free(sess->hostname);
    g_free(sess->dname);
    g_free(sess);
}

int
rpcTlsSessionHandshake(rpcTlsSession *sess)
{
    int rc = gnutls_handshake(sess->session);

    if (rc == 0)
        return 0;
    if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
        return 1;
    virReportError(VIR_ERR_AUTH_FAILED, "TLS handshake failed %s", gnutls_strerror(rc));
    return -1;
}

GIOCondition
rpcTlsSessionHandshakeWants(rpcTlsSession *sess)
{
    return gnutls_record_get_direction(sess->session) ? G_IO_OUT : G_IO_IN;
}

/* The first certificate the peer sent: its DN, then the allow-list
 * (server) or the host name (client). */
static int
check_peer_identity(rpcTlsSession *sess, gnutls_x509_crt_t cert)
{
    rpcTlsContext *ctx = sess->ctx;
    size_t size = 0;
    int rc;

    rc = gnutls_x509_crt_get_dn(cert, NULL, &size);
    if (rc == GNUTLS_E_SHORT_MEMORY_BUFFER) {
        sess->dname = g_malloc0(size + 1);
        rc = gnutls_x509_crt_get_dn(cert, sess->dname, &size);
    }
    if (rc != 0) {
        g_clear_pointer(&sess->dname, g_free);
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       "Failed to get certificate %s distinguished name: %s",
                       "[session]", gnutls_strerror(rc));
        return -1;
    }
    if (ctx->server && ctx->dn_acl) {
        bool allowed = false;

        for (size_t i = 0; ctx->dn_acl[i] && !allowed; i++)
            allowed = g_pattern_match_simple(ctx->dn_acl[i], sess->dname);
        if (!allowed) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "%s",
                           "Client's Distinguished Name is not on the list of allowed "
                           "clients (tls_allowed_dn_list).  Use 'virt-pki-query-dn "
                           "clientcert.pem' to view the Distinguished Name field in the "
                           "client certificate, or run this daemon with --verbose option.");
            return -1;
        }
    }
    if (!ctx->server && sess->hostname &&
        !gnutls_x509_crt_check_hostname(cert, sess->hostname)) {
        virReportError(VIR_ERR_RPC, "Certificate %s owner does not match the hostname %s",
                       "[session]", sess->hostname);
        return -1;
    }
    if (check_cert_constraints(cert, "[session]", !ctx->server, false) < 0 ||
        check_cert_usage(cert, "[session]", false) < 0)
        return -1;
    return check_cert_purpose(cert, "[session]", !ctx->server);
}

/* One certificate of the peer's chain, @index 0 being the peer's own:
 * its dates, and for the peer's own its identity. */
static int
check_chain_cert(rpcTlsSession *sess, const gnutls_datum_t *der, unsigned int index)
{
    gnutls_x509_crt_t cert;
    int rc = -1;

    if (gnutls_x509_crt_init(&cert) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", "Unable to initialize certificate");
        return -1;
    }
    if (gnutls_x509_crt_import(cert, der, GNUTLS_X509_FMT_DER) < 0)
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", "Unable to load certificate");
    /* named by our own role, not the peer's: libvirt's wording, which
     * its logs carry */
    else if (check_cert_times(cert, "[session]", sess->ctx->server, index > 0) == 0 &&
             (index > 0 || check_peer_identity(sess, cert) == 0))
        rc = 0;
    gnutls_x509_crt_deinit(cert);
    return rc;
}

/* Returns 0 when the peer's certificate passes every check, else -1
 * with the reason as the thread's error. */
static int
check_peer(rpcTlsSession *sess)
{
    const gnutls_datum_t *certs;
    unsigned int ncerts = 0;
    unsigned int status;
    int rc;

    if ((rc = gnutls_certificate_verify_peers2(sess->session, &status)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to verify TLS peer: %s",
                       gnutls_strerror(rc));
        return -1;
    }
    if (status != 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Certificate failed validation: %s",
                       verify_reason(status));
        return -1;
    }
    if (gnutls_certificate_type_get(sess->session) != GNUTLS_CRT_X509) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", "Only x509 certificates are supported");
        return -1;
    }
    if (!(certs = gnutls_certificate_get_peers(sess->session, &ncerts)) || ncerts == 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "%s", "The certificate has no peers");
        return -1;
    }
    for (unsigned int i = 0; i < ncerts; i++) {
        if (check_chain_cert(sess, &certs[i], i) < 0)
            return -1;
    }
    return 0;
}

int
rpcTlsSessionCheckPeer(rpcTlsSession *sess, void (*warn)(const char *reason))
{
    if (check_peer(sess) == 0)
        return 0;
    if (warn)
        warn(virGetLastErrorMessage());
    if (!sess->ctx->require_valid) {
        virResetLastError();
        return 0;
    }
    virReportError(VIR_ERR_AUTH_FAILED, "%s", "Failed to verify peer's certificate");
    return -1;
}

/* gnutls' record-layer results as errno, as libvirt maps them */
static ssize_t
record_result(ssize_t rc)
{
    if (rc >= 0)
        return rc;
    if (rc == GNUTLS_E_AGAIN)
        errno = EAGAIN;
    else if (rc == GNUTLS_E_INTERRUPTED)
        errno = EINTR;
    else
        errno = EIO;
    return -1;
}

ssize_t
rpcTlsSessionRead(rpcTlsSession *sess, void *buf, size_t len)
{
    /* a peer that closes without close_notify (libvirt's daemon and
     * client both just close) is EIO, as libvirt's clients report it */
    return record_result(gnutls_record_recv(sess->session, buf, len));
}

ssize_t
rpcTlsSessionWrite(rpcTlsSession *sess, const void *buf, size_t len)
{
    return record_result(gnutls_record_send(sess->session, buf, len));
}

size_t
rpcTlsSessionPending(rpcTlsSession *sess)
{
    return gnutls_record_check_pending(sess->session);
}

const char *
rpcTlsSessionGetDN(rpcTlsSession *sess)
{
    return sess->dname;
}
