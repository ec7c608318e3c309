# SPDX-License-Identifier: GPL-2.0
#
# sipc top-level build.  `make` builds kernel/sipc.ko for the default
# kernel (Debian bookworm's 6.1) and the userspace programs; `make demo`
# and `make check` also install what they need (see README.md).

SIPC_ROOT := $(CURDIR)
# The default kernel: the newest installed 6.1 headers; override with
# KVER=<uname -r> or KDIR=<path to a configured kernel build tree>.
KVER ?= $(notdir $(patsubst %/,%,$(lastword $(sort $(dir $(wildcard /usr/src/linux-headers-6.1.*-amd64/Makefile))))))
KVER := $(patsubst linux-headers-%,%,$(KVER))
KDIR ?= /lib/modules/$(KVER)/build
# Every installed kernel the harness can boot: 6.1 and 6.12.
ALL_KVERS = $(patsubst /boot/vmlinuz-%,%,$(wildcard /boot/vmlinuz-6.1.* /boot/vmlinuz-6.12.*))

BUILD := build
CC ?= cc
CFLAGS ?= -O2 -g
SIPC_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -MMD -MP \
	-isystem $(SIPC_ROOT)/include/uapi

KSFT_DIR := $(BUILD)/ksft
KSFT_HDRS := $(KSFT_DIR)/kselftest_harness.h $(KSFT_DIR)/kselftest.h

# libnl's headers are not ours to keep warning-free: -isystem.
NL_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libnl-genl-3.0))
NL_LIBS := $(shell pkg-config --libs libnl-genl-3.0)

# libsipc (a static library) and sipcctl, built in build/userspace/.
US := $(BUILD)/userspace
LIBSIPC := $(US)/libsipc.a
# The policy compiler (userspace/policy/) is part of libsipc: sipcctl
# check and load use it, without the module.
POLICY_OBJS := $(patsubst userspace/policy/%.c,$(US)/obj/policy/%.o,$(wildcard userspace/policy/*.c))
LIBSIPC_OBJS := $(US)/obj/lib/libsipc.o $(POLICY_OBJS)
# The compiler's host-side test program (userspace/policy/tests/run).
POLICY_TEST := $(US)/policy-test
# The blob fuzzer's host side: the checker against the dumper.
FUZZ_BLOB_HOST := $(US)/fuzz-blob
# json-c: every JSON sipcd and sipcctl learn read or write.
JSON_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags json-c))
JSON_LIBS := $(shell pkg-config --libs json-c)
# What sipcd and sipcctl learn share: sipc.conf and the proposals file.
SIPCD_SHARED_OBJS := $(US)/obj/sipcd/conf.o $(US)/obj/sipcd/proposals.o
SIPCCTL := $(US)/sipcctl
SIPCCTL_OBJS := $(patsubst userspace/sipcctl/%.c,$(US)/obj/sipcctl/%.o,$(wildcard userspace/sipcctl/*.c)) \
	$(SIPCD_SHARED_OBJS)
SIPCD := $(US)/sipcd
SIPCD_OBJS := $(patsubst userspace/sipcd/%.c,$(US)/obj/sipcd/%.o,$(wildcard userspace/sipcd/*.c))

SELFTESTS := $(patsubst selftests/%.c,$(BUILD)/selftests/%,$(wildcard selftests/*_test.c))
TOOLS := $(BUILD)/tools/ipc-load $(BUILD)/tools/bench-ipc
TOOLS += $(BUILD)/tools/bench-seal

.PHONY: all module modules userspace deps check check-policy demo bench fuzz lint clean FORCE \
	install check-dkms

all: module userspace

# The module is built out of tree in build/<kver>/, a tree of symlinks to
# the sources, so that builds for several kernels never share objects.
module: $(BUILD)/$(KVER)/kernel/sipc.ko
	cp $< kernel/sipc.ko

modules: $(foreach k,$(ALL_KVERS),$(BUILD)/$(k)/kernel/sipc.ko)

$(BUILD)/%/kernel/sipc.ko: FORCE
	@test -d "$(if $(filter $*,$(KVER)),$(KDIR),/lib/modules/$*/build)" || \
		{ echo "no kernel headers for $* (run: make deps)" >&2; exit 1; }
	@mkdir -p $(BUILD)/$*/kernel
	@ln -sfn ../../Kbuild $(BUILD)/$*/Kbuild
	@for f in kernel/Kbuild kernel/*.c kernel/*.h kernel/*.S; do \
		ln -sfn ../../../$$f $(BUILD)/$*/$$f; done
	$(MAKE) -C "$(if $(filter $*,$(KVER)),$(KDIR),/lib/modules/$*/build)" \
		M=$(SIPC_ROOT)/$(BUILD)/$* SIPC_ROOT=$(SIPC_ROOT) W=1 modules

userspace: $(LIBSIPC) $(LIBSIPC_SO) $(US)/sipc.pc $(SIPCCTL) $(SIPCD) $(POLICY_TEST) $(FUZZ_BLOB_HOST) \
	$(SELFTESTS) $(TOOLS)

$(US)/obj/lib/%.o: userspace/lib/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) $(NL_CFLAGS) -c -o $@ $<

