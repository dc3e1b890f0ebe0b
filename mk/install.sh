#!/bin/sh
# mk/install.sh — installs (or uninstalls) built files where lua5.4 looks:
#   DEST/bin/qylua, DEST/lib/lua/5.4/qy.so, DEST/share/lua/5.4/qy/*.lua
# Usage: mk/install.sh install|uninstall BINDIR DEST
# BINDIR holds the built qylua and qy.so (the Makefile's BIN); DEST is
# $(DESTDIR)$(PREFIX). It copies what is built and never builds, so the
# golden test installs exactly the binaries under test (ASan ones too).
set -eu
[ $# -eq 3 ] || { echo "usage: mk/install.sh install|uninstall BINDIR DEST" >&2; exit 2; }
action=$1 bin=$2 dest=$3
cd "$(dirname "$0")/.."
lmod=$dest/share/lua/5.4
cmod=$dest/lib/lua/5.4

case "$action" in
install)
    for f in "$bin/qylua" "$bin/qy.so"; do
        [ -f "$f" ] || { echo "mk/install.sh: $f is not built (run make)" >&2; exit 1; }
    done
    install -d "$dest/bin" "$cmod" "$lmod/qy"
    install -m 755 "$bin/qylua" "$dest/bin/qylua"
    install -m 755 "$bin/qy.so" "$cmod/qy.so"
    install -m 644 lua/qy/*.lua "$lmod/qy/"
    ;;
uninstall)
    rm -f "$dest/bin/qylua" "$cmod/qy.so"
    for f in lua/qy/*.lua; do rm -f "$lmod/qy/${f##*/}"; done
    # The qy/ directory goes only when nothing else is left in it.
    rmdir "$lmod/qy" 2>/dev/null || true
    ;;
*)
    echo "mk/install.sh: unknown action '$action' (install or uninstall)" >&2; exit 2 ;;
esac
