#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The test command: runs every kpcpu test and ends with the line
# "N passed, N failed, N skipped", counting each KUnit case and each check.
# Exits non-zero on any failure, splat or missing result.
#
# Installs what it needs (apt-get), fetches or builds every kernel of the
# kernel matrix (scripts/kernel-matrix.sh; cached under $KPCPU_CACHE), builds
# kpcpu's modules for each, boots each under QEMU, and ends with the kernel
# matrix: one row per kernel.
source "$(dirname "$0")/lib.sh"
source "$KPCPU_ROOT/scripts/buildsys-tests.sh"

logs=$KPCPU_OUT/test-logs
rm -rf "$logs"
mkdir -p "$logs"
passed=0 failed=0 skipped=0

# check <name> <command...>: one test case; its output goes to a log that is
# shown only on failure. Returns 0 either way (the test command goes on);
# last_check says ok or FAIL.
last_check=
check() {
	local name=$1
	shift
	if "$@" >"$logs/$name.log" 2>&1; then
		passed=$((passed + 1))
		last_check=ok
		echo "ok - $name"
	else
		failed=$((failed + 1))
		last_check=FAIL
		echo "FAILED - $name (log: $logs/$name.log)"
		# The reasons first (a runner's "error:" lines and the splats it
		# found), then the end of the log: a reader of a cut-off
		# excerpt still sees why.
		reasons_of "$logs/$name.log" | sed 's/^/    reason: /'
		tail -n 25 "$logs/$name.log" | sed 's/^/    /'
		recap_failure "$name" "$logs/$name.log"
	fi
}

# reasons_of <log>: the lines of a failed run that say why (a runner's
# "error:" lines, the splats it found, QEMU's complaints).
reasons_of() { grep -E '^(error|splat|qemu): ' "$1" | head -n 8 || true; }

# Every failure again, with its reasons, just before the counts: the end of
# the output is what a cut-off excerpt of a CI run keeps.
recap=()
recap_failure() {
	local line
	recap+=("FAILED - $1")
	while IFS= read -r line; do recap+=("    $line"); done < <(reasons_of "$2")
}

