// expect: use of deleted function .kpcpu::Cell<T>::Cell\(const kpcpu::Cell<T>&\)
// A copy of a per-CPU Cell is a second value, not a view of the first.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(kpcpu::Cell<long>, hits, kpcpu::Cell<long>(0));
long misuse()
{
	kpcpu::CpuGuard guard;
	return hits.get_checked(guard).with([](const kpcpu::Cell<long> &h) {
#ifdef KPCPU_CONTROL
		return h.get();
#else
		kpcpu::Cell<long> copy = h;
		return copy.get();
#endif
	});
}
