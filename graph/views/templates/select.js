/* Part 4: the legend and kind filter, true counts, selection with its info card, framing a
   neighbourhood in the free part of the canvas, and the way back to the exact first picture. */
var selected = null, emphasis = null;  /* the selected node; the nodes api.highlight() emphasises */
var card = document.getElementById("sg-info"), info = document.getElementById("sg-info-body");
var caption = document.getElementById("sg-caption"), stats = document.getElementById("sg-stats");

function otherEnd(e, id) { return e.from === id ? e.to : e.from; }
function shown(id) { return !hiddenKinds.has(byId.get(id).kind); }
/* A relation worded from the side of node `id`: "Oberthema" on Altersarmut, "Oberthema von" on Armut. */
function edgeWords(e, id) {
  if (e.rel.length) return e.rel.map(function (k) { return meta.relations[k][e.from === id ? 0 : 1]; }).join("; ");
  return e.label;
}
/* Edge colour and label follow the selection. The colour of most edges is the global one (faded
   while something is selected), so a selection changes only the few edges that stay lit; the
   others are sent to vis-network only when their look changes. A label is cleared with " "
   (vis-network ignores ""), and only where one was shown. */
var labelled = new Set(), MAX_EDGE_LABELS = 12, edgeApplied = new Map(), globalEdge = "";
data.edges.forEach(function (e) { edgeApplied.set(e.id, "|" + e.width + "|"); });
function restyleEdges() {
  var focus = selected !== null || !!emphasis, look = edgeLook(), base = focus ? DIM_EDGE : look;
  if (JSON.stringify(base) !== globalEdge) { globalEdge = JSON.stringify(base); network.setOptions({ edges: { color: base } }); }
  /* with many links, the card lists the relations: labels on every edge would cover each other */
  var few = selected !== null && adjacency.get(selected).filter(function (e) { return shown(otherEnd(e, selected)); }).length <= MAX_EDGE_LABELS;
  var changes = [];
  data.edges.forEach(function (e) {
    var on = selected !== null ? e.from === selected || e.to === selected
           : emphasis ? emphasis.has(e.from) && emphasis.has(e.to) : false;
    var words = selected !== null && on && few ? edgeWords(e, selected) : "";
    var width = present ? e.width * 1.4 : e.width, key = (on ? "lit " + present : "") + "|" + width + "|" + words;
    if (edgeApplied.get(e.id) === key) return;
    edgeApplied.set(e.id, key);
    var change = { id: e.id, color: on ? look : null, width: width };
    if (words) { change.label = words; labelled.add(e.id); }
    else if (labelled.has(e.id)) { change.label = " "; labelled.delete(e.id); }
    changes.push(change);
  });
  if (changes.length) edges.update(changes);
}

/* ---- counts, legend and kind filter ---- */
function updateStats() {
  var n = data.nodes.filter(function (x) { return shown(x.i); }).length;
  var m = data.edges.filter(function (e) { return shown(e.from) && shown(e.to); }).length;
  var N = data.nodes.length, M = data.edges.length;
  stats.textContent = n === N && m === M ? say("stats", { n: fmt(N), m: fmt(M) })
    : say("stats_some", { n: fmt(n), N: fmt(N), m: fmt(m), M: fmt(M) });
  api.visibleNodeCount = n; api.visibleEdgeCount = m;
  if (typeof refreshTable === "function") refreshTable();
}
function setKindVisible(kind, visible) {
  if (visible) hiddenKinds.delete(kind); else hiddenKinds.add(kind);
  nodes.update(data.nodes.filter(function (n) { return n.kind === kind; })
    .map(function (n) { return { id: n.i, hidden: !visible }; }));
  var box = document.querySelector('#sg-legend input[data-index="' + kindIndex.get(kind) + '"]');
  if (box) { box.checked = visible; box.closest("li").classList.toggle("off", !visible); }
  if (!visible && selected !== null && byId.get(selected).kind === kind) reset(false);
  if (api.ready) { layoutLabels(); restyle(false); refocus(); }  /* labels of a hidden kind no longer claim room */
  updateStats();
}
var kindCount = new Map(), kindIndex = new Map();
data.nodes.forEach(function (n) { kindCount.set(n.kind, (kindCount.get(n.kind) || 0) + 1); });
var legend = document.getElementById("sg-legend");
meta.kinds.filter(function (k) { return kindCount.has(k); }).forEach(function (kind, idx) {
  var s = styleOf(kind);
  kindIndex.set(kind, idx);
  var li = el("li"), label = el("label"), box = el("input");
  box.type = "checkbox"; box.checked = true; box.setAttribute("data-index", String(idx));
  box.setAttribute("data-kind", kind);
  box.addEventListener("change", function () { setKindVisible(kind, box.checked); });
  var sw = el("span", "swatch " + s.shape);
  sw.style.background = s.color;
  sw.setAttribute("aria-hidden", "true");
  label.appendChild(box); label.appendChild(sw); label.appendChild(el("span", "kind", s.name));
  label.appendChild(el("span", "count", fmt(kindCount.get(kind))));
  li.appendChild(label); legend.appendChild(li);
});
document.getElementById("sg-summary").textContent =
  say("top", { names: ranked.slice(0, 10).map(function (n) { return n.label; }).join(", ") });
