# SPDX-License-Identifier: GPL-2.0
# Shared helpers for kpcpu's build and run scripts. Source it; do not run it.
#
# Every expensive artefact (the KUnit test kernel, the downloaded Debian
# kernel image) lives under $KPCPU_CACHE, outside the clone, in a directory
# named after a hash of what it is built from, so that a second run reuses it
# and a change to the inputs builds a fresh one beside it.

set -euo pipefail

KPCPU_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KPCPU_CACHE=${KPCPU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpcpu}
# Where build products of this clone go (module builds, initramfs, logs).
KPCPU_OUT=${KPCPU_OUT:-$KPCPU_ROOT/build}
mkdir -p "$KPCPU_OUT"
KPCPU_JOBS=${KPCPU_JOBS:-$(nproc)}

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

source "$KPCPU_ROOT/scripts/kernel-matrix.sh"
source "$KPCPU_ROOT/scripts/apt-private.sh"

# timing <phase> <command...>: run a command and print "timing: <phase> <s>s".
# (Shell arithmetic only: it also times the phase that installs packages.)
timing() {
	local phase=$1 start ms rc=0
	shift
	start=$(date +%s%N)
	"$@" || rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	printf 'timing: %s %d.%ds\n' "$phase" $((ms / 1000)) $((ms % 1000 / 100)) >&2
	return "$rc"
}

# The Debian packages the scripts need. Installed only when one is missing,
# so a warm run does not touch apt at all.
KPCPU_PACKAGES=(
	build-essential g++ bc bison flex libelf-dev libssl-dev cpio xz-utils
	rsync python3 sparse busybox-static qemu-system-x86
	# Debian's 6.12 kernels give every module BTF: kbuild runs pahole.
	dwarves
	# dkms.conf is tested with the real dkms (scratch trees only).
	dkms
	# The arm64 rows of the kernel matrix: cross compilers (gcc-12, as
	# Debian builds its arm64 kernels) and qemu-system-aarch64.
	gcc-aarch64-linux-gnu g++-aarch64-linux-gnu qemu-system-arm
	# The static libc the guest's load-module links on arm64 (only a
	# recommendation of the cross gcc; ensure_packages skips those).
	libc6-dev-arm64-cross
)

ensure_packages() {
	local missing=() p
	for p in "${KPCPU_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing: ${missing[*]}"
	[ "$(id -u)" -eq 0 ] || die "need root to apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# hash_of <strings-or-files...>: a short content hash used as a cache key.
hash_of() {
	local a
	for a in "$@"; do
		if [ -f "$a" ]; then cat "$a"; else printf '%s\n' "$a"; fi
	done | sha256sum | cut -c1-16
}

# arch_cross_prefix <arch>: the prefix of the tools (gcc, objdump) that
# build and read code of the kernel architecture <arch>
# (scripts/kernel-matrix.sh) on this x86_64 host: none for its own.
arch_cross_prefix() {
	case "$1" in
	x86_64) ;;
	arm64) echo aarch64-linux-gnu- ;;
	*) die "unknown architecture '$1'" ;;
	esac
}

# arch_kbuild_vars <arch>: the make variables kbuild needs to build for <arch>.
arch_kbuild_vars() {
	[ "$1" = x86_64 ] || echo "ARCH=$1 CROSS_COMPILE=$(arch_cross_prefix "$1")"
}

# arch_debian <arch>: Debian's name of the kernel architecture <arch>.
arch_debian() {
	case "$1" in
	x86_64) echo amd64 ;;
	arm64) echo arm64 ;;
	*) die "unknown architecture '$1'" ;;
	esac
}

# objdump_of <object>: the objdump that reads <object>'s code (the host's
# reads only x86_64; readelf reads every ELF header).
objdump_of() {
	case "$(readelf -h "$1" | sed -n 's/^ *Machine: *//p')" in
	AArch64) echo "$(arch_cross_prefix arm64)objdump" ;;
	*) echo objdump ;;
	esac
}

# arch_boot_image <arch>: the image a kernel build leaves for QEMU to boot,
# relative to the build tree.
arch_boot_image() {
	case "$1" in
	x86_64) echo arch/x86/boot/bzImage ;;
	arm64) echo arch/arm64/boot/Image ;;
	*) die "unknown architecture '$1'" ;;
	esac
}

# kernel_tree_arch <kernel-build-dir>: the architecture (as in
# scripts/kernel-matrix.sh) a configured kernel tree is built for.
kernel_tree_arch() {
	if grep -q '^CONFIG_ARM64=y$' "$1/.config"; then
		echo arm64
	elif grep -q '^CONFIG_X86_64=y$' "$1/.config"; then
		echo x86_64
	else
		die "$1/.config: neither x86_64 nor arm64"
	fi
}

