// Data sets of the playground: points (x, y) on the plane [-6, 6]² with a
// label — a class index 0 … K−1 for classification, a number in about
// [−1, 1] for regression. Every generator draws from a seeded PRNG, so the
// same seed (it is in the URL) gives the same points.

export const RADIUS = 6;  // the plane shown is [-RADIUS, RADIUS]²

// mulberry32: a small, fast 32-bit PRNG; good enough for drawing points.
export function makeRng(seed) {
  let a = (seed >>> 0) || 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uniform = (lo, hi) => lo + (hi - lo) * next();
  const normal = (mean = 0, std = 1) => {
    const u = 1 - next(), v = next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { next, uniform, normal };
}

// A number in [0, 1) from (seed, index) alone: which part (train or test)
// a point belongs to, stable when points are added one by one.
export function hash01(seed, index) {
  let h = Math.imul((seed >>> 0) ^ 0x85ebca6b, 0xc2b2ae35) ^ Math.imul(index + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const lerp = (a, b, t) => a + (b - a) * t;

// Each generator: (n, noise in [0, 0.5], rng, classes) → [{x, y, label}].
function circle(n, noise, rng) {
  const r = 5, pts = [];
  const label = (x, y) => (Math.hypot(x, y) < r * 0.5 ? 1 : 0);
  const ring = (lo, hi) => {
    for (let i = 0; i < n / 2; i++) {
      const rad = rng.uniform(lo, hi), a = rng.uniform(0, 2 * Math.PI);
      const x = rad * Math.sin(a), y = rad * Math.cos(a);
      const nx = rng.uniform(-r, r) * noise, ny = rng.uniform(-r, r) * noise;
      pts.push({ x, y, label: label(x + nx, y + ny) });
    }
  };
  ring(0, r * 0.5);
  ring(r * 0.7, r);
  return pts;
}

function xor(n, noise, rng) {
  const pts = [], pad = 0.3;
  for (let i = 0; i < n; i++) {
    let x = rng.uniform(-5, 5); x += x > 0 ? pad : -pad;
    let y = rng.uniform(-5, 5); y += y > 0 ? pad : -pad;
    const nx = rng.uniform(-5, 5) * noise, ny = rng.uniform(-5, 5) * noise;
    pts.push({ x, y, label: (x + nx) * (y + ny) >= 0 ? 1 : 0 });
  }
  return pts;
}

function gauss(n, noise, rng) {
  const std = Math.sqrt(lerp(0.5, 4, noise / 0.5)), pts = [];
  for (const [c, label] of [[2, 1], [-2, 0]])
    for (let i = 0; i < n / 2; i++) pts.push({ x: rng.normal(c, std), y: rng.normal(c, std), label });
  return pts;
}

function spiral(n, noise, rng) {
  const pts = [], m = n / 2;
  for (const [dt, label] of [[0, 1], [Math.PI, 0]])
    for (let i = 0; i < m; i++) {
      const r = (i / m) * 5, t = 1.75 * (i / m) * 2 * Math.PI + dt;
      pts.push({ x: r * Math.sin(t) + rng.uniform(-1, 1) * noise,
                 y: r * Math.cos(t) + rng.uniform(-1, 1) * noise, label });
    }
  return pts;
}

// K Gaussian blobs on a circle of radius 3.5.
function blobs(n, noise, rng, k) {
  const std = Math.sqrt(lerp(0.35, 3, noise / 0.5)), pts = [];
  for (let c = 0; c < k; c++) {
    const a = (2 * Math.PI * c) / k + Math.PI / 4;
    const cx = 3.5 * Math.cos(a), cy = 3.5 * Math.sin(a);
    for (let i = 0; i < Math.round(n / k); i++) pts.push({ x: rng.normal(cx, std), y: rng.normal(cy, std), label: c });
  }
  return pts;
}

// A spiral with K arms, one class per arm.
function arms(n, noise, rng, k) {
  const pts = [], m = Math.round(n / k);
  for (let c = 0; c < k; c++)
    for (let i = 0; i < m; i++) {
      const r = (i / m) * 5 + 0.2, t = 1.25 * (i / m) * 2 * Math.PI + (2 * Math.PI * c) / k;
      pts.push({ x: r * Math.sin(t) + rng.uniform(-1, 1) * noise,
                 y: r * Math.cos(t) + rng.uniform(-1, 1) * noise, label: c });
    }
  return pts;
}

function plane(n, noise, rng) {
  const pts = [];
  for (let i = 0; i < n; i++) {
    const x = rng.uniform(-RADIUS, RADIUS), y = rng.uniform(-RADIUS, RADIUS);
    const nx = rng.uniform(-RADIUS, RADIUS) * noise, ny = rng.uniform(-RADIUS, RADIUS) * noise;
    pts.push({ x, y, label: (x + nx + y + ny) / 10 });
  }
  return pts;
}

function multigauss(n, noise, rng) {
  const centers = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
  const value = (x, y) => {
    let best = 0;
    for (const [cx, cy, sign] of centers) {
      const v = sign * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
      if (Math.abs(v) > Math.abs(best)) best = v;
    }
    return best;
  };
  const pts = [];
  for (let i = 0; i < n; i++) {
    const x = rng.uniform(-RADIUS, RADIUS), y = rng.uniform(-RADIUS, RADIUS);
    const nx = rng.uniform(-RADIUS, RADIUS) * noise, ny = rng.uniform(-RADIUS, RADIUS) * noise;
    pts.push({ x, y, label: value(x + nx, y + ny) });
  }
  return pts;
}

// The data sets, in the order the page shows them.
export const DATASETS = {
  classification: [
    { id: 'circle', name: 'Circle', gen: circle, help: 'One class inside a ring of the other' },
    { id: 'xor', name: 'Exclusive or', gen: xor, help: 'Class by the sign of x₁·x₂ (XOR of the signs)' },
    { id: 'gauss', name: 'Two Gaussians', gen: gauss, help: 'Two Gaussian clouds; noise widens them' },
    { id: 'spiral', name: 'Spiral', gen: spiral, help: 'Two interleaved spirals — the hard one' },
    { id: 'blobs', name: 'Gaussian blobs (3+ classes)', gen: blobs, multi: true, help: 'K Gaussian clouds, one class each (softmax output)' },
    { id: 'arms', name: 'Spiral arms (3+ classes)', gen: arms, multi: true, help: 'A spiral with K arms, one class each (softmax output)' },
    { id: 'custom', name: 'Your own', gen: () => [], multi: true, help: 'Start empty: click on the plane to add points, or import a CSV' },
  ],
  regression: [
    { id: 'plane', name: 'Plane', gen: plane, help: 'y = (x₁ + x₂) / 10' },
    { id: 'multigauss', name: 'Multi Gaussian', gen: multigauss, help: 'Six bumps, up and down' },
    { id: 'custom', name: 'Your own', gen: () => [], help: 'Start empty: click on the plane to add points, or import a CSV' },
  ],
};

export function datasetInfo(problem, id) {
  const list = DATASETS[problem] || DATASETS.classification;
  return list.find((d) => d.id === id) || list[0];
}

// Number of classes the state implies (1 for regression).
export function classCount(state) {
  if (state.problem === 'regression') return 1;
  return datasetInfo(state.problem, state.dataset).multi ? state.classes : 2;
}

// All points of the state: the generated ones, then the ones the user
// added (state.extra), each with its part: train: true/false. The generated
// points are split by the ratio; points added by hand (state.extra) always
// train, so they always show; imported ones (state.imported) keep the part
// they were given on import (splitImported: test: true).
export function buildPoints(state) {
  const info = datasetInfo(state.problem, state.dataset);
  const rng = makeRng(state.seed);
  const k = classCount(state);
  const generated = info.gen(state.samples, state.noise / 100, rng, k);
  generated.forEach((p, i) => { p.train = hash01(state.seed, i) < state.ratio / 100; });
  // Never leave a part empty when there are two or more points.
  if (generated.length >= 2) {
    if (!generated.some((p) => p.train)) generated[0].train = true;
    if (!generated.some((p) => !p.train)) generated[generated.length - 1].train = false;
  }
  const all = generated.concat(state.extra.map((p) => ({ ...p, extra: true, train: true })),
    state.imported.map((p) => ({ x: p.x, y: p.y, label: p.label, extra: true, imported: true, train: !p.test })));
  // Keep labels valid when the class count shrank.
  return all.filter((p) => state.problem === 'regression' || (p.label >= 0 && p.label < k));
}

// Imported points split by the ratio, the test ones marked test: true.
export function splitImported(points, seed, ratio) {
  const out = points.map((p, i) => ({ ...p, test: hash01(seed, i) >= ratio / 100 }));
  if (out.length >= 2) {
    if (out.every((p) => p.test)) out[0].test = false;
    if (!out.some((p) => p.test)) out[out.length - 1].test = true;
  }
  return out.map(({ test, ...p }) => (test ? { ...p, test } : p));
}

// CSV of points: header "x1,x2,label", one point per row.
export function pointsToCsv(points) {
  const fmt = (v) => String(Math.round(v * 1e6) / 1e6);
  return 'x1,x2,label\n' + points.map((p) => `${fmt(p.x)},${fmt(p.y)},${fmt(p.label)}`).join('\n') + '\n';
}

// The most points Import CSV takes: every point is drawn and trained on in
// the browser, and the page stays responsive up to about this many.
export const MAX_IMPORT = 20000;

// Parses "x1,x2,label" rows (header optional). The separator is the first
// data line's: a semicolon (then a comma inside a number is a decimal comma,
// as spreadsheets in many locales write "1,5;2,5;0"), a tab, or a comma.
// Returns {points, error, warning}. Classification labels must be integers
// 0 … 5; more than MAX_IMPORT rows is an error; points outside the plane
// shown ([-RADIUS, RADIUS]²) are kept, with a warning. Linear in the text:
// no spreading of large arrays into calls.
export function csvToPoints(text, problem) {
  const points = [];
  const lines = text.split(/\r?\n/);
  let sep = null, rows = 0, outside = 0, header = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (sep === null) sep = line.includes(';') ? ';' : line.includes('\t') ? '\t' : ',';
    const raw = line.split(sep).map((c) => c.trim().replace(/^"|"$/g, ''));
    const cells = sep === ';' ? raw.map((c) => c.replace(',', '.')) : raw;
    const nums = cells.map((c) => (c === '' ? NaN : Number(c)));
    if (nums.some((v) => !Number.isFinite(v))) {
      if (rows === 0 && !header) { header = true; continue; }  // a header line
      return { points: [], error: `line ${i + 1}: expected three numbers x1${sep === '\t' ? '<tab>' : sep}x2` +
        `${sep === '\t' ? '<tab>' : sep}label, got "${line.slice(0, 80)}"` };
    }
    if (nums.length !== 3)
      return { points: [], error: `line ${i + 1}: expected three columns x1, x2, label separated by ` +
        `${sep === '\t' ? 'tabs' : `"${sep}"`}, got ${nums.length}` };
    if (++rows > MAX_IMPORT) continue;  // counted, not kept
    const [x, y, label] = nums;
    if (problem === 'classification' && !(Number.isInteger(label) && label >= 0 && label < 6))
      return { points: [], error: `line ${i + 1}: the class must be an integer from 0 to 5, got ${raw[2]}` };
    if (Math.abs(x) > RADIUS || Math.abs(y) > RADIUS) outside++;
    points.push({ x, y, label });
  }
  if (rows > MAX_IMPORT)
    return { points: [], error: `${rows.toLocaleString('en')} rows: the playground takes at most ` +
      `${MAX_IMPORT.toLocaleString('en')} points (neurite train --csv trains on files of any size)` };
  if (points.length === 0) return { points: [], error: 'no data rows found' };
  const warning = outside ? `${outside} of ${points.length} points lie outside the plane shown (−${RADIUS} … ${RADIUS}): ` +
    'they are trained on but not drawn; scale the columns to fit' : null;
  return { points, error: null, warning };
}
