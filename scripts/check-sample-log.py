#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check-sample-log.py <module.dmesg> <expected.txt> <online-cpus, e.g. 0-1>

Checks the kernel log of one kpcpu_sample.ko run against the expected lines:
every line present, in order, per-CPU lines once (or N times) for each online
CPU, nothing of the sample's out of place, and no "check failed" line.
Prints what it found and exits non-zero on any difference.
"""
import re
import sys


def cpus(spec):
    out = []
    for part in spec.split(','):
        lo, _, hi = part.partition('-')
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def main():
    log_path, expected_path, online = sys.argv[1:4]
    online = cpus(online)
    steps = []  # (fixed line) or (list of lines in any order)
    for raw in open(expected_path):
        line = raw.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        m = re.match(r'per-cpu (\d+): (.*)$', line)
        if m:
            steps.append(sorted(m.group(2).replace('{cpu}', str(c))
                                for c in online for _ in range(int(m.group(1)))))
        else:
            steps.append(line)

    known = {s for step in steps for s in ([step] if isinstance(step, str) else step)}
    log = [re.sub(r'^\[[ 0-9.]*\] ', '', l.rstrip('\n')) for l in open(log_path)]
    failed = [l for l in log if 'cxx percpu check failed' in l]
    sample = [l for l in log if l in known]

    problems = [f'check failed in the log: {l}' for l in failed]
    pos = 0
    for step in steps:
        if isinstance(step, str):
            got = sample[pos:pos + 1]
            if got != [step]:
                problems.append(f'expected "{step}", found {got[0] if got else "nothing"!r}')
                break
            pos += 1
        else:
            got = sorted(sample[pos:pos + len(step)])
            if got != step:
                problems.append(f'expected {len(step)} per-CPU lines like "{step[0]}", found {got}')
                break
            pos += len(step)
    if not problems and pos != len(sample):
        problems.append(f'unexpected extra sample lines: {sample[pos:]}')

    print(f'sample log: {pos} of {sum(1 if isinstance(s, str) else len(s) for s in steps)} '
          f'expected lines in order (online CPUs {online})')
    for p in problems:
        print(f'sample log: {p}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
