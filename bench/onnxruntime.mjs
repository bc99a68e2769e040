// The onnxruntime side of neurite's benchmark (bench/run.sh runs it next to
// build/bench/neurite_bench --cases model): the ONNX export of the same
// trained model file, run by onnxruntime through its Node.js binding
// (onnxruntime-node, the version tests/onnx/package.json pins, installed by
// scripts/setup.sh), on the same raw MNIST test pixels. Prints one JSON
// object per line, as the other sides do: {"case": ..., "value": ..., "unit": ...}.
//
//   node bench/onnxruntime.mjs --model MODEL.onnx --identity IDENTITY.onnx
//                              [--data data/mnist] [--seconds 1.5] [--threads 2]
//
// The session: CPU, intraOpNumThreads = --threads, interOpNumThreads = 1,
// sequential execution, every graph optimization; its defaults otherwise.
// Inputs are tensors made once, before timing. Each case is the median of
// per-call times (a call is one awaited session.run), as neurite_bench's:
//   model b1 latency                     the first test digit
//   model b1 latency, no zero inputs     that digit + 0.5 on every pixel
//   model b1000                          the first 1,000 digits, as samples/s
//   per-call cost, Identity b1           IDENTITY.onnx (one Identity node,
//       [batch, 784]) on the first digit: what a call through the binding
//       costs when the model does nothing, which the batch-1 figure includes.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(new URL('../tests/onnx/package.json', import.meta.url));
const ort = require('onnxruntime-node');

function flags(argv) {
  const f = { data: 'data/mnist', seconds: 1.5, threads: 2 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (!['--model', '--identity', '--data', '--seconds', '--threads'].includes(name)) throw new Error(`unknown flag ${name}`);
    f[name.slice(2)] = ['--seconds', '--threads'].includes(name) ? Number(value) : value;
  }
  if (!f.model || !f.identity) throw new Error('usage: node bench/onnxruntime.mjs --model MODEL.onnx --identity IDENTITY.onnx [--data DIR] [--seconds S] [--threads N]');
  return f;
}

// The first `count` images of an unsigned-byte IDX file, as float32 rows.
function readImages(path, count) {
  const b = fs.readFileSync(path);
  if (b.readUInt16BE(0) !== 0 || b[2] !== 0x08 || b[3] !== 3) throw new Error(`${path}: not an IDX file of images`);
  const n = b.readUInt32BE(4), width = b.readUInt32BE(8) * b.readUInt32BE(12);
  if (n < count) throw new Error(`${path}: ${n} images, ${count} needed`);
  return { width, pixels: Float32Array.from(b.subarray(16, 16 + count * width)) };
}

function emit(name, value, unit, extra = {}) {
  console.log(JSON.stringify({ case: name, value, unit, ...extra }));
}

// 20 calls, then every call timed until `seconds` have passed (and at least
// 20 calls); the median seconds per call.
async function medianCallSeconds(call, seconds) {
  for (let i = 0; i < 20; i++) await call();
  const times = [];
  const start = process.hrtime.bigint(), limit = BigInt(Math.round(seconds * 1e9));
  while (times.length < 20 || process.hrtime.bigint() - start < limit) {
    const t = process.hrtime.bigint();
    await call();
    times.push(Number(process.hrtime.bigint() - t));
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] / 1e9;
}

async function main() {
  const f = flags(process.argv.slice(2));
  const options = {
    executionProviders: ['cpu'],
    intraOpNumThreads: f.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  const { width, pixels } = readImages(`${f.data}/t10k-images-idx3-ubyte`, 1000);
  const tensor = (data, rows) => new ort.Tensor('float32', data, [rows, width]);
  const one = tensor(pixels.slice(0, width), 1);
  const oneNoZeros = tensor(pixels.slice(0, width).map((v) => v + 0.5), 1);
  const thousand = tensor(pixels, 1000);

  const version = { onnxruntime: ort.env.versions?.node ?? 'unknown', node: process.versions.node };
  const model = await ort.InferenceSession.create(f.model, options);
  const input = model.inputNames[0];
  const time = (session, name, x) => medianCallSeconds(() => session.run({ [name]: x }), f.seconds);
  emit('model b1 latency', (await time(model, input, one)) * 1e6, 'us', version);
  emit('model b1 latency, no zero inputs', (await time(model, input, oneNoZeros)) * 1e6, 'us');
  emit('model b1000', 1000 / (await time(model, input, thousand)), 'samples/s');

  const identity = await ort.InferenceSession.create(f.identity, options);
  emit('per-call cost, Identity b1', (await time(identity, identity.inputNames[0], one)) * 1e6, 'us');
  await model.release?.();
  await identity.release?.();
}

main().catch((e) => {
  console.error(`onnxruntime.mjs: ${e?.message ?? e}`);
  process.exit(1);
});
