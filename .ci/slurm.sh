#!/usr/bin/env bash
# A single-node Slurm cluster on this machine for tests/slurm_test.ts: `start` writes the config,
# starts munged, slurmctld and slurmd and waits for the node `localhost` to be idle; `stop` stops
# the three and removes their state and the config. Both are idempotent.
# It installs nothing: .ci/run installs Debian's slurm-wlm and munge.
# The machine is shared, so everything but /etc/slurm/slurm.conf (where the Slurm clients look)
# lives in $STATE, the daemons use their own munge socket and ports, and only the processes named
# in our pid files are ever stopped. (Slurm has no setting to bind its ports to loopback only.)
set -euo pipefail

STATE=/var/spool/chaos-datagen-slurm
CONF=/etc/slurm/slurm.conf
MARK="# written by chaos-datagen .ci/slurm.sh"
KEY=/etc/munge/munge.key
WAIT_SECONDS=${SLURM_START_WAIT:-60}

die() {
  echo "slurm.sh: $*" >&2
  exit 1
}

ours() { [ -f "$CONF" ] && head -n 1 "$CONF" | grep -qxF "$MARK"; }

# The pid in $1 if that process is alive.
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pid() {
  local file=$1 pid i
  alive "$file" || { rm -f "$file"; return 0; }
  pid=$(cat "$file")
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
}

stop() {
  stop_pid "$STATE/slurmd.pid"
  stop_pid "$STATE/slurmctld.pid"
  stop_pid "$STATE/munge/munged.pid"
  if ours; then rm -f "$CONF"; fi
  rm -rf "$STATE"
}

write_conf() {
  local cpus memory
  cpus=$(nproc)
  # RealMemory in MiB as slurmd counts it; one less so the node is never drained for "low memory".
  memory=$(($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 - 1))
  mkdir -p /etc/slurm
  cat >"$CONF" <<CONF
$MARK
ClusterName=chaos-datagen
SlurmctldHost=localhost
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$STATE/munge/munge.socket
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
  for tool in munged slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || die "$tool is missing: apt-get install slurm-wlm munge"
  done
  if [ -f "$CONF" ] && ! ours; then
    die "$CONF exists and was not written by this script: not touching it"
  fi
  if alive "$STATE/slurmctld.pid" && alive "$STATE/slurmd.pid" &&
    alive "$STATE/munge/munged.pid" && sinfo -h -N -o %T 2>/dev/null | grep -qx idle; then
    echo "slurm.sh: already running"
    return 0
  fi
  stop # a half-started cluster from before: start afresh

  if [ ! -s "$KEY" ]; then
    mkdir -p /etc/munge
    (umask 077 && dd if=/dev/urandom of="$KEY" bs=1 count=1024 status=none)
    chown munge:munge "$KEY" /etc/munge
  fi
  mkdir -p "$STATE/ctld" "$STATE/d" "$STATE/munge"
  chmod 755 "$STATE"
  chown munge:munge "$STATE/munge"
  write_conf

  runuser -u munge -- munged --socket="$STATE/munge/munge.socket" \
    --pid-file="$STATE/munge/munged.pid" --log-file="$STATE/munge/munged.log" \
    --seed-file="$STATE/munge/munged.seed" ||
    die "munged did not start: see $STATE/munge/munged.log"
  slurmctld || die "slurmctld did not start: see $STATE/slurmctld.log"
  slurmd -N localhost || die "slurmd did not start: see $STATE/slurmd.log"

  local i
  for i in $(seq 1 "$WAIT_SECONDS"); do
    if sinfo -h -N -o %T 2>/dev/null | grep -qx idle; then
      echo "slurm.sh: node localhost idle after ${i} s"
      return 0
    fi
    sleep 1
  done
  echo "slurm.sh: node not idle after $WAIT_SECONDS s: $(sinfo -h -N -o '%N %T %E' 2>&1)" >&2
  tail -n 5 "$STATE/slurmctld.log" "$STATE/slurmd.log" >&2 || true
  stop
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: bash .ci/slurm.sh start|stop" ;;
esac
