#!/usr/bin/env node
// Browser test of the playground page, end to end: the real WebAssembly
// engine, served by `neurite serve`, driven in Debian's chromium through
// playwright-core.
//
//   node tests/playground/e2e.mjs NEURITE_BIN SITE_DIR [--update-readme]
//
// The checks: the page loads; the spiral trains; the rate, regularization,
// batch size and optimizer change the running network without a restart;
// a link reproduces a run; clicks add points, which always show; CSV
// imports (a 200,000-row file refused, decimal commas, a short link); the
// signals (rate 10 warns; vanishing gradients by ratio); a phone's layout; the JSON export gives the page's outputs in `neurite
// predict` and `train --init-from`; Export ONNX (written by the server)
// gives them in an ONNX file, and from another server says what to do.
//
// SITE_DIR is the assembled site (build/playground: the page next to
// neurite_engine.js/.wasm). Screenshots go to $SCREENSHOT_DIR (default: a
// fresh temporary folder). Prints one line per check; exits 0 when all
// pass, 1 with a message on the first failure. The server and the browser
// are always stopped.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TOTAL_LIMIT_S = 170;        // the whole test
const SPIRAL_LIMIT_S = 45;        // training the spiral
const SPIRAL_TEST_LOSS = 0.1;     // the bound the spiral's test loss must reach
const SPIRAL_SHOW_EPOCHS = 1500;  // then it trains on to this epoch for the screenshot
const PREDICT_TOLERANCE = 1e-5;

const [bin, site, option] = process.argv.slice(2);
// --update-readme: the spiral's screenshot also replaces docs/playground.png,
// the README's picture of the page.
const README_SHOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'playground.png');
if (option !== undefined && option !== '--update-readme') {
  console.error(`e2e: unknown option ${option} (--update-readme)`);
  process.exit(2);
}
if (!bin || !site) {
  console.error('usage: node tests/playground/e2e.mjs NEURITE_BIN SITE_DIR [--update-readme]');
  process.exit(2);
}
for (const [what, p] of [['neurite binary', bin], ['site folder', site]])
  if (!existsSync(p)) { console.error(`e2e: ${what} not found: ${p}`); process.exit(2); }
if (!existsSync(path.join(site, 'index.html')) || !existsSync(path.join(site, 'neurite_engine.wasm'))) {
  console.error(`e2e: ${site} lacks index.html or neurite_engine.wasm (run scripts/build_playground.sh)`);
  process.exit(2);
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('e2e: playwright-core is not installed: npm ci --prefix tests/playground');
  process.exit(2);
}
if (!existsSync(CHROMIUM)) { console.error(`e2e: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`); process.exit(2); }

const work = mkdtempSync(path.join(tmpdir(), 'neurite-e2e-'));
const shots = process.env.SCREENSHOT_DIR || mkdtempSync(path.join(tmpdir(), 'neurite-playground-shots-'));
mkdirSync(shots, { recursive: true });

let server = null;
let context = null;
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

function pass(name, detail) {
  console.log(`ok   ${name}${detail ? ` — ${detail}` : ''}`);
}
class CheckFailed extends Error {}
function check(cond, message) {
  if (!cond) throw new CheckFailed(message);
}

async function cleanup() {
  if (context) { try { await context.close(); } catch { /* already gone */ } context = null; }
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => { const t = setTimeout(() => { server.kill('SIGKILL'); r(); }, 2000); server.once('exit', () => { clearTimeout(t); r(); }); });
  }
  rmSync(path.join(work, 'profile'), { recursive: true, force: true });
}

// Starts `neurite serve` on a free port; resolves with the page URL.
function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(bin, ['serve', '--root', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`neurite serve printed no URL within 15 s; output:\n${out}`)), 15000);
    const onData = (d) => {
      out += d;
      const m = out.match(/serving the playground at (http:\/\/[^\s/]+\/?)/);
      if (m) { clearTimeout(timer); resolve(m[1].endsWith('/') ? m[1] : `${m[1]}/`); }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`neurite serve exited with ${code}:\n${out}`)); });
    server.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

// A page that records console errors and uncaught exceptions.
async function openPage(url) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.errors.push(`page error: ${e.message}`));
  // The page shows engine errors in a red banner: count them too.
  await page.exposeFunction('__e2eBanner', (text) => page.errors.push(`error banner: ${text}`));
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const m = document.getElementById('message');
      if (m && !m.hidden && m.classList.contains('error') && m.textContent !== window.__e2eLast) {
        window.__e2eLast = m.textContent;
        window.__e2eBanner(m.textContent);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.goto(url);
  try {
    await page.waitForFunction(() => window.playground && window.playground.ready, null, { timeout: 20000 });
  } catch {
    const banner = await page.textContent('#message').catch(() => '');
    throw new CheckFailed(`the page did not start within 20 s (${url})\n${page.errors.concat(banner ? [`banner: ${banner}`] : []).join('\n')}`);
  }
  return page;
}

