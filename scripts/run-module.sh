#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# run-module.sh <kernel> <module> [param=value...]: boots the kernel (a label
# of scripts/kernel-matrix.sh) under QEMU, loads one module with its
# parameters and prints the kernel log it produced (scripts/run-modules.sh,
# which also keeps it in $KPCPU_OUT/<module>-<kernel>/).
[ $# -ge 2 ] || { echo "usage: $0 <kernel> <module> [param=value...]" >&2; exit 1; }
target=$1 module=$2
shift 2
spec=$module
[ $# -eq 0 ] || spec="$module:$(IFS=,; echo "$*")"
exec "$(dirname "$0")/run-modules.sh" "$target" "$spec"
