#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-sample.sh [debian|test]: the main job. Builds kpcpu_sample.ko for the
# kernel, boots that kernel under QEMU (2 CPUs), insmods the sample and
# prints the kernel log lines it produced. "debian" (the default) is
# Debian's stock kernel, unmodified; "test" is the KUnit test kernel.
# Fails on a missing end marker or any splat in the guest's kernel log.
source "$(dirname "$0")/lib.sh"

target=${1:-debian}
timing deps ensure_packages
case "$target" in
debian)
	kdir=$(debian_kdir)
	kernel=$(timing fetch-debian-kernel "$KPCPU_ROOT/scripts/debian-kernel.sh")
	;;
test)
	kdir=$(timing test-kernel "$KPCPU_ROOT/scripts/test-kernel.sh")
	kernel=$kdir/arch/x86/boot/bzImage
	;;
*) die "usage: $0 [debian|test]" ;;
esac

mods=$KPCPU_OUT/modules-$target
timing "build-modules-$target" build_modules_logged "$KPCPU_OUT/build-$target.log" "$kdir" "$mods" ||
	die "module build failed"

run=$KPCPU_OUT/sample-$target
mkdir -p "$run"
console=$run/console.log
make_initramfs "$run/initramfs.cpio.gz" "$KPCPU_ROOT/scripts/sample-guest-init.sh" \
	"$mods/kpcpu_sample.ko"
timing "boot-sample-$target" boot_qemu "$kernel" "$run/initramfs.cpio.gz" "$console" \
	"${KPCPU_QEMU_TIMEOUT:-300}" "quiet" || true
sed -i 's/\r$//' "$console"

sed -n '/^KPCPU-DMESG-BEGIN$/,/^KPCPU-DMESG-END$/p' "$console" | sed '1d;$d' >"$run/sample.dmesg"
sed -n '/^KPCPU-FULL-DMESG-BEGIN$/,/^KPCPU-FULL-DMESG-END$/p' "$console" >"$run/full.dmesg"
echo "== kpcpu_sample.ko on the $target kernel ($(basename "$kernel"))," \
	"$(grep -o 'cpus online: .*' "$console" | head -n1)"
cat "$run/sample.dmesg"
echo "== console log: $console"

grep -q '^KPCPU-RUN-COMPLETE$' "$console" || die "the guest did not finish (see $console)"
if grep -E "$KPCPU_SPLAT_RE" "$run/full.dmesg" "$console" >&2; then
	die "kernel splat while running the sample (see $console)"
fi
