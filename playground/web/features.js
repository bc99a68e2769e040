// Input features: what the network sees of a point (x₁, x₂). The page
// computes them here and hands the engine rows × features, the enabled
// features in this order — the same columns `neurite predict` expects
// for an exported model. `formula` is the column in plain text, for the
// description an ONNX export carries.

export const FEATURES = [
  { id: 'x1', label: 'x₁', formula: 'x1', f: (x, y) => x, help: 'x₁, the horizontal coordinate' },
  { id: 'x2', label: 'x₂', formula: 'x2', f: (x, y) => y, help: 'x₂, the vertical coordinate' },
  { id: 'x1sq', label: 'x₁²', formula: 'x1^2', f: (x, y) => x * x, help: 'x₁ squared' },
  { id: 'x2sq', label: 'x₂²', formula: 'x2^2', f: (x, y) => y * y, help: 'x₂ squared' },
  { id: 'x1x2', label: 'x₁x₂', formula: 'x1*x2', f: (x, y) => x * y, help: 'the product x₁·x₂' },
  { id: 'sinx1', label: 'sin x₁', formula: 'sin(x1)', f: (x, y) => Math.sin(x), help: 'sin(x₁), x₁ in radians' },
  { id: 'sinx2', label: 'sin x₂', formula: 'sin(x2)', f: (x, y) => Math.sin(y), help: 'sin(x₂), x₂ in radians' },
];

export const FEATURE_IDS = FEATURES.map((f) => f.id);

// The enabled features, in the canonical order above.
export function enabledFeatures(ids) {
  return FEATURES.filter((f) => ids.includes(f.id));
}

// Rows × features (Float32Array) for points given as {x, y} objects.
export function featureMatrix(points, ids) {
  const feats = enabledFeatures(ids);
  const out = new Float32Array(points.length * feats.length);
  let k = 0;
  for (const p of points) for (const f of feats) out[k++] = f.f(p.x, p.y);
  return out;
}

// The points of a g × g grid over [-r, r]² (row 0 at the top, x to the right).
export function gridPoints(g, r) {
  const pts = new Array(g * g);
  for (let i = 0; i < g; i++)
    for (let j = 0; j < g; j++)
      pts[i * g + j] = { x: -r + (2 * r * (j + 0.5)) / g, y: r - (2 * r * (i + 0.5)) / g };
  return pts;
}
