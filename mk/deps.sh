#!/bin/sh
# mk/deps.sh — installs the Debian packages qylua needs to build, test and draw.
# With --check it only reports (exit 1 when something is missing). With
# --fuzz it also wants clang and its libFuzzer, which only `make fuzz` needs.
set -u
PACKAGES="time build-essential pkg-config liblua5.4-dev lua5.4 libcsv-dev libxxhash-dev libzip-dev libexpat1-dev libfreexl-dev libgsf-1-dev libicu-dev libxlsxwriter-dev libreadline-dev gnuplot-nox fonts-wqy-microhei fonts-arphic-uming fontconfig pandoc libreoffice-writer-nogui poppler-utils unzip python3-openpyxl libreoffice-calc-nogui lua-busted tmux valgrind"
check=""
for a in "$@"; do
    case "$a" in
        --check) check=1 ;;
        --fuzz) PACKAGES="$PACKAGES clang libclang-rt-14-dev" ;;
    esac
done

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0
[ -n "$check" ] && { echo "missing packages:$missing"; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q $missing
else
    echo "qylua needs these Debian packages:$missing"
    echo "install them with:  sudo apt-get install -y$missing"
    exit 1
fi
