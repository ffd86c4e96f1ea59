'use strict';
// The page: an image, a region drawn on it, a task's command run through the JSON API, its result.

const $ = (id) => document.getElementById(id);
const state = { image: null, picture: null, tool: 'points', points: [], strokes: [], box: null, mask: null,
  maskPicture: null, drag: null, job: null, commands: [], described: {} };
const REGION_OPTIONS = ['--image', '--mask', '--box', '--points', '--stroke', '--width'];

async function api(path, init) {
  const response = await fetch('api/' + path, Object.assign({ credentials: 'same-origin' }, init));
  const json = (response.headers.get('content-type') || '').includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new Error(json && json.error ? json.error : response.status + ' ' + response.statusText);
  }
  return json;
}

function status(text, isError) {
  $('status').textContent = text;
  $('status').style.color = isError ? '#f88' : '#cfc';
}

// ---- image -------------------------------------------------------------------------------------------------------

async function upload(file) {
  status('uploading ' + file.name + '…');
  try {
    const stored = await api('uploads?name=' + encodeURIComponent(file.name), { method: 'POST', body: file });
    await useImage(stored.file);
  } catch (e) {
    status(e.message, true);
  }
}

function useImage(reference) {
  return new Promise((resolve, reject) => {
    const picture = new Image();
    picture.onload = () => {
      state.image = reference;
      state.picture = picture;
      clearRegion();
      $('canvas').width = picture.naturalWidth;
      $('canvas').height = picture.naturalHeight;
      draw();
      status('image ' + reference + ' (' + picture.naturalWidth + ' x ' + picture.naturalHeight + ')');
      resolve();
    };
    picture.onerror = () => reject(new Error('the image ' + reference + ' did not load'));
    picture.src = 'api/files/' + reference;
  });
}

async function listFolder() {
  try {
    const listing = await api('images?folder=');
    for (const image of listing.images) {
      const option = document.createElement('option');
      option.value = image;
      option.textContent = image.substring('images/'.length);
      $('folder-images').appendChild(option);
    }
  } catch (e) {
    $('folder-images').hidden = true;
  }
}

// ---- region ------------------------------------------------------------------------------------------------------

function clearRegion() {
  state.points = []; state.strokes = []; state.box = null; state.mask = null; state.maskPicture = null;
  $('overlay').hidden = true;
  draw();
}

function at(event) {
  const canvas = $('canvas');
  const bounds = canvas.getBoundingClientRect();
  return [Math.round((event.clientX - bounds.left) * canvas.width / bounds.width),
    Math.round((event.clientY - bounds.top) * canvas.height / bounds.height)];
}

function draw() {
  const canvas = $('canvas');
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (state.picture) {
    g.drawImage(state.picture, 0, 0);
  }
  if (state.maskPicture) {
    g.globalAlpha = 0.45;
    g.drawImage(state.maskPicture, 0, 0);
    g.globalAlpha = 1;
  }
  g.strokeStyle = '#ff2d55';
  g.fillStyle = '#ff2d55';
  g.lineCap = 'round';
  g.lineJoin = 'round';
  g.lineWidth = Number($('stroke-width').value);
  for (const stroke of state.strokes) {
    g.beginPath();
    stroke.forEach(([x, y], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)));
    g.stroke();
  }
  for (const [x, y] of state.points) {
    g.beginPath();
    g.arc(x, y, 6, 0, 2 * Math.PI);
    g.fill();
  }
  if (state.box) {
    const [x0, y0, x1, y1] = state.box;
    g.lineWidth = 3;
    g.strokeRect(x0, y0, x1 - x0, y1 - y0);
  }
  $('region-text').textContent = describeRegion();
}

function describeRegion() {
  if (state.mask) return 'Region: the mask ' + state.mask;
  if (state.box) return 'Region: box ' + state.box.join(',');
  if (state.strokes.length) return 'Region: ' + state.strokes.length + ' stroke(s), width ' + $('stroke-width').value;
  if (state.points.length) return 'Region: ' + state.points.length + ' point(s)';
  return 'No region: the whole image.';
}

/** The command-line options that give the drawn region, as the commands take them. */
function regionOptions() {
  if (state.mask) return { '--mask': { file: state.mask } };
  if (state.box) return { '--box': state.box.join(',') };
  if (state.strokes.length) {
    return { '--stroke': state.strokes.map((s) => s.map((p) => p.join(',')).join('/')).join('/'),
      '--width': $('stroke-width').value };
  }
  if (state.points.length) return { '--points': state.points.map((p) => p.join(',')).join('/') };
  return {};
}

