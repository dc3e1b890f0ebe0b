# The H1 report prints the published figures, Chinese columns aligned, from
# any working directory.
cd /tmp && "$QYLUA" "$OLDPWD/scripts/h1.lua"
