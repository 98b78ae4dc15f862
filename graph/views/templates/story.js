/* The storyboard page (present.py joins it after mountView, the network page's parts as one function
   that draws one view and returns its API). The steps come from the data island's "story"; each view
   but the first has an island of its own (sg-view-K). A step on another view replaces the drawn view:
   the old one is destroyed, the header and main return to their first state, the new view is drawn.
   A step on the same view only changes highlight, selection, kinds shown and caption through the
   view's API. Nothing is stored between openings; nothing is loaded. */
var island = JSON.parse(document.getElementById("sg-data").textContent);
var STORY = island.story, STEPS = STORY.steps, W = STORY.words;
island = null;
function $(id) { return document.getElementById(id); }
function make(tag, id, text) { var e = document.createElement(tag); if (id) e.id = id; if (text) e.textContent = text; return e; }

/* the controls: back, the counter ("3 / 9"), next; and the keys in the sidebar's hints */
var nav = make("nav", "sg-story"), prevButton = make("button", "sg-story-prev", W.prev);
var counter = make("span", "sg-step"), nextButton = make("button", "sg-story-next", W.next);
nav.setAttribute("aria-label", W.nav);
prevButton.type = nextButton.type = "button";
prevButton.setAttribute("aria-keyshortcuts", "ArrowLeft PageUp");
nextButton.setAttribute("aria-keyshortcuts", "ArrowRight PageDown");
counter.setAttribute("role", "status");
nav.appendChild(prevButton); nav.appendChild(counter); nav.appendChild(nextButton);
document.querySelector("aside").appendChild(make("p", null, W.keys)).className = "hint";
/* the first state of the page, before any view drew into it */
var pristineHeader = document.querySelector("header").cloneNode(true);
var pristineMain = document.querySelector("main").cloneNode(true);

var current = null, viewIndex = -1;  /* the drawn view's API and its number */
/* Where each view's nodes were when it was last drawn: coming back to a view shows it at once, as it was. */
var laidOut = {};
var want = 0, at = -1, busy = false, waiters = [];  /* the step asked for, the step shown */

function placeControls() {
  var header = document.querySelector("header");
  header.insertBefore(nav, header.querySelector(".tools"));
  var notice = STORY.notices[viewIndex];
  if (notice) header.appendChild(make("p", null, notice)).className = "notice";
}
/* Draw view `v` in place of the one drawn (if any); resolves when it is ready. */
function mount(v) {
  var given = null, focused = nav.contains(document.activeElement) ? document.activeElement : null;
  if (current) {
    var projector = !!current.projector;
    laidOut[viewIndex] = current.network.getPositions();
    current.destroy();
    document.querySelector("header").replaceWith(pristineHeader.cloneNode(true));
    document.querySelector("main").replaceWith(pristineMain.cloneNode(true));
    document.body.classList.remove("present");
    document.body.removeAttribute("data-ready");
    given = JSON.parse($(v === 0 ? "sg-data" : "sg-view-" + v).textContent);
    given.meta.present = projector;  /* projector mode stays as the presenter left it */
    if (laidOut[v]) {
      given.nodes.forEach(function (n) { var p = laidOut[v][n.i]; n.x = p.x; n.y = p.y; });
      given.meta.positions = true;
    }
  }
  viewIndex = v;
  placeControls();
  current = mountView(given);
  current.story = story;
  if (focused) focused.focus();
  return current.whenIdle();
}
/* A step on the drawn view moves there smoothly; a view just drawn starts in the step's picture. */
function applyStep(g, step, fresh) {
  var how = { animate: !fresh };
  g.toggleTable(false);
  g.filterKinds(step.filter);
  g.setCaption(step.caption);
  if (step.select !== null) g.selectNode(step.select, how);
  else if (step.highlight.length) g.highlight(step.highlight, how);
  else if (step.caption || step.filter) {  /* every node shown, in the room the caption leaves */
    g.clearSelection();
    g.frame(Array.from({ length: g.nodeCount }, function (x, i) { return i; }), how);
  } else { g.clearSelection(); g.home(how); }
  document.querySelector("header h1").textContent = step.title;
}
function showCounter() {
  counter.textContent = (want + 1) + " / " + STEPS.length;
  counter.setAttribute("aria-label", W.counter.replace("{k}", String(want + 1)).replace("{n}", String(STEPS.length)));
  prevButton.disabled = want === 0;
  nextButton.disabled = want === STEPS.length - 1;
}
/* Steps are shown one after the other; keys pressed meanwhile only move the step asked for. */
function pump() {
  if (busy) return;
  if (at === want) { var done = waiters; waiters = []; done.forEach(function (f) { f(want + 1); }); return; }
  busy = true;
  var k = want, step = STEPS[k], other = step.view !== viewIndex, fresh = other || at < 0;
  (other ? mount(step.view) : current.whenIdle())
    .then(function () { applyStep(current, step, fresh); return current.whenIdle(); })
    .catch(function (err) { console.error(err); })
    .then(function () { at = k; busy = false; pump(); });
}
function go(k) {
  want = Math.max(0, Math.min(STEPS.length - 1, k));
  showCounter();
  pump();
}
prevButton.addEventListener("click", function () { go(want - 1); });
nextButton.addEventListener("click", function () { go(want + 1); });
document.addEventListener("keydown", function (ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  var t = ev.target, k = ev.key, to = null;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  if (k === " " && t && t.tagName === "BUTTON") return;  /* Space presses the focused button */
  if (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown" || k === " ") to = want + 1;
  else if (k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp" || k === "Backspace") to = want - 1;
  else if (k === "Home") to = 0;
  else if (k === "End") to = STEPS.length - 1;
  if (to === null) return;
  ev.preventDefault();
  go(to);
});

/* window.sozialgraph.story: steps are counted from 1, as the counter shows them. */
var story = {
  count: STEPS.length,
  step: function () { return want + 1; },
  shown: function () { return at + 1; },
  view: function () { return viewIndex; },
  go: function (n) { go(n - 1); return story.whenIdle(); },
  next: function () { go(want + 1); return story.whenIdle(); },
  prev: function () { go(want - 1); return story.whenIdle(); },
  steps: function () { return JSON.parse(JSON.stringify(STEPS)); },
  /* resolves (with the step's number) once the step asked for is shown and drawn */
  whenIdle: function () { return new Promise(function (resolve) { waiters.push(resolve); pump(); }); }
};

viewIndex = STEPS[0].view;
placeControls();
current = mountView(null);
current.story = story;
go(0);
