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

ctor_sections=$($OBJDUMP -h "$obj" | awk '$2 ~ /^\.(init_array|fini_array|ctors|dtors)/ { print $2 }')
if [ -n "$ctor_sections" ]; then
	echo "error: $obj: global constructors/destructors are not supported in kernel modules" \
		"(sections: $(echo $ctor_sections)); make the object constant-initialized" \
		"(constexpr/constinit) and trivially destructible" >&2
	$NM -C "$obj" | grep -E '_GLOBAL__sub_[ID]_|global constructors' >&2 || true
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