const pg = (page, fn, arg) => page.evaluate(fn, arg);
const state = (page) => pg(page, () => window.playground.state);
const losses = (page) => pg(page, () => window.playground.losses());

// Features exactly as playground/web/features.js computes them.
const FEATURES = {
  x1: (x, y) => x, x2: (x, y) => y, x1sq: (x, y) => x * x, x2sq: (x, y) => y * y,
  x1x2: (x, y) => x * y, sinx1: (x, y) => Math.sin(x), sinx2: (x, y) => Math.sin(y),
};

// Exports the page's model, runs `neurite predict` on points, compares with the page.
async function compareExport(page, label) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
  const name = download.suggestedFilename();
  const modelFile = path.join(work, `${label}-${name}`);
  await download.saveAs(modelFile);
  const spec = JSON.parse(readFileSync(modelFile, 'utf8'));
  const names = await pg(page, () => window.playground.featureNames());
  check(names.every((f) => name.includes(f)), `the model's file name ${name} does not list the features ${names}`);
  check(spec.input === names.length, `the spec's input ${spec.input} is not the feature count ${names.length}`);
  const pts = [];
  for (let i = 0; i < 25; i++) pts.push([-5.5 + (11 * (i % 5)) / 4 + 0.1 * i, 5.3 - (11 * Math.floor(i / 5)) / 4 + 0.03 * i]);
  const csv = [names.join(',')].concat(pts.map(([x, y]) => names.map((f) => FEATURES[f](x, y).toPrecision(17)).join(','))).join('\n') + '\n';
  const csvFile = path.join(work, `${label}-features.csv`);
  writeFileSync(csvFile, csv);
  const out = execFileSync(bin, ['predict', '--model', modelFile, '--input', csvFile, '--precision', '9'], { encoding: 'utf8' });
  const cli = out.trim().split('\n').map((l) => l.split(',').map(Number));
  const web = await pg(page, (p) => window.playground.predictPoints(p), pts);
  const outs = cli[0].length;
  check(cli.length === pts.length, `neurite predict printed ${cli.length} rows for ${pts.length} points`);
  check(web.length === pts.length * outs, `the page gave ${web.length} outputs, neurite predict ${pts.length}×${outs}`);
  let worst = 0;
  cli.forEach((row, r) => row.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - web[r * outs + j])); }));
  check(worst <= PREDICT_TOLERANCE, `neurite predict and the page differ by ${worst} (> ${PREDICT_TOLERANCE})`);

  // `neurite train --init-from` starts from the same weights: on a 10 × 10 grid
  // labelled with the page's own predicted classes, a step of rate 1e-12 scores 100 %.
  const grid = [];
  for (let i = 0; i < 100; i++) grid.push([-5 + (10 * (i % 10)) / 9, -5 + (10 * Math.floor(i / 10)) / 9]);
  const gp = await pg(page, (p) => window.playground.predictPoints(p), grid);
  const classOf = (r) => (outs === 1 ? (gp[r] >= 0.5 ? 1 : 0) : gp.slice(r * outs, r * outs + outs).reduce((b, v, j, a) => (v > a[b] ? j : b), 0));
  const labels = grid.map((_, r) => classOf(r));
  const classes = new Set(labels).size;
  check(classes === Math.max(outs, 2), `the grid holds ${classes} of the model's classes`);
  const labelled = [names.concat('label').join(',')].concat(grid.map(([x, y], r) =>
    names.map((f) => FEATURES[f](x, y).toPrecision(17)).concat(labels[r]).join(','))).join('\n') + '\n';
  const labelledFile = path.join(work, `${label}-labelled.csv`);
  writeFileSync(labelledFile, labelled);
  const trained = execFileSync(bin, ['--threads', '1', 'train', '--csv', labelledFile, '--label-column', '-1', '--scale', 'none',
    '--init-from', modelFile, '--epochs', '1', '--lr', '1e-12', '--validation-split', '0', '--quiet',
    '--out', path.join(work, `${label}-init-from`)], { encoding: 'utf8' });
  const acc = /test accuracy: ([0-9.]+)%/.exec(trained);
  check(acc && Number(acc[1]) === 100, `neurite train --init-from ${name}: ${acc ? acc[1] + '%' : trained}, not 100%`);
  const onnx = await compareOnnx(page, label, names, pts, web, outs);
  return { name, outs, worst, onnx };
}

// Debian's python3-onnx (and NumPy) under /usr/bin/python3, if installed.
const HAVE_PYTHON_ONNX = (() => {
  try { execFileSync('/usr/bin/python3', ['-c', 'import onnx, numpy'], { stdio: 'ignore' }); return true; } catch { return false; }
})();
const REFERENCE_RUN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'onnx', 'reference_run.py');

