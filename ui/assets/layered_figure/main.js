// Puts a layered figure back together (ui/layers.py) and draws it as two
// plots, one on top of the other:
//   #under: the base the server sent once (maps, contours, families of
//           curves), with the axes, colour bars and the legend;
//   #chart: the traces that move, the title, the replay's slider and the
//           shapes, on transparent axes laid exactly over the base's.
// A slider step redraws only #chart: plotly redraws every trace of a plot
// it updates, so a map in the same plot would be drawn again on each step.
// No number is computed here: arrays are only decoded from their transport
// form (integers added back up, slices of one list), trace indices
// renumbered for the top plot and the base's plot area copied to it.
const chart = document.getElementById("chart");
const stage = document.getElementById("stage");
const bases = new Map();  // id -> {traces, layout} (a promise while inflated), least recently drawn first, as ui/layers.py counts
// Base plots drawn, hidden and shown again: a slider that goes back to a
// value (K from 2 to 10 and back) shows its map at once instead of drawing
// its contours again. Key (base id and the layout it was drawn with) -> its
// div, least recently shown first; the one shown has the id "under". As
// many are kept as bases (``keep``, ui/layers.KEEP).
const drawn = new Map();
let under = null;        // the base plot shown
let drawnUnder = null;    // the key of what #under shows
let reported = null;
let full = null;          // the whole figure as last drawn, for the camera button

// Layout entries drawn by the top plot: the title and the replay's controls,
// and shapes and annotations where they move with the traces; every other
// entry (axes, margins, legend, colour bars) belongs to the base.
const ON_TOP = ["title", "sliders", "updatemenus"];
const ON_TOP_IF_MOVING = ["shapes", "annotations"];

function post(type, data) {
  window.parent.postMessage(Object.assign({isStreamlitMessage: true, type: type}, data), "*");
}

// zlib's stream inflated (ui/transport.py deflates bases and long JSON).
async function inflated(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// JSON as ui/transport.deflated sends it: deflated when it begins with zlib's 0x78.
async function parsed(bytes) {
  if (typeof bytes === "string") return JSON.parse(bytes);
  if (bytes[0] === 0x78) bytes = await inflated(bytes);
  return JSON.parse(new TextDecoder().decode(bytes));
}

// An array that travelled as integers (ui/transport.py): each residual
// (int8, int16 or int32; the first in the header) added back to its
// prediction from the neighbours before it (a running sum along the rows,
// then down the columns of a grid), divided by 10^d as the server divided,
// and NaN put back where the bit mask says.
const INTEGERS = {1: Int8Array, 2: Int16Array, 4: Int32Array};
function fromDecimals(data, node) {
  const where = node.bdata;
  const residual = new INTEGERS[where.int](data.slice(where.$buffer[0], where.$buffer[1]).buffer);
  // a list is a grid of rows of ``period`` values
  const shape = node.shape ? String(node.shape).split(",").map(Number)
    : [residual.length / (where.period || 1), where.period || 1];
  const cols = shape[shape.length - 1];
  const rows = residual.length / cols;
  const k = new Float64Array(residual.length);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const at = i * cols + j;
      sum += at === 0 ? where.first : residual[at];  // the first travels in the header
      k[at] = shape.length === 2 && i > 0 ? sum + k[at - cols] : sum;
    }
  }
  const values = node.dtype === "f8" ? new Float64Array(k.length) : new Float32Array(k.length);
  const scale = 10 ** where.decimals;
  for (let i = 0; i < k.length; i++) values[i] = k[i] / scale;
  if (where.nan) {
    const bits = data.subarray(where.nan[0], where.nan[1]);
    for (let i = 0; i < values.length; i++) if (bits[i >> 3] & (1 << (i & 7))) values[i] = NaN;
  }
  return values.buffer;
}

