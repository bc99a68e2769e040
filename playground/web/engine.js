// Loads the WebAssembly engine (neurite_engine.js + .wasm, built from
// playground/engine/ with Emscripten) and wraps its Session in a small
// JavaScript class (the one place that knows the bound names).

let modulePromise = null;

// Loads neurite_engine.js (a classic script defining NeuriteEngine) once.
export function loadEngine() {
  if (modulePromise) return modulePromise;
  modulePromise = new Promise((resolve, reject) => {
    const start = () => {
      if (typeof globalThis.NeuriteEngine !== 'function') {
        reject(new Error('neurite_engine.js did not define NeuriteEngine'));
        return;
      }
      globalThis.NeuriteEngine().then(resolve, reject);
    };
    if (typeof globalThis.NeuriteEngine === 'function') { start(); return; }
    const script = document.createElement('script');
    script.src = new URL('./neurite_engine.js', import.meta.url).href;
    script.onload = start;
    script.onerror = () => reject(new Error('could not load neurite_engine.js (is the page served next to the engine files?)'));
    document.head.appendChild(script);
  });
  return modulePromise;
}

// The Session class of the engine, as documented at the top of
// playground/engine/bindings.cpp: array arguments take typed arrays, array
// results are Float32Arrays (copies) or plain arrays, and errors are
// JavaScript Errors carrying neurite's message.
export class Engine {
  constructor(module) {
    this.module = module;
    this.s = new module.Session();
  }

  configure(config) { this.s.configure(JSON.stringify(config)); }
  // Optimizer-side settings (rate, batch size, regularization, optimizer)
  // for the running network: weights and epoch count stay.
  tune(config) { this.s.tune(JSON.stringify(config)); }
  setData(trainX, trainY, testX, testY, features) { this.s.setData(trainX, trainY, testX, testY, features); }
  step(epochs = 1) { this.s.step(epochs); }
  epoch() { return Number(this.s.epoch()); }
  trainLoss() { return this.s.trainLoss(); }
  testLoss() { return this.s.testLoss(); }
  trainAccuracy() { return this.s.trainAccuracy(); }
  testAccuracy() { return this.s.testAccuracy(); }
  predict(x) { return this.s.predict(x); }
  neuronOutputs(x) { return this.s.neuronOutputs(x); }
  layerSizes() { return Array.from(this.s.layerSizes(), Number); }
  weights(l) { return this.s.weights(l); }
  biases(l) { return this.s.biases(l); }
  gradientNorms() { return Array.from(this.s.gradientNorms(), Number); }
  confusion() { return Array.from(this.s.confusion(), Number); }
  exportSpec() { return this.s.exportSpec(); }
  // The library's lists (optimizers with labels and defaults, hidden-layer
  // activations), as bindings.cpp documents catalog().
  catalog() { return this.module.catalog(); }
}

export async function createEngine() {
  return new Engine(await loadEngine());
}
