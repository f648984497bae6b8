// The household form, live: skip logic from the questionnaire's universes and roster rows added
// or removed in place. Without this script the same happens by server round trips.
(function () {
  "use strict";
  const form = document.getElementById("household-form");
  if (!form) return;
  document.documentElement.classList.add("js");
  const config = JSON.parse(form.dataset.config || "{}");
  const reference = config.reference || {};
  const rules = new Map();  // universe as carried in data-universe → its tree (see expr.js)

  function test(text) {
    if (!rules.has(text)) rules.set(text, SurveyExpr.parse(text));
    const tree = rules.get(text);
    return function (v) { return SurveyExpr.evaluate(tree, v); };
  }

  // The typed value of an item inside `scope` (a person section or the household card), or null
  // when blank, unreadable, or outside its own universe.
  function valueIn(scope, name) {
    const field = scope.querySelector('.field[data-item="' + name + '"]');
    if (!field || field.hidden) return null;
    const inputs = field.querySelectorAll("input, select");
    let raw = "";
    let type = "text";
    for (const input of inputs) {
      type = input.dataset.type || type;
      if (input.type === "radio") { if (input.checked) raw = input.value; }
      else raw = input.value;
    }
    raw = String(raw).trim();
    if (raw === "") return null;
    if (type === "integer" || type === "number") {
      const n = Number(raw);
      return Number.isFinite(n) ? n : null;
    }
    return raw;
  }

  function derive(scope, name) {
    for (const d of config.derived || []) {
      if (d.name !== name) continue;
      if (d.kind === "age") {
        const year = valueIn(scope, d.from[0]);
        const month = valueIn(scope, d.from[1]);
        if (year === null || month === null) return null;
        return reference.year - year - (month >= reference.month ? 1 : 0);
      }
    }
    return undefined;
  }

  function accessor(scope) {
    const household = form.querySelector(".household");
    const keys = config.keys || {};
    return function (name) {
      if (Object.prototype.hasOwnProperty.call(keys, name)) return keys[name];
      if (name === "line_no" && scope.dataset.line) return Number(scope.dataset.line);
      const derived = derive(scope, name);
      if (derived !== undefined) return derived;
      if (scope.querySelector('.field[data-item="' + name + '"]')) return valueIn(scope, name);
      return valueIn(household, name);
    };
  }

  function apply() {
    const scopes = [form.querySelector(".household"), ...form.querySelectorAll("#persons .person")];
    // Twice: hiding one field can take another out of its universe.
    for (let pass = 0; pass < 3; pass++) {
      let changed = false;
      for (const scope of scopes) {
        const v = accessor(scope);
        for (const field of scope.querySelectorAll(".field[data-universe]")) {
          let show = false;
          try { show = Boolean(test(field.dataset.universe)(v)); } catch (e) { show = true; }
          if (field.hidden === show) {
            field.hidden = !show;
            for (const input of field.querySelectorAll("input, select, textarea")) input.disabled = !show;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
  }

  function renumber() {
    const people = form.querySelectorAll("#persons .person");
    people.forEach(function (person, index) {
      const line = index + 1;
      person.dataset.line = String(line);
      person.querySelector(".line-label").textContent =
        person.querySelector(".line-label").textContent.replace(/\d+|__N__/, String(line));
      person.querySelector(".head-label").hidden = line !== 1;
      for (const el of person.querySelectorAll("[name], [id], [for]")) {
        for (const attr of ["name", "id", "for"]) {
          const value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(/^(f-)?p(\d+|__N__)([.-])/, "$1p" + line + "$3"));
        }
      }
      // The person's explanations of warnings (x.RULE.LINE) move with them.
      for (const box of person.querySelectorAll('[name^="x."]')) {
        box.name = box.name.replace(/^x\.([^.]+)\.\d+$/, "x.$1." + line);
      }
      const remove = person.querySelector("button.remove");
      if (remove) remove.value = String(line);
    });
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.id === "add-person") {
      event.preventDefault();
      const template = document.getElementById("person-template");
      const person = template.content.firstElementChild.cloneNode(true);
      document.getElementById("persons").appendChild(person);
      renumber();
      apply();
      const first = person.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    } else if (button.classList.contains("remove")) {
      event.preventDefault();
      button.closest(".person").remove();
      renumber();
      apply();
    }
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
  // For the roster table (review.js): an answer or derived variable (age) of a person section.
  window.HouseholdForm = { value: function (scope, name) { return accessor(scope)(name); } };
})();
