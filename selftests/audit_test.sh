#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The audit trail, against the real auditd the guest runs: records of
# every class reach audit.log with the right obj=, ausearch finds them by
# field and in the syscall's own event, policy loads and mode changes are
# recorded, a denial storm on both vCPUs keeps the counters exact
# (wanted = emitted + suppressed + dropped, and what the log holds agrees),
# sipcctl audit verify catches every kind of tampering, and policy asks
# for allowed operations to be recorded (audit rules, audited roles) and
# sets the checkpoint interval.
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
LOG=/var/log/audit/audit.log
PARAMS=/sys/module/sipc/parameters
D=/tmp/sipc-audit-test.$$
PY=$(readlink -f "$(command -v python3)")
trap 'kill $SERVER 2>/dev/null; rm -rf "$D"' EXIT

if ! auditctl -s 2>/dev/null | grep -q '^pid [1-9]'; then
	echo "1..0 # SKIP auditd is not running"
	exit 0
fi
tap_plan 29

mkdir -p "$D/client" "$D/server" "$D/fifo"
cp "$PY" "$D/client/py"
cp "$PY" "$D/server/py"
mkfifo "$D/fifo/f"
cat >"$D/p.sipc" <<EOF
mode enforce;
role client { match exe "$D/client/*"; }
role server { match exe "$D/server/*"; }
label fifo "$D/fifo/*" server;
label unix "$D/sock" server;
label unix "@sipc-audit-abs" server;
label msgq 0x5a17 server;
label mqueue "/sipcaudit" server;
allow server server : unix_stream { create bind listen };
allow server server : msgq { create destroy };
allow server server : mqueue { create send receive };
allow client client : unix_stream { create };
allow client server : fifo { write };
EOF

# The server makes one object of each kind and waits for "done".
cat >"$D/server.py" <<'EOF'
import ctypes, os, socket, sys, time
d = sys.argv[1]
libc = ctypes.CDLL(None, use_errno=True)
if os.path.exists(d + "/sock"):
    os.unlink(d + "/sock")
s = socket.socket(socket.AF_UNIX); s.bind(d + "/sock"); s.listen()
a = socket.socket(socket.AF_UNIX); a.bind("\0sipc-audit-abs"); a.listen()
q = libc.msgget(0x5a17, 0o1600)
if q < 0:
    print("# msgget", ctypes.get_errno())
if libc.mq_open(b"/sipcaudit", os.O_CREAT | os.O_RDWR, 0o600, None) < 0:
    print("# mq_open", ctypes.get_errno())
open(d + "/ready", "w").close()
while not os.path.exists(d + "/done"):
    time.sleep(0.1)
libc.mq_unlink(b"/sipcaudit")
libc.msgctl(q, 0, None)
EOF

# The client tries each, and prints what was refused.
cat >"$D/client.py" <<'EOF'
import ctypes, os, socket, sys
d, server = sys.argv[1], int(sys.argv[2])
libc = ctypes.CDLL(None, use_errno=True)
def refused(what, f):
    try:
        r = f()
        if isinstance(r, int) and r < 0:
            raise OSError(ctypes.get_errno(), "")
    except OSError as e:
        print(what, e.errno)
refused("fifo", lambda: os.open(d + "/fifo/f", os.O_RDONLY | os.O_NONBLOCK))
refused("unix", lambda: socket.socket(socket.AF_UNIX).connect(d + "/sock"))
refused("abstract", lambda: socket.socket(socket.AF_UNIX).connect("\0sipc-audit-abs"))
refused("msgq", lambda: libc.msgget(0x5a17, 0))
refused("mqueue", lambda: libc.mq_open(b"/sipcaudit", os.O_RDWR))
refused("signal", lambda: os.kill(server, 0))
EOF

# The storm: kill(server, 0), refused, as fast as it goes, for $3 s.
cat >"$D/storm.py" <<'EOF'
import os, sys, time
server, secs = int(sys.argv[1]), float(sys.argv[2])
n = 0
end = time.monotonic() + secs
while time.monotonic() < end:
    for _ in range(200):
        try:
            os.kill(server, 0)
        except PermissionError:
            n += 1