function pointerDown(event) {
  if (!state.picture) return;
  const p = at(event);
  if (state.tool === 'points') {
    state.mask = null; state.maskPicture = null; state.box = null; state.strokes = [];
    state.points.push(p);
  } else if (state.tool === 'stroke') {
    state.mask = null; state.maskPicture = null; state.box = null; state.points = [];
    state.drag = [p];
    state.strokes.push(state.drag);
  } else if (state.tool === 'box') {
    state.mask = null; state.maskPicture = null; state.points = []; state.strokes = [];
    state.drag = p;
    state.box = [p[0], p[1], p[0] + 1, p[1] + 1];
  } else if (state.tool === 'mask') {
    maskAt(p);
  }
  draw();
}

function pointerMove(event) {
  if (!state.drag) return;
  const p = at(event);
  if (state.tool === 'stroke') {
    state.drag.push(p);
  } else if (state.tool === 'box') {
    const [x, y] = state.drag;
    state.box = [Math.min(x, p[0]), Math.min(y, p[1]), Math.max(x, p[0]) + 1, Math.max(y, p[1]) + 1];
  }
  draw();
}

async function maskAt([x, y]) {
  status('asking the mask proposer…');
  try {
    const job = await finish(await submit('alphaclip:propose', { '--image': { file: state.image },
      '--point': x + ',' + y, '--mask-out': { output: 'mask.png' }, '--json': true }, []));
    if (job.state !== 'done') throw new Error(job.error || job.state);
    const mask = job.files.find((f) => f.endsWith('mask.png'));
    state.points = []; state.strokes = []; state.box = null;
    state.mask = mask;
    const picture = new Image();
    picture.onload = () => { state.maskPicture = tint(picture); draw(); };
    picture.src = 'api/files/' + mask;
    status('mask from ' + JSON.parse(job.result).proposer);
  } catch (e) {
    status(e.message, true);
  }
}

/** A grey mask as a red layer, transparent outside. */
function tint(mask) {
  const c = document.createElement('canvas');
  c.width = mask.naturalWidth; c.height = mask.naturalHeight;
  const g = c.getContext('2d');
  g.drawImage(mask, 0, 0);
  const pixels = g.getImageData(0, 0, c.width, c.height);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const inside = pixels.data[i] > 127;
    pixels.data[i] = 255; pixels.data[i + 1] = 45; pixels.data[i + 2] = 85; pixels.data[i + 3] = inside ? 255 : 0;
  }
  g.putImageData(pixels, 0, 0);
  return c;
}

async function showOverlay() {
  if (!state.image) return status('open an image first', true);
  const job = await finish(await submit('alphaclip:overlay', Object.assign({ '--image': { file: state.image },
    '--out': { output: 'overlay.png' } }, regionOptions()), []));
  if (job.state !== 'done') return status(job.error || job.state, true);
  $('overlay').src = 'api/files/' + job.files.find((f) => f.endsWith('overlay.png')) + '?t=' + Date.now();
  $('overlay').hidden = false;
  status('the region as the encoder sees it: dimmed outside, dashed the square it is resized and cropped to');
}

// ---- tasks and commands ------------------------------------------------------------------------------------------

async function refreshTasks() {
  try {
    const listing = await api('tasks');
    const commands = listing.core.concat(...listing.tasks.map((t) => t.commands));
    if (commands.join() !== state.commands.join()) {
      state.commands = commands;
      const select = $('command');
      const chosen = select.value;
      select.innerHTML = '';
      for (const command of commands) {
        const option = document.createElement('option');
        option.value = option.textContent = command;
        select.appendChild(option);
      }
      select.value = commands.includes(chosen) ? chosen : 'alphaclip:classify';
      if (select.value !== chosen) await showForm();
    }
  } catch (e) {
    status(e.message, true);
  }
}

async function showForm() {
  const name = $('command').value;
  if (!name) return;
  const command = state.described[name] || (state.described[name] = await api('commands/' + encodeURIComponent(name)));
  $('command-help').textContent = command.help;
  const form = $('form');
  form.innerHTML = '';
  if (command.positional) {
    form.appendChild(field('arguments', command.positional + ' (one per line)', 'textarea',
      name === 'alphaclip:classify' ? 'red circle\nblue square\ngreen triangle' : ''));
  }
  for (const option of command.options) {
    const key = option.names[0];
    if (REGION_OPTIONS.includes(key) || key === '--out') continue;
    form.appendChild(field(key, key + ': ' + option.help, option.flag ? 'checkbox' : 'text',
      option.flag ? '' : (option.absent || '')));
  }
}

