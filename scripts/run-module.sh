#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-module.sh <kernel> <module> [param=value...]
#
# Builds kpcpu's modules for the kernel (a label of the kernel matrix,
# scripts/kernel-matrix.sh: debian-6.1, debian-6.12-rt, test-6.1, ...),
# boots that kernel under QEMU (2 CPUs), insmods <module>.ko with the
# parameters and prints the kernel log lines it produced; they are also kept
# in $KPCPU_OUT/<module>-<kernel>/. Debian's kernels run unmodified. Fails on
# a missing end marker or any splat in the guest's log.
source "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: $0 <kernel> <module> [param=value...]; kernels: $(kernel_labels | tr '\n' ' ')"
target=$1 module=$2
shift 2
kernel_field "$target" kind >/dev/null
timing deps ensure_packages
timing "kernel-$target" kernel_prepare "$target" || die "no kernel $target"

mods=$KPCPU_OUT/modules-$target
# shellcheck disable=SC2046 # a list of name=value words
timing "build-modules-$target" build_modules_logged "$KPCPU_OUT/build-$target.log" "$KERNEL_KDIR" "$mods" \
	$(module_make_args "$target") || die "module build failed"
[ -f "$mods/$module.ko" ] || die "no $module.ko was built"

run=$KPCPU_OUT/$module-$target
rm -rf "$run"
mkdir -p "$run"
console=$run/console.log
printf 'MODULE=%s\nPARAMS="%s"\n' "$module" "$*" >"$run/run.conf"
make_initramfs "$run/initramfs.cpio.gz" "$KPCPU_ROOT/scripts/module-guest-init.sh" \
	"$mods/$module.ko" "$run/run.conf"
timing "boot-$module-$target" boot_qemu "$KERNEL_IMAGE" "$run/initramfs.cpio.gz" "$console" \
	"${KPCPU_QEMU_TIMEOUT:-300}" "quiet" || true
sed -i 's/\r$//' "$console"

sed -n '/^KPCPU-DMESG-BEGIN$/,/^KPCPU-DMESG-END$/p' "$console" | sed '1d;$d' >"$run/module.dmesg"
sed -n '/^KPCPU-FULL-DMESG-BEGIN$/,/^KPCPU-FULL-DMESG-END$/p' "$console" >"$run/full.dmesg"
echo "== $module.ko on $target ($(basename "$KERNEL_IMAGE")), $(grep -o 'cpus online: .*' "$console" | head -n1)"
cat "$run/module.dmesg"
echo "== console log: $console"

grep -q '^KPCPU-RUN-COMPLETE$' "$console" || die "the guest did not finish (see $console)"
if grep -E "$KPCPU_SPLAT_RE" "$run/full.dmesg" "$console" >&2; then
	die "kernel splat while running $module (see $console)"
fi