print(n)
EOF

stat_of() {
	"$SIPCCTL" stats | awk -v k="$1" '$1 == k { print $2 }'
}

# Wait until the kernel's audit backlog is empty and auditd wrote it.
audit_settle() {
	local i

	for i in $(seq 100); do
		auditctl -s | grep -q '^backlog 0$' && break
		sleep 0.1
	done
	sleep 0.5
}

# sipc records of the current load (its boot id), one per line.
BOOT=
our_records() {
	awk -v boot="$BOOT" '
		/type=KERNEL_OTHER/ && /op=module event=load/ {
			mine = index($0, "boot=" boot) > 0
		}
		mine && /type=KERNEL_OTHER/' $LOG
}

setup() {
	"$SIPCCTL" load "$D/p.sipc" >/dev/null || return 1
	rm -f "$D/ready" "$D/done"
	"$D/server/py" "$D/server.py" "$D" </dev/null &
	SERVER=$!
	for _ in $(seq 100); do
		[ -e "$D/ready" ] && break
		sleep 0.1
	done
	[ -e "$D/ready" ] || { echo "# the server did not start"; return 1; }
	BOOT=$(grep 'op=module event=load' $LOG | tail -n1 |
	       sed -n 's/.* boot=\([0-9a-f]*\).*/\1/p')
	[ -n "$BOOT" ] || { echo "# no op=module event=load record"; return 1; }
}
tap_result "module load record, policy, a server with one object of each kind" setup

kmsg_mark
"$D/client/py" "$D/client.py" "$D" "$SERVER" </dev/null >"$D/refused"
audit_settle

every_class_refused() {
	local c

	for c in fifo unix abstract msgq mqueue signal; do
		grep -q "^$c 13$" "$D/refused" ||
			{ echo "# $c was not refused:"; sed 's/^/# /' "$D/refused"; return 1; }
	done
}
tap_result "the client is refused on every class" every_class_refused

# obj_is CLASS PERMS OBJ: a denied record of the client for that.
obj_is() {
	our_records | grep -q "op=decision verdict=denied sipc_mode=enforce subj_role=client obj_role=server class=$1 perms=$2 obj=$3 pid=[0-9]* uid=0 .* comm=\"py\" exe=\"$D/client/py\" policy_gen=[0-9]* seq=[0-9]* hash=[0-9a-f]\{16\}" ||
		{ echo "# no record for class=$1 perms=$2 obj=$3 in:"
		  our_records | grep "class=$1 " | tail -n 1 | sed 's/^/# /'
		  return 1; }
}

hex() {
	printf %s "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F
}

objects_right() {
	obj_is fifo read "\"[^\"]*$D/fifo/f\"" &&
	obj_is unix_stream connect "\"$D/sock\"" &&
	obj_is unix_stream connect '"@sipc-audit-abs"' &&
	obj_is msgq associate '"key:0x00005a17"' &&
	obj_is mqueue "[a-z,]*" '"/sipcaudit"' &&
	obj_is signal signal "\"pid:$SERVER\""
}
tap_result "obj= names the FIFO path, socket path, @abstract, SysV key, queue, pid" \
	objects_right

ausearch_finds() {
	local pid

	ausearch -i -m KERNEL_OTHER 2>/dev/null | grep -q 'op=decision verdict=denied sipc_mode=enforce subj_role=client' ||
		{ echo "# ausearch -i does not show the records"; return 1; }
	pid=$(our_records | grep 'class=signal' | tail -n1 | sed -n 's/.* pid=\([0-9]*\) .*/\1/p')
	ausearch -m KERNEL_OTHER -p "$pid" 2>/dev/null | grep -q "obj=\"pid:$SERVER\"" ||
		{ echo "# ausearch -p $pid does not find the signal record"; return 1; }
	ausearch -m KERNEL_OTHER -x "$D/client/py" 2>/dev/null | grep -q 'class=msgq' ||
		{ echo "# ausearch -x does not find the msgq record"; return 1; }
}
tap_result "ausearch -i reads them, -p and -x find them by field" ausearch_finds

