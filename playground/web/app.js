// The playground page: wires the controls, the URL state, the data, the
// WebAssembly engine and the pictures together.

import { DATASETS, datasetInfo, classCount, buildPoints, splitImported, pointsToCsv, csvToPoints, makeRng, RADIUS } from './data.js';
import { FEATURES, enabledFeatures, featureMatrix, gridPoints } from './features.js';
import {
  ACTIVATIONS, OPTIMIZERS, ACTIVATION_INFO, OPTIMIZER_INFO, LEARNING_RATES, REG_RATES, SPEEDS, limits, useCatalog,
  encodeState, decodeState, engineConfig,
} from './url_state.js';
import {
  drawOutputMap, drawNeuronMap, drawPoints, drawAxes, drawLossChart, renderConfusion, renderGradBars, classColor, rgb, labelColor,
  signColors,
} from './draw.js';
import { NetworkView } from './network.js';
import { createEngine } from './engine.js';

const MAP_GRID = 64;     // resolution of the output heat map
const NEURON_GRID = 24;  // resolution of the neurons' heat maps
const MAX_HISTORY = 3000;

const $ = (id) => document.getElementById(id);

let state = null;  // read from the URL once the engine's lists are in (main)
let engine = null;
let points = [];
let playing = false;
let curve = { train: [], test: [], stride: 1, pending: 0 };  // loss per epoch
let addLabel = 0;
let lastError = null;
let hovered = null;  // the feature or neuron the mouse is on: drawn on the big map

const mapGrid = gridPoints(MAP_GRID, RADIUS);
const neuronGrid = gridPoints(NEURON_GRID, RADIUS);
let mapX = null, neuronX = null;  // grid features for the enabled features

const network = new NetworkView($('network'), {
  toggleFeature(id) {
    const on = state.features.includes(id);
    if (on && state.features.length === 1) { showMessage('At least one input feature must stay on.'); return; }
    state.features = on ? state.features.filter((f) => f !== id) : [...state.features, id];
    changed('data');
  },
  addNeuron(l) {
    if (state.hidden[l] < limits(state).neurons) { state.hidden[l]++; changed('network'); }
  },
  removeNeuron(l) {
    if (state.hidden[l] > 1) { state.hidden[l]--; changed('network'); }
  },
  hover(what) {
    hovered = what;
    if (!playing) render();
  },
  setLayerActivation(l, name) {
    state.activations = state.activations || state.hidden.map(() => state.activation);
    state.activations[l] = name;
    changed('network');
  },
});

// ---- messages -------------------------------------------------------------

// A banner at the foot of the page. Errors, and any message shown with
// {stay: true} (an import's result), stay until the × closes them; others
// go after 4 s.
function showMessage(text, isError = false, { stay = isError } = {}) {
  const m = $('message');
  m.replaceChildren();
  const body = document.createElement('span');
  body.className = 'message-text';
  body.textContent = text;
  const close = document.createElement('button');
  close.className = 'close';
  close.title = 'Close';
  close.setAttribute('aria-label', 'Close the message');
  close.textContent = '×';
  close.addEventListener('click', () => { m.hidden = true; });
  m.append(body, close);
  m.className = `message${isError ? ' error' : ''}`;
  m.hidden = false;
  clearTimeout(showMessage.timer);
  if (!stay) showMessage.timer = setTimeout(() => { m.hidden = true; }, 4000);
}

// A link made from imported data carries only their count (url_state.js).
function noteMissingImport() {
  const missing = state.importedNotInLink;
  delete state.importedNotInLink;
  if (missing) {
    showMessage(`This link was made with ${missing.toLocaleString('en')} imported points, which links do not carry: ` +
      'Import CSV loads them again. Every other setting is the link\'s.', false, { stay: true });
  }
}

function engineError(e) {
  lastError = e;
  setPlaying(false);
  showMessage(`Engine: ${e.message || e}`, true);
}

// ---- controls -------------------------------------------------------------

const fmtNum = (v) => String(v);

