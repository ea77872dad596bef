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
# the source version, the architecture and the recipe (scripts/test-kernel-build.sh), so a
# warm run costs nothing and any change to those inputs builds a new tree.
# The build happens in <dir>.tmp and is renamed only once complete, so an
# interrupted build is never mistaken for a finished one.
source "$(dirname "$0")/lib.sh"

label=$1
[ "$(kernel_field "$label" kind)" = test ] || die "$label is not a test kernel"
suite=$(kernel_field "$label" suite)
series=$(kernel_field "$label" what)
arch=$(kernel_field "$label" arch)
fragments=()
IFS=+ read -r -a names <<<"$(kernel_field "$label" fragments)"
for f in "${names[@]}"; do fragments+=("$KPCPU_ROOT/kunit/$f"); done

src_pkg=linux-source-$series
src_version=$(apt_private_candidate "$suite" "$src_pkg") || die "$label: no $src_pkg in $suite"
key=$(hash_of "${fragments[@]}" "$src_version" "$arch" "$KPCPU_ROOT/scripts/test-kernel-build.sh")
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
# Trees of this kernel, whatever their key: test-kernel-<label>-<16 hex
# digits>[.tmp] (a bare glob on <label>-* would take test-6.1-debug's
# trees for test-6.1's).
trees_of_label() {
	find "$KPCPU_CACHE" -maxdepth 1 -regextype posix-extended \
		-regex ".*/test-kernel-${label//./\\.}-[0-9a-f]{16}(\\.tmp)?" "$@"
}
# A build of this kernel interrupted earlier (any key) is never reused.
trees_of_label -name '*.tmp' -exec rm -rf {} +
mkdir -p "$tmp"
log "$label: building $src_pkg $src_version in $tmp"
# shellcheck disable=SC2046 # one word per variable
env $(arch_kbuild_vars "$arch") \
	"$KPCPU_ROOT/scripts/test-kernel-build.sh" "$label" "$tarball" "$tmp" "${fragments[@]}" ||
	die "$label: build failed"
touch "$tmp/.kpcpu-complete"
rm -rf "$dir"
mv "$tmp" "$dir"
# Trees of this kernel built from other inputs are stale now (and take
# gigabytes), as are those of the layout before the kernel matrix
# (test-kernel-<key>, no label).
trees_of_label ! -name "test-kernel-$label-$key" -exec rm -rf {} +
find "$KPCPU_CACHE" -maxdepth 1 -regextype posix-extended -regex '.*/test-kernel-[0-9a-f]{16}' -exec rm -rf {} +
log "$label: built $dir"
echo "$dir"
