#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sipcctl against securityfs: status and stats (text and --json) must
# agree with /sys/kernel/security/sipc/hooks; exit status 2 on usage
# errors and 3 when the module is not loaded.  No jq: grep, sed and awk.
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
HOOKS=/sys/kernel/security/sipc/hooks
INJECT=/sys/kernel/security/sipc/inject
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

tap_plan 31

# expect_exit STATUS CMD...: CMD must exit with STATUS and, unless it is
# 0, say something on stderr.
expect_exit() {
	local want=$1 got

	shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "# $*: exit $got, want $want"
		sed 's/^/# stderr: /' "$TMP/err"
		return 1
	fi
	if [ "$want" != 0 ] && [ ! -s "$TMP/err" ]; then
		echo "# $*: no message on stderr"
		return 1
	fi
}

status_text() {
	local n

	expect_exit 0 "$SIPCCTL" status || return 1
	n=$(wc -l <"$HOOKS")
	grep -qx 'sipc: loaded' "$TMP/out" &&
	grep -qx '  abi version: 1' "$TMP/out" &&
	grep -qx "  hooks: $n" "$TMP/out" &&
	grep -qx "  fault injection: $([ -e "$INJECT" ] && echo enabled || echo disabled)" \
		"$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
}
tap_result "status: text agrees with securityfs" status_text

# json_field NAME: the value of "NAME": in the one-line JSON in $TMP/out.
json_field() {
	sed -n "s/.*\"$1\": \([^,}]*\).*/\1/p" "$TMP/out"
}

status_json() {
	local n

	expect_exit 0 "$SIPCCTL" status --json || return 1
	n=$(wc -l <"$HOOKS")
	[ "$(wc -l <"$TMP/out")" = 1 ] &&
	[ "$(json_field loaded)" = true ] &&
	[ "$(json_field abi_version)" = "$(cat /sys/kernel/security/sipc/abi_version)" ] &&
	[ "$(json_field hooks)" = "$n" ] &&
	[ "$(json_field functions)" -gt 0 ] &&
	[ "$(json_field functions)" -le "$n" ] &&
	[ "$(json_field inject)" = "$([ -e "$INJECT" ] && echo true || echo false)" ] ||
		{ sed 's/^/# /' "$TMP/out"; return 1; }
}
tap_result "status --json agrees with securityfs" status_json

# compare FILE: FILE has "<name> <calls> <refused>" lines; same names in
# the same order as $TMP/before, every counter at least as large.
compare() {
	awk 'NR == FNR { name[FNR] = $1; calls[FNR] = $2; refused[FNR] = $3;
			 n = FNR; next }
	     { m = FNR
	       if ($1 != name[FNR]) { print "# line " FNR ": " $1 ", securityfs: " name[FNR]; bad = 1 }
	       if ($2 + 0 < calls[FNR] + 0 || $3 + 0 < refused[FNR] + 0) {
		       print "# " $1 ": " $2 " " $3 " < securityfs " calls[FNR] " " refused[FNR]; bad = 1 } }
	     END { if (m != n) { print "# " m " hooks, securityfs has " n; bad = 1 }
		   exit bad }' "$TMP/before" "$1"
}

stats_json() {
	cp "$HOOKS" "$TMP/before"
	expect_exit 0 "$SIPCCTL" stats --json || return 1
	head -n 1 "$TMP/out" | grep -q '^{"hooks": \[' &&
	tail -n 1 "$TMP/out" | grep -Eq '^\], "counters": \{"decisions": [0-9]+(, "[a-z_]+": [0-9]+){15}\}\}$' ||
		{ echo "# not the documented layout"; return 1; }
	sed -n 's/^  {"name": "\([^"]*\)", "calls": \([0-9]*\), "refused": \([0-9]*\)},\{0,1\}$/\1 \2 \3/p' \
		"$TMP/out" >"$TMP/json"
	# Every line but the first and last is one hook.
	[ "$(wc -l <"$TMP/json")" = "$(($(wc -l <"$TMP/out") - 2))" ] ||
		{ echo "# unparsed lines in --json output"; return 1; }
	compare "$TMP/json"
}
tap_result "stats --json agrees with securityfs" stats_json

