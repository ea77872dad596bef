// expect: num\(\) is for integer per-CPU variables
#include <kpcpu/kpcpu.h>
#ifdef KPCPU_CONTROL
KPCPU_DEFINE_PER_CPU(int, flags, 0);
#else
KPCPU_DEFINE_PER_CPU(bool, flags, false);
#endif
void misuse()
{
	flags.num().write(true);
}
