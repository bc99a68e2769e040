// Runs an ONNX file with onnxruntime (the npm package onnxruntime-node, CPU)
// on the rows of a CSV file of numbers and prints one CSV row of outputs per
// input row, each value with 9 significant digits as C's %.9g writes it.
//
//   node tests/onnx/ort_run.mjs [--threads N] MODEL.onnx INPUTS.csv
//
// The input's name and width come from the session (the model's first graph
// input, [batch, features]); all rows go through in one call. --threads sets
// onnxruntime's intra-op threads (default 1). Installed by
// `scripts/setup.sh test` (npm ci in tests/onnx, the version pinned there).
import fs from 'node:fs';
import ort from 'onnxruntime-node';

function usage(message) {
  if (message) console.error(`ort_run: ${message}`);
  console.error('usage: node ort_run.mjs [--threads N] MODEL.onnx INPUTS.csv');
  process.exit(2);
}

// printf("%.9g", v) exactly as C writes it: the double's exact decimal
// expansion rounded to 9 significant digits (ties to even), then the shorter
// of fixed and exponent notation with trailing zeros dropped.
function formatG9(v) {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (v === 0) return `${sign}0`;
  // |v| = m * 2^k with integer m.
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, Math.abs(v));
  const hi = bits.getUint32(0), lo = bits.getUint32(4);
  const biased = hi >>> 20;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let k;
  if (biased === 0) k = -1074;
  else { m |= 1n << 52n; k = biased - 1075; }
  // |v| = digits * 10^q exactly.
  const digits = (k >= 0 ? m << BigInt(k) : m * 5n ** BigInt(-k)).toString();
  let exp10 = digits.length - 1 + Math.min(k, 0);
  let head = digits.slice(0, 9).padEnd(9, '0');
  const rest = digits.slice(9);
  if (rest !== '') {
    const tie = rest[0] === '5' && /^0*$/.test(rest.slice(1));
    const up = rest[0] > '5' || (rest[0] === '5' && !tie) || (tie && Number(head[8]) % 2 === 1);
    if (up) {
      head = (BigInt(head) + 1n).toString();
      if (head.length > 9) { head = head.slice(0, 9); exp10 += 1; }
    }
  }
  const trim = (s) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp10 < -4 || exp10 >= 9) {
    const e = `${exp10 < 0 ? '-' : '+'}${String(Math.abs(exp10)).padStart(2, '0')}`;
    return `${sign}${trim(`${head[0]}.${head.slice(1)}`)}e${e}`;
  }
  if (exp10 < 0) return `${sign}${trim(`0.${'0'.repeat(-exp10 - 1)}${head}`)}`;
  return `${sign}${trim(`${head.slice(0, exp10 + 1)}.${head.slice(exp10 + 1)}`)}`;
}

// Rows of numbers (comma, semicolon or tab; blank lines skipped). A first
// line that is not all numbers is taken as a header.
function readCsv(path) {
  const rows = [];
  const lines = fs.readFileSync(path, 'utf8').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.split(/[,;\t]/);
    const values = cells.map((c) => (c.trim() === '' ? NaN : Number(c)));
    if (values.some((x) => Number.isNaN(x))) {
      if (rows.length === 0 && i === lines.findIndex((l) => l.trim() !== '')) return;  // header
      throw new Error(`${path}:${i + 1}: not a row of numbers`);
    }
    rows.push(values);
  });
  if (rows.length === 0) throw new Error(`${path}: no rows`);
  return rows;
}

async function main() {
  const args = process.argv.slice(2);
  let threads = 1;
  if (args[0] === '--threads') {
    threads = Number(args[1]);
    if (!Number.isInteger(threads) || threads < 1) usage(`--threads ${args[1]}: not a positive integer`);
    args.splice(0, 2);
  }
  if (args.length !== 2) usage();
  const [modelPath, csvPath] = args;

  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const name = session.inputNames[0];
  const meta = session.inputMetadata?.[0];
  const shape = meta?.shape ?? [];
  const width = shape.length === 2 && typeof shape[1] === 'number' ? shape[1] : null;

  const rows = readCsv(csvPath);
  const cols = width ?? rows[0].length;
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`${csvPath}: row ${i + 1} has ${r.length} values, the model's input "${name}" takes ${cols}`);
  });
  const data = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => data.set(r, i * cols));

  const results = await session.run({ [name]: new ort.Tensor('float32', data, [rows.length, cols]) });
  const out = results[session.outputNames[0]];
  const outCols = out.dims.length === 2 ? out.dims[1] : out.data.length / rows.length;
  const lines = [];
  for (let i = 0; i < rows.length; i++) {
    const row = [];
    for (let j = 0; j < outCols; j++) row.push(formatG9(out.data[i * outCols + j]));
    lines.push(row.join(','));
  }
  process.stdout.write(lines.join('\n') + '\n');
  await session.release?.();
}

main().catch((e) => {
  console.error(`ort_run: ${e?.message ?? e}`);
  process.exit(1);
});
