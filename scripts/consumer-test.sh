#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# consumer-test.sh <kernel-build-dir> <out-dir>: builds the consumer module
# (kunit/consumer/) as a user would, outside the repository, exactly as
# README.md's "Using kpcpu in your own module" says, both ways:
#  - vendored: kpcpu's tracked files copied into <tmp>/kpcpu, the README's
#    vendored Kbuild and its Makefile, "make KDIR=<kernel-build-dir>";
#  - installed: "make install DESTDIR=<tmp>/root PREFIX=/usr" from the
#    repository, the README's installed Kbuild and its Makefile, "make
#    KDIR=... KPCPU_DIR=<tmp>/root<the README's KPCPU_DIR>".
# The Kbuild and Makefile text is taken from README.md (between its
# "<!-- consumer ... -->" and "<!-- end -->" markers), so that the README
# and what is tested cannot drift apart. The modules land in <out-dir> as
# kpcpu_consumer_vendored.ko and kpcpu_consumer_installed.ko (both are
# kpcpu_consumer inside). Fails if either build fails.
source "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: $0 <kernel-build-dir> <out-dir>"
kdir=$1 out=$2
[ -f "$kdir/Module.symvers" ] || die "$kdir is not a kernel build tree (no Module.symvers)"
readme=$KPCPU_ROOT/README.md

# readme_block <marker>: the code block after "<!-- consumer <marker> -->".
readme_block() {
	local text
	text=$(sed -n "/^<!-- consumer $1 -->\$/,/^<!-- end -->\$/p" "$readme" | sed -n '/^```/,/^```$/p' | sed '1d;$d')
	[ -n "$text" ] || die "README.md has no code block between <!-- consumer $1 --> and <!-- end -->"
	printf '%s\n' "$text"
}

# kpcpu as a user's copy of it holds it: the tracked files (a git submodule,
# a "git archive"), or, outside a git checkout, the source directories.
copy_kpcpu() {
	local dest=$1
	mkdir -p "$dest"
	if git -C "$KPCPU_ROOT" rev-parse --show-toplevel >/dev/null 2>&1; then
		(cd "$KPCPU_ROOT" && git ls-files -z | xargs -0 cp --parents -t "$dest")
	else
		cp -r "$KPCPU_ROOT"/{Kbuild,Makefile,dkms.conf,README.md,include,src,kunit,scripts} "$dest/"
	fi
}

# consumer_dir <dir> <way>: the module's own files and the README's Kbuild
# (of <way>) and Makefile.
consumer_dir() {
	local dir=$1 way=$2
	mkdir -p "$dir"
	cp "$KPCPU_ROOT"/kunit/consumer/*.cpp "$dir/"
	readme_block "Kbuild $way" >"$dir/Kbuild"
	readme_block Makefile >"$dir/Makefile"
}

# build <way> <dir> [make-args...]: make in the module's directory, as the
# README says; the module, under its way's name, into <out-dir>.
build() {
	local way=$1 dir=$2
	shift 2
	echo "== consumer module, $way: make -C $dir KDIR=$kdir $*"
	make -j"$KPCPU_JOBS" -C "$dir" KDIR="$kdir" "$@" >"$dir/build.log" 2>&1 ||
		{ cat "$dir/build.log"; log "the $way consumer module did not build"; return 1; }
	grep -E '^ *(C\+\+|CC|COPY|LD) ' "$dir/build.log" | sed "s|$dir/||"
	if grep -i -E 'warning' "$dir/build.log" >&2; then
		log "the $way consumer module built with warnings"; return 1
	fi
	cp "$dir/kpcpu_consumer.ko" "$out/kpcpu_consumer_$way.ko"
	echo "consumer build: ok ($way)"
}

mkdir -p "$out"
rm -f "$out"/kpcpu_consumer_{vendored,installed}.ko
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kpcpu-consumer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rc=0

consumer_dir "$tmp/vendored" vendored
copy_kpcpu "$tmp/vendored/kpcpu"
build vendored "$tmp/vendored" || rc=1

consumer_dir "$tmp/installed" installed
make -s -C "$KPCPU_ROOT" install DESTDIR="$tmp/root" PREFIX=/usr
default=$(sed -n 's/^KPCPU_DIR ?= //p' "$tmp/installed/Kbuild")
[ -n "$default" ] || die "the README's installed Kbuild sets no default KPCPU_DIR"
build installed "$tmp/installed" KPCPU_DIR="$tmp/root$default" || rc=1
exit "$rc"
