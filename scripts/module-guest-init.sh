#!/bin/busybox sh
# /init of the module-run initramfs (scripts/run-modules.sh): for each
# "module param=value..." line of /modules/run.conf, in order: insmod
# /modules/<module>.ko, remove whatever module that added if it stayed
# loaded (the file name need not be the module's: two builds of one module
# go in under names of their own), printing "KPCPU-REMOVED <name> <rc>",
# and print the kernel log it produced between markers named after it; then
# the whole log for the splat check.
. /guest-start.sh
# (A first line that is no module's name: busybox's grep -f matches every
# line with an empty pattern file.)
loaded() { echo "-"; cut -d ' ' -f 1 /proc/modules; }
while read -r module params; do
	[ -n "$module" ] || continue
	echo "kpcpu-run: insmod $module" >/dev/kmsg
	echo "KPCPU-MODULE-BEGIN $module"
	loaded >/tmp/before
	# shellcheck disable=SC2086 # params is a list of name=value words
	load-module "/modules/$module.ko" $params
	for name in $(loaded | grep -v -x -F -f /tmp/before); do
		rmmod "$name"
		echo "KPCPU-REMOVED $name $?"
	done
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
