/*
 * test-qemu-conf-daemon.c: where tidemarkd's own qemu driver keeps its
 * files (qemuDriverConfigNewDaemon, src/qemu/qemu_conf.c)
 *
 * libvirt's layout for qemu:///session and qemu:///system with
 * "tidemark" for "libvirt": the session one follows the XDG variables,
 * and its qemu.conf is read from the user's config dir.
 */
#include "internal.h"
#include "testutils.h"
#include "config.h"
#include "qemu/qemu_conf.h"

#include <unistd.h>

static bool
path_is(const char *got, const char *dir, const char *rest)
{
    g_autofree char *want = g_build_filename(dir, rest, NULL);

    if (g_str_equal(got, want))
        return true;
    tmTestDiag("got %s, want %s", got, want);
    return false;
}

int
main(void)
{
    g_autofree char *dir = g_dir_make_tmp("tidemark-qemu-conf-XXXXXX", NULL);
    g_autofree char *config = g_build_filename(dir, "config", NULL);
    g_autofree char *runtime = g_build_filename(dir, "run", NULL);
    g_autofree char *cache = g_build_filename(dir, "cache", NULL);
    g_autofree char *confdir = g_build_filename(config, "tidemark", NULL);
    g_autofree char *conffile = g_build_filename(confdir, "qemu.conf", NULL);
    g_autofree char *etc = g_build_filename(TM_SYSCONFDIR, "tidemark", NULL);
    g_autoptr(qemuDriverConfig) cfg = NULL;
    g_autoptr(qemuDriverConfig) sys = NULL;

    /* before GLib reads (and caches) them */
    g_setenv("XDG_CONFIG_HOME", config, TRUE);
    g_setenv("XDG_RUNTIME_DIR", runtime, TRUE);
    g_setenv("XDG_CACHE_HOME", cache, TRUE);

    cfg = qemuDriverConfigNewDaemon(false);
    tmTestResult(cfg && path_is(cfg->config_file, config, "tidemark/qemu.conf") &&
                 path_is(cfg->domain_dir, config, "tidemark/qemu") &&
                 path_is(cfg->checkpoint_dir, config, "tidemark/qemu/checkpoint") &&
                 path_is(cfg->snapshot_dir, config, "tidemark/qemu/snapshot"),
                 "session: qemu.conf and definitions in $XDG_CONFIG_HOME/tidemark");
    tmTestResult(cfg && path_is(cfg->run_dir, runtime, "tidemark/qemu/run") &&
                 path_is(cfg->lock_file, runtime, "tidemark/qemu/run/driver.pid") &&
                 path_is(cfg->cache_dir, cache, "tidemark/qemu"),
                 "session: running domains in $XDG_RUNTIME_DIR, cache in $XDG_CACHE_HOME");
    g_clear_pointer(&cfg, qemuDriverConfigFree);

    sys = qemuDriverConfigNewDaemon(true);
    tmTestResult(sys && path_is(sys->config_file, etc, "qemu.conf") &&
                 path_is(sys->domain_dir, etc, "qemu") &&
                 g_str_equal(sys->checkpoint_dir, "/var/lib/tidemark/qemu/checkpoint") &&
                 g_str_equal(sys->snapshot_dir, "/var/lib/tidemark/qemu/snapshot") &&
                 g_str_equal(sys->run_dir, "/run/tidemark/qemu") &&
                 g_str_equal(sys->cache_dir, "/var/cache/tidemark/qemu"),
                 "system: SYSCONFDIR/tidemark, /var/lib, /run and /var/cache");

    /* the file is read from there: a value it refuses makes the error */
    g_mkdir_with_parents(confdir, 0700);
    g_file_set_contents(conffile, "security_driver = \"selinux\"\n", -1, NULL);
    cfg = qemuDriverConfigNewDaemon(false);
    tmTestResult(!cfg && strstr(virGetLastErrorMessage(), "security driver 'selinux'"),
                 "session: qemu.conf read from $XDG_CONFIG_HOME/tidemark (%s)",
                 virGetLastErrorMessage());
    virResetLastError();

    unlink(conffile);
    rmdir(confdir);
    rmdir(config);
    rmdir(dir);
    return tmTestDone();
}
