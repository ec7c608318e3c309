#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Remote collection: the guest's auditd ships its events with
# audisp-remote over loopback to a second auditd (local_events = no,
# listening on TCP port 60, its own log); the collector's copy holds the
# same sipc records, and sipcctl audit verify passes on it, checked
# against the module's own chain head.  The guest's audit setup is put
# back as it was afterwards.
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
C=/tmp/sipc-audit-remote.$$
RLOG=$C/log/audit.log
LOG=/var/log/audit/audit.log
PLUGIN=/etc/audit/plugins.d/au-remote.conf
REMOTE=/etc/audit/audisp-remote.conf

if ! auditctl -s 2>/dev/null | grep -q '^pid [1-9]' ||
   [ ! -x /sbin/audisp-remote ] || [ ! -f "$PLUGIN" ]; then
	echo "1..0 # SKIP needs a running auditd and audisp-remote (audispd-plugins)"
	exit 0
fi
tap_plan 5

mkdir -p "$C/log" /var/spool/audit
cp "$PLUGIN" "$C/plugin.saved"
cp "$REMOTE" "$C/remote.saved"
COLLECTOR=

kernel_auditd() {
	auditctl -s | sed -n 's/^pid //p'
}

restart_auditd() {
	local pid

	pid=$(kernel_auditd)
	[ -n "$pid" ] && [ "$pid" != 0 ] && kill -TERM "$pid"
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	auditd
	for _ in $(seq 100); do
		[ "$(kernel_auditd)" -gt 0 ] 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

cleanup() {
	cp "$C/plugin.saved" "$PLUGIN"
	cp "$C/remote.saved" "$REMOTE"
	restart_auditd
	[ -n "$COLLECTOR" ] && kill -TERM "$COLLECTOR" 2>/dev/null
	rm -rf "$C"
	sipc_loaded || insmod "$MODULE" inject=1
}
trap cleanup EXIT

setup() {
	rmmod sipc || return 1
	sed -e "s|^log_file.*|log_file = $RLOG|" \
	    -e 's|^local_events.*|local_events = no|' \
	    -e '/^#* *tcp_listen_port/d' -e '/^tcp_client_ports/d' \
	    /etc/audit/auditd.conf >"$C/auditd.conf"
	printf 'tcp_listen_port = 60\ntcp_client_ports = 1-65535\n' >>"$C/auditd.conf"
	mkdir -p "$C/plugins.d"
	auditd -c "$C" || return 1
	for _ in $(seq 50); do
		ss -ltn | grep -q ':60 ' && break
		sleep 0.1
	done
	COLLECTOR=$(pgrep -n -f "^auditd -c $C")
	ss -ltn | grep -q ':60 ' || { echo "# the collector does not listen"; return 1; }
	sed -i 's|^active.*|active = yes|' "$PLUGIN"
	sed -i 's|^remote_server.*|remote_server = 127.0.0.1|' "$REMOTE"
	restart_auditd || { echo "# auditd did not come back"; return 1; }
	insmod "$MODULE" inject=1 audit_checkpoint_secs=1
}
tap_result "a collector on port 60, auditd shipping to it, a fresh chain" setup

# Some records: policy loads and mode changes, sealed every second.
cat >"$C/p.sipc" <<EOF
mode enforce;
role lonely { match exe "$C/nothing/*"; }
EOF
for _ in 1 2 3; do
	"$SIPCCTL" load "$C/p.sipc" >/dev/null
	"$SIPCCTL" mode lonely permissive >/dev/null
	"$SIPCCTL" mode lonely global >/dev/null
	sleep 1.5
done

sipc_lines() {
	grep 'type=KERNEL_OTHER' "$1" | sed 's/.*msg=audit([^)]*): //; s/\x1d.*//'
}

# Both logs end with the module's last record (seq = the head's).
arrived() {
	sleep 1
	local seq

	seq=$(grep 'type=KERNEL_OTHER' "$LOG" | tail -n 1 | sed -n 's/.* seq=\([0-9]*\) .*/\1/p')
	for _ in $(seq 100); do
		[ -s "$RLOG" ] &&
			[ "$(sipc_lines "$RLOG" | tail -n 1 | sed -n 's/.* seq=\([0-9]*\) .*/\1/p')" = "$seq" ] &&
			return 0
		sleep 0.1
	done
	echo "# the collector has:"
	tail -n 3 "$RLOG" | sed 's/^/# /'
	return 1
}
tap_result "the records reach the collector" arrived

same_records() {
	local boot

	boot=$(grep 'op=module event=load' "$LOG" | tail -n 1 |
	       sed -n 's/.* boot=\([0-9a-f]*\).*/\1/p')
	sipc_lines "$LOG" | sed -n "/^op=module event=load boot=$boot/,\$p" >"$C/local"
	sipc_lines "$RLOG" >"$C/remote"
	[ "$(grep -c 'op=checkpoint' "$C/remote")" -ge 2 ] ||
		{ echo "# fewer than 2 checkpoints:"; sed 's/^/# /' "$C/remote"; return 1; }
	cmp -s "$C/local" "$C/remote" ||
		{ diff "$C/local" "$C/remote" | head -n 6 | sed 's/^/# /'; return 1; }
}
tap_result "the collector's sipc records are the local ones" same_records

verify_remote() {
	"$SIPCCTL" audit verify "$RLOG" >"$C/verify" 2>&1 &&
		grep -q '[1-9][0-9]* MACs checked by the module): ok$' "$C/verify" &&
		echo "# $(tail -n 1 "$C/verify")" ||
		{ sed 's/^/# /' "$C/verify"; return 1; }
}
tap_result "sipcctl audit verify passes on the collector's copy" verify_remote

verify_remote_edited() {
	local l

	cp "$RLOG" "$C/edited"
	l=$(grep -n 'op=mode sipc_mode=global' "$C/edited" | head -n 1 | cut -d: -f1)
	sed -i "${l}s/sipc_mode=global/sipc_mode=enforce/" "$C/edited"
	! "$SIPCCTL" audit verify "$C/edited" >"$C/verify" 2>&1 &&
		grep -q "^$C/edited:$l: seq [0-9]*: record does not hash" "$C/verify" ||
		{ sed 's/^/# /' "$C/verify"; return 1; }
}
tap_result "an edit of the collector's copy is named by its line" verify_remote_edited
tap_exit