function fillSelect(id, values, labels = values.map(fmtNum), titles = []) {
  const sel = $(id);
  sel.innerHTML = '';
  values.forEach((v, i) => {
    const option = new Option(labels[i], String(v));
    if (titles[i]) option.title = titles[i];
    sel.add(option);
  });
}

// "torch.optim.Adam; defaults: learning_rate 0.001, beta1 0.9, …", the tooltip of a menu entry.
function optimizerTitle(o) {
  const defaults = Object.entries(o.defaults).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${o.summary}. Library defaults: ${defaults}`;
}

function setupControls() {
  fillSelect('lr', LEARNING_RATES);
  // The activations and optimizers, their labels and descriptions are the
  // library's (engine.catalog(), installed by main before this runs).
  fillSelect('activation', ACTIVATIONS, ACTIVATIONS.map((a) => ACTIVATION_INFO[a].label));
  fillSelect('optimizer', OPTIMIZERS, OPTIMIZERS.map((o) => OPTIMIZER_INFO[o].label),
    OPTIMIZERS.map((o) => optimizerTitle(OPTIMIZER_INFO[o])));
  fillSelect('regRate', REG_RATES);
  fillSelect('speed', SPEEDS, SPEEDS.map((s) => `${s} epoch${s > 1 ? 's' : ''}/frame`));
  fillSelect('dropout', [0, 0.1, 0.2, 0.3, 0.5]);

  const onSelect = (id, key, kind, parse = (v) => v) => $(id).addEventListener('change', (e) => {
    state[key] = parse(e.target.value);
    changed(kind);
  });
  onSelect('lr', 'lr', 'train', Number);
  onSelect('activation', 'activation', 'network');
  onSelect('optimizer', 'optimizer', 'train');
  onSelect('reg', 'reg', 'train');
  onSelect('regRate', 'regRate', 'train', Number);
  onSelect('speed', 'speed', 'view', Number);
  onSelect('dropout', 'dropout', 'network', Number);  // a layer: a new network
  $('activation').addEventListener('change', () => { state.activations = null; changed('network'); });
  $('problem').addEventListener('change', (e) => {
    state.problem = e.target.value;
    state.dataset = DATASETS[state.problem][0].id;
    state.extra = [];
    state.imported = [];
    addLabel = state.problem === 'regression' ? 1 : 0;
    changed('data');
  });

  const onRange = (id, key, kind) => {
    $(id).addEventListener('input', (e) => { $(`${id}-val`).textContent = rangeText(id, Number(e.target.value)); });
    $(id).addEventListener('change', (e) => { state[key] = Number(e.target.value); changed(kind); });
  };
  onRange('classes', 'classes', 'data');
  onRange('ratio', 'ratio', 'data');
  onRange('noise', 'noise', 'data');
  onRange('batch', 'batch', 'train');
  onRange('samples', 'samples', 'data');

  $('seed').addEventListener('change', (e) => {
    const v = Math.floor(Number(e.target.value));
    if (Number.isFinite(v) && v >= 0 && v < 2 ** 31) { state.seed = v; changed('data'); }
  });
  $('regenerate').addEventListener('click', () => {
    state.seed = Math.floor(Math.random() * 1e6);
    changed('data');
  });
  $('showTest').addEventListener('change', (e) => { state.showTest = e.target.checked; changed('view'); });
  $('discretize').addEventListener('change', (e) => { state.discretize = e.target.checked; changed('view'); });
  $('advanced').addEventListener('change', (e) => {
    state.advanced = e.target.checked;
    if (!state.advanced) {
      // Back within the basic limits.
      const lim = limits(state);
      state.hidden = state.hidden.slice(0, lim.layers).map((n) => Math.min(n, lim.neurons));
      state.activations = null;
      state.dropout = 0;
    }
    changed('network');
  });

  $('add-layer').addEventListener('click', () => {
    if (state.hidden.length >= limits(state).layers) return;
    state.hidden.push(state.hidden.length ? state.hidden[state.hidden.length - 1] : 2);
    if (state.activations) state.activations.push(state.activation);
    changed('network');
  });
  $('remove-layer').addEventListener('click', () => {
    if (!state.hidden.length) return;
    state.hidden.pop();
    if (state.activations) state.activations.pop();
    changed('network');
  });

  $('play').addEventListener('click', () => setPlaying(!playing));
  // Space plays and pauses, unless a control that takes Space has the focus.
  document.addEventListener('keydown', (e) => {
    if (e.key !== ' ' || e.ctrlKey || e.altKey || e.metaKey) return;
    const t = e.target;
    if (t instanceof Element && t.closest('input, select, textarea, button, [role=switch], a')) return;
    e.preventDefault();
    setPlaying(!playing);
  });
  $('step').addEventListener('click', () => { setPlaying(false); trainEpochs(1); render(); });
  $('reset').addEventListener('click', () => { setPlaying(false); resetNetwork(); recordLoss(); render(); });

  $('help-toggle').addEventListener('click', () => { $('help').hidden = !$('help').hidden; });
  $('copy-link').addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(location.href); showMessage('Link copied: it reproduces this run.'); }
    catch { showMessage('Copy the address bar: it holds every setting and the seed.'); }
  });

  $('output-map').addEventListener('click', onMapClick);
  $('clear-points').addEventListener('click', () => { state.extra = []; state.imported = []; changed('points'); });
  $('export-csv').addEventListener('click', () => download('playground-data.csv', pointsToCsv(points), 'text/csv'));
  $('import-csv').addEventListener('click', () => $('csv-file').click());
  $('csv-file').addEventListener('change', onCsvFile);
  $('export-model').addEventListener('click', exportModel);
  $('export-onnx').addEventListener('click', exportOnnx);
  $('export-features').addEventListener('click', exportFeatures);
}

function rangeText(id, v) {
  return id === 'ratio' ? `${v}%` : id === 'noise' ? `${v}%` : String(v);
}

// Dataset picker: a small picture of each data set.
function renderDatasets() {
  const box = $('datasets');
  box.innerHTML = '';
  for (const d of DATASETS[state.problem]) {
    const b = document.createElement('button');
    b.className = `dataset${d.id === state.dataset ? ' selected' : ''}`;
    b.title = d.help;
    b.dataset.id = d.id;
    const c = document.createElement('canvas');
    c.width = c.height = 96;
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#f4f5f6';
    ctx.fillRect(0, 0, 96, 96);
    const k = d.multi ? (d.id === state.dataset ? state.classes : 3) : 2;
    const pts = d.gen(200, 0, makeRng(7), k);
    for (const p of pts) {
      ctx.fillStyle = rgb(labelColor(p.label, state.problem));
      ctx.beginPath();
      ctx.arc(((p.x + RADIUS) / (2 * RADIUS)) * 96, ((RADIUS - p.y) / (2 * RADIUS)) * 96, 2.3, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (d.id === 'custom') {
      ctx.fillStyle = '#888';
      ctx.font = '28px sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText('✎', 48, 58);
    }
    const name = document.createElement('span');
    name.textContent = d.name;
    b.append(c, name);
    b.addEventListener('click', () => {
      if (state.dataset === d.id) return;
      state.dataset = d.id;
      state.extra = [];
      state.imported = [];
      if (d.id === 'custom' && state.problem === 'classification') state.classes = 2;  // more with the slider
      changed('data');
    });
    box.appendChild(b);
  }
}

// The "add points of" chooser: the classes, or a value for regression.
function renderAddLabel() {
  const box = $('add-label');
  box.innerHTML = '';
  if (state.problem === 'regression') {
    if (![-1, -0.5, 0, 0.5, 1].includes(addLabel)) addLabel = 1;
    for (const v of [-1, -0.5, 0, 0.5, 1]) {
      const b = document.createElement('button');
      b.className = `swatch-button${v === addLabel ? ' selected' : ''}`;
      b.style.background = rgb(labelColor(v, 'regression'));
      b.textContent = String(v);
      b.title = `Add points with the value ${v}`;
      b.addEventListener('click', () => { addLabel = v; renderAddLabel(); });
      box.appendChild(b);
    }
    return;
  }
  const k = classCount(state);
  if (!(addLabel >= 0 && addLabel < k && Number.isInteger(addLabel))) addLabel = 0;
  for (let c = 0; c < k; c++) {
    const b = document.createElement('button');
    b.className = `swatch-button${c === addLabel ? ' selected' : ''}`;
    b.style.background = rgb(classColor(c));
    b.textContent = `class ${c}`;
    b.title = `Add points of class ${c}`;
    b.addEventListener('click', () => { addLabel = c; renderAddLabel(); });
    box.appendChild(b);
  }
}

// Puts the state's values into the controls.
function syncControls() {
  const setSel = (id, v) => {
    const sel = $(id);
    if (![...sel.options].some((o) => o.value === String(v))) sel.add(new Option(String(v), String(v)));
    sel.value = String(v);
  };
  setSel('lr', state.lr);
  setSel('activation', state.activation);
  setSel('optimizer', state.optimizer);
  setSel('reg', state.reg);
  setSel('regRate', state.regRate);
  setSel('problem', state.problem);
  setSel('speed', state.speed);
  setSel('dropout', state.dropout);
  $('regRate').disabled = state.reg === 'none';
  for (const id of ['classes', 'ratio', 'noise', 'batch', 'samples']) {
    $(id).value = state[id];
    $(`${id}-val`).textContent = rangeText(id, state[id]);
  }
  $('classes-row').hidden = !(state.problem === 'classification' && datasetInfo(state.problem, state.dataset).multi);
  $('seed').value = state.seed;
  $('showTest').checked = state.showTest;
  $('discretize').checked = state.discretize;
  $('advanced').checked = state.advanced;
  document.body.classList.toggle('advanced', state.advanced);
  document.body.classList.toggle('regression', state.problem === 'regression');
  const lim = limits(state);
  const n = state.hidden.length;
  $('layers-label').textContent = `${n} hidden layer${n === 1 ? '' : 's'}`;
  $('add-layer').disabled = n >= lim.layers;
  $('remove-layer').disabled = n === 0;
  // With three or more classes, orange and blue are classes: signs get others.
  const sign = signColors(state.problem === 'classification' && classCount(state) > 2);
  document.querySelector('.net-caption').firstChild.textContent =
    `Each square shows a neuron's output over the plane (${sign.positive} positive, ${sign.negative} negative) — ` +
    `point at one (or Tab to it) to see it large on the output plot. Lines are weights: ${sign.positive} positive, ` +
    `${sign.negative} negative, thicker is larger. Click a feature (or press Enter on it) to switch it on or off.`;
  // No hidden layer: no hidden activation to choose, and a linear model.
  $('activation').disabled = n === 0;
  $('activation').title = n === 0 ? 'No hidden layers: the output layer\'s activation follows from the problem type' : '';
  const linearXor = n === 0 && state.problem === 'classification' && state.dataset === 'xor' &&
    !state.features.includes('x1x2');
  $('net-note').textContent = linearXor ? 'With no hidden layer the network draws one straight line, and no straight ' +
    'line separates XOR\'s classes: add a hidden layer, or switch on the x₁x₂ feature.' : '';
  $('net-note').hidden = !linearXor;
  $('export-model').title = `Download the trained network as a neurite JSON model spec. ` +
    `neurite predict --model FILE --input CSV takes CSV columns: ${featureNames().join(', ')}`;
  $('export-onnx').title = `Download the trained network as ONNX (playground-model.onnx; needs the page served by ` +
    `neurite serve). Its input columns: ${featureNames().join(', ')}`;
}

