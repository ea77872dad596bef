# SPDX-License-Identifier: GPL-2.0
#
# Convenience targets around kbuild (the module list is in ./Kbuild).
#
#	make                      build for the running kernel
#	make KDIR=/path/to/build  build for another kernel build tree
#	make check                sparse over the C files (0 warnings expected)
#	make clean
#	make install              kpcpu for other modules' Kbuild files:
#	                          $(DESTDIR)$(PREFIX)/src/kpcpu-<version>/
#	                          (PREFIX=/usr by default; see README.md)
#	make uninstall
#
# The full test suite and the QEMU demo are scripts/test.sh and
# scripts/run-sample.sh (see README.md).

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr
DESTDIR ?=

# The version is dkms.conf's PACKAGE_VERSION: the one place it is written.
kpcpu-top := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
KPCPU_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\([^"]*\)"$$/\1/p' $(kpcpu-top)/dkms.conf)
ifeq ($(KPCPU_VERSION),)
$(error no PACKAGE_VERSION="..." line in $(kpcpu-top)/dkms.conf)
endif
kpcpu-install-dir = $(DESTDIR)$(PREFIX)/src/kpcpu-$(KPCPU_VERSION)

# What a module that includes the installed scripts/Makefile.cxx needs:
# the headers, the C++ rule and the scripts it runs, the runtime sources.
kpcpu-install-files := $(patsubst $(kpcpu-top)/%,%,$(sort $(shell find $(kpcpu-top)/include -name '*.h'))) \
	src/cxx_runtime.cpp src/kernel_glue.c src/kernel_facts.c \
	src/local_lock_glue.c src/percpu_counter_glue.c src/percpu_ref_glue.c \
	scripts/Makefile.cxx scripts/gen-kernel-facts.sh scripts/check-cxx-object.sh \
	scripts/check-percpu-budget.sh scripts/explain-cxx-errors.sh

all: modules

modules clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $@

check:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 CHECK=sparse modules

install:
	@set -e; cd $(kpcpu-top); for f in $(kpcpu-install-files); do \
		mode=644; case $$f in *.sh) mode=755 ;; esac; \
		install -D -m $$mode $$f $(kpcpu-install-dir)/$$f; \
	done
	@echo "kpcpu $(KPCPU_VERSION) installed in $(kpcpu-install-dir)"

uninstall:
	rm -rf $(kpcpu-install-dir)

version:
	@echo $(KPCPU_VERSION)

.PHONY: all modules clean check install uninstall version
