#!/usr/bin/env bash
# A newcomer's first run on a fresh Debian 12: build a minimal Debian 12 root with debootstrap
# (python3, python3-venv, python3-pip, git, ca-certificates, procps; nothing else), clone the
# checkout into it, and run the README's two commands there as root, as a newcomer would:
# `./run.sh conformance`, then `./run.sh tests`. Prints each one's result and duration; exits 1
# if either failed (2 if the machine could not be set up). Needs root (debootstrap, mount, chroot).
#
#   scripts/fresh_machine.sh [REPO]   REPO: a git repository, cloned at its HEAD (committed work
#                                     only); default: the repository this script is in
#
# The debootstrapped root is cached as a tarball (FRESH_CACHE, default /var/cache/fresh-machine),
# so a re-run skips debootstrap; every run unpacks it into a new directory, so each starts from a
# pristine root. Logs stay in the run's directory under /var/tmp (printed at the end); the root
# itself is removed unless FRESH_KEEP=1.
#
# Environment: FRESH_MIRROR (default http://deb.debian.org/debian), FRESH_CACHE, FRESH_KEEP.
# Carried into the root from this machine: /etc/resolv.conf, the CA bundle (and the variables that
# point TLS clients at it, when set here: a network that inspects TLS needs its CA inside too),
# and HARNESS_* variables (e.g. HARNESS_TIMEOUT_MULTIPLIER on a loaded machine).
set -euo pipefail

SUITE=bookworm
PACKAGES=python3,python3-venv,python3-pip,git,ca-certificates,procps
MIRROR=${FRESH_MIRROR:-http://deb.debian.org/debian}
CACHE=${FRESH_CACHE:-/var/cache/fresh-machine}
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
PROJECT=/root/project  # where the clone goes inside the root

if [ "$(id -u)" != 0 ]; then
  echo "fresh_machine.sh: needs root (debootstrap, mount and chroot)" >&2
  exit 2
fi
repo=$(cd "${1:-$(dirname "$0")}" && git rev-parse --show-toplevel) || {
  echo "fresh_machine.sh: ${1:-$(dirname "$0")} is not in a git repository" >&2
  exit 2
}
commit=$(git -C "$repo" rev-parse HEAD)

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "== installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

run_dir=$(mktemp -d /var/tmp/fresh-machine.XXXXXX)
root=$run_dir/root
mkdir "$root"

# -- cleanup: on every exit, also Ctrl-C and failures ------------------------------------------

in_root() {  # pids of processes whose root directory is ours
  local p
  for p in /proc/[0-9]*; do
    if [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ]; then echo "${p#/proc/}"; fi
  done
}

cleanup() {
  local status=$? left
  trap - EXIT INT TERM
  left=$(in_root)
  if [ -n "$left" ]; then
    echo "== left running inside the root (now stopped):" >&2
    ps -o pid=,args= -p "$(echo "$left" | paste -sd,)" >&2 || true
    kill -TERM $left 2>/dev/null || true
    for _ in $(seq 300); do [ -z "$(in_root)" ] && break; sleep 0.1; done  # allowed-sleep: polling (30 s at most) for non-children to exit
    left=$(in_root)
    if [ -n "$left" ]; then kill -KILL $left 2>/dev/null || true; fi
  fi
  for mount in dev sys proc; do
    if mountpoint -q "$root/$mount"; then umount -R "$root/$mount" || umount -R -l "$root/$mount" || true; fi
  done
  if [ "${FRESH_KEEP:-}" = 1 ]; then
    echo "== root kept: $root"
  elif findmnt -rn -o TARGET | grep -q "^$root/"; then
    echo "== not removing $root: something is still mounted under it" >&2
  else
    rm -rf --one-file-system "$root"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -- a pristine root ---------------------------------------------------------------------------

key=$(printf '%s\n' "$SUITE" "$PACKAGES" "$MIRROR" minbase | sha256sum | cut -c1-12)
tarball=$CACHE/$SUITE-minbase-$key.tar
if [ ! -f "$tarball" ]; then
  echo "== debootstrap $SUITE ($PACKAGES) from $MIRROR; cached as $tarball"
  started=$(date +%s)
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$root" "$MIRROR" >"$run_dir/debootstrap.log" 2>&1 || {
    echo "fresh_machine.sh: debootstrap failed; see $run_dir/debootstrap.log" >&2
    tail -20 "$run_dir/debootstrap.log" >&2
    exit 2
  }
  mkdir -p "$CACHE"
  tar -C "$root" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
  echo "== debootstrap took $(($(date +%s) - started)) s"
else
  echo "== unpacking the cached root $tarball"
  tar -C "$root" -xpf "$tarball"
fi

# What Debian 12's installer configures: the release, its updates and its security updates.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# What the installer writes and debootstrap does not: without it `localhost` does not resolve
# (Selenium then cannot reach geckodriver: "Can not connect to the Service").
cat >"$root/etc/hosts" <<EOF
127.0.0.1	localhost
::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$CA_BUNDLE" "$root$CA_BUNDLE"

mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"

git clone -q --no-checkout "$repo" "$root$PROJECT"
git -C "$root$PROJECT" checkout -q --detach "$commit"

# -- the README's two commands -----------------------------------------------------------------

env_in_root=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)
for name in SSL_CERT_FILE REQUESTS_CA_BUNDLE PIP_CERT; do
  if [ -n "${!name:-}" ]; then env_in_root+=("$name=$CA_BUNDLE"); fi
done
while IFS='=' read -r name value; do
  env_in_root+=("$name=$value")
done < <(env | grep '^HARNESS_' || true)

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'): $repo at $commit, in $root"
results=()
failed=0
for job in conformance tests; do
  echo "== ./run.sh $job"
  started=$(date +%s)
  # In the background, so that a signal to this script is handled at once (a trap waits for a
  # foreground command): the cleanup then stops the job (SIGTERM: the suite tears down).
  # Ctrl-C works in the job as in a newcomer's terminal even when this script was itself started
  # in the background of a non-interactive shell, which ignores SIGINT and SIGQUIT for it (the
  # suite's interrupt tests would then fail): `env --default-signal` restores them.
  (
    chroot "$root" /usr/bin/env -i --default-signal=INT,QUIT "${env_in_root[@]}" \
      /bin/bash -c "cd $PROJECT && ./run.sh $job" </dev/null 2>&1 |
      tee "$run_dir/$job.log"
    exit "${PIPESTATUS[0]}"
  ) &
  status=0
  wait $! || status=$?
  seconds=$(($(date +%s) - started))
  summary=$(grep -E '^=+ .*(passed|failed|error).* =+$' "$run_dir/$job.log" | tail -1 | sed -E 's/^=+ //; s/ =+$//' || true)
  if [ "$status" = 0 ]; then verdict=passed; else verdict="FAILED (exit $status)"; failed=1; fi
  results+=("./run.sh $job: $verdict in ${seconds} s${summary:+ ($summary)}")
done

echo
echo "== fresh Debian 12 ($SUITE), commit $commit, $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%s\n' "${results[@]}"
echo "logs: $run_dir/conformance.log, $run_dir/tests.log"
exit "$failed"