stats_text() {
	cp "$HOOKS" "$TMP/before"
	expect_exit 0 "$SIPCCTL" stats || return 1
	head -n 1 "$TMP/out" | grep -Eq '^HOOK +CALLS +REFUSED$' || return 1
	# The hooks, up to the blank line before the decision counters.
	tail -n +2 "$TMP/out" | sed '/^$/,$d' | awk '{ print $1, $2, $3 }' >"$TMP/text"
	sed '1,/^$/d' "$TMP/out" | head -n 1 | grep -Eq '^COUNTER +VALUE$' &&
	[ "$(sed '1,/^$/d' "$TMP/out" | grep -Ec '^[a-z_]+ +[0-9]+$')" = 16 ] ||
		{ echo "# no decision counters"; return 1; }
	compare "$TMP/text"
}
tap_result "stats agrees with securityfs" stats_text

# The counters are live: 20 pipe operations show up.
stats_live() {
	local a b

	"$SIPCCTL" stats --json >"$TMP/a" || return 1
	for _ in $(seq 10); do echo x | cat >/dev/null; done
	"$SIPCCTL" stats --json >"$TMP/b" || return 1
	a=$(sed -n 's/.*"pipe.file_permission", "calls": \([0-9]*\).*/\1/p' "$TMP/a")
	b=$(sed -n 's/.*"pipe.file_permission", "calls": \([0-9]*\).*/\1/p' "$TMP/b")
	[ -n "$a" ] && [ -n "$b" ] && [ "$b" -ge $((a + 20)) ] ||
		{ echo "# pipe.file_permission calls: $a then $b"; return 1; }
}
tap_result "stats counters are live" stats_live

# The policy commands.  Policies name no process, so loading them here
# changes no decision for the other tests.
cat >"$TMP/p.sipc" <<'EOF'
mode enforce;
role web { match exe "/nonexistent/web"; }
role db { mode learn; }
allow web db : unix_stream { connect send };
allow web db : pipe { read };
allow db web : signal { kill signal };
EOF

load_text() {
	local before

	before=$(policy_gen)
	expect_exit 0 "$SIPCCTL" load "$TMP/p.sipc" || return 1
	grep -qx "loaded $TMP/p.sipc: generation $((before + 1)), 3 roles, 3 rules" \
		"$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
	expect_exit 0 "$SIPCCTL" status || return 1
	grep -qx "  policy generation: $((before + 1))" "$TMP/out" &&
	grep -qx '  mode: enforce' "$TMP/out" &&
	grep -qx '  roles: 3' "$TMP/out" &&
	grep -qx '  rules: 3' "$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
}
tap_result "load: text, and status shows it" load_text

load_json() {
	local before

	before=$(policy_gen)
	expect_exit 0 "$SIPCCTL" load --json "$TMP/p.sipc" || return 1
	grep -qx "{\"file\": \"$TMP/p.sipc\", \"generation\": $((before + 1)), \"roles\": 3, \"rules\": 3}" \
		"$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
	expect_exit 0 "$SIPCCTL" status --json || return 1
	[ "$(json_field policy_generation)" = $((before + 1)) ] &&
	[ "$(json_field mode)" = '"enforce"' ] &&
	[ "$(json_field roles)" = 3 ] && [ "$(json_field rules)" = 3 ] ||
		{ sed 's/^/# /' "$TMP/out"; return 1; }
}
tap_result "load --json, status --json" load_json

# expect_unchanged GEN CMD...: CMD fails with status 1 and the policy
# generation stays GEN.
expect_unchanged() {
	local before=$1

	shift
	expect_exit 1 "$@" || return 1
	[ "$(policy_gen)" = "$before" ] || { echo "# generation moved"; return 1; }
}

load_errors() {
	local before

	before=$(policy_gen)
	printf 'role web { }\nallow web web : pipe { fly };\n' >"$TMP/bad.sipc"
	expect_unchanged "$before" "$SIPCCTL" load "$TMP/bad.sipc" || return 1
	grep -q "^$TMP/bad.sipc:[0-9]*:[0-9]*: error: " "$TMP/err" ||
		{ sed 's/^/# /' "$TMP/err"; return 1; }
	[ ! -s "$TMP/out" ] || { echo "# output on failure"; return 1; }
	expect_unchanged "$before" "$SIPCCTL" load "$TMP/nonexistent.sipc"
}
tap_result "load: compile errors on stderr, exit 1, nothing changed" load_errors
tap_result "load: no file is a usage error" expect_exit 2 "$SIPCCTL" load
tap_result "load: two files are a usage error" expect_exit 2 "$SIPCCTL" load a b

