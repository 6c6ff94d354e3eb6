// links: shim/device_filter.c
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "device_filter.h"

/* src/cgroups/devices.ts DEFAULT_DEVICE_RULES, as the bundle carries them. */
static const isle_device_rule_t default_rules[] = {
  { false, 'a', -1, -1, ISLE_DEV_ALL },
  { true, 'c', -1, -1, ISLE_DEV_MKNOD },
  { true, 'b', -1, -1, ISLE_DEV_MKNOD },
  { true, 'c', 1, 3, ISLE_DEV_ALL },
  { true, 'c', 1, 5, ISLE_DEV_ALL },
  { true, 'c', 1, 7, ISLE_DEV_ALL },
  { true, 'c', 1, 8, ISLE_DEV_ALL },
  { true, 'c', 1, 9, ISLE_DEV_ALL },
  { true, 'c', 5, 0, ISLE_DEV_ALL },
  { true, 'c', 5, 1, ISLE_DEV_ALL },
  { true, 'c', 5, 2, ISLE_DEV_ALL },
  { true, 'c', 136, -1, ISLE_DEV_ALL },
};
#define N_DEFAULT (sizeof (default_rules) / sizeof (default_rules[0]))

static struct bpf_insn prog[256];

/* Runs the emitted program on one device access: an interpreter for exactly the instructions the emitter uses,
   so the jump offsets and the rule order are checked without a kernel. Returns r0, or -1 on anything else. */
static int
run (size_t len, int type, unsigned access, uint32_t major, uint32_t minor)
{
  struct bpf_cgroup_dev_ctx ctx = { .access_type = (access << 16) | (uint32_t) type, .major = major, .minor = minor };
  uint64_t r[11] = { 0 };

  for (size_t pc = 0; pc < len; pc++)
    {
      const struct bpf_insn *in = &prog[pc];
      uint64_t src = BPF_SRC (in->code) == BPF_X ? r[in->src_reg] : (uint64_t) (int64_t) in->imm;

      switch (in->code)
        {
        case BPF_LDX | BPF_MEM | BPF_W:
          r[in->dst_reg] = *(const uint32_t *) ((const char *) &ctx + in->off);
          break;
        case BPF_ALU | BPF_AND | BPF_K:
          r[in->dst_reg] = (uint32_t) (r[in->dst_reg] & src);
          break;
        case BPF_ALU | BPF_RSH | BPF_K:
          r[in->dst_reg] = (uint32_t) r[in->dst_reg] >> in->imm;
          break;
        case BPF_ALU | BPF_MOV | BPF_X:
        case BPF_ALU64 | BPF_MOV | BPF_K:
          r[in->dst_reg] = BPF_CLASS (in->code) == BPF_ALU ? (uint32_t) src : src;
          break;
        case BPF_JMP | BPF_JNE | BPF_K:
        case BPF_JMP | BPF_JNE | BPF_X:
          if (r[in->dst_reg] != src)
            pc += (size_t) in->off;
          break;
        case BPF_JMP | BPF_EXIT:
          return (int) r[0];
        default:
          return -1;
        }
    }
  return -1;
}

static bool
ends_in_deny (size_t len)
{
  return len >= 2 && prog[len - 2].code == (BPF_ALU64 | BPF_MOV | BPF_K) && prog[len - 2].dst_reg == BPF_REG_0
         && prog[len - 2].imm == 0 && prog[len - 1].code == (BPF_JMP | BPF_EXIT);
}

static void
test_default_rules (void)
{
  size_t len = shim_device_filter_emit (default_rules, N_DEFAULT, prog);

  CHECK (len <= shim_device_filter_max_insns (N_DEFAULT));
  /* prologue 6; pts 4; eight c MAJ:MIN 5 each; mknod c and b 6 each; the catch-all deny 2, with no epilogue */
  CHECK (len == 64);
  CHECK (ends_in_deny (len));
  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE, 1, 3) == 1);  /* /dev/null */
  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_READ, 136, 7) == 1);                      /* /dev/pts/7 */
  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_MKNOD, 1, 11) == 1);                      /* mknod kmsg */
  CHECK (run (len, BPF_DEVCG_DEV_BLOCK, BPF_DEVCG_ACC_MKNOD, 8, 0) == 1);                      /* mknod sda */
  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_READ, 1, 11) == 0);                       /* open kmsg */
  CHECK (run (len, BPF_DEVCG_DEV_BLOCK, BPF_DEVCG_ACC_READ, 8, 0) == 0);                       /* open sda */
  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_READ, 10, 200) == 0);                     /* tun */
  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_READ, 3, 1) == 0);                        /* 1:3 is no 3:1 */
}

/* A later rule overrides an earlier one; access must be a subset; no rule at all denies. */
static void
test_order_and_access (void)
{
  static const isle_device_rule_t rules[] = {
    { false, 'a', -1, -1, ISLE_DEV_ALL },
    { true, 'c', 1, 11, ISLE_DEV_READ | ISLE_DEV_WRITE },
    { false, 'c', 1, 11, ISLE_DEV_WRITE },
  };
  size_t len = shim_device_filter_emit (rules, 3, prog);

  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_READ, 1, 11) == 1);
  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_WRITE, 1, 11) == 0);
  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_MKNOD, 1, 11) == 0);
  CHECK (run (len, BPF_DEVCG_DEV_BLOCK, BPF_DEVCG_ACC_READ, 1, 11) == 0);

  len = shim_device_filter_emit (rules, 0, prog);
  CHECK (len == 8 && ends_in_deny (len));
  CHECK (run (len, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_READ, 1, 3) == 0);

  /* "a *:* rwm" allowed last: everything before it is dead, and nothing is emitted for it. */
  static const isle_device_rule_t open_all[] = { { true, 'c', 1, 3, ISLE_DEV_ALL }, { true, 'a', -1, -1, ISLE_DEV_ALL } };
  len = shim_device_filter_emit (open_all, 2, prog);
  CHECK (len == 8);
  CHECK (run (len, BPF_DEVCG_DEV_BLOCK, BPF_DEVCG_ACC_WRITE, 8, 0) == 1);
}

int
main (void)
{
  test_default_rules ();
  test_order_and_access ();
  return check_done ("device_filter");
}
