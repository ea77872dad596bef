#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the KUnit test kernel from Debian's linux-source-6.1 and
# kunit/test-kernel.config; print the path of its build tree on stdout.
#
# The tree is cached under $KPCPU_CACHE/test-kernel-<key>, where <key> hashes
# the config fragment, the linux-source package version and this script, so a
# warm run costs nothing and any change to those inputs builds a new tree.
# The build happens in <dir>.tmp and is renamed only once complete, so an
# interrupted build is never mistaken for a finished one.
source "$(dirname "$0")/lib.sh"

fragment=$KPCPU_ROOT/kunit/test-kernel.config
src_version=$(dpkg-query -W -f='${Version}' "linux-source-$KPCPU_DEBIAN_SERIES")
key=$(hash_of "$fragment" "$src_version" "$0")
dir=$KPCPU_CACHE/test-kernel-$key

if [ -f "$dir/.kpcpu-complete" ]; then
	log "test kernel: cached at $dir"
	echo "$dir"
	exit 0
fi

tmp=$dir.tmp
# A build interrupted earlier (any key) is never reused.
rm -rf "$KPCPU_CACHE"/test-kernel-*.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
log "test kernel: building linux-source $src_version in $tmp"
tar -C "$tmp" --strip-components=1 -xf "/usr/src/linux-source-$KPCPU_DEBIAN_SERIES.tar.xz"
cd "$tmp"
make -s allnoconfig >/dev/null
scripts/kconfig/merge_config.sh -m .config "$fragment" >/dev/null
make -s olddefconfig >/dev/null

# Every option of the fragment must have survived olddefconfig.
bad=0
while IFS= read -r line; do
	case "$line" in CONFIG_*) ;; *) continue ;; esac
	grep -qx -- "$line" .config || { log "test kernel: $line did not take effect"; bad=1; }
done <"$fragment"
[ "$bad" -eq 0 ] || die "config fragment not satisfiable on linux-source $src_version"

# bzImage for QEMU; "modules" writes Module.symvers that out-of-tree modules
# link against (without it modpost reports every kernel symbol undefined).
make -s -j"$KPCPU_JOBS" bzImage modules >build.log 2>&1 ||
	{ tail -n 40 build.log >&2; die "test kernel build failed (log: $tmp/build.log)"; }
touch .kpcpu-complete
cd /
rm -rf "$dir"
mv "$tmp" "$dir"
log "test kernel: built $dir"
echo "$dir"
