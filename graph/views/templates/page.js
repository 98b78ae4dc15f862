/* sozialgraph network page, part 1 (render.py joins the parts into one closure): the data, words,
   number formats, node and edge looks, and the vis-network instance. Every data string reaches the
   DOM via textContent, never as markup. */
var started = performance.now();
/* `given`: the data a storyboard hands over (story.js); a network page reads its data island */
var data = given || JSON.parse(document.getElementById("sg-data").textContent);
var meta = data.meta, T = meta.text, LANG = meta.lang;
/* The public API (see present.js for the functions a storyboard calls). */
var api = { network: null, nodeCount: data.nodes.length, edgeCount: data.edges.length, ready: false,
            layoutCount: 0, lang: LANG };
window.sozialgraph = api;

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
/* A UI text with its {placeholders} filled in. */
function say(key, values) {
  return T[key].replace(/\{(\w+)\}/g, function (m, k) { return values && k in values ? values[k] : m; });
}
/* Numbers the page's way, whatever the browser's locale: 13.145 and 0,42 in German. */
function fmt(x, digits) {
  var parts = Math.abs(x).toFixed(digits || 0).split(".");
  var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, LANG === "de" ? "." : ",");
  return (x < 0 ? "-" : "") + whole + (parts[1] ? (LANG === "de" ? "," : ".") + parts[1] : "");
}
function styleOf(kind) { return meta.styles[kind] || meta.neutral; }
function typeOf(n) { return n.type || styleOf(n.kind).name; }

var byId = new Map();
data.nodes.forEach(function (n) { byId.set(n.i, n); });
var sizes = data.nodes.map(function (n) { return n.size; });
var minSize = Math.min.apply(null, sizes.concat([Infinity])), maxSize = Math.max.apply(null, sizes.concat([-Infinity]));
/* importance in [0, 1] (node size grows with it), and the nodes most important first */
function weightOf(n) { return maxSize > minSize ? (n.size - minSize) / (maxSize - minSize) : 0.5; }
var ranked = data.nodes.slice().sort(function (a, b) { return b.size - a.size || a.i - b.i; });
var rankOf = new Map();
ranked.forEach(function (n, r) { rankOf.set(n.i, r); });
/* The most central nodes are always named in full (no "…"), and placed first. */
var NAMED = 15;
var adjacency = new Map();
data.nodes.forEach(function (n) { adjacency.set(n.i, []); });
data.edges.forEach(function (e) { adjacency.get(e.from).push(e); if (e.to !== e.from) adjacency.get(e.to).push(e); });

/* ---- looks: normal and projector mode (stronger fills, thicker lines, black text) ---- */
var present = false, hiddenKinds = new Set();
var DIM_NODE = { background: "#eceff2", border: "#c9d0d6" };
var DIM_EDGE = { color: "#e6e9ec", highlight: "#e6e9ec", hover: "#e6e9ec", opacity: 1 };
function edgeLook() {
  var many = data.edges.length > 2000 ? 0.35 : data.edges.length > 600 ? 0.6 : 1;
  return present ? { color: "#4a5561", highlight: "#0b4f9c", hover: "#0b4f9c", opacity: Math.min(1, many + 0.25) }
                 : { color: "#7b8794", highlight: "#0b63c5", hover: "#0b63c5", opacity: many };
}
function fontLook(dim) {
  if (dim) return { color: "#b5bcc3", strokeWidth: 0, strokeColor: "#ffffff" };
  return present ? { color: "#000000", strokeWidth: 6, strokeColor: "#ffffff" }
                 : { color: "#111111", strokeWidth: 4, strokeColor: "#ffffff" };
}
function colorOf(s) {
  var fill = present ? s.strong : s.color, border = present ? s.strongBorder : s.border;
  return { background: fill, border: border, highlight: { background: fill, border: "#000000" },
           hover: { background: fill, border: "#000000" } };
}

/* The canvas label: at most MAX_LINES lines of about LINE_CHARS characters, "…" when cut. The
   full name stays in the tooltip, the search, the table and the info card. */