function field(name, text, type, initial) {
  const label = document.createElement('label');
  label.textContent = text + ' ';
  const input = document.createElement(type === 'textarea' ? 'textarea' : 'input');
  if (type !== 'textarea') input.type = type;
  input.name = name;
  if (type === 'textarea') input.value = initial; else input.setAttribute('placeholder', initial);
  label.appendChild(input);
  return label;
}

/** The options of the form, the region, the image and an output file where the command has those options. */
function commandOptions(command, withRegion) {
  const options = {};
  const names = command.options.map((o) => o.names[0]);
  if (names.includes('--image') && state.image) options['--image'] = { file: state.image };
  if (withRegion) {
    for (const [key, value] of Object.entries(regionOptions())) {
      if (names.includes(key)) options[key] = value;
    }
  }
  if (command.name === 'alphaclip:classify') options['--json'] = true; // the ranked lists; other commands stream text
  const out = command.options.find((o) => o.names[0] === '--out');
  if (out) options['--out'] = { output: outputName(out.help) };
  for (const input of $('form').querySelectorAll('input')) {
    if (input.type === 'checkbox') {
      if (input.checked) options[input.name] = true;
    } else if (input.value.trim() !== '') {
      options[input.name] = input.value.trim();
    }
  }
  return options;
}

function outputName(help) {
  const h = help.toLowerCase();
  if (h.includes('folder') || h.includes('directory')) return 'out';
  for (const suffix of ['gif', 'ply', 'json', 'npy', 'csv', 'obj']) {
    if (h.includes(suffix)) return 'out.' + suffix;
  }
  return 'out.png';
}

function argumentsOf() {
  const area = $('form').querySelector('textarea');
  return area ? area.value.split('\n').map((l) => l.trim()).filter((l) => l) : [];
}

