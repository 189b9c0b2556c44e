/*
 * libtidemark.c: library initialisation, opening and closing connections
 *
 * Mirrors libvirt.c, which is why errors raised here carry
 * VIR_FROM_NONE (and the URI parse error VIR_FROM_URI, as libvirt's
 * viruri.c raises it). The other connection calls live in
 * libtidemark-host.c, whose errors carry VIR_FROM_DOMAIN like libvirt's.
 */
#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include "drivers.h"
#include "libtidemark.h"

#include <stdlib.h>

#define VIR_FROM_THIS VIR_FROM_NONE

static gsize init_once;
static int init_result;

int
tmInitialize(void)
{
    if (g_once_init_enter(&init_once)) {
        /* GLib 2.74's g_ascii_strto*() set up their C locale in a
         * g_once the first time; when another thread holds GLib's
         * g_once lock then, the futex wait leaves errno at EAGAIN, and
         * g_ascii_string_to_signed() and our own errno checks read a
         * plain "1" as not a number. Taking that first call here, before
         * any thread of ours exists, keeps every later one off the lock
         * (test-init-once.c). */
        g_ascii_strtoll("0", NULL, 10);
        init_result = tmRegisterDrivers();
        g_once_init_leave(&init_once, 1);
    }
    return init_result;
}

/* TIDEMARK_DEFAULT_URI, else LIBVIRT_DEFAULT_URI (what libvirt itself
 * consults, so scripts written for virsh keep working), else NULL. */
static char *
tmConnectGetDefaultURI(void)
{
    const char *envs[] = { "TIDEMARK_DEFAULT_URI", "LIBVIRT_DEFAULT_URI" };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(envs); i++) {
        const char *value = getenv(envs[i]);

        if (value && *value)
            return g_strdup(value);
    }
    return NULL;
}

/*
 * Parses @uristr into conn->guri and conn->uri (its canonical text).
 * The query is kept %-encoded so that drivers can split parameters with
 * g_uri_parse_params() without '&' or '=' inside a value confusing
 * them.
 */
static int
tmConnectParseURI(virConnectPtr conn, const char *uristr)
{
    static const char *const missing_slash_schemes[] = { "qemu", "vbox", "vz", NULL };
    const char *scheme = g_uri_peek_scheme(uristr); /* interned */
    g_autoptr(GError) gerr = NULL;
    GUri *guri;

    /* xmlParseURI, which libvirt uses, takes "foo" or "/foo" as a
     * relative URI without a scheme; GLib refuses them outright. */
    if (!scheme) {
        virReportError(VIR_ERR_NO_CONNECT,
                       "URI '%s' does not include a driver name", uristr);
        return -1;
    }

    guri = g_uri_parse(uristr, G_URI_FLAGS_ENCODED_QUERY, &gerr);
    if (!guri) {
        g_clear_error(&gerr);
        guri = g_uri_parse(uristr,
                           G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_PARSE_RELAXED,
                           &gerr);
    }
    if (!guri) {
        virReportErrorHelper(VIR_FROM_URI, VIR_ERR_INTERNAL_ERROR, __FILE__,
                             __func__, __LINE__, "Unable to parse URI %s",
                             uristr);
        return -1;
    }
    conn->guri = guri;
    conn->uri = g_uri_to_string(guri);

    /* libvirt's hint for a forgotten slash: it checks the URI itself
     * before choosing a driver, for the schemes whose drivers mandate
     * a path (/system, /session), whichever drivers are built in. */
    if (g_strv_contains(missing_slash_schemes, g_uri_get_scheme(guri)) &&
        g_uri_get_host(guri) &&
        (STREQ(g_uri_get_host(guri), "system") ||
         STREQ(g_uri_get_host(guri), "session"))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "invalid URI %s (maybe you want %s:///%s)",
                       uristr, g_uri_get_scheme(guri), g_uri_get_host(guri));
        return -1;
    }
    return 0;
}

static bool
tmDriverServesScheme(const virConnectDriver *driver, const char *scheme)
{
    size_t i;

    for (i = 0; driver->uri_schemes[i]; i++) {
        if (STREQ(driver->uri_schemes[i], scheme))
            return true;
    }
    return false;
}

static virConnectPtr
tmConnectOpenInternal(const char *name, unsigned int flags)
{
    g_autoptr(virConnect) conn = virGetConnect();
    g_autofree char *uristr = NULL;
    const virConnectDriver *drivers[VIR_MAX_CONNECT_DRIVERS];
    size_t ndrivers;
    size_t i;

    if (name && !*name)
        name = NULL;
    uristr = name ? g_strdup(name) : tmConnectGetDefaultURI();

    if (uristr && tmConnectParseURI(conn, uristr) < 0)
        return NULL;

    conn->flags = flags & VIR_CONNECT_RO;

    ndrivers = virConnectDriverGetAll(drivers);
    for (i = 0; i < ndrivers; i++) {
        int rc;

        if (drivers[i]->uri_schemes &&
            (!conn->guri ||
             !tmDriverServesScheme(drivers[i], g_uri_get_scheme(conn->guri))))
            continue;

        conn->driver = drivers[i];
        rc = drivers[i]->connectOpen(conn, conn->uri, conn->flags);
        if (rc == VIR_DRV_OPEN_SUCCESS)
            return g_steal_pointer(&conn);

        /* Not opened: make sure the unref below won't call its close. */
        conn->driver = NULL;
        if (rc != VIR_DRV_OPEN_DECLINED)
            return NULL;
    }

    /* libvirt names the URI as given, so "<null>" for a default one. */
    virReportError(VIR_ERR_NO_CONNECT, "%s", NULLSTR(name));
    return NULL;
}

/* Registration failed once, in whichever thread initialized: every
 * open reports it. */
static void
tm_report_init_failure(void)
{
    virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "the connection drivers could not be registered");
    virDispatchError(NULL);
}

int
virGetVersion(unsigned long *libVer, const char *type G_GNUC_UNUSED, unsigned long *typeVer)
{
    virResetLastError();
    virCheckNonNullArgGoto(libVer, error);

    *libVer = TIDEMARK_LIBVIRT_API_VERSION;
    if (typeVer)
        *typeVer = TIDEMARK_LIBVIRT_API_VERSION;
    return 0;

 error:
    virDispatchError(NULL);
    return -1;
}

virConnectPtr
virConnectOpen(const char *name)
{
    virConnectPtr conn;

    virResetLastError();
    if (tmInitialize() < 0) {
        tm_report_init_failure();
        return NULL;
    }

    if (!(conn = tmConnectOpenInternal(name, 0)))
        virDispatchError(NULL);
    return conn;
}

virConnectPtr
virConnectOpenReadOnly(const char *name)
{
    virConnectPtr conn;

    virResetLastError();
    if (tmInitialize() < 0) {
        tm_report_init_failure();
        return NULL;
    }

    if (!(conn = tmConnectOpenInternal(name, VIR_CONNECT_RO)))
        virDispatchError(NULL);
    return conn;
}

int
virConnectClose(virConnectPtr conn)
{
    virResetLastError();
    virCheckConnectReturn(conn, -1);

    return virConnectHandleUnref(conn);
}
