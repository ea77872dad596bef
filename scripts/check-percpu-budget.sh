#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# check-percpu-budget.sh <object> <kpcpu_kernel_facts.h>
#
# Fails (and says why) when the static per-CPU data of a module object -
# its whole .data..percpu section - is larger than the space all modules
# share for it (PERCPU_MODULE_RESERVE, 8 KiB): the module would build and
# then fail to load with ENOMEM. KPCPU_DEFINE_PER_CPU checks each variable
# at compile time; only the linked module can check their sum. The message
# names the largest variables, the ones to make dynamic.
set -eu
obj=$1
facts=$2
OBJDUMP=${OBJDUMP:-objdump}

reserve=$(sed -n 's/^#define KPCPU_FACT_PERCPU_MODULE_RESERVE[[:space:]]*\([0-9]*\).*/\1/p' "$facts")
[ -n "$reserve" ] || { echo "error: no KPCPU_FACT_PERCPU_MODULE_RESERVE in $facts" >&2; exit 1; }
size_hex=$($OBJDUMP -h "$obj" | awk '$2 == ".data..percpu" { print $3 }')
[ -n "$size_hex" ] || exit 0
size=$(printf '%d' "0x$size_hex")
[ "$size" -gt "$reserve" ] || exit 0

# "<size> <name>" of every variable in the section, largest first;
# KPCPU_DEFINE_PER_CPU's storage symbol is <name>__kpcpu_storage.
# objdump -t: <address> <flags> <section> <size> <name>; flags are 2 words.
largest=$($OBJDUMP -t "$obj" | awk '$4 == ".data..percpu" && $5 ~ /^[0-9a-f]+$/ && $5 !~ /^0+$/' |
	while read -r _ _ _ _ hex name; do
		echo "$(printf '%d' "0x$hex") $(echo "$name" | c++filt | sed 's/__kpcpu_storage$//')"
	done | sort -rn | head -n 5 |
	awk '{ size = $1; sub(/^[0-9]+ /, ""); printf "%s%s (%d bytes)", sep, $0, size; sep = ", " }')
echo "error: $obj: $size bytes of static per-CPU data, over the $reserve bytes that all" \
	"modules share (PERCPU_MODULE_RESERVE): insmod would fail with ENOMEM." \
	"Largest: $largest. Make the big ones kpcpu::DynamicPerCpu." >&2
exit 1
