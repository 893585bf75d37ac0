/* laktasi offline: the service worker, drafts and the outbox of writes made without signal.
 *
 * - A form marked data-offline (enrolment, visit) submitted without signal is kept in IndexedDB (the outbox)
 *   with its idempotency key, and the midwife goes back to today's list (kept by the service worker).
 * - When the signal is back (the "online" event, or any page opened with signal) the outbox is sent once, in
 *   the order it was filled, each write with its Idempotency-Key: a write the server already has is answered
 *   with the first result, never saved twice.
 * - A write the server does not take as it is — a visit recorded meanwhile on another phone (409), a likely
 *   duplicate mother, a value refused — stays in the outbox marked for a person, who opens it: the form is
 *   filled with the kept values and she decides. Nothing is overwritten by the phone.
 * - Typing in those forms is kept as a draft per page until it is saved.
 * - The badge in the header counts what is not yet sent.
 */
(function () {
  "use strict";

  const DB_NAME = "laktasi";
  const PAGES = "laktasi-pages-v1";
  const box = document.getElementById("outbox");
  if (!box || !window.indexedDB) return;
  const T = box.dataset;

  // ------------------------------------------------------------------ IndexedDB
  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 2);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "key" });
        if (!db.objectStoreNames.contains("drafts")) db.createObjectStore("drafts", { keyPath: "url" });
        // an enrolment sent from the outbox: its key → the mother's URL, for visits entered behind it
        if (!db.objectStoreNames.contains("refs")) db.createObjectStore("refs", { keyPath: "key" });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function store(name, mode, fn) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const result = fn(tx.objectStore(name));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  }
  const all = (name) => store(name, "readonly", (s) => s.getAll());
  const get = (name, key) => store(name, "readonly", (s) => s.get(key));
  const put = (name, value) => store(name, "readwrite", (s) => s.put(value));
  const del = (name, key) => store(name, "readwrite", (s) => s.delete(key));
  async function outbox() {
    return (await all("outbox")).sort((a, b) => a.created - b.created);
  }

  // ------------------------------------------------------------------ helpers
  function formFields(form) {
    const fields = [];
    for (const [name, value] of new FormData(form).entries()) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    }
    return fields;
  }
  function fill(form, fields, skip) {
    const values = new Map();
    for (const [name, value] of fields) {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    }
    for (const el of form.elements) {
      if (!el.name || skip.includes(el.name) || el.type === "hidden" || el.type === "submit") continue;
      const vals = values.get(el.name) || [];
      if (el.type === "checkbox" || el.type === "radio") el.checked = vals.includes(el.value || "on");
      else if (el.tagName === "SELECT" && el.multiple) for (const o of el.options) o.selected = vals.includes(o.value);
      else el.value = vals.length ? vals[0] : "";
    }
  }
  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function flash(text, level) {
    const div = document.createElement("div");
    div.className = "msg " + (level || "info");
    div.setAttribute("role", "status");
    div.textContent = text;
    const main = document.querySelector("main");
    if (main) main.insertBefore(div, main.firstChild);
  }
  const formAction = (form) => new URL(form.getAttribute("action") || location.pathname, location.href).pathname;
  const field = (fields, name) => (fields.find(([n]) => n === name) || [])[1] || "";
  const NEW_MOTHER_VISIT = /^\/s\/(\d+)\/offline\/visit\/$/;
  const isEnrol = (item) => /^\/s\/\d+\/enrol\/$/.test(item.url);
  function postpartumDay(deliveredLocal, visitedLocal) {  // both "YYYY-MM-DDTHH:MM" in the study's time zone
    const hours = (Date.parse(visitedLocal + ":00Z") - Date.parse(deliveredLocal + ":00Z")) / 3.6e6;
    return Math.floor(hours / 24) + 1;
  }

  // ------------------------------------------------------------------ badge and list
  async function render() {
    const items = await outbox();
    const badge = document.getElementById("outbox-badge");
    const pending = items.length;
    const attention = items.filter((i) => i.state === "conflict" || i.state === "problem").length;
    box.hidden = pending === 0;
    badge.textContent = `${pending} ${T.pending}` + (attention ? ` · ${attention} ${T.attention}` : "");
    badge.dataset.count = String(pending);
    badge.classList.toggle("attention", attention > 0);
    const list = document.getElementById("outbox-list");
    const row = document.getElementById("outbox-row");
    list.replaceChildren();
    for (const item of items) {
      const li = row.content.firstElementChild.cloneNode(true);
      li.dataset.key = item.key;
      li.querySelector(".label").textContent = item.label;
      const state = { conflict: T.conflict, problem: T.problem, login: T.login }[item.state] || T.waiting;
      li.querySelector(".state").textContent = "— " + state;
      const open = li.querySelector(".open");
      open.href = `${item.url}#outbox=${item.key}`;
      open.hidden = !["conflict", "problem"].includes(item.state);
      const record = li.querySelector(".record");
      if (isEnrol(item)) {  // her first visit can be entered before the enrolment is sent
        record.href = item.url.replace(/enrol\/$/, `offline/visit/#ref=${item.key}`);
        record.hidden = false;
      }
      li.querySelector(".discard").addEventListener("click", async () => {
        if (!window.confirm(T.discardConfirm)) return;
        await del("outbox", item.key);
        render();
      });
      list.appendChild(li);
    }
    // today's list: a visit already kept on the phone is marked, so it is not recorded twice
    const queued = new Set(items.map((i) => i.url));
    for (const note of document.querySelectorAll(".queued-note")) {  // sent meanwhile: no longer marked
      note.closest("li").classList.remove("queued");
      note.remove();
    }
    for (const a of document.querySelectorAll("ul.visits a[href]")) {
      const li = a.closest("li");
      if (queued.has(new URL(a.href).pathname) && li && !li.querySelector(".queued-note")) {
        const note = document.createElement("span");
        note.className = "queued-note";
        note.textContent = T.queuedRow;
        li.classList.add("queued");
        a.after(note);
      }
    }
  }
  document.getElementById("outbox-badge").addEventListener("click", (e) => {
    const panel = document.getElementById("outbox-panel");
    panel.hidden = !panel.hidden;
    e.currentTarget.setAttribute("aria-expanded", String(!panel.hidden));
  });

  // ------------------------------------------------------------------ sending
  let sending = false;
  async function sendOne(item) {
    let res;
    try {
      res = await fetch(item.url, {
        method: "POST", credentials: "same-origin", redirect: "follow",
        headers: { "X-CSRFToken": csrfToken(), "Idempotency-Key": item.key },
        body: new URLSearchParams(item.fields),
      });
    } catch (e) {
      return ["offline", ""];
    }
    const path = new URL(res.url).pathname;
    if (path.startsWith("/accounts/login/")) return ["login", path];
    if (res.ok && res.redirected) return ["sent", path];  // the page the write redirected to
    if (res.status === 409) return ["conflict", path];
    if (res.status >= 500) return ["offline", path];  // the server's trouble, not the entry's: try again later
    return ["problem", path];  // a form sent back with a question or an error, a refused request
  }
  async function sync() {
    if (sending || !navigator.onLine) return;
    sending = true;
    let sent = 0;
    try {
      for (const item of await outbox()) {
        if (item.state === "conflict" || item.state === "problem") continue;  // waits for a person
        if (item.url.startsWith("ref:")) {  // a visit entered behind an enrolment: sent once she has her URL
          const ref = await get("refs", item.ref);
          if (!ref) continue;
          item.url = `${ref.url}day/${item.day}/`;
          await put("outbox", item);
        }
        const [outcome, path] = await sendOne(item);
        if (outcome === "sent") {
          const mother = path.match(/^\/s\/\d+\/m\/\d+\/$/);  // an enrolment redirects to her page
          if (isEnrol(item) && mother) {
            await put("refs", { key: item.key, url: path, delivered: field(item.fields, "delivered_at"),
                                name: field(item.fields, "name") });
          }
          await del("outbox", item.key);
          sent += 1;
        } else if (outcome === "offline") {
          break;
        } else {
          await put("outbox", { ...item, state: outcome });
          if (outcome === "login") break;
        }
      }
    } finally {
      sending = false;
    }
    await render();
    if (sent) {
      flash(`${T.sent}: ${sent}`, "success");
      document.documentElement.dataset.outboxSynced = String(Number(document.documentElement.dataset.outboxSynced || 0) + sent);
    }
    document.documentElement.dataset.outboxIdle = "1";
  }
  function syncLocked() {
    // one tab at a time sends (the idempotency keys make a second send harmless, but not wasteful)
    if (navigator.locks) return navigator.locks.request("laktasi-outbox", sync);
    return sync();
  }
  document.getElementById("outbox-send").addEventListener("click", () => syncLocked());
  window.addEventListener("online", () => syncLocked());
  window.laktasiSync = syncLocked;

  // ------------------------------------------------------------------ forms: queue, drafts, reopen
  async function enqueue(form) {
    const fields = formFields(form);
    const key = (fields.find(([n]) => n === "idempotency_key") || [])[1];
    if (!key) return false;
    const existing = await get("outbox", key);  // a double tap: the same entry, once
    const item = {
      key, url: formAction(form), fields, label: form.dataset.offlineLabel || document.title,
      created: existing ? existing.created : Date.now(), state: "pending",
    };
    if (isEnrol(item)) item.label = `${item.label}: ${field(fields, "name")}`;
    if (NEW_MOTHER_VISIT.test(location.pathname)) {  // behind her enrolment (queued, or sent meanwhile)
      const mother = await newMother();
      if (!mother) return false;
      item.ref = mother.key;
      item.day = postpartumDay(mother.delivered, field(fields, "visited_at"));
      item.url = mother.url ? `${mother.url}day/${item.day}/` : `ref:${mother.key}`;
      item.label = `${mother.name} · ${item.label.replace(/^[^·]*·\s*/, "").replace(/\d+$/, String(item.day))}`;
    }
    await put("outbox", item);
    await del("drafts", location.pathname);
    sessionStorage.setItem("laktasi-flash", T.savedOffline);
    return true;
  }

  async function newMother() {
    // the mother of the "new mother's visit" page: her enrolment in the outbox, or already sent (refs)
    const m = location.hash.match(/ref=([A-Za-z0-9_-]+)/);
    if (!m) return null;
    const queued = await get("outbox", m[1]);
    if (queued) return { key: m[1], url: "", delivered: field(queued.fields, "delivered_at"), name: field(queued.fields, "name") };
    const sent = await get("refs", m[1]);
    return sent ? { key: m[1], url: sent.url, delivered: sent.delivered, name: sent.name } : null;
  }

  for (const form of document.querySelectorAll("form[data-offline]")) {
    form.addEventListener("submit", async (event) => {
      const opened = form.dataset.outboxKey;
      if (navigator.onLine && !NEW_MOTHER_VISIT.test(location.pathname)) {
        // sent now by the browser; a draft or a reopened outbox entry is settled by this submission
        del("drafts", location.pathname);
        if (opened) del("outbox", opened);
        return;
      }
      event.preventDefault();
      if (form.dataset.queued) return;
      form.dataset.queued = "1";
      if (opened) await del("outbox", opened);
      if (await enqueue(form)) location.href = form.dataset.offlineNext || "/";
    });
    let timer = 0;
    form.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => put("drafts", { url: location.pathname, fields: formFields(form), at: Date.now() }), 400);
    });
  }

  async function restore() {
    const form = document.querySelector("form[data-offline]");
    if (!form) return;
    if (NEW_MOTHER_VISIT.test(location.pathname)) {  // the page is drawn for a stand-in: show whose visit it is
      const mother = await newMother();
      const h1 = document.querySelector("main h1");
      if (h1) h1.textContent = mother ? `${mother.name} · ${T.pending}` : T.problem;
      return;
    }
    const m = location.hash.match(/outbox=([A-Za-z0-9_-]+)/);
    if (m) {  // a person opens a kept entry the server did not take as it was
      const item = await get("outbox", m[1]);
      if (item) {
        fill(form, item.fields, ["csrfmiddlewaretoken", "idempotency_key", "base_version"]);
        form.dataset.outboxKey = item.key;
        flash(T.restored, "warning");
      }
      return;
    }
    const bound = document.querySelector(".errorlist, #duplicate-warning") || document.documentElement.dataset.laktasiBound;
    const draft = await get("drafts", location.pathname);
    if (draft && !bound) {
      fill(form, draft.fields, ["csrfmiddlewaretoken", "idempotency_key", "base_version"]);
      flash(T.draft, "info");
    }
  }

  // ------------------------------------------------------------------ pages kept for no signal
  async function keepPages() {
    if (!navigator.onLine || !window.caches) return;
    const wanted = new Set([location.pathname]);
    const pattern = /^\/s\/\d+\/(today\/|enrol\/|offline\/visit\/|m\/\d+\/day\/\d+\/)$/;
    const study = location.pathname.match(/^\/s\/(\d+)\//);
    if (study) wanted.add(`/s/${study[1]}/offline/visit/`);  // the visit form for a mother enrolled offline
    for (const a of document.querySelectorAll("a[href]")) {
      const url = new URL(a.href, location.href);
      if (url.origin === location.origin && pattern.test(url.pathname)) wanted.add(url.pathname);
    }
    const cache = await caches.open(PAGES);
    await Promise.all([...wanted].filter((p) => pattern.test(p)).map(async (path) => {
      try {
        const res = await fetch(path, { credentials: "same-origin", headers: { Accept: "text/html" } });
        if (res.ok && !res.redirected) await cache.put(path, res);
      } catch (e) { /* signal lost meanwhile */ }
    }));
    document.documentElement.dataset.pagesKept = String(wanted.size);
  }

  for (const form of document.querySelectorAll("form[action$='/logout/']")) {
    form.addEventListener("submit", () => {  // a shared phone keeps no pages of this user
      if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage("clear-pages");
      if (window.caches) caches.delete(PAGES);
    });
  }

  // ------------------------------------------------------------------ start
  (async () => {
    const message = sessionStorage.getItem("laktasi-flash");
    if (message) {
      sessionStorage.removeItem("laktasi-flash");
      flash(message, "warning");
    }
    await render();
    await restore();
    if ("serviceWorker" in navigator) {
      try {
        await navigator.serviceWorker.register("/sw.js", { scope: "/" });
        await navigator.serviceWorker.ready;
      } catch (e) { /* an old browser: the app works, only not without signal */ }
    }
    await keepPages();
    document.documentElement.dataset.offlineReady = "1";
    await syncLocked();
  })();
})();
