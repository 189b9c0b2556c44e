/*
 * virfault.c: the crash-test hook
 */
#include "internal.h"

#include <signal.h>
#include <unistd.h>

#include "util/virfault.h"

#define CHECK_LISTED(name) name,
static const char *const fault_points[] = { VIR_FAULT_POINT_LIST(CHECK_LISTED) NULL };

void
virFaultPoint(const char *name)
{
    const char *want = g_getenv("TIDEMARK_FAULT");

    if (!want || STRNEQ(want, name))
        return;
    /* an unlisted name is a bug in the caller: the test could not reach it */
    g_assert(g_strv_contains(fault_points, name));
    kill(getpid(), SIGKILL);
    pause();
}
