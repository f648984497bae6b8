// The roster table and the review page of the household form's sections (sections.js).
// The roster: one row per person, its columns the questionnaire's name, relationship, sex and age
// as the server renders them (#roster-template); it follows every answer typed, and tapping a row
// opens that person's section. It shows on the household's section and on the review page.
// The review page lists every open error and warning: the device's checks (field.js) and the
// server's findings beside the questions and from its live check, each a link that opens the
// question's section and focuses it. Submit is on the review page.
(function () {
  "use strict";
  const form = document.getElementById("household-form");
  const sections = window.FormSections;
  const template = document.getElementById("roster-template");
  if (!form || !sections || !template) return;
  const household = form.querySelector(".household");
  const review = sections.review;

  const say = sections.say;
  const el = sections.el;
  function clean(text) { return text.replace(/\s+/g, " ").trim(); }
  function people() { return Array.from(form.querySelectorAll("#persons > .person")); }

  // --- the roster table -------------------------------------------------------------------------
  function rosterBox(id) {
    const box = el("div", { class: "roster", id: id });
    box.append(el("p", { class: "roster-caption" }, say("roster")));
    box.append(template.content.firstElementChild.cloneNode(true));
    return box;
  }
  const rosters = [rosterBox("roster-household"), rosterBox("roster-review")];
  household.append(rosters[0]);
  const columns = Array.from(rosters[0].querySelectorAll("th[data-item]"), function (th) { return th.dataset.item; });

  // What a person answered, as the form shows it: a code's label, a number, a text, or the
  // derived value (age from the birth year and month, computed as form.js does).
  function shown(person, name) {
    const field = person.querySelector('.field[data-item="' + name + '"]');
    if (field) {
      if (field.hidden) return "";
      const checked = field.querySelector("input[type=radio]:checked");
      if (checked) return clean(checked.closest("label").textContent);
      const select = field.querySelector("select");
      if (select) {
        const option = select.selectedOptions[0];
        if (!option || option.value === "") return "";
        const text = clean(option.textContent);  // "<code> <label>"
        return text.startsWith(option.value + " ") ? text.slice(option.value.length + 1) : text;
      }
      const input = field.querySelector("input:not([type=hidden]):not([type=radio])");
      return input ? input.value.trim() : "";
    }
    const value = window.HouseholdForm ? window.HouseholdForm.value(person, name) : null;
    return value === null || value === undefined ? "" : String(value);
  }

  function drawRoster() {
    for (const box of rosters) {
      const body = box.querySelector("tbody");
      body.textContent = "";
      for (const person of people()) {
        const row = el("tr", { "data-line": person.dataset.line });
        const cell = el("td");
        cell.append(el("button", { type: "button", class: "link open-person" }, person.dataset.line));
        row.append(cell);
        for (const name of columns) row.append(el("td", { "data-item": name }, shown(person, name)));
        body.append(row);
      }
      if (!body.children.length) {
        const row = el("tr");
        row.append(el("td", { colspan: String(columns.length + 1) }, say("no_persons")));
        body.append(row);
      }
    }
  }
  form.addEventListener("click", function (event) {
    const row = event.target.closest(".roster tr[data-line]");
    if (!row) return;
    const person = form.querySelector('#persons > .person[data-line="' + row.dataset.line + '"]');
    if (person) sections.reveal(person);
  });

  // --- the review page's list -------------------------------------------------------------------
  const summary = el("p", { id: "review-summary", role: "status" });
  const list = el("ul", { class: "review-issues", id: "review-issues" });
  review.append(summary, list, rosters[1]);

  function where(field) {
    const person = field.closest(".person");
    const caption = field.querySelector("legend, label");
    return (person ? clean(person.querySelector(".line-label").textContent) + " · " : "") +
      (caption ? clean(caption.textContent) : "");
  }
  function explained(field, rule) {  // a warning explained in its box is not open any more
    const person = field.closest(".person");
    const box = form.querySelector('[name="x.' + rule + "." + (person ? person.dataset.line : "0") + '"]');
    return Boolean(box && box.value.trim());
  }

  function issues() {
    const found = [];
    const seen = new Set();
    function note(field, severity, rule, text) {
      const key = field.id + "|" + (rule || text);
      if (seen.has(key) || (severity === "warning" && rule && explained(field, rule))) return;
      seen.add(key);
      found.push({ field: field, severity: severity, text: text });
    }
    for (const field of form.querySelectorAll(".field")) {
      if (field.hidden || field.closest("template")) continue;
      const device = window.FieldApp && window.FieldApp.checkField ? window.FieldApp.checkField(field) : null;
      if (device) note(field, "error", null, device + " (" + say("device") + ")");
      for (const p of field.querySelectorAll(":scope > .finding:not(.waived):not(.pointer)")) {
        const rule = p.querySelector("b");
        note(field, p.classList.contains("error") ? "error" : "warning", rule && rule.textContent, clean(p.textContent));
      }
    }
    for (const item of document.querySelectorAll("#live-checks li")) {  // the server's live check
      const link = item.querySelector('a[href^="#"]');
      const field = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
      if (field && !field.hidden) {
        note(field, item.classList.contains("error") ? "error" : "warning", clean(link.textContent), clean(item.textContent));
      }
    }
    return found;
  }

  function drawReview() {
    const found = issues();
    summary.textContent = found.length ? say("issues", { n: found.length }) : say("no_issues");
    list.textContent = "";
    for (const issue of found) {
      const item = el("li", { class: "finding " + issue.severity });
      item.append(el("a", { href: "#" + issue.field.id }, where(issue.field) + ": " + issue.text));
      list.append(item);
    }
    drawRoster();
  }

  form.addEventListener("sections:shown", function (event) {
    if (event.detail.section === review) drawReview();
    else drawRoster();
  });
  form.addEventListener("input", drawRoster);
  form.addEventListener("change", drawRoster);
  new MutationObserver(drawRoster).observe(document.getElementById("persons"), { childList: true });
  // Leaving a section asks the server's live check (field.js); its answer redraws the list.
  const live = document.querySelector("#live-checks ul");
  if (live) new MutationObserver(function () { if (sections.current() === review) drawReview(); }).observe(live, { childList: true });
  if (sections.current() === review) drawReview();
  else drawRoster();
})();
