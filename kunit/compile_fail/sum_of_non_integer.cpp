// expect: kpcpu::sum\(\) adds up integer per-CPU variables
#include <kpcpu/kpcpu.h>
struct Pair {
	long a, b;
};
#ifdef KPCPU_CONTROL
KPCPU_DEFINE_PER_CPU(long, values, 0);
#else
KPCPU_DEFINE_PER_CPU(Pair, values);
#endif
void misuse()
{
	(void)kpcpu::sum(values);
}
