#!/bin/busybox sh
# /init of the module-run initramfs (scripts/run-modules.sh): for each
# "module param=value..." line of /modules/run.conf, in order: insmod it,
# remove it if it stayed loaded, and print the kernel log it produced between
# markers named after it; then the whole log for the splat check.
. /guest-start.sh
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
