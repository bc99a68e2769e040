// Pictures: heat maps, data points, the loss chart, the confusion matrix
// and the gradient-norm bars. Pure drawing — no state of its own.

import { RADIUS } from './data.js';

export const ORANGE = [245, 147, 34];
export const BLUE = [8, 119, 189];
export const NEUTRAL = [232, 234, 235];
// Class colours: class 0 orange and class 1 blue as in the two-class data,
// then more for three or more classes.
export const CLASS_COLORS = [ORANGE, BLUE, [44, 160, 44], [148, 103, 189], [214, 39, 40], [23, 190, 207]];

export const rgb = (c) => `rgb(${c[0] | 0},${c[1] | 0},${c[2] | 0})`;
const mix = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

// The colours of a sign (neuron maps, weights): orange and blue, except with
// three or more classes, where those are class 0's and 1's colours and a
// sign is brown (−) and slate (+) instead (signColors).
const BROWN = [150, 95, 40];
const SLATE = [70, 85, 100];
let signNegative = ORANGE, signPositive = BLUE;
export function signColors(multiClass) {
  [signNegative, signPositive] = multiClass ? [BROWN, SLATE] : [ORANGE, BLUE];
  return multiClass ? { negative: 'brown', positive: 'slate' } : { negative: 'orange', positive: 'blue' };
}

// v in [-1, 1] → negative colour (−1) … neutral (0) … positive colour (+1).
export function divergingColor(v) {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  return t < 0 ? mix(NEUTRAL, signNegative, -t) : mix(NEUTRAL, signPositive, t);
}

export function classColor(k) {
  return CLASS_COLORS[k % CLASS_COLORS.length];
}

// Colour of a point's label: a class colour, or the diverging scale for regression.
export function labelColor(label, problem) {
  if (problem !== 'regression') return classColor(label);
  const t = Math.max(-1, Math.min(1, Number.isFinite(label) ? label : 0));
  return t < 0 ? mix(NEUTRAL, ORANGE, -t) : mix(NEUTRAL, BLUE, t);
}

// An offscreen canvas reused per size, holding a g × g image.
const scratch = new Map();
function scratchCanvas(g) {
  if (!scratch.has(g)) {
    const c = document.createElement('canvas');
    c.width = c.height = g;
    scratch.set(g, c);
  }
  return scratch.get(g);
}

// Paints a g × g array of colours (a function of the cell index) over the
// whole canvas, smoothly scaled.
function paintGrid(canvas, g, colorAt, smooth = true, light = 0) {
  const off = scratchCanvas(g);
  const octx = off.getContext('2d');
  const img = octx.createImageData(g, g);
  for (let i = 0; i < g * g; i++) {
    let c = colorAt(i);
    if (light) c = mix(c, [255, 255, 255], light);
    img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
  }
  octx.putImageData(img, 0, 0);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = smooth;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
}

// The network's output over the plane. outputs: g·g rows × `outs` values.
// Two classes: P(class 1) → orange…blue; K classes: the most likely class's
// colour, paler where the network is unsure; regression: the value.
const MAP_LIGHT = 0.22;  // the map is paler than the points drawn on it
export function drawOutputMap(canvas, outputs, g, outs, problem, discretize) {
  if (problem === 'regression') {
    paintGrid(canvas, g, (i) => divergingColor(discretize ? Math.sign(outputs[i]) : outputs[i]), true, MAP_LIGHT);
  } else if (outs === 1) {
    paintGrid(canvas, g, (i) => {
      const v = 2 * outputs[i] - 1;
      return divergingColor(discretize ? Math.sign(v) : v);
    }, true, MAP_LIGHT);
  } else {
    paintGrid(canvas, g, (i) => {
      let best = 0;
      for (let k = 1; k < outs; k++) if (outputs[i * outs + k] > outputs[i * outs + best]) best = k;
      const p = outputs[i * outs + best];
      const t = discretize ? 1 : Math.max(0, (p - 1 / outs) / (1 - 1 / outs));
      return mix(NEUTRAL, classColor(best), 0.15 + 0.85 * t);
    }, true, MAP_LIGHT);
  }
}