$(US)/obj/policy/%.o: userspace/policy/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) -c -o $@ $<

$(POLICY_TEST): userspace/policy/tests/policy-test.c $(LIBSIPC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) -Iuserspace/policy -o $@ $< $(LIBSIPC)

$(FUZZ_BLOB_HOST): userspace/policy/tests/fuzz-blob.c selftests/fuzz_blob.h \
		$(LIBSIPC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) -Iuserspace/policy -o $@ $< $(LIBSIPC)

$(LIBSIPC): $(LIBSIPC_OBJS)
	$(AR) rcs $@ $^

$(US)/sipc.pc: userspace/lib/sipc.pc
	@mkdir -p $(dir $@)
	cp $< $@

# The shared libsipc: the same sources, position-independent.
VERSION := 0.1
LIBSIPC_SO := $(US)/libsipc.so.$(VERSION)
LIBSIPC_SONAME := libsipc.so.0
LIBSIPC_PIC_OBJS := $(patsubst $(US)/obj/%,$(US)/pic/%,$(LIBSIPC_OBJS))

$(US)/pic/lib/%.o: userspace/lib/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC $(SIPC_CFLAGS) $(NL_CFLAGS) -c -o $@ $<

$(US)/pic/policy/%.o: userspace/policy/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC $(SIPC_CFLAGS) -c -o $@ $<

$(LIBSIPC_SO): $(LIBSIPC_PIC_OBJS)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(LIBSIPC_SONAME) -Wl,--no-undefined \
		-o $@ $^ $(NL_LIBS)

$(US)/obj/sipcctl/%.o: userspace/sipcctl/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) $(JSON_CFLAGS) -Iuserspace/lib \
		-Iuserspace/policy -Iuserspace/sipcd -c -o $@ $<

$(SIPCCTL): $(SIPCCTL_OBJS) $(LIBSIPC)
	$(CC) $(CFLAGS) -o $@ $(SIPCCTL_OBJS) $(LIBSIPC) $(NL_LIBS) $(JSON_LIBS) \
		-lauparse -lcrypto

$(US)/obj/sipcd/%.o: userspace/sipcd/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) $(JSON_CFLAGS) -Iuserspace/lib \
		-Iuserspace/policy -c -o $@ $<

$(SIPCD): $(SIPCD_OBJS) $(LIBSIPC)
	$(CC) $(CFLAGS) -o $@ $(SIPCD_OBJS) $(LIBSIPC) $(NL_LIBS) $(JSON_LIBS)

# kselftest_harness.h comes from Debian's kernel source package, unpacked
# once; it is not kept in our tree.
$(KSFT_HDRS) $(BUILD)/lint/checkpatch.pl &:
	tools/extract-linux-source $(BUILD)

