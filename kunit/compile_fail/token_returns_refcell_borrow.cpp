// expect: with\(\): the callable must return a value, not a reference, a pointer or a borrow
// A RefCell borrow taken inside the loan must end inside it.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(kpcpu::RefCell<kpcpu::u64>, totals, kpcpu::RefCell<kpcpu::u64>(0));
kpcpu::u64 misuse()
{
	kpcpu::CpuGuard guard;
#ifdef KPCPU_CONTROL
	return totals.get_checked(guard).with([](const kpcpu::RefCell<kpcpu::u64> &c) {
		auto r = c.borrow();
		return r ? *r : 0;
	});
#else
	auto escaped = totals.get_checked(guard).with([](const kpcpu::RefCell<kpcpu::u64> &c) {
		return c.borrow();
	});
	return *escaped;
#endif
}
