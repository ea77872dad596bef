#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# header-examples.sh <kernel-build-dir> <module-tree>
#
# Compiles every usage example in the comments of the public headers
# (include/kpcpu/**/*.h of this clone, not the module tree's copy) and every
# C++ example of README.md with the exact C++ command line kbuild used for
# the module tree's C++ objects (so the target kernel's flags), plus -Werror.
#
# What an example is:
#  - in a header: a run of comment lines " *<TAB>code"; a line " *" between
#    two such lines continues the same example. Text that is not C++ (a
#    table, C code) is indented with spaces, never with a tab. It is split
#    at those blank " *" lines into segments.
#  - in README.md: a fenced block opened by a line "```cpp" and closed by
#    "```" (C and shell examples use other fences or none). It is split at
#    its blank lines into segments.
# How it is compiled:
#  - a header's examples are compiled in order in one translation unit that
#    starts with #include <kpcpu/kpcpu.h> and #include of the header itself,
#    and nothing else (no using-directives): examples are copy-pasteable;
#    README.md's examples likewise in one translation unit of their own that
#    starts with #include <kpcpu/kpcpu.h>;
#  - the first k segments of an example go at file scope and the rest into
#    the body of "int kpcpu_example_N() { ... return 0; }" (so that
#    "return -KPCPU_ENOMEM;" works), for the smallest k (0 up to all) that
#    compiles; what compiled stays in the translation unit, so a later
#    example of the same header may use what an earlier one defined. Names
#    must therefore be unique within a header, and across README.md;
#  - if no split compiles, the example fails: its header, first line and
#    the compiler's first errors are printed (of the split that got
#    furthest into the example, with the example line that instantiated a
#    template that failed). #line directives make errors point at the
#    header's own comment lines (README.md's lines), columns included;
#  - last, each header's whole translation unit is compiled to an object,
#    which fails if it has a .init_array or .ctors section: a file-scope
#    example with a dynamic initializer is a global constructor, which the
#    module loader never runs.
# Prints "ok - header-example <header>:<line>" (README.md: "ok -
# readme-example README.md:<line>") or "FAILED - ..." per example (and a
# FAILED line per header, or README.md, whose object check fails), the
# number of example blocks counted independently of the extraction, and last
# "header examples: N compiled, F failed" (F: failed examples and failed
# object checks). Fails if F > 0 or if fewer examples compiled than blocks
# were counted.
source "$(dirname "$0")/lib.sh"

