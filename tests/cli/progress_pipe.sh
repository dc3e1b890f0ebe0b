# With stderr not a terminal (here a pipe) qy.read_csv draws no progress
# bar, even with the threshold at 0 seconds.
QY_PROGRESS_AFTER=0 "$QYLUA" -e 'print(#qy.read_csv("data/inbound.csv"))'
