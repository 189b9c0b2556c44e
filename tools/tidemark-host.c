/*
 * tidemark-host.c: virsh's "Host and Hypervisor" commands that a
 * checkpoint and backup tool's users reach for: hostname, uri, version
 */
#include "tidemark-cmd.h"

/* "hostname" */
static bool
cmdHostname(tmControl *ctl, const tmCmd *cmd G_GNUC_UNUSED)
{
    g_autofree char *hostname = virConnectGetHostname(ctl->conn);

    if (!hostname) {
        tmError(ctl, "%s", "failed to get hostname");
        return false;
    }
    tmPrint(ctl, "%s\n", hostname);
    return true;
}

/* "uri" */
static bool
cmdURI(tmControl *ctl, const tmCmd *cmd G_GNUC_UNUSED)
{
    g_autofree char *uri = virConnectGetURI(ctl->conn);

    if (!uri) {
        tmError(ctl, "%s", "failed to get URI");
        return false;
    }
    tmPrint(ctl, "%s\n", uri);
    return true;
}

/* "2.3.4" of 2003004 */
static char *
version_string(unsigned long version)
{
    return g_strdup_printf("%lu.%lu.%lu", version / 1000000, version / 1000 % 1000,
                           version % 1000);
}

static const tmCmdOptDef opts_version[] = {
    {.name = "daemon",
     .type = TM_OT_BOOL,
     .help = "report daemon version too"
    },
    {.name = NULL}
};

/* "version [--daemon]": virsh's lines. tidemark implements libvirt's API
 * at LIBVIR_VERSION_NUMBER and says so as virsh would, so that scripts
 * reading these lines keep working. */
static bool
cmdVersion(tmControl *ctl, const tmCmd *cmd)
{
    const char *type = virConnectGetType(ctl->conn);
    unsigned long lib = 0;
    unsigned long api = 0;
    unsigned long hv = 0;
    unsigned long daemon = 0;
    g_autofree char *compiled = version_string(LIBVIR_VERSION_NUMBER);
    g_autofree char *lib_text = NULL;
    g_autofree char *api_text = NULL;

    if (!type) {
        tmError(ctl, "%s", "failed to get hypervisor type");
        return false;
    }
    tmPrint(ctl, "Compiled against library: libvirt %s\n", compiled);
    if (virGetVersion(&lib, type, &api) < 0) {
        tmError(ctl, "%s", "failed to get the library version");
        return false;
    }
    lib_text = version_string(lib);
    api_text = version_string(api);
    tmPrint(ctl, "Using library: libvirt %s\n", lib_text);
    tmPrint(ctl, "Using API: %s %s\n", type, api_text);
    if (virConnectGetVersion(ctl->conn, &hv) < 0) {
        tmError(ctl, "%s", "failed to get the hypervisor version");
        return false;
    }
    if (hv == 0) {
        tmPrint(ctl, "Cannot extract running %s hypervisor version\n", type);
    } else {
        g_autofree char *hv_text = version_string(hv);

        tmPrint(ctl, "Running hypervisor: %s %s\n", type, hv_text);
    }
    if (tmCommandOptBool(cmd, "daemon")) {
        /* as virsh: a failure here is reported, the command still succeeds */
        if (virConnectGetLibVersion(ctl->conn, &daemon) < 0) {
            tmError(ctl, "%s", "failed to get the daemon version");
        } else {
            g_autofree char *daemon_text = version_string(daemon);

            tmPrint(ctl, "Running against daemon: %s\n", daemon_text);
        }
    }
    return true;
}

const tmCmdDef tmHostCmds[] = {
    {.name = "hostname",
     .handler = cmdHostname,
     .opts = NULL,
     .help = "print the hypervisor hostname",
     .desc = ""
    },
    {.name = "uri",
     .handler = cmdURI,
     .opts = NULL,
     .help = "print the hypervisor canonical URI",
     .desc = ""
    },
    {.name = "version",
     .handler = cmdVersion,
     .opts = opts_version,
     .help = "show version",
     .desc = "Display the system version information."
    },
    {.name = NULL}
};