kdir=$1 mods=$2
# ASCII quotes in diagnostics, whatever the caller's locale.
export LC_ALL=C
cmd=$(cxx_command "$mods")
# The clone's headers come before the module tree's copy of them.
# (Examples are fragments: their functions have no declarations in a header,
# which kernels since 6.8 warn on.)
cxx="${cmd%% *} -I$KPCPU_ROOT/include ${cmd#* } -Werror -Wno-missing-declarations"
scratch=$(mktemp -d "$KPCPU_OUT/header-examples.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# Every translation unit starts with kpcpu.h: precompiled once with the same
# command, no compile parses it again. The header sits beside its .gch for
# the #include of it that follows the first. Should the .gch not build, the
# compiler parses the header each time (and the examples show what is wrong).
mkdir -p "$scratch/pch/kpcpu"
ln -s "$KPCPU_ROOT/include/kpcpu/kpcpu.h" "$scratch/pch/kpcpu/kpcpu.h"
if (cd "$kdir" && eval "$cxx -x c++-header -o $scratch/pch/kpcpu/kpcpu.h.gch" \
	"$KPCPU_ROOT/include/kpcpu/kpcpu.h") >"$scratch/pch.log" 2>&1; then
	cxx="${cxx%% *} -I$scratch/pch ${cxx#* }"
fi

# Every header but another architecture's (kpcpu/arch/<dir>/: only what
# arch.h picks compiles for the target; its x86_64 code is in arch/x86/).
own_arch=$(kernel_tree_arch "$kdir")
own_arch=${own_arch/x86_64/x86}
mapfile -t headers < <(cd "$KPCPU_ROOT/include" && find kpcpu -name '*.h' | sort |
	grep -v -E "^kpcpu/arch/[a-z0-9_]+/" |
	cat - <(find kpcpu/arch/generic "kpcpu/arch/$own_arch" -name '*.h' | sort))
readme=$KPCPU_ROOT/README.md

# The number of example blocks, counted on its own (not by the extraction
# below): a tab-indented comment line that does not continue a block (over
# blank " *" lines) opens one.
blocks=$(cd "$KPCPU_ROOT/include" && awk '
	FNR == 1 { open = 0 }
	/^ \*\t/ { if (!open) n++; open = 1; next }
	/^ \*[ \t]*$/ { next }
	{ open = 0 }
	END { print n + 0 }' "${headers[@]}")
# README.md's: one per "```cpp" line.
readme_blocks=$(grep -c '^```cpp[[:space:]]*$' "$readme" || true)

# extract <file> <dir> [readme]: writes example n's segments to <dir>/n.1,
# n.2 ... (each starting with a #line directive; columns match the file:
# a header's " *" is turned into two spaces, README lines stay as they are)
# and "<first-line> <last-line> <text of the first line>" to <dir>/n.info.
# A header's examples are its tab-indented comment runs; with "readme",
# the file's fenced ```cpp blocks.
extract() {
	awk -v out="$2" -v path="$1" -v readme="${3:-}" '
	function segment() {
		if (file != "")
			close(file)
		file = out "/" n "." ++seg
		printf "#line %d \"%s\"\n", FNR, path > file
	}
	function open_example() { n++; seg = 0; open = 1; blank = 0; first = 0 }
	function finish() {
		if (open && first)
			printf "%d %d %s\n", first, last, text > (out "/" n ".info")
		close(out "/" n ".info")
		open = 0
	}
	# One line of code: @line as compiled, @shown as a report quotes it.
	function code(line, shown) {
		if (!first) {
			first = FNR; text = shown
			segment()
		} else if (blank) {
			segment()
			blank = 0
		}
		last = FNR
		print line > file
	}
	readme == "" && /^ \*\t/ {
		if (!open)
			open_example()
		code("  " substr($0, 3), substr($0, 4))
		next
	}
	readme == "" && /^ \*[ \t]*$/ { if (open) blank = 1; next }
	readme == "" { finish(); next }
	!open && /^```cpp[ \t]*$/ { open_example(); next }
	!open { next }
	/^```[ \t]*$/ { finish(); next }
	/^[ \t]*$/ { if (first) blank = 1; next }
	{ code($0, $0) }
	END { finish() }' "$1"
}

# compile <source> <log> [options...]: the kernel's C++ command, from the
# kernel build directory (its include paths are relative to it).
compile() {
	local src=$1 out=$2
	shift 2
	(cd "$kdir" && eval "$cxx $* $src") >"$out" 2>&1
}

# progress <log> <header> <first> <last>: how far into the example the
# first diagnostic that points into it is (0: none does).
progress() {
	awk -v h="$2:" -v lo="$3" -v hi="$4" '
	index($0, h) == 1 {
		split(substr($0, length(h) + 1), f, ":")
		if (f[1] + 0 >= lo && f[1] + 0 <= hi) { print f[1]; found = 1; exit }
	}
	END { if (!found) print 0 }' "$1"
}

# check_header <header>|README.md <result-file>: one header's (or
# README.md's) examples and object check; writes its report lines to
# <result-file>.out and "compiled failed" to <result-file>.
check_header() {
	local rel=$1 res=$2 path shown kind dir tu try n segs k s
	local first last text compiled=0 failed=0 best bestk score errs besterrs
	dir=$(mktemp -d "$scratch/h.XXXXXX")
	tu=$dir/tu.cpp try=$dir/try.cpp
	if [ "$rel" = README.md ]; then
		path=$readme shown=README.md kind=readme
		extract "$path" "$dir" readme
		printf '#include <kpcpu/kpcpu.h>\n' >"$tu"
	else
		path=$KPCPU_ROOT/include/$rel shown=include/$rel kind=header
		extract "$path" "$dir"
		printf '#include <kpcpu/kpcpu.h>\n#include <%s>\n' "$rel" >"$tu"
	fi
	exec 3>"$res.out"
	n=1
	while [ -f "$dir/$n.info" ]; do
		read -r first last text <"$dir/$n.info"
		segs=1
		while [ -f "$dir/$n.$((segs + 1))" ]; do segs=$((segs + 1)); done
		best=-1 bestk=
		for ((k = 0; k <= segs; k++)); do
			{
				cat "$tu"
				for ((s = 1; s <= k; s++)); do cat "$dir/$n.$s"; done
				echo "int kpcpu_example_$n() {"
				for ((s = k + 1; s <= segs; s++)); do cat "$dir/$n.$s"; done
				printf 'return 0;\n}\n'
			} >"$try"
			if compile "$try" "$dir/$n.log$k" -fsyntax-only; then
				mv "$try" "$tu"
				bestk=ok
				break
			fi
			score=$(progress "$dir/$n.log$k" "$path" "$first" "$last")
			errs=$(grep -c 'error:' "$dir/$n.log$k" || true)
			if [ "$score" -gt "$best" ] || { [ "$score" -eq "$best" ] && [ "$errs" -lt "$besterrs" ]; }; then
				best=$score besterrs=$errs bestk=$k
			fi
		done
		if [ "$bestk" = ok ]; then
			echo "ok - $kind-example $shown:$first" >&3
			compiled=$((compiled + 1))
		else
			echo "FAILED - $kind-example $shown:$first: $text" >&3
			grep -m 5 -E 'error:|required from here' "$dir/$n.log$bestk" |
				sed "s|$KPCPU_ROOT/||; s/^/    /" >&3
			failed=$((failed + 1))
		fi
		n=$((n + 1))
	done
	if [ "$n" -gt 1 ]; then
		if ! compile "$tu" "$dir/object.log" -c -o "$dir/tu.o"; then
			echo "FAILED - $kind-object $shown: the examples together do not compile to an object" >&3
			grep -m 5 'error:' "$dir/object.log" | sed "s|$KPCPU_ROOT/||; s/^/    /" >&3
			failed=$((failed + 1))
		elif grep -q -E ' \.(init_array|ctors)' <<<"$("$(objdump_of "$dir/tu.o")" -h "$dir/tu.o")"; then
			echo "FAILED - $kind-object $shown: a global constructor (.init_array/.ctors): a file-scope example has a dynamic initializer" >&3
			failed=$((failed + 1))
		fi
	fi
	exec 3>&-
	echo "$compiled $failed" >"$res"
}

# README.md (the longest) and the headers in parallel, reports in order.
units=(README.md "${headers[@]}")
for i in "${!units[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$KPCPU_JOBS" ]; do wait -n || true; done
	check_header "${units[$i]}" "$scratch/result.$i" &
done
wait

total=0 fails=0
for i in "${!units[@]}"; do
	c=0 f=1
	[ -f "$scratch/result.$i" ] && read -r c f <"$scratch/result.$i"
	[ -f "$scratch/result.$i.out" ] && cat "$scratch/result.$i.out"
	total=$((total + c)) fails=$((fails + f))
done
echo "example blocks in the headers' comments: $blocks (in ${#headers[@]} headers); in README.md: $readme_blocks"
blocks=$((blocks + readme_blocks))
echo "header examples: $total compiled, $fails failed"
[ "$fails" -eq 0 ] && [ "$total" -ge "$blocks" ]
