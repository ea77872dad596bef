# SPDX-License-Identifier: GPL-2.0
# The kernel matrix: every kernel kpcpu is built for and tested on, one row
# each. This table is the only place that lists them; the test command, the
# runners and the README's list of supported kernels all come from it.
# Sourced by lib.sh.
#
# Columns:
#   label     how every line the test command prints names the kernel
#   kind      debian: Debian's own packages (headers + image, unmodified,
#                     fetched with apt-get download, never installed)
#             test:   a KUnit kernel built here from Debian's linux-source
#   suite     the Debian suite it comes from (scripts/apt-private.sh)
#   what      debian: the flavour (amd64, rt-amd64), as in
#                     linux-headers-<flavour>, the metapackage that names the
#                     suite's newest ABI
#             test:   the linux-source series (6.1, 6.12)
#   arch      the kernel's architecture, as the kernel names it (x86_64,
#             arm64): the compiler, QEMU and Debian architecture follow
#             from it (arch_* in scripts/lib.sh)
#   fragments test: config fragments under kunit/, '+'-separated, merged
#                   in order over allnoconfig (a later one may override an
#                   earlier one's option); debian: -
#
# label            kind    suite               what      arch    fragments
KPCPU_KERNEL_MATRIX="
debian-6.1         debian  bookworm            amd64     x86_64  -
debian-6.1-rt      debian  bookworm            rt-amd64  x86_64  -
debian-6.12        debian  bookworm-backports  amd64     x86_64  -
debian-6.12-rt     debian  bookworm-backports  rt-amd64  x86_64  -
test-6.1           test    bookworm            6.1       x86_64  test-kernel.config+test-kernel-preempt.config+test-kernel-6.1.config
test-6.12          test    bookworm-backports  6.12      x86_64  test-kernel.config+test-kernel-preempt.config+test-kernel-6.12.config
test-6.1-debug     test    bookworm            6.1       x86_64  test-kernel.config+test-kernel-preempt.config+test-kernel-6.1.config+test-kernel-debug.config
test-6.1-lean      test    bookworm            6.1       x86_64  test-kernel.config+test-kernel-6.1.config+test-kernel-lean.config
debian-arm64       debian  bookworm            arm64     arm64   -
test-arm64         test    bookworm            6.1       arm64   test-kernel.config+test-kernel-preempt.config+test-kernel-arm64.config
"

# kernel_labels [kind]: every label in the table (of one kind), in order.
kernel_labels() {
	echo "$KPCPU_KERNEL_MATRIX" | awk -v k="${1:-}" 'NF == 6 && (k == "" || $2 == k) { print $1 }'
}

# kernel_field <label> <column>: one cell (columns: kind suite what arch
# fragments).
kernel_field() {
	local col
	case "$2" in
	kind) col=2 ;; suite) col=3 ;; what) col=4 ;; arch) col=5 ;; fragments) col=6 ;;
	*) die "kernel_field: unknown column '$2'" ;;
	esac
	echo "$KPCPU_KERNEL_MATRIX" | awk -v l="$1" -v c="$col" 'NF == 6 && $1 == l { print $c; found = 1 }
		END { exit !found }' || die "unknown kernel '$1' (scripts/kernel-matrix.sh lists: $(kernel_labels | tr '\n' ' '))"
}
