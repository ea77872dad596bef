// expect: ignoring returned value of type .kpcpu::PerCpuRef::Ref., declared with attribute .nodiscard
#include <kpcpu/kpcpu.h>
void misuse(kpcpu::PerCpuRef &users)
{
#ifdef KPCPU_CONTROL
	if (auto ref = users.tryget())
		kpcpu_printk(KPCPU_KERN_INFO "got one\n");
#else
	users.tryget();
#endif
}
