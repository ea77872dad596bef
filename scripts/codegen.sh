#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# codegen.sh <kernel-label> <module-tree>
#
# Compares, instruction for instruction, kpcpu's C++ with the kernel's own C
# macros for the same operations, both compiled by kbuild with the target
# kernel's flags into kpcpu_codegen.ko (build the tree with KPCPU_CODEGEN=y;
# the module is never loaded):
#  - the guard alone against preempt_disable(); preempt_enable(): identical;
#  - a guarded read-modify-write through a token, against preempt_disable();
#    (*this_cpu_ptr(&v))++; preempt_enable();
#  - every this_cpu_* integer operation at 8, 16, 32 and 64 bits, against
#    num().op(...), and every raw_cpu_* one against num().op(..., guard)
#    (the "this_cpu" and "raw" flavours; raw_cpu_*, not __this_cpu_*, whose
#    CONFIG_DEBUG_PREEMPT check kpcpu replaces by its guard type);
#  - a DynamicPerCpu<u64> handle's hot path (num().add and a guarded token)
#    against the same through a struct holding an alloc_percpu() pointer.
#  - PerCpuCounter::add() against percpu_counter_add(), PerCpuRef's
#    get/put against percpu_ref_get()/percpu_ref_put() (see the end).
# A function is counted in full: its body and any .cold part gcc split off.
# "core" leaves out the ftrace call, the return and padding: on x86_64, for
# read, write, add, sub, inc, dec, and, or it must be 1, the physical limit,
# in both flavours (arm64 has no per-CPU addressing mode: there the limit is
# the kernel's C).
# Fails if any guard or numeric C++ function is longer than its C twin, or
# misses the limit, or if a function is missing. The dynamic handle's
# functions are reported, not failed on: see below.
source "$(dirname "$0")/lib.sh"

label=$1 mods=$2
# The target's objdump: the host's reads only x86_64 code.
objdump=$(arch_cross_prefix "$(kernel_field "$label" arch)")objdump