# make_initramfs <arch> <kernel-image> <out.cpio.gz> <init-script> <file...>:
# a busybox-static initramfs for a kernel of the architecture <arch>
# (scripts/kernel-matrix.sh) whose /init is <init-script> (which first
# sources /guest-start.sh, scripts/guest/start.sh), with each <file> copied
# to /modules, /bin/load-module (scripts/guest/load-module.c, built static
# once per source and architecture) to load a module exactly once, and in
# /drivers the modules the guest needs before its report line works
# (guest_drivers).
make_initramfs() {
	local arch=$1 image=$2 out=$3 init=$4 root loader
	shift 4
	loader=$(guest_loader "$arch")
	root=$(mktemp -d)
	mkdir -p "$root"/{bin,dev,proc,sys,tmp,modules,drivers}
	cp "$(guest_busybox "$arch")" "$root/bin/busybox"
	cp "$loader" "$root/bin/load-module"
	guest_drivers "$arch" "$image" "$root/drivers"
	cp "$init" "$root/init"
	cp "$KPCPU_ROOT/scripts/guest/start.sh" "$root/guest-start.sh"
	chmod +x "$root/init"
	[ $# -eq 0 ] || cp "$@" "$root/modules/"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
	rm -rf "$root"
}

# guest_loader <arch>: the path of load-module built static for <arch>.
# Built once per source and architecture, and renamed into place: guests
# are prepared side by side.
guest_loader() {
	local arch=$1 loader cc
	loader=$KPCPU_OUT/load-module-$arch-$(hash_of "$KPCPU_ROOT/scripts/guest/load-module.c")
	if [ ! -x "$loader" ]; then
		# (arm64: libc6-dev-arm64-cross has the static libc.)
		cc=$(arch_cross_prefix "$arch")gcc
		"$cc" -static -O2 -Wall -Werror -o "$loader.$$" "$KPCPU_ROOT/scripts/guest/load-module.c"
		mv "$loader.$$" "$loader"
	fi
	echo "$loader"
}

# guest_busybox <arch>: the path of a static busybox for <arch>: the
# host's (busybox-static) on x86_64, Debian's busybox-static of <arch>
# otherwise, fetched once per version (scripts/apt-private.sh) into
# $KPCPU_CACHE/busybox-<debian-arch>-<version>.
guest_busybox() {
	local suite version dir
	[ "$1" != x86_64 ] || { echo /bin/busybox; return; }
	suite=bookworm:$(arch_debian "$1")
	version=$(apt_private_candidate "$suite" busybox-static) || die "no busybox-static in $suite"
	dir=$KPCPU_CACHE/busybox-$(arch_debian "$1")-$version
	if [ ! -x "$dir/busybox" ]; then
		rm -rf "$dir.$$"
		mkdir -p "$dir.$$"
		apt_private_fetch "$suite" "$dir.$$" "busybox-static=$version"
		dpkg-deb --fsys-tarfile "$dir.$$"/busybox-static_*.deb | tar -x -O ./bin/busybox >"$dir.$$/busybox.new"
		chmod +x "$dir.$$/busybox.new"
		mkdir -p "$dir"
		mv "$dir.$$/busybox.new" "$dir/busybox"
		rm -rf "$dir.$$"
	fi
	echo "$dir/busybox"
}

# guest_drivers <arch> <kernel-image> <dir>: copies to <dir> the modules
# that the guest's report line needs and the kernel does not have built in.
# On arm64 the report goes to a virtio console on virtio-mmio (boot_qemu):
# built into the test kernels, modules of Debian's (virtio and virtio_ring
# are built in there), taken from the image package unpacked next to its
# vmlinuz (scripts/debian-kernel.sh), decompressed here when they come as
# .ko.xz (busybox's insmod may not read xz). scripts/guest/start.sh loads
# them.
guest_drivers() {
	local arch=$1 image=$2 dir=$3 release kmods m f
	[ "$arch" = arm64 ] || return 0
	case "$(basename "$image")" in
	vmlinuz-*) release=${image##*/vmlinuz-} ;;
	*) return 0 ;; # a kernel tree's Image: no modules of its own
	esac
	kmods=$(dirname "$image")/../lib/modules/$release
	for m in drivers/virtio/virtio_mmio drivers/char/virtio_console; do
		f=$kmods/kernel/$m
		if [ -f "$f.ko" ]; then
			cp "$f.ko" "$dir/"
		elif [ -f "$f.ko.xz" ]; then
			xz -dc "$f.ko.xz" >"$dir/$(basename "$m").ko"
		elif ! grep -q -x "kernel/$m.ko" "$kmods/modules.builtin" 2>/dev/null; then
			die "$image: $m is neither a module in $kmods nor built in"
		fi
	done
}