function featureNames() {
  return enabledFeatures(state.features).map((f) => f.id);
}

// ---- state changes ----------------------------------------------------------

// kind: 'view' (pictures only), 'points' (data changed, keep training),
// 'train' (optimizer settings: applied to the running network, as in TF
// Playground), 'network', 'data' (restart).
function changed(kind) {
  writeUrl();
  if (kind !== 'view') {
    syncControls();
    if (kind === 'points') {
      setData();
      renderCounts();
    } else if (kind === 'train') {
      tuneRunning();
    } else {
      setPlaying(false);
      if (kind === 'data') { renderDatasets(); renderAddLabel(); }
      rebuild();
    }
  } else {
    syncControls();
  }
  render();
}

function writeUrl() {
  window.history.replaceState(null, '', `#${encodeState(state)}`);
}

// New points, features and network; restarts training.
function rebuild() {
  writeUrl();
  points = buildPoints(state);
  mapX = featureMatrix(mapGrid, state.features);
  neuronX = featureMatrix(neuronGrid, state.features);
  renderCounts();
  try {
    // Empty the engine's data first: the new configuration may not fit the
    // old labels (e.g. fewer classes), and the new labels not the old one.
    const none = new Float32Array(0);
    engine.setData(none, none, none, none, state.features.length);
    resetNetwork();
    setData();
    recordLoss();
  } catch (e) { engineError(e); }
  hovered = null;
  network.build(state, outputWidth(), neuronGrid, NEURON_GRID);
}

