#!/usr/bin/env bash
# Install (or upgrade) the 116 111 hub from this unpacked tarball, as root:
#   sudo ./install.sh
# It creates the system user workstation-hub, a virtual environment in /opt/workstation-hub
# (from the wheels in wheels/, no network needed), the state folder /var/lib/workstation-hub
# (0700), the settings /etc/workstation-hub/hub.env (kept on upgrade), the systemd unit
# workstation-hub.service, and a nightly backup timer into /var/backups/workstation-hub (0700).
# It starts nothing: add people and a certificate first (docs/operations.md, also in
# /opt/workstation-hub/share/workstation/).
#
# DESTDIR=/some/folder ./install.sh stages the same files below that folder instead (for
# packaging and tests): no user is created, nothing is chowned, systemd is not told.
# PYTHON=/usr/bin/python3.12 picks the interpreter (3.11 or newer; the wheels must match it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
DESTDIR=${DESTDIR:-}
PYTHON=${PYTHON:-python3}
SERVICE_USER=workstation-hub
PREFIX=/opt/workstation-hub
STATE=/var/lib/workstation-hub
BACKUPS=/var/backups/workstation-hub
CONFIG=/etc/workstation-hub
UNIT_DIR=/etc/systemd/system

say() { printf '%s\n' "$*" >&2; }
fail() { say "install.sh: $*"; exit 1; }

if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
  fail "run as root (sudo ./install.sh), or set DESTDIR to stage the files elsewhere"
fi
command -v "$PYTHON" >/dev/null 2>&1 || fail "$PYTHON not found (set PYTHON=...)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  fail "the hub needs Python 3.11 or newer ($PYTHON is older)"
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null ||
  fail "$PYTHON cannot make virtual environments: apt-get install python3-venv"
[ -d "$here/wheels" ] && [ -f "$here/requirements-hub.txt" ] ||
  fail "run me from the unpacked hub tarball (wheels/ and requirements-hub.txt beside me)"

if [ -z "$DESTDIR" ] && ! getent passwd "$SERVICE_USER" >/dev/null; then
  say "Creating the system user $SERVICE_USER"
  useradd --system --user-group --home-dir "$STATE" --no-create-home \
    --shell /usr/sbin/nologin --comment "116 111 hub" "$SERVICE_USER"
fi

venv="$DESTDIR$PREFIX"
say "Installing the hub into $venv"
"$PYTHON" -m venv --clear "$venv"
"$venv/bin/python" -m pip install --quiet --no-index --find-links "$here/wheels" \
  --requirement "$here/requirements-hub.txt"
"$venv/bin/python" -m pip install --quiet --no-index --no-deps "$here"/wheels/workstation-*.whl
share="$venv/share/workstation"
mkdir -p "$share"
rm -rf "$share/resources"
cp -R "$here/resources" "$share/resources"
cp "$here/operations.md" "$share/" 2>/dev/null || true
chmod -R go-w "$venv"

# State: the hub's user alone reads it (the database holds conversations in clear text).
install -d -m 0700 "$DESTDIR$STATE"
# Settings: root writes them, the hub's group reads them (TLS keys go in here too).
install -d -m 0750 "$DESTDIR$CONFIG"
if [ ! -e "$DESTDIR$CONFIG/hub.env" ]; then
  install -m 0640 "$here/hub.env" "$DESTDIR$CONFIG/hub.env"
else
  say "Keeping the existing $CONFIG/hub.env"
fi
# Backups: the same, in their own folder (the timer is installed, not enabled).
install -d -m 0700 "$DESTDIR$BACKUPS"
install -d -m 0755 "$DESTDIR$UNIT_DIR"
for unit in workstation-hub.service workstation-hub-backup.service workstation-hub-backup.timer; do
  install -m 0644 "$here/$unit" "$DESTDIR$UNIT_DIR/$unit"
done

if [ -n "$DESTDIR" ]; then
  say "Staged below $DESTDIR (no user created, systemd not told)."
  exit 0
fi

chown -R "$SERVICE_USER:$SERVICE_USER" "$STATE" "$BACKUPS"
chown root:"$SERVICE_USER" "$CONFIG" "$CONFIG/hub.env"
ln -sf "$PREFIX/bin/workstation-hub" /usr/local/bin/workstation-hub
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload
fi
cat >&2 <<DONE
Installed. Next steps (docs/operations.md):
  sudo -u $SERVICE_USER workstation-hub user add NAME --role counsellor --display-name "Kari" \\
       --db $STATE/hub.sqlite3
  edit $CONFIG/hub.env (address, certificate), then:
  systemctl enable --now workstation-hub
  systemctl enable --now workstation-hub-backup.timer    # nightly backups, kept 7 days
DONE
