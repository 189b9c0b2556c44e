/*
 * test-daemon-config.c: tidemarkd's configuration file
 * (src/daemon/daemon_config.c)
 *
 * The file is libvirtd.conf's syntax: the config the daemon tier gives
 * Debian's libvirtd must work unchanged, keys tidemarkd does not know
 * are ignored, and a bad value is refused with its file, line and key.
 */
#include "internal.h"
#include "testutils.h"
#include "daemon/daemon_config.h"

#include <unistd.h>

static char *dir;

static daemonConfig *
load(const char *text, GError **error)
{
    g_autofree char *path = g_build_filename(dir, "test.conf", NULL);
    daemonConfig *cfg = daemonConfigNew(false);

    g_file_set_contents(path, text, -1, NULL);
    if (!daemonConfigLoadFile(cfg, path, error))
        g_clear_pointer(&cfg, daemonConfigFree);
    return cfg;
}

static void
expect_error(const char *what, const char *text, const char *want)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(daemonConfig) cfg = load(text, &error);
    g_autofree char *suffix = g_strdup_printf("test.conf:%s", want);

    if (!tmTestResult(!cfg && error && g_str_has_suffix(error->message, suffix), "%s", what))
        tmTestDiag("got '%s', want '...%s'", error ? error->message : "(no error)", suffix);
}

