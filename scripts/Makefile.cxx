# SPDX-License-Identifier: GPL-2.0
#
# C++ objects in kbuild modules.
#
# Include this from a module's Kbuild file. It adds a rule that builds
# foo.o from foo.cpp with the *target kernel's own* code-generation flags:
# the C flags kbuild would use for foo.c (so -mcmodel=kernel, -mno-red-zone,
# retpoline, return thunks, SLS hardening, the stack protector and
# -pg/-mfentry follow whatever the kernel was configured with), minus
#  - the options the C++ compiler itself reports as C-only (asked once per
#    build, so a new C-only warning flag in a future kernel is dropped too),
#  - every kernel include path and forced include: C++ code cannot reach the
#    kernel's headers at all, only the generated autoconf.h and version.h,
# plus the C++ dialect options below.
#
# Like kbuild's own C rule it records the command line and the header
# dependencies in .foo.o.cmd (fixdep), runs objtool, and then checks the
# object: no global constructors, no reference to a C++ runtime symbol
# that kpcpu's runtime (src/cxx_runtime.cpp) does not define, and static
# per-CPU data within the space all modules share. That last check also
# runs on every module linked from several objects, on the whole module.
#
# Usage, in a module's Kbuild, with kpcpu vendored in ./kpcpu:
#	include $(src)/kpcpu/scripts/Makefile.cxx
#	obj-m := mymod.o
#	mymod-y := main.o $(kpcpu-lib-y)
# or with kpcpu installed ("make install": /usr/src/kpcpu-<version>):
#	KPCPU_DIR ?= /usr/src/kpcpu-<version>
#	include $(KPCPU_DIR)/scripts/Makefile.cxx
#	...
# This file works out where kpcpu is from its own path, and adds kpcpu's
# include directory to the module's C and C++ flags.

# kpcpu's tree: the directory above this file's, as the Kbuild that
# included it named it (the last makefile read so far is this one).
kpcpu-home := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
kpcpu-src-abs := $(abspath $(src))

ifeq ($(wildcard $(kpcpu-home)/src/cxx_runtime.cpp $(kpcpu-home)/include/kpcpu/kpcpu.h),)
$(error kpcpu: $(kpcpu-home) is not a kpcpu tree (no src/cxx_runtime.cpp or include/kpcpu/kpcpu.h): include scripts/Makefile.cxx from the kpcpu tree itself, e.g. "include $$(src)/kpcpu/scripts/Makefile.cxx" for a copy in ./kpcpu, or "include /usr/src/kpcpu-<version>/scripts/Makefile.cxx" for an installed one)
endif

# kpcpu-dir: where kpcpu's objects go, relative to the module's directory
# (empty when they are the same). kbuild builds objects only under the
# module's directory: a kpcpu inside it (vendored) is built in place; an
# installed one (outside, read-only) has its runtime sources copied into
# kpcpu-runtime/ of the module's build.
ifeq ($(kpcpu-home),$(kpcpu-src-abs))
kpcpu-auto-dir :=
else ifneq ($(filter $(kpcpu-src-abs)/%,$(kpcpu-home)),)
kpcpu-auto-dir := $(patsubst $(kpcpu-src-abs)/%,%,$(kpcpu-home))
else
kpcpu-installed := y
kpcpu-auto-dir := kpcpu-runtime
endif

# A kpcpu-dir set by the Kbuild (older versions needed it) must agree.
ifneq ($(origin kpcpu-dir),undefined)
ifneq ($(strip $(kpcpu-dir)),$(if $(kpcpu-installed),,$(kpcpu-auto-dir)))
$(error kpcpu: kpcpu-dir is "$(kpcpu-dir)", but this Makefile.cxx is in $(kpcpu-home)/scripts, $(if $(kpcpu-installed),outside the module ($(src)): delete the kpcpu-dir line,so kpcpu is in "$(kpcpu-auto-dir)" under the module ($(src)): delete the kpcpu-dir line (it is worked out now) or set kpcpu-dir := $(kpcpu-auto-dir)))
endif
endif
kpcpu-dir := $(kpcpu-auto-dir)
kpcpu-prefix := $(if $(kpcpu-dir),$(kpcpu-dir)/)

# The C glue (and any C file of the module) includes kpcpu's headers too.
ccflags-y += -I$(kpcpu-home)/include