var LINE_CHARS = 24, MAX_LINES = 2;
function wrapLabel(text, maxLines) {
  var words = String(text).replace(/\s+/g, " ").trim().split(" "), lines = [], line = "";
  for (var i = 0; i < words.length; i++) {
    var w = words[i];
    while (w.length > LINE_CHARS) {  /* a word longer than a line is split */
      if (line) { lines.push(line); line = ""; }
      lines.push(w.slice(0, LINE_CHARS - 1) + "-"); w = w.slice(LINE_CHARS - 1);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= LINE_CHARS) line += " " + w;
    else { lines.push(line); line = w; }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines = lines.slice(0, maxLines);
    var last = lines[maxLines - 1];
    lines[maxLines - 1] = (last.length >= LINE_CHARS ? last.slice(0, LINE_CHARS - 1) : last).replace(/[\s,;:.-]+$/, "") + "…";
  }
  return lines.join("\n");
}
var canvasLabel = new Map();
data.nodes.forEach(function (n) {
  canvasLabel.set(n.i, wrapLabel(n.label, rankOf.get(n.i) < NAMED ? Infinity : MAX_LINES));
});

function nodeTip(n) {
  var d = el("div", "sg-tip");
  d.appendChild(el("strong", null, n.label));
  d.appendChild(el("span", null, typeOf(n) + (n.ident ? " · " + n.ident : "")));
  return d;
}
function edgeTip(e) {
  var d = el("div", "sg-tip");
  d.appendChild(el("strong", null, byId.get(e.from).label + " – " + byId.get(e.to).label));
  d.appendChild(el("span", null, e.title || e.label || ""));
  return d;
}

var nodes = new vis.DataSet(data.nodes.map(function (n) {
  var v = { id: n.i, color: colorOf(styleOf(n.kind)), font: fontLook(false) };
  v.label = canvasLabel.get(n.i); v.name = n.label; v.title = nodeTip(n);
  v.shape = "custom"; v.ctxRenderer = drawNode; v.size = n.size; v.hidden = false;
  v.mass = 1 + 3 * weightOf(n);  /* important nodes push the others further away: room for their labels */
  if (n.x !== null && n.y !== null) { v.x = n.x; v.y = n.y; }
  else if (n.isolated) { v.x = 0; v.y = 0; v.physics = false; }  /* placed in a row afterwards */
  return v;
}));
var edges = new vis.DataSet(data.edges.map(function (e) {
  return { id: e.id, from: e.from, to: e.to, width: e.width, title: edgeTip(e), dashes: e.dashed, label: "" };
}));
api.nodes = nodes; api.edges = edges;

var phys = meta.physics;
var options = {
  autoResize: true,
  nodes: { borderWidth: 2, borderWidthSelected: 4, font: { size: 14, face: "arial" }, labelHighlightBold: false,
           scaling: { label: { enabled: false, drawThreshold: 0 } } },
  edges: {
    color: edgeLook(),
    arrows: { to: { enabled: meta.directed, scaleFactor: 0.6 } },
    smooth: meta.smooth ? { type: "continuous", roundness: 0.2 } : false,
    font: { size: 15, face: "arial", color: "#1d3b5a", strokeWidth: 4, strokeColor: "#ffffff", align: "horizontal" },
    selectionWidth: 1.5, hoverWidth: 1
  },
  interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false,
                 hideEdgesOnDrag: data.edges.length > 3000 },
  layout: { improvedLayout: phys.improved, randomSeed: 7 },
  physics: meta.positions ? false : {
    enabled: true, solver: "forceAtlas2Based",
    forceAtlas2Based: { gravitationalConstant: -120, centralGravity: 0.012, springLength: phys.spring,
                        springConstant: 0.06, damping: 0.5, avoidOverlap: 0.6 },
    minVelocity: 1,
    stabilization: { enabled: true, iterations: phys.iterations, updateInterval: 50, fit: false }
  }
};

var container = document.getElementById("sg-network");
var network = new vis.Network(container, { nodes: new vis.DataSet(), edges: new vis.DataSet() }, options);
api.network = network;
