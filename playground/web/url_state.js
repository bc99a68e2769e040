// The page's whole state, and its text form in the URL hash
// (#problem=classification&dataset=circle&…): a copied link reproduces the
// run — data (seed included), features, network and training settings.

import { FEATURE_IDS } from './features.js';

// The names the page offers are the library's: the engine's catalog() (its
// optimizer registry and the activations a hidden layer can learn through,
// playground/engine/bindings.cpp). The page installs them with useCatalog
// once the engine has loaded and before it reads any state, since
// decodeState checks names against them. (ES module bindings are live: every
// importer sees the lists once installed.)
export let ACTIVATIONS = [];
export let OPTIMIZERS = [];
// name → {label, summary, defaults} for the menus.
export let ACTIVATION_INFO = {};
export let OPTIMIZER_INFO = {};

export function useCatalog(catalog) {
  ACTIVATIONS = catalog.hiddenActivations.map((a) => a.name);
  ACTIVATION_INFO = Object.fromEntries(catalog.hiddenActivations.map((a) => [a.name, a]));
  OPTIMIZERS = catalog.optimizers.map((o) => o.name);
  OPTIMIZER_INFO = Object.fromEntries(catalog.optimizers.map((o) => [o.name, o]));
}

// Links written before the page used the library's names call identity "linear".
const ACTIVATION_ALIASES = { linear: 'identity' };
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const SPEEDS = [1, 5, 20, 100];

// Sizes allowed with and without the "advanced" switch.
export const LIMITS = {
  basic: { layers: 6, neurons: 8 },
  advanced: { layers: 10, neurons: 32 },
};

export const DEFAULTS = Object.freeze({
  problem: 'classification',
  dataset: 'circle',
  classes: 3,
  noise: 0,
  ratio: 50,
  samples: 500,
  seed: 1,
  showTest: false,
  discretize: false,
  features: ['x1', 'x2'],
  hidden: [4, 2],
  activation: 'tanh',
  activations: null,  // per hidden layer (advanced); null: all `activation`
  lr: 0.03,
  batch: 10,
  reg: 'none',
  regRate: 0,
  optimizer: 'sgd',
  dropout: 0,
  speed: 1,
  advanced: false,
  extra: [],          // points the user added by clicking: {x, y, label} (in the link)
  imported: [],       // points from Import CSV: {x, y, label, test?} (not in the link: it says how many)
});

export function limits(state) {
  return state.advanced ? LIMITS.advanced : LIMITS.basic;
}

const num = (v, lo, hi, def) => {
  if (v === null || v === undefined || v === '') return def;
  const n = Number(v);
  return Number.isFinite(n) && n >= lo && n <= hi ? n : def;
};
const int = (v, lo, hi, def) => {
  const n = num(v, lo, hi, def);
  return Number.isInteger(n) ? n : def;
};
const oneOf = (v, list, def) => (list.includes(v) ? v : def);
const bool = (v, def) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : def);

// Points as "x:y:label" joined by "_" (short and URL-safe).
function encodePoints(pts) {
  const r = (v) => String(Math.round(v * 100) / 100);
  return pts.map((p) => `${r(p.x)}:${r(p.y)}:${r(p.label)}`).join('_');
}
function decodePoints(text) {
  if (!text) return [];
  const out = [];
  for (const item of text.split('_')) {
    const [x, y, label] = item.split(':').map(Number);
    if ([x, y, label].every(Number.isFinite)) out.push({ x, y, label });
  }
  return out;
}

export function encodeState(s) {
  const q = new URLSearchParams();
  // The order of the keys is the order in the URL.
  const keys = ['problem', 'dataset', 'classes', 'noise', 'ratio', 'samples', 'seed', 'showTest', 'discretize',
    'features', 'hidden', 'activation', 'activations', 'lr', 'batch', 'reg', 'regRate', 'optimizer', 'dropout',
    'speed', 'advanced'];
  for (const k of keys) {
    const v = s[k];
    if (v === undefined || v === null) continue;  // activations: only when set per layer
    q.set(k, Array.isArray(v) ? v.join(',') : v);
  }
  if (s.extra.length) q.set('points', encodePoints(s.extra));
  // Imported data stay out of the link (a large file would make it megabytes
  // long): the link says how many points it lacks, and the page opened from
  // it says so.
  if (s.imported.length) q.set('imported', s.imported.length);
  // URLSearchParams escapes ',' and ':'; they are safe in a fragment.
  return q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}

