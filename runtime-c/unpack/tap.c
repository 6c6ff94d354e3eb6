#include "tap.h"

#include "file.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <unistd.h>

static ssize_t
tap_read (byte_source_t *self, unsigned char *buf, size_t n, isle_err_t *err)
{
  tap_t *tap = (tap_t *) self;
  ssize_t got = tap->from->read (tap->from, buf, n, err);

  if (got <= 0)
    return got;
  if (UNLIKELY (EVP_DigestUpdate (tap->hash, buf, (size_t) got) != 1))
    return isle_err (err, "unpack", 0, "hashing the archive failed");
  if (tap->copy_fd >= 0 && isle_write_all (tap->copy_fd, buf, (size_t) got, "unpack", "a copy of the archive", err) < 0)
    return -1;
  tap->bytes += (uint64_t) got;
  return got;
}

int
tap_init (tap_t *tap, byte_source_t *from, int copy_fd, isle_err_t *err)
{
  tap->base.read = tap_read;
  tap->from = from;
  tap->copy_fd = copy_fd;
  tap->bytes = 0;
  tap->hash = EVP_MD_CTX_new ();
  if (tap->hash == NULL)
    return isle_err (err, "unpack", ENOMEM, "allocating a sha256 context");
  if (UNLIKELY (EVP_DigestInit_ex (tap->hash, EVP_sha256 (), NULL) != 1))
    return isle_err (err, "unpack", 0, "starting sha256 failed");
  return 0;
}

void
tap_free (tap_t *tap)
{
  EVP_MD_CTX_free (tap->hash);
  tap->hash = NULL;
}

int
tap_digest_hex (tap_t *tap, char *hex, isle_err_t *err)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;

  if (UNLIKELY (EVP_DigestFinal_ex (tap->hash, digest, &len) != 1 || len * 2 != SHA256_HEX_LEN))
    return isle_err (err, "unpack", 0, "finishing sha256 failed");
  for (unsigned int i = 0; i < len; i++)
    snprintf (hex + 2 * i, 3, "%02x", digest[i]);
  return 0;
}