// A base as ui/transport.packed sends it, inflated: a JSON header, then the
// arrays' bytes; each typed array gets its own buffer (plotly reads an
// ArrayBuffer as bdata as it reads base64).
async function unpackedBase(deflated) {
  const bytes = await inflated(deflated);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const data = bytes.subarray(4 + length);
  const decoded = new Map();  // start -> buffer: an array two traces hold is decoded once
  const revive = (node) => {
    if (Array.isArray(node)) return node.map(revive);
    if (!node || typeof node !== "object") return node;
    if (node.bdata && node.bdata.$buffer) {
      const [start, stop] = node.bdata.$buffer;
      if (!decoded.has(start)) {
        decoded.set(start, "decimals" in node.bdata ? fromDecimals(data, node) : data.slice(start, stop).buffer);
      }
      return Object.assign({}, node, {bdata: decoded.get(start)});
    }
    const out = {};
    for (const key of Object.keys(node)) out[key] = revive(node[key]);
    return out;
  };
  return revive(JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))));
}

// The page's fonts: the iframe has none of Streamlit's own loaded.
function borrowFonts() {
  try {
    const style = document.createElement("style");
    for (const sheet of window.parent.document.styleSheets) {
      let rules;
      try { rules = sheet.cssRules; } catch (e) { continue; }
      const base = sheet.href || window.parent.location.href;
      for (const rule of rules) {
        if (rule.type !== 5) continue;  // CSSRule.FONT_FACE_RULE
        style.appendChild(document.createTextNode(
          rule.cssText.replace(/url\(["']?([^"')]+)["']?\)/g, (m, u) => `url("${new URL(u, base)}")`)));
      }
    }
    document.head.appendChild(style);
  } catch (e) { /* another origin: the browser's own sans-serif */ }
}

// Frames as ui/layers.py packs them: a run of a longer list is {slice: [start, stop]} of sources.
function unpacked(packed) {
  const cut = (value, attr) => (value && value.slice && !Array.isArray(value))
    ? packed.sources[attr].slice(value.slice[0], value.slice[1]) : value;
  return packed.frames.map((frame) => !frame.data ? frame : Object.assign({}, frame, {
    data: frame.data.map((trace) => {
      const out = Object.assign({}, trace);
      for (const attr of ["x", "y", "z"]) if (attr in out) out[attr] = cut(out[attr], attr);
      return out;
    })}));
}

// Kept per colour and alpha: the theme's colours do not change between
// steps, and each probe makes the browser work out the iframe's styles.
const fadedColours = new Map();
function faded(colour, alpha) {
  const key = `${colour}|${alpha}`;
  if (!fadedColours.has(key)) fadedColours.set(key, rgba(colour, alpha));
  return fadedColours.get(key);
}

function rgba(colour, alpha) {
  const probe = document.createElement("span");
  probe.style.color = colour;
  document.body.appendChild(probe);
  const rgb = getComputedStyle(probe).color.match(/\d+(\.\d+)?/g) || ["0", "0", "0"];
  probe.remove();
  return `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})`;
}

// Streamlit's look for plotly (its own charts get it from the "streamlit" template).
function themed(layout, theme) {
  if (!theme) return layout;
  const text = theme.textColor;
  layout.font = Object.assign({family: theme.font, color: text}, layout.font || {});
  const axis = {automargin: true, gridcolor: faded(text, 0.1), zerolinecolor: faded(text, 0.2),
                linecolor: faded(text, 0.2), tickfont: {color: faded(text, 0.6)}};
  for (const name of Object.keys(layout)) {
    if (/^[xy]axis\d*$/.test(name)) {
      const own = layout[name];
      layout[name] = Object.assign({}, axis, own, {tickfont: Object.assign({}, axis.tickfont, own.tickfont)});
    }
  }
  if (layout.title) layout.title.font = Object.assign({weight: 600, color: text}, layout.title.font || {});
  layout.hoverlabel = Object.assign({font: {family: theme.font}}, layout.hoverlabel || {});
  layout.paper_bgcolor = layout.paper_bgcolor || "rgba(0,0,0,0)";
  layout.plot_bgcolor = layout.plot_bgcolor || "rgba(0,0,0,0)";
  return layout;
}

