# H1-2023 funds by county: 合水县 and 宁县 tie at 12.21 and share rank 7 (min)
# or 7 with nothing after (dense); the counties add up to the published 300.67.
"$QYLUA" scripts/rank.lua --by county --measure funds --agg sum --period 2023H1
echo "exit: $?"
"$QYLUA" scripts/rank.lua --by county --measure funds --period 2023H1 --ties dense --top 7
