#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-sample.sh [kernel]: the main job. Boots Debian's stock 6.1 kernel
# (default) or another kernel of the matrix (scripts/kernel-matrix.sh:
# debian-6.1-rt, debian-6.12, debian-6.12-rt, test-6.1, test-6.12) under
# QEMU with 2 CPUs, insmods kpcpu_sample.ko and prints the kernel log it
# produced.
exec "$(dirname "$0")/run-module.sh" "${1:-debian-6.1}" kpcpu_sample
