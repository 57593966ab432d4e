#!/usr/bin/env bash
# make demo: three emulated BMCs of different vendors and an HTTPS event
# receiver on loopback (examples/demo/demolab), subscribed per severity by
# Terraform through a dev_overrides CLI configuration (no terraform init, no
# registry, no network), then drift, test events and a routing report.
#
#   examples/demo/run.sh          the demo (KEEP=1: leave everything running)
#   examples/demo/run.sh stop     stop what KEEP=1 left running
#
# DEMO_PORT (18640) is the first BMC's port; TERRAFORM picks the binary
# (terraform, or a path to OpenTofu's tofu).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$root/.demo
port=${DEMO_PORT:-18640}
tf=${TERRAFORM:-terraform}
log=$work/terraform.log
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
start=$SECONDS

bold() { printf '\033[1m%s\033[0m\n' "$*"; }
step() { printf '\n'; bold "==> $*"; }
fail() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

# stop destroys what the demo created (with the binary that created it) and
# stops the lab.
stop() {
  [ -f "$work/terraform-binary" ] && tf=$(cat "$work/terraform-binary")
  if [ -f "$work/tf/terraform.tfstate" ] && [ -f "$work/lab.pid" ] && kill -0 "$(cat "$work/lab.pid")" 2>/dev/null; then
    (cd "$work/tf" && TF_CLI_CONFIG_FILE=$work/terraformrc "$tf" destroy -auto-approve >>"$log" 2>&1) &&
      echo "subscriptions destroyed" || echo "terraform destroy failed; see $log"
  fi
  if [ -f "$work/lab.pid" ]; then
    kill "$(cat "$work/lab.pid")" 2>/dev/null && echo "BMCs and receiver stopped" || true
    rm -f "$work/lab.pid"
  fi
}
if [ "${1:-}" = stop ]; then stop; exit 0; fi

# tf runs terraform with its output in the log; on failure it shows the end.
tf() {
  last=$1
  printf '\n$ %s %s\n' "$(basename "$tf")" "$*" >>"$log"
  "$tf" "$@" >"$work/last.raw" 2>&1 && rc=0 || rc=$?
  cat "$work/last.raw" >>"$log"
  sed 's/\x1b\[[0-9;]*m//g' "$work/last.raw" >"$work/last.out"
  return $rc
}
tf_failed() {
  tail -n 30 "$work/last.out" >&2
  fail "$(basename "$tf") $* failed (above, the end of its output; all of it is in $log)"
}
# summary prints terraform's verdict of the last command ("Plan: 6 to add, ...");
# an apply or destroy without a saved plan also prints a plan: only its result counts.
summary() {
  local what='^(Plan:|No changes\.)'
  case $last in apply | destroy) what='^(Apply|Destroy) complete!' ;; esac
  grep -E "$what" "$work/last.out" | sed "s/^/    $last: /" || true
}

