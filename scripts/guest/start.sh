# Sourced first by each guest's /init (scripts/module-guest-init.sh,
# scripts/kunit-guest-init.sh), from the initramfs that scripts/lib.sh
# make_initramfs builds: busybox's commands, the kernel's filesystems, the
# report line, and the first report - the line the host waits for to know
# the guest reached its init (scripts/lib.sh boot_qemu).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
# Everything the guest prints goes to the second serial line, which the
# kernel's console does not share.
if [ -c /dev/ttyS1 ]; then
	exec >/dev/ttyS1 2>&1
else
	echo "KPCPU-GUEST: no /dev/ttyS1: the report goes to the console, garbled or not" >/dev/console
fi
# In the kernel's log too (at KERN_ERR, so the console shows it whatever
# the loglevel): what the console prints before this line happened before
# any of kpcpu's code could run (scripts/lib.sh boot_qemu).
echo "<3>kpcpu-guest: init started" >/dev/kmsg
echo "KPCPU-GUEST cpus online: $(cat /sys/devices/system/cpu/online)"