# The connect record and the connect syscall's record are one event.
same_event() {
	local ev

	ev=$(our_records | grep "class=unix_stream perms=connect obj=\"$D/sock\"" |
	     tail -n1 | sed -n 's/.*msg=audit(\([0-9.:]*\)).*/\1/p')
	[ -n "$ev" ] || return 1
	grep -F "msg=audit($ev)" $LOG | grep -q 'type=SYSCALL .*syscall=42 ' ||
		{ echo "# event $ev has no connect SYSCALL record"; return 1; }
}
tap_result "a record joins its syscall's audit event" same_event

kmsg_names_object() {
	kmsg_since_mark | grep -q "sipc: denied: pid [0-9]* (py) role client on server unix_stream $D/sock { connect }" &&
	kmsg_since_mark | grep -q "sipc: denied: pid [0-9]* (py) role client on server fifo [^ ]*fifo/f { read }" &&
	kmsg_since_mark | grep -q "sipc: denied: pid [0-9]* (py) role client on server msgq key 0x00005a17 { associate }" ||
		{ kmsg_since_mark | grep 'sipc: denied' | sed 's/^/# /'; return 1; }
}
tap_result "the kernel log line names the object" kmsg_names_object

load_and_mode() {
	local gen

	gen=$("$SIPCCTL" load "$D/p.sipc" | sed -n 's/.*generation \([0-9]*\),.*/\1/p')
	"$SIPCCTL" mode client permissive >/dev/null || return 1
	"$D/client/py" "$D/client.py" "$D" "$SERVER" </dev/null >/dev/null
	"$SIPCCTL" mode client global >/dev/null || return 1
	audit_settle
	our_records | grep -q "op=load policy_gen=$gen size=[0-9]* sha256=[0-9a-f]\{64\} pid=" &&
	our_records | grep -q "op=mode sipc_mode=permissive role=client policy_gen=$gen " &&
	our_records | grep -q "op=decision verdict=allowed sipc_mode=permissive subj_role=client obj_role=server class=signal perms=signal obj=\"pid:$SERVER\"" ||
		{ our_records | tail -n 12 | sed 's/^/# /'; return 1; }
}
tap_result "policy load (sha256), mode change and permissive records" load_and_mode

# Key rotations, by hand and by the policy's timer, and the retirement of
# epochs, each an op=key record of epoch numbers and nothing else.
key_records() {
	local e bad

	"$SIPCCTL" keys rotate 60000 >/dev/null || return 1
	e=$("$SIPCCTL" keys --json | sed -n 's/^{"epoch": \([0-9]*\),.*/\1/p')
	"$SIPCCTL" keys rotate 1000 >/dev/null || return 1
	{ cat "$D/p.sipc"; echo 'keys rotate every 1s grace 0s;'; } >"$D/timed.sipc"
	"$SIPCCTL" load "$D/timed.sipc" >/dev/null || return 1
	sleep 2.5
	"$SIPCCTL" load "$D/p.sipc" >/dev/null || return 1
	audit_settle
	bad=$(our_records | grep ' op=key ' | grep -Ev ' op=key (event=rotate trigger=(manual|timer) epoch=[0-9]+ prev_epoch=[0-9]+ grace_ms=[0-9]+|event=retire reason=(grace|rotation|unload) epoch=[0-9]+) pid=[0-9]+ uid=[0-9]+ auid=[0-9]+ ses=[0-9]+ comm=[^ ]+ exe=[^ ]+ seq=[0-9]+ hash=[0-9a-f]{16}([^[:print:]].*)?$')
	[ -n "$e" ] && [ -z "$bad" ] &&
	our_records | grep -q " op=key event=rotate trigger=manual epoch=$e prev_epoch=$((e - 1)) grace_ms=60000 pid=[0-9]* uid=0 " &&
	our_records | grep -q " op=key event=rotate trigger=manual epoch=$((e + 1)) prev_epoch=$e grace_ms=1000 " &&
	our_records | grep -q " op=key event=retire reason=rotation epoch=$((e - 1)) " &&
	our_records | grep -q " op=key event=rotate trigger=timer epoch=[0-9]* prev_epoch=[0-9]* grace_ms=0 " &&
	our_records | grep -q " op=key event=retire reason=grace epoch=" ||
		{ echo "# epoch $e; unexpected: $bad"; our_records | grep ' op=key ' | tail -n 8 | sed 's/^/# /'; return 1; }
}
tap_result "op=key records of rotations, manual and timed, and retirements" key_records

