# SPDX-License-Identifier: GPL-2.0
# Tests of kpcpu's C++ build rule (scripts/Makefile.cxx). Sourced by
# scripts/test.sh after lib.sh; each buildsys_* function is one test case
# and returns non-zero on failure, saying why on stderr.

# The kbuild lines that mean "this was (re)built".
buildsys_built() { grep -E '^  (CC|C\+\+) \[M\]' "$1" | awk '{ print $NF }' | sort; }

# The C++ command line records every code-generation option of the C one
# (-m*, -f*, -pg: retpoline, return thunks, SLS, stack protector, mcmodel,
# red zone, fentry), none of the kernel's include paths, and the pinned
# dialect. <mods>: a module tree already built for the kernel.
buildsys_flags_follow_kernel() {
	local mods=$1 c cxx opt bad=0 cxx_params
	c=$(head -n1 "$mods/src/.kernel_glue.o.cmd")
	cxx=$(head -n1 "$mods/src/.cxx_runtime.o.cmd")
	# (Every grep -q reads a here-string, never a pipe: under pipefail a
	# writer cut off by grep -q's early exit fails the pipeline, which
	# happened on a command line longer than one 4 KiB write.)
	cxx_params=$(grep -o -E -- '--param[= ][^ ]+' <<<"$cxx" | tr ' ' '=' || true)
	for opt in $(echo "$c" | tr ' ' '\n' | grep -E '^-(m|f|pg$)' | sort -u); do
		grep -qxF -- "$opt" <<<"${cxx// /$'\n'}" ||
			{ log "C option $opt missing from the C++ command line"; bad=1; }
	done
	# --param settings (KASAN's instrumentation, the stack protector's guard).
	for opt in $(echo "$c" | grep -o -E -- '--param[= ][^ ]+' | tr ' ' '=' | sort -u); do
		grep -qxF -- "$opt" <<<"$cxx_params" ||
			{ log "C option $opt missing from the C++ command line"; bad=1; }
	done
	# (The code model and red zone are x86_64's; arm64's C line has its own
	# -m options, checked above like every other.)
	local required="-std=gnu++20 -fno-exceptions -fno-rtti"
	grep -q -- '-mcmodel=kernel' <<<"$c" && required="$required -mcmodel=kernel -mno-red-zone"
	for opt in $required; do
		grep -qxF -- "$opt" <<<"${cxx// /$'\n'}" || { log "$opt missing"; bad=1; }
	done
	grep -qxF -- -std=gnu11 <<<"${cxx// /$'\n'}" && { log "C dialect on the C++ line"; bad=1; }
	# Only the generated autoconf.h/version.h directories, kpcpu's own
	# headers (and, in test builds, its test-only ones) and the kernel
	# facts generated for this kernel.
	echo "$cxx" | tr ' ' '\n' | grep -E -- '^-(I|include$|isystem)' |
		grep -v -E '^-I.*include/generated(/uapi)?$' |
		grep -v -xF -e "-I$mods/include" -e "-I$mods/generated" -e "-I$mods/kunit/include" >&2 &&
		{ log "kernel include path or forced include on the C++ line"; bad=1; }
	# objtool runs on every C++ object, or - where the kernel delays it to
	# the module link (IBT or LTO: 6.12) - on every module linked from them,
	# with the kernel's options (--ibt included).
	if ! grep -q 'objtool' <<<"$cxx"; then
		local c_objtool link
		c_objtool=$(echo "$c" | grep -c objtool || true)
		link=$(head -n1 "$mods/.kpcpu_sample.o.cmd")
		if [ "$c_objtool" -eq 0 ] && ! grep -q 'objtool' <<<"$link" &&
			grep -q -- '-mgeneral-regs-only' <<<"$c"; then
			# arm64 6.1 has no objtool: the kernel's C runs none either.
			echo "objtool runs nowhere on this kernel's modules (arm64), C and C++ alike"
		elif [ "$c_objtool" -ne 0 ] || ! grep -q 'objtool' <<<"$link"; then
			log "objtool runs neither on C++ objects nor on the module link"; bad=1
		elif grep -q -- '-fcf-protection=branch' <<<"$c" && ! grep -q -- '--ibt' <<<"$link"; then
			log "IBT kernel, but objtool runs without --ibt"; bad=1
		else
			echo "objtool runs on the module link: $(echo "$link" | grep -o 'objtool/objtool[^;]*' | head -c 200)"
		fi
	fi
	return "$bad"
}

