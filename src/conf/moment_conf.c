/*
 * moment_conf.c: the base shared by checkpoint and snapshot definitions
 */
#include "internal.h"
#include "conf/moment_conf.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* set by tests before any thread starts; read-only afterwards */
static long long fake_now;

void
virDomainMomentSetClockForTest(long long seconds)
{
    fake_now = seconds;
}

void
virDomainMomentDefClear(virDomainMomentDef *def)
{
    g_clear_pointer(&def->name, g_free);
    g_clear_pointer(&def->description, g_free);
    g_clear_pointer(&def->parent_name, g_free);
    g_clear_pointer(&def->dom, virDomainDefFree);
    g_clear_pointer(&def->inactiveDom, virDomainDefFree);
    def->creationTime = 0;
}

void
virDomainMomentDefPostParse(virDomainMomentDef *def)
{
    def->creationTime = fake_now ? fake_now : g_get_real_time() / G_USEC_PER_SEC;
    if (!def->name)
        def->name = g_strdup_printf("%lld", def->creationTime);
}

int
virDomainMomentCheckCycles(const virDomainMomentDef *def,
                           virDomainMomentParentLookup lookup, void *opaque)
{
    const char *cur;
    const char *up = NULL;

    if (!def->parent_name)
        return 0;
    if (STREQ(def->name, def->parent_name)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "cannot set moment %s as its own parent", def->name);
        return -1;
    }
    if (!lookup(def->parent_name, &up, opaque)) {
        virReportError(VIR_ERR_INVALID_ARG, "parent %s for moment %s not found",
                       def->parent_name, def->name);
        return -1;
    }
    cur = def->parent_name;
    while (up) {
        const char *next = NULL;

        if (STREQ(up, def->name)) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "parent %s would create cycle to %s", cur, def->name);
            return -1;
        }
        if (!lookup(up, &next, opaque))
            break; /* dangling parent: nothing above it */
        cur = up;
        up = next;
    }
    return 0;
}
