#!/usr/bin/env bash
# Issue 17 over a real socket (127.0.0.1 only): access that can be ended
# from the command line (user disable, token revoke, token expiry, common
# passwords), and sign-in throttling behind a trusted proxy that cannot be
# turned against the owner or raced.  TAP output.
set -u
cd "$(dirname "$0")/../.."
. tests/scripts/lib/begin.sh
test_begin
export PCNOPS_DB="$tmp/s.db"
"$bin" import registry tests/data/registry/map-2021-01.csv >/dev/null
pw="a long password"
echo "$pw" | "$bin" user add m@test.nhs.uk --role pcn-manager --org U10001 >/dev/null
echo "$pw" | "$bin" user add o@test.nhs.uk --role pcn-manager --org U10001 >/dev/null
. tests/scripts/lib/serve.sh
serve_start "$tmp/log" --threads 4 --trusted-proxy 127.0.0.1
echo "1..16"
n=0
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
rows() { sqlite3 "$PCNOPS_DB" "$1"; }

# Signs in as $1 with password $2 from client address $3 (X-Forwarded-For,
# believed from the trusted proxy); the status, and the cookie jar in
# $tmp/jar.$3 (or $tmp/jar.$3.$4: parallel calls each have their own).
sign_in() {
    local jar="$tmp/jar.$3${4:+.$4}" tok
    rm -f "$jar"
    curl -s -c "$jar" -o /dev/null -H "X-Forwarded-For: $3" "$url/sign-in"
    tok=$(awk '$6 == "pcnops_signin" { print $7 }' "$jar")
    curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $3" \
        --data-urlencode "email=$1" --data-urlencode "password=$2" --data-urlencode "signin=$tok" \
        "$url/sign-in"
}

# Passwords: common ones refused with a clear message, and nothing written.
before=$(rows "SELECT COUNT(*) FROM app_user")
out=$(echo "password12" | "$bin" user add x@test.nhs.uk --role admin 2>&1)
check "user add refuses a common password (exit 1)" 1 "$?"
check "with a clear message" yes "$(echo "$out" | grep -q 'password: choose another: this one is too common' && echo yes)"
check "and writes nothing" "$before" "$(rows "SELECT COUNT(*) FROM app_user")"
echo "1234567890" | "$bin" user password m@test.nhs.uk >/dev/null 2>&1
check "user password refuses an easy one (exit 1)" 1 "$?"

# A disabled account's session and token stop at once.
check "m@ signs in" 303 "$(sign_in m@test.nhs.uk "$pw" 10.0.0.1)"
check "and sees its home page" 200 "$(code -b "$tmp/jar.10.0.0.1" "$url/")"
tok=$("$bin" token add m@test.nhs.uk --label ci --expires 1 2>/dev/null)
check "its token works" 200 "$(code -H "Authorization: Bearer $tok" "$url/api/v1/me")"
"$bin" user disable m@test.nhs.uk >/dev/null
check "disabled: the session stops at once" 303 "$(code -b "$tmp/jar.10.0.0.1" "$url/")"
check "disabled: the token stops at once" 401 "$(code -H "Authorization: Bearer $tok" "$url/api/v1/me")"
"$bin" user enable m@test.nhs.uk >/dev/null
check "enabled: the token works again" 200 "$(code -H "Authorization: Bearer $tok" "$url/api/v1/me")"
id=$("$bin" token list m@test.nhs.uk | awk '$3 == "ci" { print $1 }')
"$bin" token revoke "$id" >/dev/null
check "revoked: the token stops" 401 "$(code -H "Authorization: Bearer $tok" "$url/api/v1/me")"
check "every change audited, in order" \
    "user-add user-add token-create user-disable user-enable token-revoke" \
    "$(rows "SELECT action FROM audit_log WHERE action LIKE 'user-%' OR action LIKE 'token-%' ORDER BY id" | tr '\n' ' ' | sed 's/ $//')"

# Throttling: 100 wrong passwords at once from one client are checked at
# most 5 times; the owner elsewhere is not held up; refusals do not flood
# the audit log.
audit0=$(rows "SELECT COUNT(*) FROM audit_log")
for i in $(seq 100); do sign_in o@test.nhs.uk "wrong password $i" 10.6.6.6 $i >"$tmp/race.$i" & done
wait $(jobs -p | grep -v "^$pid\$") 2>/dev/null
check "100 parallel wrong passwords: 5 checked (401), 95 refused (429)" "5 95" \
    "$(grep -lx 401 "$tmp"/race.* | wc -l) $(grep -lx 429 "$tmp"/race.* | wc -l)"
check "the owner, from another address, signs in" 303 "$(sign_in o@test.nhs.uk "$pw" 10.0.0.2)"
check "the attacker's address waits, even with the right password" 429 \
    "$(sign_in o@test.nhs.uk "$pw" 10.6.6.6)"
check "the audit log grew by 5 failures, 1 refusal and 1 sign-in, not 100" 7 \
    "$(( $(rows "SELECT COUNT(*) FROM audit_log") - audit0 ))"