// A trace with its data left out (one missing point, which plotly keeps in
// the legend but does not draw): the base's legend shows it, the top plot draws it.
const DATA = ["x", "y", "z", "a", "b", "c"];
function legendOnly(trace) {
  const out = Object.assign({}, trace, {hoverinfo: "skip"});
  for (const attr of DATA) if (attr in out) out[attr] = [null];
  for (const attr of ["text", "customdata", "hovertemplate", "hovertext"]) delete out[attr];
  return out;
}

// A slider or a row of buttons drawn in no colour, taking its place. Its
// first two steps stand for all (plotly draws no slider of one step): the
// room it takes does not depend on how many there are, nor on which is
// active, and a new number of steps (a longer descent) is then no reason to
// draw the base again.
const CLEAR = "rgba(0,0,0,0)";
function ghost(control) {
  const font = {color: CLEAR};
  const idle = (item) => Object.assign({}, item, {method: "skip", args: []});
  return Object.assign({}, control, {active: 0, bgcolor: CLEAR, activebgcolor: CLEAR, bordercolor: CLEAR, tickcolor: CLEAR,
    steps: control.steps && control.steps.slice(0, 2).map(idle),
    buttons: control.buttons && control.buttons.map(idle),
    font: Object.assign({}, control.font, font),
    currentvalue: control.currentvalue && Object.assign({}, control.currentvalue, {font: Object.assign({}, (control.currentvalue || {}).font, font)})});
}

// Trace indices of the whole figure as the top plot numbers them (a
// frame's traces; the figures' own sliders play frames, none restyles).
function renumbered(indices, offset) {
  return Array.isArray(indices) ? indices.map((k) => k - offset) : (typeof indices === "number" ? indices - offset : indices);
}

// The base's plot area as plotly laid it out, for the top plot to draw on:
// margins, each axis's domain and range, the ternary's domain.
function geometry() {
  const laid = under._fullLayout;
  const size = laid._size;
  const out = {margin: {l: size.l, r: size.r, t: size.t, b: size.b, pad: 0, autoexpand: false}};
  for (const name of Object.keys(laid)) {
    if (!/^[xy]axis\d*$/.test(name)) continue;
    const axis = laid[name];
    out[name] = {domain: axis.domain.slice(), range: axis.range.slice(), type: axis.type, anchor: axis.anchor,
                 visible: false, fixedrange: true, autorange: false};
  }
  if (laid.ternary) {
    const hidden = {showline: false, showgrid: false, showticklabels: false, ticks: "", title: {text: ""}};
    out.ternary = {domain: {x: laid.ternary.domain.x.slice(), y: laid.ternary.domain.y.slice()}, sum: laid.ternary.sum,
                   bgcolor: "rgba(0,0,0,0)", aaxis: hidden, baxis: hidden, caxis: hidden};
  }
  return out;
}

// The top plot as last drawn: its traces' types and its layout entries as JSON.
let topShown = null;

// A title whose text alone changed (the loss at the last descent step) is
// rewritten where plotly drew it: a relayout would lay the plot out again.
// Only plain text in at most one level of markup (<b>...</b>), drawn by
// plotly as one run of text; anything else is relaid out.
function retitled(title) {
  const now = chart.layout.title || {};
  const {text: before, ...restBefore} = now;
  const {text: after, ...restAfter} = title || {};
  if (typeof after !== "string" || JSON.stringify(restBefore) !== JSON.stringify(restAfter)) return false;
  const plain = (text) => text.replace(/^<b>(.*)<\/b>$/, "$1");
  if (/[<>&\n]/.test(plain(after)) || /[<>&\n]/.test(plain(before || "")) || /^<b>/.test(after) !== /^<b>/.test(before || "")) return false;
  const drawn = chart.querySelector(".gtitle");
  const runs = drawn ? [...drawn.querySelectorAll("tspan")].filter((span) => !span.querySelector("tspan")) : [];
  const target = runs.length === 1 ? runs[0] : (drawn && !drawn.querySelector("tspan") ? drawn : null);
  if (!target || target.textContent !== plain(before || "")) return false;
  target.textContent = plain(after);
  chart.layout.title.text = after;
  chart._fullLayout.title.text = after;
  return true;
}