# A seal the policy refuses is an op=decision record of class message; a
# signature made is op=sign, a verification refused op=verify.
seal_sign_records() {
	cp "$SIPCCTL" "$D/client/sipcctl" || return 1
	# From a file: the client may not read the test's pipes.
	printf x >"$D/x"
	"$D/client/sipcctl" seal server 5 <"$D/x" >/dev/null 2>&1 &&
		{ echo "# client may seal for server"; return 1; }
	printf data | "$SIPCCTL" sign >"$D/sig" || return 1
	printf datA | "$SIPCCTL" verify "$D/sig" >/dev/null 2>&1 &&
		{ echo "# a bad signature verifies"; return 1; }
	audit_settle
	our_records | grep -q "op=decision verdict=denied sipc_mode=enforce subj_role=client obj_role=server class=message perms=seal .* exe=\"$D/client/sipcctl\"" &&
	our_records | grep -q ' op=sign verdict=signed subj_role=unconfined epoch=[0-9]* data_len=4 pid=' &&
	our_records | grep -q ' op=verify verdict=refused reason=bad_signature subj_role=unconfined data_len=4 pid=' ||
		{ our_records | tail -n 6 | sed 's/^/# /'; return 1; }
}
tap_result "seal refused, signature made, verification refused: records" \
	seal_sign_records

# storm RATE SECS: two refused kill loops at once; the decisions they
# made must add up in the counters.
STORM=0
storm() {
	local w0 e0 s0 d0 w e s d n1 n2

	echo "$1" >$PARAMS/audit_rate
	w0=$(stat_of audit_wanted) e0=$(stat_of audit_emitted)
	s0=$(stat_of audit_suppressed) d0=$(stat_of audit_dropped)
	"$D/client/py" "$D/storm.py" "$SERVER" "$2" </dev/null >"$D/n1" &
	"$D/client/py" "$D/storm.py" "$SERVER" "$2" </dev/null >"$D/n2"
	wait $!
	read -r n1 <"$D/n1"
	read -r n2 <"$D/n2"
	w=$(($(stat_of audit_wanted) - w0)) e=$(($(stat_of audit_emitted) - e0))
	s=$(($(stat_of audit_suppressed) - s0)) d=$(($(stat_of audit_dropped) - d0))
	echo "# rate $1: $((n1 + n2)) refused; wanted $w = emitted $e + suppressed $s + dropped $d"
	STORM=$((n1 + n2))
	[ "$w" -eq $((n1 + n2)) ] && [ "$w" -eq $((e + s + d)) ] && [ "$s" -gt 0 ] ||
		[ "$1" = 0 ]
}

storm_limited() {
	storm 10 3 || return 1
	[ "$STORM" -gt 1000 ] || { echo "# too small to be a storm"; return 1; }
}
tap_result "storm, rate-limited: wanted = refused = emitted + suppressed + dropped" \
	storm_limited

storm_unlimited() {
	local b

	b=$(auditctl -s | sed -n 's/^backlog_limit //p')
	auditctl -b 8 >/dev/null
	storm 0 2
	local rc=$?
	auditctl -b "$b" >/dev/null
	echo 10 >$PARAMS/audit_rate
	return $rc
}
tap_result "storm, unlimited, tiny backlog: the counts still add up" storm_unlimited

