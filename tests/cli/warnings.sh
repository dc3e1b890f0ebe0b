# Warnings are off unless -W (or warn("@on")).
"$QYLUA" -e 'warn("silent")'
"$QYLUA" -W -e 'warn("shown")'
"$QYLUA" -e 'warn("@on"); warn("on ", "now")'