// Sliders compared without the step they show (a step moves it in place).
function withoutActive(sliders) {
  return (sliders || []).map((slider) => Object.assign({}, slider, {active: undefined}));
}

// Traces plotly's animation moves in place (Plotly.animate without a
// redraw), without laying the plot out again: points, lines and text; bars
// too in a figure with no base, whose axes the step gives (ON_TOP_TYPES, WHOLE_TYPES).
const MOVE = {transition: {duration: 0}, frame: {duration: 0, redraw: false}, mode: "immediate"};
const ON_TOP_TYPES = new Set(["scatter", "scatterternary"]);
const WHOLE_TYPES = new Set(["scatter", "bar"]);
const movable = (traces, types) => traces.every((trace) => types.has(trace.type || "scatter"));
function moveInPlace(traces, layout) {
  const frame = {data: traces, traces: traces.map((_, k) => k)};
  return Plotly.animate(chart, layout ? Object.assign(frame, {layout: layout}) : frame, MOVE);
}

// Whether two plot areas of the base (geometry()) are one for the top
// plot: the same but for the axes' ranges (a new map over another range, as
// a step of label smoothing widens it, moves the top plot's axes with its
// points, with no redraw) and for less than half a pixel (plotly lays out
// two maps with titles of the same size a tenth of a pixel apart).
function sameArea(a, b) {
  const width = under && under._fullLayout ? under._fullLayout.width : 1000;  // as laid out: no reflow
  const close = (x, y, scale = 1) => typeof x === "number" && typeof y === "number"
    ? Math.abs(x - y) * scale < 0.5 : JSON.stringify(x) === JSON.stringify(y);
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length || !names.every((name) => name in b)) return false;
  return names.every((name) => {
    const x = a[name], y = b[name];
    if (name === "margin") return Object.keys(x).every((side) => close(x[side], y[side]));
    if (!AXIS.test(name)) return close(x, y);
    return Object.keys(x).every((key) => key === "range"
      || (key === "domain" ? x.domain.every((d, k) => close(d, y.domain[k], width)) : close(x[key], y[key])));
  });
}

// Sliders compared without their steps, too: a replay of another length
// (a new number of descent steps) has the same slider with more or fewer.
function withoutSteps(sliders) {
  return JSON.stringify(withoutActive(sliders).map((slider) => Object.assign(slider, {steps: undefined})));
}

// A step that moved only the top plot's points and paths, its axes' ranges,
// its title's text and the frames of its replay, with its slider's steps.
// (Drawing the top plot again took plotly 8 to 9 ms; its slider alone is redrawn in 3.)
async function moveTop(next) {
  if (!topShown || !sameArea(topShown.area, next.area) || topShown.types !== next.types
      || !movable(next.data, ON_TOP_TYPES)) return false;
  const changed = Object.keys(next.entries).filter((key) => topShown.entries[key] !== next.entries[key]);
  const restepped = changed.includes("sliders") || topShown.frames !== next.frames.length;
  if (restepped && topShown.railless !== next.railless) return false;
  if (changed.some((key) => key !== "title" && key !== "sliders")) return false;
  if (changed.includes("title") && !retitled(next.layout.title)) return false;
  let ranges = null;
  for (const name of Object.keys(next.area)) {
    const range = next.area[name].range;
    if (AXIS.test(name) && JSON.stringify(range) !== JSON.stringify(topShown.area[name].range)) {
      ranges = Object.assign(ranges || {}, {[`${name}.range`]: range});
      topShown.area[name].range = range;
    }
  }
  await moveInPlace(next.data, ranges);
  if (next.frames.length) await Plotly.addFrames(chart, next.frames);  // the same names: replaced, new ones after
  // A shorter replay: the frames past its last removed, one at a time from
  // the end (plotly sorts a list of indices as text: 10 before 9).
  for (let k = topShown.frames - 1; k >= next.frames.length; k--) await Plotly.deleteFrames(chart, [k]);
  // A replay scrubbed to another step: its slider shows the last step again,
  // as the path does; a replay of another length gets its steps.
  const slid = {};
  (next.layout.sliders || []).forEach((slider, k) => {
    const now = (chart.layout.sliders || [])[k];
    if (restepped) slid[`sliders[${k}].steps`] = slider.steps;
    if (now && slider.active !== undefined && (restepped || now.active !== slider.active)) slid[`sliders[${k}].active`] = slider.active;
  });
  if (Object.keys(slid).length) await Plotly.relayout(chart, slid);
  Object.assign(topShown, {entries: next.entries, frames: next.frames.length});
  return true;
}

