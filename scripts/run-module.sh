#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-module.sh <debian|test> <module> [param=value...]
#
# Builds kpcpu's modules for the kernel, boots that kernel under QEMU
# (2 CPUs), insmods <module>.ko with the parameters and prints the kernel log
# lines it produced; they are also kept in $KPCPU_OUT/<module>-<kernel>/.
# "debian" is Debian's stock kernel, unmodified; "test" the KUnit test
# kernel. Fails on a missing end marker or any splat in the guest's log.
source "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: $0 <debian|test> <module> [param=value...]"
target=$1 module=$2
shift 2
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
*) die "unknown kernel '$target': debian or test" ;;
esac

mods=$KPCPU_OUT/modules-$target
# shellcheck disable=SC2046 # a list of name=value words
timing "build-modules-$target" build_modules_logged "$KPCPU_OUT/build-$target.log" "$kdir" "$mods" \
	$(module_make_args "$target") || die "module build failed"
[ -f "$mods/$module.ko" ] || die "no $module.ko was built"

run=$KPCPU_OUT/$module-$target
rm -rf "$run"
mkdir -p "$run"
console=$run/console.log
printf 'MODULE=%s\nPARAMS="%s"\n' "$module" "$*" >"$run/run.conf"
make_initramfs "$run/initramfs.cpio.gz" "$KPCPU_ROOT/scripts/module-guest-init.sh" \
	"$mods/$module.ko" "$run/run.conf"
timing "boot-$module-$target" boot_qemu "$kernel" "$run/initramfs.cpio.gz" "$console" \
	"${KPCPU_QEMU_TIMEOUT:-300}" "quiet" || true
sed -i 's/\r$//' "$console"

sed -n '/^KPCPU-DMESG-BEGIN$/,/^KPCPU-DMESG-END$/p' "$console" | sed '1d;$d' >"$run/module.dmesg"
sed -n '/^KPCPU-FULL-DMESG-BEGIN$/,/^KPCPU-FULL-DMESG-END$/p' "$console" >"$run/full.dmesg"
echo "== $module.ko on the $target kernel ($(basename "$kernel")), $(grep -o 'cpus online: .*' "$console" | head -n1)"
cat "$run/module.dmesg"
echo "== console log: $console"

grep -q '^KPCPU-RUN-COMPLETE$' "$console" || die "the guest did not finish (see $console)"
if grep -E "$KPCPU_SPLAT_RE" "$run/full.dmesg" "$console" >&2; then
	die "kernel splat while running $module (see $console)"
fi
