// The enumerator's field app on every page of an enumerator: the service worker, the outbox
// (households submitted and not yet acknowledged, sent on load, on reconnect, on a timer with
// backoff and by "send now"), the guard on logging out, and the work list kept on the phone.
// On the household form (web/static/form.js draws its skip logic) it adds autosave of every
// answer as typed, submission through the outbox, checks as you type derived from the form's own
// attributes (generated from the questionnaire: required, ranges, whole numbers, patterns), the
// server's live check after each person, a confirmed and undoable removal of a person, and a
// highlight on questions an answer reveals. (Enter to the next question, and at a section's end
// to the next section, is web/static/sections.js's; its review page asks checkField here.)
// Without JavaScript none of this runs and the pages work by server round trips as before.
(function () {
  "use strict";
  const body = document.body;
  if (!body.dataset.fieldApp || !window.FieldStore) return;
  const store = window.FieldStore;
  const texts = JSON.parse(body.dataset.texts || "{}");
  const HOUSEHOLD = /^\/households\/([^/]+)\/([^/]+)$/;
  const SKIP = new Set(["csrf_token", "action", "submission_id", "remove", "started_at"]);
  let csrf = null;
  let sending = null;  // the send in flight: one at a time
  const answered = new Map();  // submission id: the server's answer, whichever send got it
  let loginNeeded = false;

  function say(key, params) {
    let text = texts[key] || key;
    for (const [k, v] of Object.entries(params || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- the service worker -------------------------------------------------------------------
  if ("serviceWorker" in navigator && body.dataset.worker) {
    navigator.serviceWorker.register(body.dataset.worker, { scope: "/" }).catch(function () {});
  }

  // --- the session (a fresh CSRF token for the posts) ---------------------------------------
  async function session() {
    const response = await fetch("/field/session", { credentials: "same-origin", cache: "no-store" });
    if (response.status === 401) { loginNeeded = true; return null; }
    if (!response.ok) return null;
    loginNeeded = false;
    csrf = (await response.json()).csrf;
    return csrf;
  }

  // --- the outbox ----------------------------------------------------------------------------
  const bar = document.getElementById("outbox-bar");
  const status = document.getElementById("outbox-status");

  async function showOutbox(message) {
    const items = await store.all("outbox");
    const waiting = items.filter(function (i) { return i.status === "waiting"; }).length;
    const parked = items.filter(function (i) { return i.status !== "waiting"; });
    if (!bar) return items;
    bar.hidden = items.length === 0 && !message;
    status.textContent = "";
    if (message) status.append(el("span", {}, message + " "));
    if (waiting) status.append(el("span", { id: "outbox-count" }, say("waiting", { n: waiting }) + " "));
    for (const item of parked) {
      const line = el("span", { class: "parked", "data-key": item.key }, item.key + ": " + item.reason + " ");
      status.append(line);
    }
    if (loginNeeded) {
      status.append(el("span", {}, say("login") + " "));
      status.append(el("a", { href: "/login?next=" + encodeURIComponent(location.pathname) }, say("login_link")));
    }
    const button = document.getElementById("send-now");
    button.hidden = waiting === 0;
    button.textContent = say("send_now", { n: waiting });
    button.dataset.waiting = String(waiting);
    return items;
  }

  function backoff(attempts) {
    return Math.min(300000, 5000 * Math.pow(2, Math.max(0, attempts - 1)));
  }

  // Send one item; the server's answer decides what becomes of it (see web/fieldsync.py).
  async function sendItem(item) {
    const form = new URLSearchParams();
    for (const [name, value] of item.fields) form.append(name, value);
    form.set("submission_id", item.submission_id);
    form.set("base_version", item.base_version == null ? "" : String(item.base_version));
    form.set("base_state", item.base_state || "");
    form.set("started_at", item.started_at || "");
    form.set("ended_at", item.ended_at || "");
    let response;
    try {
      response = await fetch("/field/households/" + item.key, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf || "", "Content-Type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      });
    } catch (offline) {
      item.attempts = (item.attempts || 0) + 1;
      item.next_at = Date.now() + backoff(item.attempts);
      await store.put("outbox", item.submission_id, item);
      return "offline";
    }
    let answer = {};
    try { answer = await response.json(); } catch (notJson) { answer = {}; }
    if (response.status === 201 || response.status === 200) {
      await store.remove("outbox", item.submission_id);
      const draft = await store.get("drafts", item.key);
      if (draft && draft.submission_id === item.submission_id) await store.remove("drafts", item.key);
      await store.put("households", item.key, Object.assign(await store.get("households", item.key) || {}, answer, { fetched_version: answer.version }));
      return "sent:" + answer.version;
    }
    if (response.status === 401) { loginNeeded = true; return "login"; }
    if (response.status === 400 && !item.csrf_retried) {  // a stale CSRF token: fetch one, try again
      item.csrf_retried = true;
      await session();
      return sendItem(item);
    }
    if (response.status === 409 || response.status === 422 || response.status === 403 || response.status === 404) {
      const details = ((answer.error || {}).details || []).map(function (d) { return d.message; });
      item.status = response.status === 409 ? "conflict" : "refused";
      item.reason = [((answer.error || {}).message || String(response.status)), ...details].join(" ");
      await store.put("outbox", item.submission_id, item);
      return item.status;
    }
    item.attempts = (item.attempts || 0) + 1;  // a server fault: try again later
    item.next_at = Date.now() + backoff(item.attempts);
    await store.put("outbox", item.submission_id, item);
    return "later";
  }

  // One send at a time. A caller arriving while one is in flight (Submit pressed as the page's
  // own send on load runs) waits for it and then sends what is still due, so its household is
  // sent now and its answer is the caller's, not left to the timer.
  async function sendOutbox(force) {
    while (sending) await sending.catch(function () { return null; });
    sending = sendDue(force);
    try {
      return await sending;
    } finally {
      sending = null;
    }
  }

  async function sendDue(force) {
    const results = [];
    try {
      const due = (await store.all("outbox")).filter(function (i) {
        return i.status === "waiting" && (force || !i.next_at || i.next_at <= Date.now());
      });
      if (due.length && !navigator.onLine && !force) return results;
      if (due.length && (!csrf || loginNeeded)) await session().catch(function () { return null; });
      for (const item of due) {
        if (loginNeeded) break;
        const result = await sendItem(item);
        results.push([item.key, result]);
        answered.set(item.submission_id, result);
        if (result === "offline") break;
      }
    } finally {
      await showOutbox();
    }
    return results;
  }
  window.FieldApp = { sendOutbox: sendOutbox };

  document.getElementById("send-now")?.addEventListener("click", function () { sendOutbox(true); });
  window.addEventListener("online", function () { sendOutbox(true); refreshWorklist(); });
  setInterval(function () { sendOutbox(false); }, 10000);

  // --- logging out: refused while anything is unsent; then the phone forgets everything ------
  const logout = document.getElementById("logout");
  const logoutForm = logout ? logout.closest("form") : null;
  if (logoutForm) {
    logoutForm.addEventListener("submit", async function (event) {
      if (logoutForm.dataset.cleared) return;
      event.preventDefault();
      const items = await store.all("outbox");
      if (items.length) {
        await showOutbox(say("logout_refused", { n: items.length }));
        return;
      }
      await store.destroy();
      if (window.caches) for (const name of await caches.keys()) await caches.delete(name);
      if (navigator.serviceWorker) {
        for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      }
      logoutForm.dataset.cleared = "1";
      logoutForm.submit();
    });
  }

  // --- the work list kept on the phone -------------------------------------------------------
  async function refreshWorklist() {
    if (!navigator.onLine) return;
    let response;
    try {
      response = await fetch("/field/worklist", { credentials: "same-origin", cache: "no-store" });
    } catch (offline) { return; }
    if (response.status === 401) { loginNeeded = true; return; }
    if (!response.ok) return;
    const list = await response.json();
    const old = new Map((await store.all("households")).map(function (h) { return [h.ea_id + "/" + h.hh_no, h]; }));
    const entries = list.households.map(function (h) {
      const key = h.ea_id + "/" + h.hh_no;
      const before = old.get(key) || {};
      return [key, Object.assign({}, before, h)];
    });
    await store.replaceAll("households", entries);
    await store.put("meta", "worklist", { at: new Date().toISOString(), eas: list.eas });
    // Households with a version: their answers, for correcting them without a connection.
    for (const [key, h] of entries) {
      if (h.version && h.fetched_version !== h.version) {
        try {
          const r = await fetch("/field/households/" + key, { credentials: "same-origin", cache: "no-store" });
          if (r.ok) {
            const detail = await r.json();
            await store.put("households", key, Object.assign(h, detail, { fetched_version: detail.version }));
          }
        } catch (offline) { return; }
      }
    }
    document.dispatchEvent(new CustomEvent("field:worklist"));
  }
  window.FieldApp.refreshWorklist = refreshWorklist;
  // The device's check of one question, shown beside it as on submitting (for the review page).
  window.FieldApp.checkField = function (field) { return showCheck(field, true); };

  // --- the household form ---------------------------------------------------------------------
  const form = document.getElementById("household-form");
  const match = HOUSEHOLD.exec(location.pathname);
  let restoring = false;
  let draftInfo = null;
  let formDone = false;  // submitted and acknowledged: the page is leaving, nothing to keep

  function fieldsOf() {
    const out = [];
    for (const [name, value] of new FormData(form)) {
      if (!SKIP.has(name) && typeof value === "string") out.push([name, value]);
    }
    return out;
  }

  function personCount() { return form.querySelectorAll("#persons .person").length; }

  function setValues(fields) {
    restoring = true;
    try {
      let wanted = 0;
      for (const [name] of fields) {
        const m = /^p(\d+)\./.exec(name);
        if (m) wanted = Math.max(wanted, Number(m[1]));
      }
      const add = document.getElementById("add-person");
      while (personCount() < wanted && add) add.click();
      while (personCount() > wanted) {
        const last = form.querySelectorAll("#persons .person");
        last[last.length - 1].querySelector("button.remove").click();
      }
      for (const input of form.querySelectorAll("input, select, textarea")) {
        if (input.type === "hidden" || input.type === "submit") continue;
        if (input.type === "radio" || input.type === "checkbox") input.checked = false;
        else input.value = "";
      }
      // Every field can show before the values go in (form.js re-applies the universes after).
      for (const field of form.querySelectorAll(".field[hidden]")) {
        field.hidden = false;
        for (const input of field.querySelectorAll("input, select, textarea")) input.disabled = false;
      }
      for (const [name, value] of fields) {
        const inputs = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
        if (!inputs.length && /^x\./.test(name)) {
          form.append(el("input", { type: "hidden", name: name, value: value }));
          continue;
        }
        for (const input of inputs) {
          if (input.type === "radio") input.checked = input.value === value;
          else if (input.type !== "hidden") input.value = value;
        }
      }
      form.dispatchEvent(new Event("change", { bubbles: true }));
    } finally {
      restoring = false;
    }
  }

  async function autosave() {
    if (!form || restoring || formDone || !form.dataset.key) return;
    const now = new Date().toISOString();
    if (draftInfo && draftInfo.queued) {  // edited after submitting: a new submission
      draftInfo = Object.assign({}, draftInfo, { submission_id: uuid(), queued: false });
    }
    const draft = Object.assign({}, draftInfo || {}, {
      key: form.dataset.key,
      fields: fieldsOf(),
      saved_at: now,
      base_version: form.dataset.baseVersion ? Number(form.dataset.baseVersion) : null,
      base_state: form.dataset.baseState || null,
    });
    draft.started_at = draft.started_at || now;
    draft.submission_id = draft.submission_id || uuid();
    draftInfo = draft;
    await store.put("drafts", draft.key, draft);
    const note = document.getElementById("autosaved");
    if (note) note.textContent = say("autosaved", { time: now.slice(11, 19) });
  }

  // Device checks: from the attributes the server generated from the questionnaire.
  function checkField(field) {
    if (field.hidden) return null;
    const inputs = Array.from(field.querySelectorAll("input:not([type=hidden]), select, textarea"));
    let value = "";
    for (const input of inputs) {
      if (input.type === "radio") { if (input.checked) value = input.value; }
      else value = input.value;
    }
    value = value.trim();
    if (value === "") return field.dataset.required ? say("required") : null;
    const input = inputs[0];
    if (input && input.type === "number") {
      const n = Number(value);
      if (!Number.isFinite(n) || (input.step === "1" && !Number.isInteger(n))) return say("whole");
      if ((input.min !== "" && n < Number(input.min)) || (input.max !== "" && n > Number(input.max))) {
        return say("range", { min: input.min, max: input.max });
      }
    }
    if (input && input.pattern && !new RegExp("^(?:" + input.pattern + ")$").test(value)) return say("pattern");
    return null;
  }

  function showCheck(field, force) {
    let note = field.querySelector(":scope > .device-check");
    const problem = checkField(field);
    if (!problem || (!force && !field.dataset.touched)) { if (note) note.remove(); return problem; }
    if (!note) { note = el("p", { class: "device-check", role: "alert" }); field.append(note); }
    note.textContent = problem;
    return problem;
  }

  function checkAll() {
    const problems = [];
    for (const field of form.querySelectorAll(".field")) {
      const problem = showCheck(field, true);
      if (problem) problems.push([field, problem]);
    }
    let box = document.getElementById("device-checks");
    if (!problems.length) { if (box) box.remove(); return problems; }
    if (!box) {
      box = el("section", { class: "card findings", id: "device-checks", role: "alert" });
      form.before(box);
    }
    box.textContent = "";
    box.append(el("p", {}, say("to_fix", { n: problems.length })));
    const list = el("ul");
    for (const [field, problem] of problems) {
      const caption = field.querySelector("legend, label");
      const person = field.closest(".person");
      const item = el("li", { class: "finding error" });
      const link = el("a", { href: "#" + field.id },
        (person ? person.querySelector(".line-label").textContent + " · " : "") +
        (caption ? caption.textContent.trim() : field.dataset.item) + ": " + problem);
      item.append(link);
      list.append(item);
    }
    box.append(list);
    return problems;
  }

  let liveAsked = 0;  // only the answer to the latest question is shown (leaving sections fast)
  async function liveCheck() {
    if (!navigator.onLine || !form.dataset.key) return;
    const asked = ++liveAsked;
    if (!csrf) await session().catch(function () { return null; });
    const params = new URLSearchParams();
    for (const [name, value] of fieldsOf()) params.append(name, value);
    let response;
    try {
      response = await fetch("/field/check/" + form.dataset.key, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf || "", "Content-Type": "application/x-www-form-urlencoded" },
        body: params.toString(),
      });
    } catch (offline) { return; }
    if (!response.ok) return;
    const found = (await response.json()).findings;
    if (asked !== liveAsked) return;
    // Shown in the bar at the foot of the page and as marks on the fields: nothing above the
    // enumerator's finger moves when the answer arrives.
    for (const old of form.querySelectorAll(".live-error, .live-warning")) {
      old.classList.remove("live-error", "live-warning");
    }
    const box = document.getElementById("live-checks");
    if (!box) return;
    box.hidden = found.length === 0;
    const list = box.querySelector("ul");
    list.textContent = "";
    box.querySelector("summary").textContent = say("live_count", { n: found.length });
    for (const f of found) {
      const scope = f.line_no ? form.querySelector('#persons .person[data-line="' + f.line_no + '"]') : form.querySelector(".household");
      const field = scope && f.fields.length ? scope.querySelector('.field[data-item="' + f.fields[0] + '"]') : null;
      const item = el("li", { class: "finding " + f.severity });
      item.append(field ? el("a", { href: "#" + field.id }, f.rule_id) : el("b", {}, f.rule_id));
      item.append(" " + f.message);
      list.append(item);
      if (field) field.classList.add(f.severity === "error" ? "live-error" : "live-warning");
    }
  }

  async function submitThroughOutbox() {
    await autosave();
    const draft = draftInfo;
    const item = {
      submission_id: draft.submission_id,
      key: draft.key,
      fields: draft.fields,
      base_version: draft.base_version,
      base_state: draft.base_state,
      started_at: draft.started_at,
      ended_at: new Date().toISOString(),
      created_at: new Date().toISOString(),
      status: "waiting",
      attempts: 0,
    };
    for (const old of await store.all("outbox")) {  // a parked item of this household is replaced
      if (old.key === item.key && old.status !== "waiting") await store.remove("outbox", old.submission_id);
    }
    await store.put("outbox", item.submission_id, item);
    draftInfo.queued = true;
    await store.put("drafts", draft.key, draftInfo);
    await sendOutbox(true);
    const result = answered.get(item.submission_id) || "";  // this send's or one in flight
    if (result.startsWith("sent:")) {
      formDone = true;  // the version in the query makes it a new page, not a jump to #notice
      location.assign(location.pathname + "?version=" + result.slice(5) + "&notice=sent#notice");
      return;
    }
    const kept = await store.get("outbox", item.submission_id);
    await showOutbox(kept && kept.status !== "waiting" ? say(kept.status, { reason: kept.reason }) : (loginNeeded ? "" : say("kept")));
  }

  async function startForm() {
    const [, ea, hh] = match;
    const key = ea + "/" + hh;
    form.dataset.key = key;
    const known = await store.get("households", key);
    if (form.dataset.shell) {
      const config = JSON.parse(form.dataset.config || "{}");
      config.keys = { ea_id: ea, hh_no: hh };
      form.dataset.config = JSON.stringify(config);
      document.getElementById("shell-key").textContent = hh + " · " + ea;
      form.dataset.baseVersion = known && known.version ? String(known.version) : "";
      form.dataset.baseState = known && known.state ? known.state : "";
      const banner = document.getElementById("offline-banner");
      if (banner) banner.hidden = navigator.onLine;
    }
    const draft = await store.get("drafts", key);
    const parked = (await store.all("outbox")).filter(function (i) { return i.key === key; }).pop();
    if (draft) {
      draftInfo = draft;
      setValues(draft.fields);
    } else if (parked) {
      draftInfo = { started_at: parked.started_at };
      setValues(parked.fields);
    } else if (form.dataset.shell) {
      const head = known && known.listing ? known.listing.head_name : null;
      setValues(known && known.fields ? known.fields : [["p1._row", "1"], ["p1.name", head || ""]]);
    }
    if (parked && parked.status !== "waiting") await showOutbox(say(parked.status, { reason: parked.reason }));
    if (!form.dataset.shell && draftInfo) {  // the draft now rests on what the server shows
      draftInfo.base_version = form.dataset.baseVersion ? Number(form.dataset.baseVersion) : null;
      draftInfo.base_state = form.dataset.baseState || null;
    }
    const note = el("p", { class: "meta", id: "autosaved", role: "status" });
    form.before(note);

    let timer = null;
    form.addEventListener("input", function (event) {
      const field = event.target.closest(".field");
      if (field) { field.dataset.touched = "1"; showCheck(field, false); }
      clearTimeout(timer);
      timer = setTimeout(autosave, 250);
    });
    form.addEventListener("change", function (event) {
      const field = event.target.closest ? event.target.closest(".field") : null;
      if (field) { field.dataset.touched = "1"; showCheck(field, false); }
      if (!restoring) { clearTimeout(timer); timer = setTimeout(autosave, 50); }
    });
    form.addEventListener("focusout", function (event) {
      // A blank question is not marked on leaving it (only once typed in, or on submitting):
      // a message appearing as the finger moves to the next button would move that button.
      const field = event.target.closest(".field");
      if (field) showCheck(field, false);
      const person = event.target.closest(".person, .household");
      if (person && !person.contains(event.relatedTarget)) liveCheck();
    });
    window.addEventListener("pagehide", function () { autosave(); });

    form.addEventListener("click", function (event) {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.id === "submit") {
        event.preventDefault();
        event.stopImmediatePropagation();
        checkAll();
        submitThroughOutbox();
      } else if (button.value === "save" && !navigator.onLine) {
        event.preventDefault();
        autosave().then(function () { showOutbox(say("kept")); });
      } else if (button.classList.contains("remove") && !restoring && !button.dataset.confirmed) {
        event.preventDefault();
        event.stopImmediatePropagation();
        confirmRemove(button);
      }
    }, true);

    // Questions that appear because of an answer are marked until answered.
    const observer = new MutationObserver(function (changes) {
      if (restoring) return;
      for (const change of changes) {
        const field = change.target;
        if (change.attributeName === "hidden" && field.classList.contains("field") && !field.hidden) {
          field.classList.add("revealed");
          field.dataset.newLabel = say("new_question");
        } else if (change.attributeName === "hidden" && field.hidden) {
          field.classList.remove("revealed");
        }
      }
    });
    observer.observe(form, { attributes: true, attributeFilter: ["hidden"], subtree: true });
    form.addEventListener("change", function (event) {
      const field = event.target.closest ? event.target.closest(".field.revealed") : null;
      if (field) field.classList.remove("revealed");
    });
  }

  function confirmRemove(button) {
    const person = button.closest(".person");
    const line = person.dataset.line;
    for (const bar of form.querySelectorAll(".confirm-bar")) bar.remove();
    const bar = el("div", { class: "confirm-bar", role: "alertdialog" });
    bar.append(el("span", {}, say("remove_confirm", { n: line })));
    const yes = el("button", { type: "button", class: "danger", id: "confirm-remove" }, say("remove_yes"));
    const no = el("button", { type: "button", class: "secondary" }, say("remove_no"));
    bar.append(yes, no);
    button.after(bar);
    no.addEventListener("click", function () { bar.remove(); });
    yes.addEventListener("click", function () {
      const before = fieldsOf();
      bar.remove();
      button.dataset.confirmed = "1";
      button.click();
      autosave();
      for (const old of document.querySelectorAll(".undo-bar")) old.remove();
      const undo = el("div", { class: "undo-bar", role: "status" });
      undo.append(el("span", {}, say("removed", { n: line })));
      const again = el("button", { type: "button", class: "secondary", id: "undo-remove" }, say("undo"));
      undo.append(again);
      document.getElementById("persons").after(undo);
      again.addEventListener("click", function () { setValues(before); undo.remove(); autosave(); });
    });
  }

  document.addEventListener("DOMContentLoaded", async function () {
    if (form && match) {
      await startForm();
      form.dataset.ready = "1";  // the answers kept on the phone are back in the form
    }
    await showOutbox();
    if (navigator.onLine) {
      await session().catch(function () { return null; });
      await sendOutbox(true);
      refreshWorklist();
    }
  });
})();