async function drawTop(moving, frames, layout, onTop, offset, config) {
  const area = geometry();
  const plotLayout = Object.assign({}, area, {height: layout.height, font: layout.font, hoverlabel: layout.hoverlabel,
                                             showlegend: false, dragmode: false, paper_bgcolor: "rgba(0,0,0,0)",
                                             plot_bgcolor: "rgba(0,0,0,0)"});
  for (const key of onTop) if (key in layout) plotLayout[key] = layout[key];
  const renumberedFrames = frames.map((frame) => frame.traces ? Object.assign({}, frame, {traces: renumbered(frame.traces, offset)}) : frame);
  const entries = {};
  for (const key of onTop) entries[key] = JSON.stringify(key === "sliders" ? withoutActive(plotLayout[key]) : plotLayout[key]);
  // A base shown again, or another one with the same plot area (a new K
  // over the same range), leaves the top plot where it is: its points move.
  const next = {data: moving, layout: plotLayout, frames: renumberedFrames, entries: entries,
                types: moving.map((trace) => trace.type).join(","), area: area, railless: withoutSteps(plotLayout.sliders)};
  if (await moveTop(next)) return "moved";
  await Plotly.react(chart, {data: moving, layout: plotLayout, frames: renumberedFrames,
                             config: Object.assign({}, config, {responsive: true, displayModeBar: false})});
  topShown = {types: next.types, frames: renumberedFrames.length, entries: entries, area: area, railless: next.railless};
  return "redrawn";
}

// A figure drawn whole, as last drawn: its traces without their values and
// its layout without the axes' ranges, as JSON.
let singleShown = null;
const AXIS = /^[xy]axis\d*$/;
function withoutRanges(layout) {
  const out = Object.assign({}, layout);
  for (const name of Object.keys(out)) {
    if (AXIS.test(name)) out[name] = Object.assign({}, out[name], {range: undefined});
  }
  return JSON.stringify(out);
}

// A trace without its values: what must not change for it to move in place
// (a new colour or hatching is drawn only by a redraw).
const VALUES = ["x", "y", "z", "text", "customdata", "hovertext"];
function withoutValues(trace) {
  const out = Object.assign({}, trace);
  for (const attr of VALUES) delete out[attr];
  return out;
}

// A figure with no base: moved in place when only its traces' values and
// its axes' ranges changed and every axis has a range of its own (plotly
// does not autorange a figure it moves); otherwise drawn again.
async function drawSingle(moving, layout, frames, config) {
  const next = {traces: JSON.stringify(moving.map(withoutValues)), layout: withoutRanges(layout)};
  const axes = Object.keys(layout).filter((name) => AXIS.test(name));
  if (singleShown && !frames.length && singleShown.traces === next.traces && singleShown.layout === next.layout
      && axes.length && axes.every((name) => Array.isArray(layout[name].range)) && movable(moving, WHOLE_TYPES)) {
    const ranges = {};
    for (const name of axes) ranges[`${name}.range`] = layout[name].range;
    await moveInPlace(moving, ranges);
    return "moved";
  }
  await Plotly.react(chart, {data: moving, layout: layout, frames: frames,
                             config: Object.assign({}, config, {responsive: true})});
  singleShown = next;
  return "redrawn";
}