function outputWidth() {
  const k = classCount(state);
  return state.problem === 'regression' || k === 2 ? 1 : k;
}

function setData() {
  writeUrl();
  points = buildPoints(state);
  const train = points.filter((p) => p.train), test = points.filter((p) => !p.train);
  const nf = state.features.length;
  engine.setData(featureMatrix(train, state.features), Float32Array.from(train, (p) => p.label),
    featureMatrix(test, state.features), Float32Array.from(test, (p) => p.label), nf);
}

// The rate, regularization, batch size or optimizer changed: the running
// network keeps its weights, epoch count and curve. The link (the URL)
// records the settings, so from now on it starts a new run with the
// current ones rather than replaying this run: the note says so.
function tuneRunning() {
  try {
    engine.tune(engineConfig(state, classCount(state)));
  } catch (e) { engineError(e); return; }
  const epoch = engine.epoch();
  if (epoch > 0 && $('link-note').hidden) {
    $('link-note').textContent = `Settings changed at epoch ${epoch} of this run. The page's link records the ` +
      'current settings: it starts a new run with them, not a replay of this one. Reset starts that run here.';
    $('link-note').hidden = false;
  }
}

function resetNetwork() {
  lastError = null;
  $('message').hidden = true;
  $('link-note').hidden = true;
  curve.train = []; curve.test = []; curve.stride = 1; curve.pending = 0;
  recent = [];
  $('train-warning').hidden = true;
  try {
    engine.configure(engineConfig(state, classCount(state)));
  } catch (e) { engineError(e); }
}

