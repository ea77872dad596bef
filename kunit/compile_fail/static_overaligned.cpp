// expect: the module loader aligns static per-CPU data to at most PAGE_SIZE
#include <kpcpu/kpcpu.h>
#ifdef KPCPU_CONTROL
struct alignas(4096) Page {
#else
struct alignas(8192) Page {
#endif
	char bytes[64];
};
KPCPU_DEFINE_PER_CPU(Page, pages);