// The camera button draws the whole figure, base and top together.
function cameraButton(config) {
  const options = config.toImageButtonOptions || {};
  return {name: "toImage", title: `Download plot as a ${options.format || "png"}`, icon: Plotly.Icons.camera,
          click: () => full && under && Plotly.downloadImage(
            {data: full.data, layout: Object.assign({}, full.layout, {width: under.clientWidth})},
            Object.assign({filename: "newplot"}, options))};
}

// The figure's layout: the base's, overlaid by the run's own entries (a
// copy: the held base is drawn again later), in Streamlit's theme.
function wholeLayout(held, own, theme) {
  return themed(Object.assign(JSON.parse(JSON.stringify(held.layout)), own), theme);
}

// The base plot a run draws under its moving traces: the base's layout
// overlaid by the run's own entries (``own``) and themed, less what the top
// plot draws; the moving traces as legend entries only. ``key`` names the
// drawing, so that one drawn before (or ahead) is shown again.
function baseView(held, baseId, own, moving, theme) {
  const layout = wholeLayout(held, own, theme);
  const onTop = ON_TOP.concat(ON_TOP_IF_MOVING.filter((key) => key in own));
  const baseLayout = Object.assign({}, layout, {legend: Object.assign({}, layout.legend, {itemclick: false,
                                                                                           itemdoubleclick: false})});
  for (const key of onTop) delete baseLayout[key];
  // The top plot's slider and buttons take room under the plot: the base
  // lays out invisible copies of them, so that both plots keep that room.
  if (layout.sliders) baseLayout.sliders = layout.sliders.map(ghost);
  if (layout.updatemenus) baseLayout.updatemenus = layout.updatemenus.map(ghost);
  const placeholders = moving.map(legendOnly);
  return {layout, onTop, baseLayout, placeholders,
          key: baseId + JSON.stringify(baseLayout) + JSON.stringify(placeholders)};
}

// A base plot drawn into ``div`` (hidden or shown), in the margins of the
// base plot ``before`` (roomOf).
async function drawBase(div, held, view, config, before) {
  const laid = before && before._fullLayout && before._fullLayout._size;
  await Plotly.react(div, {data: held.traces.concat(view.placeholders),
                           layout: Object.assign({}, view.baseLayout, {margin: roomOf(view.baseLayout.margin, laid)}),
                           config: Object.assign({}, config, {responsive: true, modeBarButtonsToRemove:
                             (config.modeBarButtonsToRemove || []).concat(["toImage"]),
                             modeBarButtonsToAdd: [cameraButton(config)]})});
  div.on("plotly_afterplot", () => { if (div === under) followBase(); });
}

// What the last run drew, for drawing its ``ahead`` base the same way.
let lastRun = null;

