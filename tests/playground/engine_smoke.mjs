// Loads the WebAssembly engine in node and trains XOR-like data through the
// JavaScript API the page uses (playground/engine/bindings.cpp).
//   node tests/playground/engine_smoke.mjs path/to/neurite_engine.js
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const enginePath = path.resolve(process.argv[2] ?? 'build/playground/neurite_engine.js');
const NeuriteEngine = require(enginePath);
// The wasm bytes are handed over directly: this Emscripten fetches the file
// when fetch exists, and node's fetch takes no file paths.
const wasmBinary = fs.readFileSync(enginePath.replace(/\.js$/, '.wasm'));
const engine = await NeuriteEngine({ wasmBinary });

let failures = 0;
const check = (ok, what) => { if (!ok) { console.log(`FAIL: ${what}`); failures++; } };

// Quadrants: class 1 where x·y > 0 (XOR of the signs).
function data(n, seed) {
  let s = seed;
  const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const x = new Float32Array(2 * n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let a = rand() * 2 - 1, b = rand() * 2 - 1;
    if (Math.abs(a) < 0.1) a += Math.sign(a || 1) * 0.1;
    if (Math.abs(b) < 0.1) b += Math.sign(b || 1) * 0.1;
    x[2 * i] = a; x[2 * i + 1] = b; y[i] = a * b > 0 ? 1 : 0;
  }
  return [x, y];
}

const s = new engine.Session();
s.configure(JSON.stringify({ hidden: [8, 8], activation: 'tanh', optimizer: 'adam', learning_rate: 0.03,
                             batch_size: 10, seed: 3 }));
const [trainX, trainY] = data(400, 1), [testX, testY] = data(200, 2);
s.setData(trainX, trainY, testX, Array.from(testY), 2);
check(JSON.stringify(s.layerSizes()) === '[2,8,8,1]', `layerSizes ${JSON.stringify(s.layerSizes())}`);
s.step(100);
const m = s.metrics();
check(m.epoch === 100 && s.epoch() === 100, `epoch ${m.epoch}`);
check(m.testAccuracy > 0.9, `test accuracy ${m.testAccuracy}`);
check(m.trainLoss === s.trainLoss() && s.train_loss() === s.trainLoss(), 'metrics() and trainLoss() agree');
const p = s.predict(new Float32Array([0.5, 0.5, -0.5, 0.5]));
check(p instanceof Float32Array && p.length === 2 && p[0] > 0.5 && p[1] < 0.5, `predict ${p}`);
const n = s.neuronOutputs([0.5, 0.5, -0.5, 0.5]);
check(n instanceof Float32Array && n.length === 2 * (8 + 8 + 1), `neuronOutputs length ${n.length}`);
check(Math.abs(n[n.length - 2] - p[0]) < 1e-6, 'last neuron output is the prediction');
check(s.weights(0).length === 16 && s.biases(2).length === 1, 'weights/biases shapes');
check(s.gradientNorms().length === 3, 'gradientNorms length');
const c = s.confusion();
check(Array.isArray(c) && c.length === 4 && c.reduce((a, b) => a + b, 0) === 200, `confusion ${c}`);
const spec = JSON.parse(s.exportSpec());
check(spec.input === 2 && spec.layers.length === 4, 'exportSpec');
try {
  s.configure('{"hiden": [3]}');
  check(false, 'a bad key throws');
} catch (e) {
  check(e instanceof Error && /hiden/.test(e.message), `error names the key: ${e.message ?? e}`);
}
check(s.epoch() === 100, 'a refused config keeps the session');
s.delete();

if (failures) { console.log(`${failures} failure(s)`); process.exit(1); }
console.log('ok');