// Export ONNX (written by `neurite serve`): the download is an ONNX file
// (IR version 8 first), whose metadata lists the page's input columns, and,
// with python3-onnx, which passes ONNX's checker and whose NumPy run
// (tests/onnx/reference_run.py) gives the page's outputs on the points.
async function compareOnnx(page, label, names, pts, web, outs) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-onnx')]);
  const name = download.suggestedFilename();
  check(name === 'playground-model.onnx', `the ONNX download is named ${name}`);
  const file = path.join(work, `${label}-${name}`);
  await download.saveAs(file);
  const bytes = readFileSync(file);
  check(bytes.length > 100 && bytes[0] === 0x08 && bytes[1] === 0x08,
    `${name} (${bytes.length} bytes) does not start with ir_version 8 (08 08): ${bytes.subarray(0, 8).toString('hex')}`);
  const shown = await page.textContent('#message');
  check(shown.includes('ONNX model exported') && shown.includes(names.join(', ')), `after Export ONNX the page says: ${shown}`);
  if (!HAVE_PYTHON_ONNX) return { bytes: bytes.length, checked: false };
  const rows = pts.map(([x, y]) => names.map((f) => FEATURES[f](x, y).toPrecision(17)).join(',')).join('\n') + '\n';
  const rowsFile = path.join(work, `${label}-onnx-inputs.csv`);
  writeFileSync(rowsFile, rows);  // no header: reference_run.py reads numbers only
  const out = execFileSync('/usr/bin/python3', [REFERENCE_RUN, file, rowsFile], { encoding: 'utf8' });
  const run = out.trim().split('\n').map((l) => l.split(',').map(Number));
  check(run.length === pts.length && run[0].length === outs, `the ONNX run gave ${run.length}×${run[0].length} outputs, not ${pts.length}×${outs}`);
  let worst = 0;
  run.forEach((row, r) => row.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - web[r * outs + j])); }));
  check(worst <= PREDICT_TOLERANCE, `the ONNX file and the page differ by ${worst} (> ${PREDICT_TOLERANCE})`);
  const meta = JSON.parse(execFileSync('/usr/bin/python3', ['-c',
    'import json, onnx, sys; m = onnx.load(sys.argv[1]); ' +
    'print(json.dumps({"ir": m.ir_version, "doc": m.doc_string, "props": {p.key: p.value for p in m.metadata_props}}))', file],
  { encoding: 'utf8' }));
  check(meta.ir === 8, `${name}: IR version ${meta.ir}`);
  check(meta.props.input_columns === names.join('\n'), `${name}: input_columns ${JSON.stringify(meta.props.input_columns)}, not ${names}`);
  const formulas = { x1sq: 'x1sq = x1^2', x2sq: 'x2sq = x2^2', x1x2: 'x1x2 = x1*x2', sinx1: 'sinx1 = sin(x1)', sinx2: 'sinx2 = sin(x2)' };
  const columns = names.map((f) => formulas[f] || f).join(', ');
  check(meta.doc.includes(`Input columns, computed from a point (x1, x2): ${columns}.`), `${name}: doc string ${JSON.stringify(meta.doc)}`);
  return { bytes: bytes.length, checked: true, worst };
}

// From a server without the endpoint (a static host answering 404, or no
// answer at all), Export ONNX downloads nothing and says what to do instead.
async function onnxElsewhere(url) {
  const page = await openPage(url);
  const isEndpoint = (u) => u.pathname.endsWith('/api/export/onnx');
  const said = [];
  for (const [what, handler] of [['404', (r) => r.fulfill({ status: 404, contentType: 'text/html', body: '<h1>Not Found</h1>' })],
    ['no answer', (r) => r.abort('connectionrefused')]]) {
    await page.route(isEndpoint, handler);
    let downloaded = false;
    const onDownload = () => { downloaded = true; };
    page.on('download', onDownload);
    await page.evaluate(() => { document.getElementById('message').hidden = true; });
    await page.click('#export-onnx');
    await page.waitForFunction(() => !document.getElementById('message').hidden, null, { timeout: 5000 });
    await page.waitForTimeout(200);
    page.off('download', onDownload);
    await page.unroute(isEndpoint);
    const text = await page.textContent('#message');
    check(!downloaded, `${what}: Export ONNX downloaded something`);
    check(text.includes('needs the page served by neurite serve') && text.includes('neurite export --model MODEL.json --format onnx'),
      `${what}: the page says: ${text}`);
    said.push(what);
  }
  // The endpoint's own refusal (as neurite serve words one) is shown as it is.
  const refusal = 'the posted spec: layers[0].units: must be a positive integer';
  await page.route(isEndpoint, (r) => r.fulfill({ status: 400, headers: { 'X-Neurite-Export': 'onnx' },
    contentType: 'text/plain; charset=utf-8', body: `${refusal}\n` }));
  await page.click('#export-onnx');
  await page.waitForFunction((t) => document.getElementById('message').textContent.includes(t), refusal, { timeout: 5000 });
  await page.unroute(isEndpoint);
  said.push('a 400 of the endpoint shown as its message');
  // The messages are error banners and the failed requests console errors,
  // which openPage counts: those only.
  check(page.errors.every((e) => e.startsWith('error banner: ONNX export') || e.startsWith('console: Failed to load resource')),
    `other errors:\n${page.errors.join('\n')}`);
  await page.close();
  return said;
}

