// Writes the playground fixtures of tests/cli/onnxruntime_test.sh: a model
// trained and exported by the playground's own engine (WebAssembly) and page
// code, as the page's "Export model" button does, and the page's test points
// as feature rows (the columns `neurite predict` takes for that export).
//
//   node tests/onnx/playground_fixture.mjs build/playground/neurite_engine.js tests/data
//
// writes tests/data/playground_export.json and tests/data/playground_inputs.csv.
// The state is one the page can show (advanced: an activation per layer):
// spiral arms with 3 classes (softmax output), every input feature, 8-6
// hidden units with relu then tanh, Adam, 300 epochs.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const web = path.join(here, '..', '..', 'playground', 'web');
const { buildPoints, classCount } = await import(path.join(web, 'data.js'));
const { featureMatrix, FEATURE_IDS } = await import(path.join(web, 'features.js'));
const { DEFAULTS, engineConfig } = await import(path.join(web, 'url_state.js'));
const { Engine } = await import(path.join(web, 'engine.js'));

const [enginePath, outDir] = process.argv.slice(2).map((p) => path.resolve(p));
if (!enginePath || !outDir) {
  console.error('usage: node playground_fixture.mjs path/to/neurite_engine.js OUT_DIR');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const NeuriteEngine = require(enginePath);
const module = await NeuriteEngine({ wasmBinary: fs.readFileSync(enginePath.replace(/\.js$/, '.wasm')) });
const engine = new Engine(module);

const state = {
  ...DEFAULTS, dataset: 'arms', classes: 3, noise: 10, samples: 300, seed: 5,
  features: [...FEATURE_IDS], hidden: [8, 6], activations: ['relu', 'tanh'], advanced: true,
  optimizer: 'adam', lr: 0.01, batch: 10,
};
const points = buildPoints(state);
const train = points.filter((p) => p.train), test = points.filter((p) => !p.train);
engine.configure(engineConfig(state, classCount(state)));
engine.setData(featureMatrix(train, state.features), Float32Array.from(train, (p) => p.label),
  featureMatrix(test, state.features), Float32Array.from(test, (p) => p.label), state.features.length);
engine.step(300);

fs.writeFileSync(path.join(outDir, 'playground_export.json'), engine.exportSpec() + '\n');
const x = featureMatrix(test, state.features), n = state.features.length;
let csv = state.features.join(',') + '\n';
for (let i = 0; i < test.length; i++) csv += Array.from(x.subarray(i * n, (i + 1) * n), String).join(',') + '\n';
fs.writeFileSync(path.join(outDir, 'playground_inputs.csv'), csv);
console.log(`playground fixture: ${train.length} training points, ${test.length} test rows, ` +
  `test accuracy ${engine.testAccuracy().toFixed(4)}, test loss ${engine.testLoss().toFixed(4)}`);
