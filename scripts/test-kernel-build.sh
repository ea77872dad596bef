#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# test-kernel-build.sh <label> <linux-source-tarball> <dir> <fragment...>:
# the recipe of a KUnit test kernel (scripts/test-kernel.sh caches its
# result, keyed by a hash of this file, the fragments and the source): unpack
# the source into <dir>, configure it as allnoconfig plus the fragments in
# order, check that every fragment's options took effect, and build the boot
# image (for $ARCH, x86_64 unless set: scripts/test-kernel.sh sets ARCH and
# CROSS_COMPILE from the row's architecture) and modules there.
source "$(dirname "$0")/lib.sh"

[ $# -ge 4 ] || die "usage: $0 <label> <tarball> <dir> <fragment...>"
label=$1 tarball=$2 dir=$3
shift 3
fragments=("$@")
tar -C "$dir" --strip-components=1 -xf "$tarball"
cd "$dir"
make -s allnoconfig >/dev/null
scripts/kconfig/merge_config.sh -m .config "${fragments[@]}" >/dev/null
make -s olddefconfig >/dev/null

# Every option's final setting across the fragments (the last one wins, as
# in merge_config.sh) must have survived olddefconfig: "CONFIG_X=v" as such,
# "# CONFIG_X is not set" as no "CONFIG_X=" line at all.
bad=0
while read -r option value; do
	if [ "$value" = n ]; then
		! grep -q "^$option=" .config || { log "$label: $option is set, the fragments unset it"; bad=1; }
	else
		grep -qx -- "$option=$value" .config || { log "$label: $option=$value did not take effect"; bad=1; }
	fi
done < <(sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1 \2/p; s/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1 n/p' \
	"${fragments[@]}" | awk '{ value[$1] = $2; if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 } }
		END { for (i = 0; i < n; i++) print order[i], value[order[i]] }')
[ "$bad" -eq 0 ] || die "$label: config fragments not satisfiable on $(basename "$tarball")"

# The image QEMU boots; "modules" writes Module.symvers that out-of-tree
# modules link against (without it modpost reports every kernel symbol
# undefined).
image=$(arch_boot_image "${ARCH:-x86_64}")
make -s -j"$KPCPU_JOBS" "${image##*/}" modules >build.log 2>&1 ||
	{ tail -n 40 build.log >&2; die "$label: build failed (log: $dir/build.log)"; }