async function render(args, theme) {
  // The base's layout is overlaid by the entries this run changed (whole,
  // at the top level); they, the moving traces and the frames are inflated
  // side by side, and beside the base (each await waits for the page's busy thread).
  const parts = Promise.all([parsed(args.layout), parsed(args.moving), parsed(args.frames)]);
  lastRun = null;
  const held = await bases.get(args.base_id);  // a promise while it is being inflated
  if (!held) {
    // A new iframe (the page was left and opened again): ask for the base once.
    if (reported !== args.base_id) {
      reported = args.base_id;
      post("streamlit:setComponentValue", {value: {missing: args.base_id, n: Date.now() + Math.random()},
                                          dataType: "json"});
    }
    return;
  }
  const [own, moving, packedFrames] = await parts;
  if (own.sliders && !Array.isArray(own.sliders)) {
    // the base's sliders, each on another step (ui/layers.py sends only which)
    own.sliders = held.layout.sliders.map((slider, k) => Object.assign({}, slider, {active: own.sliders.active[k]}));
  }
  const frames = unpacked(packedFrames);
  const config = args.config || {};
  stage.setAttribute("aria-label", args.alt);
  document.title = args.alt;
  if (!held.traces.length) {
    // Nothing stays from step to step: one plot, drawn whole (plotly's own
    // axes, zoom and camera button).
    const layout = wholeLayout(held, own, theme);
    full = {data: moving, layout: layout};
    stage.classList.add("single");
    forgetDrawn();
    topShown = null;
    chart.dataset.drawn = await drawSingle(moving, layout, frames, config);
    post("streamlit:setFrameHeight", {height: layout.height || 450});
    return;
  }
  stage.classList.remove("single");
  singleShown = null;

  const view = baseView(held, args.base_id, own, moving, theme);
  full = {data: held.traces.concat(moving), layout: view.layout};
  if (drawnUnder !== view.key) {
    drawnUnder = null;
    if (drawn.has(view.key)) {
      shown(drawn.get(view.key));
    } else {
      const before = under;
      await drawBase(shown(newBaseDiv(args.keep)), held, view, config, before);
      stage.dataset.draws = String(Number(stage.dataset.draws || 0) + 1);  // for tests: how often a base was drawn at a step
    }
    drawn.delete(view.key);
    drawn.set(view.key, under);
    drawnUnder = view.key;
  }
  // How the step was drawn ("moved": points moved in place over the base;
  // "redrawn": the top plot drawn again), for tests and benchmarks to read.
  chart.dataset.drawn = await drawTop(moving, frames, view.layout, view.onTop, held.traces.length, config);
  post("streamlit:setFrameHeight", {height: view.layout.height || 450});
  if (args.ahead_id) lastRun = {aheadId: args.ahead_id, own, moving, theme, config, keep: args.keep};
}

// The base a next step will likely show (``ahead``: the map one step of a
// slider further), drawn hidden while the page has nothing else to do; that
// step then only shows it. Not while a run waits, nor out of view.
let aheadTask = null;
function drawAheadSoon() {
  if (aheadTask !== null) cancelIdleCallback(aheadTask);
  aheadTask = lastRun ? requestIdleCallback(() => { aheadTask = null; drawAhead(lastRun); }, {timeout: 1000}) : null;
}
async function drawAhead(run) {
  if (!run || run !== lastRun || pending || drawing || !inView) return;
  const held = await bases.get(run.aheadId);
  if (!held || !held.traces.length || run !== lastRun || pending || drawing) return;
  const view = baseView(held, run.aheadId, run.own, run.moving, run.theme);
  if (drawn.has(view.key)) return;
  drawing = true;  // a run arriving now waits for this drawing (drain)
  try {
    const div = newBaseDiv(run.keep);
    await drawBase(div, held, view, run.config, under);
    drawn.set(view.key, div);
    window.drawnAhead = (window.drawnAhead || 0) + 1;  // for tests: bases drawn ahead (not in the page: unseen)
  } catch (err) {
    console.error(err);
  } finally {
    drawing = false;
    drawSoon();
  }
}

// The margins a new base plot starts from: its own, or the ones the base
// shown before it grew to for its labels, where larger. Plotly lays a plot
// out, widens the margins its tick labels need and then draws it all again;
// a map like the one before (another K, another smoothing) starts wide enough.
function roomOf(margin, laid) {
  if (!laid) return margin;
  const out = Object.assign({}, margin);
  for (const side of ["l", "r", "t", "b"]) out[side] = Math.max((margin || {})[side] || 0, laid[side]);
  return out;
}

// An empty div for a base plot, hidden: the least recently shown emptied
// when ``keep`` are drawn, else a new one (a base drawn ahead changes
// nothing one can see).
function newBaseDiv(keep) {
  if (drawn.size >= keep) {
    const [oldest, div] = drawn.entries().next().value;
    drawn.delete(oldest);
    Plotly.purge(div);
    return div;
  }
  const div = document.createElement("div");
  div.className = "under hidden";
  stage.insertBefore(div, chart);
  return div;
}

