#!/usr/bin/env bash
# Install the desk from this unpacked bundle, as root: sudo ./install-desk.sh
# Copies the bundle to /opt/workstation, puts `workstation` on the PATH, and adds the menu
# entry and icon. DESTDIR=/some/folder stages the same files below that folder instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DESTDIR=${DESTDIR:-}
if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install-desk.sh: run as root (sudo ./install-desk.sh)" >&2; exit 1
fi
target="$DESTDIR/opt/workstation"
rm -rf "$target"
mkdir -p "$target"
cp -R "$here/." "$target/"
install -d "$DESTDIR/usr/local/bin" "$DESTDIR/usr/share/applications" \
  "$DESTDIR/usr/share/icons/hicolor/scalable/apps" "$DESTDIR/usr/share/icons/hicolor/256x256/apps"
ln -sf /opt/workstation/workstation "$DESTDIR/usr/local/bin/workstation"
install -m 0644 "$here/workstation.desktop" "$DESTDIR/usr/share/applications/workstation.desktop"
install -m 0644 "$here/workstation.svg" "$DESTDIR/usr/share/icons/hicolor/scalable/apps/workstation.svg"
install -m 0644 "$here/workstation.png" "$DESTDIR/usr/share/icons/hicolor/256x256/apps/workstation.png"
if [ -z "$DESTDIR" ] && command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
echo "Installed: start it from the menu, or: workstation --hub wss://HUB:8765" >&2
