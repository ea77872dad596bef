/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64: instruction alternatives, the way the kernel emits them
 * (arch/arm64/include/asm/alternative-macros.h), for C++ asm.
 *
 * The kernel picks some instructions per CPU at boot: which register holds
 * this CPU's per-CPU offset (tpidr_el1, or tpidr_el2 when the kernel runs
 * at EL2 with VHE), and LSE atomics instead of load/store-exclusive loops.
 * Code carries the default instructions in place and, in .altinstructions,
 * an entry naming the CPU capability and the replacement (kept in a
 * subsection). The module loader applies a module's .altinstructions
 * before the module's init runs (module_finalize() calls
 * apply_alternatives_module()), against the capabilities the boot CPUs
 * agreed on - so a module's C++ that emits the same entries runs the same
 * instructions as the kernel's own C on the same machine. That is why
 * kpcpu emits them instead of calling into C for every access.
 *
 * The capability numbers are generated per kernel (asm/cpucaps.h), so they
 * come from kpcpu_kernel_facts.h; src/kernel_glue.c checks the entry
 * layout (struct alt_instr) and the numbers against the kernel's headers.
 *
 *	unsigned long off;
 *	asm(KPCPU_ARM64_ALTERNATIVE("mrs %0, tpidr_el1", "mrs %0, tpidr_el2",
 *				    KPCPU_FACT_ARM64_HAS_VIRT_HOST_EXTN) : "=r"(off));
 */
#ifndef KPCPU_ARCH_ARM64_ALTERNATIVE_H
#define KPCPU_ARCH_ARM64_ALTERNATIVE_H

#include <kpcpu/kernel_constants.h>

#define KPCPU_ARM64_STRINGIFY_(x) #x
#define KPCPU_ARM64_STRINGIFY(x) KPCPU_ARM64_STRINGIFY_(x)

/* One struct alt_instr: s32 original, s32 replacement (or callback),
 * u16 capability, u8 original length, u8 replacement length. */
#define KPCPU_ARM64_ALT_ENTRY(replacement, cap)                                            \
	" .word 661b - .\n"                                                                  \
	" .word " replacement " - .\n"                                                       \
	" .hword " KPCPU_ARM64_STRINGIFY(cap) "\n"                                           \
	" .byte 662b-661b\n"                                                                 \
	" .byte 664f-663f\n"

/*
 * @old in place, @new when the CPUs have capability @cap. The two must be
 * the same length (the .org lines fail the assembly otherwise).
 */
#define KPCPU_ARM64_ALTERNATIVE(old, new, cap)                                              \
	"661:\n\t" old "\n"                                                                  \
	"662:\n"                                                                             \
	".pushsection .altinstructions,\"a\"\n" KPCPU_ARM64_ALT_ENTRY("663f", cap)          \
	".popsection\n"                                                                      \
	".subsection 1\n"                                                                    \
	"663:\n\t" new "\n"                                                                  \
	"664:\n\t"                                                                           \
	".org	. - (664b-663b) + (662b-661b)\n\t"                                             \
	".org	. - (662b-661b) + (664b-663b)\n"                                               \
	".previous\n"

/*
 * The kernel's alternative_has_feature_likely(): a branch to @label that
 * the boot patches into a nop (alt_cb_patch_nops, exported for modules)
 * when the CPUs have capability @cap. Use as the template of an asm goto.
 */
#define KPCPU_ARM64_BRANCH_UNLESS_CAP(label, cap)                                           \
	"661:\n\tb " label "\n"                                                              \
	"662:\n"                                                                             \
	".pushsection .altinstructions,\"a\"\n"                                              \
	KPCPU_ARM64_ALT_ENTRY("alt_cb_patch_nops",                                           \
			      ((1 << KPCPU_FACT_ARM64_CB_SHIFT) | (cap)))                    \
	".popsection\n"                                                                      \
	"663:\n\t"                                                                           \
	"664:\n"

/* What the kernel puts before LSE instructions, so the assembler takes them
 * without -march=armv8.1-a. */
#define KPCPU_ARM64_LSE_PREAMBLE ".arch_extension lse\n"

#endif /* KPCPU_ARCH_ARM64_ALTERNATIVE_H */