// Reads a hash (with or without '#'); unknown or bad values fall back to the defaults.
export function decodeState(hash) {
  // Without the lists every name would quietly fall back to its default.
  if (!OPTIMIZERS.length || !ACTIVATIONS.length) throw new Error('decodeState: the engine\'s catalog is not installed yet (useCatalog)');
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const d = DEFAULTS;
  const g = (k) => q.get(k);
  const s = { ...d, features: [...d.features], hidden: [...d.hidden], extra: [], imported: [] };
  s.advanced = bool(g('advanced'), d.advanced);
  const lim = limits(s);
  s.problem = oneOf(g('problem'), ['classification', 'regression'], d.problem);
  s.dataset = g('dataset') || (s.problem === 'regression' ? 'plane' : d.dataset);
  s.classes = int(g('classes'), 2, 6, d.classes);
  s.noise = int(g('noise'), 0, 50, d.noise);
  s.ratio = int(g('ratio'), 10, 90, d.ratio);
  s.samples = int(g('samples'), 0, 5000, d.samples);
  s.seed = int(g('seed'), 0, 2 ** 31 - 1, d.seed);
  s.showTest = bool(g('showTest'), d.showTest);
  s.discretize = bool(g('discretize'), d.discretize);
  if (g('features') !== null) {
    const f = g('features').split(',').filter((id) => FEATURE_IDS.includes(id));
    if (f.length) s.features = f;  // none is not a network: the defaults
  }
  if (g('hidden') !== null) {
    const h = g('hidden') === '' ? [] : g('hidden').split(',').map((v) => int(v, 1, lim.neurons, NaN));
    if (h.every(Number.isInteger) && h.length <= lim.layers) s.hidden = h;
  }
  const activation = (v) => ACTIVATION_ALIASES[v] || v;
  s.activation = oneOf(activation(g('activation')), ACTIVATIONS, d.activation);
  if (g('activations')) {
    const a = g('activations').split(',').map(activation);
    if (a.length === s.hidden.length && a.every((v) => ACTIVATIONS.includes(v))) s.activations = a;
  }
  s.lr = num(g('lr'), 1e-7, 100, d.lr);
  s.batch = int(g('batch'), 1, 1000, d.batch);
  s.reg = oneOf(g('reg'), ['none', 'l1', 'l2'], d.reg);
  s.regRate = num(g('regRate'), 0, 100, d.regRate);
  s.optimizer = oneOf(g('optimizer'), OPTIMIZERS, d.optimizer);
  s.dropout = num(g('dropout'), 0, 0.9, d.dropout);
  s.speed = oneOf(Number(g('speed')), SPEEDS, d.speed);
  s.extra = decodePoints(g('points'));
  const missing = int(g('imported'), 0, 2 ** 31 - 1, 0);
  if (missing > 0) s.importedNotInLink = missing;  // read once by the page, never written back
  return s;
}

// The engine's configuration (playground/engine/session.hpp) for a state.
export function engineConfig(s, classes) {
  const cfg = {
    hidden: s.hidden,
    activation: s.activation,
    problem: s.problem,
    classes: s.problem === 'regression' ? 1 : classes,
    optimizer: s.optimizer,
    learning_rate: s.lr,
    batch_size: s.batch,
    regularization: s.reg,
    regularization_rate: s.reg === 'none' ? 0 : s.regRate,
    dropout: s.dropout,
    seed: s.seed,
  };
  if (s.activations && s.activations.length === s.hidden.length) cfg.activations = s.activations;
  return cfg;
}