guest_responsive() {
	timeout 5 true && timeout 5 "$SIPCCTL" status >/dev/null
}
tap_result "the guest stays responsive" guest_responsive

# At unload, everything owed is reported: the log's op=decision and
# op=operation records (other tests' in the same load too) are the
# emitted count, its op=lost sums the suppressed and dropped.
unload_accounts() {
	local e s d le ls ld

	echo done >"$D/done"
	wait "$SERVER"
	audit_settle
	e=$(stat_of audit_emitted) s=$(stat_of audit_suppressed)
	d=$(stat_of audit_dropped)
	rmmod sipc || return 1
	audit_settle
	le=$(our_records | grep -Ec ' op=(decision|operation) ')
	ls=$(our_records | sed -n 's/.* op=lost reason=ratelimit .*suppressed=\([0-9]*\) .*/\1/p' |
	     awk '{ n += $1 } END { print n + 0 }')
	ld=$(our_records | sed -n 's/.* op=lost reason=backlog dropped=\([0-9]*\) .*/\1/p' |
	     awk '{ n += $1 } END { print n + 0 }')
	echo "# counters: emitted $e suppressed $s dropped $d; log: decisions $le, lost: suppressed $ls dropped $ld"
	our_records | grep -m 1 'op=lost reason=ratelimit' | sed 's/^/# /'
	our_records | grep -m 1 'op=lost reason=backlog' | sed 's/^/# /'
	our_records | tail -n 2 | sed 's/^/# /'
	[ "$e" -eq "$le" ] && [ "$s" -eq "$ls" ] && [ "$d" -eq "$ld" ] &&
		our_records | tail -n 2 | head -n 1 | grep -q 'op=module event=unload' &&
		our_records | tail -n 1 | grep -q 'op=checkpoint'
}
tap_result "the log agrees with the counters after unload" unload_accounts


# A fresh chain, across a log rotation, with a checkpoint every 5
# records: it verifies clean; each kind of tampering with a copy of it
# is named, with its file and line.
rotate() {
	kill -USR1 "$(pidof auditd)"
	sleep 1
}

fresh_chain() {
	echo done >"$D/done"
	wait "$SERVER"
	rotate
	insmod "$MODULE" inject=1 audit_checkpoint=5 || return 1
	setup || return 1
	"$D/client/py" "$D/client.py" "$D" "$SERVER" </dev/null >/dev/null
	audit_settle
	rotate
	"$SIPCCTL" mode client permissive >/dev/null
	"$D/client/py" "$D/client.py" "$D" "$SERVER" </dev/null >/dev/null
	"$SIPCCTL" mode client global >/dev/null
	audit_settle
	cat $LOG.1 $LOG | awk -v boot="$BOOT" '
		/type=KERNEL_OTHER/ && /op=module event=load/ {
			mine = index($0, "boot=" boot) > 0
		}
		mine && /type=KERNEL_OTHER/' |
		sed -n 's/.* seq=\([0-9]*\) hash=.*/\1/p' |
		awk '$1 != NR { print "# seq " $1 " at record " NR; bad = 1 }
		     END { if (NR < 12) { print "# only " NR " records"; bad = 1 }; exit bad }'
}
tap_result "a new load's chain runs seq 1, 2, 3... across a rotation" fresh_chain

mkdir -p "$D/t"
verify_clean() {
	"$SIPCCTL" audit verify $LOG.1 $LOG >"$D/verify" 2>&1 ||
		{ sed 's/^/# /' "$D/verify"; return 1; }
	grep -q ': ok$' "$D/verify" && echo "# $(tail -n 1 "$D/verify")"
}
tap_result "sipcctl audit verify: the untouched log verifies across rotation" \
	verify_clean

