/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The functions scripts/codegen.sh disassembles and compares: the same
 * guarded per-CPU read-modify-write written with the kernel's C macros
 * (codegen_guard.c) and with kpcpu (codegen_guard_cxx.cpp), and the guard
 * alone (preempt_disable(); preempt_enable(); against a CpuGuard), which
 * must be the same instructions.
 */
#ifndef KPCPU_CODEGEN_GUARD_H
#define KPCPU_CODEGEN_GUARD_H

#ifdef __cplusplus
extern "C" {
#endif

void kpcpu_codegen_c_guarded_inc(void);
void kpcpu_codegen_cxx_guarded_inc(void);
void kpcpu_codegen_c_guard_only(void);
void kpcpu_codegen_cxx_guard_only(void);

#ifdef __cplusplus
}
#endif

#endif /* KPCPU_CODEGEN_GUARD_H */
