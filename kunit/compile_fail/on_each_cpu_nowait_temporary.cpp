// expect: without waiting the callable must outlive the calls
#include <kpcpu/kpcpu.h>
void misuse()
{
#ifdef KPCPU_CONTROL
	static auto hello = [] {};
	kpcpu::on_each_cpu(hello, kpcpu::Wait::no);
#else
	kpcpu::on_each_cpu([] {}, kpcpu::Wait::no);
#endif
}
