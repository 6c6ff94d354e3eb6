// links: unpack/whiteout.c unpack/entry.c
/* --layer's whiteout conversion on a scratch directory: markers, overlay whiteouts, opaque xattrs, stripping. */
#include "whiteout.h"

#include "check.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

static char scratch[] = "/tmp/isle-whiteout-test-XXXXXX";

static void
test_markers (void)
{
  CHECK (whiteout_is_marker (".wh.foo"));
  CHECK (whiteout_is_marker (".wh..wh..opq"));
  CHECK (!whiteout_is_marker ("foo.wh."));
  CHECK (!whiteout_is_marker (".whfoo"));
}

static void
test_whiteout_replaces_file (int dir)
{
  isle_err_t err = { 0 };
  struct stat st;
  int fd = openat (dir, "victim", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  CHECK (fd >= 0);
  close (fd);
  CHECK (whiteout_apply (dir, ".wh.victim", &err) == 0);
  CHECK (fstatat (dir, "victim", &st, AT_SYMLINK_NOFOLLOW) == 0);
  CHECK (S_ISCHR (st.st_mode) && st.st_rdev == makedev (0, 0));
  /* Applying it twice is harmless; a bare ".wh." names nothing and fails. */
  CHECK (whiteout_apply (dir, ".wh.victim", &err) == 0);
  CHECK (whiteout_apply (dir, ".wh.", &err) < 0);
  /* AUFS bookkeeping is ignored. */
  CHECK (whiteout_apply (dir, ".wh..wh.plnk", &err) == 0);
  CHECK (fstatat (dir, ".wh..wh.plnk", &st, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT);
}

static void
test_opaque (int dir)
{
  isle_err_t err = { 0 };
  char value[4] = { 0 };
  char path[128];
  CHECK (mkdirat (dir, "opq", 0755) == 0);
  int opq = openat (dir, "opq", O_PATH | O_DIRECTORY | O_CLOEXEC);
  CHECK (opq >= 0);
  CHECK (whiteout_apply (opq, ".wh..wh..opq", &err) == 0);
  snprintf (path, sizeof (path), "%s/opq", scratch);
  CHECK (getxattr (path, "trusted.overlay.opaque", value, sizeof (value)) == 1 && value[0] == 'y');
  close (opq);
}

static void
test_strip (void)
{
  entry_t entry = { 0 };
  CHECK (xattr_list_set (&entry.xattrs, "user.keep", (const unsigned char *) "1", 1) == 0);
  CHECK (xattr_list_set (&entry.xattrs, "trusted.overlay.opaque", (const unsigned char *) "y", 1) == 0);
  CHECK (xattr_list_set (&entry.xattrs, "trusted.overlay.redirect", (const unsigned char *) "/x", 2) == 0);
  CHECK (xattr_list_set (&entry.xattrs, "security.capability", (const unsigned char *) "c", 1) == 0);
  whiteout_strip_overlay_xattrs (&entry);
  CHECK (entry.xattrs.count == 2);
  CHECK (strcmp (entry.xattrs.items[0].name, "user.keep") == 0);
  CHECK (strcmp (entry.xattrs.items[1].name, "security.capability") == 0);
  xattr_list_free (&entry.xattrs);
}

int
main (void)
{
  test_markers ();
  test_strip ();
  if (mkdtemp (scratch) == NULL)
    {
      perror ("mkdtemp");
      return 1;
    }
  int dir = open (scratch, O_PATH | O_DIRECTORY | O_CLOEXEC);
  CHECK (dir >= 0);
  test_whiteout_replaces_file (dir);
  test_opaque (dir);
  close (dir);
  char command[96];
  snprintf (command, sizeof (command), "rm -rf %s", scratch);
  CHECK (system (command) == 0);
  return check_done ("unpack_whiteout_test");
}
