#!/bin/busybox sh
# /init of the KUnit initramfs (scripts/kunit-run.sh). Runs 100 load/unload
# cycles of the /modules/*load_cycle*.ko module if there is one (the real
# one, or the runner's self-test that leaks), loads every other
# module in /modules (their KUnit suites run during insmod), prints each
# suite's KTAP from debugfs between markers, unloads the modules and powers
# off.
. /guest-start.sh
# Live per-CPU allocations (CONFIG_PERCPU_STATS), before and after the tests.
# Since 6.2 every process's mm holds a per-CPU block (its rss counters), and
# an exited process's mm stays alive as long as an idle CPU keeps it as its
# lazy mm: the count depends on which CPUs ran which process last. So this
# shell and every process it starts stay on CPU 0 (the KUnit cases run in
# kernel threads, not affected), and before each reading CPUs 1..N go
# offline and online again, which drops their lazy mms (shell builtins
# only: no new process). The first round happens now: a CPU's first hotplug
# may allocate for good, and must not land between two readings.
percpu_allocs() {
	while IFS=': ' read -r key value; do
		[ "$key" = nr_cur_alloc ] && { count=$value; return; }
	done </sys/kernel/debug/percpu_stats
}
# (Not CPU 0: x86 has no online file for it, but arm64 does, and taking it
# down would move this shell off it for good - "process 1 (init) no longer
# affine to cpu0".)
drop_lazy_mms() {
	for online in /sys/devices/system/cpu/cpu[0-9]*/online; do
		[ "$online" != /sys/devices/system/cpu/cpu0/online ] || continue
		echo 0 >"$online" && echo 1 >"$online"
	done
}
taskset -p 1 $$ >/dev/null
drop_lazy_mms
# Until three readings in a row agree (at most ten): an exited process's mm
# can also wait for an RCU grace period, and boot-time work may still be
# allocating when the shell starts.
percpu_allocs_settled() {
	last="" same=0 readings=""
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		drop_lazy_mms
		percpu_allocs
		readings="$readings $count"
		if [ "$count" = "$last" ]; then same=$((same + 1)); else same=1; fi
		last=$count
		[ "$same" -lt 3 ] || break
		# Changed: give deferred frees a second (read -t on a FIFO
		# nobody writes: a wait that starts no process).
		[ "$same" -gt 1 ] || read -r -t 1 _ <>/tmp/kpcpu-wait || true
	done
	echo "KPCPU-PERCPU-READINGS$readings" >&2
	echo "$count"
}
mkfifo /tmp/kpcpu-wait
# Percpu: in /proc/meminfo, in kB: the pages the per-CPU allocator has
# populated.
percpu_meminfo() {
	while IFS=': ' read -r key value _; do
		[ "$key" = Percpu ] && { echo "$value"; return; }
	done </proc/meminfo
}

# Load/unload cycles first, with readings of their own: every per-CPU byte
# a module's static and dynamic variables take must come back.
cycle=$(ls /modules/*load_cycle*.ko 2>/dev/null | head -n 1)
if [ -n "$cycle" ]; then
	allocs_before=$(percpu_allocs_settled)
	pages_before=$(percpu_meminfo)
	cycles=0
	name=$(basename "$cycle" .ko)
	# Every other load fails half way (fail_half_way=1: init returns
	# -ENOMEM after allocating): a module that never loaded must leave
	# nothing behind either.
	while [ "$cycles" -lt 100 ]; do
		if [ $((cycles % 2)) -eq 1 ]; then
			load-module "$cycle" fail_half_way=1 >/tmp/insmod.out
			grep -q '^KPCPU-INSMOD-RC 12 ' /tmp/insmod.out ||
				{ echo "KPCPU-LOAD-CYCLE-FAILED init that fails half way: $(cat /tmp/insmod.out)"; break; }
			! grep -q "^$name " /proc/modules || { echo "KPCPU-LOAD-CYCLE-FAILED still loaded"; break; }
		else
			load-module "$cycle" >/dev/null || { echo "KPCPU-LOAD-CYCLE-FAILED insmod"; break; }
			rmmod "$name" || { echo "KPCPU-LOAD-CYCLE-FAILED rmmod"; break; }
		fi
		cycles=$((cycles + 1))
	done
	allocs_after=$(percpu_allocs_settled)
	echo "KPCPU-LOAD-CYCLES $cycles nr_cur_alloc $allocs_before $allocs_after Percpu $pages_before $(percpu_meminfo)"
fi

echo "KPCPU-PERCPU-BEFORE $(percpu_allocs_settled)"
loaded=""
for m in /modules/*.ko; do
	[ "$m" != "$cycle" ] || continue
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
echo "KPCPU-PERCPU-AFTER $(percpu_allocs_settled)"
echo "KPCPU-RUN-COMPLETE"
reboot -f
