/* Part 5: search by name or id, case- and umlaut-insensitive (ä = ae, ß = ss), with a list of the
   matches to choose from (a combobox: arrow keys, Enter, Escape) instead of taking the first. */
function fold(text) {
  return String(text).toLocaleLowerCase("de").replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue")
    .replace(/ß/g, "ss").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^\p{L}\p{N}]+/gu, "");
}
var folded = data.nodes.map(function (n) { return { id: n.i, label: fold(n.label), ident: fold(n.ident) }; });
/* Matches best first: the whole id or name, then a start, then any part; more important first. */
function findNodes(query) {
  var q = fold(query);
  if (!q) return [];
  var hits = [];
  folded.forEach(function (f) {
    var score = f.ident === q || f.label === q ? 0 : f.ident.indexOf(q) === 0 || f.label.indexOf(q) === 0 ? 1
              : f.ident.indexOf(q) > 0 || f.label.indexOf(q) > 0 ? 2 : -1;
    if (score >= 0) hits.push({ id: f.id, score: score });
  });
  hits.sort(function (a, b) { return a.score - b.score || rankOf.get(a.id) - rankOf.get(b.id); });
  return hits;
}
var search = document.getElementById("sg-search"), status = document.getElementById("sg-search-status");
var list = document.getElementById("sg-matches"), matches = [], active = -1, MAX_MATCHES = 12;
function closeList() {
  list.hidden = true; list.textContent = ""; active = -1;
  search.setAttribute("aria-expanded", "false"); search.removeAttribute("aria-activedescendant");
}
function setActive(k) {
  var items = list.children;
  if (!items.length) return;
  active = (k + items.length) % items.length;
  for (var j = 0; j < items.length; j++) items[j].setAttribute("aria-selected", j === active ? "true" : "false");
  search.setAttribute("aria-activedescendant", items[active].id);
  items[active].scrollIntoView({ block: "nearest" });
}
function showMatches() {
  var q = search.value.trim();
  matches = findNodes(q);
  closeList();
  if (!q) { status.textContent = ""; return; }
  if (!matches.length) { status.textContent = say("no_match", { q: q }); return; }
  matches.slice(0, MAX_MATCHES).forEach(function (m, k) {
    var n = byId.get(m.id), li = el("li");
    li.id = "sg-match-" + k; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
    li.setAttribute("data-node", String(n.i));
    li.appendChild(el("span", "match-name", n.label));
    li.appendChild(el("span", "match-kind", typeOf(n) + (n.ident ? " · " + n.ident : "")));
    li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(n.i); });
    list.appendChild(li);
  });
  list.hidden = false;
  search.setAttribute("aria-expanded", "true");
  status.textContent = matches.length === 1 ? T.one_match
    : matches.length > MAX_MATCHES ? say("matches_more", { n: fmt(matches.length), k: fmt(MAX_MATCHES) })
    : say("matches", { n: fmt(matches.length) });
}
function pick(id) {
  closeList();
  search.value = byId.get(id).label;
  status.textContent = "";
  choose(id, { frame: true });
}
search.addEventListener("input", showMatches);
search.addEventListener("keydown", function (ev) {
  if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    ev.preventDefault();
    if (list.hidden) showMatches();
    setActive(active < 0 ? (ev.key === "ArrowDown" ? 0 : -1) : active + (ev.key === "ArrowDown" ? 1 : -1));
  } else if (ev.key === "Enter") {
    ev.preventDefault();
    if (list.hidden) showMatches();
    var exact = matches.filter(function (m) { return m.score === 0; });
    if (active >= 0) pick(matches[active].id);
    else if (matches.length === 1) pick(matches[0].id);
    else if (exact.length === 1) pick(exact[0].id);
  } else if (ev.key === "Escape" && !list.hidden) {
    ev.preventDefault(); ev.stopPropagation(); closeList();
  }
});
search.addEventListener("blur", function () { setTimeout(closeList, 150); });
