// expect: use of deleted function .kpcpu::NoWaitCalls<F>::NoWaitCalls\(const kpcpu::NoWaitCalls<F>&\)
// A copy would destroy its callable without waiting for the calls it made.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
void misuse(long step)
{
	auto add = [step] { counter.num().add(step); };
	kpcpu::NoWaitCalls calls(add);
	calls.run(kpcpu::Wait::no);
#ifndef KPCPU_CONTROL
	auto copy = calls;
	copy.run(kpcpu::Wait::no);
#endif
}
