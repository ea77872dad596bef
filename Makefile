# SPDX-License-Identifier: GPL-2.0
#
# Convenience targets around kbuild (the module list is in ./Kbuild).
#
#	make                      build for the running kernel
#	make KDIR=/path/to/build  build for another kernel build tree
#	make check                sparse over the C files (0 warnings expected)
#	make clean
#
# The full test suite and the QEMU demo are scripts/test.sh and
# scripts/run-sample.sh (see README.md).

KDIR ?= /lib/modules/$(shell uname -r)/build

all: modules

modules clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $@

check:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 CHECK=sparse modules

.PHONY: all modules clean check
