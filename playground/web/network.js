// The network picture: the input features, the hidden layers and the
// output, each neuron a small heat map of its output over the plane, and
// the weights as lines (width = magnitude, blue positive, orange negative).

import { FEATURES, enabledFeatures } from './features.js';
import { ACTIVATIONS } from './url_state.js';
import { divergingColor, drawThumb, neuronScale, classColor, rgb } from './draw.js';

const SVG = 'http://www.w3.org/2000/svg';
const TOP = 58;     // room for the layer headers
const LEFT = 64;    // room for the feature names

export class NetworkView {
  // handlers: toggleFeature(id), addNeuron(l), removeNeuron(l), setLayerActivation(l, name)
  constructor(container, handlers) {
    this.el = container;
    this.h = handlers;
    this.links = [];
    this.nodes = [];
  }

  // Rebuilds the picture for a state; `outs` is the output width.
  build(state, outs, gridRows, grid) {
    this.state = state;
    this.outs = outs;
    this.grid = grid;
    const el = this.el;
    el.innerHTML = '';
    const width = Math.max(420, el.clientWidth || 600);
    const hidden = state.hidden;
    // Neurons shrink as layers grow (down to 14 px); the features keep at
    // least 24 px so their pictures stay readable.
    const rows = Math.max(outs, ...hidden, 1);
    const size = Math.max(14, Math.min(36, Math.floor(520 / rows) - 8));
    const pitch = size + Math.max(5, Math.min(12, size / 3));
    const fsize = Math.max(size, 24), fpitch = Math.max(pitch, fsize + 8);
    const height = TOP + Math.max(rows * pitch, FEATURES.length * fpitch) + 10;
    el.style.height = `${height}px`;
    const cols = hidden.length + 2;
    const colX = (c) => LEFT + ((width - LEFT - size - 70) * c) / (cols - 1);
    const spacing = colX(1) - colX(0);
    const headWidth = Math.min(84, spacing - 4);
    const compact = headWidth < 70;

    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.classList.add('links');
    el.appendChild(svg);

    // Node positions per column: column 0 holds all features (enabled or not).
    const enabled = enabledFeatures(state.features);
    const pos = [];
    pos.push(FEATURES.map((f, i) => ({ x: colX(0), y: TOP + i * fpitch, s: fsize })));
    hidden.forEach((n, l) => pos.push(Array.from({ length: n }, (_, u) => ({ x: colX(l + 1), y: TOP + u * pitch, s: size }))));
    pos.push(Array.from({ length: outs }, (_, u) => ({ x: colX(cols - 1), y: TOP + u * pitch, s: size })));
    // The rows of column 0 that feed the network, in input order.
    const inputPos = enabled.map((f) => pos[0][FEATURES.indexOf(f)]);

    // Links: for dense layer l, from the column before to column l + 1.
    this.links = [];
    for (let l = 0; l < cols - 1; l++) {
      const from = l === 0 ? inputPos : pos[l];
      const to = pos[l + 1];
      const layer = [];
      to.forEach((b, u) => from.forEach((a, i) => {
        const path = document.createElementNS(SVG, 'path');
        const x1 = a.x + a.s, y1 = a.y + a.s / 2, x2 = b.x, y2 = b.y + b.s / 2, mx = (x1 + x2) / 2;
        path.setAttribute('d', `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`);
        path.setAttribute('class', 'link');
        const title = document.createElementNS(SVG, 'title');
        path.appendChild(title);
        svg.appendChild(path);
        layer.push({ path, title, u, i });
      }));
      this.links.push(layer);
    }

    // Feature nodes.
    this.featureNodes = FEATURES.map((f, i) => {
      const on = state.features.includes(f.id);
      const node = this.node(pos[0][i], `feature ${on ? '' : 'off'}`,
        `${f.help} — click to switch ${on ? 'off' : 'on'}`);
      node.dataset.feature = f.id;
      const label = document.createElement('span');
      label.className = 'feature-label';
      label.textContent = f.label;
      node.appendChild(label);
      node.addEventListener('click', () => this.h.toggleFeature(f.id));
      // Enter or Space switches a focused feature, as a click does.
      node.tabIndex = 0;
      node.setAttribute('role', 'switch');
      node.setAttribute('aria-checked', String(on));
      node.setAttribute('aria-label', f.label);
      node.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); this.h.toggleFeature(f.id); }
      });
      this.hoverable(node, on ? { kind: 'feature', id: f.id } : null);
      return node;
    });
    this.drawFeatures(gridRows, grid);

    // Hidden layers: header with +/− and the neuron count, then the neurons.
    const acts = state.activations || hidden.map(() => state.activation);
    this.nodes = [];
    hidden.forEach((n, l) => {
      const head = document.createElement('div');
      head.className = 'layer-head';
      head.style.left = `${colX(l + 1) + size / 2 - headWidth / 2}px`;
      head.style.width = `${headWidth}px`;
      head.classList.toggle('compact', compact);
      head.innerHTML = `<div class="pm"><button class="round tiny" title="Add a neuron to this layer">+</button>` +
        `<button class="round tiny" title="Remove a neuron from this layer">−</button></div>` +
        `<div class="count" title="${n} neuron${n === 1 ? '' : 's'} in hidden layer ${l + 1}">${compact ? n : `${n} neuron${n === 1 ? '' : 's'}`}</div>`;
      const [plus, minus] = head.querySelectorAll('button');
      plus.addEventListener('click', () => this.h.addNeuron(l));
      minus.addEventListener('click', () => this.h.removeNeuron(l));
      if (state.advanced) {
        const sel = document.createElement('select');
        sel.title = 'Activation of this layer';
        sel.className = 'layer-act';
        for (const a of ACTIVATIONS) sel.add(new Option(a, a, false, a === acts[l]));
        sel.addEventListener('change', () => this.h.setLayerActivation(l, sel.value));
        head.appendChild(sel);
      }
      el.appendChild(head);
      this.nodes.push(pos[l + 1].map((p, u) => this.hoverable(this.node(p, 'neuron', ''), { kind: 'neuron', layer: l, unit: u })));
    });
    const outHead = document.createElement('div');
    outHead.className = 'layer-head out-head';
    outHead.style.left = `${colX(cols - 1) + size / 2 - 42}px`;
    outHead.innerHTML = `<div class="count">output</div><div class="sub">${this.outputKind()}</div>`;
    el.appendChild(outHead);
    this.nodes.push(pos[cols - 1].map((p, u) => this.hoverable(this.node(p, 'neuron output', ''), { kind: 'neuron', layer: hidden.length, unit: u })));
    const inHead = document.createElement('div');
    inHead.className = 'layer-head in-head';
    inHead.style.left = `${colX(0) + fsize / 2 - 40}px`;
    inHead.innerHTML = `<div class="count">features</div><div class="sub">${enabled.length} on</div>`;
    el.appendChild(inHead);
    this.acts = acts;
  }

  // How neuron u of dense layer l maps its values to colours.
  mapping(l, u, units, isOut, vals) {
    if (!isOut) return { scale: neuronScale(this.acts[l], vals), tint: null };
    if (this.state.problem === 'regression') return { scale: (v) => v, tint: null };
    if (units === 1) return { scale: (v) => 2 * v - 1, tint: null };
    return { scale: (v) => v, tint: classColor(u) };
  }

  outputKind() {
    const s = this.state;
    if (s.problem === 'regression') return 'linear, MSE';
    return this.outs === 1 ? 'sigmoid, cross-entropy' : 'softmax, cross-entropy';
  }

  // Pointing at a node shows it on the big map (handlers.hover).
  // Also by keyboard: a node takes the focus (Tab) and shows itself while it
  // has it.
  hoverable(node, what) {
    if (what && this.h.hover) {
      node.tabIndex = 0;
      node.addEventListener('mouseenter', () => this.h.hover(what));
      node.addEventListener('mouseleave', () => this.h.hover(null));
      node.addEventListener('focus', () => this.h.hover(what));
      node.addEventListener('blur', () => this.h.hover(null));
    }
    return node;
  }

  node(p, cls, title) {
    const size = p.s;
    const div = document.createElement('div');
    div.className = `node ${cls}`;
    div.style.left = `${p.x}px`;
    div.style.top = `${p.y}px`;
    div.style.width = div.style.height = `${size}px`;
    if (title) div.title = title;
    const c = document.createElement('canvas');
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    c.width = c.height = Math.round(size * dpr);
    div.appendChild(c);
    this.el.appendChild(div);
    return div;
  }

  // Each feature's values over the plane (scaled by its largest magnitude).
  drawFeatures(gridRows, g) {
    FEATURES.forEach((f, i) => {
      const vals = gridRows.map((p) => f.f(p.x, p.y));
      const m = Math.max(...vals.map(Math.abs)) || 1;
      drawThumb(this.featureNodes[i].querySelector('canvas'), vals, g, (v) => v / m);
    });
  }

  // Refreshes the weights and the neurons' pictures from the engine.
  // outputs: engine.neuronOutputs over the grid; sizes: engine.layerSizes().
  update(engine, outputs, sizes) {
    const g = this.grid, rows = g * g;
    let offset = 0;
    const dense = sizes.length - 1;
    for (let l = 0; l < dense && l < this.nodes.length; l++) {
      const units = sizes[l + 1];
      const isOut = l === dense - 1;
      const w = engine.weights(l), b = engine.biases(l);
      const inputs = sizes[l];
      for (const link of this.links[l] || []) {
        const v = w[link.u * inputs + link.i];
        if (v === undefined) continue;
        const a = Math.abs(v);
        link.path.style.strokeWidth = (0.3 + Math.min(a, 3) * 1.1).toFixed(2);
        link.path.style.stroke = rgb(divergingColor(v));
        link.title.textContent = `weight ${v.toPrecision(3)}`;
      }
      for (let u = 0; u < units && u < this.nodes[l].length; u++) {
        const vals = new Float32Array(rows);
        for (let r = 0; r < rows; r++) vals[r] = outputs[offset + r * units + u];
        const node = this.nodes[l][u];
        const { scale, tint } = this.mapping(l, u, units, isOut, vals);
        drawThumb(node.querySelector('canvas'), vals, g, scale, tint);
        const what = isOut ? (this.state.problem === 'regression' ? 'output' : units === 1 ? 'P(class 1)' : `P(class ${u})`)
          : `layer ${l + 1}, neuron ${u + 1} (${this.acts[l]})`;
        node.title = `${what} over the plane — bias ${b[u].toPrecision(3)}`;
      }
      offset += rows * units;
    }
  }
}
