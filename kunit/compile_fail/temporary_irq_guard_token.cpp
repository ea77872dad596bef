// expect: a temporary IrqGuard enables interrupts again at the end of the expression
// first-error
// The guard is gone at the ';': the token would be used with interrupts on.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
long misuse()
{
#ifdef KPCPU_CONTROL
	kpcpu::IrqGuard guard;
	auto token = counter.get(guard);
#else
	auto token = counter.get(kpcpu::IrqGuard{});
#endif
	return token.with([](long &v) { return ++v; });
}