examples/demo/check-tools.sh "$tf"
# The demo runs terraform from .demo/tf: a relative path must not go stale.
case $tf in */*) tf=$(realpath "$tf") ;; esac
if [ -f "$work/lab.pid" ] && kill -0 "$(cat "$work/lab.pid")" 2>/dev/null; then
  fail "a demo left running by KEEP=1 is still up (pid $(cat "$work/lab.pid")): stop it with 'make demo-stop' (or examples/demo/run.sh stop), then run the demo again."
fi
for p in $port $((port + 1)) $((port + 2)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    fail "port $p is in use, and the demo's BMCs listen on $port-$((port + 2)). Free it, or pick other ports: DEMO_PORT=28640 make demo"
  fi
done

rm -rf "$work" && mkdir -p "$work/bin" "$work/tf"
: >"$log"
echo "$tf" >"$work/terraform-binary"

step "Building the provider and the demo lab"
go build -o "$work/bin/terraform-provider-bmc" .
go build -o "$work/bin/demolab" ./examples/demo/demolab

step "Starting 3 emulated BMCs (iDRAC, XClarity, DMTF reference; HTTPS, user admin) and an event receiver"
# setsid: with KEEP=1 the lab outlives this script (and Ctrl-C in this terminal).
setsid "$work/bin/demolab" serve -dir "$work" -port "$port" >"$work/lab.log" 2>&1 &
echo $! >"$work/lab.pid"
# KEEP=1 keeps a demo that succeeded; a failed one is always stopped.
cleanup() { rc=$?; if [ "${KEEP:-}" != 1 ] || [ $rc -ne 0 ]; then stop >/dev/null; fi; }
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$work/lab.json" ] && break; kill -0 "$(cat "$work/lab.pid")" 2>/dev/null || break; sleep 0.1; done
[ -s "$work/lab.json" ] || { cat "$work/lab.log" >&2; fail "the demo lab did not start (its log is above)"; }
sleep 0.2
sed 's/^/    /' "$work/lab.log"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "bmc-events/bmc" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE=$work/terraformrc
sed 's#"../../examples/fleet"#"'"$root"'/examples/fleet"#' examples/demo/main.tf >"$work/tf/main.tf"
echo "lab_file = \"$work/lab.json\"" >"$work/tf/terraform.tfvars"
cd "$work/tf"
# get installs the local fleet module only; the provider comes from dev_overrides.
tf get || tf_failed get

step "Plan and apply: every BMC subscribed once per severity (Critical, Warning), each to its own receiver path"
tf plan -out=plan.out || tf_failed plan
summary
tf apply -auto-approve plan.out || tf_failed apply
summary
tf output subscriptions || tf_failed output
sed -n 's/^ *"\(.*\)" = "\(.*\)"$/\1 \2/p' "$work/last.out" | while read -r key url; do printf '    %-22s -> %s\n' "$key" "$url"; done

step "Plan again: nothing to do"
tf plan -detailed-exitcode || tf_failed plan
summary

step "Drift: an admin deletes node1-idrac's Critical subscription in the BMC's web UI"
tf output subscriptions || tf_failed output
id=$(sed -n 's/^ *"node1-idrac\/Critical" = "\(.*\)"$/\1/p' "$work/last.out")
"$work/bin/demolab" delete -dir "$work" "$id"
echo "    deleted $id"
tf plan -detailed-exitcode && fail "the plan did not notice the deleted subscription" || [ $? -eq 2 ] || tf_failed plan
summary
tf apply -auto-approve || tf_failed apply
summary
tf plan -detailed-exitcode || tf_failed plan
echo "    drift repaired: the next plan is clean"

step "Test events: each BMC raises a Critical, a Warning and an OK event (SubmitTestEvent)"
"$work/bin/demolab" send -dir "$work"

step "What the receiver got"
"$work/bin/demolab" report -dir "$work"

if [ "${KEEP:-}" = 1 ]; then
  step "Left running (KEEP=1)"
  bmc1=$(sed -n 's/.*"url": "\(.*\)".*/\1/p' "$work/lab.json" | head -1)
  cat <<EOF
  BMCs and receiver:  $work/lab.json (log: $work/lab.log, events: $work/events.jsonl)
  Look at a BMC:      curl -s --cacert $work/ca.pem -u admin:demo $bmc1/redfish/v1/EventService/Subscriptions
  Terraform:          cd $work/tf && export TF_CLI_CONFIG_FILE=$work/terraformrc && $tf plan
  More test events:   $work/bin/demolab send -dir $work && $work/bin/demolab report -dir $work
  Stop it all:        make demo-stop     (destroys the subscriptions, stops the BMCs and receiver)
EOF
else
  step "Destroy"
  tf destroy -auto-approve || tf_failed destroy
  summary
fi
printf '\nDemo done in %ds. Terraform'"'"'s full output: %s\n' $((SECONDS - start)) "$log"