# Nothing is rebuilt when nothing changed; touching a header rebuilds exactly
# the objects whose .cmd lists it.
# <make-args>: those the tree was built with (an object shared by several
# modules is compiled with all their names, so other args rebuild it).
buildsys_incremental() {
	local kdir=$1 mods=$2 out
	shift 2
	out=$(mktemp)
	make -j"$KPCPU_JOBS" -C "$kdir" M="$mods" "$@" modules >"$out" 2>&1 || { cat "$out" >&2; return 1; }
	if [ -n "$(buildsys_built "$out")" ]; then
		log "rebuilt with nothing changed:"; buildsys_built "$out" >&2; return 1
	fi
	touch "$mods/include/kpcpu/gfp.h"
	make -j"$KPCPU_JOBS" -C "$kdir" M="$mods" "$@" modules >"$out" 2>&1 || { cat "$out" >&2; return 1; }
	local rebuilt expected
	rebuilt=$(buildsys_built "$out")
	expected=$(grep -l 'include/kpcpu/gfp.h' $(find "$mods" -name '.*.o.cmd') |
		sed -e 's|/\.\([^/]*\)\.cmd$|/\1|' | grep -v -E '\.mod\.o$|/kpcpu_[a-z_]*\.o$' | sort)
	rm -f "$out"
	[ -n "$expected" ] || { log "no object depends on gfp.h?"; return 1; }
	[ "$rebuilt" = "$expected" ] ||
		{ log "touching gfp.h rebuilt:"; log "$rebuilt"; log "expected:"; log "$expected"; return 1; }
}

# A user module vendoring kpcpu in ./kpcpu builds, objtool-clean.
buildsys_user_module_setup() {
	local dir=$1
	rm -rf "$dir"
	mkdir -p "$dir/kpcpu"
	cp "$KPCPU_ROOT"/scripts/buildsys/{Kbuild,user_module.cpp,user_stats.cpp,user_stats.h} "$dir/"
	cp -r "$KPCPU_ROOT"/{include,src,scripts} "$dir/kpcpu/"
}

buildsys_user_module_builds() {
	local kdir=$1 dir=$2 out
	buildsys_user_module_setup "$dir"
	out=$dir/build.log
	make -j"$KPCPU_JOBS" -C "$kdir" M="$dir" modules >"$out" 2>&1 || { cat "$out" >&2; return 1; }
	! grep -i 'warning' "$out" >&2
}

# buildsys_misuse_rejected <kdir> <dir> <MISUSE_...> <expected message regex> [object]
# [object]: the rejected object, which must not be left behind (default
# user_module.o; the module's own object for a module-wide check).
buildsys_misuse_rejected() {
	local kdir=$1 dir=$2 misuse=$3 expect=$4 rejected=${5:-user_module.o} out
	buildsys_user_module_setup "$dir"
	out=$dir/build.log
	if make -j"$KPCPU_JOBS" -C "$kdir" M="$dir" KPCPU_CXXFLAGS="-D$misuse" modules >"$out" 2>&1; then
		log "$misuse: the build succeeded"; return 1
	fi
	grep -E -- "$expect" "$out" >&2 || { log "$misuse: failed without /$expect/:"; tail -n 15 "$out" >&2; return 1; }
	[ ! -e "$dir/$rejected" ] && [ ! -e "$dir/user_module_test.ko" ] ||
		{ log "$misuse: $rejected or the module was left behind"; return 1; }
}

# A Kbuild that still sets kpcpu-dir (older versions needed it) to a wrong
# directory fails at once, saying what to set.
buildsys_wrong_kpcpu_dir_explained() {
	local kdir=$1 dir=$2 out
	buildsys_user_module_setup "$dir"
	sed -i '/^include /i kpcpu-dir := third_party/kpcpu' "$dir/Kbuild"
	out=$dir/build.log
	if make -C "$kdir" M="$dir" modules >"$out" 2>&1; then
		log "a wrong kpcpu-dir built"; return 1
	fi
	grep -F 'kpcpu: kpcpu-dir is "third_party/kpcpu", but this Makefile.cxx is in' "$out" >&2 &&
		grep -q -F 'or set kpcpu-dir := kpcpu' "$out" ||
		{ log "no message naming what to set:"; tail -n 5 "$out" >&2; return 1; }
}

# A kernel header included from C++: the compiler's own error, and kpcpu's
# line saying why and what to do instead.
buildsys_kernel_header_explained() {
	local kdir=$1 dir=$2
	buildsys_misuse_rejected "$kdir" "$dir" MISUSE_KERNEL_HEADER \
		'^kpcpu: C\+\+ cannot include kernel headers \(<linux/percpu\.h>\): put that code in a C file of the module and call it through an extern "C" function' ||
		return 1
	grep -E 'user_module\.cpp:[0-9]+:[0-9]+: fatal error: linux/percpu\.h: No such file or directory' "$dir/build.log" ||
		{ log "the compiler's own error is missing"; return 1; }
}
