/*
 * --layer mode: OCI layer whiteouts become overlayfs' own format, so a layer directory can be an overlay lower
 * layer as is (the OCI image spec, "Representing Changes"; the kernel's Documentation/filesystems/overlayfs.rst).
 *
 *   DIR/.wh.NAME         →  DIR/NAME as a character device 0:0 (an overlay whiteout: NAME is deleted)
 *   DIR/.wh..wh..opq     →  xattr trusted.overlay.opaque="y" on DIR (lower layers' entries of DIR are hidden)
 *   DIR/.wh..wh.OTHER    →  ignored (AUFS bookkeeping such as .wh..wh.plnk)
 *
 * An archive cannot smuggle overlay metadata in: trusted.overlay.* xattrs of its entries are dropped
 * (whiteout_strip_overlay_xattrs), so redirect/metacopy/opaque only ever come from the rules above.
 */
#ifndef ISLE_UNPACK_WHITEOUT_H
#define ISLE_UNPACK_WHITEOUT_H

#include "entry.h"
#include "error.h"

#include <stdbool.h>

#define WHITEOUT_PREFIX ".wh."
#define WHITEOUT_OPAQUE ".wh..wh..opq"

/* Whether the final component `name` is a whiteout marker of any kind. */
bool whiteout_is_marker (const char *name);

/* Applies the marker `name` found in the directory `parent_fd` (an O_PATH fd below the confined root). */
int whiteout_apply (int parent_fd, const char *name, isle_err_t *err);

void whiteout_strip_overlay_xattrs (entry_t *entry);

#endif