# Root without CAP_MAC_ADMIN (dropped from the bounding set before exec).
without_mac_admin() {
	setpriv --bounding-set=-mac_admin --inh-caps=-mac_admin -- "$@"
}

load_unprivileged() {
	local before

	before=$(policy_gen)
	expect_unchanged "$before" without_mac_admin "$SIPCCTL" load "$TMP/p.sipc" || return 1
	grep -q 'needs CAP_MAC_ADMIN' "$TMP/err" || { sed 's/^/# /' "$TMP/err"; return 1; }
	# nobody must be able to read the policy, to get as far as the kernel
	chmod a+rx "$TMP" && chmod a+r "$TMP/p.sipc" || return 1
	expect_unchanged "$before" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SIPCCTL" load "$TMP/p.sipc" || return 1
	grep -q 'needs CAP_MAC_ADMIN' "$TMP/err" || { sed 's/^/# /' "$TMP/err"; return 1; }
	expect_unchanged "$before" without_mac_admin "$SIPCCTL" mode learn || return 1
	grep -q 'needs CAP_MAC_ADMIN' "$TMP/err" || return 1
	expect_exit 0 "$SIPCCTL" status --json && [ "$(json_field mode)" = '"enforce"' ]
}
tap_result "load, mode without CAP_MAC_ADMIN: exit 1, clear message, nothing changed" \
	load_unprivileged

rules_text() {
	"$SIPCCTL" load "$TMP/p.sipc" >/dev/null || return 1
	expect_exit 0 "$SIPCCTL" rules || return 1
	sort "$TMP/out" >"$TMP/rules"
	cat >"$TMP/want" <<-'EOF'
	allow db web : signal { kill signal };
	allow web db : pipe { read };
	allow web db : unix_stream { connect send };
	EOF
	diff "$TMP/want" "$TMP/rules" | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ]
}
tap_result "rules: one allow line per rule" rules_text

# What rules prints is policy language: with the roles declared, it loads
# back to the same rules.
rules_round_trip() {
	"$SIPCCTL" load "$TMP/p.sipc" >/dev/null || return 1
	"$SIPCCTL" mode --json | sed -n 's/^  {"name": "\([^"]*\)", "index": [1-9].*/role \1 { }/p' \
		>"$TMP/again.sipc"
	"$SIPCCTL" rules >>"$TMP/again.sipc" || return 1
	expect_exit 0 "$SIPCCTL" load "$TMP/again.sipc" || { sed 's/^/# /' "$TMP/again.sipc"; return 1; }
	"$SIPCCTL" rules | sort >"$TMP/rules2"
	diff "$TMP/rules" "$TMP/rules2" | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ] && [ "$(wc -l <"$TMP/rules2")" = 3 ]
}
tap_result "rules: the output loads back to the same rules" rules_round_trip

rules_json() {
	"$SIPCCTL" load "$TMP/p.sipc" >/dev/null || return 1
	expect_exit 0 "$SIPCCTL" rules --json || return 1
	head -n 1 "$TMP/out" | grep -qx '{"rules": \[' &&
	tail -n 1 "$TMP/out" | grep -qx '\]}' &&
	grep -qx '  {"subject": "web", "object": "db", "class": "unix_stream", "perms": \["connect", "send"\], "idle": null},\{0,1\}' \
		"$TMP/out" && [ "$(wc -l <"$TMP/out")" = 5 ] ||
		{ sed 's/^/# /' "$TMP/out"; return 1; }
}
tap_result "rules --json" rules_json

mode_show() {
	"$SIPCCTL" load "$TMP/p.sipc" >/dev/null || return 1
	expect_exit 0 "$SIPCCTL" mode || return 1
	grep -qx 'global mode: enforce' "$TMP/out" &&
	grep -Eq '^unconfined +global +enforce$' "$TMP/out" &&
	grep -Eq '^web +global +enforce$' "$TMP/out" &&
	grep -Eq '^db +learn +learn$' "$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
}
tap_result "mode: shows the global mode and each role's" mode_show