int
main(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(daemonConfig) cfg = NULL;
    g_autoptr(daemonConfig) defaults = NULL;
    g_autofree char *xdg = NULL;

    dir = g_dir_make_tmp("tidemark-conf-XXXXXX", NULL);
    xdg = g_build_filename(dir, "xdg", NULL);

    g_setenv("XDG_RUNTIME_DIR", xdg, TRUE);
    defaults = daemonConfigNew(false);
    tmTestResult(g_str_has_prefix(defaults->unix_sock_dir, xdg) &&
                 g_str_has_suffix(defaults->unix_sock_dir, "/tidemark") &&
                 defaults->max_client_requests == 5 && defaults->max_workers == 20 &&
                 defaults->unix_sock_rw_perms == 0700 && defaults->unix_sock_ro_perms == 0777,
                 "defaults: $XDG_RUNTIME_DIR/tidemark and libvirtd's numbers");
    g_clear_pointer(&defaults, daemonConfigFree);
    g_unsetenv("XDG_RUNTIME_DIR");
    g_unsetenv("XDG_CACHE_HOME");
    defaults = daemonConfigNew(false);
    tmTestResult(g_str_has_suffix(defaults->unix_sock_dir, "/.cache/tidemark"),
                 "no XDG_RUNTIME_DIR: ~/.cache/tidemark, as libvirt falls back");
    g_clear_pointer(&defaults, daemonConfigFree);
    defaults = daemonConfigNew(true);
    tmTestResult(g_str_equal(defaults->unix_sock_dir, "/run/tidemark") &&
                 g_str_equal(defaults->pid_file, "/run/tidemark/tidemarkd.pid"),
                 "privileged: /run/tidemark");

    cfg = load("# libvirtd's own keys\n"
               "unix_sock_dir = \"/tmp/x\"   # trailing comment\n"
               "auth_unix_rw = \"none\"\n"
               "auth_unix_ro = \"none\"\n"
               "unix_sock_rw_perms = \"0770\"\n"
               "max_client_requests = 8\n"
               "max_workers=3\n"
               "log_level = 1\n"
               "log_outputs = \"3:stderr 1:file:/tmp/x.log\"\n"
               "log_filters = \"1:qemu\"\n"
               "tls_allowed_dn_list = [\"DN1\", \"DN2\"]\n"
               "\n", &error);
    tmTestResult(cfg && g_str_equal(cfg->unix_sock_dir, "/tmp/x") &&
                 cfg->unix_sock_rw_perms == 0770 && cfg->max_client_requests == 8 &&
                 cfg->max_workers == 3 && cfg->log_level == 1 &&
                 g_str_equal(cfg->log_outputs, "3:stderr 1:file:/tmp/x.log"),
                 "libvirtd.conf syntax; log_level and log_outputs; unknown keys ignored");
    if (error)
        tmTestDiag("%s", error->message);

    g_clear_pointer(&cfg, daemonConfigFree);
    g_clear_pointer(&defaults, daemonConfigFree);
    defaults = daemonConfigNew(false);
    tmTestResult(defaults->listen_tls && !defaults->listen && !defaults->listen_addr &&
                 g_str_equal(defaults->tls_port, "16514") && !defaults->ca_file &&
                 !defaults->tls_allowed_dn_list && !defaults->tls_no_verify_certificate,
                 "TLS defaults: listen_tls 1 (honoured with --listen), port 16514");
    g_clear_pointer(&defaults, daemonConfigFree);
    cfg = load("listen_tls = 0\n"
               "listen_addr = \"127.0.0.1\"\n"
               "tls_port = \"26514\"\n"
               "auth_tls = \"none\"\n"
               "ca_file = \"/pki/ca.pem\"\n"
               "cert_file = \"/pki/server.pem\"\n"
               "key_file = \"/pki/key.pem\"\n"
               "crl_file = \"/pki/crl.pem\"\n"
               "tls_no_verify_certificate = 1\n"
               "tls_no_sanity_certificate = 1\n"
               "tls_priority = \"NORMAL:-VERS-TLS1.3\"\n"
               "tls_allowed_dn_list = [\"C=GB,O=Example,CN=*\",   # a comment\n"
               "                       \"CN=#1\"\n"
               "                      ]\n", &error);
    tmTestResult(cfg && !cfg->listen_tls && g_str_equal(cfg->listen_addr, "127.0.0.1") &&
                 g_str_equal(cfg->tls_port, "26514") && g_str_equal(cfg->ca_file, "/pki/ca.pem") &&
                 g_str_equal(cfg->cert_file, "/pki/server.pem") &&
                 g_str_equal(cfg->key_file, "/pki/key.pem") &&
                 g_str_equal(cfg->crl_file, "/pki/crl.pem") && cfg->tls_no_verify_certificate &&
                 cfg->tls_no_sanity_certificate &&
                 g_str_equal(cfg->tls_priority, "NORMAL:-VERS-TLS1.3") &&
                 cfg->tls_allowed_dn_list &&
                 g_strv_length(cfg->tls_allowed_dn_list) == 2 &&
                 g_str_equal(cfg->tls_allowed_dn_list[0], "C=GB,O=Example,CN=*") &&
                 g_str_equal(cfg->tls_allowed_dn_list[1], "CN=#1"),
                 "libvirtd's TLS keys; a list over several lines, '#' inside quotes kept");
    if (error)
        tmTestDiag("%s", error->message);
    expect_error("TLS authentication other than none", "auth_tls = \"sasl\"\n",
                 "1: auth_tls: tidemarkd authenticates TLS clients by their x509 "
                 "certificate only: the value must be \"none\"");
    expect_error("a boolean out of range", "listen_tls = 2\n", "1: listen_tls: expected 0 or 1");
    expect_error("a DN list as a string", "tls_allowed_dn_list = \"CN=a\"\n",
                 "1: tls_allowed_dn_list: expected a list of strings such as "
                 "[\"C=GB,O=Example,CN=*\"]");
    expect_error("a list without commas", "\ntls_allowed_dn_list = [\"a\" \"b\"]\n",
                 "2: tls_allowed_dn_list: expected a list of strings such as [\"a\", \"b\"]");
    expect_error("a port as a number", "tls_port = 16514\n", "1: tls_port: expected a string");

    expect_error("an authentication other than none", "auth_unix_rw = \"polkit\"\n",
                 "1: auth_unix_rw: tidemarkd authenticates UNIX socket clients by the "
                 "socket's permissions only: the value must be \"none\"");
    expect_error("a relative socket dir", "\n\nunix_sock_dir = \"run\"\n",
                 "3: unix_sock_dir: expected an absolute path");
    expect_error("a zero worker count", "max_workers = 0\n",
                 "1: max_workers: expected a positive number");
    expect_error("a number as a string", "max_workers = \"4\"\n",
                 "1: max_workers: expected a positive number");
    expect_error("a bad mode", "unix_sock_ro_perms = \"0999\"\n",
                 "1: unix_sock_ro_perms: expected an octal mode such as \"0770\"");
    expect_error("a log level out of range", "log_level = 5\n",
                 "1: log_level: expected 1 (debug), 2 (info), 3 (warning) or 4 (error)");
    expect_error("log outputs as a number", "log_outputs = 3\n",
                 "1: log_outputs: expected a string such as "
                 "\"3:stderr 1:file:/var/log/tidemarkd.log\"");
    expect_error("no equals sign", "unix_sock_dir\n", "1: expected 'key = value'");
    expect_error("an unterminated string", "unix_sock_dir = \"/tmp\n",
                 "1: unix_sock_dir: unterminated string");

    {
        g_autofree char *path = g_build_filename(dir, "test.conf", NULL);

        unlink(path);
        rmdir(dir);
    }
    g_free(dir);
    return tmTestDone();
}
