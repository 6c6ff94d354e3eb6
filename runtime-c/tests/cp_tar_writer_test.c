// links: cp/tar_writer.c unpack/archive.c unpack/reader.c unpack/pax.c unpack/tar_header.c unpack/entry.c
/* isle-cp's tar writer, read back by isle-unpack's own reader: ustar fields, pax for long names, large ids and
   xattrs, data padding, and a file that shrank while it was being archived. */
#include "archive.h"
#include "tar_writer.h"

#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int
scratch_fd (void)
{
  int fd = memfd_create ("tar", 0);
  CHECK (fd >= 0);
  return fd;
}

static void
test_round_trip (void)
{
  int out = scratch_fd ();
  int data = scratch_fd ();
  tar_writer_t w = { .fd = out };
  isle_err_t err;
  char long_name[201];
  tar_xattr_t cap = { .name = (char *) "security.capability", .value = (char *) "\x01\x00\x02", .len = 3 };

  memset (long_name, 'n', 200);
  long_name[200] = '\0';
  CHECK (write (data, "hello", 5) == 5);
  CHECK (lseek (data, 0, SEEK_SET) == 0);

  tar_member_t dir = { .type = '5', .name = "d/", .mode = 0755, .mtime = 1700000000 };
  tar_member_t file = { .type = '0', .name = long_name, .mode = 04751, .uid = 5000000, .gid = 7, .size = 5,
                        .mtime = 1700000001, .xattrs = &cap, .n_xattrs = 1 };
  tar_member_t link = { .type = '2', .name = "d/link", .linkname = "/", .mode = 0777 };
  /* Claims 10 bytes, but the file has 5 left: the stream is padded with zeros and stays well-formed. */
  tar_member_t shrunk = { .type = '0', .name = "d/shrunk", .mode = 0644, .size = 10 };
  CHECK (tar_write_header (&w, &dir, &err) == 0);
  CHECK (tar_write_header (&w, &file, &err) == 0);
  CHECK (tar_write_data (&w, data, 5, &err) == 0);
  CHECK (tar_write_header (&w, &link, &err) == 0);
  CHECK (lseek (data, 0, SEEK_SET) == 0);
  CHECK (tar_write_header (&w, &shrunk, &err) == 0);
  CHECK (tar_write_data (&w, data, 10, &err) == 0);
  CHECK (tar_write_end (&w, &err) == 0);
  CHECK (w.written % 512 == 0);

  reader_t in;
  archive_t archive;
  entry_t e;
  char buf[16];
  CHECK (lseek (out, 0, SEEK_SET) == 0);
  CHECK (reader_init (&in, out, &err) == 0);
  archive_init (&archive, &in);

  CHECK (archive_next (&archive, &e, &err) == 1);
  CHECK (e.kind == ENTRY_DIRECTORY && strcmp (e.path, "d/") == 0 && e.mode == 0755 && e.mtime_sec == 1700000000);
  CHECK (archive_end_entry (&archive, e.size, e.size, &err) == 0);
  entry_free (&e);

  CHECK (archive_next (&archive, &e, &err) == 1);
  CHECK (e.kind == ENTRY_FILE && strcmp (e.path, long_name) == 0);
  CHECK (e.mode == 04751 && e.uid == 5000000 && e.gid == 7 && e.size == 5);
  CHECK (e.xattrs.count == 1 && strcmp (e.xattrs.items[0].name, "security.capability") == 0);
  CHECK (e.xattrs.count == 1 && e.xattrs.items[0].value_len == 3 && e.xattrs.items[0].value[2] == 2);
  CHECK (reader_read (&in, buf, 5, &err) == 0 && memcmp (buf, "hello", 5) == 0);
  CHECK (archive_end_entry (&archive, e.size, 0, &err) == 0);
  entry_free (&e);

  CHECK (archive_next (&archive, &e, &err) == 1);
  CHECK (e.kind == ENTRY_SYMLINK && strcmp (e.linkpath, "/") == 0);
  CHECK (archive_end_entry (&archive, e.size, e.size, &err) == 0);
  entry_free (&e);

  CHECK (archive_next (&archive, &e, &err) == 1);
  CHECK (e.kind == ENTRY_FILE && e.size == 10);
  CHECK (reader_read (&in, buf, 10, &err) == 0 && memcmp (buf, "hello\0\0\0\0\0", 10) == 0);
  CHECK (archive_end_entry (&archive, e.size, 0, &err) == 0);
  entry_free (&e);

  CHECK (archive_next (&archive, &e, &err) == 0);
  archive_free (&archive);
  reader_free (&in);
  close (out);
  close (data);
}

int
main (void)
{
  test_round_trip ();
  return check_done ("cp_tar_writer_test");
}
