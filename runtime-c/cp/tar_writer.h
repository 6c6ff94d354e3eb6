/*
 * Writing a tar stream: ustar headers, with a pax 'x' header before any member whose name, link name, ids or size
 * do not fit ustar's fields, or that carries xattrs (SCHILY.xattr.NAME, as GNU tar and Docker write them).
 */
#ifndef ISLE_CP_TAR_WRITER_H
#define ISLE_CP_TAR_WRITER_H

#include "error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct tar_xattr
{
  char *name;
  char *value;
  size_t len;
} tar_xattr_t;

typedef struct tar_member
{
  char type; /* '0' file, '1' hard link, '2' symlink, '3' char, '4' block, '5' directory, '6' fifo */
  const char *name;
  const char *linkname; /* hard link source or symlink target; NULL otherwise */
  uint32_t mode;        /* permission bits only */
  uint64_t uid, gid;
  uint64_t size;
  int64_t mtime;
  uint32_t devmajor, devminor;
  const tar_xattr_t *xattrs;
  size_t n_xattrs;
} tar_member_t;

typedef struct tar_writer
{
  int fd;
  uint64_t written;
} tar_writer_t;

int tar_write_header (tar_writer_t *w, const tar_member_t *m, isle_err_t *err);

/* Copies exactly `size` bytes of in_fd and the block padding: a file that shrank meanwhile is padded with zeros,
   one that grew is cut, so the header stays true. */
int tar_write_data (tar_writer_t *w, int in_fd, uint64_t size, isle_err_t *err);

/* The end-of-archive marker: two zero blocks. */
int tar_write_end (tar_writer_t *w, isle_err_t *err);

#endif
