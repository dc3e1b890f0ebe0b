# qy is preloaded and already global: no require needed, and require gives
# the same table.
"$QYLUA" -e 'print(type(qy), rawequal(qy, require "qy"), type(package.preload.qy))'
"$QYLUA" -e 'print(type(qy.version))'
# -E does not take qy away.
"$QYLUA" -E -e 'print(type(qy))'
