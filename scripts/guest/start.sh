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
# Everything the guest prints goes to a line of its own, which the kernel's
# console does not share (scripts/lib.sh boot_qemu): the PC's second serial
# port, or on arm64's virt board (one UART) a virtio console, hvc0. Not
# ttyS1 there: a kernel with the 8250 driver (Debian's) has /dev/ttyS1
# without a port behind it. The virtio drivers that a kernel has as modules
# come in /drivers (scripts/lib.sh guest_drivers).
for ko in /drivers/*.ko; do
	[ -f "$ko" ] || continue
	insmod "$ko" || echo "kpcpu-guest: insmod $ko failed" >/dev/console
done
# hvc0 is not opened before virtio_console has put its port on the list
# its console callbacks look in (init_port_console(): after hvc_alloc(), so
# /dev/hvc0 opens a little earlier): an open tty polled in between is hung
# up for good, and everything written to it is lost (seen: an empty report
# in 3 of 6 boots of Debian's arm64 kernel). The port's guest_connected
# (debugfs) turns 1 right after; waited for, 5 s at most.
hvc_ready() {
	for port in /sys/kernel/debug/virtio-ports/*; do
		grep -q '^is_console: yes$' "$port" 2>/dev/null &&
			grep -q '^guest_connected: 1$' "$port" && return 0
	done
	return 1
}
case "$(uname -m)" in
aarch64)
	report=/dev/hvc0
	waited=0
	until hvc_ready || [ "$waited" -ge 50 ]; do
		usleep 100000
		waited=$((waited + 1))
	done
	;;
*) report=/dev/ttyS1 ;;
esac
# (Tried in a subshell first: a failed redirection of exec would end init.)
if (: >"$report") 2>/dev/null; then
	exec >"$report" 2>&1
else
	echo "KPCPU-GUEST: no $report: the report goes to the console, garbled or not" >/dev/console
fi
# In the kernel's log too (at KERN_ERR, so the console shows it whatever
# the loglevel): what the console prints before this line happened before
# any of kpcpu's code could run (scripts/lib.sh boot_qemu).
echo "<3>kpcpu-guest: init started" >/dev/kmsg
echo "KPCPU-GUEST cpus online: $(cat /sys/devices/system/cpu/online)"
