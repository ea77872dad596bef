#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-bench.sh [kernel] [iterations=N] [threads=N]: boots the kernel (a label
# of scripts/kernel-matrix.sh; Debian's stock 6.1 by default) under QEMU
# with 2 CPUs, loads kpcpu_bench.ko and prints its table. Under QEMU's
# software emulation the figures show relative costs, not what hardware
# would measure.
target=${1:-debian-6.1}
[ $# -eq 0 ] || shift
exec "$(dirname "$0")/run-module.sh" "$target" kpcpu_bench "$@"
