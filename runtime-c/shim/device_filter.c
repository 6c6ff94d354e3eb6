#include "device_filter.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The registers the prologue fills from struct bpf_cgroup_dev_ctx; r1 (the context) is scratch afterwards. */
enum
{
  R_TYPE = BPF_REG_2,
  R_ACCESS = BPF_REG_3,
  R_MAJOR = BPF_REG_4,
  R_MINOR = BPF_REG_5,
};

#define PROLOGUE_INSNS 6
#define RULE_MAX_INSNS 8 /* type 1, access 3, major 1, minor 1, verdict 2 */
#define EPILOGUE_INSNS 2

#define INSN(CODE, DST, SRC, OFF, IMM)                                                                              \
  ((struct bpf_insn){ .code = (CODE), .dst_reg = (DST), .src_reg = (SRC), .off = (OFF), .imm = (IMM) })
#define LDX_W(DST, SRC, OFF) INSN (BPF_LDX | BPF_MEM | BPF_W, DST, SRC, OFF, 0)
#define ALU32_K(OP, DST, IMM) INSN (BPF_ALU | (OP) | BPF_K, DST, 0, 0, IMM)
#define MOV32_X(DST, SRC) INSN (BPF_ALU | BPF_MOV | BPF_X, DST, SRC, 0, 0)
#define MOV64_K(DST, IMM) INSN (BPF_ALU64 | BPF_MOV | BPF_K, DST, 0, 0, IMM)
/* Jumps to the next rule; their offsets are patched once the rule's length is known. */
#define JNE_K(DST, IMM) INSN (BPF_JMP | BPF_JNE | BPF_K, DST, 0, 0, IMM)
#define JNE_X(DST, SRC) INSN (BPF_JMP | BPF_JNE | BPF_X, DST, SRC, 0, 0)
#define EXIT_INSN INSN (BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

typedef struct prog
{
  struct bpf_insn *insns;
  size_t n;
} prog_t;

static void
put (prog_t *p, struct bpf_insn insn)
{
  p->insns[p->n++] = insn;
}

static int32_t
kernel_access (unsigned access)
{
  return ((access & ISLE_DEV_MKNOD) ? BPF_DEVCG_ACC_MKNOD : 0) | ((access & ISLE_DEV_READ) ? BPF_DEVCG_ACC_READ : 0)
         | ((access & ISLE_DEV_WRITE) ? BPF_DEVCG_ACC_WRITE : 0);
}

/* One rule's test and verdict; returns true when it matches every device (nothing after it could run). */
static bool
emit_rule (prog_t *p, const isle_device_rule_t *rule)
{
  size_t skips[4], n_skips = 0;

  if (rule->type != 'a')
    {
      skips[n_skips++] = p->n;
      put (p, JNE_K (R_TYPE, rule->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR));
    }
  if ((rule->access & ISLE_DEV_ALL) != ISLE_DEV_ALL)
    {
      /* the requested access is a subset of the rule's: (requested & rule) == requested */
      put (p, MOV32_X (BPF_REG_1, R_ACCESS));
      put (p, ALU32_K (BPF_AND, BPF_REG_1, kernel_access (rule->access)));
      skips[n_skips++] = p->n;
      put (p, JNE_X (BPF_REG_1, R_ACCESS));
    }
  if (rule->major >= 0)
    {
      skips[n_skips++] = p->n;
      put (p, JNE_K (R_MAJOR, rule->major));
    }
  if (rule->minor >= 0)
    {
      skips[n_skips++] = p->n;
      put (p, JNE_K (R_MINOR, rule->minor));
    }
  put (p, MOV64_K (BPF_REG_0, rule->allow ? 1 : 0));
  put (p, EXIT_INSN);
  for (size_t i = 0; i < n_skips; i++)
    p->insns[skips[i]].off = (int16_t) (p->n - skips[i] - 1);
  return n_skips == 0;
}

size_t
shim_device_filter_max_insns (size_t n_rules)
{
  return PROLOGUE_INSNS + n_rules * RULE_MAX_INSNS + EPILOGUE_INSNS;
}

size_t
shim_device_filter_emit (const isle_device_rule_t *rules, size_t n, struct bpf_insn *out)
{
  prog_t p = { .insns = out };

  put (&p, LDX_W (R_TYPE, BPF_REG_1, offsetof (struct bpf_cgroup_dev_ctx, access_type)));
  put (&p, ALU32_K (BPF_AND, R_TYPE, 0xffff));
  put (&p, LDX_W (R_ACCESS, BPF_REG_1, offsetof (struct bpf_cgroup_dev_ctx, access_type)));
  put (&p, ALU32_K (BPF_RSH, R_ACCESS, 16));
  put (&p, LDX_W (R_MAJOR, BPF_REG_1, offsetof (struct bpf_cgroup_dev_ctx, major)));
  put (&p, LDX_W (R_MINOR, BPF_REG_1, offsetof (struct bpf_cgroup_dev_ctx, minor)));
  /* A rule that matches everything ends the program: the verifier refuses unreachable instructions. */
  for (size_t i = n; i > 0; i--)
    if (emit_rule (&p, &rules[i - 1]))
      return p.n;
  put (&p, MOV64_K (BPF_REG_0, 0));
  put (&p, EXIT_INSN);
  return p.n;
}

