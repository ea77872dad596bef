#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# debian-kernel.sh <label>: fetch (once) Debian's kernel of a "debian" row of
# the kernel matrix (scripts/kernel-matrix.sh) and print two lines: its
# headers' build directory and its vmlinuz.
#
# The newest ABI the row's suite offers today is the one the metapackage
# linux-headers-<flavour> depends on. Its headers, their -common and
# linux-kbuild companions and the matching image are fetched with
# "apt-get download" and unpacked under $KPCPU_CACHE/debian-kernel-<release>-
# <version>: nothing is installed, the host's kernel and apt configuration are
# untouched. The headers' Makefile names its -common directory by absolute
# path; it is pointed at the unpacked copy.
#
# A row of another architecture (arm64) is fetched from that architecture's
# lists (scripts/apt-private.sh), except linux-kbuild: the headers' scripts/
# and tools/ link to its programs, which run on this host, so they are the
# host's build of the same version.
source "$(dirname "$0")/lib.sh"

label=$1
[ "$(kernel_field "$label" kind)" = debian ] || die "$label is not a Debian kernel"
suite=$(kernel_field "$label" suite)
flavour=$(kernel_field "$label" what)
host_suite=$suite
[ "$(kernel_field "$label" arch)" = x86_64 ] || suite=$suite:$(arch_debian "$(kernel_field "$label" arch)")

headers=$(apt_private_depends "$suite" "linux-headers-$flavour" 'linux-headers-.*') ||
	die "$label: no linux-headers-$flavour in $suite"
release=${headers#linux-headers-}
version=$(apt_private_candidate "$suite" "$headers") || die "$label: no version of $headers"
dir=$KPCPU_CACHE/debian-kernel-$release-$version
kdir=$dir/root/usr/src/linux-headers-$release
vmlinuz=$dir/root/boot/vmlinuz-$release

if [ ! -f "$dir/.kpcpu-complete" ]; then
	log "$label: fetching $headers=$version and its image"
	common=$(apt_private_depends "$suite" "$headers" 'linux-headers-.*-common.*')
	kbuild=$(apt_private_depends "$suite" "$headers" 'linux-kbuild-.*')
	image=linux-image-$release
	# 6.12's signed image package has an -unsigned twin with the same vmlinuz.
	[ -n "$(apt_private_candidate "$suite" "$image")" ] || image=$image-unsigned
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp/root"
	pkgs=()
	for p in "$headers" "$common" "$image"; do
		pkgs+=("$p=$(apt_private_candidate "$suite" "$p")")
	done
	apt_private_fetch "$suite" "$dir.tmp" "${pkgs[@]}"
	kbuild=$kbuild=$(apt_private_candidate "$suite" "$kbuild")
	apt_private_fetch "$host_suite" "$dir.tmp" "$kbuild"
	pkgs+=("$kbuild")
	for deb in "$dir.tmp"/*.deb; do
		dpkg-deb -x "$deb" "$dir.tmp/root"
	done
	rm -f "$dir.tmp"/*.deb
	sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" \
		"$dir.tmp/root/usr/src/linux-headers-$release/Makefile"
	printf '%s\n' "${pkgs[@]}" >"$dir.tmp/packages"
	touch "$dir.tmp/.kpcpu-complete"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi
[ -f "$vmlinuz" ] || die "$label: no $vmlinuz"
[ -f "$kdir/Makefile" ] || die "$label: no $kdir/Makefile"
echo "$kdir"
echo "$vmlinuz"