# The kpcpu objects every C++ module links: the C++ runtime and the C glue.
kpcpu-lib-y := $(kpcpu-prefix)src/cxx_runtime.o $(kpcpu-prefix)src/kernel_glue.o
# ... and the glue of kpcpu::LocalLocked, PerCpuCounter and PerCpuRef.
kpcpu-glue-extra := local_lock_glue percpu_counter_glue percpu_ref_glue
kpcpu-lib-y += $(addprefix $(kpcpu-prefix)src/,$(addsuffix .o,$(kpcpu-glue-extra)))

# An installed kpcpu: its runtime sources are copied into the module's
# build (kbuild compiles only files under the module's directory).
ifeq ($(kpcpu-installed),y)
kpcpu-runtime-src := $(addprefix $(src)/$(kpcpu-prefix)src/,cxx_runtime.cpp kernel_glue.c kernel_facts.c \
	$(addsuffix .c,$(kpcpu-glue-extra)))
quiet_cmd_kpcpu_copy = COPY    $@
      cmd_kpcpu_copy = mkdir -p $(dir $@) && cp $< $@
$(kpcpu-runtime-src): $(src)/$(kpcpu-prefix)src/%: $(kpcpu-home)/src/%
	$(call cmd,kpcpu_copy)
endif

KPCPU_CXX ?= $(CROSS_COMPILE)g++

# Pinned dialect; freestanding, no exceptions, no RTTI, no thread-safe
# statics (they need __cxa_guard_*), no C++ library headers.
kpcpu-cxx-dialect := -std=gnu++20 -ffreestanding -nostdinc++ -fno-exceptions \
	-fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit

# KPCPU_DEBUG=y turns on kpcpu's debug checks (include/kpcpu/debug.h) on a
# kernel without CONFIG_DEBUG_PREEMPT.
kpcpu-cxx-dialect += $(if $(filter y,$(KPCPU_DEBUG)),-DKPCPU_DEBUG)
# KPCPU_GENERIC_PERCPU=y makes num() use the generic, interrupts-off path
# (include/kpcpu/arch/generic/percpu_numeric.h) instead of %gs instructions.
kpcpu-cxx-dialect += $(if $(filter y,$(KPCPU_GENERIC_PERCPU)),-DKPCPU_GENERIC_PERCPU)

# What C++ must know about the kernel beyond autoconf.h (where the preempt
# count lives, the per-CPU reserve, gfp bits, ...) is read from the kernel at
# build time: kbuild compiles src/kernel_facts.c to assembly with the
# kernel's headers and flags, like the kernel's asm-offsets, and
# scripts/gen-kernel-facts.sh writes kpcpu_kernel_facts.h from it. Every
# object that includes it (the C++ objects, the glue) waits for it.
kpcpu-facts-s := $(kpcpu-prefix)src/kernel_facts.s
kpcpu-facts-dir := $(obj)/$(kpcpu-prefix)generated
kpcpu-facts-h := $(kpcpu-facts-dir)/kpcpu_kernel_facts.h
targets += $(kpcpu-facts-s)

quiet_cmd_kpcpu_facts = GEN     $@
      cmd_kpcpu_facts = $(CONFIG_SHELL) $(kpcpu-home)/scripts/gen-kernel-facts.sh $< $@

$(kpcpu-facts-h): $(obj)/$(kpcpu-facts-s) $(kpcpu-home)/scripts/gen-kernel-facts.sh
	$(call cmd,kpcpu_facts)

$(obj)/$(kpcpu-prefix)src/kernel_glue.o: | $(kpcpu-facts-h)
# (kbuild keys per-file flags by the path under the module, older ones by
# the file name: both, as a second -I of the same directory is harmless.)
CFLAGS_$(kpcpu-prefix)src/kernel_glue.o += -I$(kpcpu-facts-dir)
CFLAGS_kernel_glue.o += -I$(kpcpu-facts-dir)
$(addprefix $(obj)/$(kpcpu-prefix)src/,$(addsuffix .o,$(kpcpu-glue-extra))): | $(kpcpu-facts-h)
$(foreach g,$(kpcpu-glue-extra),$(eval CFLAGS_$(kpcpu-prefix)src/$(g).o += -I$(kpcpu-facts-dir)))
$(foreach g,$(kpcpu-glue-extra),$(eval CFLAGS_$(g).o += -I$(kpcpu-facts-dir)))

# pahole cannot encode C++ DWARF into BTF ("Unsupported DW_TAG_reference_type")
# and fails the whole module, so on kernels that give every module BTF
# (CONFIG_DEBUG_INFO_BTF_MODULES: Debian's 6.12) C++ objects carry no debug
# information; the module's BTF describes its C types, as BTF cannot describe
# C++ ones anyway. (A module's build cannot pass pahole --lang_exclude: that
# step runs outside its Kbuild.)
kpcpu-cxx-dialect += $(if $(CONFIG_DEBUG_INFO_BTF_MODULES),-g0)

