// expect: larger than the 8 KiB all modules share for static per-CPU data
#include <kpcpu/kpcpu.h>
struct Buffer {
#ifdef KPCPU_CONTROL
	char bytes[512];
#else
	char bytes[9000];
#endif
};
KPCPU_DEFINE_PER_CPU(Buffer, buffers);