mode_set() {
	local g

	g=$(policy_gen)
	expect_exit 0 "$SIPCCTL" mode permissive || return 1
	grep -qx 'global mode: permissive' "$TMP/out" || return 1
	expect_exit 0 "$SIPCCTL" mode web learn || return 1
	grep -qx 'role web: mode learn' "$TMP/out" || return 1
	expect_exit 0 "$SIPCCTL" mode db global || return 1
	expect_exit 0 "$SIPCCTL" mode || return 1
	grep -qx 'global mode: permissive' "$TMP/out" &&
	grep -Eq '^web +learn +learn$' "$TMP/out" &&
	grep -Eq '^db +global +permissive$' "$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
	expect_exit 0 "$SIPCCTL" status || return 1
	grep -qx '  mode: permissive' "$TMP/out" || return 1
	expect_exit 0 "$SIPCCTL" mode --json || return 1
	grep -q '^{"global": "permissive", "roles": \[$' "$TMP/out" &&
	grep -q '^  {"name": "db", "index": [0-9]*, "mode": "global", "effective": "permissive"}' \
		"$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
	expect_exit 0 "$SIPCCTL" mode --json enforce || return 1
	grep -qx '{"role": null, "mode": "enforce"}' "$TMP/out" || return 1
	# modes do not make a new generation
	[ "$(policy_gen)" = "$g" ]
}
tap_result "mode: set global and per role, seen by mode and status" mode_set

mode_errors() {
	expect_exit 2 "$SIPCCTL" mode bogus &&
	expect_exit 2 "$SIPCCTL" mode global &&
	expect_exit 2 "$SIPCCTL" mode web bogus &&
	expect_exit 2 "$SIPCCTL" mode a b c &&
	expect_exit 1 "$SIPCCTL" mode nosuchrole enforce &&
	grep -q 'no role' "$TMP/err"
}
tap_result "mode: bad modes exit 2, unknown role exit 1" mode_errors

# This shell's name, as the kernel has it.
COMM=$(cat /proc/$$/comm)

ps_text() {
	expect_exit 0 "$SIPCCTL" ps || return 1
	head -n 1 "$TMP/out" | grep -Eq '^ +PID ROLE +COMM$' &&
	awk -v pid=$$ -v comm="$COMM" '$1 == pid && $2 == "unconfined" && $3 == comm { found = 1 }
		       END { exit !found }' "$TMP/out" &&
	awk 'NR > 1 && $1 == 1 { found = 1 } END { exit !found }' "$TMP/out" ||
		{ grep -E "^ *(1|$$) " "$TMP/out" | sed 's/^/# /'; return 1; }
}
tap_result "ps: lists this shell, unconfined, and init" ps_text

ps_json() {
	expect_exit 0 "$SIPCCTL" ps --json || return 1
	grep -q "^  {\"pid\": $$, \"role\": \"unconfined\", \"comm\": \"$COMM\"}" \
		"$TMP/out" || { echo "# pid $$ not found"; return 1; }
	# as many processes as the text form, give or take a few that came or went
	local n=$(($(grep -c '"pid"' "$TMP/out") - $("$SIPCCTL" ps | tail -n +2 | wc -l)))
	[ "${n#-}" -le 5 ]
}
tap_result "ps --json" ps_json

monitor_timeout() {
	local t0 t1

	t0=$(date +%s%N)
	expect_exit 0 "$SIPCCTL" monitor --timeout 1 || return 1
	t1=$(date +%s%N)
	[ ! -s "$TMP/out" ] && [ $(((t1 - t0) / 1000000)) -ge 900 ] ||
		{ echo "# output or too quick"; return 1; }
	expect_exit 1 "$SIPCCTL" monitor --json --count 1 --timeout 1 &&
	grep -q 'timed out after 0 of 1 events' "$TMP/err"
}
tap_result "monitor: --timeout ends it, --count not reached fails" monitor_timeout

monitor_errors() {
	expect_exit 2 "$SIPCCTL" monitor --count x &&
	expect_exit 2 "$SIPCCTL" monitor --count 0 &&
	expect_exit 2 "$SIPCCTL" monitor --timeout -1 &&
	expect_exit 2 "$SIPCCTL" monitor extra &&
	expect_exit 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SIPCCTL" monitor --timeout 1 &&
	grep -q 'CAP_SYS_ADMIN' "$TMP/err"
}
tap_result "monitor: usage errors exit 2, unprivileged exit 1" monitor_errors

