// expect: with\(\): the callable's result must be void or default-constructible
// with() returns R{} when it cannot lend the slot (an empty handle; with
// debug checks, a loan that would alias), on every kernel configuration,
// so the same code builds (or fails, with this message) everywhere.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
struct Snapshot {
	long value;
	explicit Snapshot(long v) : value(v) {}
#ifdef KPCPU_CONTROL
	Snapshot() : value(0) {}
#endif
};
long misuse()
{
	kpcpu::CpuGuard guard;
	return counter.get(guard).with([](long &v) { return Snapshot(v); }).value;
}
