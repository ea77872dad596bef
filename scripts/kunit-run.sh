#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kunit-run.sh <label> <kernel-tree> <module.ko...>
#
# Boots the KUnit test kernel of <kernel-tree> under QEMU (TCG, 4 CPUs:
# the ordering and interrupt cases need at least 3; $KPCPU_QEMU_OPTS adds
# QEMU options, e.g. -singlestep),
# loads the modules, collects each KUnit suite's KTAP from debugfs and parses
# it with the tree's own tools/testing/kunit/kunit.py. The run fails on any
# failed or crashed case, any parse error, zero tests, a module that does not
# load or unload, a missing end-of-run marker, any splat on the console (a
# DEBUG_PREEMPT or WARN splat does not fail a KUnit case by itself), or a
# per-CPU allocation leak: nr_cur_alloc in /sys/kernel/debug/percpu_stats
# must be the same before loading the modules and after unloading them. A
# kpcpu_load_cycle.ko (or another *load_cycle*.ko) among the modules is not a suite: it is loaded and
# unloaded 100 times first, and nr_cur_alloc and Percpu: in /proc/meminfo
# must be back where they started ("load/unload: ..." line). The kernel
# command line gets $KPCPU_KERNEL_ARGS.
#
# Prints "percpu leak check (<label>): nr_cur_alloc before=X after=Y", then
# "kunit <label>: P passed, F failed, S skipped", and writes the same
# three numbers to $KPCPU_OUT/<label>.counts (and the reliability table's
# cells to $KPCPU_OUT/<label>.reliability); the kernel's console log stays
# in $KPCPU_OUT/<label>.console.log, what the guest's init printed (markers,
# KTAP, readings) in $KPCPU_OUT/<label>.report.log. Exits 0 only for a clean
# run.
source "$(dirname "$0")/lib.sh"

[ $# -ge 3 ] || die "usage: $0 <label> <kernel-tree> <module.ko...>"
label=$1 ktree=$2
shift 2
out=$KPCPU_OUT/$label
console=$KPCPU_OUT/$label.console.log report=$KPCPU_OUT/$label.report.log
# Nothing of an earlier run with this label may stand in for this one's.
rm -rf "$out" "$console" "$report" "$KPCPU_OUT/$label".{counts,reliability}
mkdir -p "$out"
kunit_py=$ktree/tools/testing/kunit/kunit.py

# (<label> names the run, not a row of the kernel matrix: the tree's
# configuration says which architecture to boot.)
arch=$(kernel_tree_arch "$ktree")
image=$ktree/$(arch_boot_image "$arch")
make_initramfs "$arch" "$image" "$out/initramfs.cpio.gz" "$KPCPU_ROOT/scripts/kunit-guest-init.sh" "$@"
KPCPU_QEMU_SMP=${KPCPU_QEMU_SMP:-4} boot_qemu "$arch" "$image" "$out/initramfs.cpio.gz" "$console" \
	"$report" "${KPCPU_QEMU_TIMEOUT:-300}" "${KPCPU_KERNEL_ARGS:-}" || true
log "kunit $label: console log in $console, the guest's report in $report"

problems=()
grep -q '^KPCPU-RUN-COMPLETE' "$report" || problems+=("no end-of-run marker (guest crashed or hung)")
grep -q '^KPCPU-INSMOD-FAILED' "$report" && problems+=("a module failed to load")
grep -q '^KPCPU-RMMOD-FAILED' "$report" && problems+=("a module failed to unload")
splats=$(grep -c -E "$KPCPU_SPLAT_RE" "$console" || true)
if [ "$splats" -gt 0 ]; then
	problems+=("kernel splat on the console ($splats lines):")
	while IFS= read -r line; do problems+=("  $line"); done < <(grep -E "$KPCPU_SPLAT_RE" "$console" | head -n 5)
fi

# Load/unload cycles (kunit-guest-init.sh), when kpcpu_load_cycle.ko was given.
cycles=- cycle_delta=-
line=$(grep -E '^KPCPU-LOAD-CYCLES [0-9]+ nr_cur_alloc [0-9]+ [0-9]+ Percpu [0-9]+ [0-9]+$' "$report" || true)
if [[ " $* " == *load_cycle*.ko" "* ]] && [ -z "$line" ]; then
	problems+=("load/unload: no complete KPCPU-LOAD-CYCLES reading")
elif [ -n "$line" ]; then
	read -r _ cycles _ a0 a1 _ p0 p1 <<<"$line"
	cycle_delta=$((a1 - a0))
	echo "load/unload: $cycles cycles, percpu leak delta $cycle_delta (nr_cur_alloc $a0 -> $a1, Percpu: $p0 kB -> $p1 kB) ($label)"
	[ "$cycles" -eq 100 ] || problems+=("load/unload: only $cycles of 100 cycles ($(grep '^KPCPU-LOAD-CYCLE-FAILED' "$report" || true))")
	[ "$cycle_delta" -eq 0 ] && [ "$p0" = "$p1" ] ||
		problems+=("load/unload leaked per-CPU memory: nr_cur_alloc $a0 -> $a1, Percpu: $p0 kB -> $p1 kB")
	! grep -q 'kpcpu load cycle: FAILED' "$console" || problems+=("load/unload: the module reported a wrong value")
fi

# Every per-CPU allocation made while the modules were loaded is freed.
before=$(sed -n 's/^KPCPU-PERCPU-BEFORE //p' "$report")
after=$(sed -n 's/^KPCPU-PERCPU-AFTER //p' "$report")
echo "percpu leak check ($label): nr_cur_alloc before=${before:-?} after=${after:-?}"
if [ -z "$before" ] || [ -z "$after" ]; then
	problems+=("no percpu_stats reading (CONFIG_PERCPU_STATS?)")
elif [ "$before" != "$after" ]; then
	problems+=("per-CPU allocations leaked: nr_cur_alloc $before before loading, $after after unloading")
fi

# What the stress suite (kunit/stress_test.c) counted, if it ran.
# (Both logs: once a case has failed the suite prints to the console only.)
stress=$(grep -h -o -E 'stress: [0-9]+ operations, [0-9]+ lost' "$report" "$console" | tail -n1 || true)
hotplug=$(grep -h -o -E 'hotplug: [0-9]+ offline/online cycles' "$report" "$console" | tail -n1 || true)
[ -z "$stress" ] || echo "$stress ($label)"
case "$stress" in *", 0 lost" | "") ;; *) problems+=("$stress") ;; esac
[ -z "$hotplug" ] || echo "$hotplug ($label)"