function renderCounts() {
  const train = points.filter((p) => p.train).length;
  const added = state.extra.length, imported = state.imported.length;
  $('counts').innerHTML = `<span id="point-count">${points.length}</span> points: ${train} training, ${points.length - train} test` +
    (imported ? `, ${imported} imported` : '') + (added ? `, ${added} added by you` : '');
  $('counts').dataset.count = String(points.length);
}

// ---- training -----------------------------------------------------------------

function hasTrainingData() {
  return points.some((p) => p.train);
}

function recordLoss() {
  // Keep at most MAX_HISTORY points: halve the resolution when full.
  curve.pending++;
  if (curve.pending < curve.stride) return;
  curve.pending = 0;
  curve.train.push(engine.trainLoss());
  curve.test.push(engine.testLoss());
  if (curve.train.length > MAX_HISTORY) {
    curve.train = curve.train.filter((_, i) => i % 2 === 0);
    curve.test = curve.test.filter((_, i) => i % 2 === 0);
    curve.stride *= 2;
  }
}

// The last epochs' training losses, for the instability warning: when, in
// this window, the loss rose to 10× or more of a value it had already
// reached, the steps overshoot (a learning rate too high for the network);
// the warning stays until the window settles within a factor of 3.
const UNSTABLE_WINDOW = 30, UNSTABLE_RISE = 10, SETTLED = 3;
let recent = [];

