#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# explain-cxx-errors.sh <stderr-file> <compiler-exit-code>: run by the C++
# rule (scripts/Makefile.cxx) after each compile. Prints what the compiler
# printed and, if it failed because a kernel header was not found (C++
# cannot reach the kernel's headers, by design), says why and what to do
# instead. Removes the file and exits with the compiler's code.
err=$1 rc=$2
[ -f "$err" ] && cat "$err" >&2
if [ "$rc" -ne 0 ] && [ -f "$err" ]; then
	sed -n 's/.*fatal error: \(\(linux\|asm\|asm-generic\|uapi\|generated\|net\|trace\|crypto\|kunit\|vdso\|xen\|acpi\|drm\|media\|sound\|scsi\|soc\|keys\|rdma\|dt-bindings\)\/[^:]*\): No such file or directory.*/\1/p' \
		"$err" | sort -u | while read -r header; do
		printf '%s\n' "kpcpu: C++ cannot include kernel headers (<$header>): put that code in a C file of the module and call it through an extern \"C\" function (see README \"Using kernel APIs from C++\")" >&2
	done
fi
rm -f "$err"
exit "$rc"
