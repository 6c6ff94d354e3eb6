/*
 * cgroup v2 device rules: v2 has no devices.allow/devices.deny files, so, as runc and crun do, the shim compiles
 * linux.resources.devices into a BPF_PROG_TYPE_CGROUP_DEVICE program and attaches it to --cgroup-dir before the
 * first clone. The kernel runs it on every mknod and open of a device node by a task in the group (and, in a
 * hybrid v1/v2 setup, in the group's cgroup2 hierarchy) before the v1 devices controller.
 *
 * Semantics are the OCI ones (and cgroup v1's): rules apply in order and a later matching rule overrides an
 * earlier one, so the program tests them last to first and the first match decides; nothing matching denies.
 *
 *   r2 = type, r3 = requested access, r4 = major, r5 = minor     (from struct bpf_cgroup_dev_ctx)
 *   for each rule, last first:
 *     if type differs, or access is not a subset, or major / minor differ: skip to the next rule
 *     return allow ? 1 : 0
 *   return 0
 *
 * The attachment holds the program: it outlives the shim's fds and goes away when the CLI removes the group.
 */
#ifndef SHIM_DEVICE_FILTER_H
#define SHIM_DEVICE_FILTER_H

#include <linux/bpf.h>
#include <stddef.h>

#include "config.h"
#include "error.h"

/* Room enough for the program of n rules. */
size_t shim_device_filter_max_insns (size_t n_rules);

/* The program for rules[0..n) into out (shim_device_filter_max_insns (n) entries); returns its length. */
size_t shim_device_filter_emit (const isle_device_rule_t *rules, size_t n, struct bpf_insn *out);

/* Load the program and attach it to the cgroup v2 directory cgroup_fd (named dir in errors). Stage "cgroup". */
int shim_device_filter_attach (int cgroup_fd, const char *dir, const isle_device_rule_t *rules, size_t n,
                               isle_err_t *err);

#endif