async function main() {
  const url = await startServer();
  context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });

  // 1. The page loads with the engine and no console errors.
  const page = await openPage(url);
  const first = await state(page);
  check(first.dataset === 'circle' && first.hidden.join(',') === '4,2' && first.activation === 'tanh' && first.lr === 0.03,
    `unexpected defaults: ${JSON.stringify(first)}`);
  const sizes = await pg(page, () => Array.from(window.playground.engine.layerSizes()));
  check(sizes.join(',') === '2,4,2,1', `engine layer sizes ${sizes}, expected 2,4,2,1`);
  await page.waitForTimeout(300);
  check(page.errors.length === 0, `console errors on load:\n${page.errors.join('\n')}`);
  await page.screenshot({ path: path.join(shots, '01-loaded.png'), fullPage: true });
  pass('load', `${url} with the WebAssembly engine, defaults circle 2-4-2-1 tanh lr 0.03, no console errors`);

  // 2. Spiral from the raw coordinates: pick it, build a network able to learn
  //    it, train to a low test loss.
  await page.click('.dataset[data-id=spiral]');
  await page.click('#add-layer');                   // 3 hidden layers
  for (let l = 0; l < 3; l++) {
    const plus = page.locator('.layer-head .pm button:first-child').nth(l);
    while ((await state(page)).hidden[l] < 8) await plus.click();
  }
  await page.selectOption('#optimizer', 'adam');
  await page.selectOption('#lr', '0.003');
  await page.selectOption('#speed', '20');
  const spiralState = await state(page);
  check(spiralState.dataset === 'spiral' && spiralState.hidden.join(',') === '8,8,8' && spiralState.features.join(',') === 'x1,x2',
    `the controls did not set the spiral network: ${JSON.stringify(spiralState)}`);
  const t0 = Date.now();
  await page.click('#play');
  let reached = null;
  while (Date.now() - t0 < SPIRAL_LIMIT_S * 1000) {
    await page.waitForTimeout(250);
    const l = await losses(page);
    if (l.test < SPIRAL_TEST_LOSS) {
      reached = { ...l, epochs: await pg(page, () => window.playground.epoch()), time: (Date.now() - t0) / 1000 };
      break;
    }
  }
  // Train on a little for the picture (the README shows it), then pause.
  while (reached && Date.now() - t0 < SPIRAL_LIMIT_S * 1000 && (await pg(page, () => window.playground.epoch())) < SPIRAL_SHOW_EPOCHS)
    await page.waitForTimeout(100);
  await page.click('#play');                        // pause
  const trainTime = (Date.now() - t0) / 1000;
  const epochs = await pg(page, () => window.playground.epoch());
  const end = await losses(page);
  check(reached, `spiral: test loss ${end.test.toFixed(4)} after ${epochs} epochs and ${trainTime.toFixed(1)} s, ` +
    `not below ${SPIRAL_TEST_LOSS} within ${SPIRAL_LIMIT_S} s`);
  check(!(await pg(page, () => window.playground.playing())), 'the pause button did not stop training');
  check(page.errors.length === 0, `console errors while training:\n${page.errors.join('\n')}`);
  await page.screenshot({ path: path.join(shots, '02-spiral-trained.png'), fullPage: true });
  if (option === '--update-readme') copyFileSync(path.join(shots, '02-spiral-trained.png'), README_SHOT);
  pass('spiral', `test loss ${reached.test.toFixed(4)} (< ${SPIRAL_TEST_LOSS}), train loss ${reached.train.toFixed(4)}, ` +
    `test accuracy ${(100 * reached.testAccuracy).toFixed(1)}% after ${reached.epochs} epochs in ${reached.time.toFixed(1)} s ` +
    `(inputs x1, x2 only; 8-8-8 tanh; Adam lr 0.003; batch 10); at epoch ${epochs} (${trainTime.toFixed(1)} s): ` +
    `test loss ${end.test.toFixed(4)}, test accuracy ${(100 * end.testAccuracy).toFixed(1)}%`);

  // 2b. Optimizer settings apply to the running network (TF Playground's
  //     way): the epoch count, the weights and the losses stay, training goes
  //     on from them, and a note says what the link now replays.
  const e0 = await pg(page, () => window.playground.epoch());
  const l0 = await losses(page);
  const w0 = await pg(page, () => Array.from(window.playground.engine.weights(0)));
  await page.selectOption('#lr', '0.001');
  await page.selectOption('#reg', 'l2');
  await page.selectOption('#regRate', '0.001');
  await page.locator('#batch').fill('20');
  await page.locator('#batch').dispatchEvent('change');
  await page.selectOption('#optimizer', 'rmsprop');
  const tuned = await state(page);
  check(tuned.lr === 0.001 && tuned.reg === 'l2' && tuned.batch === 20 && tuned.optimizer === 'rmsprop',
    `the settings did not change: ${JSON.stringify(tuned)}`);
  const e1 = await pg(page, () => window.playground.epoch());
  const l1t = await losses(page);
  const w1 = await pg(page, () => Array.from(window.playground.engine.weights(0)));
  check(e1 === e0, `changing the rate, regularization, batch size and optimizer moved the epoch from ${e0} to ${e1}`);
  check(l1t.test === l0.test && w1.every((v, i) => v === w0[i]), 'changing the settings changed the weights');
  const note = await page.evaluate(() => ({ shown: !document.querySelector('#link-note').hidden,
    text: document.querySelector('#link-note').textContent }));
  check(note.shown && note.text.includes(`epoch ${e0}`) && note.text.includes('starts a new run'),
    `the link note after a mid-run change: ${JSON.stringify(note)}`);
  // Twenty epochs counted, not timed: how many epochs a stretch of playing
  // runs depends on the machine, and a long stretch at a high rate may
  // wander off the minimum without anything being wrong.
  const eS = await pg(page, () => window.playground.step(20));
  const lS = await losses(page);
  check(eS === e0 + 20, `20 steps after the change went from epoch ${e0} to ${eS}`);
  check(Number.isFinite(lS.train) && lS.train < 3 * l0.train + 0.05,
    `the loss did not continue from where it was: ${l0.train.toFixed(4)} at epoch ${e0}, ${lS.train.toFixed(4)} at epoch ${eS}`);
  await page.click('#play');
  await page.waitForFunction((e) => window.playground.epoch() >= e + 20, eS);
  await page.selectOption('#lr', '0.003');  // while it plays
  await page.waitForTimeout(300);
  const e2 = await pg(page, () => window.playground.epoch());
  const playingStill = await pg(page, () => window.playground.playing());
  await page.click('#play');  // pause
  const l2t = await losses(page);
  check(playingStill && e2 > eS + 20 && Number.isFinite(l2t.train),
    `after a rate change while playing: epoch ${e2} (was past ${eS + 20}), playing ${playingStill}, train loss ${l2t.train}`);
  check(page.errors.length === 0, `console errors while changing settings:\n${page.errors.join('\n')}`);
  pass('live settings', `rate, L2, batch and optimizer changed at epoch ${e0}: epoch, weights and test loss ` +
    `${l0.test.toFixed(4)} kept; 20 epochs on, train loss ${lS.train.toFixed(4)} (${l0.train.toFixed(4)} before); ` +
    `the rate changed again while playing, still playing at epoch ${e2}; the link note shown`);

  // 3. URL round trip: the link reproduces the settings and the run.
  await page.fill('#seed', '4242');
  await page.press('#seed', 'Enter');
  await page.locator('#noise').fill('10');
  await page.locator('#noise').dispatchEvent('change');
  await page.selectOption('#reg', 'l2');
  await page.selectOption('#regRate', '0.001');
  await page.click('#showTest');
  await page.waitForFunction(() => window.playground.state.seed === 4242 && window.playground.state.noise === 10);
  const link = page.url();
  check(link.includes('#') && link.includes('seed=4242'), `the URL holds no state: ${link}`);
  const before = await state(page);
  const page2 = await openPage(link);
  const after = await state(page2);
  check(JSON.stringify(after) === JSON.stringify(before),
    `the state read back from the URL differs:\n  page: ${JSON.stringify(before)}\n  link: ${JSON.stringify(after)}`);
  const controls = (p) => p.evaluate(() => ({
    lr: document.querySelector('#lr').value, optimizer: document.querySelector('#optimizer').value,
    activation: document.querySelector('#activation').value, reg: document.querySelector('#reg').value,
    regRate: document.querySelector('#regRate').value, noise: document.querySelector('#noise').value,
    seed: document.querySelector('#seed').value, showTest: document.querySelector('#showTest').checked,
    layers: document.querySelector('#layers-label').textContent,
    features: [...document.querySelectorAll('.node.feature:not(.off)')].map((n) => n.dataset.feature).join(','),
    dataset: document.querySelector('.dataset.selected').dataset.id,
    points: document.querySelector('#counts').dataset.count,
  }));
  const c1 = await controls(page), c2 = await controls(page2);
  check(JSON.stringify(c1) === JSON.stringify(c2), `the controls differ:\n  page: ${JSON.stringify(c1)}\n  link: ${JSON.stringify(c2)}`);
  await page.click('#reset');
  const run = async (p) => {
    const out = [];
    for (let i = 0; i < 3; i++) { await p.click('#step'); out.push((await losses(p)).test); }
    return out;
  };
  const l1 = await run(page), l2 = await run(page2);
  check(l1.every((v, i) => v === l2[i]) && l1.every(Number.isFinite),
    `the same link gave different test losses: ${l1} vs ${l2}`);
  check(page2.errors.length === 0, `console errors on the linked page:\n${page2.errors.join('\n')}`);
  await page2.close();
  pass('url round trip', `${Object.keys(after).length} state keys and ${Object.keys(c1).length} controls match; ` +
    `first 3 epochs' test losses identical (${l1.map((v) => v.toFixed(4)).join(', ')})`);

  // 4. Your own data: clicking the plane adds points of the chosen class.
  const count0 = Number(await page.getAttribute('#counts', 'data-count'));
  await page.click('#add-label button:nth-child(2)');  // class 1
  const box = await page.locator('#output-map').boundingBox();
  const clicks = [[0.2, 0.2], [0.8, 0.25], [0.5, 0.85]];
  for (const [fx, fy] of clicks) await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
  const count1 = Number(await page.getAttribute('#counts', 'data-count'));
  const extra = (await state(page)).extra;
  check(count1 === count0 + clicks.length, `the point count went from ${count0} to ${count1} after ${clicks.length} clicks`);
  check(extra.length === clicks.length && extra.every((p) => p.label === 1), `added points: ${JSON.stringify(extra)}`);
  const added = (await pg(page, () => window.playground.points)).filter((p) => p.extra);
  check(added.length === clicks.length && added.every((p) => p.train),
    `points added by hand must all be training points (always shown): ${JSON.stringify(added)}`);
  check(Math.abs(extra[0].x - (-6 + 0.2 * 12)) < 0.2 && Math.abs(extra[0].y - (6 - 0.2 * 12)) < 0.2,
    `the first point landed at (${extra[0].x}, ${extra[0].y}), expected about (-3.6, 3.6)`);
  await page.click('#step');
  await page.screenshot({ path: path.join(shots, '03-added-points.png'), fullPage: true });
  pass('add points', `${count0} → ${count1} points after ${clicks.length} clicks on the plane (class 1, in the URL too)`);

  // 5. Export: the downloaded spec, run by `neurite predict`, gives the page's outputs.
  const bin1 = await compareExport(page, 'spiral');
  // …and a three-class softmax model on transformed inputs as well (x₁², sin x₁).
  await page.click('.dataset[data-id=blobs]');
  await page.click('.node.feature[data-feature=x1sq]');
  await page.click('.node.feature[data-feature=sinx1]');
  for (let i = 0; i < 5; i++) await page.click('#step');
  const blobs = await state(page);
  check(blobs.classes === 3, `blobs: ${blobs.classes} classes, expected 3`);
  check(blobs.features.join(',') === 'x1,x2,x1sq,sinx1', `blobs: features ${blobs.features}, expected x1,x2,x1sq,sinx1`);
  const multi = await compareExport(page, 'blobs');
  check(multi.outs === 3, `the three-class model printed ${multi.outs} outputs per row`);
  await page.screenshot({ path: path.join(shots, '04-three-classes.png'), fullPage: true });
  check(page.errors.length === 0, `console errors:\n${page.errors.join('\n')}`);
  pass('export model', `${bin1.name}: neurite predict matches the page on 25 points (max |Δ| ${bin1.worst.toExponential(1)}); ` +
    `3-class ${multi.name}: max |Δ| ${multi.worst.toExponential(1)}; neurite train --init-from scores 100 % on both`);

  // 6. Export ONNX: checked above for both models; from another server, a message.
  const elsewhere = await onnxElsewhere(url);
  const onnxDetail = (r) => (r.checked ? `${r.bytes} bytes, NumPy run max |Δ| ${r.worst.toExponential(1)}` : `${r.bytes} bytes`);
  pass('export onnx', `two-class: ${onnxDetail(bin1.onnx)}; 3-class (x1, x2, x1sq, sinx1): ${onnxDetail(multi.onnx)}` +
    (bin1.onnx.checked ? ' (ONNX checker, input_columns metadata)' : ' (python3-onnx not installed: contents not checked)') +
    `; another server (${elsewhere.slice(0, 2).join(', ')}): no download, the neurite serve / neurite export message; ${elsewhere[2]}`);

  // 7. "Your own" starts empty with two classes; every clicked point shows,
  //    with the test points hidden.
  await page.click('.dataset[data-id=custom]');
  const own = await state(page);
  check(own.classes === 2 && own.extra.length === 0, `"Your own": ${own.classes} classes, ${own.extra.length} points`);
  if (own.showTest) await page.click('#showTest');
  check(!(await state(page)).showTest, 'test points are still shown');
  const box2 = await page.locator('#output-map').boundingBox();
  for (let i = 0; i < 12; i++) {
    if (i === 6) await page.click('#add-label button:nth-child(2)');
    await page.mouse.click(box2.x + (0.1 + 0.07 * i) * box2.width, box2.y + (0.2 + 0.05 * i) * box2.height);
  }
  const ownPoints = await pg(page, () => window.playground.points);
  check(ownPoints.length === 12 && ownPoints.every((p) => p.train),
    `12 clicks on "Your own" gave ${ownPoints.length} points, ${ownPoints.filter((p) => p.train).length} shown (training)`);
  pass('own points', '"Your own" starts with 2 classes; 12 clicks, 12 points shown with the test points hidden');

  // 8. Signals: a classification run at rate 10 warns that the loss jumps;
  //    the default run does not; a deep sigmoid network's first layer is
  //    marked vanishing by its ratio to the output layer's gradient.
  const signals = async (hash, epochs) => {
    const p = await openPage(url.replace(/#.*$/, '') + hash);
    await pg(p, (n) => window.playground.step(n), epochs);
    const out = await p.evaluate(() => ({
      warning: document.getElementById('train-warning').hidden ? '' : document.getElementById('train-warning').textContent,
      gradNote: document.getElementById('grad-note').hidden ? '' : document.getElementById('grad-note').textContent,
      vanishing: document.querySelectorAll('#gradbars .gfill.vanish').length,
      losses: window.playground.losses(),
    }));
    check(p.errors.length === 0, `console errors on ${hash}:\n${p.errors.join('\n')}`);
    await p.close();
    return out;
  };
  const fast = await signals('#lr=10', 60);
  check(fast.warning.includes('the steps overshoot') && fast.warning.includes('Lower the learning rate'),
    `rate 10: no instability warning (train loss ${fast.losses.train}); shown: "${fast.warning}"`);
  const calm = await signals('#lr=0.03', 200);
  check(calm.warning === '' && calm.vanishing === 0, `the default run at rate 0.03: warning "${calm.warning}", ${calm.vanishing} vanishing bars`);
  const deep = await signals('#hidden=8,8,8,8,8,8&activation=sigmoid&lr=0.03', 30);
  check(deep.vanishing > 0 && deep.gradNote.includes('vanishes'), `6 sigmoid layers: ${deep.vanishing} vanishing bars, note "${deep.gradNote}"`);
  const flat = await openPage(url.replace(/#.*$/, '') + '#dataset=xor&hidden=&features=x1,x2');
  const flatView = await flat.evaluate(() => ({ disabled: document.getElementById('activation').disabled,
    note: document.getElementById('net-note').hidden ? '' : document.getElementById('net-note').textContent }));
  check(flatView.disabled && flatView.note.includes('no straight line separates XOR'),
    `XOR with no hidden layer: activation menu disabled ${flatView.disabled}, note "${flatView.note}"`);
  await flat.click('.node.feature[data-feature=x1x2]');
  check(await flat.evaluate(() => document.getElementById('net-note').hidden), 'the XOR note stayed with x₁x₂ on');
  await flat.close();
  pass('signals', `rate 10: "${fast.warning.slice(0, 60)}…"; rate 0.03: no warning; 6 sigmoid layers: ${deep.vanishing} layers ` +
    `marked vanishing ("${deep.gradNote.slice(0, 50)}…"); XOR with no hidden layer: the activation menu disabled and ` +
    'a line on why, gone with x₁x₂');

  // 9. Import CSV: the result stays on screen; a file over the limit is
  //    refused with a message and the page keeps its data; decimal commas
  //    with semicolons are read as such; the link stays short and, opened,
  //    says that it lacks the imported points.
  const message = () => page.evaluate(() => ({ shown: !document.getElementById('message').hidden,
    text: document.querySelector('#message .message-text')?.textContent || '' }));
  // The page reads the file asynchronously and then names it in a message
  // (loaded or refused): wait for that before looking at the points.
  const importCsv = async (name, text) => {
    await page.setInputFiles('#csv-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction((n) => !document.getElementById('message').hidden &&
      (document.querySelector('#message .message-text')?.textContent || '').includes(n), name, { timeout: 10000 });
  };
  const rows = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
  const grid = (i) => `${((i % 100) / 10 - 5).toFixed(2)},${(Math.floor(i / 100) % 100 / 10 - 5).toFixed(2)},${i % 2}`;
  const beforeBig = await state(page);
  await importCsv('big.csv', 'x1,x2,label\n' + rows(200000, grid));
  const big = await message();
  check(big.text.includes('200,000 rows: the playground takes at most 20,000 points'), `a 200,000-row CSV: "${big.text}"`);
  const afterBig = await state(page);
  check(JSON.stringify(afterBig) === JSON.stringify(beforeBig), 'the refused CSV changed the page\'s state');
  const epochBig = await pg(page, () => window.playground.step(1));
  check(Number.isFinite(epochBig) && epochBig > 0, `training after the refused CSV: epoch ${epochBig}`);
  page.errors = page.errors.filter((e) => !e.startsWith('error banner: big.csv'));

  await importCsv('commas.csv', '1,5;2,5;0\n-1,25;3;1\n0;-2,5;1\n');
  const commas = await pg(page, () => window.playground.points);
  check(commas.length === 3 && commas[0].x === 1.5 && commas[0].y === 2.5 && commas[0].label === 0 && commas[1].x === -1.25,
    `"1,5;2,5;0" read as ${JSON.stringify(commas.slice(0, 2))}`);

  await importCsv('five-thousand.csv', rows(5000, grid));
  await page.waitForTimeout(4500);  // past the 4 s of a passing message
  const loaded = await message();
  check(loaded.shown && loaded.text.includes('Loaded 5,000 points from five-thousand.csv'), `after the import: ${JSON.stringify(loaded)}`);
  const importedLink = page.url();
  check(importedLink.length < 2000 && importedLink.includes('imported=5000'), `the link after importing 5,000 points is ` +
    `${importedLink.length} characters: ${importedLink.slice(0, 200)}`);
  const linked = await openPage(importedLink);
  const linkedMessage = await linked.evaluate(() => document.querySelector('#message .message-text')?.textContent || '');
  check(linkedMessage.includes('made with 5,000 imported points, which links do not carry'), `the linked page says: "${linkedMessage}"`);
  await linked.close();

  await importCsv('far.csv', '0,0,0\n1,1,1\n1000000,2,1\n');
  const far = await message();
  check(far.text.includes('1 of 3 points lie outside the plane shown'), `points far outside the plane: "${far.text}"`);
  page.errors = page.errors.filter((e) => !e.startsWith('error banner: Loaded 3 points from far.csv'));
  await page.click('#message .close');
  check(!(await message()).shown, 'the × did not close the message');
  check(page.errors.length === 0, `console errors while importing:\n${page.errors.join('\n')}`);
  pass('import csv', `200,000 rows refused with a message, state kept, training goes on; "1,5;2,5;0" → (1.5, 2.5, class 0); ` +
    `5,000 points loaded with a message that stays, link ${importedLink.length} characters, the linked page says what it lacks; ` +
    'a point at x = 10⁶ warned about; the × closes the banner');

  // 10b. Keyboard and links: Enter on a focused feature switches it, Space
  //      plays and pauses, a link with no features falls back to the
  //      defaults without an error; with three classes the neuron maps'
  //      sign colours are not the classes' orange and blue.
  const keys = await openPage(url.replace(/#.*$/, '') + '#features=');
  check((await state(keys)).features.join(',') === 'x1,x2' && keys.errors.length === 0,
    `a link with features= gave features ${(await state(keys)).features} and errors ${keys.errors}`);
  await keys.focus('.node.feature[data-feature=x1sq]');
  await keys.keyboard.press('Enter');
  check((await state(keys)).features.includes('x1sq'), 'Enter on the focused x₁² feature did not switch it on');
  await keys.focus('#output-map').catch(() => {});
  await keys.evaluate(() => document.activeElement && document.activeElement.blur());
  await keys.keyboard.press(' ');
  const spacePlays = await pg(keys, () => window.playground.playing());
  await keys.keyboard.press(' ');
  const spacePauses = !(await pg(keys, () => window.playground.playing()));
  check(spacePlays && spacePauses, `Space: play ${spacePlays}, pause ${spacePauses}`);
  await keys.click('.dataset[data-id=blobs]');
  const caption = await keys.textContent('.net-caption');
  check(caption.includes('slate positive, brown negative'), `with three classes the caption says: ${caption.slice(0, 90)}`);
  check(keys.errors.length === 0, `console errors:\n${keys.errors.join('\n')}`);
  await keys.close();
  pass('keyboard and links', 'features= falls back to x1,x2; Enter switches a focused feature; Space plays and pauses; ' +
    'three classes: slate/brown signs');

  // 10. A phone's screen (390 × 844): the columns stack, the output plot
  //     first, and nothing needs horizontal scrolling.
  const phone = await openPage(url.replace(/#.*$/, ''));
  await phone.setViewportSize({ width: 390, height: 844 });
  // The page re-lays its canvases after a resize: give it up to 5 s to fit,
  // then measure (a page that never fits fails the check below).
  await phone.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth &&
    document.getElementById('output-map').getBoundingClientRect().right <= window.innerWidth, null, { timeout: 5000 })
    .catch(() => {});
  const fit = await phone.evaluate(() => {
    const r = document.getElementById('output-map').getBoundingClientRect();
    return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, left: r.left, right: r.right,
      top: r.top + window.scrollY, width: r.width };
  });
  check(fit.scroll <= fit.inner && fit.left >= 0 && fit.right <= fit.inner && fit.width > 200,
    `at 390 px: page ${fit.scroll} px wide in a ${fit.inner} px window, output plot at ${fit.left}–${fit.right} px`);
  await pg(phone, () => window.playground.step(50));
  await phone.screenshot({ path: path.join(shots, '05-phone.png'), fullPage: false });
  check(phone.errors.length === 0, `console errors at 390 px:\n${phone.errors.join('\n')}`);
  await phone.close();
  pass('phone layout', `390 × 844: no horizontal scrolling (${fit.scroll} px), output plot ${Math.round(fit.width)} px wide ` +
    `at x ${Math.round(fit.left)}–${Math.round(fit.right)}, ${Math.round(fit.top)} px from the top`);

  pass('screenshots', shots);
}

const watchdog = setTimeout(async () => {
  console.error(`FAIL the test ran past ${TOTAL_LIMIT_S} s`);
  await cleanup();
  process.exit(1);
}, TOTAL_LIMIT_S * 1000);

try {
  await main();
  console.log(`all playground checks passed in ${seconds()} s`);
  process.exitCode = 0;
} catch (e) {
  console.error(`FAIL ${e instanceof CheckFailed ? e.message : e.stack || e}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await cleanup();
  rmSync(work, { recursive: true, force: true, maxRetries: 2 });
}
