/*
 * domain_iothread.h: <iothreads>, <iothreadids> and <defaultiothread>
 *
 * libvirt numbers a domain's I/O threads: the ids listed in
 * <iothreadids> in document order, then the lowest free ids until the
 * <iothreads> count is reached. It prints the count of that list, and
 * the list itself only when the input named an id or a thread pool
 * size. <cputune> refers to the threads by these ids.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

/**
 * virDomainIOThreadsParse:
 * @root: the <domain> element; the three elements are rebuilt in
 *        libvirt's form
 *
 * Returns the I/O thread ids (guint) in libvirt's order, or NULL with
 * libvirt's error.
 */
GArray *virDomainIOThreadsParse(xmlNodePtr root);

/**
 * virDomainIOThreadsValidate:
 * @root: the <domain> element after virDomainIOThreadsParse
 *
 * libvirt's check of the thread pool sizes. Returns 0, or -1 with
 * CONFIG_UNSUPPORTED.
 */
int virDomainIOThreadsValidate(xmlNodePtr root);
