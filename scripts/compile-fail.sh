#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# compile-fail.sh <label> <kernel-build-dir> <module-tree>
#
# Compiles each misuse snippet in kunit/compile_fail/ with the exact C++
# command line kbuild used for the module tree's C++ objects (so the target
# kernel's flags), twice:
#  - as is: it must fail, and the errors must match the snippet's
#    "// expect: <regex>" line (the intended message, not any error);
#  - with -DKPCPU_CONTROL, the same code used correctly: it must compile,
#    which shows the failure above came from the misuse alone.
# A snippet with a "// first-error" line must also have the intended message
# in the first error the compiler prints.
# Run it for every kernel configuration: a check that exists only with
# debug checks on (or off) must not make the same code build on one kernel
# and fail on another.
# Prints "compile-fail: R of N misuse cases rejected (<label>)" and writes
# "R N-R 0" to $KPCPU_OUT/<label>.counts.
source "$(dirname "$0")/lib.sh"

label=$1 kdir=$2 mods=$3
# ASCII quotes in diagnostics, whatever the caller's locale.
export LC_ALL=C
# Snippets are fragments, not modules: their functions have no declarations
# in a header (kernels since 6.8 warn on that, -Wmissing-declarations).
flags="$(cxx_command "$mods") -Wno-missing-declarations"

rejected=0 total=0
for snippet in "$KPCPU_ROOT"/kunit/compile_fail/*.cpp; do
	name=$(basename "$snippet" .cpp)
	total=$((total + 1))
	expect=$(sed -n 's|^// expect: ||p' "$snippet" | head -n1)
	out=$KPCPU_OUT/compile-fail-$label-$name.log
	if [ -z "$expect" ]; then
		echo "FAILED - compile-fail/$name: no '// expect:' line"
		continue
	fi
	if ! (cd "$kdir" && eval "$flags -DKPCPU_CONTROL -fsyntax-only $snippet") >"$out" 2>&1; then
		echo "FAILED - compile-fail/$name: the correct (control) variant does not compile ($out)"
		sed 's/^/    /' "$out" | head -n 10
		continue
	fi
	if (cd "$kdir" && eval "$flags -fsyntax-only $snippet") >"$out" 2>&1; then
		echo "FAILED - compile-fail/$name: the misuse compiled"
		continue
	fi
	if ! grep -E -q -- "$expect" "$out"; then
		echo "FAILED - compile-fail/$name: failed without the intended message /$expect/ ($out)"
		grep -m3 'error' "$out" | sed 's/^/    /'
		continue
	fi
	# "// first-error": the intended message must be the first error the
	# user reads, not one after a page of overload candidates.
	if grep -q '^// first-error$' "$snippet" && ! grep -m1 'error:' "$out" | grep -E -q -- "$expect"; then
		echo "FAILED - compile-fail/$name: the intended message /$expect/ is not the first error ($out)"
		grep -m1 'error:' "$out" | sed 's/^/    /'
		continue
	fi
	echo "ok - compile-fail/$name: $(grep -E -o -m1 -- "$expect" "$out")"
	rejected=$((rejected + 1))
done
echo "compile-fail: $rejected of $total misuse cases rejected ($label)"
echo "$rejected $((total - rejected)) 0" >"$KPCPU_OUT/$label.counts"
[ "$rejected" -eq "$total" ] && [ "$total" -ge 24 ]
