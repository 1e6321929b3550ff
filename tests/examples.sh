#!/usr/bin/env bash
# Runs the crate's examples (examples/*.rs) and checks what they print: the scenario's H1 growth,
# gap and required growth are the README's figures (6.56%, -1.04 pp, 9.27%) and goal seek says
# construction alone cannot carry H2, the probability is the
# README's (0.048, 10th-90th percentiles 6.50-7.80%), the ranking and the digest print their
# headings.
set -eu
cd "$(dirname "$0")/.."
fail() { echo "example $1: expected $2 in its output:"; echo "$3"; exit 1; }
check() { # name features pattern...
  name=$1; features=$2; shift 2
  out=$(cargo run --quiet --example "$name" ${features:+--features "$features"} -- ${ARGS:-})
  for pattern in "$@"; do grep -qF -- "$pattern" <<<"$out" || fail "$name" "$pattern" "$out"; done
  echo "ok: example $name"
}
check scenario "" "GRDP 2025H1: 6.56%" "Gap(2025H1: GRDP 6.56% against 7.60%, -1.04 pp)" \
  "RequiredGrowth(target=8.00%, 2025H2: GRDP 9.27%, policy=uniform, feasible; quarterly plan vs stated annual target: GRDP -0.01 pp, CNXD -0.01 pp)" \
  "over 2025H2 for 8.00%, mode=tracking, NOT feasible: XD would need"
check probability "" "Probability(P(≥8.00%)=0.048, analytic, median" "percentile 10: 6.50%" \
  "percentile 90: 7.80%"
check disbursement store "Ranking of investors as of 2025-07-31: province 26.8%"
ARGS=vi check monitor_digest store "Bản tin theo dõi tháng 2025-07"