# Console lines that mean the kernel complained, even if every test passed:
# BUG/WARN/oops/panic; KASAN ("BUG: KASAN: ..."), UBSAN ("UBSAN: ..."),
# might-sleep ("BUG: sleeping function called from invalid context"),
# lockdep ("WARNING: possible circular locking dependency detected" and the
# other "WARNING: ..." reports, "INFO: trying to register non-static key"),
# RCU stalls and hung tasks. scripts/test.sh checks that a KASAN, lockdep,
# might-sleep and UBSAN report each fail a run (kunit/selftest_*.c).
KPCPU_SPLAT_RE='BUG:|WARNING:|Oops|Call Trace|kernel BUG|general protection fault|Kernel panic|UBSAN:|KASAN:|INFO: trying to register non-static key|INFO: task .* blocked for more than|detected stalls? on CPU'

# boot_qemu <arch> <kernel> <initramfs> <console-log> <report-log>
# <timeout-s> [cmdline-extra]: boots a kernel of the architecture <arch>
# (scripts/kernel-matrix.sh: x86_64 on QEMU's PC, arm64 on its virt board)
# with $KPCPU_QEMU_SMP CPUs (default 2) under TCG, with any extra QEMU
# options in $KPCPU_QEMU_OPTS, and returns when the guest reboots (the init
# scripts end with "reboot -f"; -no-reboot turns that into an exit) or the
# timeout hits. Two lines out of the guest: the kernel's console (ttyS0,
# arm64: the PL011, ttyAMA0) goes to <console-log>, what the guest's init
# reports to <report-log> - through the PC's second serial port (ttyS1) or,
# as virt has one UART, a virtio console on virtio-mmio (hvc0;
# scripts/guest/start.sh picks it). Separate because they would garble
# each other: a kernel that prints from a thread (PREEMPT_RT) writes console
# lines after the printk that queued them returned, into the middle of the
# init's lines (kunit/selftest_console.c provokes it). Both logs get Unix
# line endings. A boot that does not reach the guest's init within
# $KPCPU_QEMU_INIT_DEADLINE seconds (150), or that splats before the init
# starts (before any kpcpu module is loaded), is tried once more.
# tsc=reliable (x86): TCG's virtual TSCs look unsynchronised, and without it
# the small kernel falls back to a jiffies clock that cannot time the
# benchmark. arm64's generic timer needs nothing of the kind.
boot_qemu() {
	local arch=$1 kernel=$2 initrd=$3 log=$4 report=$5 limit=$6 extra=${7:-} rc attempt pid start early
	local deadline=${KPCPU_QEMU_INIT_DEADLINE:-150} machine cmdline channel
	case "$arch" in
	x86_64)
		# qboot: with SeaBIOS a kernel without ACPI sees one CPU only.
		# shellcheck disable=SC2206 # $KPCPU_QEMU_OPTS is a list of words
		machine=(qemu-system-x86_64 -M pc -accel tcg -cpu max -smp "${KPCPU_QEMU_SMP:-2}" -m 1024
			${KPCPU_QEMU_OPTS:-} -bios /usr/share/qemu/qboot.rom)
		cmdline="console=ttyS0 panic=-1 tsc=reliable"
		channel=(-serial "file:$report")
		;;
	arm64)
		# pauth-impdef: pointer authentication stays on (the kernels
		# sign return addresses), with QEMU's cheap algorithm instead
		# of the architected QARMA5, slow under TCG: Debian's kernel
		# reached its init in 3.7 s instead of 11.9 s.
		# shellcheck disable=SC2206 # $KPCPU_QEMU_OPTS is a list of words
		machine=(qemu-system-aarch64 -M virt -accel tcg -cpu max,pauth-impdef=on
			-smp "${KPCPU_QEMU_SMP:-2}" -m 1024 ${KPCPU_QEMU_OPTS:-})
		cmdline="console=ttyAMA0 panic=-1"
		# (A comma in a -chardev option value is written twice.)
		# shellcheck disable=SC2054 # QEMU's options, not array elements
		channel=(-device virtio-serial-device -chardev "file,id=report,path=${report//,/,,}"
			-device virtconsole,chardev=report)
		;;
	*) die "boot_qemu: unknown architecture '$arch'" ;;
	esac
	for attempt in 1 2; do
		rm -f "$report"
		rc=0
		timeout --foreground -k 5 "$limit" "${machine[@]}" \
			-kernel "$kernel" -initrd "$initrd" \
			-append "$cmdline $extra" \
			-display none -monitor none -serial stdio "${channel[@]}" -no-reboot \
			</dev/null >"$log" 2>&1 &
		pid=$!
		# A guest that never reaches its init (the first report line)
		# hung while booting - seen under TCG on a loaded host, before
		# any kpcpu code ran: it is stopped and booted once more.
		start=$SECONDS
		while kill -0 "$pid" 2>/dev/null && ! grep -q '^KPCPU-GUEST' "$report" 2>/dev/null; do
			if [ $((SECONDS - start)) -ge "$deadline" ]; then
				log "qemu: the guest did not reach init in ${deadline}s (attempt $attempt; console: $log):"
				tail -n 3 "$log" >&2
				kill "$pid" 2>/dev/null || true
				break
			fi
			sleep 1
		done
		wait "$pid" || rc=$?
		grep -q '^KPCPU-GUEST' "$report" 2>/dev/null || continue
		# A splat while the kernel booted, before the guest's init ran:
		# no module was loaded yet, so it is not kpcpu's (seen once: a
		# spurious early interrupt under TCG on the KASAN kernel).
		# Booted once more; a second one stands.
		early=$(sed '/kpcpu-guest: init started/q' "$log" | grep -m3 -E "$KPCPU_SPLAT_RE" || true)
		if [ "$attempt" = 1 ] && [ -n "$early" ]; then
			log "qemu: a kernel splat before the guest's init ran (console: $log):"
			log "$early"
			log "qemu: not kpcpu's code (no module loaded yet); booting once more"
			cp "$log" "$log.first-boot"
			continue
		fi
		break
	done
	[ "$rc" -ne 124 ] || log "qemu: timed out after ${limit}s (console: $log)"
	touch "$report"
	sed -i 's/\r$//' "$log" "$report"
	return "$rc"
}

