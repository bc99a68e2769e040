# neurite demo overfitting, batch-size, regression and neurite search: the
# numbers each prints, and figures that are well-formed SVG.
source "$(dirname "$0")/lib.sh" "$@"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MNIST="$ROOT/data/mnist"

expect_ok "demo list" "$NEURITE" demo --list
for name in overfitting batch-size regression; do
  grep -q "^  $name " "$TMP/out" || fail "$name not listed"
done

# num PATTERN: the first number captured by the sed pattern \(…\) in stdout.
num() { sed -n "s/$1/\1/p" "$TMP/out" | head -1; }
# holds NAME AWK-CONDITION var=value...: fails NAME unless the condition holds.
# (A value that was not found, "x=", fails too.)
holds() {
  local name=$1 cond=$2 a; shift 2
  for a in "$@"; do case $a in *=) fail "$name: a number is missing ($*)"; return;; esac; done
  awk "$@" "BEGIN { exit !($cond) }" || fail "$name ($*)"
}

# ---- regression (no MNIST needed) ----------------------------------------------
expect_ok "demo regression" "$NEURITE" --threads 1 demo regression --data "$ROOT/data" --out "$FIG"
noise=$(num '^MSE fit: test RMSE [0-9.]* (noise floor \([0-9.]*\),.*')
base=$(num '^MSE fit: .*mean baseline \([0-9.]*\)).*')
fit=$(num '^MSE fit: test RMSE \([0-9.]*\) .*')
clean=$(num '^MSE fit: .*), \([0-9.]*\) from the noise-free curve$')
mae_clean=$(num '^MAE fit: .*, \([0-9.]*\) from the noise-free curve$')
r2=$(num '^   test R² *: *\([0-9.-]*\)$')
[ -n "$fit" ] && [ -n "$noise" ] && [ -n "$clean" ] && [ -n "$r2" ] || fail "regression numbers missing: $(cat "$TMP/out")"
# The noise sets a floor near sigma = 0.1 that no fit can beat on noisy data;
# the MSE fit must come near it, far below the mean's 0.7, and be closer to
# sin(x) than the noise is.
holds "noise floor near 0.1" "n > 0.09 && n < 0.11" -v n="$noise"
holds "mean baseline near 0.71" "b > 0.6 && b < 0.8" -v b="$base"
holds "MSE fit RMSE near the noise floor" "f >= n * 0.95 && f < n * 1.2" -v f="$fit" -v n="$noise"
holds "MSE fit close to sin(x)" "c < 0.05" -v c="$clean"
holds "MAE fit close to sin(x)" "c < 0.06" -v c="$mae_clean"
holds "iris petal width R² high" "r > 0.85" -v r="$r2"
check_figure regression.svg
[ "$(grep -c '<circle' "$FIG/regression.svg")" -ge 200 ] || fail "the 200 data points are not drawn"
# The table it writes trains with neurite train and evaluates with RMSE and R².
TABLE="$FIG/iris_petal_width.csv"
[ "$(wc -l <"$TABLE")" = 151 ] || fail "iris_petal_width.csv is not a header and 150 rows"
expect_ok "train on the regression table" "$NEURITE" --threads 1 train --csv "$TABLE" --regression --hidden 16 \
  --activation tanh --epochs 200 --batch-size 16 --lr 0.01 --quiet --out "$TMP/reg"
expect_line "train regression" "test loss:"
expect_ok "eval on the regression table" "$NEURITE" --threads 1 eval --model "$TMP/reg/model.nrm" --csv "$TABLE" --regression
r2=$(num '^R²: *\([0-9.-]*\)$')
rm=$(num '^RMSE: *\([0-9.]*\)$')
holds "eval R² on the table" "r > 0.85" -v r="$r2"
holds "eval RMSE on the table (cm)" "m > 0 && m < 0.3" -v m="$rm"

# ---- search on a table (no MNIST needed) ----------------------------------------
search() { "$NEURITE" --threads 1 search --dataset iris --data "$ROOT/data" --hidden 8 --epochs 20 --batch-size 16 \
  --trials 8 --lr-range 0.001,0.5 --wd-range 1e-5,1e-2 --out "$FIG" "$@"; }
expect_ok "search iris" search --seed 3
cp "$TMP/out" "$TMP/search1"
expect_line "search iris" "test set: not used (its 30 rows were dropped on loading)"
expect_line "search iris" "validation: 24 rows carved from 120 training rows"
[ "$(grep -Ec '^ +[0-9]+  [0-9.e-]+ +[0-9.e-]+ +[0-9.]+ +[0-9.]+ %$' "$TMP/out")" = 8 ] || fail "not 8 trial rows"
table_max=$(grep -E '^ +[0-9]+  [0-9.e-]+ +[0-9.e-]+ +[0-9.]+ +[0-9.]+ %$' "$TMP/out" | awk '$5 > m { m = $5 } END { printf "%.2f", m }')
best=$(num '^best: trial [0-9]*, .*validation accuracy \([0-9.]*\) %$')
[ -n "$best" ] && [ "$best" = "$table_max" ] || fail "best $best is not the table's maximum $table_max"
# lr and decay are log-uniform within the ranges.
grep -E '^ +[0-9]+  [0-9.e-]+ ' "$TMP/out" | head -8 | awk '{ if ($2 < 0.001 || $2 > 0.5 || $3 < 1e-5 || $3 > 1e-2) bad = 1 } END { exit bad }' \
  || fail "a drawn value is outside its range"
