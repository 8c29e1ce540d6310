// Shared by every implementation: the js-framework-benchmark label generator (seeded, so that every
// framework builds the same labels) and the measuring harness Playwright drives.
const A = ["pretty", "large", "big", "small", "tall", "short", "long", "handsome", "plain", "quaint",
  "clean", "elegant", "easy", "angry", "crazy", "helpful", "mushy", "odd", "unsightly", "adorable",
  "important", "inexpensive", "cheap", "expensive", "fancy"];
const C = ["red", "yellow", "blue", "green", "pink", "brown", "purple", "brown", "white", "black", "orange"];
const N = ["table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger",
  "pizza", "mouse", "keyboard"];

let seed = 1;
function random(max) { // Park-Miller: exact in doubles, so Python and JS draw the same sequence
  seed = (seed * 16807) % 2147483647;
  return seed % max;
}

let nextId = 1;
export function buildData(count) {
  const data = new Array(count);
  for (let i = 0; i < count; i++) {
    data[i] = { id: nextId++, label: `${A[random(A.length)]} ${C[random(C.length)]} ${N[random(N.length)]}` };
  }
  return data;
}

// The row of the plain-DOM pages (vanilla.js, floor.js): cloned, as the vanillajs entry does.
export function rowTemplate() {
  const template = document.createElement("template");
  template.innerHTML = '<tr><td class="col-md-1"></td><td class="col-md-4"><a class="lbl"></a></td>'
    + '<td class="col-md-1"><a class="remove"><span class="glyphicon glyphicon-remove" aria-hidden="true">'
    + '</span></a></td><td class="col-md-6"></td></tr>';
  return template.content.firstChild;
}

const channel = new MessageChannel();
function nextTask() {
  return new Promise((resolve) => { channel.port1.onmessage = () => resolve(); channel.port2.postMessage(0); });
}
// Each timed click starts once the page is idle, just after a frame: work a framework leaves for
// idle time after the previous (set-up) click (V8's idle-time GC, pickle-reactor's deferred Python
// collection) runs before the clock starts, for every framework alike, and the click is always as
// far from the next frame (whose rendering Chrome may run before the next task) as it can be.
function idle() {
  return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 500 }));
}
function frame() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

// Microtasks queued by a click (Preact's batched render, a scheduled pickle-reactor flush) and those
// they queue in turn, up to four deep, run before this resolves. No task boundary: no frame can render.
async function microtasks() {
  for (let i = 0; i < 4; i++) await null;
}

// Time from the click to the end of a forced layout, after any microtask-batched render has run, in
// one task: never a paint. (Timing to the next task let Chrome render a frame first whenever the click
// ran past the next frame: its paint, 10-15 ms on 1,000 rows, was counted for some clicks and not for
// others.) Whether the framework was done is checked, not assumed: a DOM change between the end of
// the clock and the next task is an error.
window.bench = {
  async click(selector) {
    const el = document.querySelector(selector);
    if (!el) throw new Error(`bench: nothing matches ${selector}`);
    await idle();
    await frame();
    await nextTask();
    const t0 = performance.now();
    el.click();
    // pickle-reactor handles the event, renders and applies the ops inside click(): its script time
    this.script = performance.now() - t0;
    await microtasks();
    void document.body.offsetHeight;
    const elapsed = performance.now() - t0;
    const late = new MutationObserver(() => {});
    late.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    await nextTask();
    const changes = late.takeRecords().length;
    late.disconnect();
    if (changes) throw new Error(`bench: ${selector}: ${changes} DOM changes after the clock stopped`);
    return elapsed;
  },
  async clicks(selector, times) { // many events, untimed: for the memory check
    for (let i = 0; i < times; i++) {
      document.querySelector(selector).click();
      if (i % 100 === 99) await nextTask();
    }
    await nextTask();
  },
  script: 0, // ms spent inside the last timed el.click() (see click)
  rows: () => document.querySelectorAll("tbody tr").length,
};
