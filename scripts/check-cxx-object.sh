#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# check-cxx-object.sh <object> <runtime-object>
#
# Fails (and says why) when a C++ object compiled for a kernel module
#  - has global constructors or destructors: the module loader runs
#    .init_array only on CONFIG_CONSTRUCTORS kernels, so they would run on
#    some kernels and silently not on others;
#  - refers to a C++ runtime symbol (operator new/delete, __cxa_*, the
#    unwinder, libstdc++) that the runtime object does not define: such a
#    module would fail to load, or link against nothing.
set -eu
obj=$1
runtime=$2
NM=${NM:-nm}
OBJDUMP=${OBJDUMP:-objdump}
status=0

# Constructors the compiler adds for a sanitizer are allowed: KASAN
# registers each object's globals from one (gcc names it _sub_I_<prio>_<n>,
# its destructor _sub_D_...), the kernel's C objects carry the same, and
# KASAN kernels select CONSTRUCTORS so the loader runs them. Any other
# .init_array/.fini_array entry - C++ dynamic initialization
# (_GLOBAL__sub_I_...), a constructor attribute - is an error.
# sanitizer_only: every entry points to a _sub_[ID]_* function of a
# sanitizer-instrumented object.
sanitizer_only() {
	$NM --undefined-only "$obj" | grep -q -E ' (__asan_register_globals|__tsan_init)$' || return 1
	entries=$($OBJDUMP -r -j .init_array -j .fini_array "$obj" |
		awk '$2 ~ /^R_X86_64_64$|^R_AARCH64_ABS64$/ { print $3 }')
	[ -n "$entries" ] || return 1
	for entry in $entries; do
		section=${entry%%+*} offset=0
		[ "$section" = "$entry" ] || offset=$((${entry#*+}))
		name=$($OBJDUMP -t "$obj" | awk -v s="$section" '$3 == "F" && $(NF - 2) == s { print $1, $NF }' |
			while read -r value fn; do [ $((0x$value)) -ne "$offset" ] || echo "$fn"; done)
		echo "$name" | grep -q -x -E '_sub_[ID]_[0-9]+_[0-9]+' || return 1
	done
}
# constructed_objects: the data objects the compiler's global constructors
# (_GLOBAL__sub_I_*) refer to - the objects they construct or register for
# destruction. A file-local object is referenced as <section>+<offset>,
# mapped back to the symbol that covers it (the offset is the field's
# minus the instruction's tail, 4 or 8 bytes).
constructed_objects() {
	{
		$OBJDUMP -t "$obj" | awk 'NF >= 5 && $(NF - 3) == "O" { print "sym", $(NF - 2), $1, $(NF - 1), $NF }'
		$OBJDUMP -dr "$obj" | awk '
			/^[0-9a-f]+ <.*>:$/ { inside = ($2 ~ /^<_GLOBAL__sub_[ID]_/) }
			inside && $2 ~ /^R_X86_64_/ { print "rel", $3 }'
	} | awk '
		function hex(h,   i, v) {
			v = 0
			for (i = 1; i <= length(h); i++)
				v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
			return v
		}
		$1 == "sym" { n++; sec[n] = $2; val[n] = hex($3); size[n] = hex($4); name[n] = $5; byname[$5] = 1; next }
		$1 == "rel" {
			target = $2; off = 0
			if (match(target, /[-+]0x[0-9a-f]+$/)) {
				off = hex(substr(target, RSTART + 3))
				if (substr(target, RSTART, 1) == "-") off = -off
				target = substr(target, 1, RSTART - 1)
			}
			if (target in byname) { found[target] = 1; next }
			for (k = 4; k <= 8; k += 4)
				for (i = 1; i <= n; i++)
					if (sec[i] == target && off + k >= val[i] && off + k < val[i] + size[i])
						found[name[i]] = 1
		}
		END { for (f in found) print f }' | sort
}
ctor_sections=$($OBJDUMP -h "$obj" | awk '$2 ~ /^\.(init_array|fini_array|ctors|dtors)/ { print $2 }')
if [ -n "$ctor_sections" ] && ! sanitizer_only; then
	echo "error: $obj: global constructors/destructors are not supported in kernel modules" \
		"(sections: $(echo $ctor_sections)): the module loader runs them on some kernels only" >&2
	for name in $(constructed_objects); do
		echo "error: $obj: global object '$(echo "$name" | c++filt)' needs a constructor or" \
			"destructor at load/unload time" >&2
	done
	echo "hint: make it constant-initialized (constinit/constexpr) and trivially destructible;" \
		"for an object that lives from init to exit (a DynamicPerCpu, say), use" \
		"constinit kpcpu::ModuleObject<T> name; and name.emplace(...) in the init function" \
		"(include/kpcpu/module_object.h)" >&2
	status=1
fi

# Symbols of the Itanium C++ ABI runtime and of libstdc++.
runtime_re='^(_Zn[wa]|_Zd[la]|_ZSt|_ZNSt|_ZNKSt|_ZN9__gnu_cxx|_ZN10__cxxabiv1|_ZT[VIS]N10__cxxabiv1|__cxa_|__gxx_|_Unwind_|__dynamic_cast$|__dso_handle$|atexit$)'
provided=$($NM --defined-only --extern-only "$runtime" | awk '{ print $3 }')
missing=$($NM --undefined-only "$obj" | awk '{ print $2 }' | grep -E "$runtime_re" |
	grep -vxF -e "$provided" || true)
if [ -n "$missing" ]; then
	for sym in $missing; do
		echo "error: $obj: refers to C++ runtime symbol $sym ($(echo "$sym" | c++filt))," \
			"which kpcpu does not provide" >&2
	done
	echo "hint: allocate with new (kpcpu::gfp::kernel) T(...) and check for nullptr;" \
		"there are no throwing operator new forms, exceptions, RTTI or thread-safe statics" >&2
	status=1
fi
exit $status
