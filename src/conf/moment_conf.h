/*
 * moment_conf.h: what checkpoints and snapshots have in common
 *
 * A "moment" is a named point in a domain's history: a name, an
 * optional description, the name of its parent moment, a creation
 * time in seconds and the domain definition as it was then.
 */
#pragma once

#include "conf/domain_conf.h"

typedef struct _virDomainMomentDef virDomainMomentDef;
struct _virDomainMomentDef {
    char *name;
    char *description;
    char *parent_name;
    long long creationTime;    /* seconds since the Epoch; 0 = unset */
    virDomainDef *dom;         /* domain config at creation, may be NULL */
    virDomainDef *inactiveDom; /* snapshots of running domains only */
};

/* Frees the members (not @def itself). */
void virDomainMomentDefClear(virDomainMomentDef *def);

/**
 * virDomainMomentDefPostParse:
 *
 * What a fresh (non-redefine) create fills in: creationTime = now, and
 * the name defaults to that time in decimal.
 */
void virDomainMomentDefPostParse(virDomainMomentDef *def);

/**
 * virDomainMomentSetClockForTest:
 * @seconds: the time every later virDomainMomentDefPostParse uses, or 0
 *           to go back to the wall clock
 *
 * For tests only, called before any thread starts: makes default
 * names and times reproducible.
 */
void virDomainMomentSetClockForTest(long long seconds);


/**
 * virDomainMomentParentLookup:
 * @name: a moment name
 * @parent_name: set to that moment's parent name (NULL for a root)
 * @opaque: caller data
 *
 * Returns true if a moment called @name exists.
 */
typedef bool (*virDomainMomentParentLookup)(const char *name,
                                            const char **parent_name,
                                            void *opaque);

/**
 * virDomainMomentCheckCycles:
 * @def: a definition about to be redefined
 * @lookup: how to find existing moments
 *
 * The checks of a REDEFINE's parent: not itself, existing, and not a
 * descendant of @def. Returns 0, or -1 with INVALID_ARG (domain
 * VIR_FROM_DOMAIN): "cannot set moment X as its own parent", "parent P
 * for moment X not found", "parent P would create cycle to X".
 */
int virDomainMomentCheckCycles(const virDomainMomentDef *def,
                               virDomainMomentParentLookup lookup,
                               void *opaque);
