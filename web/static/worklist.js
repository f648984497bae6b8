// The work list kept on the phone (/app): the households of the enumerator's EAs from IndexedDB,
// searchable by address, head's name and number, filtered by state or "waiting to be sent".
// Refreshed from the server by field.js whenever the app is online.
(function () {
  "use strict";
  const app = document.getElementById("worklist-app");
  if (!app || !window.FieldStore) return;
  const texts = JSON.parse(document.body.dataset.texts || "{}");
  const search = document.getElementById("worklist-search");
  const state = document.getElementById("worklist-state");
  const rows = document.querySelector("#worklist-table tbody");
  app.hidden = false;

  function cell(text) { const td = document.createElement("td"); td.textContent = text || ""; return td; }

  async function draw() {
    const households = await window.FieldStore.all("households");
    const outbox = new Set((await window.FieldStore.all("outbox")).map(function (i) { return i.key; }));
    const meta = await window.FieldStore.get("meta", "worklist");
    document.getElementById("worklist-freshness").textContent =
      households.length ? (meta ? meta.at.slice(0, 16).replace("T", " ") + " UTC" : "") : (texts.no_households || "");
    const words = search.value.trim().toLowerCase();
    rows.textContent = "";
    for (const h of households) {
      const key = h.ea_id + "/" + h.hh_no;
      const listing = h.listing || {};
      const address = (listing.building_no || "") + "-" + (listing.unit_no || "");
      const haystack = [h.hh_no, address, listing.head_name || "", h.ea_id].join(" ").toLowerCase();
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
      tr.append(first, cell(address), cell(listing.head_name),
        cell((h.state_label || "") + (outbox.has(key) ? " · " + (texts.not_sent || "") : "")));
      rows.append(tr);
    }
  }
  search.addEventListener("input", draw);
  state.addEventListener("change", draw);
  document.addEventListener("field:worklist", draw);
  draw();
})();
