#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# dkms-test.sh <kernel-build-dir> <scratch-dir>: packages kpcpu with its
# dkms.conf and runs the real dkms on it for one kernel - add, build,
# install - in scratch trees under <scratch-dir> (--dkmstree, --sourcetree,
# --installtree; signing key too): nothing is written to the system's DKMS
# tree or /lib/modules. Checks that exactly the modules dkms.conf names
# were built for that kernel (vermagic) and installed.
# <kernel-build-dir> is a Debian linux-headers-<kernelrelease> tree.
source "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: $0 <kernel-build-dir> <scratch-dir>"
kdir=$1 scratch=$2
[ -f "$kdir/Module.symvers" ] || die "$kdir is not a kernel build tree (no Module.symvers)"
command -v dkms >/dev/null || die "dkms is not installed (scripts/lib.sh ensure_packages installs it)"
# dkms wants the kernel release; a Debian headers tree is named after it.
kver=$(basename "$kdir")
[[ $kver == linux-headers-* ]] || die "$kdir: not a linux-headers-<kernelrelease> tree, so no kernel release"
kver=${kver#linux-headers-}
version=$(make -s -C "$KPCPU_ROOT" version)
mapfile -t names < <(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\(.*\)"$/\1/p' "$KPCPU_ROOT/dkms.conf")
[ ${#names[@]} -gt 0 ] || die "dkms.conf names no module"

rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd) # dkms links its trees by these paths
mkdir -p "$scratch"/{dkms,source,install/"$kver",package}
# What a source package holds: the tracked files (the tree as dkms copies it).
cp -r "$KPCPU_ROOT"/{Kbuild,Makefile,dkms.conf,README.md,include,src,kunit,scripts} "$scratch/package/"
# Modules are signed with a key of this run's own, by the kernel's sign-file.
export sign_file=$kdir/scripts/sign-file mok_signing_key=$scratch/mok.key mok_certificate=$scratch/mok.pub
d=(dkms --dkmstree "$scratch/dkms" --sourcetree "$scratch/source" --installtree "$scratch/install")
"${d[@]}" add "$scratch/package"
"${d[@]}" build -m kpcpu -v "$version" -k "$kver" --kernelsourcedir "$kdir" ||
	{ cat "$scratch/dkms/kpcpu/$version/build/make.log" >&2 || true; die "dkms build failed"; }
"${d[@]}" install -m kpcpu -v "$version" -k "$kver" --kernelsourcedir "$kdir" --no-depmod
"${d[@]}" status -m kpcpu -v "$version" -k "$kver"

bad=0
# What kbuild linked (dkms keeps its make.log and copies of the modules).
base=$scratch/dkms/kpcpu/$version/$kver/$(uname -m)
built=$(sed -n 's|^ *LD \[M\] *.*/\([^/]*\)\.ko$|\1|p' "$base/log/make.log" | sort)
if [ "$built" != "$(printf '%s\n' "${names[@]}" | sort)" ]; then
	log "kbuild linked $(echo "$built" | tr '\n' ' '), but dkms.conf names ${names[*]}"; bad=1
fi
for m in "${names[@]}"; do
	ko=$scratch/install/$kver/updates/dkms/$m.ko
	[ -f "$ko" ] || { log "$m.ko was not installed in $scratch/install/$kver/updates/dkms"; bad=1; continue; }
	vermagic=$(modinfo -F vermagic "$ko")
	[[ $vermagic == "$kver "* ]] || { log "$m.ko: vermagic '$vermagic', not for $kver"; bad=1; }
	echo "$m.ko: installed, vermagic $vermagic, $(modinfo -F signer "$ko" | sed 's/^./signed by &/;s/^$/not signed/')"
done
[ "$bad" -eq 0 ] || die "dkms did not produce the modules of dkms.conf for $kver"
echo "dkms: kpcpu $version built and installed for $kver: ${names[*]}"