// One neuron's or feature's values over the big map (while the mouse is on it).
export function drawNeuronMap(canvas, values, g, scale, tint) {
  if (tint) paintGrid(canvas, g, (i) => mix(NEUTRAL, tint, Math.max(0, Math.min(1, scale(values[i])))), true, MAP_LIGHT);
  else paintGrid(canvas, g, (i) => divergingColor(scale(values[i])), true, MAP_LIGHT);
}

// A neuron's (or input feature's) values over the grid, in [-1, 1] after `scale`.
export function drawThumb(canvas, values, g, scale, tint) {
  if (tint) paintGrid(canvas, g, (i) => mix(NEUTRAL, tint, Math.max(0, Math.min(1, scale(values[i])))));
  else paintGrid(canvas, g, (i) => divergingColor(scale(values[i])));
}

// How to map a neuron's outputs to [-1, 1] for its thumbnail.
export function neuronScale(activation, values) {
  if (activation === 'tanh') return (v) => v;
  if (activation === 'sigmoid') return (v) => 2 * v - 1;
  let m = 0;
  for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
  return m > 0 ? (v) => v / m : () => 0;
}

// Data points over the output map. Train points have a white ring, test
// points a black one (TF Playground's convention).
export function drawPoints(canvas, points, problem, showTest) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, s = w / 360;
  for (const p of points) {
    if (!p.train && !showTest) continue;
    const px = ((p.x + RADIUS) / (2 * RADIUS)) * w, py = ((RADIUS - p.y) / (2 * RADIUS)) * h;
    ctx.beginPath();
    ctx.arc(px, py, 3.2 * s, 0, 2 * Math.PI);
    ctx.fillStyle = rgb(labelColor(p.label, problem));
    ctx.fill();
    ctx.lineWidth = (p.train ? 1 : 1.6) * s;
    ctx.strokeStyle = p.train ? 'white' : 'black';
    ctx.stroke();
  }
}

// Axes ticks on the map's border.
// Ticks every 2 units along the bottom (x₁) and the left (x₂), numbered
// inside the plot (the inner ticks; the edges are ±RADIUS).
export function drawAxes(canvas) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, s = w / 360;
  ctx.fillStyle = 'rgba(0,0,0,0.6)';
  ctx.font = `${9 * s}px sans-serif`;
  for (const v of [-6, -4, -2, 0, 2, 4, 6]) {
    const px = ((v + RADIUS) / (2 * RADIUS)) * w, py = ((RADIUS - v) / (2 * RADIUS)) * h;
    ctx.fillRect(px - 0.5 * s, h - 4 * s, 1 * s, 4 * s);
    ctx.fillRect(0, py - 0.5 * s, 4 * s, 1 * s);
    if (Math.abs(v) === RADIUS) continue;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(String(v), px, h - 5 * s);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    if (v !== 0) ctx.fillText(String(v), 6 * s, py);  // 0 is on the x₁ axis already
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText('x₁', w - 3 * s, h - 5 * s);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText('x₂', 6 * s, 3 * s);
}

// The loss chart: train (dark) and test (orange-grey) losses per epoch.
export function drawLossChart(canvas, train, test) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const n = train.length;
  if (n < 2) return;
  let max = 0, min = Infinity;
  for (const v of train.concat(test)) if (Number.isFinite(v) && v > 0) { max = Math.max(max, v); min = Math.min(min, v); }
  if (!(max > 0)) return;
  // A log scale once the loss spans more than a factor of 20, else linear from 0.
  const log = max / min > 20;
  const lo = log ? Math.log10(min) : 0, hi = log ? Math.log10(max) : max;
  const frac = (v) => ((log ? Math.log10(Math.max(v, min)) : Math.min(v, max)) - lo) / (hi - lo || 1);
  const line = (vals, color, width) => {
    ctx.beginPath();
    let started = false;
    vals.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const x = (i / (n - 1)) * (w - 2) + 1, y = h - 2 - frac(v) * (h - 14 * (w / 340));
      if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
    });
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.stroke();
  };
  line(test, '#999', 2 * (w / 340));
  line(train, '#222', 2 * (w / 340));
  ctx.fillStyle = '#777';
  ctx.font = `${10 * (w / 340)}px sans-serif`;
  ctx.fillText(max.toPrecision(2) + (log ? ' (log scale)' : ''), 3, 11 * (w / 340));
  if (log) ctx.fillText(min.toPrecision(2), 3, h - 4);
  const k = w / 340;
  ctx.fillStyle = '#222'; ctx.fillText('— train', w - 110 * k, 11 * k);
  ctx.fillStyle = '#999'; ctx.fillText('— test', w - 55 * k, 11 * k);
}

