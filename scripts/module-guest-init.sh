#!/bin/busybox sh
# /init of the module-run initramfs (scripts/run-module.sh): insmod the
# module named in /modules/run.conf with its parameters, remove it if it
# stayed loaded, and print the kernel log it produced between markers, then
# the whole log for the splat check.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
. /modules/run.conf # MODULE=name PARAMS="..."

echo "KPCPU-GUEST cpus online: $(cat /sys/devices/system/cpu/online)"
echo "kpcpu-run: insmod $MODULE" >/dev/kmsg
# shellcheck disable=SC2086 # PARAMS is a list of name=value words
load-module "/modules/$MODULE.ko" $PARAMS
grep -q "^$MODULE " /proc/modules && rmmod "$MODULE"
echo "kpcpu-run: done" >/dev/kmsg
echo "KPCPU-DMESG-BEGIN"
dmesg | sed -n "/kpcpu-run: insmod $MODULE/,/kpcpu-run: done/p" | sed '1d;$d'
echo "KPCPU-DMESG-END"
echo "KPCPU-FULL-DMESG-BEGIN"
dmesg
echo "KPCPU-FULL-DMESG-END"
echo "KPCPU-RUN-COMPLETE"
reboot -f