# kernel_prepare <label>: fetch or build (once; cached) the kernel of a row
# of the kernel matrix and set KERNEL_KDIR (the tree modules build against)
# and KERNEL_IMAGE (what QEMU boots).
kernel_prepare() {
	local paths
	case "$(kernel_field "$1" kind)" in
	debian)
		paths=$("$KPCPU_ROOT/scripts/debian-kernel.sh" "$1") || return 1
		KERNEL_KDIR=$(echo "$paths" | sed -n 1p)
		KERNEL_IMAGE=$(echo "$paths" | sed -n 2p)
		;;
	test)
		KERNEL_KDIR=$("$KPCPU_ROOT/scripts/test-kernel.sh" "$1") || return 1
		KERNEL_IMAGE=$KERNEL_KDIR/$(arch_boot_image "$(kernel_field "$1" arch)")
		;;
	esac
}

# module_make_args <label>: the one set of make arguments each kernel's
# module tree ($KPCPU_OUT/modules-<label>) is built with, by the test
# command and by run-module.sh alike. One set matters: an object linked into
# several modules is compiled with all their names (KBUILD_MODNAME), so a
# different module list recompiles it and replaces what was tested.
module_make_args() {
	arch_kbuild_vars "$(kernel_field "$1" arch)"
	case "$(kernel_field "$1" kind)" in
	test) echo KPCPU_TESTS=y KPCPU_CODEGEN=y ;; # KUnit needs a test kernel
	debian) echo KPCPU_CODEGEN=y ;;
	esac
}

# build_modules <kernel-build-dir> <out-dir> [make-args...]: builds kpcpu's
# modules for one kernel in a copy of the sources of its own (kbuild writes
# objects next to the sources), keeping objects and .cmd files between runs
# so that kbuild's own dependency tracking decides what to rebuild.
build_modules() {
	local kdir=$1 out=$2
	shift 2
	mkdir -p "$out"
	rsync -a --delete \
		--exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='modules.order' --exclude='Module.symvers' \
		--exclude='.*.d' \
		"$KPCPU_ROOT"/{Kbuild,Makefile,include,src,kunit,scripts} "$out"/
	make -j"$KPCPU_JOBS" -C "$kdir" M="$out" "$@" modules
}

# cxx_command <module-tree>: the C++ compiler and flags kbuild used for the
# tree's C++ objects, without -c/-o/dependency options (run it in the kernel
# build directory: the include paths are relative to it).
cxx_command() {
	local cmdfile=$1/src/.cxx_runtime.o.cmd
	[ -f "$cmdfile" ] || die "$cmdfile missing: build the modules first"
	# "cmd_<obj> := <compiler and flags> -c -o <obj> <src> ; objtool ..."
	head -n1 "$cmdfile" | sed -e 's/^[^=]*:= //' -e 's/ -c -o .*//' -e 's/-Wp,-MMD,[^ ]*//'
}

# build_modules_logged <log> <kernel-build-dir> <out-dir> [make-args...]:
# build_modules with its output in <log>, shown only when the build fails.
build_modules_logged() {
	local buildlog=$1
	shift
	build_modules "$@" >"$buildlog" 2>&1 || { cat "$buildlog" >&2; return 1; }
}