function watchLoss(loss) {
  recent.push(loss);
  if (recent.length > UNSTABLE_WINDOW) recent.shift();
  const box = $('train-warning');
  let low = Infinity, rise = 0, from = 0, to = 0, max = 0;
  for (const v of recent) {
    if (!Number.isFinite(v)) continue;
    if (v / low > rise) { rise = v / low; from = low; to = v; }
    low = Math.min(low, v);
    max = Math.max(max, v);
  }
  // (At a loss already near 0, tenfold wiggles are noise, not overshooting.)
  if (rise >= UNSTABLE_RISE && to >= 0.1 && recent.length >= 5) {
    box.textContent = `The training loss jumped from ${from.toPrecision(2)} to ${to.toPrecision(2)} within the last ` +
      `${recent.length} epochs: the steps overshoot. Lower the learning rate (it applies at once).`;
    box.hidden = false;
  } else if (!box.hidden && max < SETTLED * low) {
    box.hidden = true;
  }
}

function trainEpochs(n) {
  if (!hasTrainingData()) { showMessage('No training points: click on the output plot to add some.'); setPlaying(false); return; }
  try {
    for (let i = 0; i < n; i++) {
      engine.step(1);
      recordLoss();
      watchLoss(engine.trainLoss());
    }
    const loss = engine.trainLoss();
    if (!Number.isFinite(loss)) {
      setPlaying(false);
      showMessage('The loss is not finite any more — the training diverged. Lower the learning rate and reset.', true);
    }
  } catch (e) { engineError(e); }
}

function setPlaying(on) {
  playing = on && !!engine;
  $('play').innerHTML = playing
    ? '<svg viewBox="0 0 24 24" width="24" height="24"><path d="M6 5h4v14H6zM14 5h4v14h-4z" fill="currentColor"/></svg>'
    : '<svg viewBox="0 0 24 24" width="26" height="26"><path d="M8 5l11 7-11 7z" fill="currentColor"/></svg>';
  $('play').classList.toggle('playing', playing);
  if (playing) requestAnimationFrame(frame);
}

// One animation frame: `speed` epochs (at most ~25 ms of them), then the pictures.
function frame() {
  if (!playing) return;
  const t0 = performance.now();
  let done = 0;
  while (playing && done < state.speed && (done === 0 || performance.now() - t0 < 25)) {
    trainEpochs(1);
    done++;
  }
  render();
  if (playing) requestAnimationFrame(frame);
}

// ---- pictures -----------------------------------------------------------------

const fmtLoss = (v) => (Number.isFinite(v) ? v.toFixed(3) : '–');
const fmtAcc = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');