# listing <object> <symbol>: disassembly of the symbol and of its .cold
# part, one instruction per line, with the target of any relocation that
# falls inside that instruction appended (at its first byte on arm64, after
# the opcode on x86_64; objdump prints the relocations of
# the whole section, so they are matched by address).
listing() {
	local part section start size
	for part in "$2" "$2.cold"; do
		start= size=
		# objdump -t: <value> <flags> <section> <size> <name>. Disassembled
		# by address range within the symbol's section: --disassemble=<sym>
		# misreads a function that follows padding (6.12's call-depth
		# tracking puts 16 bytes of nops before every function).
		read -r section start size < <("$objdump" -t "$1" |
			awk -v s="$part" '$NF == s && $(NF - 2) ~ /^\./ { print $(NF - 2), $1, $(NF - 1) }') || true
		[ -n "$start" ] || continue
		"$objdump" -dr --no-show-raw-insn -j "$section" --start-address=$((16#$start)) \
			--stop-address=$((16#$start + 16#$size)) "$1" |
			awk -v start=$((16#$start)) -v end=$((16#$start + 16#$size)) '
			function hex(s,  i, v) {	# mawk has no strtonum()
				v = 0
				for (i = 1; i <= length(s); i++)
					v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
				return v
			}
			/^ +[0-9a-f]+:\t/ {
				a = $1; sub(":", "", a)
				n++; addr[n] = hex(a); text[n] = $0; next
			}
			/^\t+[0-9a-f]+: R_(X86_64|AARCH64)/ {
				o = $1; sub(":", "", o)
				r++; roff[r] = hex(o); rsym[r] = $NF
			}
			END {
				for (i = 1; i <= n; i++) {
					hi = i < n ? addr[i + 1] : end
					for (j = 1; j <= r; j++)
						if (roff[j] >= addr[i] && roff[j] < hi && roff[j] < end)
							text[i] = text[i] " <" rsym[j] ">"
					if (addr[i] >= start && addr[i] < end)
						print text[i]
				}
			}'
	done
}

insns() { listing "$1" "$2" | wc -l; }

# nlines <listing>: its number of instructions (0 for none).
nlines() { if [ -n "$1" ]; then printf '%s\n' "$1" | wc -l; else echo 0; fi; }

# core_of <listing>: instructions other than the ftrace call, the IBT landing
# pad (endbr64), the return (ret or the return thunk), padding and, on
# arm64, the return address's signature (paciasp, autiasp) and BTI pad.
core_of() { nlines "$(printf '%s\n' "$1" | grep -v -E '__fentry__|__x86_return_thunk|	ret|	int3|	nop|	endbr64|	paciasp|	autiasp|	bti')"; }

c_obj=$mods/kunit/codegen_guard.o
cxx_obj=$mods/kunit/codegen_guard_cxx.o
cn_obj=$mods/kunit/codegen_numeric.o
cxxn_obj=$mods/kunit/codegen_numeric_cxx.o
cd_obj=$mods/kunit/codegen_dynamic.o
cxxd_obj=$mods/kunit/codegen_dynamic_cxx.o
for o in "$c_obj" "$cxx_obj" "$cn_obj" "$cxxn_obj" "$cd_obj" "$cxxd_obj"; do
	[ -f "$o" ] || die "$o missing: build $mods with KPCPU_CODEGEN=y first"
done
dis=$KPCPU_OUT/codegen-$label.dis
: >"$dis"
status=0

# The guard alone must be the kernel's preempt_disable(); preempt_enable();
# instruction for instruction: same instructions, same operands, same
# relocations (the preempt count's symbol, the scheduler call), with only
# addresses and branch targets' names taken out.
normalized() {
	listing "$1" "$2" | sed -E -e 's/^ *[0-9a-f]+:\t//' -e 's/ *# [0-9a-f]+ <[^>]*>//' \
		-e 's/[0-9a-f]+ <[^>]*>/<here>/g' -e 's/[[:space:]]+/ /g'
}
lc=$(normalized "$c_obj" kpcpu_codegen_c_guard_only)
lcxx=$(normalized "$cxx_obj" kpcpu_codegen_cxx_guard_only)
{ echo "== guard alone"; echo "$lc"; echo "--"; echo "$lcxx"; echo; } >>"$dis"
c=$(nlines "$lc") cxx=$(nlines "$lcxx")
if [ "$c" -gt 0 ] && [ "$lc" = "$lcxx" ]; then
	echo "codegen guard $label: C++ $cxx insns, C $c insns, identical"
else
	echo "codegen guard $label: C++ $cxx insns, C $c insns, DIFFERENT:"
	diff <(echo "$lc") <(echo "$lcxx") | sed 's/^/    /'
	status=1
fi

# The guarded read-modify-write: a token under a guard against
# preempt_disable(); (*this_cpu_ptr(&v))++; preempt_enable(). No longer than
# C, apart from what kpcpu's debug checks add on a debug kernel: the token's
# borrow state (cmpb, jne, movb to take it, movb to give it back) and the
# call that reports a nested token (mov, call, jmp back), counted and shown.
c=$(insns "$c_obj" kpcpu_codegen_c_guarded_inc)
lcxx=$(listing "$cxx_obj" kpcpu_codegen_cxx_guarded_inc)
cxx=$(nlines "$lcxx")
{ echo "== guarded token"; listing "$c_obj" kpcpu_codegen_c_guarded_inc; echo "--"; echo "$lcxx"; echo; } >>"$dis"
if grep -q 'kpcpu_report_nested_token' <<<"$lcxx"; then
	debug=$(($(echo "$lcxx" | grep -c -E '	(cmpb|movb) .*%gs:') + 4))
	echo "codegen guarded token $label: C++ $cxx insns, C $c insns (debug checks on: $debug of them are the borrow check)"
	[ "$c" -gt 0 ] && [ "$((cxx - debug))" -le "$c" ] || status=1
else
	echo "codegen guarded token $label: C++ $cxx insns, C $c insns"
	[ "$c" -gt 0 ] && [ "$cxx" -gt 0 ] && [ "$cxx" -le "$c" ] || status=1
fi

# Every numeric operation at every width, in both flavours: this_cpu_* /
# num().op(...) and raw_cpu_* / num().op(..., guard).
one_insn_ops=" read write add add_imm sub inc dec and or "
[ "$(kernel_field "$label" arch)" = x86_64 ] || one_insn_ops=" "
n=0 longer=0 equal=0 shorter=0
printf '%-9s %-12s %-6s %8s %8s %10s\n' flavour operation width "C" "C++" "C++ core"
for flavour in this_cpu raw; do
	case $flavour in
	this_cpu) pre= ;;
	raw) pre=raw_ ;;
	esac
	for op in read write add add_imm sub inc dec and or xchg cmpxchg add_return sub_return; do
		for t in u8 u16 u32 u64; do
			cf=kpcpu_cg_c_$pre${op}_$t cxxf=kpcpu_cg_cxx_$pre${op}_$t
			# One disassembly per function: objdump is the slow part.
			lc=$(listing "$cn_obj" "$cf")
			lcxx=$(listing "$cxxn_obj" "$cxxf")
			c=$(nlines "$lc") cxx=$(nlines "$lcxx") core=$(core_of "$lcxx")
			printf '== %s %s %s\n%s\n--\n%s\n' "$flavour" "$op" "$t" "$lc" "$lcxx" >>"$dis"
			note=""
			if [ "$c" -eq 0 ] || [ "$cxx" -eq 0 ]; then
				note=" MISSING"; status=1
			elif [ "$cxx" -gt "$c" ]; then
				longer=$((longer + 1)); note=" LONGER"; status=1
			elif [ "$cxx" -eq "$c" ]; then
				equal=$((equal + 1))
			else
				shorter=$((shorter + 1))
			fi
			case "$one_insn_ops" in
			*" $op "*) [ "$core" -eq 1 ] || { note="$note ABOVE-LIMIT"; status=1; } ;;
			esac
			n=$((n + 1))
			printf '%-9s %-12s %-6s %8s %8s %10s%s\n' "$flavour" "$op" "$t" "$c" "$cxx" "$core" "$note"
		done
	done
done
echo "codegen $label: $n functions compared, C++ longer in $longer, equal in $equal, shorter in $shorter"

# A dynamic handle's hot path, reported, not failed on (a missing function
# fails). The C side trusts its alloc_percpu() pointer; DynamicPerCpu checks
# for an empty handle (a null per-CPU address) on every access, and that
# check is the difference: a test of the loaded address and a je, taken only
# for an empty handle, to the report gcc places after the return. Counted:
#  - num().add: test, je, and the tail jump to kpcpu_report_empty_handle
#    (C++ = C + 3);
#  - the guarded token: test, je, the report call and the jump back, and one
#    mov, as the address kept for the test is no longer added from memory
#    (C++ = C + 5 on the Debian kernel). With kpcpu's debug checks
#    (CONFIG_DEBUG_PREEMPT: the test kernel) the token also checks and sets
#    its slot's borrow state, as in the guard comparison above.
for what in "num().add:dyn_add" "guarded token:dyn_guarded_inc"; do
	name=${what%%:*} f=${what#*:}
	c=$(insns "$cd_obj" "kpcpu_cg_c_$f")
	cxx=$(insns "$cxxd_obj" "kpcpu_cg_cxx_$f")
	{ echo "== dynamic $name"; listing "$cd_obj" "kpcpu_cg_c_$f"; echo "--"
	  listing "$cxxd_obj" "kpcpu_cg_cxx_$f"; } >>"$dis"
	note=""
	if [ "$c" -eq 0 ] || [ "$cxx" -eq 0 ]; then
		note=" MISSING"; status=1
	fi
	echo "codegen dynamic $label: $name C++ $cxx insns, C $c insns$note"
done
# IrqGuard and LocalLocked (kunit/codegen_lock*.{c,cpp}).
cl_obj=$mods/kunit/codegen_lock.o
cxxl_obj=$mods/kunit/codegen_lock_cxx.o
# report_block <listing> <symbol>: instructions of the out-of-line blocks
# that call <symbol>: the argument set-up right before the call (mov, xor,
# lea), the call and the jump back.
report_block() {
	printf '%s\n' "$1" | awk -v sym="<$2" '
		{ line[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				if (!index(line[i], sym) || line[i] !~ /\t(call|bl)[ \t]/)
					continue
				n++
				for (j = i - 1; j > 0 && line[j] ~ /\t(mov|xor|lea) / && line[j] !~ /%gs:/; j--)
					n++
				if (i < NR && line[i + 1] ~ /\t(jmp|b)[ \t]/)
					n++
			}
			print n + 0
		}'
}
for o in "$cl_obj" "$cxxl_obj"; do [ -f "$o" ] || die "$o missing: build $mods with KPCPU_CODEGEN=y first"; done
# IrqGuard alone against local_irq_save(); local_irq_restore(): identical
# where kpcpu inlines it (kpcpu/arch/x86/irqflags.h); elsewhere (PARAVIRT_XXL,
# TRACE_IRQFLAGS) two calls to the kernel's own macros in the glue, counted.
lc=$(normalized "$cl_obj" kpcpu_cg_c_irq_guard_only)
lcxx=$(normalized "$cxxl_obj" kpcpu_cg_cxx_irq_guard_only)
{ echo "== irq_guard alone"; echo "$lc"; echo "--"; echo "$lcxx"; echo; } >>"$dis"
c=$(nlines "$lc") cxx=$(nlines "$lcxx")
if grep -q kpcpu_local_irq_save <<<"$lcxx"; then
	echo "codegen irq_guard $label: C++ $cxx insns, C $c insns (the kernel's local_irq_save/restore, out of line: see kpcpu/arch/*/irqflags.h)"
	[ "$c" -gt 0 ] && [ "$cxx" -gt 0 ] || status=1
elif [ "$c" -gt 0 ] && [ "$lc" = "$lcxx" ]; then
	echo "codegen irq_guard $label: C++ $cxx insns, C $c insns, identical"
else
	echo "codegen irq_guard $label: C++ $cxx insns, C $c insns, DIFFERENT:"
	diff <(echo "$lc") <(echo "$lcxx") | sed 's/^/    /'
	status=1
fi
# lock(); increment; unlock against local_lock(&p->lock);
# this_cpu_ptr(p)->value++; local_unlock(&p->lock), and the same with
# lock_irqsave(). Where local_lock() is preempt_disable() (no RT, no
# lockdep) C++ must be no longer than C apart from what is counted and
# shown: the empty-object check (test, je, the per-CPU base kept in a
# register for it, the out-of-line report: its arguments, call, jump back,
# and the push and pop of a callee-saved register for what must survive
# that call) and, with debug checks, the borrow check of kpcpu/token.h (cmpb,
# jne, two movb, and its report). Elsewhere the C++ calls the kernel's own
# macros (src/local_lock_glue.c): counted, not compared.
for what in local_lock:local_lock_inc local_lock_irqsave:local_lock_irqsave_inc; do
	name=${what%%:*} f=${what#*:}
	lc=$(listing "$cl_obj" "kpcpu_cg_c_$f")
	lcxx=$(listing "$cxxl_obj" "kpcpu_cg_cxx_$f")
	c=$(nlines "$lc") cxx=$(nlines "$lcxx")
	{ echo "== $name"; echo "$lc"; echo "--"; echo "$lcxx"; echo; } >>"$dis"
	if [ "$c" -eq 0 ] || [ "$cxx" -eq 0 ]; then
		echo "codegen $name $label: C++ $cxx insns, C $c insns MISSING"; status=1; continue
	fi
	if grep -q -E '<kpcpu_local_(lock|lock_irqsave)[-+ >]' <<<"$lcxx"; then
		echo "codegen $name $label: C++ $cxx insns, C $c insns (the kernel's local_lock, out of line: PREEMPT_RT or DEBUG_LOCK_ALLOC)"
		continue
	fi
	if grep -q kpcpu_local_irq_save <<<"$lcxx"; then
		echo "codegen $name $label: C++ $cxx insns, C $c insns (the kernel's local_irq_save/restore, out of line: see kpcpu/arch/*/irqflags.h)"
		continue
	fi
	# (What must survive the report call - the saved flags - lives in a
	# callee-saved register: a push and a pop C does not have.)
	saves=$(($(echo "$lcxx" | grep -c '	push ' || true) - $(echo "$lc" | grep -c '	push ' || true)))
	[ "$saves" -gt 0 ] || saves=0
	if [ "$(kernel_field "$label" arch)" = arm64 ]; then
		# arm64: the report is a call, not a tail jump, so the function
		# gets a frame (stp, mov x29 and ldp on the hot path) and the
		# report its own copy of the epilogue after the first ret; with
		# the cbz, that is the whole check.
		empty=$(($(printf '%s\n' "$lcxx" | awk 'seen { n++ } /\tret/ { seen = 1 } END { print n + 0 }') + 4))
	else
		empty=$(($(report_block "$lcxx" kpcpu_report_empty_handle) + 3 + 2 * saves))
	fi
	debug=0
	if grep -q kpcpu_report_nested_token <<<"$lcxx"; then
		debug=$(($(echo "$lcxx" | grep -c -E '	(cmpb|movb) .*%gs:') + 1 + $(report_block "$lcxx" kpcpu_report_nested_token)))
	fi
	echo "codegen $name $label: C++ $cxx insns, C $c insns (empty-object check: $empty of them$([ "$debug" -eq 0 ] || echo ", borrow check: $debug"))"
	[ "$((cxx - empty - debug))" -le "$c" ] || { echo "    LONGER than C beyond those"; status=1; }
done
# PerCpuCounter::add() against the kernel's percpu_counter_add() (in 6.1
# and 6.12 a call to the out-of-line percpu_counter_add_batch(): "(+ call)"
# when the C function calls out, and the callee is not counted). kpcpu's
# fast path must call nothing but its slow path and the uninitialised
# counter's report. PerCpuRef's get and put against the kernel's inline
# percpu_ref_get()/percpu_ref_put(): never longer (the atomic-mode branch
# counted on both sides: C's inline atomic op, kpcpu's call into the glue).
ccr_obj=$mods/kunit/codegen_counter_ref.o
cxxcr_obj=$mods/kunit/codegen_counter_ref_cxx.o
for o in "$ccr_obj" "$cxxcr_obj"; do
	[ -f "$o" ] || die "$o missing: build $mods with KPCPU_CODEGEN=y first"
done
# calls_of <listing>: its call and tail-call targets, ftrace, return thunks,
# retpolines and the preemption call excepted.
calls_of() {
	printf '%s\n' "$1" | grep -E '	(call|jmp|bl|b)[ 	]' | grep -o '<[^>]*>$' | tr -d '<>' | sed -E 's/[-+]0x[0-9a-f]+$//' |
		grep -v -E '^(kpcpu_cg_.*|__fentry__|__x86_return_thunk|__x86_indirect_thunk_.*|__SCT__preempt_schedule.*|preempt_schedule.*|__preempt_schedule.*)$' |
		sort -u || true
}
lc=$(listing "$ccr_obj" kpcpu_cg_c_counter_add)
lcxx=$(listing "$cxxcr_obj" kpcpu_cg_cxx_counter_add)
printf '== percpu_counter_add\n%s\n--\n%s\n' "$lc" "$lcxx" >>"$dis"
c=$(nlines "$lc") cxx=$(nlines "$lcxx")
c_calls=$(calls_of "$lc") cxx_calls=$(calls_of "$lcxx")
note=""
[ -z "$c_calls" ] || note=" (+ call)"
# (The sanitizers' reports on the debug kernel are instrumentation, as in C.)
bad=$(printf '%s\n' "$cxx_calls" |
	grep -v -x -E 'kpcpu_percpu_counter_add_slow|kpcpu_report_empty_handle|__(asan|kasan|ubsan|sanitizer)_.*|' || true)
if [ "$c" -eq 0 ] || [ "$cxx" -eq 0 ]; then
	echo "codegen percpu_counter_add $label: MISSING"; status=1
elif [ -n "$bad" ]; then
	echo "codegen percpu_counter_add $label: C++ $cxx insns, C $c insns$note; kpcpu's fast path CALLS $(echo $bad)"
	status=1
else
	echo "codegen percpu_counter_add $label: C++ $cxx insns, C $c insns$note"
fi
for op in get put; do
	lc=$(listing "$ccr_obj" "kpcpu_cg_c_ref_$op")
	lcxx=$(listing "$cxxcr_obj" "kpcpu_cg_cxx_ref_$op")
	printf '== percpu_ref_%s\n%s\n--\n%s\n' "$op" "$lc" "$lcxx" >>"$dis"
	c=$(nlines "$lc") cxx=$(nlines "$lcxx")
	if [ "$c" -eq 0 ] || [ "$cxx" -eq 0 ]; then
		echo "codegen percpu_ref_$op $label: MISSING"; status=1
	elif [ "$cxx" -gt "$c" ]; then
		echo "codegen percpu_ref_$op $label: C++ $cxx, C $c LONGER"; status=1
	else
		echo "codegen percpu_ref_$op $label: C++ $cxx, C $c"
	fi
done
log "codegen $label: disassembly in $dis"
exit "$status"
