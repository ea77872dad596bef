#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# test-kernel.sh <label>: build (or reuse) the KUnit test kernel of a "test"
# row of the kernel matrix (scripts/kernel-matrix.sh) from Debian's
# linux-source-<series> and the row's config fragments; print the path of its
# build tree on stdout.
#
# The source package is fetched with "apt-get download" from the row's suite
# (newest version) and only its tarball kept, under
# $KPCPU_CACHE/linux-source-<version>. The tree is cached under
# $KPCPU_CACHE/test-kernel-<label>-<key>, where <key> hashes the fragments,
# the source version and this script, so a warm run costs nothing and any
# change to those inputs builds a new tree. The build happens in <dir>.tmp and
# is renamed only once complete, so an interrupted build is never mistaken
# for a finished one.
source "$(dirname "$0")/lib.sh"

label=$1
[ "$(kernel_field "$label" kind)" = test ] || die "$label is not a test kernel"
suite=$(kernel_field "$label" suite)
series=$(kernel_field "$label" what)
fragments=()
IFS=+ read -r -a names <<<"$(kernel_field "$label" fragments)"
for f in "${names[@]}"; do fragments+=("$KPCPU_ROOT/kunit/$f"); done

src_pkg=linux-source-$series
src_version=$(apt_private_candidate "$suite" "$src_pkg") || die "$label: no $src_pkg in $suite"
key=$(hash_of "${fragments[@]}" "$src_version" "$0")
dir=$KPCPU_CACHE/test-kernel-$label-$key

if [ -f "$dir/.kpcpu-complete" ]; then
	log "$label: cached at $dir"
	echo "$dir"
	exit 0
fi

tarball=$KPCPU_CACHE/linux-source-$src_version/$src_pkg.tar.xz
if [ ! -f "$tarball" ]; then
	log "$label: fetching $src_pkg=$src_version"
	rm -rf "${tarball%/*}.tmp"
	mkdir -p "${tarball%/*}.tmp/root"
	apt_private_fetch "$suite" "${tarball%/*}.tmp" "$src_pkg=$src_version"
	dpkg-deb -x "${tarball%/*}.tmp"/*.deb "${tarball%/*}.tmp/root"
	mv "${tarball%/*}.tmp/root/usr/src/$src_pkg.tar.xz" "${tarball%/*}.tmp/"
	rm -rf "${tarball%/*}.tmp"/{root,*.deb}
	mv "${tarball%/*}.tmp" "${tarball%/*}"
fi

tmp=$dir.tmp
# A build of this kernel interrupted earlier (any key) is never reused.
rm -rf "$KPCPU_CACHE/test-kernel-$label"-*.tmp
mkdir -p "$tmp"
log "$label: building $src_pkg $src_version in $tmp"
tar -C "$tmp" --strip-components=1 -xf "$tarball"
cd "$tmp"
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
[ "$bad" -eq 0 ] || die "config fragments not satisfiable on $src_pkg $src_version"

# bzImage for QEMU; "modules" writes Module.symvers that out-of-tree modules
# link against (without it modpost reports every kernel symbol undefined).
make -s -j"$KPCPU_JOBS" bzImage modules >build.log 2>&1 ||
	{ tail -n 40 build.log >&2; die "$label: build failed (log: $tmp/build.log)"; }
touch .kpcpu-complete
cd /
rm -rf "$dir"
mv "$tmp" "$dir"
# Trees of this kernel built from other inputs are stale now (and take
# gigabytes), as are those of the layout before the kernel matrix
# (test-kernel-<key>, no label).
find "$KPCPU_CACHE" -maxdepth 1 -name 'test-kernel-*' ! -name "test-kernel-$label-$key" \
	\( -name "test-kernel-$label-*" -o -regex '.*/test-kernel-[0-9a-f]*' \) -exec rm -rf {} +
log "$label: built $dir"
echo "$dir"
