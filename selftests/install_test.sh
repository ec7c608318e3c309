#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install DESTDIR= PREFIX=/usr: the exact tree, a program built
# against the installed libsipc (shared, through sipc.pc) talks to the
# module, modprobe finds the installed module, and the systemd unit
# passes systemd-analyze verify.  (DKMS builds are checked on the host:
# make check-dkms.)
. "$(dirname "$0")/lib.sh"

TMP=$(mktemp -d)
DEST=$TMP/root
KVER=$(uname -r)
trap 'rm -rf "$TMP"' EXIT

tap_plan 5

# One line per path: "path/" for a directory, "path -> target" for a
# symbolic link, "path MODE" for a file.
tree() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while read -r f; do
		if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"
		elif [ -d "$f" ]; then echo "$f/"
		else echo "$f $(stat -c %a "$f")"; fi
	done)
}

expected() {
	cat <<-EOF
	./etc/
	./etc/sipc/
	./etc/sipc/learned.d/
	./etc/sipc/policy.d/
	./etc/sipc/policy.d/00-default.sipc 644
	./etc/sipc/sipc.conf 644
	./lib/
	./lib/modules/
	./lib/modules/$KVER/
	./lib/modules/$KVER/updates/
	./lib/modules/$KVER/updates/sipc.ko 644
	./usr/
	./usr/include/
	./usr/include/libsipc.h 644
	./usr/include/linux/
	./usr/include/linux/sipc.h 644
	./usr/include/sipc-policy.h 644
	./usr/lib/
	./usr/lib/libsipc.a 644
	./usr/lib/libsipc.so -> libsipc.so.0
	./usr/lib/libsipc.so.0 -> libsipc.so.0.1
	./usr/lib/libsipc.so.0.1 755
	./usr/lib/modules-load.d/
	./usr/lib/modules-load.d/sipc.conf 644
	./usr/lib/pkgconfig/
	./usr/lib/pkgconfig/sipc.pc 644
	./usr/lib/systemd/
	./usr/lib/systemd/system/
	./usr/lib/systemd/system/sipcd.service 644
	./usr/sbin/
	./usr/sbin/sipcctl 755
	./usr/sbin/sipcd 755
	./usr/share/
	./usr/share/man/
	./usr/share/man/man5/
	./usr/share/man/man5/sipc-policy.5 644
	./usr/share/man/man5/sipc.conf.5 644
	./usr/share/man/man8/
	./usr/share/man/man8/sipcctl.8 644
	./usr/share/man/man8/sipcd.8 644
	./usr/src/
	./usr/src/sipc-0.1/
	./usr/src/sipc-0.1/Kbuild 644
	./usr/src/sipc-0.1/dkms.conf 644
	./usr/src/sipc-0.1/include/
	./usr/src/sipc-0.1/include/uapi/
	./usr/src/sipc-0.1/include/uapi/linux/
	./usr/src/sipc-0.1/include/uapi/linux/sipc.h 644
	./usr/src/sipc-0.1/kernel/
	EOF
	# the module's sources, whatever files they are today
	(cd "$ROOT" && ls kernel/Kbuild kernel/*.c kernel/*.h kernel/*.S) |
		sed 's|^|./usr/src/sipc-0.1/|; s|$| 644|'
}

install_tree() {
	make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/usr KVER="$KVER" \
		>"$TMP/log" 2>&1 || { sed 's/^/# /' "$TMP/log"; return 1; }
	tree "$DEST" >"$TMP/got"
	expected | LC_ALL=C sort >"$TMP/want"
	diff "$TMP/want" "$TMP/got" | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ] || return 1
	grep -qx 'ExecStart=/usr/sbin/sipcd --foreground --config /etc/sipc/sipc.conf' \
		"$DEST/usr/lib/systemd/system/sipcd.service" &&
	grep -qx 'prefix=/usr' "$DEST/usr/lib/pkgconfig/sipc.pc" &&
	cmp -s "$DEST/lib/modules/$KVER/updates/sipc.ko" "$MODULE"
}
tap_result "make install DESTDIR PREFIX=/usr: the exact tree" install_tree

# A second install keeps the administrator's configuration.
keeps_config() {
	echo 'learn on' >>"$DEST/etc/sipc/sipc.conf"
	make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/usr KVER="$KVER" \
		>"$TMP/log" 2>&1 || return 1
	tail -n 1 "$DEST/etc/sipc/sipc.conf" | grep -qx 'learn on' &&
	[ "$(ls "$DEST/etc/sipc/policy.d")" = 00-default.sipc ]
}
tap_result "make install again keeps sipc.conf" keeps_config

# A program against the installed shared libsipc, through pkg-config.
libsipc_shared() {
	cat >"$TMP/p.c" <<-'EOF'
	#include <stdio.h>
	#include <libsipc.h>
	int main(void)
	{
		struct sipc_status st;
		struct sipc *h;
		char err[256];

		if (sipc_open(&h, err, sizeof(err)) || sipc_get_status(h, &st))
			return 1;
		printf("abi %u\n", st.abi_version);
		sipc_close(h);
		return 0;
	}
	EOF
	# shellcheck disable=SC2046
	PKG_CONFIG_SYSROOT_DIR=$DEST PKG_CONFIG_PATH=$DEST/usr/lib/pkgconfig \
		cc -o "$TMP/p" "$TMP/p.c" $(PKG_CONFIG_SYSROOT_DIR=$DEST \
		PKG_CONFIG_PATH=$DEST/usr/lib/pkgconfig pkg-config --cflags --libs sipc) \
		-Wl,-rpath,"$DEST/usr/lib" 2>&1 | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ] || return 1
	ldd "$TMP/p" | grep -q "libsipc.so.0 => $DEST/usr/lib/libsipc.so.0" ||
		{ ldd "$TMP/p" | sed 's/^/# /'; return 1; }
	[ "$("$TMP/p")" = "abi $(cat /sys/kernel/security/sipc/abi_version)" ]
}
tap_result "a program built with pkg-config sipc runs on the shared libsipc" libsipc_shared

# modprobe, with the installed tree as its root.
modprobe_installed() {
	local ret=0

	depmod -b "$DEST" "$KVER" || return 1
	sipc_unload || return 1
	modprobe -d "$DEST" sipc || ret=1
	sipc_loaded || ret=1
	grep -q "updates/sipc.ko" "$DEST/lib/modules/$KVER/modules.dep" || ret=1
	rmmod sipc
	insmod "$MODULE" inject=1 || { echo "# cannot reload $MODULE"; return 1; }
	return $ret
}
tap_result "modprobe loads the installed module" modprobe_installed

# The installed unit, with ExecStart pointed into DESTDIR (verify checks
# that it is executable) and the installed man pages on MANPATH (verify
# checks each Documentation= page).
unit_verify() {
	local rc

	mkdir -p "$TMP/unit"
	sed "s|^ExecStart=/usr/sbin/sipcd|ExecStart=$DEST/usr/sbin/sipcd|" \
		"$DEST/usr/lib/systemd/system/sipcd.service" >"$TMP/unit/sipcd.service"
	MANPATH=$DEST/usr/share/man systemd-analyze verify \
		"$TMP/unit/sipcd.service" >"$TMP/verify" 2>&1
	rc=$?
	sed 's/^/# /' "$TMP/verify"
	[ "$rc" = 0 ] && [ ! -s "$TMP/verify" ] || return 1
	# and how exposed it is, for the log
	systemd-analyze security --offline=true "$TMP/unit/sipcd.service" 2>/dev/null |
		tail -n 1 | sed 's/^/# /'
}
tap_result "systemd-analyze verify sipcd.service" unit_verify

tap_exit