# The attacker's tool: recompute every hash= after an edit, as anyone
# can (sha256 has no key); only checkpoints and the module's head stand.
cat >"$D/rehash.py" <<'EOF'
import hashlib, re, sys
head = None
for name in sys.argv[1:]:
    out = []
    for line in open(name, encoding="latin-1"):
        m = re.search(r"type=KERNEL_OTHER msg=audit\([^)]*\): (op=.* seq=\d+) hash=[0-9a-f]*", line)
        if m:
            body = m.group(1)
            b = re.search(r"^op=module event=load boot=([0-9a-f]{32})", body)
            if b and body.endswith(" seq=1"):
                head = hashlib.sha256(b"sipc-audit-v1" + bytes.fromhex(b.group(1))).digest()
            if head is not None:
                head = hashlib.sha256(head + body.encode("latin-1")).digest()
                line = line[:m.start(1)] + body + " hash=" + head[:8].hex() + line[m.end():]
        out.append(line)
    open(name, "w", encoding="latin-1").write("".join(out))
EOF

# tamper NAME EXPECT EDIT: copy the two files, apply EDIT (shell code
# on $D/t/b, the current file), verify, and expect a failure whose
# message matches EXPECT and names a file and line.
tamper() {
	local expect=$2

	cp $LOG.1 "$D/t/a"
	cp $LOG "$D/t/b"
	eval "$3" || { echo "# the edit failed"; return 1; }
	if "$SIPCCTL" audit verify "$D/t/a" "$D/t/b" >"$D/verify" 2>&1; then
		echo "# $1 went unnoticed"
		sed 's/^/# /' "$D/verify"
		return 1
	fi
	grep -q "^$D/t/[ab]:[0-9]*: seq [0-9]*: .*\($expect\)" "$D/verify" ||
		{ echo "# $1: not the expected report"; sed 's/^/# /' "$D/verify"; return 1; }
	echo "# $1: $(grep -m1 "^$D/t/" "$D/verify")"
}

# The line number of the Nth-from-last sipc record of $D/t/b.
nth_last() {
	grep -n 'type=KERNEL_OTHER' "$D/t/b" | tail -n "$1" | head -n 1 | cut -d: -f1
}

tap_result "tampering: one record altered" tamper altered "does not hash" \
	'l=$(nth_last 4); sed -i "${l}s/ pid=/ pid=1/" "$D/t/b"'
tap_result "tampering: one record deleted" tamper deleted "missing: deleted" \
	'l=$(nth_last 4); sed -i "${l}d" "$D/t/b"'
tap_result "tampering: two records swapped" tamper reordered "goes back" \
	'l=$(nth_last 5); m=$(nth_last 4); sed -i -n "${l}{h;d};${m}{p;x};p" "$D/t/b"'
tap_result "tampering: a record inserted" tamper inserted "goes back" \
	'l=$(nth_last 4); sed -i "${l}p" "$D/t/b"'
tap_result "tampering: the tail cut off" tamper truncated "cut off" \
	'l=$(nth_last 3); sed -i "${l},\$d" "$D/t/b"'
tap_result "tampering: altered, every hash recomputed" tamper rehashed "does not seal" \
	'l=$(nth_last 4); sed -i "${l}s/ pid=/ pid=1/" "$D/t/b"; python3 "$D/rehash.py" "$D/t/a" "$D/t/b"'
tap_result "tampering: a checkpoint forged" tamper forged "forged" \
	'l=$(grep -n "op=checkpoint" "$D/t/b" | tail -n 1 | cut -d: -f1); sed -i -E "${l}s/mac=[0-9a-f]{4}/mac=0000/" "$D/t/b"; python3 "$D/rehash.py" "$D/t/a" "$D/t/b"'
tap_result "tampering: a checkpoint replayed from another load" tamper replayed "replayed" \
	'old=$(grep -h "op=checkpoint" $LOG.2 | tail -n 1 | sed -E "s/.* (boot=[0-9a-f]+ head=[0-9a-f]+ mac=[0-9a-f]+).*/\1/"); l=$(grep -n "op=checkpoint" "$D/t/b" | tail -n 1 | cut -d: -f1); sed -i -E "${l}s/boot=[0-9a-f]+ head=[0-9a-f]+ mac=[0-9a-f]+/$old/" "$D/t/b"; python3 "$D/rehash.py" "$D/t/a" "$D/t/b"'

