// expect: a LocalLockGuard unlocks when it goes: keep it in a variable
// A lock() whose guard is dropped at once protects nothing.
#include <kpcpu/kpcpu.h>
long misuse(const kpcpu::LocalLocked<long> &locked)
{
#ifdef KPCPU_CONTROL
	auto guard = locked.lock();
#else
	locked.lock();
	auto guard = locked.lock_irqsave();
#endif
	return guard.with([](long &v) { return ++v; });
}
