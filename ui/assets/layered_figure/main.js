// Puts a figure back together: the base traces the server sent once, and on
// every run the traces that move, the layout and the frames (ui/layers.py).
// No number is computed here.
const chart = document.getElementById("chart");
const bases = new Map();  // id -> {traces, layout}, least recently drawn first, as ui/layers.py counts

let reported = null;

function post(type, data) {
  window.parent.postMessage(Object.assign({isStreamlitMessage: true, type: type}, data), "*");
}

function parsed(bytes) {
  return JSON.parse(typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes));
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

function faded(colour, alpha) {
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

function render(args, theme) {
  if (args.base) bases.set(args.base_id, parsed(args.base));
  const held = bases.get(args.base_id);
  if (!held) {
    // A new iframe (the page was left and opened again): ask for the base once.
    if (reported !== args.base_id) {
      reported = args.base_id;
      post("streamlit:setComponentValue", {value: {missing: args.base_id, n: Date.now() + Math.random()},
                                          dataType: "json"});
    }
    return;
  }
  bases.delete(args.base_id);
  bases.set(args.base_id, held);
  while (bases.size > args.keep) bases.delete(bases.keys().next().value);
  const layout = themed(Object.assign(parsed(args.layout), held.layout), theme);
  chart.setAttribute("aria-label", args.alt);
  document.title = args.alt;
  Plotly.react(chart, {data: held.traces.concat(parsed(args.moving)), layout: layout, frames: unpacked(parsed(args.frames)),
                       config: Object.assign({responsive: true}, args.config)})
    .then(() => post("streamlit:setFrameHeight", {height: layout.height || 450}));
}

window.addEventListener("message", (event) => {
  if (event.data && event.data.type === "streamlit:render") render(event.data.args, event.data.theme);
});
borrowFonts();
post("streamlit:componentReady", {apiVersion: 1});
