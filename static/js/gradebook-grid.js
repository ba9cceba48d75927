/* The journal grid: keyboard and touch entry, each change saved at once, never lost.
 *
 * State: `server` holds each cell as the server last reported it (with row versions); `queue`
 * holds the changes not yet confirmed (waiting, in flight, or failed for lack of connection) and
 * is mirrored in localStorage, so a reload or a closed tab loses nothing. A cell shows the
 * server state with its queued changes applied. Each change carries the version the user saw;
 * the server answers 409 when someone else changed the cell meanwhile, and the user chooses.
 */
(function () {
  "use strict";

  const cfgEl = document.getElementById("gb-config");
  const table = document.getElementById("gb-grid");
  if (!cfgEl || !table) return;
  const cfg = JSON.parse(cfgEl.textContent);
  // gettext() calls are extracted by `makemessages -d djangojs` into locale/*/djangojs.po
  const gettext = (s) => (typeof window.gettext === "function" ? window.gettext(s) : s);
  const interpolate = (fmt, obj) => (typeof window.interpolate === "function" ? window.interpolate(fmt, obj, true) : fmt);

  // per user and journal: on a shared computer one teacher's unsent values are never sent as another's
  const STORE_KEY = "mektep.grid.queue." + cfg.user + "." + cfg.assignment;
  const ADVANCE_KEY = "mektep.grid.advance";
  const RETRY_MS = 15000;
  const csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || readCookie("csrftoken");

  const server = {}; // key -> {g: [[pos, value, version, type]], a: [status, version] | null} or pg: [value, special, version]
  Object.entries(cfg.cells || {}).forEach(([k, v]) => { server[k] = v; });
  Object.entries(cfg.periodGrades || {}).forEach(([sid, v]) => { server["p:" + sid] = { pg: v }; });
  const typesById = {};
  (cfg.types || []).forEach((ty) => { typesById[ty.id] = ty; });
  const writtenTypes = new Set((cfg.types || []).filter((ty) => ty.written).map((ty) => ty.id));

  let queue = loadQueue();
  let inFlight = null;
  let retryTimer = null;
  let active = null;
  let addMode = false;
  let buffer = "";
  let bufferTimer = null;
  const failed = {}; // key -> message (4xx)
  const conflicts = []; // [{op, response}]
  let conflictOpen = false;

  const canWrite = !!cfg.mode;
  const statusCell = document.getElementById("gb-status-cell");
  const statusMsg = document.getElementById("gb-status-msg");
  const historyBtn = document.getElementById("gb-history-btn");
  const retryBtn = document.getElementById("gb-retry-btn");
  const reasonInput = document.getElementById("gb-reason");
  const keypad = document.getElementById("gb-keypad");
  const coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;

  function readCookie(name) {
    const m = document.cookie.match("(^|;)\\s*" + name + "\\s*=\\s*([^;]+)");
    return m ? decodeURIComponent(m.pop()) : "";
  }

  // --- the queue, kept in localStorage ---------------------------------------------------------
  function loadQueue() {
    try {
      const raw = window.localStorage.getItem(STORE_KEY);
      const list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }
  function saveQueue() {
    try {
      if (queue.length) window.localStorage.setItem(STORE_KEY, JSON.stringify(queue));
      else window.localStorage.removeItem(STORE_KEY);
    } catch (e) { /* storage full or disabled: the queue still lives in memory */ }
  }

  // --- keys and targets ------------------------------------------------------------------------
  function cellKey(td) {
    const sid = td.parentElement.dataset.student;
    return td.dataset.pg ? "p:" + sid : td.dataset.l + ":" + sid;
  }
  function targetOf(op) {
    if (op.op === "grade") return op.lesson + ":" + op.student + ":g" + op.position;
    if (op.op === "absence") return op.lesson + ":" + op.student + ":a";
    if (op.op === "period") return "p:" + op.student;
    return "col:" + op.lesson;
  }
  function keyOfOp(op) {
    return op.op === "period" ? "p:" + op.student : op.lesson + ":" + op.student;
  }
  function findCell(key) {
    const [a, b] = key.split(":");
    if (a === "p") return table.querySelector('tr[data-student="' + b + '"] td[data-pg]');
    return table.querySelector('tr[data-student="' + b + '"] td[data-l="' + a + '"]');
  }

  // --- state with queued changes applied -------------------------------------------------------
  function clone(v) { return v ? JSON.parse(JSON.stringify(v)) : v; }
  function viewState(key) {
    const st = clone(server[key]) || (key.startsWith("p:") ? { pg: null } : { g: [], a: null });
    queue.forEach((op) => {
      if (keyOfOp(op) !== key || op.op === "coltype") return;
      applyOp(st, op);
    });
    return st;
  }
  function applyOp(st, op) {
    if (op.op === "grade") {
      st.g = (st.g || []).filter((g) => g[0] !== op.position);
      if (op.value !== null) st.g.push([op.position, op.value, 0, op.type || null]);
      st.g.sort((x, y) => x[0] - y[0]);
    } else if (op.op === "absence") {
      st.a = op.status ? [op.status, 0] : null;
    } else if (op.op === "period") {
      st.pg = op.value === null && !op.special ? null : [op.value, op.special || "", 0];
    }
  }
  function serverVersion(op) {
    const st = server[keyOfOp(op)];
    if (!st) return 0;
    if (op.op === "grade") {
      const g = (st.g || []).find((x) => x[0] === op.position);
      return g ? g[2] : 0;
    }
    if (op.op === "absence") return st.a ? st.a[1] : 0;
    if (op.op === "period") return st.pg ? st.pg[2] : 0;
    return 0;
  }

  // --- rendering -------------------------------------------------------------------------------
  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }
  function render(key) {
    const td = findCell(key);
    if (!td) return;
    const st = viewState(key);
    let html = "";
    if (key.startsWith("p:")) {
      if (st.pg) html = esc(st.pg[1] ? (cfg.specialMarks[st.pg[1]] || st.pg[1]) : st.pg[0]);
    } else {
      const parts = [];
      if (st.a) parts.push('<span class="gb-abs abs-' + esc(st.a[0]) + '">' + esc(cfg.marks[st.a[0]] || st.a[0]) + "</span>");
      (st.g || []).forEach((g) => {
        parts.push('<span class="gb-g' + (writtenTypes.has(g[3]) ? " is-w" : "") + '">' + esc(g[1]) + "</span>");
      });
      html = parts.join(" ");
    }
    if (failed[key] && failed[key].label) html += '<span class="gb-refused">' + esc(failed[key].label) + "</span>";
    if (active === td && buffer) html += '<span class="gb-buffer">' + (addMode ? "+" : "") + esc(buffer) + "</span>";
    else if (active === td && addMode) html += '<span class="gb-buffer">+</span>';
    td.innerHTML = html;
    const ops = queue.filter((op) => keyOfOp(op) === key && op.op !== "coltype");
    td.classList.toggle("is-saving", ops.some((op) => !op.offline));
    td.classList.toggle("is-pending", ops.some((op) => op.offline));
    td.classList.toggle("is-conflict", ops.some((op) => op.conflict));
    td.classList.toggle("is-error", !!failed[key]);
    td.title = failed[key] ? failed[key].message : "";
    if (td === active) describeActive();
  }

  function renderAllQueued() {
    const keys = new Set(queue.filter((op) => op.op !== "coltype").map(keyOfOp));
    keys.forEach(render);
    updateQueueInfo();
  }

  function updateRow(studentId, row) {
    if (!row) return;
    const tr = table.querySelector('tr[data-student="' + studentId + '"]');
    if (!tr) return;
    const avg = tr.querySelector(".gb-avg");
    const sug = tr.querySelector(".gb-sug");
    if (avg) avg.textContent = row.average || "";
    if (sug) {
      sug.textContent = row.suggested || "";
      sug.title = row.warnings || "";
      sug.classList.toggle("has-warn", !!row.warnings);
      if (row.warnings) {
        const w = document.createElement("span");
        w.className = "gb-warn";
        w.setAttribute("aria-hidden", "true");
        w.textContent = "!";
        const text = document.createElement("span");
        text.className = "visually-hidden";
        text.textContent = row.warnings;
        sug.appendChild(w);
        sug.appendChild(text);
      }
    }
  }

  // --- status line -----------------------------------------------------------------------------
  function say(message, kind) {
    statusMsg.textContent = message || "";
    statusMsg.className = "gb-status__msg" + (kind ? " is-" + kind : "");
  }
  function describeActive() {
    if (!active) { statusCell.textContent = ""; historyBtn.disabled = true; return; }
    const tr = active.parentElement;
    const name = tr.dataset.name || "";
    const key = cellKey(active);
    let where;
    if (active.dataset.pg) {
      where = gettext("period grade");
    } else {
      const th = table.querySelector('th.gb-day[data-lesson="' + active.dataset.l + '"]');
      const ty = th && typesById[th.dataset.type];
      where = (th ? th.dataset.date : "") + (ty ? " · " + ty.name : "");
    }
    let state = "";
    const ops = queue.filter((op) => keyOfOp(op) === key && op.op !== "coltype");
    if (failed[key]) state = failed[key].message;
    else if (ops.some((op) => op.conflict)) state = gettext("conflict: choose which value to keep");
    else if (ops.some((op) => op.offline)) state = gettext("not saved yet — will be sent again");
    else if (ops.length) state = gettext("saving…");
    statusCell.textContent = name + " · " + where + (state ? " · " + state : "");
    historyBtn.disabled = false;
  }
  function updateQueueInfo() {
    // every entry that has not reached the server counts, not only the one that failed
    const offline = queue.some((op) => op.offline);
    const waiting = queue.filter((op) => !op.conflict).length;
    retryBtn.hidden = !offline;
    statusMsg.dataset.waiting = String(offline ? waiting : 0);
    if (offline) {
      say(interpolate(ngettext("%(n)s entry is not saved yet: it is kept on this device and sent again automatically.",
                               "%(n)s entries are not saved yet: they are kept on this device and sent again automatically.",
                               waiting), { n: waiting }, true), "warn");
    }
  }

  // --- sending ---------------------------------------------------------------------------------
  function enqueue(op) {
    const key = keyOfOp(op);
    delete failed[key];
    const target = targetOf(op);
    // a waiting change of the same target is replaced (it keeps the version the user saw)
    const waiting = queue.find((q) => q !== inFlight && targetOf(q) === target && !q.conflict);
    if (waiting) {
      Object.assign(waiting, op, { version: waiting.version, offline: false });
    } else {
      op.version = serverVersion(op);
      op.period = op.period || cfg.period;
      op.id = Date.now() + "-" + Math.random().toString(36).slice(2, 8);
      queue.push(op);
    }
    saveQueue();
    render(key);
    pump();
  }

  function pump() {
    if (inFlight) return;
    const next = queue.find((op) => !op.conflict);
    if (!next) { updateQueueInfo(); return; }
    inFlight = next;
    const body = Object.assign({}, next, { period: next.period || cfg.period, reason: reason() });
    delete body.offline; delete body.conflict; delete body.id; delete body.type;
    fetch(cfg.cellUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify(body),
    }).then((resp) => resp.json().catch(() => ({})).then((data) => ({ resp, data })))
      .then(({ resp, data }) => {
        inFlight = null;
        if (resp.ok) return done(next, data);
        if (resp.status === 409) return conflict(next, data);
        if (resp.status >= 500 || resp.status === 0) return offline(next);
        return refused(next, data.message || (resp.status === 403 ? gettext("You cannot change this journal.") : gettext("The value was not accepted.")));
      })
      .catch(() => { inFlight = null; offline(next); });
  }

  function removeOp(op) {
    queue = queue.filter((q) => q !== op);
    saveQueue();
  }

  function done(op, data) {
    const key = keyOfOp(op);
    const before = serverVersion(op);
    removeOp(op);
    if (op.op === "coltype") {
      say(gettext("Saved."), "ok");
    } else if (op.op === "period") {
      server[key] = { pg: data.periodGrade || null };
    } else if (data.cell) {
      server[key] = { g: data.cell.g, a: data.cell.a };
      if (String(op.period) === String(cfg.period)) updateRow(op.student, data.row);
    }
    // later changes of the same target were typed on top of this one: they now build on its version
    const after = serverVersion(op);
    queue.forEach((q) => { if (targetOf(q) === targetOf(op) && q.version === before) q.version = after; });
    saveQueue();
    render(key);
    if (!queue.some((q) => q.offline)) { retryBtn.hidden = true; if (!statusMsg.classList.contains("is-error")) say(gettext("Saved."), "ok"); }
    pump();
  }

  function offline(op) {
    op.offline = true;
    saveQueue();
    render(keyOfOp(op));
    updateQueueInfo();
    scheduleRetry();
  }

  function refused(op, message) {
    const key = keyOfOp(op);
    removeOp(op);
    // the refused value stays visible in the cell (marked) until the user changes or drops it
    if (op.op !== "coltype") failed[key] = { message: message, label: refusedLabel(op) };
    render(key);
    say(message, "error");
    pump();
  }
  function refusedLabel(op) {
    let label = "";
    if (op.op === "absence") label = cfg.marks[op.status] || "";
    else if (op.op === "period") label = op.special ? cfg.specialMarks[op.special] : op.value;
    else label = op.value;
    return label === null || label === undefined ? "" : String(label);
  }

  function conflict(op, data) {
    const key = keyOfOp(op);
    op.conflict = true;
    if (op.op === "period") server[key] = { pg: data.periodGrade || null };
    else if (data.cell) server[key] = { g: data.cell.g, a: data.cell.a };
    saveQueue();
    render(key);
    conflicts.push({ op, data });
    openConflict();
    pump();
  }

  function describeValue(op) {
    if (op.op === "grade") return op.value === null ? gettext("(deleted)") : String(op.value);
    if (op.op === "absence") return op.status ? cfg.marks[op.status] : gettext("present");
    if (op.op === "period") return op.special ? cfg.specialMarks[op.special] : (op.value === null ? gettext("(deleted)") : String(op.value));
    return "";
  }
  function describeCurrent(op) {
    const st = server[keyOfOp(op)] || {};
    if (op.op === "grade") {
      const g = (st.g || []).find((x) => x[0] === op.position);
      return g ? String(g[1]) : gettext("(empty)");
    }
    if (op.op === "absence") return st.a ? cfg.marks[st.a[0]] : gettext("present");
    if (op.op === "period") return st.pg ? (st.pg[1] ? cfg.specialMarks[st.pg[1]] : String(st.pg[0])) : gettext("(empty)");
    return "";
  }

  function openConflict() {
    const dlg = document.getElementById("gb-conflict");
    if (conflictOpen || !conflicts.length || !dlg) return;
    const { op, data } = conflicts[0];
    const tr = table.querySelector('tr[data-student="' + op.student + '"]');
    const text = interpolate(gettext("%(name)s: the cell now holds «%(current)s»%(who)s. You entered «%(mine)s»."), {
      name: tr ? tr.dataset.name : "",
      current: describeCurrent(op),
      who: data.by ? " (" + data.by + (data.at ? ", " + data.at : "") + ")" : "",
      mine: describeValue(op),
    });
    document.getElementById("gb-conflict-text").textContent = text;
    conflictOpen = true;
    dlg.returnValue = "";
    dlg.showModal();
  }
  const conflictDlg = document.getElementById("gb-conflict");
  if (conflictDlg) {
    conflictDlg.addEventListener("close", () => {
      conflictOpen = false;
      const item = conflicts.shift();
      if (item) {
        const { op } = item;
        if (conflictDlg.returnValue === "mine") {
          op.conflict = false;
          op.version = serverVersion(op);
          saveQueue();
        } else {
          removeOp(op);
        }
        render(keyOfOp(op));
      }
      if (active) active.focus();
      openConflict();
      pump();
    });
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = window.setTimeout(() => { retryTimer = null; retryAll(); }, RETRY_MS);
  }
  function retryAll() {
    queue.forEach((op) => { op.offline = false; });
    saveQueue();
    renderAllQueued();
    pump();
  }
  window.addEventListener("online", retryAll);
  retryBtn.addEventListener("click", retryAll);
  window.addEventListener("beforeunload", (e) => {
    if (queue.length) { e.preventDefault(); e.returnValue = ""; }
  });

  function reason() {
    return reasonInput ? reasonInput.value.trim() : "";
  }
  function mayEdit() {
    if (!canWrite) { say(gettext("Read-only view."), "error"); return false; }
    if (active && active.dataset.off) { say(gettext("The student was not in the class on this date: nothing can be entered."), "error"); return false; }
    if (cfg.reasonRequired && !reason()) {
      say(gettext("Enter the reason for the corrections first."), "error");
      if (reasonInput) reasonInput.focus();
      return false;
    }
    return true;
  }
  if (reasonInput) {
    reasonInput.value = window.sessionStorage.getItem(STORE_KEY + ".reason") || "";
    reasonInput.addEventListener("input", () => {
      window.sessionStorage.setItem(STORE_KEY + ".reason", reasonInput.value);
      document.querySelectorAll("[data-reason-copy]").forEach((el) => { el.value = reasonInput.value; });
    });
    document.querySelectorAll("[data-reason-copy]").forEach((el) => { el.value = reasonInput.value; });
  }

  // --- editing actions -------------------------------------------------------------------------
  function lessonType(lessonId) {
    const th = table.querySelector('th.gb-day[data-lesson="' + lessonId + '"]');
    return th && th.dataset.type ? Number(th.dataset.type) : null;
  }
  function setGrade(value, add) {
    if (!active || !mayEdit()) return false;
    const key = cellKey(active);
    const sid = Number(active.parentElement.dataset.student);
    if (active.dataset.pg) {
      if (!checkScale(value)) return false;
      enqueue({ op: "period", student: sid, value: value, special: "", kind: "period", period: cfg.period });
      return true;
    }
    if (!cfg.scale.marks) { say(gettext("No grades are given here: this class is assessed without marks in this period."), "error"); return false; }
    if (!checkScale(value)) return false;
    const st = viewState(key);
    const positions = (st.g || []).map((g) => g[0]);
    let position;
    if (add && positions.length) position = Math.max.apply(null, positions) + 1;
    else position = positions.length ? Math.min.apply(null, positions) : 0;
    if (position > 4) { say(gettext("At most 5 grades per lesson."), "error"); return false; }
    enqueue({ op: "grade", lesson: Number(active.dataset.l), student: sid, position: position, value: value, type: lessonType(active.dataset.l) });
    return true;
  }
  function checkScale(value) {
    const s = cfg.scale;
    if (!s.marks || value < s.min || value > s.max) {
      say(s.scale === "points"
        ? interpolate(gettext("Points are a whole number from 0 to %(max)s."), { max: s.max })
        : gettext("A grade on the 5-point scale is a whole number from 1 to 5."), "error");
      return false;
    }
    return true;
  }
  function setAbsence(status, cycle) {
    if (!active || !mayEdit()) return false;
    const sid = Number(active.parentElement.dataset.student);
    if (active.dataset.pg) {
      enqueue({ op: "period", student: sid, value: null, special: status, kind: "period", period: cfg.period });
      return true;
    }
    const st = viewState(cellKey(active));
    let next = status;
    if (cycle && st.a) {
      const order = cfg.absenceCycle;
      const i = order.indexOf(st.a[0]);
      next = i >= 0 ? order[(i + 1) % order.length] : status;
    }
    enqueue({ op: "absence", lesson: Number(active.dataset.l), student: sid, status: next });
    return true;
  }
  function clearOne() {
    if (!active || !mayEdit()) return false;
    const key = cellKey(active);
    if (failed[key]) { dropFailed(key); return true; }
    const sid = Number(active.parentElement.dataset.student);
    const st = viewState(key);
    if (active.dataset.pg) {
      if (st.pg) enqueue({ op: "period", student: sid, value: null, special: "", kind: "period", period: cfg.period });
      return true;
    }
    if (st.g && st.g.length) {
      const pos = Math.max.apply(null, st.g.map((g) => g[0]));
      enqueue({ op: "grade", lesson: Number(active.dataset.l), student: sid, position: pos, value: null });
    } else if (st.a) {
      enqueue({ op: "absence", lesson: Number(active.dataset.l), student: sid, status: "" });
    }
    return true;
  }
  function dropFailed(key) {
    delete failed[key];
    render(key);
    say("", "");
  }

  // --- moving ----------------------------------------------------------------------------------
  function cellsOf(tr) { return Array.from(tr.querySelectorAll("td.gb-c")); }
  function rows() { return Array.from(table.tBodies[0].rows).filter((tr) => tr.dataset.student); }
  // the grid fills the screen above the status line (and the keypad) while one types in it
  const wrap = document.getElementById("gb-wrap");
  const statusBar = document.getElementById("gb-status");
  function fitGrid() {
    const below = statusBar.offsetHeight + (keypad && !keypad.hidden ? keypad.offsetHeight : 0);
    const avail = window.innerHeight - below;
    wrap.style.maxHeight = Math.max(200, avail - 4) + "px";
    const r = wrap.getBoundingClientRect();
    if (r.top < 0 || r.bottom > avail) window.scrollBy(0, r.top);
  }
  window.addEventListener("resize", () => { if (active) fitGrid(); });

  function activate(td, scroll) {
    if (!td) return;
    if (active && active !== td) {
      const prev = active;
      active = td;
      commitBuffer(prev);
      prev.tabIndex = -1;
      prev.classList.remove("is-active");
      render(cellKey(prev));
    }
    active = td;
    addMode = false;
    td.tabIndex = 0;
    td.classList.add("is-active");
    td.focus({ preventScroll: !scroll });
    if (scroll !== false) td.scrollIntoView({ block: "nearest", inline: "nearest" });
    describeActive();
    showKeypad();
    fitGrid();
    if (scroll !== false) td.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
  function move(dr, dc) {
    if (!active) return;
    const allRows = rows();
    const tr = active.parentElement;
    let r = allRows.indexOf(tr);
    let c = cellsOf(tr).indexOf(active);
    r = Math.max(0, Math.min(allRows.length - 1, r + dr));
    const cells = cellsOf(allRows[r]);
    c = Math.max(0, Math.min(cells.length - 1, c + dc));
    activate(cells[c], true);
  }
  function autoAdvance() {
    if (advance()) move(1, 0);
  }
  function advance() {
    return window.localStorage.getItem(ADVANCE_KEY) !== "0";
  }

  function commitBuffer(td) {
    const cell = td || active;
    if (!buffer || !cell) { buffer = ""; return false; }
    const value = Number(buffer);
    const wasAdd = addMode;
    buffer = "";
    const keep = active;
    active = cell;
    const ok = setGrade(value, wasAdd);
    active = keep;
    addMode = false;
    if (!ok) render(cellKey(cell));
    return ok;
  }

  function digit(d) {
    if (!active) return;
    const multi = cfg.scale.scale === "points" && cfg.scale.max > 9;
    if (!multi) {
      if (setGrade(Number(d), addMode)) { addMode = false; autoAdvance(); }
      addMode = false;
      render(cellKey(active));
      return;
    }
    if (!mayEdit()) return;
    buffer += d;
    if (Number(buffer) * 10 > cfg.scale.max) { if (commitBuffer()) autoAdvance(); return; }
    render(cellKey(active));
    window.clearTimeout(bufferTimer);
    bufferTimer = window.setTimeout(() => { commitBuffer(); }, 1500);
  }

  function keyStatus(key) {
    const k = key.toLowerCase();
    const map = active && active.dataset.pg ? cfg.specialKeys : cfg.absenceKeys;
    for (const [status, keys] of Object.entries(map)) {
      if (keys.includes(k)) return status;
    }
    return null;
  }

  table.addEventListener("keydown", (e) => {
    if (!active || e.target !== active) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key;
    if (/^[0-9]$/.test(key)) { e.preventDefault(); digit(key); return; }
    switch (key) {
      case "ArrowUp": e.preventDefault(); commitBuffer(); move(-1, 0); return;
      case "ArrowDown": e.preventDefault(); commitBuffer(); move(1, 0); return;
      case "ArrowLeft": e.preventDefault(); commitBuffer(); move(0, -1); return;
      case "ArrowRight": e.preventDefault(); commitBuffer(); move(0, 1); return;
      case "Home": e.preventDefault(); commitBuffer(); move(0, -1000); return;
      case "End": e.preventDefault(); commitBuffer(); move(0, 1000); return;
      case "Enter": e.preventDefault(); commitBuffer(); move(e.shiftKey ? -1 : 1, 0); return;
      case "Tab": {
        const cells = cellsOf(active.parentElement);
        const i = cells.indexOf(active);
        const atEdge = e.shiftKey ? i === 0 : i === cells.length - 1;
        if (atEdge) { commitBuffer(); return; }
        e.preventDefault(); commitBuffer(); move(0, e.shiftKey ? -1 : 1); return;
      }
      case "Backspace": case "Delete":
        e.preventDefault();
        if (buffer) { buffer = buffer.slice(0, -1); render(cellKey(active)); return; }
        clearOne(); return;
      case "Escape":
        buffer = ""; addMode = false;
        if (failed[cellKey(active)]) dropFailed(cellKey(active));
        render(cellKey(active)); return;
      case "+": case " ":
        e.preventDefault();
        if (active.dataset.pg) return;
        if (!mayEdit()) return;
        addMode = true; buffer = "";
        render(cellKey(active));
        say(gettext("Add a grade: type the digit."), "");
        return;
      default: {
        const status = keyStatus(key);
        if (status) {
          e.preventDefault();
          const cycleKey = !active.dataset.pg && cfg.absenceKeys.unexcused.includes(key.toLowerCase());
          if (setAbsence(status, cycleKey)) {
            if (!cycleKey) autoAdvance();
          }
        }
      }
    }
  });

  table.addEventListener("click", (e) => {
    const td = e.target.closest("td.gb-c");
    if (td && table.contains(td)) activate(td, false);
    const btn = e.target.closest("button.gb-type");
    if (btn) openTypeMenu(btn);
  });
  table.addEventListener("focusin", (e) => {
    const td = e.target.closest("td.gb-c");
    if (td && td !== active) activate(td, false);
  });

  // --- the column's grade type -----------------------------------------------------------------
  const typeMenu = document.getElementById("gb-typemenu");
  const typeSelect = document.getElementById("gb-typemenu-select");
  let typeMenuLesson = null;
  function openTypeMenu(btn) {
    if (!typeMenu || !mayEdit()) return;
    const th = btn.closest("th");
    typeMenuLesson = th.dataset.lesson;
    typeSelect.value = th.dataset.type;
    const r = btn.getBoundingClientRect();
    typeMenu.style.top = window.scrollY + r.bottom + 4 + "px";
    typeMenu.style.left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - 260)) + "px";
    typeMenu.hidden = false;
    typeSelect.focus();
  }
  if (typeSelect) {
    typeSelect.addEventListener("change", () => {
      const th = table.querySelector('th.gb-day[data-lesson="' + typeMenuLesson + '"]');
      const previous = th.dataset.type;
      const ty = typesById[typeSelect.value];
      th.dataset.type = typeSelect.value;
      const btn = th.querySelector(".gb-type");
      btn.textContent = ty.short || ty.name;
      btn.title = ty.name;
      btn.classList.toggle("is-w", !!ty.written);
      // grades of the column that had the column's type follow it (as on the server)
      Object.keys(server).forEach((k) => {
        if (k.split(":")[0] !== String(typeMenuLesson)) return;
        (server[k].g || []).forEach((g) => { if (String(g[3]) === String(previous)) g[3] = Number(typeSelect.value); });
        render(k);
      });
      enqueue({ op: "coltype", lesson: Number(typeMenuLesson), type: Number(typeSelect.value) });
      typeMenu.hidden = true;
    });
    typeSelect.addEventListener("blur", () => { window.setTimeout(() => { typeMenu.hidden = true; }, 150); });
    typeSelect.addEventListener("keydown", (e) => { if (e.key === "Escape") { typeMenu.hidden = true; } });
  }

  // --- history ---------------------------------------------------------------------------------
  historyBtn.addEventListener("click", () => {
    if (!active) return;
    const sid = active.parentElement.dataset.student;
    const params = new URLSearchParams({ student: sid });
    if (active.dataset.pg) { params.set("period", cfg.period); params.set("kind", "period"); }
    else params.set("lesson", active.dataset.l);
    const dlg = document.getElementById("gb-history");
    const body = document.getElementById("gb-history-body");
    body.textContent = gettext("Loading…");
    dlg.showModal();
    fetch(cfg.historyUrl + "?" + params, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(r)))
      .then((data) => {
        document.getElementById("gb-history-title").textContent = gettext("History") + ": " + data.title;
        if (!data.entries.length) { body.textContent = gettext("No changes recorded."); return; }
        let html = '<table class="table"><thead><tr><th>' + esc(gettext("When")) + "</th><th>" + esc(gettext("Who")) + "</th><th>" +
          esc(gettext("What")) + "</th><th>" + esc(gettext("Was")) + "</th><th>" + esc(gettext("Became")) + "</th><th>" + esc(gettext("Reason")) + "</th></tr></thead><tbody>";
        data.entries.forEach((en) => {
          html += "<tr><td>" + esc(en.when) + "</td><td>" + esc(en.who) + "</td><td>" + esc(en.what) + "</td><td>" +
            esc(en.old || "—") + "</td><td>" + esc(en.new || "—") + "</td><td>" + esc(en.reason) + "</td></tr>";
        });
        body.innerHTML = html + "</tbody></table>";
      })
      .catch(() => { body.textContent = gettext("The history could not be loaded."); });
  });

  // --- on-screen keypad (touch devices) --------------------------------------------------------
  function buildKeypad() {
    if (!keypad) return;
    const digits = document.getElementById("gb-keypad-digits");
    const values = cfg.scale.scale === "points" && cfg.scale.max > 9
      ? ["7", "8", "9", "4", "5", "6", "1", "2", "3", "0"]
      : (cfg.scale.values || []).map(String);
    digits.innerHTML = values.map((v) => '<button type="button" class="gb-k gb-k--digit" data-digit="' + v + '">' + v + "</button>").join("") +
      '<button type="button" class="gb-k" data-action="hide" title="' + esc(digits.dataset.hideLabel || "") + '">✕</button>';
    keypad.addEventListener("pointerdown", (e) => { if (e.target.closest("button")) e.preventDefault(); });
    keypad.addEventListener("click", (e) => {
      const b = e.target.closest("button");
      if (!b || !active) return;
      if (b.dataset.digit !== undefined) { digit(b.dataset.digit); return; }
      if (b.dataset.status) {
        const status = active.dataset.pg ? (b.dataset.status === "excused" ? "exempt" : "na") : b.dataset.status;
        if (setAbsence(status, false)) autoAdvance();
        return;
      }
      const action = b.dataset.action;
      if (action === "add") { if (mayEdit()) { addMode = true; render(cellKey(active)); } }
      else if (action === "clear") clearOne();
      else if (action === "down") { commitBuffer(); move(1, 0); }
      else if (action === "hide") { keypad.hidden = true; document.body.classList.remove("has-keypad"); }
    });
  }
  function showKeypad() {
    if (!keypad || !coarse || !canWrite) return;
    if (keypad.hidden) {
      keypad.hidden = false;
      document.body.classList.add("has-keypad");
      document.body.style.setProperty("--gb-keypad-h", keypad.offsetHeight + "px");
    }
  }

  // --- start -----------------------------------------------------------------------------------
  const periodSelect = document.querySelector("select[data-autosubmit]");
  if (periodSelect) periodSelect.addEventListener("change", () => periodSelect.form.submit());
  buildKeypad();
  // changes left from an earlier visit (offline, closed tab) are shown and sent again
  queue.forEach((op) => { op.offline = true; op.conflict = false; });
  renderAllQueued();
  if (queue.length) retryAll();
  if (cfg.mode) {
    const first = table.querySelector("td.gb-c");
    if (first) { first.tabIndex = 0; }
  }
})();
