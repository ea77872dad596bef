#!/bin/busybox sh
# /init of the module-run initramfs (scripts/run-modules.sh): for each
# "module param=value..." line of /modules/run.conf, in order: insmod it,
# remove it if it stayed loaded, and print the kernel log it produced between
# markers named after it; then the whole log for the splat check.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
# Everything this script prints goes to the second serial line, which the
# kernel's console does not share (scripts/lib.sh boot_qemu).
if [ -c /dev/ttyS1 ]; then
	exec >/dev/ttyS1 2>&1
else
	echo "KPCPU-GUEST: no /dev/ttyS1: the report goes to the console, garbled or not" >/dev/console
fi

echo "KPCPU-GUEST cpus online: $(cat /sys/devices/system/cpu/online)"
while read -r module params; do
	[ -n "$module" ] || continue
	echo "kpcpu-run: insmod $module" >/dev/kmsg
	echo "KPCPU-MODULE-BEGIN $module"
	# shellcheck disable=SC2086 # params is a list of name=value words
	load-module "/modules/$module.ko" $params
	grep -q "^$module " /proc/modules && rmmod "$module"
	echo "kpcpu-run: done $module" >/dev/kmsg
	echo "KPCPU-DMESG-BEGIN"
	dmesg | sed -n "/kpcpu-run: insmod $module\$/,/kpcpu-run: done $module\$/p" | sed '1d;$d'
	echo "KPCPU-DMESG-END"
	echo "KPCPU-MODULE-END $module"
done </modules/run.conf
echo "KPCPU-FULL-DMESG-BEGIN"
dmesg
echo "KPCPU-FULL-DMESG-END"
echo "KPCPU-RUN-COMPLETE"
reboot -f
