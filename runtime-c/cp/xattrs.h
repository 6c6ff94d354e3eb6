/* A file's xattrs for the tar stream: everything but overlayfs' bookkeeping and SELinux labels. */
#ifndef ISLE_CP_XATTRS_H
#define ISLE_CP_XATTRS_H

#include "error.h"
#include "tar_writer.h"

/* Reads the xattrs of the open file fd into a new list (*n_out entries; free with free_xattrs). A filesystem
   without xattrs gives an empty list. */
int read_xattrs (int fd, tar_xattr_t **out, size_t *n_out, isle_err_t *err);
void free_xattrs (tar_xattr_t *list, size_t n);

#endif
