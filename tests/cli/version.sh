# -v prints one version line on stdout; with -e the chunk runs afterwards.
"$QYLUA" -v | sed -E 's/[0-9]+\.[0-9]+\.[0-9]+/N.N.N/g'
"$QYLUA" -v -e 'print("after")' | sed -E 's/[0-9]+\.[0-9]+\.[0-9]+/N.N.N/g'
# The versions in it are the module's and the Lua library's.
"$QYLUA" -v | grep -c "(qy $("$QYLUA" -e 'io.write(qy.version)')) — Lua 5\.4\."
