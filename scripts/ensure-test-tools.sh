#!/usr/bin/env bash
# Runs before `npm test` (npm's pretest): makes sure the tools the tests run for real are here.
# Apache, nginx, openssl, unshare, script, ip, python3, PostgreSQL and the CA bundle come from Debian packages and are installed
# when missing (as root, with apt-get); elsewhere this stops at once with the exact command to run.
# Terraform and its AWS provider mirror come with the machine image: their absence is reported here,
# and the Terraform tests then fail saying so.
set -uo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }
# Debian keeps initdb off PATH, in /usr/lib/postgresql/<version>/bin (test/support/postgres.ts looks there too).
have_initdb() {
  have initdb && return 0
  local found
  for found in /usr/lib/postgresql/*/bin/initdb; do
    [ -x "$found" ] && return 0
  done
  return 1
}

missing=()
have apache2 || missing+=(apache2)
have nginx || missing+=(nginx)
have openssl || missing+=(openssl)
have unshare || missing+=(util-linux)
have ip || missing+=(iproute2)
have script || missing+=(bsdutils)
# The verify lab's "port 443 dropped" site: a listener whose queue is full (no iptables here).
have python3 || missing+=(python3)
have_initdb || missing+=(postgresql)
[ -f /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)

if ! command -v terraform >/dev/null 2>&1; then
  echo "WARNING: terraform is not on PATH; the Terraform tests will fail and say so (it is not a Debian package: install Terraform 1.11 from your usual source)" >&2
fi

[ "${#missing[@]}" -eq 0 ] && exit 0

install="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing what the tests need (Debian packages): ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "error: the install failed; run it yourself and retry: $install" >&2
  exit 1
fi

echo "error: the tests need ${missing[*]}, which are missing. Install them, then run npm test again:" >&2
if command -v apt-get >/dev/null 2>&1; then
  echo "  sudo sh -c '$install'" >&2
else
  echo "  (not a Debian/Ubuntu machine) install Apache httpd 2.4 (apache2), nginx, openssl, util-linux (unshare), script (bsdutils), iproute2 (ip), PostgreSQL (initdb, pg_ctl, postgres, psql) and a CA bundle at /etc/ssl/certs/ca-certificates.crt" >&2
fi
exit 1
