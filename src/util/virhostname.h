/*
 * virhostname.h: the host's name, as libvirt's drivers report it
 */
#pragma once

/**
 * virGetHostname:
 *
 * gethostname(); when that is a short name not starting "localhost",
 * the canonical name getaddrinfo() gives for it (unless that is
 * "localhost..." too). A name that cannot be canonicalised is returned
 * as it is, as libvirt does.
 *
 * Returns a new string, or NULL with a system error set.
 */
char *virGetHostname(void);
