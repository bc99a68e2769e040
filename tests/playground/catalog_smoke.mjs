// The engine's catalog() (playground/engine/bindings.cpp): the page's menus
// and URL names come from it, so it must list what the library has — the
// same optimizers, in the same order, as the CLI's --optimizer help (both
// read the optimizer registry), with labels and defaults, and the hidden
// activations a layer can learn through.
//   node tests/playground/catalog_smoke.mjs NEURITE_BIN path/to/neurite_engine.js
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [bin, engineArg] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const enginePath = path.resolve(engineArg);
const NeuriteEngine = require(enginePath);
const engine = await NeuriteEngine({ wasmBinary: fs.readFileSync(enginePath.replace(/\.js$/, '.wasm')) });

let failures = 0;
const check = (ok, what) => { if (!ok) { console.log(`FAIL: ${what}`); failures++; } };

const c = engine.catalog();
const names = c.optimizers.map((o) => o.name);
const help = execFileSync(bin, ['train', '--help'], { encoding: 'utf8' });
const line = help.split('\n').find((l) => l.trim().startsWith('--optimizer'));
check(line && line.includes(names.join(', ')), `engine optimizers ${names} not the CLI's: ${line}`);
const adam = c.optimizers.find((o) => o.name === 'adam');
check(adam && adam.label === 'Adam' && adam.defaults.learning_rate === 0.001 && adam.defaults.beta2 === 0.999 &&
      adam.slots === 2 && !('momentum' in adam.defaults), `adam entry ${JSON.stringify(adam)}`);
const adamw = c.optimizers.find((o) => o.name === 'adamw');
check(adamw && adamw.weightDecay === 'decoupled' && adamw.defaults.weight_decay === 0.01, `adamw ${JSON.stringify(adamw)}`);
check(c.optimizers.every((o) => o.label && o.summary), 'every optimizer has a label and a summary');
const acts = c.hiddenActivations.map((a) => a.name);
for (const a of ['identity', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu']) check(acts.includes(a), `no ${a} in ${acts}`);
for (const a of ['softmax', 'step', 'step_strict']) check(!acts.includes(a), `${a} offered for hidden layers`);
// Every name listed is one the engine's configure() accepts.
const s = new engine.Session();
for (const o of names) s.configure(JSON.stringify({ optimizer: o }));
for (const a of acts) s.configure(JSON.stringify({ activation: a }));
s.delete();

if (failures) { console.log(`${failures} failure(s)`); process.exit(1); }
console.log(`ok (${names.length} optimizers, ${acts.length} hidden activations)`);
