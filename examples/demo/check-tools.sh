#!/usr/bin/env bash
# Checks the tools the quick start needs and says what to do when one is
# missing or too old: Go (the version go.mod names) and Terraform 1.11+ or
# OpenTofu 1.11+ (write-only arguments, which the provider and the demo use).
#
#   examples/demo/check-tools.sh [terraform-binary]     (default: terraform)
#
# `make test`, `make testacc` and `make demo` run it first.
set -euo pipefail
cd "$(dirname "$0")/../.."
tf=${1:-terraform}
tf_min=1.11.0

fail() { printf '\nerror: %s\n\n' "$*" >&2; exit 1; }
# at_least A B: version A >= version B.
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }

command -v go >/dev/null ||
  fail "go is not on PATH. Install Go $(sed -n 's/^go //p' go.mod) or later from https://go.dev/dl/ and add its bin folder to PATH."
go_min=$(sed -n 's/^go //p' go.mod)
# The Go that builds here: with GOTOOLCHAIN=auto that is one go fetches for
# go.mod; with GOTOOLCHAIN=local, go refuses to run in this module when it is
# too old, so ask it from outside for the installed version.
go_have=$({ go env GOVERSION 2>/dev/null || (cd / && go env GOVERSION); } | sed 's/^go//; s/[^0-9.].*//')
at_least "${go_have:-0}" "$go_min" ||
  fail "Go ${go_have:-?} is installed; this repository needs Go $go_min or later (go.mod). Install it from https://go.dev/dl/, or let go fetch it: export GOTOOLCHAIN=go$go_min+auto"

if ! command -v "$tf" >/dev/null; then
  if [ "$tf" = terraform ]; then
    fail "terraform is not on PATH. Install Terraform $tf_min or later (https://developer.hashicorp.com/terraform/install), or use OpenTofu: TERRAFORM=/path/to/tofu (make tofu builds bin/tofu)."
  fi
  fail "$tf (the TERRAFORM you chose) was not found. Give its full path, or unset TERRAFORM to use terraform from PATH."
fi
# `version -json` prints {"terraform_version": "1.11.4", ...} in both Terraform and OpenTofu.
tf_have=$("$tf" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -1)
[ -n "$tf_have" ] || fail "could not read the version of $tf ($(command -v "$tf")): is it Terraform or OpenTofu? Try: $tf version"
at_least "${tf_have%%-*}" "$tf_min" ||
  fail "$tf $tf_have is too old: the provider needs Terraform or OpenTofu $tf_min or later (write-only arguments). Install a newer one (https://developer.hashicorp.com/terraform/install), or point TERRAFORM at one."
echo "tools: go $go_have, $(basename "$tf") $tf_have"