$(BUILD)/selftests/%: selftests/%.c selftests/common.h $(KSFT_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) -isystem $(KSFT_DIR) -o $@ $< -lpthread -lrt

# The fuzzers compile policies with libsipc and judge them with its dumper.
$(BUILD)/selftests/fuzz_%: selftests/fuzz_%.c selftests/fuzz_blob.h \
		selftests/fuzz_nl.h selftests/common.h $(KSFT_HDRS) $(LIBSIPC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) -isystem $(KSFT_DIR) -Iuserspace/policy \
		-o $@ $< $(LIBSIPC) -lpthread -lrt

$(BUILD)/tools/%: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) -o $@ $< -lrt

# bench-seal's round trip seals and opens through libsipc.
$(BUILD)/tools/bench-seal: tools/bench-seal.c $(LIBSIPC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SIPC_CFLAGS) -Iuserspace/lib -o $@ $< $(LIBSIPC) \
		$(NL_LIBS) -lrt

deps:
	@tools/deps

# Every test, counted in one line: tools/check runs the host's (the
# policy compiler, DKMS builds) and then the guests'.
check: deps
	$(MAKE) modules userspace
	tools/check

# The compiler's tests alone: on the host, no guest, no module.
check-policy: $(POLICY_TEST) $(SIPCCTL) $(FUZZ_BLOB_HOST)
	userspace/policy/tests/run

demo: deps
	$(MAKE) all
	tools/demo

# Ratios to the plain kernel under QEMU -icount; KERNEL=6.12 for the other.
bench: deps
	$(MAKE) modules userspace
	tools/bench --kernel $(or $(KERNEL),6.1)

# The fuzzers, for longer than make check runs them, in a guest of
# KERNEL=6.1|6.12: FUZZ_ITERS iterations or FUZZ_SECONDS seconds each,
# whichever ends first; SIPC_FUZZ_SEED=S replays a seed.  The host's
# fuzz-blob runs FUZZ_ITERS too.  See Documentation/fuzzing.rst.
FUZZ_ITERS ?= 1000000
FUZZ_SECONDS ?= 600
fuzz: deps
	$(MAKE) modules userspace
	SIPC_FUZZ_ITERS=$(FUZZ_ITERS) \
		$(if $(SIPC_FUZZ_SEED),SIPC_FUZZ_SEED=$(SIPC_FUZZ_SEED)) $(FUZZ_BLOB_HOST)
	tools/vm-run --kernel $(or $(KERNEL),6.1) --param inject=1 \
		--timeout $$((2 * $(FUZZ_SECONDS) + 600)) -- env \
		SIPC_FUZZ_ITERS=$(FUZZ_ITERS) SIPC_FUZZ_SECONDS=$(FUZZ_SECONDS) \
		$(if $(SIPC_FUZZ_SEED),SIPC_FUZZ_SEED=$(SIPC_FUZZ_SEED)) \
		sh -c 'build/selftests/fuzz_blob_test; b=$$?; \
		build/selftests/fuzz_genl_test; g=$$?; exit $$((b | g))'

# make install [DESTDIR=...] [PREFIX=/usr/local] [KVER=...]: what `make`
# built (the module for KVER, which must be built already), the DKMS
# source, the unit, the configuration (kept when there is one), man pages.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
UNITDIR ?= $(LIBDIR)/systemd/system
MODULESLOADDIR ?= $(LIBDIR)/modules-load.d
DKMSDIR ?= /usr/src/sipc-$(VERSION)
MODDIR ?= /lib/modules/$(KVER)/updates
SIPC_MANS := userspace/man/sipcctl.8 userspace/man/sipcd.8 \
	userspace/man/sipc.conf.5 userspace/man/sipc-policy.5
INSTALL ?= install