// The test-set confusion matrix as a table (row = true class).
export function renderConfusion(el, matrix, k) {
  if (!matrix || k < 2) { el.innerHTML = ''; return; }
  const total = matrix.reduce((a, b) => a + b, 0) || 1;
  let html = '<table class="confusion"><tr><th title="true class ↓ / predicted class →">true \\ pred</th>';
  for (let j = 0; j < k; j++) html += `<th><span class="swatch" style="background:${rgb(classColor(j))}"></span>${j}</th>`;
  html += '</tr>';
  for (let i = 0; i < k; i++) {
    let rowSum = 0;
    for (let j = 0; j < k; j++) rowSum += matrix[i * k + j];
    html += `<tr><th><span class="swatch" style="background:${rgb(classColor(i))}"></span>${i}</th>`;
    for (let j = 0; j < k; j++) {
      const v = matrix[i * k + j];
      const t = rowSum ? v / rowSum : 0;
      const c = mix([255, 255, 255], i === j ? [60, 150, 90] : [210, 80, 70], t);
      html += `<td style="background:${rgb(c)}" title="${v} of ${rowSum} test points of class ${i} predicted as ${j}">${v}</td>`;
    }
    html += '</tr>';
  }
  el.innerHTML = html + `</table><div class="note">${total} test points</div>`;
}

// Per-layer gradient norms as horizontal bars on a log scale (1e-6 … 10).
// A layer is marked by its ratio to the output layer's norm (the last):
// 100× smaller is vanishing, 100× larger exploding. Returns one line about
// the worst such layer, or '' (a converged network, whose gradients are all
// tiny, is not vanishing).
export const GRAD_RATIO = 100;
export function gradientJudgement(norms, names) {
  const out = norms[norms.length - 1];
  if (!(norms.length > 1 && out > 0 && Number.isFinite(out))) return { classes: norms.map(() => ''), note: '' };
  const ratios = norms.map((g) => g / out);
  const classes = ratios.map((r, l) => (l === norms.length - 1 ? '' : r < 1 / GRAD_RATIO ? 'vanish' : r > GRAD_RATIO ? 'explode' : ''));
  let worst = -1;
  ratios.forEach((r, l) => { if (classes[l] && (worst < 0 || Math.abs(Math.log(r)) > Math.abs(Math.log(ratios[worst])))) worst = l; });
  if (worst < 0) return { classes, note: '' };
  const r = ratios[worst];
  const note = classes[worst] === 'vanish'
    ? `${names[worst]}'s gradient is 1/${Math.round(1 / r).toLocaleString('en')} of the output layer's: it vanishes on the way ` +
      'back (saturating sigmoid or tanh layers shrink it), so that layer hardly learns. Try ReLU, fewer layers or another optimizer.'
    : `${names[worst]}'s gradient is ${Math.round(r).toLocaleString('en')}× the output layer's: it explodes on the way back. ` +
      'Lower the learning rate or use fewer layers.';
  return { classes, note };
}

export function renderGradBars(el, norms, names, noteEl) {
  if (!norms || norms.length === 0) { el.innerHTML = ''; if (noteEl) noteEl.hidden = true; return; }
  const lo = -6, hi = 1;
  const { classes, note } = gradientJudgement(norms, names);
  if (noteEl) { noteEl.textContent = note; noteEl.hidden = !note; }
  let html = '';
  norms.forEach((g, l) => {
    const t = g > 0 ? (Math.log10(g) - lo) / (hi - lo) : 0;
    const pct = Math.max(1, Math.min(100, 100 * t));
    const cls = classes[l];
    html += `<div class="gbar" title="‖∂loss/∂W‖ of ${names[l]} on the last mini-batch: ${g.toExponential(2)}">` +
      `<span class="gname">${names[l]}</span><span class="gtrack"><span class="gfill ${cls}" style="width:${pct}%"></span></span>` +
      `<span class="gval">${g.toExponential(1)}</span></div>`;
  });
  el.innerHTML = html;
}
