/* pivot_root into the rootfs with the "." "." technique: no put_old directory is needed inside the image. */
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stages.h"

int
isle_pivot_root (int root_fd, isle_err_t *err)
{
  if (fchdir (root_fd) < 0)
    return isle_err (err, "pivot_root", errno, "enter the rootfs");
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    return isle_err (err, "pivot_root", errno, "pivot_root");
  /* The old root now sits on top of "."; make sure its unmount cannot propagate anywhere, then detach it. */
  if (mount (NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
    return isle_err (err, "pivot_root", errno, "make the old root a slave");
  if (umount2 (".", MNT_DETACH) < 0)
    return isle_err (err, "pivot_root", errno, "detach the old root");
  if (chdir ("/") < 0)
    return isle_err (err, "pivot_root", errno, "chdir /");
  return 0;
}
