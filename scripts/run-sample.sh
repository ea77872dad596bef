#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-sample.sh [debian|test]: the main job. Boots Debian's stock kernel
# (default) or the KUnit test kernel under QEMU with 2 CPUs, insmods
# kpcpu_sample.ko and prints the kernel log it produced.
exec "$(dirname "$0")/run-module.sh" "${1:-debian}" kpcpu_sample
