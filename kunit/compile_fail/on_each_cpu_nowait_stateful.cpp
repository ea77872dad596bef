// expect: on_each_cpu\(f, Wait::no\): f has state that may be destroyed before every CPU has run it
// A lambda with a capture, run without waiting: nothing keeps its state
// alive until every CPU has run it. Stateless ones are fine.
#include <kpcpu/kpcpu.h>
KPCPU_DEFINE_PER_CPU(long, counter, 0);
void misuse(long step)
{
#ifdef KPCPU_CONTROL
	(void)step;
	kpcpu::on_each_cpu([] { counter.num().add(2); }, kpcpu::Wait::no);
#else
	kpcpu::on_each_cpu([step] { counter.num().add(step); }, kpcpu::Wait::no);
#endif
}
