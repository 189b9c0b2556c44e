/*
 * qemu_capabilities.c: probing the installed QEMU
 */
#include "internal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu/qemu_capabilities.h"
#include "util/virfile.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

bool
qemuCapsHaveKVM(void)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* "NAME=CANONICAL" for every machine, and "=DEFAULT" for the default. */
static GPtrArray *
probe_machines(const char *qemu)
{
    const char *argv[] = { qemu, "-machine", "help", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) gerr = NULL;
    g_auto(GStrv) lines = NULL;
    GPtrArray *machines;
    int status = 0;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      &out, &err, &status, &gerr) ||
        !g_spawn_check_exit_status(status, NULL)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "cannot ask '%s' for its machine types: %s", qemu,
                       gerr ? gerr->message : (err ? g_strstrip(err) : ""));
        return NULL;
    }
    machines = g_ptr_array_new_with_free_func(g_free);
    lines = g_strsplit(out, "\n", -1);
    for (size_t i = 1; lines[i]; i++) {
        g_auto(GStrv) words = g_strsplit_set(g_strstrip(lines[i]), " ", 2);
        const char *alias;

        if (!words[0] || !*words[0])
            continue;
        if ((alias = strstr(lines[i], "(alias of "))) {
            g_autofree char *target = g_strdup(alias + strlen("(alias of "));
            char *end = strchr(target, ')');

            if (end)
                *end = '\0';
            g_ptr_array_add(machines, g_strdup_printf("%s=%s", words[0], target));
        } else {
            g_ptr_array_add(machines, g_strdup_printf("%s=%s", words[0], words[0]));
        }
        if (strstr(lines[i], "(default)"))
            g_ptr_array_add(machines, g_strdup_printf("=%s", words[0]));
    }
    return machines;
}

/* The key of a cached probe: the binary, as it is now on disk. A
 * QEMU upgraded in place changes its size or times, and the key. */
static char *
binary_key(const char *qemu)
{
    g_autofree char *path = g_find_program_in_path(qemu);
    struct stat st;

    if (!path || stat(path, &st) < 0)
        return NULL;
    return g_strdup_printf("%s %lld %lld.%09ld %lld.%09ld", path, (long long)st.st_size,
                           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                           (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

/* The machine list, from the root's cache file when it was written for
 * this very binary, else probed (spawning QEMU costs ~0.2 s, on every
 * open of the root) and cached. The cache is a convenience: any
 * failure to read or write it falls back to probing. */
static GPtrArray *
cached_machines(qemuDriver *driver)
{
    g_autofree char *dir = g_strdup(driver->cfg->cache_dir);
    g_autofree char *path = g_build_filename(dir, "qemu-machines", NULL);
    g_autofree char *key = binary_key(driver->cfg->qemu_binary);
    g_autofree char *text = NULL;
    g_autoptr(GString) out = NULL;
    GPtrArray *machines;

    if (key && g_file_get_contents(path, &text, NULL, NULL)) {
        g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

        if (lines[0] && STREQ(lines[0], key)) {
            machines = g_ptr_array_new_with_free_func(g_free);
            for (size_t i = 1; lines[i]; i++) {
                if (*lines[i])
                    g_ptr_array_add(machines, g_strdup(lines[i]));
            }
            return machines;
        }
    }
    if (!(machines = probe_machines(driver->cfg->qemu_binary)) || !key)
        return machines;
    out = g_string_new(key);
    for (size_t i = 0; i < machines->len; i++)
        g_string_append_printf(out, "\n%s", (const char *)g_ptr_array_index(machines, i));
    g_string_append_c(out, '\n');
    if (virFileMakePath(dir) < 0 ||
        virFileWriteAtomic(path, out->str, out->len, 0644) < 0)
        virResetLastError();
    return machines;
}

char *
qemuCapsCanonicalMachine(qemuDriver *driver, const char *machine)
{
    g_autofree char *prefix = g_strdup_printf("%s=", machine ? machine : "");
    char *ret = NULL;

    g_mutex_lock(&driver->lock);
    if (!driver->machines &&
        !(driver->machines = cached_machines(driver))) {
        g_mutex_unlock(&driver->lock);
        return NULL;
    }
    for (size_t i = 0; i < driver->machines->len && !ret; i++) {
        const char *entry = g_ptr_array_index(driver->machines, i);

        if (g_str_has_prefix(entry, prefix))
            ret = g_strdup(entry + strlen(prefix));
    }
    g_mutex_unlock(&driver->lock);
    return ret ? ret : g_strdup("");
}

char *
qemuCapsEmulatorForArch(qemuDriver *driver, const char *arch)
{
    g_autofree char *name = NULL;
    char *path;

    if (STREQ(arch, "x86_64"))
        return g_strdup(driver->cfg->qemu_binary);
    /* libvirt's target names: i686 is QEMU's i386 */
    name = g_strdup_printf("qemu-system-%s", STREQ(arch, "i686") ? "i386" : arch);
    if ((path = g_find_program_in_path(name)))
        return path;
    if (STREQ(arch, "i686") && g_file_test(driver->cfg->qemu_binary, G_FILE_TEST_IS_EXECUTABLE))
        return g_strdup(driver->cfg->qemu_binary);
    return NULL;
}

const char *
qemuCapsDefaultCPUModel(const char *emulator)
{
    return g_str_has_suffix(emulator, "-i386") ? "qemu32" : "qemu64";
}

/* "QEMU emulator version 7.2.19 (Debian ...)" -> 7002019 */
static int
probe_version(const char *qemu, unsigned long *version)
{
    const char *argv[] = { qemu, "-version", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *p;
    unsigned int major, minor, micro = 0;
    int status = 0;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      &out, &err, &status, &gerr) ||
        !g_spawn_check_exit_status(status, NULL)) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "cannot ask '%s' for its version: %s", qemu,
                       gerr ? gerr->message : (err ? g_strstrip(err) : ""));
        return -1;
    }
    if (!(p = strstr(out, "version ")) ||
        sscanf(p + strlen("version "), "%u.%u.%u", &major, &minor, &micro) < 2) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "cannot parse the version of '%s': %s", qemu,
                       g_strstrip(out));
        return -1;
    }
    *version = major * 1000000UL + minor * 1000UL + micro;
    return 0;
}

int
qemuCapsVersion(qemuDriver *driver, unsigned long *version)
{
    unsigned long found = 0;

    g_mutex_lock(&driver->lock);
    found = driver->qemu_version;
    g_mutex_unlock(&driver->lock);
    if (!found) {
        /* asked outside the lock: two first callers both ask, harmlessly */
        if (probe_version(driver->cfg->qemu_binary, &found) < 0)
            return -1;
        g_mutex_lock(&driver->lock);
        driver->qemu_version = found;
        g_mutex_unlock(&driver->lock);
    }
    *version = found;
    return 0;
}
