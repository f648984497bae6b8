// The work list. On /app (kept on the phone, works offline): the households of the enumerator's
// EAs from IndexedDB, searchable by address, head's name and number, filtered by state or
// "waiting to be sent", with when the list was last refreshed in the survey's time zone.
// Refreshed from the server by field.js whenever the app is online. On an EA page (drawn by the
// server, which also searches and filters it without JavaScript): the rows waiting to be sent
// are marked, the search narrows the rows as it is typed, and "waiting to be sent" is a filter.
(function () {
  "use strict";
  if (!window.FieldStore) return;
  const store = window.FieldStore;
  const texts = JSON.parse(document.body.dataset.texts || "{}");

  async function waiting() {
    return new Set((await store.all("outbox")).map(function (i) { return i.key; }));
  }
  function cell(text) { const td = document.createElement("td"); td.textContent = text || ""; return td; }
  function addressOf(h) {
    if (h.address) return h.address;
    const listing = h.listing || {};
    return listing.building_no || listing.unit_no ? (listing.building_no || "") + "-" + (listing.unit_no || "") : "";
  }

  // "2026-12-03 21:15 UTC+8", like the server's pages (web/display.py when()).
  function localTime(iso, zone) {
    const moment = new Date(iso);
    try {
      const parts = {};
      new Intl.DateTimeFormat("en-GB", {
        timeZone: zone || "UTC", year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "shortOffset",
      }).formatToParts(moment).forEach(function (p) { parts[p.type] = p.value; });
      const offset = (parts.timeZoneName || "GMT").replace("GMT", "UTC");
      return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute +
        " " + (offset === "UTC" ? "UTC+0" : offset);
    } catch (unknownZone) {
      return iso.slice(0, 16).replace("T", " ") + " UTC";
    }
  }

  // --- /app: the list kept on the phone ------------------------------------------------------
  const app = document.getElementById("worklist-app");
  if (app) {
    const search = document.getElementById("worklist-search");
    const state = document.getElementById("worklist-state");
    const rows = document.querySelector("#worklist-table tbody");
    app.hidden = false;

    let drawing = 0;
    const draw = async function () {
      const mine = ++drawing;
      const households = await store.all("households");
      const outbox = await waiting();
      const meta = await store.get("meta", "worklist");
      if (mine !== drawing) return;  // typed on meanwhile: the later drawing wins
      const at = meta ? localTime(meta.at, app.dataset.timeZone) : "";
      document.getElementById("worklist-freshness").textContent = households.length
        ? (at ? (texts.refreshed || "{time}").replace("{time}", at) : "")
        : (texts.no_households || "");
      const words = search.value.trim().toLowerCase();
      rows.textContent = "";
      for (const h of households) {
        const key = h.ea_id + "/" + h.hh_no;
        const address = addressOf(h);
        const head = (h.listing || {}).head_name || "";
        const haystack = [h.hh_no, address, head].join(" ").toLowerCase();
        if (words && !haystack.includes(words)) continue;
        const wanted = state.value;
        if (wanted === "outbox" && !outbox.has(key)) continue;
        if (wanted && wanted !== "outbox" && (h.state || "none") !== wanted) continue;
        const tr = document.createElement("tr");
        tr.id = "app-hh-" + h.ea_id + "-" + h.hh_no;
        const first = document.createElement("td");
        const link = document.createElement("a");
        link.href = "/households/" + key;
        link.textContent = h.hh_no;
        first.append(link);
        const where = cell(address);
        if (h.listed === false) where.append(" ", Object.assign(document.createElement("em"), { className: "tag", textContent: texts.addition || "" }));
        tr.append(first, where, cell(head),
          cell((h.state_label || "") + (outbox.has(key) ? " · " + (texts.not_sent || "") : "")));
        rows.append(tr);
      }
    };
    search.addEventListener("input", draw);
    state.addEventListener("change", draw);
    document.addEventListener("field:worklist", draw);
    draw();
  }

  // --- an EA page: the server's rows, marked and narrowed on the phone -----------------------
  const filter = document.getElementById("ea-filter");
  if (filter) {
    const search = document.getElementById("ea-search");
    const state = document.getElementById("ea-state");
    const option = document.createElement("option");
    option.value = "outbox";
    option.textContent = texts.waiting_filter || "outbox";
    state.append(option);
    const rows = Array.from(document.querySelectorAll("table.worklist tbody tr"));
    let outbox = new Set();

    const narrow = function () {
      const words = search.value.trim().toLowerCase();
      for (const row of rows) {
        const shown = (!words || row.textContent.toLowerCase().includes(words)) &&
          (state.value !== "outbox" || outbox.has(row.dataset.key));
        row.hidden = !shown;
      }
    };
    const mark = async function () {
      outbox = await waiting();
      for (const row of rows) {
        const old = row.querySelector(".not-sent");
        if (old) old.remove();
        if (outbox.has(row.dataset.key)) {
          const badge = Object.assign(document.createElement("span"), { className: "badge not-sent", textContent: texts.not_sent || "" });
          row.lastElementChild.append(" ", badge);
        }
      }
      narrow();
    };
    const removed = document.querySelector("#notice[data-removed]");
    if (removed) {  // what the phone kept of a household removed on the server goes too
      store.remove("drafts", removed.dataset.removed);
      store.remove("households", removed.dataset.removed);
    }
    search.addEventListener("input", narrow);
    state.addEventListener("change", function () { if (state.value === "outbox") narrow(); else filter.submit(); });
    document.addEventListener("field:worklist", mark);
    mark();
  }
})();