install: $(LIBSIPC) $(LIBSIPC_SO) $(SIPCCTL) $(SIPCD)
	@test -f $(BUILD)/$(KVER)/kernel/sipc.ko || \
		{ echo "install: no $(BUILD)/$(KVER)/kernel/sipc.ko: run make first" >&2; exit 1; }
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCLUDEDIR)/linux $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(MODULESLOADDIR) $(DESTDIR)$(MODDIR) \
		$(DESTDIR)$(SYSCONFDIR)/sipc/policy.d \
		$(DESTDIR)$(SYSCONFDIR)/sipc/learned.d \
		$(DESTDIR)$(DKMSDIR)/kernel $(DESTDIR)$(DKMSDIR)/include/uapi/linux
	$(INSTALL) -m 755 $(SIPCCTL) $(SIPCD) $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 644 $(LIBSIPC) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 755 $(LIBSIPC_SO) $(DESTDIR)$(LIBDIR)/
	ln -sfn libsipc.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(LIBSIPC_SONAME)
	ln -sfn $(LIBSIPC_SONAME) $(DESTDIR)$(LIBDIR)/libsipc.so
	sed -e 's|^prefix=.*|prefix=$(PREFIX)|' -e 's|^includedir=.*|includedir=$(INCLUDEDIR)|' \
		-e 's|^libdir=.*|libdir=$(LIBDIR)|' userspace/lib/sipc.pc \
		>$(DESTDIR)$(LIBDIR)/pkgconfig/sipc.pc
	$(INSTALL) -m 644 userspace/lib/libsipc.h userspace/policy/sipc-policy.h \
		$(DESTDIR)$(INCLUDEDIR)/
	$(INSTALL) -m 644 include/uapi/linux/sipc.h $(DESTDIR)$(INCLUDEDIR)/linux/
	$(INSTALL) -m 644 $(filter %.5,$(SIPC_MANS)) $(DESTDIR)$(MANDIR)/man5/
	$(INSTALL) -m 644 $(filter %.8,$(SIPC_MANS)) $(DESTDIR)$(MANDIR)/man8/
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		dist/sipcd.service.in >$(DESTDIR)$(UNITDIR)/sipcd.service
	$(INSTALL) -m 644 dist/modules-load.conf $(DESTDIR)$(MODULESLOADDIR)/sipc.conf
	$(INSTALL) -m 644 $(BUILD)/$(KVER)/kernel/sipc.ko $(DESTDIR)$(MODDIR)/
	test -e $(DESTDIR)$(SYSCONFDIR)/sipc/sipc.conf || \
		$(INSTALL) -m 644 dist/sipc.conf $(DESTDIR)$(SYSCONFDIR)/sipc/
	test -n "$$(ls -A $(DESTDIR)$(SYSCONFDIR)/sipc/policy.d)" || \
		$(INSTALL) -m 644 dist/00-default.sipc $(DESTDIR)$(SYSCONFDIR)/sipc/policy.d/
	sed 's|@VERSION@|$(VERSION)|g' dist/dkms.conf.in >$(DESTDIR)$(DKMSDIR)/dkms.conf
	$(INSTALL) -m 644 Kbuild $(DESTDIR)$(DKMSDIR)/
	$(INSTALL) -m 644 kernel/Kbuild kernel/*.c kernel/*.h kernel/*.S $(DESTDIR)$(DKMSDIR)/kernel/
	$(INSTALL) -m 644 include/uapi/linux/sipc.h $(DESTDIR)$(DKMSDIR)/include/uapi/linux/
	$(if $(DESTDIR),,depmod $(KVER))

# DKMS builds the module from the installed source for every installed
# kernel's headers, in a scratch tree (nothing of the host's DKMS state).
check-dkms:
	dist/check-dkms $(ALL_KVERS)

lint: deps
	$(MAKE) $(BUILD)/lint/checkpatch.pl
	tools/lint

clean:
	rm -rf $(BUILD) kernel/sipc.ko

FORCE:

-include $(wildcard $(BUILD)/selftests/*.d $(BUILD)/tools/*.d \
	$(US)/obj/*/*.d $(US)/*.d)