container.setAttribute("aria-label", say("alt", { n: fmt(data.nodes.length), m: fmt(data.edges.length) }));

/* ---- framing: fit nodes into the part of the stage that the info card and caption leave free ---- */
function freeRect() {
  var c = container.getBoundingClientRect(), free = { l: 0, t: 0, r: c.width, b: c.height };
  if (!card.hidden) {
    var k = card.getBoundingClientRect();
    if (k.left - c.left > c.width * 0.3) free.r = k.left - c.left - 8; else free.t = k.bottom - c.top + 8;
  }
  if (!caption.hidden) free.b = Math.min(free.b, caption.getBoundingClientRect().top - c.top - 8);
  return free;
}
function frame(ids, animate) {
  ids = ids.filter(shown);
  if (!ids.length) return;
  framed = ids;
  var pos = network.getPositions(ids), x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  ids.forEach(function (id) {
    var p = pos[id], r = byId.get(id).size;
    x0 = Math.min(x0, p.x - r); x1 = Math.max(x1, p.x + r); y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r);
  });
  var free = freeRect(), W = container.clientWidth, H = container.clientHeight;
  /* room around the nodes for their labels: a few lines below, half a label to the sides */
  var padX = 20 + 6 * px.low, padY = 20 + 2.6 * px.low;
  var fw = Math.max(60, free.r - free.l - 2 * padX), fh = Math.max(60, free.b - free.t - 2 * padY);
  var scale = Math.min(fw / Math.max(x1 - x0, 1), fh / Math.max(y1 - y0, 1), Math.max(3 * overview, 1));
  moveView({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale,
             offset: { x: (free.l + free.r - W) / 2, y: (free.t + free.b - H) / 2 } }, animate);
}
function goHome(animate) {
  framed = null;
  if (home) moveView({ position: home.position, scale: home.scale }, animate);
}

/* ---- selection and the info card ---- */
function field(dl, term, value, id) {
  if (value === undefined || value === null || value === "") return;
  dl.appendChild(el("dt", null, term));
  var dd = el("dd", id ? "name" : null, value);
  if (id) dd.id = id;
  dl.appendChild(dd);
}
var MAX_LINKS = 40;
function showInfo(id) {
  var n = byId.get(id);
  info.textContent = "";
  card.hidden = false;
  var dl = el("dl");
  field(dl, T.name, n.label, "sg-info-name");
  field(dl, T.kind, typeOf(n));
  field(dl, T.ident, n.ident);
  field(dl, T.description, n.description);
  field(dl, T.source, n.source);
  if (n.group) field(dl, T.group, say("group_of", { name: n.group }));
  info.appendChild(dl);
  var groups = new Map(), count = 0;
  adjacency.get(id).forEach(function (e) {
    var words = edgeWords(e, id) || "–", other = otherEnd(e, id);
    if (!groups.has(words)) groups.set(words, []);
    groups.get(words).push(other); count++;
  });
  info.appendChild(el("h3", null, say("links", { n: fmt(count) })));
  var links = el("dl", "links"), left = MAX_LINKS;
  Array.from(groups.keys()).sort(function (a, b) { return a.localeCompare(b, LANG); }).forEach(function (words) {
    if (left <= 0) return;
    var ids = groups.get(words).sort(function (a, b) { return byId.get(a).label.localeCompare(byId.get(b).label, LANG); });
    links.appendChild(el("dt", null, words));
    var dd = el("dd"), ul = el("ul");
    ids.slice(0, left).forEach(function (other) {
      var b = el("button", null, byId.get(other).label);
      b.type = "button";
      b.addEventListener("click", function () { choose(other, { frame: true }); });
      var li = el("li"); li.appendChild(b); ul.appendChild(li);
    });
    left -= ids.length;
    dd.appendChild(ul); links.appendChild(dd);
  });
  info.appendChild(links);
  if (count > MAX_LINKS) info.appendChild(el("p", "more", say("more", { n: fmt(count - MAX_LINKS) })));
}
/* Select a node: its neighbourhood stays, the rest fades, the card opens, the view frames them. */
function choose(id, opts) {
  opts = opts || {};
  var n = byId.get(id);
  if (!n) return false;
  if (hiddenKinds.has(n.kind)) setKindVisible(n.kind, true);
  selected = id; emphasis = null;
  var keep = new Set([id]);
  adjacency.get(id).forEach(function (e) { keep.add(otherEnd(e, id)); });
  neighbours = keep;
  network.selectNodes([id], false);
  showInfo(id);  /* first the card, so that framing knows the room it leaves */
  if (opts.frame !== false) frame(Array.from(keep), opts.animate !== false); else lastView = null;
  placeFocus(lastView ? lastView.scale : zoom);
  restyle(false);
  restyleEdges();
  return true;
}
/* Clear selection and emphasis; with `toHome`, also go back to the overview: the first picture. */
function reset(toHome) {
  selected = null; emphasis = null; neighbours = null;
  unfocus();
  restyle(false);
  restyleEdges();
  network.unselectAll();
  info.textContent = "";
  card.hidden = true;
  if (toHome) goHome(true); else framed = null;
}
document.getElementById("sg-info-close").addEventListener("click", function () { reset(false); });
network.on("click", function (p) { if (p.nodes.length) choose(p.nodes[0], { frame: true }); else reset(true); });
