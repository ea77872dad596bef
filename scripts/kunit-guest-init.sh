#!/bin/busybox sh
# /init of the KUnit initramfs (scripts/kunit-run.sh). Loads every module in
# /modules (their KUnit suites run during insmod), prints each suite's KTAP
# from debugfs between markers, unloads the modules and powers off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug

echo "KPCPU-GUEST cpus online: $(cat /sys/devices/system/cpu/online)"
# Live per-CPU allocations (CONFIG_PERCPU_STATS), before and after the tests.
percpu_allocs() {
	sed -n 's/^ *nr_cur_alloc *: *\([0-9]*\).*/\1/p' /sys/kernel/debug/percpu_stats
}
# The kernel's own boot-time work may still be allocating (6.12 under
# -singlestep was seen doing one more after the shell started): take the
# baseline once the count has held still for a second.
before=$(percpu_allocs)
for _ in 1 2 3 4 5 6 7 8 9 10; do
	sleep 1
	now=$(percpu_allocs)
	[ "$now" = "$before" ] && break
	before=$now
done
echo "KPCPU-PERCPU-BEFORE $before"
loaded=""
for m in /modules/*.ko; do
	echo "KPCPU-INSMOD $m"
	if load-module "$m"; then
		loaded="$(basename "$m" .ko) $loaded"
	else
		echo "KPCPU-INSMOD-FAILED $m"
	fi
done
for dir in /sys/kernel/debug/kunit/*; do
	[ -f "$dir/results" ] || continue
	echo "KPCPU-KTAP-BEGIN $(basename "$dir")"
	cat "$dir/results"
	echo "KPCPU-KTAP-END $(basename "$dir")"
done
for m in $loaded; do
	rmmod "$m" || echo "KPCPU-RMMOD-FAILED $m"
done
echo "KPCPU-PERCPU-AFTER $(percpu_allocs)"
echo "KPCPU-RUN-COMPLETE"
reboot -f