check_figure search.svg
expect_ok "search iris again" search --seed 3
diff <(grep -v '^figure:' "$TMP/search1") <(grep -v '^figure:' "$TMP/out") >/dev/null || fail "the same seed gave different trials"
expect_ok "search iris seed 4" search --seed 4
cmp -s <(grep -E '^ +[0-9]+  ' "$TMP/search1") <(grep -E '^ +[0-9]+  ' "$TMP/out") && fail "another seed gave the same trials"
expect_error "search bad range" "--lr-range" "$NEURITE" search --dataset iris --data "$ROOT/data" --lr-range 0.1,0.01

if [ ! -f "$MNIST/train-images-idx3-ubyte" ]; then
  fail "MNIST not found in $MNIST (scripts/fetch_data.sh fetches it)"
  finish
fi

# ---- search on MNIST without its test files: they are never opened ------------
mkdir -p "$TMP/trainonly/mnist"
ln -s "$MNIST/train-images-idx3-ubyte" "$MNIST/train-labels-idx1-ubyte" "$TMP/trainonly/mnist/"
expect_error "eval needs the test files" "t10k" "$NEURITE" --threads 1 eval --model "$TMP/reg/model.nrm" --data "$TMP/trainonly"
expect_ok "search mnist without test files" "$NEURITE" --threads 1 search --data "$TMP/trainonly" --train-rows 2000 \
  --hidden 32 --epochs 2 --trials 3 --lr-range 0.01,0.3 --out "$FIG"
expect_line "search mnist" "test set: not used (its files were not opened)"
expect_line "search mnist" "validation: 400 rows carved from 2000 training rows"
grep -q '^best: trial [1-3], ' "$TMP/out" || fail "no best trial on MNIST"

# ---- overfitting ------------------------------------------------------------------
expect_ok "demo overfitting" "$NEURITE" --threads 1 demo overfitting --data "$ROOT/data" --out "$FIG"
plain_train=$(num '^final gap plain: [0-9.-]* (train \([0-9.]*\) %.*')
plain=$(num '^final gap plain: \([0-9.-]*\) .*')
decay=$(num '^final gap weight decay 0.1: \([0-9.-]*\) .*')
drop=$(num '^final gap dropout 0.2: \([0-9.-]*\) .*')
[ -n "$plain" ] && [ -n "$decay" ] && [ -n "$drop" ] || fail "gap lines missing: $(cat "$TMP/out")"
holds "plain run memorizes its 300 digits" "t >= 99.5" -v t="$plain_train"
holds "plain gap is large" "p > 15" -v p="$plain"
holds "weight decay narrows the gap" "d < p" -v d="$decay" -v p="$plain"
holds "dropout narrows the gap" "d < p" -v d="$drop" -v p="$plain"
check_figure overfitting.svg
[ "$(grep -c '<polyline\|<path' "$FIG/overfitting.svg")" -ge 6 ] || fail "overfitting.svg lacks six curves"

# ---- batch size ---------------------------------------------------------------------
expect_ok "demo batch-size" "$NEURITE" --threads 1 demo batch-size --data "$ROOT/data" --epochs 4 --out "$FIG"
# 4 epochs of 2048 digits: 8192 samples; a point every 256 samples (33), full batch every step (5).
for spec in "1 8192 33" "16 512 33" "64 128 33" "256 32 33" "2048 4 5"; do
  set -- $spec
  grep -Eq "^batch $1: $2 steps, loss [0-9.]+ after 8192 samples" "$TMP/out" || fail "batch $1: not $2 steps"
  pts=$(grep -E "^  batch $1 \(" "$TMP/out" | awk '{ print $NF }')
  [ "$pts" = "$3" ] || fail "batch $1: $pts points, expected $3"
done
loss() { num "^batch $1: [0-9]* steps, loss \([0-9.]*\) .*"; }
holds "full batch has the highest loss" "f > a && f > b && f > c && f > d" \
  -v f="$(loss 2048)" -v a="$(loss 1)" -v b="$(loss 16)" -v c="$(loss 64)" -v d="$(loss 256)"
holds "full batch barely moved (loss above 1)" "f > 1" -v f="$(loss 2048)"
holds "mini-batch 16 well below full batch" "b < f / 2" -v b="$(loss 16)" -v f="$(loss 2048)"
check_figure batch_size.svg

finish