# Allowed operations the policy audits.  conn.py connects N times to the
# server's socket, then sends M bytes one at a time on the first
# connection, and prints how many of each went through.
cat >"$D/conn.py" <<'EOF'
import socket, sys
d, n, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ok = sent = 0
keep = None
for i in range(n):
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(d + "/sock")
        ok += 1
        if keep is None:
            keep = s
            continue
    except OSError as e:
        print("# connect", e.errno)
    s.close()
for i in range(m):
    try:
        keep.send(b"x")
        sent += 1
    except (OSError, AttributeError) as e:
        print("# send", e)
print(ok, sent)
EOF

# with_rules NAME TEXT: p.sipc with TEXT added, as $D/NAME.sipc, loaded;
# sets GEN to its generation.
with_rules() {
	{ cat "$D/p.sipc"; printf '%s\n' "$2"; } >"$D/$1.sipc"
	GEN=$("$SIPCCTL" load "$D/$1.sipc" | sed -n 's/.*generation \([0-9]*\),.*/\1/p')
	[ -n "$GEN" ] || { echo "# $1.sipc does not load"; return 1; }
}

# conn EXE N M: run conn.py as $D/client/EXE; sets CONN ("ok sent").
# Its output goes to a file: the client may not write to our pipes.
conn() {
	cp "$PY" "$D/client/$1"
	"$D/client/$1" "$D/conn.py" "$D" "$2" "$3" </dev/null >"$D/conn.out"
	CONN=$(grep -v '^#' "$D/conn.out")
	grep '^#' "$D/conn.out"
	audit_settle
}

# The records of the current load, across the rotation fresh_chain made.
load_records() {
	cat $LOG.1 $LOG | awk -v boot="$BOOT" '
		/type=KERNEL_OTHER/ && /op=module event=load/ {
			mine = index($0, "boot=" boot) > 0
		}
		mine && /type=KERNEL_OTHER/'
}

# allowed_records EXE PERM: the verdict=allowed records ausearch finds
# for that executable and permission, counted.
allowed_records() {
	ausearch -m KERNEL_OTHER -x "$D/client/$1" 2>/dev/null |
		grep 'op=decision verdict=allowed sipc_mode=enforce subj_role=client obj_role=server class=unix_stream' |
		grep -c " perms=$2 obj=\"$D/sock\""
}

audit_rule() {
	local w0 e0 s0 d0 w e s d c n

	with_rules pa 'audit allow client server : unix_stream { connect send };' || return 1
	w0=$(stat_of audit_wanted) e0=$(stat_of audit_emitted)
	s0=$(stat_of audit_suppressed) d0=$(stat_of audit_dropped)
	conn dbc 5 4
	w=$(($(stat_of audit_wanted) - w0)) e=$(($(stat_of audit_emitted) - e0))
	s=$(($(stat_of audit_suppressed) - s0)) d=$(($(stat_of audit_dropped) - d0))
	c=$(allowed_records dbc connect) n=$(allowed_records dbc send)
	echo "# 5 connects, 4 sends ($CONN went through): ausearch finds $c connect and $n send records; wanted $w = emitted $e + suppressed $s + dropped $d"
	ausearch -i -m KERNEL_OTHER -x "$D/client/dbc" 2>/dev/null | grep -m 1 'verdict=allowed' | sed 's/^/# /'
	[ "$CONN" = "5 4" ] && [ "$c" = 5 ] && [ "$n" = 4 ] && [ "$w" = 9 ] &&
		[ "$w" = $((e + s + d)) ]
}
tap_result "audit allow: every connect and every send is one record (cache and memo bypassed)" \
	audit_rule