/* Fixed, so a rejected program can be explained without allocating; the tail holds the verifier's reason. */
static char verifier_log[16384];

static int
prog_load (const struct bpf_insn *insns, size_t n, bool with_log)
{
  union bpf_attr attr;

  memset (&attr, 0, sizeof (attr));
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = (uint64_t) (uintptr_t) insns;
  attr.insn_cnt = (uint32_t) n;
  attr.license = (uint64_t) (uintptr_t) "GPL";
  memcpy (attr.prog_name, "isle_devices", sizeof ("isle_devices"));
  if (with_log)
    {
      verifier_log[0] = '\0';
      attr.log_buf = (uint64_t) (uintptr_t) verifier_log;
      attr.log_size = sizeof (verifier_log);
      attr.log_level = 1;
    }
  return (int) syscall (SYS_bpf, BPF_PROG_LOAD, &attr, sizeof (attr));
}

/* The last lines of the verifier's log, on one line, for an error message. */
static const char *
log_tail (void)
{
  size_t len = strnlen (verifier_log, sizeof (verifier_log) - 1);
  char *tail;

  verifier_log[len] = '\0';
  while (len > 0 && verifier_log[len - 1] == '\n')
    verifier_log[--len] = '\0';
  tail = verifier_log + (len > 240 ? len - 240 : 0);
  for (char *c = tail; *c != '\0'; c++)
    if (*c == '\n')
      *c = '|';
  return tail;
}

static int
load_error (int errno_value, size_t n, isle_err_t *err)
{
  if (errno_value == ENOSYS)
    return isle_err (err, "cgroup", errno_value,
                     "load the device filter: the kernel has no bpf() syscall; cgroup v2 device rules need a "
                     "kernel with CONFIG_BPF_SYSCALL and CONFIG_CGROUP_BPF");
  if (errno_value == EPERM)
    return isle_err (err, "cgroup", errno_value,
                     "load the device filter: loading a BPF program needs CAP_SYS_ADMIN (or CAP_BPF) in the "
                     "host's user namespace; run islander as root");
  if (verifier_log[0] == '\0')
    return isle_err (err, "cgroup", errno_value,
                     "load the device filter: the kernel refused a BPF_PROG_TYPE_CGROUP_DEVICE program; cgroup v2 "
                     "device rules need a kernel with CONFIG_CGROUP_BPF");
  return isle_err (err, "cgroup", errno_value,
                   "load the device filter: the verifier rejected its %zu instructions (a bug in isle-shim; "
                   "please report it): %s",
                   n, log_tail ());
}

static int
prog_attach (int cgroup_fd, int prog_fd)
{
  union bpf_attr attr;

  memset (&attr, 0, sizeof (attr));
  attr.target_fd = (uint32_t) cgroup_fd;
  attr.attach_bpf_fd = (uint32_t) prog_fd;
  attr.attach_type = BPF_CGROUP_DEVICE;
  /* MULTI: a program on a parent (systemd's) still applies, and a nested runtime may add its own below ours. */
  attr.attach_flags = BPF_F_ALLOW_MULTI;
  return (int) syscall (SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof (attr));
}

int
shim_device_filter_attach (int cgroup_fd, const char *dir, const isle_device_rule_t *rules, size_t n,
                           isle_err_t *err)
{
  struct bpf_insn *insns = calloc (shim_device_filter_max_insns (n), sizeof (*insns));
  cleanup_close int prog_fd = -1;
  size_t len;
  int load_errno;

  if (insns == NULL)
    return isle_err (err, "cgroup", errno, "device filter: out of memory");
  len = shim_device_filter_emit (rules, n, insns);
  verifier_log[0] = '\0';
  prog_fd = prog_load (insns, len, false);
  /* Loading again with the log costs the verifier's time only when it has something to explain. */
  if (prog_fd < 0 && (errno == EACCES || errno == EINVAL))
    prog_fd = prog_load (insns, len, true);
  load_errno = errno;
  free (insns);
  if (prog_fd < 0)
    return load_error (load_errno, len, err);
  if (prog_attach (cgroup_fd, prog_fd) < 0)
    {
      if (errno == EPERM)
        return isle_err (err, "cgroup", errno,
                         "attach the device filter to %s: a parent group holds a device program that allows no "
                         "programs below it (attached without BPF_F_ALLOW_MULTI)",
                         dir);
      return isle_err (err, "cgroup", errno,
                       "attach the device filter to %s: it must be a cgroup v2 directory, on a kernel with "
                       "CONFIG_CGROUP_BPF",
                       dir);
    }
  return 0;
}
