/*
 * domain_video.h: <video> devices as libvirt 9.0's test driver keeps them
 *
 * A video element stays preserved XML, rewritten after parsing into the
 * form libvirt prints: the model type the driver picks, the video RAM
 * defaults, the primary video first and marked primary='yes', and an
 * implicit cirrus video for a domain with graphics but no video.
 */
#pragma once

#include "conf/domain_conf.h"

/**
 * virDomainVideoParse:
 * @devices: the <devices> element, or NULL
 *
 * What libvirt's parser does with <video>: reads and checks the values,
 * and moves a video marked primary to the front. Returns 0, or -1 with
 * libvirt's error.
 */
int virDomainVideoParse(xmlNodePtr devices);

/**
 * virDomainVideoPostParse:
 *
 * libvirt's post-parse steps: adds the implicit video of a domain with
 * graphics (after the implicit controllers, as libvirt does), fills in
 * the model type and RAM sizes, and marks the first video primary.
 */
void virDomainVideoPostParse(virDomainDef *def);

/**
 * virDomainVideoValidate:
 *
 * libvirt's validation of the videos (one primary, 'none' alone,
 * attributes only some models take). Returns 0 or -1 with its error.
 */
int virDomainVideoValidate(xmlNodePtr devices);
