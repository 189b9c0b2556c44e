/*
 * domain_chardev.h: character device sources as libvirt stores them
 *
 * Serial ports, parallel ports, consoles, channels, passthrough
 * smartcards, USB redirection and EGD random-number backends all carry
 * a host-side character device: the `type=` attribute of their element
 * and the <source>, <log> and <protocol> children. libvirt parses that
 * part into one structure and prints it back from there, so the text
 * changes: defaults appear (`mode='connect'`, `<protocol type='raw'/>`
 * for TCP), attributes take libvirt's order, what the type does not use
 * disappears (the path of a pty in persistent XML, the <source> of a
 * `vc`), UDP prints its bind source before its connect source. The
 * parse step here rebuilds those children in preserved XML, with
 * libvirt's parse errors; the validate step adds libvirt's checks that
 * need the whole definition (a TCP source without host, ...).
 */
#pragma once

#include <stdbool.h>
#include <libxml/tree.h>

#include "conf/domain_conf.h"

/**
 * virDomainChardevsParse:
 * @devices: the <devices> element; its character devices are rebuilt
 * @live: live (status) XML: a pty keeps its path
 *
 * Returns 0, or -1 with libvirt's error (the first, in libvirt's
 * device order).
 */
int virDomainChardevsParse(xmlNodePtr devices, bool live);


/**
 * virDomainChardevsValidate:
 * @devices: the <devices> element after virDomainChardevsParse
 *
 * libvirt's validation of the sources (skipped for domains embedded in
 * snapshots and checkpoints). Returns 0, or -1 with libvirt's error.
 */
int virDomainChardevsValidate(xmlNodePtr devices);
