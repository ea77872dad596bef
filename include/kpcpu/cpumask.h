/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpcpu::CpuMaskView - read-only views of the kernel's CPU masks.
 *
 * possible_cpus() (every CPU that can ever come online: the CPUs with a
 * per-CPU area), present_cpus(), online_cpus(), active_cpus(). Iteration,
 * count() and contains() look only at the first nr_cpu_ids bits, and an
 * out-of-range CPU is simply "not contained": no WARN, even with
 * CONFIG_DEBUG_PER_CPU_MAPS.
 *
 *	KPCPU_DEFINE_PER_CPU(long, cpumask_counter, 0);
 *
 *	long cpumask_example()
 *	{
 *		long total = 0;
 *		for (unsigned int cpu : kpcpu::possible_cpus())
 *			total += *cpumask_counter.ptr().remote_ptr(cpu);
 *		if (kpcpu::online_cpus().contains(3))
 *			kpcpu_printk(KPCPU_KERN_INFO "CPU 3 is online\n");
 *		unsigned int n = kpcpu::online_cpus().count();
 *		kpcpu_printk(KPCPU_KERN_INFO "%ld over %u online CPUs\n", total, n);
 *		return total;
 *	}
 *
 * The online and active masks change under CPU hotplug; like the kernel's
 * for_each_online_cpu() without cpus_read_lock(), a walk sees each word of
 * the mask at one moment. The possible mask is fixed after boot.
 */
#ifndef KPCPU_CPUMASK_H
#define KPCPU_CPUMASK_H

#include <kpcpu/kernel_api.h>

namespace kpcpu {

class CpuMaskView {
public:
	static constexpr unsigned int bits_per_word = 8 * sizeof(unsigned long);

	constexpr explicit CpuMaskView(const kpcpu_cpumask &mask) : mask_(&mask) {}

	bool contains(unsigned int cpu) const
	{
		return cpu < nr_cpu_ids && (word(cpu / bits_per_word) >> (cpu % bits_per_word)) & 1;
	}

	unsigned int count() const
	{
		unsigned int n = 0;

		for (unsigned int i = 0; i * bits_per_word < nr_cpu_ids; i++)
			n += popcount(word(i) & valid_bits(i));
		return n;
	}

	class Iterator {
	public:
		Iterator(const CpuMaskView *view, unsigned int cpu) : view_(view), cpu_(cpu) {}
		unsigned int operator*() const { return cpu_; }
		Iterator &operator++()
		{
			cpu_ = view_->next_from(cpu_ + 1);
			return *this;
		}
		bool operator!=(const Iterator &other) const { return cpu_ != other.cpu_; }

	private:
		const CpuMaskView *view_;
		unsigned int cpu_;
	};

	Iterator begin() const { return Iterator(this, next_from(0)); }
	Iterator end() const { return Iterator(this, nr_cpu_ids); }

	/* The first CPU >= @cpu in the mask, or nr_cpu_ids. */
	unsigned int next_from(unsigned int cpu) const
	{
		while (cpu < nr_cpu_ids) {
			unsigned int i = cpu / bits_per_word;
			unsigned long bits = word(i) & valid_bits(i) & (~0ul << (cpu % bits_per_word));

			if (bits)
				return i * bits_per_word + __builtin_ctzl(bits);
			cpu = (i + 1) * bits_per_word;
		}
		return nr_cpu_ids;
	}

private:
	/* One load per word (READ_ONCE): hotplug may change it under us. */
	unsigned long word(unsigned int i) const { return __atomic_load_n(&mask_->bits[i], __ATOMIC_RELAXED); }

	/* Without -mpopcnt, __builtin_popcountl() calls libgcc, which modules lack. */
	static unsigned int popcount(unsigned long w)
	{
		w -= (w >> 1) & 0x5555555555555555ul;
		w = (w & 0x3333333333333333ul) + ((w >> 2) & 0x3333333333333333ul);
		w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0ful;
		return (w * 0x0101010101010101ul) >> 56;
	}

	/* The bits of word @i below nr_cpu_ids. */
	static unsigned long valid_bits(unsigned int i)
	{
		unsigned int left = nr_cpu_ids - i * bits_per_word;

		return left >= bits_per_word ? ~0ul : (1ul << left) - 1;
	}

	const kpcpu_cpumask *mask_;
};

inline CpuMaskView possible_cpus() { return CpuMaskView(__cpu_possible_mask); }
inline CpuMaskView present_cpus() { return CpuMaskView(__cpu_present_mask); }
inline CpuMaskView online_cpus() { return CpuMaskView(__cpu_online_mask); }
inline CpuMaskView active_cpus() { return CpuMaskView(__cpu_active_mask); }

} // namespace kpcpu

#endif /* KPCPU_CPUMASK_H */