async function submit(command, options, args) {
  return api('jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ command, options, arguments: args }) });
}

/** Polls a job until it ends, showing its console as it grows. */
async function finish(job, onConsole) {
  while (job.state === 'queued' || job.state === 'running') {
    await new Promise((r) => setTimeout(r, 300));
    job = await api('jobs/' + job.id);
    if (onConsole) onConsole(job);
  }
  return job;
}

async function run() {
  const name = $('command').value;
  if (!state.image) return status('open an image first', true);
  const command = state.described[name] || await api('commands/' + encodeURIComponent(name));
  $('run').disabled = true;
  $('cancel').disabled = false;
  $('console').textContent = ''; $('result').textContent = ''; $('outputs').innerHTML = '';
  $('ranked').hidden = true;
  status('running ' + name + '…');
  try {
    state.job = await submit(name, commandOptions(command, true), argumentsOf());
    const shown = new Set();
    const job = await finish(state.job, (j) => { $('console').textContent = j.console; showOutputs(j.files, shown); });
    $('console').textContent = job.console;
    if (job.state !== 'done') {
      status(job.error || job.state, job.state !== 'cancelled');
      return;
    }
    if (name === 'alphaclip:classify') {
      const whole = await finish(await submit(name, commandOptions(command, false), argumentsOf()));
      rank($('ranked-region'), job.result);
      rank($('ranked-whole'), whole.result);
      $('ranked').hidden = false;
    }
    $('result').textContent = pretty(job.result);
    showOutputs(job.files, shown);
    status(name + ' done');
  } catch (e) {
    status(e.message, true);
  } finally {
    $('run').disabled = false;
    $('cancel').disabled = true;
    state.job = null;
  }
}

function rank(list, result) {
  list.innerHTML = '';
  for (const r of JSON.parse(result).results) {
    const item = document.createElement('li');
    item.textContent = r.label + ' ' + (100 * r.probability).toFixed(1) + '%';
    list.appendChild(item);
  }
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
}

/** Shows the files a job wrote that are not shown yet (variations appear as they are written). */
function showOutputs(files, shown) {
  const unfinished = (f) => /\/\.[^/]*$/.test(f) || /\.(part|tmp)$/.test(f);
  for (const file of files.filter((f) => !shown.has(f) && !unfinished(f))) {
    shown.add(file);
    const url = 'api/files/' + file;
    if (/\.(png|gif|jpe?g)$/i.test(file)) {
      const img = document.createElement('img');
      img.src = url; img.alt = file;
      $('outputs').appendChild(img);
    } else if (/\.ply$/i.test(file)) {
      pointCloud(url);
    } else {
      const a = document.createElement('a');
      a.href = url; a.textContent = file; a.download = '';
      $('outputs').appendChild(a);
      $('outputs').appendChild(document.createElement('br'));
    }
  }
}

// ---- point clouds ------------------------------------------------------------------------------------------------

/**
 * Reads the vertices of a PLY file (ASCII or binary little-endian: x y z as float, red green blue as uchar; faces of a
 * mesh are left out) and turns them slowly.
 */
async function pointCloud(url) {
  const buffer = await (await fetch(url, { credentials: 'same-origin' })).arrayBuffer();
  const bytes = new Uint8Array(buffer);
  const headerEnd = new TextDecoder().decode(bytes.slice(0, 2048)).indexOf('end_header') + 'end_header\n'.length;
  const header = new TextDecoder().decode(bytes.slice(0, headerEnd)).split('\n');
  const count = Number(header.find((l) => l.startsWith('element vertex')).split(' ')[2]);
  const vertexStart = header.findIndex((l) => l.startsWith('element vertex'));
  const vertexEnd = header.findIndex((l, i) => i > vertexStart && l.startsWith('element'));
  const properties = header.slice(vertexStart + 1, vertexEnd < 0 ? header.length : vertexEnd)
    .filter((l) => l.startsWith('property')).map((l) => l.split(' '));
  const points = [];
  if (header.some((l) => l.startsWith('format ascii'))) {
    const lines = new TextDecoder().decode(bytes.slice(headerEnd)).split('\n');
    for (let i = 0; i < count; i++) points.push(lines[i].trim().split(/\s+/).map(Number));
  } else {
    const view = new DataView(buffer, headerEnd);
    const size = { float: 4, float32: 4, uchar: 1, uint8: 1, double: 8 };
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const p = [];
      for (const [, type] of properties) {
        p.push(type.startsWith('float') ? view.getFloat32(offset, true) : type === 'double'
          ? view.getFloat64(offset, true) : view.getUint8(offset));
        offset += size[type];
      }
      points.push(p);
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 360;
  canvas.className = 'point-cloud';
  $('outputs').appendChild(canvas);
  const g = canvas.getContext('2d');
  let angle = 0;
  (function frame() {
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    const c = Math.cos(angle), s = Math.sin(angle);
    const projected = points.map((p) => [p[0] * c + p[2] * s, p[1], -p[0] * s + p[2] * c, p]);
    projected.sort((a, b) => a[2] - b[2]);
    for (const [x, y, , p] of projected) {
      g.fillStyle = p.length >= 6 ? 'rgb(' + p[3] + ',' + p[4] + ',' + p[5] + ')' : '#333';
      g.fillRect(180 + x * 140, 180 - y * 140, 3, 3);
    }
    angle += 0.02;
    if (canvas.isConnected) requestAnimationFrame(frame);
  })();
}

// ---- wiring ------------------------------------------------------------------------------------------------------

window.addEventListener('DOMContentLoaded', async () => {
  $('file').addEventListener('change', (e) => e.target.files[0] && upload(e.target.files[0]));
  $('folder-images').addEventListener('change', (e) => e.target.value && useImage(e.target.value));
  $('stage').addEventListener('dragover', (e) => e.preventDefault());
  $('stage').addEventListener('drop', (e) => { e.preventDefault(); if (e.dataTransfer.files[0]) upload(e.dataTransfer.files[0]); });
  const canvas = $('canvas');
  canvas.addEventListener('pointerdown', pointerDown);
  canvas.addEventListener('pointermove', pointerMove);
  window.addEventListener('pointerup', () => { state.drag = null; });
  for (const button of document.querySelectorAll('.tool')) {
    button.addEventListener('click', () => {
      state.tool = button.dataset.tool;
      document.querySelectorAll('.tool').forEach((b) => b.classList.toggle('active', b === button));
    });
  }
  document.querySelector('.tool[data-tool=points]').classList.add('active');
  $('stroke-width').addEventListener('change', draw);
  $('clear').addEventListener('click', clearRegion);
  $('show-overlay').addEventListener('click', showOverlay);
  $('command').addEventListener('change', showForm);
  $('run').addEventListener('click', run);
  $('cancel').addEventListener('click', () => state.job && api('jobs/' + state.job.id, { method: 'DELETE' }));
  await refreshTasks();
  await showForm();
  await listFolder();
  setInterval(refreshTasks, 2000);
  document.body.dataset.ready = 'true';
});