plain_rule() {
	local w0 w c

	with_rules pp 'allow client server : unix_stream { connect send };' || return 1
	w0=$(stat_of audit_wanted)
	conn plain 5 4
	w=$(($(stat_of audit_wanted) - w0))
	c=$(ausearch -m KERNEL_OTHER -x "$D/client/plain" 2>/dev/null | grep -c 'op=decision')
	echo "# plain allow: $CONN went through, $c records, $w wanted"
	[ "$CONN" = "5 4" ] && [ "$c" = 0 ] && [ "$w" = 0 ]
}
tap_result "a plain allow rule records nothing" plain_rule

audit_role() {
	local c

	sed 's/^role server { match exe "\(.*\)"; }$/role server { match exe "\1"; audit; }/' \
		"$D/p.sipc" >"$D/pr.sipc"
	printf '%s\n' 'allow client server : unix_stream { connect };' >>"$D/pr.sipc"
	grep -q 'audit; }' "$D/pr.sipc" || { echo "# no audited role in pr.sipc"; return 1; }
	"$SIPCCTL" load "$D/pr.sipc" >/dev/null || return 1
	"$SIPCCTL" rules | grep -qx 'audit allow client server : unix_stream { connect };' ||
		{ "$SIPCCTL" rules | sed 's/^/# /'; return 1; }
	conn roled 3 0
	c=$(allowed_records roled connect)
	echo "# audited role: $CONN went through, $c connect records"
	[ "$CONN" = "3 0" ] && [ "$c" = 3 ]
}
tap_result "an audited role: every connect to it is recorded; sipcctl rules shows it" \
	audit_role

# Checkpoints every 3 records, from policy (the module's parameter says
# 5): among this policy's records, at most 3 between two checkpoints.
checkpoint_records() {
	echo 0 >$PARAMS/audit_rate
	with_rules pc "$(printf '%s\n' \
		'audit allow client server : unix_stream { connect };' \
		'audit checkpoint every 3 records;')" || return 1
	conn cp 12 0
	echo 10 >$PARAMS/audit_rate
	[ "$CONN" = "12 0" ] || { echo "# $CONN went through"; return 1; }
	load_records | awk -v gen="$GEN" '
		/ op=load policy_gen=/ { on = index($0, "op=load policy_gen=" gen " ") > 0; next }
		!on { next }
		/ op=checkpoint / { cps++; if (n > max) max = n; n = 0; next }
		/ op=decision / { d++ }
		{ n++ }
		END { printf "# %d decisions, %d checkpoints, at most %d records between two\n", d, cps, max
		      exit !(d == 12 && cps >= 4 && max <= 3) }'
}
tap_result "audit checkpoint every 3 records: checkpoints at that rate" checkpoint_records

checkpoint_secs() {
	local before after

	with_rules ps "$(printf '%s\n' \
		'audit allow client server : unix_stream { connect };' \
		'audit checkpoint every 1000 records;' \
		'audit checkpoint every 2 seconds;')" || return 1
	audit_settle
	before=$(load_records | grep -c ' op=checkpoint ')
	conn sec 1 0
	sleep 3
	after=$(load_records | grep -c ' op=checkpoint ')
	load_records | tail -n 2 | sed 's/^/# /'
	rm -f "$D/verify"
	[ "$CONN" = "1 0" ] && [ "$after" -gt "$before" ] &&
		load_records | tail -n 1 | grep -q ' op=checkpoint ' &&
		"$SIPCCTL" audit verify $LOG.1 $LOG >"$D/verify" 2>&1 ||
		{ echo "# checkpoints $before then $after"; sed 's/^/# /' "$D/verify"; return 1; }
	echo "# $(tail -n 1 "$D/verify")"
}
tap_result "audit checkpoint every 2 seconds; sipcctl audit verify still passes" \
	checkpoint_secs

stop_server() {
	echo done >"$D/done"
	wait "$SERVER"
}
tap_result "the server stops" stop_server
echo "# took ${SECONDS}s"
tap_exit
