/* Part 7: projector mode, the caption, keys, the public API (window.sozialgraph) and the start. */
var presentButton = document.getElementById("sg-present");
function setPresent(on) {
  present = !!on;
  document.body.classList.toggle("present", present);
  presentButton.setAttribute("aria-pressed", String(present));
  presentButton.textContent = present ? T.present_off : T.present;
  api.projector = present;
  relayout(true);  /* sidebar, label sizes and colours change: place the labels again */
}
presentButton.addEventListener("click", function () { setPresent(!present); });
function setCaption(text) {
  caption.textContent = text ? String(text) : "";
  caption.hidden = !text;
  if (framed) frame(framed, false);
  refocus();
}
/* Every node kind visible, search and caption cleared, no selection, the overview: the first picture. */
function showAll() {
  Array.from(hiddenKinds).forEach(function (k) { setKindVisible(k, true); });
  search.value = ""; status.textContent = ""; closeList();
  reset(true);
}
document.getElementById("sg-reset").addEventListener("click", showAll);

function typing(target) {
  return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}
function onKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.key === "Escape") {
    if (!tablePanel.hidden) { setTable(false); tableToggle.focus(); }
    else if (!card.hidden) reset(false);
    else if (present) setPresent(false);
    return;
  }
  if (typing(ev.target)) return;
  if (ev.key === "p" || ev.key === "P") { ev.preventDefault(); setPresent(!present); }
  else if (ev.key === "t" || ev.key === "T") { ev.preventDefault(); setTable(tablePanel.hidden); }
  else if (ev.key === "/") { ev.preventDefault(); if (present) setPresent(false); search.focus(); }
}
document.addEventListener("keydown", onKey);

/* ---- the API a storyboard steps through. A node is named by its index, id ("FB 56"),
   kind:id ("theme:armut") or full name; unknown names give null / false. ---- */
function nodeId(ref) {
  if (typeof ref === "number") return byId.has(ref) ? ref : null;
  var text = String(ref), hit = null;
  var kindId = text.indexOf(":") > 0 ? [text.slice(0, text.indexOf(":")), text.slice(text.indexOf(":") + 1)] : null;
  ranked.forEach(function (n) {
    if (hit !== null) return;
    if (n.ident === text || (kindId && n.kind === kindId[0] && n.ident === kindId[1])) hit = n.i;
  });
  if (hit === null) ranked.forEach(function (n) { if (hit === null && n.label === text) hit = n.i; });
  return hit;
}
function ids(refs) {
  return (Array.isArray(refs) ? refs : refs === null || refs === undefined ? [] : [refs])
    .map(nodeId).filter(function (id) { return id !== null; });
}
api.nodeId = nodeId;
api.find = function (query) {
  return findNodes(query).map(function (m) {
    var n = byId.get(m.id);
    return { id: n.i, label: n.label, ident: n.ident, kind: n.kind, type: typeOf(n) };
  });
};
api.showAll = function () { showAll(); setCaption(""); return api.whenIdle(); };
api.selectNode = function (ref, opts) {
  var id = nodeId(ref);
  return id !== null && choose(id, { frame: !opts || opts.frame !== false, animate: !opts || opts.animate !== false });
};
api.clearSelection = function () { reset(false); };
/* Show only these kinds (an array of kind names, e.g. ["department", "theme"]); null shows all. */
api.filterKinds = function (kinds) {
  var keep = kinds ? new Set(kinds) : null;
  Array.from(kindCount.keys()).forEach(function (k) {
    var visible = !keep || keep.has(k);
    if (visible === hiddenKinds.has(k)) setKindVisible(k, visible);
  });
};
api.setKindVisible = function (kind, visible) { if (kindCount.has(kind)) setKindVisible(kind, visible !== false); };
/* Emphasise nodes (the rest fades, their labels show) without opening a card; [] or null clears. */
api.highlight = function (refs, opts) {
  var list = ids(refs);
  reset(false);
  if (!list.length) return 0;
  emphasis = new Set(list); neighbours = emphasis;
  if (!opts || opts.frame !== false) frame(list, !opts || opts.animate !== false); else lastView = null;
  placeFocus(lastView ? lastView.scale : zoom);
  restyle(false); restyleEdges();
  return list.length;
};
api.frame = function (refs, opts) { var list = ids(refs); if (list.length) frame(list, !opts || opts.animate !== false); };
api.home = function (opts) { goHome(!opts || opts.animate !== false); };
api.setCaption = setCaption;
api.enterProjector = function () { if (!present) setPresent(true); };
api.leaveProjector = function () { if (present) setPresent(false); };
api.toggleTable = function (open) { setTable(open === undefined ? tablePanel.hidden : !!open); };
/* A storyboard replaces the view: it takes along what this one hung on the document and window. */
api.destroy = function () {
  document.removeEventListener("keydown", onKey);
  window.removeEventListener("resize", onResize);
  if (resizeWatch) resizeWatch.disconnect();
  cancelAnimationFrame(resizeFrame); cancelAnimationFrame(zoomFrame);
  api.ready = false;
  network.destroy();
};
api.state = function () {
  return { projector: present, selected: selected, highlighted: emphasis ? Array.from(emphasis) : [],
           hiddenKinds: Array.from(hiddenKinds).sort(), caption: caption.hidden ? "" : caption.textContent,
           table: !tablePanel.hidden, framed: framed ? framed.slice() : null };
};

/* ---- start: lay out (or take the given positions), then settle ---- */
if (meta.present) {
  present = true;
  document.body.classList.add("present");
  presentButton.setAttribute("aria-pressed", "true");
  presentButton.textContent = T.present_off;
  api.projector = true;
}
px = labelPx();
updateStats();
if (meta.positions || data.nodes.length === 0) {
  network.setData({ nodes: nodes, edges: edges });
  settle();
} else {
  network.once("stabilizationIterationsDone", settle);
  network.setData({ nodes: nodes, edges: edges });
}