# add_kunit_counts <label>: the case counts kunit-run.sh or compile-fail.sh
# wrote (a missing file counts as one failure).
add_kunit_counts() {
	local p=0 f=1 s=0
	[ -f "$KPCPU_OUT/$1.counts" ] && read -r p f s <"$KPCPU_OUT/$1.counts"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

finish() {
	grep -h '^retry: ' "$logs"/job-*.out 2>/dev/null || true
	if [ ${#recap[@]} -gt 0 ]; then
		echo "== failures"
		printf '%s\n' "${recap[@]}"
	fi
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

# The kernel matrix's cells, filled in as the checks run: matrix[<label>,<column>].
declare -A matrix
mark() { matrix[$1,$2]=$3; }

# check_kernel <label> <column> <name> <command...>: a check that is a cell of
# the kernel matrix; returns 1 if it failed.
check_kernel() {
	local label=$1 column=$2
	shift 2
	check "$@"
	mark "$label" "$column" "$last_check"
	[ "$last_check" = ok ]
}

timing deps ensure_packages || die "could not install the packages"
declare -A kdir image
labels=()
for label in $(kernel_labels); do
	if timing "kernel-$label" kernel_prepare "$label"; then
		kdir[$label]=$KERNEL_KDIR image[$label]=$KERNEL_IMAGE
		labels+=("$label")
	else
		failed=$((failed + 1))
		echo "FAILED - kernel-$label: could not fetch or build it"
		mark "$label" build FAIL
	fi
done
[ -n "${kdir[test-6.1]:-}" ] && [ -n "${kdir[debian-6.1]:-}" ] || finish
ktree=${kdir[test-6.1]}
debian_kdir=${kdir[debian-6.1]}
mods_of() { echo "$KPCPU_OUT/modules-$1"; }
test_mods=$(mods_of test-6.1)
debian_mods=$(mods_of debian-6.1)

# --- builds: warning-free (compiler, objtool, modpost, BTF) on every kernel
build_clean() {
	build_modules "$@" >"$logs/last-build.log" 2>&1 || { cat "$logs/last-build.log"; return 1; }
	cat "$logs/last-build.log"
	! grep -i -E 'warning|error' "$logs/last-build.log"
}
built=()
for label in "${labels[@]}"; do
	# shellcheck disable=SC2046 # module_make_args prints name=value words
	timing "build-$label" check_kernel "$label" build "build-$label" \
		build_clean "${kdir[$label]}" "$(mods_of "$label")" $(module_make_args "$label") &&
		built+=("$label")
done
is_built() { [[ " ${built[*]} " == *" $1 "* ]]; }

# --- everything that boots a guest runs in the background, two QEMUs at a
# time, while the checks below that need none run beside it (the machine
# has two cores; a boot is mostly one core's work). Each job writes
# $logs/job-<name>.out and .rc; the results are read, in order, further
# down. The jobs, longest first:
#  - KUnit on every test kernel: every suite, the stress suite (with CPU
#    hotplug) and 100 load/unload cycles; the lean kernel boots with more
#    possible than present CPUs. The interrupt suite gets a boot of its own
#    under QEMU's -singlestep: one instruction per translation block, so
#    that an interrupt can land between any two instructions (TCG otherwise
#    takes interrupts only between blocks). Not on the debug kernel, whose
#    KASAN start-up alone takes minutes single-stepped: there it runs in
#    the main boot, with interrupts between blocks, under lockdep and KASAN.
#  - the runner's self-tests: runs that must fail;
#  - one boot per kernel for the sample, the RT rules, the console-noise
#    self-test and the benchmark (scripts/run-modules.sh);
#  - the sample with one check broken.
kunit_names=(toolchain core dynamic numeric numeric_generic on_each_cpu stress lock counter_ref)
kernel_args_of() {
	case "$1" in
	test-6.1-lean) echo "possible_cpus=6" ;; # 4 present (QEMU -smp 4), 6 possible
	esac
}
singlestep_interrupts() { [ "$1" != test-6.1-debug ]; }
# kunit_runs_of <label>: the KUnit runs of a test kernel (job and file names).
kunit_runs_of() {
	echo "kunit-$1"
	if singlestep_interrupts "$1"; then echo "kunit-interrupt-$1"; fi
}
# The jobs load a snapshot of each kernel's modules, taken now: the checks
# that run beside them rebuild in the module trees.
ko_of() { echo "$KPCPU_OUT/ko-$1"; }
rm -rf "$KPCPU_OUT"/ko-*
for label in "${built[@]}"; do
	mkdir -p "$(ko_of "$label")"
	cp "$(mods_of "$label")"/*.ko "$(ko_of "$label")/"
done
# Jobs on a debug kernel or single-stepped take longer, and share the CPUs.
slow_timeout=900
kunit_job() {
	local label=$1 mods m modules
	mods=$(ko_of "$label")
	modules=("$mods/kpcpu_load_cycle.ko")
	for m in "${kunit_names[@]}"; do modules+=("$mods/kpcpu_${m}_test.ko"); done
	singlestep_interrupts "$label" || modules+=("$mods/kpcpu_interrupt_test.ko")
	KPCPU_KERNEL_ARGS=$(kernel_args_of "$label") KPCPU_QEMU_TIMEOUT=$slow_timeout \
		kunit_run_host_retry "kunit-$label" "${kdir[$label]}" "${modules[@]}"
}
kunit_interrupt_job() {
	KPCPU_QEMU_OPTS=-singlestep KPCPU_QEMU_TIMEOUT=$slow_timeout \
		kunit_run_host_retry "kunit-interrupt-$1" "${kdir[$1]}" \
		"$(ko_of "$1")/kpcpu_interrupt_test.ko"
}
# kunit_run_host_retry <run> <tree> <module.ko...>: kunit-run.sh, run once
# more if the first run failed where the kernel's own CPU hotplug machinery
# complained, in code no kpcpu function runs in:
#  - the hotplug handshake timed out. It waits 10 s of host time for a CPU
#    being taken down or brought up (kernel/cpu.c,
#    cpuhp_wait_for_sync_state()); under TCG a vCPU thread the host does
#    not schedule for that long misses it;
#  - 6.12's scheduler found a dying CPU's runqueue not empty
#    (sched_cpu_dying(), in the CPU's stopper thread: "Dying CPU not
#    properly vacated!", its list of queued tasks naming only the stopper
#    itself). Seen twice in one stress run on test-6.12 while kthreads
#    exited, never on 6.1; not kpcpu's to fix, and still a failure if the
#    second boot shows it again.
# The retry is printed, never silent, and the first run's console is kept
# as <run>.console.log.first-run.
not_kpcpu_re='CPU[0-9]+ failed to report (dead|alive) state|do_boot_cpu failed|APIC never delivered|Dying CPU not properly vacated'
# A guest that hung until QEMU's time limit is booted once more too: seen
# once on test-6.12, silent (no splat, no RCU stall report) from the lock
# suite's second or third case on, in a run whose host also ran the arm64
# guests; cause not found. A second hang fails the run.
guest_timeout_re='terminating on signal 15 from pid [0-9]+ \(timeout\)'
kunit_run_host_retry() {
	local run=$1 rc=0 why
	"$KPCPU_ROOT/scripts/kunit-run.sh" "$@" || rc=$?
	[ "$rc" -ne 0 ] || return 0
	if why=$(grep -m1 -E "$guest_timeout_re" "$KPCPU_OUT/$run.console.log" 2>/dev/null); then
		echo "retry: $run: the guest hung until QEMU's time limit ($why); booting once more"
		cp "$KPCPU_OUT/$run.console.log" "$KPCPU_OUT/$run.console.log.first-run"
		"$KPCPU_ROOT/scripts/kunit-run.sh" "$@"
		return
	fi
	why=$(grep -m1 -E "$not_kpcpu_re" "$KPCPU_OUT/$run.console.log" 2>/dev/null) || return "$rc"
	echo "retry: $run failed where the kernel's CPU hotplug code complained ($why); booting once more"
	cp "$KPCPU_OUT/$run.console.log" "$KPCPU_OUT/$run.console.log.first-run"
	"$KPCPU_ROOT/scripts/kunit-run.sh" "$@"
}
# selftest_job <run-label> <kernel> <module>: a run that must fail.
selftest_job() { "$KPCPU_ROOT/scripts/kunit-run.sh" "$1" "${kdir[$2]}" "$(ko_of "$2")/kpcpu_$3.ko"; }
# On a Debian kernel the boot also loads the consumer module, built first
# (scripts/consumer-test.sh) outside the tree as the README says, vendored
# and installed: both are kpcpu_consumer inside, loaded one after the
# other under their file names.
consumer_ways=(vendored installed)
boot_job() {
	local label=$1 way extra=()
	if [ "$(kernel_field "$label" kind)" = debian ]; then
		for way in "${consumer_ways[@]}"; do rm -rf "$KPCPU_OUT/kpcpu_consumer_$way-$label"; done
		# (Cross-built as a user would: ARCH and CROSS_COMPILE in the
		# environment.)
		# shellcheck disable=SC2046 # name=value words
		env $(arch_kbuild_vars "$(kernel_field "$label" arch)") \
			"$KPCPU_ROOT/scripts/consumer-test.sh" "${kdir[$label]}" "$(ko_of "$label")" \
			>"$logs/consumer-build-$label.log" 2>&1 || log "consumer module build failed on $label"
		for way in "${consumer_ways[@]}"; do
			[ ! -f "$(ko_of "$label")/kpcpu_consumer_$way.ko" ] || extra+=("kpcpu_consumer_$way")
		done
	fi
	KPCPU_PREBUILT_MODULES=$(ko_of "$label") KPCPU_KERNEL_KDIR=${kdir[$label]} KPCPU_KERNEL_IMAGE=${image[$label]} \
		"$KPCPU_ROOT/scripts/run-modules.sh" "$label" kpcpu_sample kpcpu_rt_rules \
		kpcpu_local_lock_rt kpcpu_selftest_console kpcpu_bench:iterations=100000 "${extra[@]}"
}
# A copy of the sample with one check broken must report it and fail with -EIO.
sample_mutant_job() {
	local copy=$KPCPU_OUT/sample-mutant
	rm -rf "$copy"
	mkdir -p "$copy"
	cp -r "$KPCPU_ROOT"/{Kbuild,Makefile,include,src,kunit,scripts} "$copy/"
	sed -i 's/CHECK(read() == 11);/CHECK(read() == 12);/' "$copy/src/sample.cpp"
	grep -q 'CHECK(read() == 12)' "$copy/src/sample.cpp" || { log "mutation not applied"; return 1; }
	# (Its own build of the modules every kernel gets: no test or codegen ones.)
	KPCPU_OUT=$copy/build KPCPU_MAKE_ARGS= "$copy/scripts/run-module.sh" test-6.1 kpcpu_sample
}
jobs_list=()
job() { jobs_list+=("$*"); }
# (The debug kernel's KUnit boot, the longest, first.)
is_built test-6.1-debug && job kunit-test-6.1-debug kunit_job test-6.1-debug
for label in "${built[@]}"; do
	[ "$(kernel_field "$label" kind)" = test ] && [ "$label" != test-6.1-debug ] || continue
	job "kunit-$label" kunit_job "$label"
	if singlestep_interrupts "$label"; then job "kunit-interrupt-$label" kunit_interrupt_job "$label"; fi
done
if is_built test-6.1-debug; then
	for t in kasan lockdep local_lock sleep ubsan; do
		job "selftest-$t" selftest_job "selftest-$t" test-6.1-debug "selftest_$t"
	done
fi
if is_built test-6.1; then
	for t in fail warn leak load_cycle_leak; do job "selftest-$t" selftest_job "selftest-$t" test-6.1 "selftest_$t"; done
	job sample-mutant sample_mutant_job
fi
for label in "${built[@]}"; do job "boot-$label" boot_job "$label"; done
# run_jobs: each job in a subshell, a new one as soon as fewer than two run.
# A job's .rc is written when it ends; a job without one never finished.
run_jobs() {
	local spec name
	for spec in "${jobs_list[@]}"; do
		while [ "$(jobs -pr | wc -l)" -ge 2 ]; do wait -n || true; done
		name=${spec%% *}
		# shellcheck disable=SC2086 # a job is "<name> <function> <words>"
		(rc=0; timing "job-$name" ${spec#* } >"$logs/job-$name.out" 2>&1 || rc=$?
			echo "$rc" >"$logs/job-$name.rc") &
	done
	wait || true
}
jobs_start=$(date +%s)
run_jobs &
jobs_pid=$!
# If the foreground stops early, no guest outlives it.
kill_tree() {
	local child
	for child in $(pgrep -P "$1" || true); do kill_tree "$child"; done
	kill "$1" 2>/dev/null || true
}
trap 'kill_tree "$jobs_pid"' EXIT

# --- the C++ build rule itself
scratch=$KPCPU_OUT/buildsys
for label in "${built[@]}"; do
	check "cxx-flags-follow-$label" buildsys_flags_follow_kernel "$(mods_of "$label")"
done
# shellcheck disable=SC2046
check incremental-rebuild-test-6.1 buildsys_incremental "$ktree" "$test_mods" $(module_make_args test-6.1)
check user-module-vendoring-kpcpu-debian-6.1 buildsys_user_module_builds "$debian_kdir" "$scratch"
check rejects-global-constructor-debian-6.1 buildsys_misuse_rejected "$debian_kdir" "$scratch" \
	MISUSE_GLOBAL_CONSTRUCTOR "global object '.*global_widget' needs a constructor or destructor"
# KASAN kernels add constructors of their own (registering globals) and
# run .init_array: kpcpu's objects pass, a real C++ constructor is rejected.
kasan_constructors_accepted() {
	local obj n=0
	while IFS= read -r obj; do
		[ -f "${obj%.o}.cpp" ] && grep -q ' \.init_array ' <<<"$(objdump -h "$obj")" && n=$((n + 1))
	done < <(find "$(mods_of test-6.1-debug)" -name '*.o')
	echo "C++ objects carrying KASAN's constructors, accepted by the build: $n"
	[ "$n" -gt 0 ]
}
if is_built test-6.1-debug; then
	check kasan-constructors-accepted-test-6.1-debug kasan_constructors_accepted
	check rejects-global-constructor-test-6.1-debug buildsys_misuse_rejected "${kdir[test-6.1-debug]}" \
		"$scratch-debug" MISUSE_GLOBAL_CONSTRUCTOR "global object '.*global_widget' needs a constructor or destructor"
fi
check rejects-throwing-new-debian-6.1 buildsys_misuse_rejected "$debian_kdir" "$scratch" \
	MISUSE_THROWING_NEW 'refers to C\+\+ runtime symbol _Znwm'
check rejects-static-destructor-debian-6.1 buildsys_misuse_rejected "$debian_kdir" "$scratch" \
	MISUSE_STATIC_DESTRUCTOR 'refers to C\+\+ runtime symbol atexit'
check rejects-kernel-header-in-cxx-debian-6.1 buildsys_kernel_header_explained "$debian_kdir" "$scratch"
check explains-wrong-kpcpu-dir-debian-6.1 buildsys_wrong_kpcpu_dir_explained "$debian_kdir" "$scratch"
check rejects-module-percpu-over-budget-debian-6.1 buildsys_misuse_rejected "$debian_kdir" "$scratch" \
	MISUSE_PERCPU_OVER_BUDGET 'user_module_test.o: 10[0-9]+ bytes of static per-CPU data, over the 8192 bytes.*Largest: .*user_scratch \(5000 bytes\), .*user_histogram \(5000 bytes\)' \
	user_module_test.o

# --- dkms.conf with the real dkms, in scratch trees, for every Debian kernel
# of this host's architecture (dkms builds for the machine it runs on)
for label in "${built[@]}"; do
	[ "$(kernel_field "$label" kind)" = debian ] && [ "$(kernel_field "$label" arch)" = x86_64 ] || continue
	timing "dkms-$label" check "dkms-build-$label" "$KPCPU_ROOT/scripts/dkms-test.sh" "${kdir[$label]}" \
		"$KPCPU_OUT/dkms-$label"
	[ "$last_check" = FAIL ] || echo "dkms build: ok $label"
done

# --- static per-CPU storage lands in exactly .data..percpu, aligned for T
percpu_section_ok() {
	local obj=$1 defined bad
	# Defined storage symbols (a KPCPU_DECLARE_PER_CPU one is *UND* here).
	defined=$(objdump -t "$obj" | grep '__kpcpu_storage' | grep -v '\*UND\*' || true)
	[ -n "$defined" ] || { log "no kpcpu storage symbols in $obj"; return 1; }
	echo "$defined"
	bad=$(echo "$defined" | grep -v -F ' .data..percpu	' || true)
	[ -z "$bad" ] || { log "outside .data..percpu: $bad"; return 1; }
	objdump -h "$obj" | awk '$2 == ".data..percpu" { print; n++ } END { exit n != 1 }'
}
check static-percpu-section-test-6.1 percpu_section_ok "$test_mods/kunit/core_test_cases.o"

# --- every example in the headers' comments and every C++ example of the
# README is real code, with the flags of five kernels (debug checks on and
# off, each kernel line, RT, arm64)
cxx_labels=(test-6.1 debian-6.1 test-6.12 debian-6.12-rt debian-arm64)
for label in "${cxx_labels[@]}"; do
	[[ " ${built[*]} " == *" $label "* ]] || continue
	check "header-examples-$label" "$KPCPU_ROOT/scripts/header-examples.sh" "${kdir[$label]}" "$(mods_of "$label")"
	sed -n "s/^header examples: .*/& ($label)/p" "$logs/header-examples-$label.log"
done

# --- misuse that must not compile, and code no longer than the kernel's C
# on both kernels: debug checks on (test) and off (Debian) must agree
for label in "${cxx_labels[@]}"; do
	[[ " ${built[*]} " == *" $label "* ]] || continue
	timing "compile-fail-$label" "$KPCPU_ROOT/scripts/compile-fail.sh" "compile-fail-$label" \
		"${kdir[$label]}" "$(mods_of "$label")" | grep -v '^ok - ' || true
	add_kunit_counts "compile-fail-$label"
done
readme_lists_compile_fail_cases() {
	local listed cases
	listed=$(sed -n '/^<!-- compile-fail cases -->$/,/^<!-- end -->$/s/^| `\([a-z_0-9]*\)` |.*/\1/p' \
		"$KPCPU_ROOT/README.md" | sort)
	cases=$(cd "$KPCPU_ROOT/kunit/compile_fail" && ls -- *.cpp | sed 's/\.cpp$//' | sort)
	[ -n "$listed" ] || { log "README.md lists no compile-fail case"; return 1; }
	diff <(echo "$listed") <(echo "$cases") || { log "README.md (<) and kunit/compile_fail (>) differ"; return 1; }
	echo "README lists the $(echo "$cases" | wc -l) compile-fail cases one to one"
}
check readme-lists-compile-fail-cases readme_lists_compile_fail_cases
for label in "${built[@]}"; do
	timing "codegen-$label" check_kernel "$label" codegen "codegen-$label" \
		"$KPCPU_ROOT/scripts/codegen.sh" "$label" "$(mods_of "$label")" || true
	echo "== code generation, $label (instructions per function)"
	grep -v '^codegen [a-z0-9.-]*: disassembly' "$logs/codegen-$label.log" || true
done


# --- C style: sparse and checkpatch over every C file
sparse_clean() {
	# (The tree's own make arguments: other ones would rebuild it.)
	# shellcheck disable=SC2046
	make -j"$KPCPU_JOBS" -C "$ktree" M="$test_mods" $(module_make_args test-6.1) C=2 CHECK=sparse modules 2>&1 |
		tee "$logs/sparse-output.log"
	local n
	n=$(grep -c -E 'warning:|error:' "$logs/sparse-output.log" || true)
	echo "sparse: $n warnings"
	[ "$(grep -c '  CHECK ' "$logs/sparse-output.log")" -gt 0 ] && [ "$n" -eq 0 ]
}
# checkpatch parses C only: the C files and the headers that are C (the
# headers shared with C++ through #ifdef __cplusplus branches are not).
# A suite's case list (kunit/suite.h) is an X-macro, neither an expression
# nor a statement, and generates prototypes: in kunit/suite.h and the
# headers that use it, the two checks that want a macro to be one of those
# are off.
checkpatch_clean() {
	(
		cd "$KPCPU_ROOT" || exit 1
		mapfile -t suites < <(grep -l -F '#include "suite.h"' kunit/*.h)
		mapfile -t others < <(grep -L -F '#include "suite.h"' kunit/*.h | grep -v -x kunit/suite.h)
		"$ktree/scripts/checkpatch.pl" --no-tree --terse -f src/*.c kunit/*.c "${others[@]}" \
			include/kpcpu/kernel_constants.h kunit/include/kpcpu_kunit_bridge.h &&
			"$ktree/scripts/checkpatch.pl" --no-tree --terse -f \
				--ignore COMPLEX_MACRO,TRAILING_SEMICOLON kunit/suite.h "${suites[@]}"
	)
}
timing c-style check sparse-clean-test-6.1 sparse_clean
check checkpatch-clean checkpatch_clean

# --- the background jobs' results
wait "$jobs_pid" || true
echo "timing: guest-jobs $(($(date +%s) - jobs_start))s (two at a time, from the end of the builds)"
for spec in "${jobs_list[@]}"; do grep -h '^timing: job-' "$logs/job-${spec%% *}.out" || true; done
# job_rc <name>: its exit code, or "missing" if it never finished.
job_rc() { cat "$logs/job-$1.rc" 2>/dev/null || echo missing; }
job_out() { cat "$logs/job-$1.out" 2>/dev/null || echo "(job $1 left no output)"; }
job_finished() { [[ "$(job_rc "$1")" =~ ^[0-9]+$ ]] || { log "job $1 never finished"; return 1; }; }

# KUnit: each run's own counts, plus the kernel matrix's cell
for label in "${built[@]}"; do
	[ "$(kernel_field "$label" kind)" = test ] || continue
	p_all=0 f_all=0
	for run in $(kunit_runs_of "$label"); do
		job_out "$run"
		# (kunit-run.sh removed any earlier counts: a run that died
		# before writing its own counts as one failure.)
		add_kunit_counts "$run"
		read -r p f _ <"$KPCPU_OUT/$run.counts" 2>/dev/null || p=0 f=1
		[ "$f" = 0 ] || recap_failure "$run" "$logs/job-$run.out"
		p_all=$((p_all + p)) f_all=$((f_all + f))
	done
	mark "$label" kunit "$p_all passed, $f_all failed"
	{ grep -h '^footprint:' "$KPCPU_OUT/kunit-$label.console.log" 2>/dev/null || true; } |
		sort -u | sed "s/\$/ ($label)/"
done

# Run-time reports name the module's own call site (the KUnit case, not a
# kpcpu function) and a static variable by name (include/kpcpu/call_site.h).
reports_name_call_site() {
	local console=$KPCPU_OUT/kunit-$1.console.log
	grep -E "kpcpu: CPU [0-9]+ is not a possible CPU .* variable 'report_target' \\(at kunit/core_test_adoption\\.cpp:[0-9]+ in kpcpu_test_reports_name_call_site\\(\\)\\)\$" "$console" &&
		grep -E 'kpcpu: CPU [0-9]+ is not a possible CPU .* \(at kunit/core_test_cases\.cpp:[0-9]+ in kpcpu_test_percpu_ptr_accessors\(\)\)$' "$console" &&
		grep -E "kpcpu: exclusive token on per-CPU variable 'nested' on CPU [0-9]+ .* \\(at kunit/core_test_cases\\.cpp:[0-9]+ in " "$console" &&
		grep -E 'kpcpu: empty per-CPU handle used .* \(at kunit/dynamic_test_cases\.cpp:[0-9]+ in use_empty_u64\(\)\)$' "$console"
}
is_built test-6.1 && check reports-name-call-site-test-6.1 reports_name_call_site test-6.1

# --- the runner's own failure detection: the run failed, and shows why
# selftest_failed <run> <expected-report-regex> [<runner's reason>]
selftest_failed() {
	job_out "$1"
	job_finished "$1" || return 1
	[ "$(job_rc "$1")" != 0 ] || { log "the runner passed a run that must fail"; return 1; }
	grep -q '^KPCPU-RUN-COMPLETE' "$KPCPU_OUT/$1.report.log" ||
		{ log "the guest did not finish: the run failed for another reason"; return 1; }
	grep -h -E -A4 -- "$2" "$KPCPU_OUT/$1.console.log" "$KPCPU_OUT/$1.report.log" ||
		{ log "the failure was not reported as /$2/"; return 1; }
	[ -z "${3:-}" ] || grep -F -- "$3" "$logs/job-$1.out" ||
		{ log "the runner did not fail it for '$3'"; return 1; }
}
splat_reason='kernel splat on the console'

check runner-fails-on-failed-expectation-test-6.1 selftest_failed selftest-fail \
	'EXPECTATION FAILED at kunit/selftest_fail_cases.cpp:[0-9]+'
check runner-reports-cxx-values-test-6.1 grep -E -A2 'Expected answer == 43, but' \
	"$KPCPU_OUT/selftest-fail.report.log"
check runner-fails-on-warn-test-6.1 selftest_failed selftest-warn \
	'WARNING: CPU: [0-9]+ PID: [0-9]+ at kunit/selftest_warn.c' "$splat_reason"
check runner-fails-on-percpu-leak-test-6.1 selftest_failed selftest-leak 'KPCPU-PERCPU-AFTER'
check runner-fails-on-unload-leak-test-6.1 selftest_failed selftest-load_cycle_leak \
	'^KPCPU-LOAD-CYCLES 100 nr_cur_alloc ([0-9]+) ([0-9]+) ' 'load/unload leaked per-CPU memory: nr_cur_alloc'
check runner-reports-percpu-leak-test-6.1 grep -E \
	'per-CPU allocations leaked: nr_cur_alloc ([0-9]+) before loading, ([0-9]+) after' "$logs/job-selftest-leak.out"
# The debug kernel's checkers each fail a run, with the report shown:
# KASAN, lockdep, and (one run) might-sleep and UBSAN.
if is_built test-6.1-debug; then
	check runner-fails-on-kasan-test-6.1-debug selftest_failed selftest-kasan \
		'BUG: KASAN: slab-out-of-bounds in kpcpu_selftest_kasan_overruns_percpu_buffer' "$splat_reason"
	check runner-fails-on-lockdep-test-6.1-debug selftest_failed selftest-lockdep \
		'WARNING: possible circular locking dependency detected' "$splat_reason"
	check runner-fails-on-local-lock-recursion-test-6.1-debug selftest_failed selftest-local_lock \
		'WARNING: possible recursive locking detected' "$splat_reason"
	check runner-fails-on-might-sleep-test-6.1-debug selftest_failed selftest-sleep \
		'BUG: sleeping function called from invalid context at kunit/selftest_sleep.c' "$splat_reason"
	check runner-fails-on-ubsan-test-6.1-debug selftest_failed selftest-ubsan \
		'UBSAN: array-index-out-of-bounds in .*kunit/selftest_ubsan.c' "$splat_reason"
fi

# --- the sample (the main job), the RT rules and the benchmark on every
# kernel: one boot per kernel loads the three modules in turn
# (scripts/run-modules.sh); each is then checked on its own log.
online_of() { xargs sed -n 's/^KPCPU-GUEST cpus online: //p' <"$KPCPU_OUT/$1-$2/boot.log"; }
sample_ok() {
	local label=$1 run=$KPCPU_OUT/kpcpu_sample-$1
	[ -f "$run/module.dmesg" ] || { log "kpcpu_sample did not run on $label"; return 1; }
	cat "$run/module.dmesg"
	python3 "$KPCPU_ROOT/scripts/check-sample-log.py" "$run/module.dmesg" \
		"$KPCPU_ROOT/scripts/sample-expected.txt" "$(online_of kpcpu_sample "$label")" || return 1
	# All checks passed, so it returned -EINVAL as upstream: never stays loaded.
	grep -q '^KPCPU-INSMOD-RC 22 ' "$run/insmod.rc" || { log "insmod did not return EINVAL"; return 1; }
}
# The PREEMPT_RT allocation rule (src/rt_rules.cpp): refused under a guard on
# RT kernels only, fine before the guard everywhere.
rt_rules_ok() {
	local label=$1 want run=$KPCPU_OUT/kpcpu_rt_rules-$1
	[ -f "$run/module.dmesg" ] || { log "kpcpu_rt_rules did not run on $label"; return 1; }
	cat "$run/module.dmesg"
	if grep -qx 'CONFIG_PREEMPT_RT=y' "${kdir[$label]}/.config"; then
		want='refused (PREEMPT_RT)'
	else
		want='allowed (gfp::atomic)'
	fi
	grep -q -F "kpcpu rt rules: allocation under a guard $want" "$run/module.dmesg" &&
		grep -q -F 'kpcpu rt rules: allocation before the guard ok' "$run/module.dmesg" &&
		grep -q '^KPCPU-INSMOD-RC 0$' "$run/insmod.rc"
}
# LocalLocked contended by two kthreads on one CPU (src/local_lock_rt.cpp):
# every check line ok, none failed, and on PREEMPT_RT the checks that only
# RT has (preempted while holding, preempt_count() 0, migration disabled)
# and the twin without the lock caught (not serialised, moved off its CPU).
local_lock_rt_ok() {
	local label=$1 run=$KPCPU_OUT/kpcpu_local_lock_rt-$1 line
	local want=('serialised: B entered only after A left: ok' 'the holder stayed on its CPU: ok'
		'both updates counted on the CPU: ok' 'all checks passed')
	[ -f "$run/module.dmesg" ] || { log "kpcpu_local_lock_rt did not run on $label"; return 1; }
	cat "$run/module.dmesg"
	if grep -qx 'CONFIG_PREEMPT_RT=y' "${kdir[$label]}/.config"; then
		want+=('the holder was preempted while holding it (RT): ok'
			'preempt_count() is 0 under the guard (RT): ok'
			'migration is disabled under the guard (RT): ok'
			'the twin without the lock is not serialised (RT): ok'
			'the twin without the lock was moved off its CPU (RT): ok')
	else
		want+=('the holder was not preempted (preempt_disable): ok')
	fi
	for line in "${want[@]}"; do
		grep -q -F "kpcpu local lock rt: $line" "$run/module.dmesg" || { log "no line '$line'"; return 1; }
	done
	! grep -q 'kpcpu local lock rt: .*FAILED' "$run/module.dmesg" &&
		grep -q '^KPCPU-INSMOD-RC 0$' "$run/insmod.rc"
}
# Console lines printed while a module loads (on RT, after insmod returns)
# must not garble what the guest reports (kunit/selftest_console.c).
console_noise_ok() {
	local run=$KPCPU_OUT/kpcpu_selftest_console-$1
	[ -f "$run/module.dmesg" ] || { log "kpcpu_selftest_console did not run on $1"; return 1; }
	echo "console noise: $(grep -c '' "$run/module.dmesg") lines reported for 2000 printed; $(cat "$run/insmod.rc")"
	# Exactly the module's lines: each once, whole, in order (lines the
	# kernel printed meanwhile, of other origin, may stand between them).
	sed 's/^\[[ 0-9.]*\] //' "$run/module.dmesg" | grep -F 'kpcpu console noise' |
		cmp - <(for i in $(seq 2000); do echo "kpcpu console noise: line $i of 2000"; done) &&
		grep -q '^KPCPU-INSMOD-RC 0$' "$run/insmod.rc"
}
# The consumer module (kunit/consumer/consumer.cpp) as built one way: its
# result line with the values it must compute, insmod 0, and unloaded
# (rmmod 0 and its exit line).
consumer_ok() {
	local label=$1 way=$2 run=$KPCPU_OUT/kpcpu_consumer_$2-$1
	if [ ! -f "$run/module.dmesg" ]; then
		cat "$logs/consumer-build-$label.log" 2>/dev/null || true
		log "the $way consumer module did not run on $label"; return 1
	fi
	cat "$run/module.dmesg" "$run/insmod.rc" "$run/removed"
	grep -q '^KPCPU-INSMOD-RC 0$' "$run/insmod.rc" || { log "insmod did not return 0"; return 1; }
	grep -q 'kpcpu consumer: events 110 bytes 5050$' "$run/module.dmesg" ||
		{ log "no 'kpcpu consumer: events 110 bytes 5050' line"; return 1; }
	grep -qx 'KPCPU-REMOVED kpcpu_consumer 0' "$run/removed" &&
		grep -q 'kpcpu consumer: exit, events 110$' "$run/module.dmesg" ||
		{ log "kpcpu_consumer was not unloaded (rmmod 0 and its exit line)"; return 1; }
}
bench_ok() {
	local table=$KPCPU_OUT/kpcpu_bench-$1/module.dmesg rows
	[ -f "$table" ] || { log "kpcpu_bench did not run on $1"; return 1; }
	rows=$(grep -c -E 'kpcpu_bench: .{38} +[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{2} +[0-9]+$' "$table")
	echo "benchmark table rows: $rows"
	[ "$rows" -eq 17 ] && grep -q 'kpcpu_bench: kpcpu counter total [1-9]' "$table" &&
		grep -q 'kpcpu_bench: PerCpuCounter total [1-9][0-9]*, percpu_counter total [1-9]' "$table"
}
boot_passed() { job_out "boot-$1"; job_finished "boot-$1" && [ "$(job_rc "boot-$1")" = 0 ]; }
for label in "${built[@]}"; do
	# A splat or a hung guest fails the boot, and with it every module's check.
	boot_ok=y
	check "boot-$label" boot_passed "$label"
	[ "$last_check" = ok ] || boot_ok=n
	in_boot() { [ "$boot_ok" = y ] && "$@"; }
	check_kernel "$label" sample "sample-$label" in_boot sample_ok "$label" && echo "sample $label: ok"
	check "rt-rules-$label" in_boot rt_rules_ok "$label"
	[ "$last_check" = FAIL ] || sed -n 's/^\[[ 0-9.]*\] //; /^kpcpu rt rules:/s/$/ ('"$label"')/p' "$KPCPU_OUT/kpcpu_rt_rules-$label/module.dmesg"
	check "local-lock-contended-$label" in_boot local_lock_rt_ok "$label"
	[ "$last_check" = FAIL ] || sed -n 's/^\[[ 0-9.]*\] //; /^kpcpu local lock rt: \(local_lock\|without\)/s/$/ ('"$label"')/p' \
		"$KPCPU_OUT/kpcpu_local_lock_rt-$label/module.dmesg"
	check "runner-survives-console-noise-$label" in_boot console_noise_ok "$label"
	if [ "$(kernel_field "$label" kind)" = debian ]; then
		for way in "${consumer_ways[@]}"; do
			check "consumer-module-$label-$way" in_boot consumer_ok "$label" "$way" &&
				echo "consumer module: ok $label ($way)"
		done
	fi
	check_kernel "$label" bench "bench-$label" in_boot bench_ok "$label" || true
	echo "== benchmark, $label"
	sed -n 's/^\[[ 0-9.]*\] //; /kpcpu_bench: [a-zCkP]/s/$/ ('"$label"')/p' \
		"$KPCPU_OUT/kpcpu_bench-$label/module.dmesg" 2>/dev/null || true
done

# The sample with one check broken (sample_mutant_job) reported it and
# failed with -EIO.
sample_reports_failed_check() {
	local run=$KPCPU_OUT/sample-mutant/build/kpcpu_sample-test-6.1
	job_out sample-mutant
	[ "$(job_rc sample-mutant)" = 0 ] || return 1
	grep -E 'cxx percpu check failed: read\(\) == 12 at src/sample.cpp:[0-9]+' "$run/module.dmesg" &&
		grep -q '^KPCPU-INSMOD-RC 5 ' "$run/insmod.rc" &&
		! grep -q 'all checks passed' "$run/module.dmesg"
}
check sample-reports-failed-check-test-6.1 sample_reports_failed_check

# --- the README lists exactly the kernels of the matrix
readme_lists_kernels() {
	local listed
	listed=$(sed -n '/^<!-- kernel matrix -->$/,/^<!-- end -->$/s/^| `\([a-z0-9.-]*\)` |.*/\1/p' "$KPCPU_ROOT/README.md")
	diff <(echo "$listed") <(kernel_labels) ||
		{ log "README.md (<) and scripts/kernel-matrix.sh (>) list different kernels"; return 1; }
	echo "README lists the $(kernel_labels | wc -l) kernels of the matrix"
}
check readme-lists-kernel-matrix readme_lists_kernels

# --- the README's C-idiom table has a row for every C per-CPU idiom
readme_c_idioms=(
	DEFINE_PER_CPU 'static DEFINE_PER_CPU' DECLARE_PER_CPU DEFINE_PER_CPU_ALIGNED
	DEFINE_PER_CPU_SHARED_ALIGNED this_cpu_read this_cpu_write this_cpu_add this_cpu_sub
	this_cpu_inc this_cpu_dec this_cpu_and this_cpu_or this_cpu_add_return
	this_cpu_sub_return this_cpu_xchg this_cpu_cmpxchg this_cpu_try_cmpxchg '__this_cpu_*'
	'raw_cpu_*' this_cpu_ptr per_cpu_ptr per_cpu get_cpu put_cpu get_cpu_ptr put_cpu_ptr
	alloc_percpu alloc_percpu_gfp free_percpu for_each_possible_cpu for_each_online_cpu
	num_online_cpus preempt_disable preempt_enable on_each_cpu smp_call_function_single
	local_irq_save local_irq_restore local_lock local_unlock local_lock_irqsave
	local_unlock_irqrestore
	'percpu_counter_*' 'percpu_ref_*'
)
readme_c_idiom_table() {
	local listed idiom missing=()
	# Each `name` in the first cell of a row whose second cell is not empty.
	listed=$(sed -n '/^<!-- c-idioms -->$/,/^<!-- end -->$/s/^| \([^|]*\) | *[^ |].*/\1/p' \
		"$KPCPU_ROOT/README.md" | grep -o '`[^`]*`' | tr -d '`' || true)
	for idiom in "${readme_c_idioms[@]}"; do
		grep -q -x -F -- "$idiom" <<<"$listed" || missing+=("$idiom")
	done
	[ "${#missing[@]}" -eq 0 ] || { log "README.md's C-idiom table has no row for: ${missing[*]}"; return 1; }
	echo "README's C-idiom table has a row for each of the ${#readme_c_idioms[@]} C idioms"
}
check readme-c-idiom-table readme_c_idiom_table

# --- the kernel matrix, one row per kernel
echo "== kernel matrix"
printf '%-16s %-6s %-52s %-7s %-6s %s\n' kernel build codegen sample bench kunit
for label in $(kernel_labels); do
	cg=${matrix[$label,codegen]:--}
	[ "$cg" = - ] || cg="$cg: $(sed -n "s/^codegen $label: \([0-9]*\) functions compared, C++ longer in \([0-9]*\).*/\1 ops, \2 longer/p" \
		"$logs/codegen-$label.log"); $(sed -n "s/^codegen guard $label: C++ \([0-9]*\) insns, C \([0-9]*\) insns/guard \1 vs C \2/p" \
		"$logs/codegen-$label.log")"
	printf '%-16s %-6s %-52s %-7s %-6s %s\n' "$label" "${matrix[$label,build]:--}" "$cg" \
		"${matrix[$label,sample]:--}" "${matrix[$label,bench]:--}" "${matrix[$label,kunit]:--}"
done

# --- the reliability table, one row per kernel: KUnit cases, failures and
# splats (both KUnit boots of a test kernel; the module boot of a Debian
# one), what the stress suite counted, CPU hotplug cycles, load/unload
# cycles and the per-CPU allocations left behind (nr_cur_alloc: after the
# KUnit modules unloaded / after the 100 load/unload cycles).
reliability_cell() { sed -n "s/^$2 //p" "$KPCPU_OUT/$1.reliability" 2>/dev/null | grep . || echo -; }
# reliability_total <key> <run...>: the key summed over the runs (a run
# without its file adds nothing: the KUnit counts above already failed it).
reliability_total() {
	local key=$1 run total=0 value
	shift
	for run in "$@"; do
		value=$(reliability_cell "$run" "$key")
		[ "$value" = - ] || total=$((total + value))
	done
	echo "$total"
}
echo "== reliability"
row() { printf '%-16s %-6s %-6s %-6s %-10s %-5s %-8s %-7s %s\n' "$@"; }
row kernel cases failed splats stress-ops lost hotplug unload leak-delta
for label in $(kernel_labels); do
	if [ "$(kernel_field "$label" kind)" = test ]; then
		main=kunit-$label
		mapfile -t runs < <(kunit_runs_of "$label")
		if [ ! -f "$KPCPU_OUT/$main.reliability" ]; then row "$label" - - - - - - - -; continue; fi
		row "$label" "$(reliability_total cases "${runs[@]}")" "$(reliability_total failed "${runs[@]}")" \
			"$(reliability_total splats "${runs[@]}")" "$(reliability_cell "$main" stress_ops)" \
			"$(reliability_cell "$main" stress_lost)" "$(reliability_cell "$main" hotplug_cycles)" \
			"$(reliability_cell "$main" load_cycles)" \
			"$(reliability_cell "$main" leak_delta) / $(reliability_cell "$main" load_leak_delta)"
	else
		# (The console and the kernel log share lines: each counts once.)
		splats=$(cat "$KPCPU_OUT/boot-$label/console.log" "$KPCPU_OUT/boot-$label/full.dmesg" 2>/dev/null |
			grep -E "$KPCPU_SPLAT_RE" | sort -u | grep -c . || true)
		row "$label" - - "$splats" - - - - -
	fi
done

finish
