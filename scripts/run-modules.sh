#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-modules.sh <kernel> <module>[:param=value,...]...
#
# Builds kpcpu's modules for the kernel (a label of the kernel matrix,
# scripts/kernel-matrix.sh: debian-6.1, debian-6.12-rt, test-6.1, ...),
# boots that kernel once under QEMU (2 CPUs) and, in order, insmods each
# module with its parameters (and removes it if it stayed loaded). For each
# module, $KPCPU_OUT/<module>-<kernel>/ gets module.dmesg (the kernel log
# lines it produced, also printed here), insmod.rc ("KPCPU-INSMOD-RC
# <errno or 0>") and removed ("KPCPU-REMOVED <name> <rmmod's rc>" for a
# module that stayed loaded; <module> is the .ko's file name, which may
# differ from the name inside); boot.log names the shared console log and the guest's
# report (scripts/lib.sh boot_qemu). Debian's kernels
# run unmodified. Fails on a missing end marker or any splat in the guest's
# log (which then counts against every module of the boot).
source "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: $0 <kernel> <module>[:param=value,...]...; kernels: $(kernel_labels | tr '\n' ' ')"
target=$1
shift
kernel_field "$target" kind >/dev/null
# The test command passes the kernel it prepared ($KPCPU_KERNEL_KDIR,
# $KPCPU_KERNEL_IMAGE): a run beside it must not look the kernel up again
# (a new ABI published meanwhile would not match the modules).
if [ -n "${KPCPU_KERNEL_IMAGE:-}" ]; then
	KERNEL_KDIR=$KPCPU_KERNEL_KDIR KERNEL_IMAGE=$KPCPU_KERNEL_IMAGE
else
	timing deps ensure_packages
	timing "kernel-$target" kernel_prepare "$target" || die "no kernel $target"
fi

# $KPCPU_PREBUILT_MODULES, if set, is a directory of modules built earlier
# for this kernel (the test command's snapshot): no build then.
if [ -n "${KPCPU_PREBUILT_MODULES:-}" ]; then
	mods=$KPCPU_PREBUILT_MODULES
else
	mods=$KPCPU_OUT/modules-$target
	# $KPCPU_MAKE_ARGS, if set (even empty), replaces the usual make
	# arguments: a one-off build that needs only some modules.
	make_args=${KPCPU_MAKE_ARGS-$(module_make_args "$target")}
	# shellcheck disable=SC2086 # a list of name=value words
	timing "build-modules-$target" build_modules_logged "$KPCPU_OUT/build-$target.log" "$KERNEL_KDIR" \
		"$mods" $make_args || die "module build failed"
fi

boot=$KPCPU_OUT/boot-$target
rm -rf "$boot"
mkdir -p "$boot"
kos=() names=()
for spec in "$@"; do
	module=${spec%%:*} params=
	[ "$spec" = "$module" ] || params=$(echo "${spec#*:}" | tr ',' ' ')
	[ -f "$mods/$module.ko" ] || die "no $module.ko was built"
	kos+=("$mods/$module.ko") names+=("$module")
	echo "$module $params" >>"$boot/run.conf"
done
console=$boot/console.log report=$boot/report.log
arch=$(kernel_field "$target" arch)
make_initramfs "$arch" "$KERNEL_IMAGE" "$boot/initramfs.cpio.gz" "$KPCPU_ROOT/scripts/module-guest-init.sh" \
	"${kos[@]}" "$boot/run.conf"
timing "boot-$target" boot_qemu "$arch" "$KERNEL_IMAGE" "$boot/initramfs.cpio.gz" "$console" "$report" \
	"${KPCPU_QEMU_TIMEOUT:-300}" "quiet log_buf_len=1M" || true
sed -n '/^KPCPU-FULL-DMESG-BEGIN$/,/^KPCPU-FULL-DMESG-END$/p' "$report" >"$boot/full.dmesg"
online=$(grep -o 'cpus online: .*' "$report" | head -n1)

for module in "${names[@]}"; do
	run=$KPCPU_OUT/$module-$target
	rm -rf "$run"
	mkdir -p "$run"
	printf '%s\n' "$console" "$report" >"$run/boot.log"
	sed -n "/^KPCPU-MODULE-BEGIN $module\$/,/^KPCPU-MODULE-END $module\$/p" "$report" >"$run/section"
	grep -m1 '^KPCPU-INSMOD-RC' "$run/section" >"$run/insmod.rc" || true
	grep '^KPCPU-REMOVED ' "$run/section" >"$run/removed" || true
	sed -n '/^KPCPU-DMESG-BEGIN$/,/^KPCPU-DMESG-END$/p' "$run/section" | sed '1d;$d' >"$run/module.dmesg"
	rm -f "$run/section"
	echo "== $module.ko on $target ($(basename "$KERNEL_IMAGE")), $online: $(cat "$run/insmod.rc")"
	cat "$run/module.dmesg"
done
echo "== console log: $console; the guest's report: $report"

grep -q '^KPCPU-RUN-COMPLETE$' "$report" || die "the guest did not finish (see $console and $report)"
if grep -E "$KPCPU_SPLAT_RE" "$boot/full.dmesg" "$console" | sed 's/^/splat: /' | grep . >&2; then
	die "kernel splat on $target (see $console)"
fi