# A denied pipe write by a confined process reaches sipcctl monitor.
monitor_event() {
	local pid i ret=0

	cat >"$TMP/confine.sipc" <<-'EOF'
	mode enforce;
	role confined { match uid 12345; }
	EOF
	"$SIPCCTL" load "$TMP/confine.sipc" >/dev/null || return 1
	"$SIPCCTL" monitor --json --count 1 --timeout 20 >"$TMP/mon" 2>"$TMP/monerr" &
	pid=$!
	for i in $(seq 100); do
		grep -q listening "$TMP/monerr" && break
		sleep 0.1
	done
	setpriv --reuid=12345 --regid=12345 --clear-groups sh -c 'echo x | cat' \
		>/dev/null 2>&1
	wait "$pid" || { sed 's/^/# /' "$TMP/monerr"; ret=1; }
	grep -Eq '^\{"allowed": false, "mode": "enforce", "pid": [0-9]+, "comm": "[^"]+", "subject": "confined", "object": "confined", "class": "pipe", "perm": "(read|write)"\}$' \
		"$TMP/mon" || { sed 's/^/# /' "$TMP/mon"; ret=1; }
	# Confine nobody again.
	"$SIPCCTL" load "$TMP/p.sipc" >/dev/null || ret=1
	return $ret
}
tap_result "monitor: a denial by a confined process arrives" monitor_event

# 100,000 rules from policy text: 100 roles, every pair, 10 classes.
big_policy() {
	local t0 t1

	awk 'BEGIN {
		split("pipe read,fifo write,unix_stream connect,unix_dgram send," \
		      "unix_seqpacket accept,msgq receive,shm read,sem write," \
		      "mqueue send,signal kill", c, ",")
		for (i = 1; i <= 100; i++) print "role b" i " { }"
		for (k = 1; k <= 10; k++) {
			split(c[k], cp, " ")
			for (i = 1; i <= 100; i++)
				for (j = 1; j <= 100; j++)
					print "allow b" i " b" j " : " cp[1] " { " cp[2] " };"
		}
	}' >"$TMP/big.sipc"
	t0=$(date +%s%N)
	expect_exit 0 "$SIPCCTL" load "$TMP/big.sipc" || return 1
	t1=$(date +%s%N)
	echo "# 100000 rules: sipcctl load (compile + load) took $(((t1 - t0) / 1000000)) ms"
	grep -q ', 101 roles, 100000 rules$' "$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
	[ "$("$SIPCCTL" rules | wc -l)" = 100000 ]
}
tap_result "load: 100,000 rules from text" big_policy

tap_result "no command: usage, exit 2" expect_exit 2 "$SIPCCTL"
tap_result "unknown command: exit 2" expect_exit 2 "$SIPCCTL" frobnicate
tap_result "unknown option: exit 2" expect_exit 2 "$SIPCCTL" stats --frob
tap_result "unexpected argument: exit 2" expect_exit 2 "$SIPCCTL" status extra
tap_result "--help: exit 0" expect_exit 0 "$SIPCCTL" status --help

not_loaded() {
	local ret=0

	sipc_unload || return 1
	expect_exit 3 "$SIPCCTL" status || ret=1
	grep -q 'not found' "$TMP/err" || { sed 's/^/# /' "$TMP/err"; ret=1; }
	expect_exit 3 "$SIPCCTL" stats --json || ret=1
	[ ! -s "$TMP/out" ] || { echo "# output without the module"; ret=1; }
	for cmd in "load $TMP/p.sipc" mode "mode learn" rules ps "monitor --timeout 1"; do
		# shellcheck disable=SC2086
		expect_exit 3 "$SIPCCTL" $cmd || ret=1
	done
	insmod "$MODULE" inject=1 || { echo "# cannot reload $MODULE"; return 1; }
	return $ret
}
tap_result "module not loaded: exit 3" not_loaded
tap_result "module loaded again" sipc_loaded
tap_result "status after reload" expect_exit 0 "$SIPCCTL" status

tap_exit
