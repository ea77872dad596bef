/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel constants C++ needs at compile time, as plain #defines.
 *
 * C++ cannot include the kernel headers that define these, so they are
 * written here once; src/kernel_glue.c includes this file next to the real
 * kernel headers and static_asserts that every value matches, so a kernel
 * that changes one fails to build instead of running with a wrong value.
 * Included from both C and C++: #defines only.
 */
#ifndef KPCPU_KERNEL_CONSTANTS_H
#define KPCPU_KERNEL_CONSTANTS_H

/* gfp_t bits and the usual combinations (include/linux/gfp_types.h). */
#define KPCPU_GFP_KERNEL	0xcc0u
#define KPCPU_GFP_ATOMIC	0xa20u
#define KPCPU_GFP_NOWAIT	0x800u
#define KPCPU_GFP_ZERO		0x100u
#define KPCPU_GFP_NOWARN	0x2000u
#define KPCPU_GFP_ACCOUNT	0x400000u

/* Static per-CPU data of all modules together (PERCPU_MODULE_RESERVE). */
#define KPCPU_PERCPU_MODULE_RESERVE	8192

/* Largest dynamic per-CPU allocation (PCPU_MIN_UNIT_SIZE) and PAGE_SIZE. */
#define KPCPU_PERCPU_DYNAMIC_MAX	32768
#define KPCPU_PAGE_SIZE			4096

/* errno values (include/uapi/asm-generic/errno-base.h). */
#define KPCPU_EIO		5
#define KPCPU_ENOMEM		12
#define KPCPU_EINVAL		22

#endif /* KPCPU_KERNEL_CONSTANTS_H */