// ``div`` shown (it takes the id "under"), the other base plots hidden
// where they are: laid out at the same size, so that a width change reaches them too.
function shown(div) {
  for (const other of stage.querySelectorAll(".under")) {
    other.classList.toggle("hidden", other !== div);
    if (other !== div) other.removeAttribute("id");
  }
  div.id = "under";
  under = div;
  return div;
}

// Every base plot removed (also one whose drawing failed, not yet kept).
function forgetDrawn() {
  for (const div of stage.querySelectorAll(".under")) { Plotly.purge(div); div.remove(); }
  drawn.clear();
  drawnUnder = null;
  under = null;
}

// The base laid out again by plotly itself (a new width, a zoom, a reset):
// the top plot follows it.
let following = false;
function followBase() {
  if (drawing || following || !chart._fullLayout || !under || !under._fullLayout) return;
  following = true;
  Plotly.relayout(chart, geometry()).finally(() => { following = false; });
}

// Runs can arrive faster than they are drawn: draw each in turn, skipping
// those a newer one has replaced. A chart scrolled out of view (or in a
// hidden part of the page) is drawn when it comes back near the view: a
// step of a slider then redraws only the charts one can see, and a run that
// a later one replaced is never drawn. Its first run is drawn at once, and
// all are drawn before the page is printed.
let pending = null;
let drawing = false;
let inView = true;
let drawnOnce = false;
async function drain() {
  drawing = true;
  while (pending) {
    const {args, theme} = pending;
    pending = null;
    try { await render(args, theme); } catch (err) { forgetDrawn(); topShown = null; lastRun = null; console.error(err); }
    drawnOnce = true;
  }
  drawing = false;
  drawAheadSoon();
}
// A base made the most recently used: the one just sent, or one held.
function hold(id, bytes) {
  const held = bytes ? unpackedBase(bytes) : bases.get(id);
  bases.delete(id);
  if (held) bases.set(id, held);
}
function drawSoon(anyway = false) {
  if (pending && !drawing && (anyway || inView || !drawnOnce)) drain();
}
// Near the view: within a quarter of its height, so that a chart scrolled
// to is drawn as it comes into view (a redraw takes a frame or two). The page watches this iframe against the
// box it scrolls in (Streamlit's main area scrolls, not the page: a margin
// counts only around the box watched); from another origin, the iframe
// watches itself, without the margin.
function scrollBox(element) {
  for (let box = element.parentElement; box; box = box.parentElement) {
    const overflow = window.parent.getComputedStyle(box).overflowY;
    if (overflow === "auto" || overflow === "scroll") return box;
  }
  return null;  // the page itself scrolls
}
function watchView() {
  const seen = (entries) => { inView = entries[entries.length - 1].isIntersecting; drawSoon(); };
  try {
    const frame = window.frameElement;
    if (frame) {
      new window.parent.IntersectionObserver(seen, {root: scrollBox(frame), rootMargin: "25% 0px"}).observe(frame);
      return;
    }
  } catch (e) { /* another origin */ }
  new IntersectionObserver(seen).observe(stage);
}
watchView();
window.addEventListener("beforeprint", () => drawSoon(true));
window.addEventListener("message", (event) => {
  if (event.data && event.data.type === "streamlit:render") {
    const args = event.data.args;
    // Kept (promises) even if this run is not drawn, in the order
    // ui/layers.py counts them: this run's base, then the one ahead.
    hold(args.base_id, args.base);
    if (args.ahead_id) hold(args.ahead_id, args.ahead);
    while (bases.size > args.keep) bases.delete(bases.keys().next().value);
    pending = event.data;
    drawSoon();
  }
});
borrowFonts();
post("streamlit:componentReady", {apiVersion: 1});
