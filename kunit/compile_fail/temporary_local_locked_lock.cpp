// expect: lock\(\) of a temporary LocalLocked: the object and its per-CPU memory are freed
// first-error
// The object, and its per-CPU memory, is gone at the ';': the guard would
// unlock freed memory.
#include <kpcpu/kpcpu.h>
long misuse()
{
#ifdef KPCPU_CONTROL
	auto locked = kpcpu::LocalLocked<long>::with_value(1, kpcpu::gfp::kernel);
	auto guard = locked.lock();
#else
	auto guard = kpcpu::LocalLocked<long>::with_value(1, kpcpu::gfp::kernel).lock();
#endif
	return guard.with([](long &v) { return ++v; });
}
