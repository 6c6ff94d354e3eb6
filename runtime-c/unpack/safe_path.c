#include "safe_path.h"

#include <string.h>

int
safe_path_clean (char *path, isle_err_t *err)
{
  const char *in = path;
  char *out = path;

  while (*in != '\0')
    {
      const char *slash = strchr (in, '/');
      size_t len = slash ? (size_t) (slash - in) : strlen (in);

      if (len == 2 && in[0] == '.' && in[1] == '.')
        return isle_err (err, "archive", 0, "path has a '..' component (an attempt to escape the rootfs)");
      if (len > 0 && !(len == 1 && in[0] == '.'))
        {
          if (out != path)
            *out++ = '/';
          memmove (out, in, len);
          out += len;
        }
      in += len;
      if (*in == '/')
        in++;
    }
  *out = '\0';
  return 0;
}

void
safe_path_split (char *path, const char **dir, const char **base)
{
  char *slash = strrchr (path, '/');
  if (slash == NULL)
    {
      *dir = "";
      *base = path;
      return;
    }
  *slash = '\0';
  *dir = path;
  *base = slash + 1;
}