# One KTAP document per suite, parsed on its own: the raw dmesg of module
# suites does not parse (see the field notes), the debugfs documents do.
passed=0 failed=0 skipped=0 suites=0
while read -r suite; do
	suites=$((suites + 1))
	ktap=$out/$suite.ktap
	sed -n "/^KPCPU-KTAP-BEGIN $suite\$/,/^KPCPU-KTAP-END $suite\$/p" "$report" |
		sed -e '1d' -e '$d' >"$ktap"
	rc=0
	python3 "$kunit_py" parse <"$ktap" >"$out/$suite.parsed" 2>&1 || rc=$?
	sed -e 's/^\[[0-9:]*\] //' "$out/$suite.parsed"
	summary=$(grep -E 'Ran [0-9]+ tests' "$out/$suite.parsed" | tail -n1)
	count() { echo "$summary" | grep -o -E "$1: [0-9]+" | grep -o -E '[0-9]+$' || echo 0; }
	ran=$(echo "$summary" | grep -o -E 'Ran [0-9]+' | grep -o -E '[0-9]+' || echo 0)
	p=$(count passed) f=$(count failed) c=$(count crashed) s=$(count skipped) e=$(count errors)
	passed=$((passed + p)) skipped=$((skipped + s)) failed=$((failed + f + c))
	[ "$ran" -gt 0 ] || problems+=("suite $suite: no tests ran")
	[ "$e" -eq 0 ] || problems+=("suite $suite: $e KTAP parse errors")
	[ "$rc" -eq 0 ] || [ $((f + c)) -gt 0 ] || problems+=("suite $suite: kunit.py exited $rc")
	[ $((f + c)) -eq 0 ] || problems+=("suite $suite: $f failed, $c crashed")
done < <(sed -n 's/^KPCPU-KTAP-BEGIN \(.*\)$/\1/p' "$report")
[ "$suites" -gt 0 ] || problems+=("no KUnit suite results found")

# A run that cannot vouch for its cases counts as one more failure.
[ ${#problems[@]} -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed $failed $skipped" >"$KPCPU_OUT/$label.counts"
# For the reliability table (scripts/test.sh): one "key value" per line.
{
	echo "cases $((passed + failed + skipped))"
	echo "failed $failed"
	echo "splats $splats"
	echo "leak_delta $([ -n "$before" ] && [ -n "$after" ] && echo $((after - before)) || echo '?')"
	echo "stress_ops $(echo "$stress" | awk '{ print $2 }')"
	echo "stress_lost $(echo "$stress" | awk '{ print $4 }')"
	echo "hotplug_cycles $(echo "$hotplug" | awk '{ print $2 }')"
	echo "load_cycles $cycles"
	echo "load_leak_delta $cycle_delta"
} >"$KPCPU_OUT/$label.reliability"
# ("error:" marks them for the test command's list of reasons.)
for p in "${problems[@]}"; do log "error: kunit $label: $p"; done
# The failed cases by name, with what they expected.
if [ "$failed" -gt 0 ]; then
	sed -e 's/^\[[0-9:]*\] //' "$out"/*.parsed 2>/dev/null |
		grep -E '^\[(FAILED|CRASHED)\] [a-z]|EXPECTATION FAILED|^Expected .* but' |
		head -n 6 | sed "s/^/error: kunit $label: /" >&2 || true
fi
echo "kunit $label: $passed passed, $failed failed, $skipped skipped"
[ ${#problems[@]} -eq 0 ]