# arm64: GCC turns the __atomic builtins kpcpu's C++ uses (reference
# counts of DynamicPerCpu's control block, test bookkeeping) into calls to
# libgcc's __aarch64_* helpers by default, which no kernel exports. The
# kernel's C never uses those builtins, so its flags do not say: inline
# exclusive loops (correct on every arm64 CPU) instead.
kpcpu-cxx-dialect += $(if $(CONFIG_ARM64),-mno-outline-atomics)

kpcpu-cxx-includes := -I$(objtree)/include/generated \
	-I$(objtree)/include/generated/uapi -I$(kpcpu-home)/include -I$(kpcpu-facts-dir)

# Ask the C++ compiler which of the kernel's C options it does not accept for
# C++ ("valid for C/ObjC but not for C++", "-Werror= argument ... not valid
# for C++"). Evaluated once per directory build.
kpcpu-cxx-c-only := $(shell LC_ALL=C $(KPCPU_CXX) $(KBUILD_CPPFLAGS) \
	$(KBUILD_CFLAGS) $(ccflags-y) -x c++ -fsyntax-only /dev/null 2>&1 | \
	sed -n "s/.*'\(-[^']*\)' is .*not.* for C++.*/\1/p")

# c_flags with "-include <file>" turned into one word so it can be dropped.
kpcpu-cxx-flags = $(filter-out $(kpcpu-cxx-c-only) -include=% -I% -isystem%, \
	$(subst -include ,-include=,$(strip $(c_flags)))) \
	$(kpcpu-cxx-dialect) $(kpcpu-cxx-includes) -fmacro-prefix-map=$(src)/= \
	$(KPCPU_CXXFLAGS) \
	$(CXXFLAGS_$(basetarget).o)

kpcpu-runtime-obj := $(obj)/$(kpcpu-prefix)src/cxx_runtime.o
kpcpu-check-cxx := $(CONFIG_SHELL) $(kpcpu-home)/scripts/check-cxx-object.sh
kpcpu-check-percpu := $(CONFIG_SHELL) $(kpcpu-home)/scripts/check-percpu-budget.sh

# The compiler's messages go through scripts/explain-cxx-errors.sh, which
# prints them and, when a kernel header was not found, says why and what to
# do instead.
kpcpu-cxx-stderr = $(dir $@).$(notdir $@).stderr
kpcpu-explain-cxx := $(CONFIG_SHELL) $(kpcpu-home)/scripts/explain-cxx-errors.sh

quiet_cmd_cxx_o_cpp = C++ $(quiet_modtag) $@
      cmd_cxx_o_cpp = $(KPCPU_CXX) $(kpcpu-cxx-flags) -c -o $@ $< \
		2>$(kpcpu-cxx-stderr) && rc=0 || rc=$$?; \
		$(kpcpu-explain-cxx) $(kpcpu-cxx-stderr) $$rc \
		$(cmd_objtool) ; \
		$(kpcpu-check-cxx) $@ $(kpcpu-runtime-obj) ; \
		$(kpcpu-check-percpu) $@ $(kpcpu-facts-h)

define rule_cxx_o_cpp
	$(call cmd_and_fixdep,cxx_o_cpp)
	$(call cmd,gen_objtooldep)
endef

# A module linked from several objects (kbuild's multi-object link, which
# this appends to for every object of the directory: it is used only for
# those modules): its whole .data..percpu against the shared reserve.
# Appended per pattern, so kbuild's own later definition stays the base.
# (";", not "&&": kbuild runs commands under "set -e", which a failure on
# the left of "&&" does not trigger.)
$(obj)/%.o: cmd_ld_multi_m += ; $(kpcpu-check-percpu) $@ $(kpcpu-facts-h)

# Every C++ object is checked against the runtime's symbols, so the runtime
# is built first; order-only, so that a change to the runtime does not
# recompile every object (modpost still rejects a symbol it stops defining).
$(kpcpu-runtime-obj): $(obj)/%.o: $(src)/%.cpp FORCE | $(kpcpu-facts-h)
	$(call if_changed_rule,cxx_o_cpp)

$(obj)/%.o: $(src)/%.cpp FORCE | $(kpcpu-runtime-obj) $(kpcpu-facts-h)
	$(call if_changed_rule,cxx_o_cpp)
