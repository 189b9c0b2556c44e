/*
 * remote_driver_spawn.c: connect, starting tidemarkd when it is absent
 * (remote_driver_spawn.h)
 */
#include "remote/remote_driver_spawn.h"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_RPC

/* libvirt's figures: 500 tries, 10 ms apart */
#define SPAWN_RETRIES 500
#define SPAWN_RETRY_US 10000

/* The variables libvirt passes to a daemon it starts
 * (virCommandAddEnvPassCommon and the XDG dirs), and tidemark's own:
 * the daemon must find the same user dirs, libraries and schemas, and
 * nothing else of the caller's environment (its default URI, say). */
static const char *const passed_env[] = {
    "LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "HOME", "USER", "LOGNAME", "TMPDIR",
    "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR",
    "TIDEMARK_SCHEMA_DIR",
    /* a sanitized build's daemon reports where its caller asked */
    "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS",
    NULL
};

char *
remoteDriverFindDaemon(void)
{
    const char *dir = g_getenv("TIDEMARKD_PATH");
    g_autofree char *self = NULL;

    if (dir && *dir)
        return g_build_filename(dir, "tidemarkd", NULL);
    /* a program of the build tree (the CLI, a test) runs the build
     * tree's daemon, as libvirt's tools do in theirs */
    self = g_file_read_link("/proc/self/exe", NULL);
    if (self && g_str_has_prefix(self, TM_BUILD_ROOT "/"))
        return g_build_filename(TM_BUILD_DAEMON_DIR, "tidemarkd", NULL);
    return g_build_filename(TM_SBINDIR, "tidemarkd", NULL);
}

/* The grandchild, before exec: its own session, so that the caller's
 * terminal and process group signals do not reach the daemon. */
static void
spawn_child_setup(gpointer unused)
{
    setsid();
}

static int
spawn_daemon(const char *daemon)
{
    g_autoptr(GPtrArray) envp = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error = NULL;
    char *argv[] = { (char *)daemon, (char *)"--timeout=120", NULL };
    size_t i;

    g_ptr_array_add(envp, g_strdup("LC_ALL=C"));
    for (i = 0; passed_env[i]; i++) {
        const char *value = g_getenv(passed_env[i]);

        if (value)
            g_ptr_array_add(envp, g_strdup_printf("%s=%s", passed_env[i], value));
    }
    g_ptr_array_add(envp, NULL);

    /* without G_SPAWN_DO_NOT_REAP_CHILD GLib forks twice and reaps the
     * middle process: the daemon is nobody's child here, as libvirt's
     * virCommandDaemonize makes it; in "/" as there, so that it keeps no
     * directory of the caller's busy */
    if (!g_spawn_async("/", argv, (char **)envp->pdata,
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       spawn_child_setup, NULL, NULL, &error)) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Cannot run '%s': %s", daemon, error->message);
        return -1;
    }
    return 0;
}

/* One connection attempt: the socket, or -1 with errno. */
static int
try_connect(const struct sockaddr_un *addr)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int saved;

    if (fd < 0)
        return -1;
    if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0)
        return fd;
    saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

/* Takes RUNDIR/tidemarkd.lock, waiting for another client's spawn. */
static int
take_spawn_lock(const char *daemon, char **lockpath)
{
    g_autofree char *rundir = g_build_filename(g_get_user_runtime_dir(), "tidemark", NULL);
    g_autofree char *base = g_path_get_basename(daemon);
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 1 };
    int fd;

    if (g_mkdir_with_parents(rundir, 0700) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Cannot create user runtime directory '%s': %s",
                       rundir, g_strerror(errno));
        return -1;
    }
    *lockpath = g_strdup_printf("%s/%s.lock", rundir, base);
    if ((fd = open(*lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to create lock '%s': %s",
                       *lockpath, g_strerror(errno));
        return -1;
    }
    while (fcntl(fd, F_SETLKW, &lock) < 0) {
        if (errno == EINTR)
            continue;
        virReportError(VIR_ERR_SYSTEM_ERROR, "Unable to lock '%s': %s",
                       *lockpath, g_strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int
remoteDriverConnectSpawn(const char *path, const char *daemon)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    g_autofree char *lockpath = NULL;
    int lockfd = -1;
    int fd = -1;
    int tries = SPAWN_RETRIES;
    bool launched = false;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "Path %s too long for unix socket: %s",
                       path, g_strerror(ENOMEM));
        return -1;
    }
    strcpy(addr.sun_path, path);

    if (daemon && (lockfd = take_spawn_lock(daemon, &lockpath)) < 0)
        return -1;

    while ((fd = try_connect(&addr)) < 0) {
        int err = errno;

        if (!daemon || --tries == 0 || (err != ENOENT && err != ECONNREFUSED)) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "Failed to connect socket to '%s': %s",
                           path, g_strerror(err));
            break;
        }
        if (!launched) {
            if (spawn_daemon(daemon) < 0)
                break;
            launched = true;
        }
        g_usleep(SPAWN_RETRY_US);
    }

    if (lockfd >= 0) {
        /* as libvirt: the file goes with the lock, the next spawner
         * makes a new one */
        unlink(lockpath);
        close(lockfd);
    }
    return fd;
}
