#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of the vmlinuz of Debian's stock kernel that matches the
# installed linux-headers-amd64 (same ABI, same package version), fetching
# it once with "apt-get download" and unpacking it under $KPCPU_CACHE. The
# package is never installed: the host's own kernel is untouched.
source "$(dirname "$0")/lib.sh"

abi=$(debian_abi)
[ -n "$abi" ] || die "linux-headers-amd64 is not installed"
pkg=linux-image-$abi-amd64
version=$(dpkg-query -W -f='${Version}' "linux-headers-$abi-amd64")
dir=$KPCPU_CACHE/debian-image-$abi-$version
vmlinuz=$dir/root/boot/vmlinuz-$abi-amd64

if [ ! -f "$vmlinuz" ]; then
	log "debian kernel: fetching $pkg=$version"
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp/root"
	(cd "$dir.tmp" && apt-get download -q "$pkg=$version" >/dev/null)
	dpkg-deb -x "$dir.tmp"/*.deb "$dir.tmp/root"
	rm -f "$dir.tmp"/*.deb
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi
[ -f "$vmlinuz" ] || die "no $vmlinuz in $pkg"
echo "$vmlinuz"
