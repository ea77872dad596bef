#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# codegen.sh <kernel-label> <module-tree>
#
# Compares, instruction for instruction, kpcpu's C++ with the kernel's own C
# macros for the same operation, both compiled by kbuild with the target
# kernel's flags (the module tree must be built with KPCPU_CODEGEN=y).
# Each function is counted in full: its body and any .cold part gcc split
# off. Prints one line per comparison and fails if the C++ is longer.
source "$(dirname "$0")/lib.sh"

label=$1 mods=$2

# insns <object> <symbol>: instructions in the symbol and its .cold part.
insns() {
	local n=0 part
	for part in "$2" "$2.cold"; do
		nm "$1" | grep -q " $part\$" || continue
		n=$((n + $(objdump -d --no-show-raw-insn --disassemble="$part" "$1" |
			grep -c -E '^ +[0-9a-f]+:	')))
	done
	echo "$n"
}

# show <object> <symbol>: the disassembly, for the log.
show() {
	objdump -d --no-show-raw-insn --disassemble="$2" "$1" | sed -n '/^[0-9a-f]* </,$p'
}

c_obj=$mods/kunit/codegen_guard.o
cxx_obj=$mods/kunit/codegen_guard_cxx.o
[ -f "$c_obj" ] && [ -f "$cxx_obj" ] || die "build $mods with KPCPU_CODEGEN=y first"

c=$(insns "$c_obj" kpcpu_codegen_c_guarded_inc)
cxx=$(insns "$cxx_obj" kpcpu_codegen_cxx_guarded_inc)
{
	show "$c_obj" kpcpu_codegen_c_guarded_inc
	show "$cxx_obj" kpcpu_codegen_cxx_guarded_inc
} >"$KPCPU_OUT/codegen-guard-$label.dis"
echo "codegen guard $label: C++ $cxx insns, C $c insns"
log "codegen guard $label: disassembly in $KPCPU_OUT/codegen-guard-$label.dis"
[ "$c" -gt 0 ] && [ "$cxx" -gt 0 ] || die "no instructions found"
[ "$cxx" -le "$c" ]