function render() {
  if (!engine) return;
  const e = engine.epoch();
  $('epoch').textContent = String(e).padStart(6, '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const canvas = $('output-map');
  const ctx = canvas.getContext('2d');
  try {
    const outs = outputWidth();
    if (lastError) throw lastError;
    const sizes = engine.layerSizes();
    if (hovered) drawHovered(canvas, sizes);
    else drawOutputMap(canvas, engine.predict(mapX), MAP_GRID, outs, state.problem, state.discretize);
    network.update(engine, engine.neuronOutputs(neuronX), sizes);
    $('train-loss').textContent = fmtLoss(engine.trainLoss());
    $('test-loss').textContent = fmtLoss(engine.testLoss());
    $('train-acc').textContent = fmtAcc(engine.trainAccuracy());
    $('test-acc').textContent = fmtAcc(engine.testAccuracy());
    const k = classCount(state);
    $('confusion-box').hidden = state.problem === 'regression';
    if (state.problem !== 'regression') renderConfusion($('confusion'), engine.confusion(), k);
    const names = state.hidden.map((_, l) => `layer ${l + 1}`).concat(['output']);
    renderGradBars($('gradbars'), e > 0 ? engine.gradientNorms() : [], names, $('grad-note'));
  } catch (err) {
    // Nothing of an earlier run stays on screen beside the error.
    ctx.fillStyle = '#eee';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    for (const id of ['train-loss', 'test-loss', 'train-acc', 'test-acc']) $(id).textContent = '–';
    $('confusion').innerHTML = '';
    renderGradBars($('gradbars'), [], [], $('grad-note'));
    curve.train = []; curve.test = [];
    if (err !== lastError) engineError(err);
  }
  drawPoints(canvas, points, state.problem, state.showTest);
  drawAxes(canvas);
  drawLossChart($('loss-chart'), curve.train, curve.test);
  renderLegend();
}

// The hovered feature or neuron over the whole plane, in place of the output.
function drawHovered(canvas, sizes) {
  if (hovered.kind === 'feature') {
    const f = FEATURES.find((x) => x.id === hovered.id);
    const vals = mapGrid.map((p) => f.f(p.x, p.y));
    const m = Math.max(...vals.map(Math.abs)) || 1;
    drawNeuronMap(canvas, vals, MAP_GRID, (v) => v / m);
    return;
  }
  const all = engine.neuronOutputs(mapX);
  const rows = MAP_GRID * MAP_GRID, l = hovered.layer, units = sizes[l + 1];
  let offset = 0;
  for (let i = 0; i < l; i++) offset += rows * sizes[i + 1];
  const vals = new Float32Array(rows);
  for (let r = 0; r < rows; r++) vals[r] = all[offset + r * units + hovered.unit];
  const { scale, tint } = network.mapping(l, hovered.unit, units, l === sizes.length - 2, vals);
  drawNeuronMap(canvas, vals, MAP_GRID, scale, tint);
}

function renderLegend() {
  const el = $('legend');
  if (state.problem === 'regression') {
    el.innerHTML = '<span class="grad-legend"></span><span>−1</span><span>0</span><span>+1</span>';
    el.className = 'legend reg';
    return;
  }
  const k = classCount(state);
  el.className = 'legend';
  el.innerHTML = Array.from({ length: k }, (_, c) =>
    `<span class="chip"><span class="swatch" style="background:${rgb(classColor(c))}"></span>class ${c}</span>`).join('');
}

function sizeCanvases() {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  for (const id of ['output-map', 'loss-chart']) {
    const c = $(id);
    const r = c.getBoundingClientRect();
    c.width = Math.round(r.width * dpr);
    c.height = Math.round(r.height * dpr);
  }
}

// ---- your own data ------------------------------------------------------------

function onMapClick(ev) {
  const c = $('output-map');
  const r = c.getBoundingClientRect();
  const x = ((ev.clientX - r.left) / r.width) * 2 * RADIUS - RADIUS;
  const y = RADIUS - ((ev.clientY - r.top) / r.height) * 2 * RADIUS;
  state.extra = [...state.extra, { x: Math.round(x * 100) / 100, y: Math.round(y * 100) / 100, label: addLabel }];
  changed('points');
}

async function onCsvFile(ev) {
  const file = ev.target.files[0];
  ev.target.value = '';
  if (!file) return;
  const { points: pts, error, warning } = csvToPoints(await file.text(), state.problem);
  if (error) { showMessage(`${file.name}: ${error}`, true); return; }
  state.dataset = 'custom';
  state.extra = [];
  state.imported = splitImported(pts, state.seed, state.ratio);
  if (state.problem === 'classification') {
    let k = 2;
    for (const p of pts) k = Math.max(k, p.label + 1);  // no spread: files can be large
    state.classes = k;
  }
  changed('data');
  showMessage(`Loaded ${pts.length.toLocaleString('en')} points from ${file.name} (the link does not carry ` +
    `imported points).${warning ? ` ${warning}.` : ''}`, !!warning, { stay: true });
}

// ---- export -------------------------------------------------------------------

// Saves `data` (text or a Blob) as a file named `name`.
function download(name, data, type) {
  const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function exportModel() {
  try {
    const spec = engine.exportSpec();
    download(`neurite-model_${featureNames().join('_')}.json`, spec, 'application/json');
    showMessage(`Model exported. Its input columns: ${featureNames().join(', ')} (see help).`);
  } catch (e) { engineError(e); }
}

// ONNX is written by `neurite serve` (libonnx is not in the WebAssembly
// engine): the page posts its JSON export to the server's endpoint. Any
// answer without the endpoint's header is another server's, which cannot.
const ONNX_ENDPOINT = 'api/export/onnx';  // relative: the page's own server
const ONNX_ELSEWHERE = 'ONNX export needs the page served by neurite serve. From this server, use Export model ' +
  '(JSON), then run: neurite export --model MODEL.json --format onnx --output model.onnx (the same network as ONNX).';

// What the ONNX file's description says: the columns and the outputs.
function modelDoc() {
  const cols = enabledFeatures(state.features).map((f) => (f.formula === f.id ? f.id : `${f.id} = ${f.formula}`));
  const k = classCount(state);
  const out = state.problem === 'regression' ? 'the predicted value'
    : k === 2 ? 'P(class 1), one column' : `one probability per class (${k} classes)`;
  return `A neurite playground model (${state.problem}). Input columns, computed from a point (x1, x2): ` +
    `${cols.join(', ')}. Output: ${out}.`;
}

async function exportOnnx() {
  let spec;
  try { spec = engine.exportSpec(); } catch (e) { engineError(e); return; }
  const query = new URLSearchParams({ columns: featureNames().join(','), doc: modelDoc() });
  let res;
  try {
    res = await fetch(`${ONNX_ENDPOINT}?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: spec });
  } catch {
    showMessage(ONNX_ELSEWHERE, true);
    return;
  }
  if (res.headers.get('X-Neurite-Export') !== 'onnx') { showMessage(ONNX_ELSEWHERE, true); return; }
  if (!res.ok) { showMessage(`ONNX export: ${(await res.text()).trim()}`, true); return; }
  download('playground-model.onnx', await res.blob(), 'application/octet-stream');
  showMessage(`ONNX model exported. Its input columns: ${featureNames().join(', ')} (metadata input_columns).`);
}

function exportFeatures() {
  const names = featureNames();
  const rows = featureMatrix(points, state.features);
  const n = names.length;
  let text = names.join(',') + '\n';
  for (let i = 0; i < points.length; i++) {
    const row = [];
    for (let j = 0; j < n; j++) row.push(String(rows[i * n + j]));
    text += row.join(',') + '\n';
  }
  download(`features_${names.join('_')}.csv`, text, 'text/csv');
}

// ---- start ----------------------------------------------------------------------

// A small API for the browser tests and the curious (window.playground).
function exposeApi() {
  window.playground = {
    get state() { return JSON.parse(JSON.stringify(state)); },
    get points() { return points.map((p) => ({ ...p })); },
    get engine() { return engine; },
    epoch: () => engine.epoch(),
    losses: () => ({ train: engine.trainLoss(), test: engine.testLoss(),
      trainAccuracy: engine.trainAccuracy(), testAccuracy: engine.testAccuracy() }),
    // Engine outputs for raw points [[x1, x2], …], through the page's features.
    predictPoints: (xy) => Array.from(engine.predict(featureMatrix(xy.map(([x, y]) => ({ x, y })), state.features))),
    featureNames,
    step: (n = 1) => { trainEpochs(n); render(); return engine.epoch(); },
    playing: () => playing,
    ready: true,
  };
}

async function main() {
  // The engine first: the names the menus offer and a URL may hold are the
  // library's, and only the engine knows them.
  try {
    engine = await createEngine();
  } catch (e) {
    showMessage(`Could not start the engine: ${e.message || e}`, true);
    return;
  }
  useCatalog(engine.catalog());
  state = decodeState(location.hash);
  noteMissingImport();
  setupControls();
  setPlaying(false);
  syncControls();
  renderDatasets();
  renderAddLabel();
  sizeCanvases();
  rebuild();
  render();
  exposeApi();
  window.addEventListener('hashchange', () => {
    if (location.hash.slice(1) === encodeState(state)) return;
    state = decodeState(location.hash);
    noteMissingImport();
    changed('data');
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { sizeCanvases(); network.build(state, outputWidth(), neuronGrid, NEURON_GRID); render(); }, 150);
  });
  document.body.classList.add('ready');
}

main();
