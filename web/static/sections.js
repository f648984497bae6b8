// The household form as short sections, for a phone: the household's questions, then one section
// per person, then a review page (web/static/review.js fills it), one at a time, with Back/Next,
// a list of the sections and the progress ("Section 2 of 6", required questions answered).
// The sections are the form's own parts as the server renders them (.household, #persons
// .person); nothing here names a question. Enter moves to the next question of the section and
// at its end to the next section; a link to a question (#f-...) opens its section and focuses it.
// Without JavaScript none of this runs: the form is the one long page the server renders.
(function () {
  "use strict";
  const form = document.getElementById("household-form");
  const household = form ? form.querySelector(".household") : null;
  const persons = document.getElementById("persons");
  if (!form || !household || !persons) return;
  const texts = JSON.parse(form.dataset.texts || "{}");
  const fieldset = form.querySelector("fieldset.bare") || form;
  const add = document.getElementById("add-person");
  const submit = document.getElementById("submit");
  let current = household;
  let currentIndex = 0;

  function say(key, params) {
    let text = texts[key] || key;
    for (const [k, v] of Object.entries(params || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  document.documentElement.classList.add("sectioned");
  // Explanations of warnings that name no question belong to the household's section.
  const heading = household.querySelector("h2");
  for (const box of Array.from(fieldset.querySelectorAll(":scope > .explain")).reverse()) heading.after(box);

  const review = el("section", { class: "card review-section", id: "review-section", tabindex: "-1" });
  review.append(el("h2", {}, say("review")));
  (form.querySelector(".actions") || add || persons).before(review);

  const nav = el("nav", { class: "section-nav", "aria-label": say("steps") });
  const steps = el("ol", { class: "steps", id: "section-steps" });
  const bar = el("div", { class: "section-bar" });
  const back = el("button", { type: "button", class: "secondary", id: "section-back" }, "‹ " + say("back"));
  const next = el("button", { type: "button", class: "primary", id: "section-next" }, say("next") + " ›");
  const progress = el("p", { id: "section-progress" });  // not live: it changes with each answer
  bar.append(back, progress, next);
  nav.append(steps);
  form.insertBefore(bar, form.firstChild);  // a child of the form: it sticks while the form scrolls
  form.insertBefore(nav, bar);

  function people() { return Array.from(persons.querySelectorAll(":scope > .person")); }
  function sections() { return [household, ...people(), review]; }
  function keyOf(section) {
    if (section === household) return "h";
    if (section === review) return "review";
    return "p" + section.dataset.line;
  }
  function titleOf(section) {
    if (section === review) return say("review");
    const parts = section.querySelectorAll("h2, .line-label, .head-label:not([hidden])");
    return Array.from(parts, function (p) { return p.textContent.replace(/\s+/g, " ").trim(); }).join(" ");
  }

  function answered(field) {
    for (const input of field.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      if (input.type === "radio" || input.type === "checkbox") { if (input.checked) return true; }
      else if (input.value.trim() !== "") return true;
    }
    return false;
  }
  function required(scope) {  // the required questions that apply (not skipped)
    return Array.from(scope.querySelectorAll(".field[data-required]")).filter(function (f) { return !f.hidden; });
  }

  function drawProgress() {
    const all = sections();
    const asked = required(form);
    const done = asked.filter(answered).length;
    progress.textContent = "";
    progress.append(el("b", {}, say("progress", { n: currentIndex + 1, total: all.length, title: titleOf(current) })));
    progress.append(el("span", { id: "required-progress" }, say("answered", { done: done, total: asked.length })));
    for (const button of steps.querySelectorAll("button")) {
      const section = all.find(function (s) { return keyOf(s) === button.dataset.section; });
      if (!section || section === review) continue;
      const mine = required(section);
      button.classList.toggle("complete", mine.length > 0 && mine.every(answered));
    }
  }

  function drawSteps() {
    steps.textContent = "";
    for (const section of sections()) {
      const key = keyOf(section);
      const label = section === household ? say("household") : section === review ? say("review_step") : section.dataset.line;
      const button = el("button", { type: "button", "data-section": key, title: titleOf(section) }, label);
      if (section === current) button.setAttribute("aria-current", "step");
      const item = el("li");
      item.append(button);
      steps.append(item);
    }
  }

  function focusables(scope) {
    return Array.from(scope.querySelectorAll("input:not([type=hidden]), select, textarea"))
      .filter(function (i) { return !i.disabled && !i.closest("[hidden]") && i.tabIndex >= 0; });
  }
  function inputOf(target) {
    if (target.matches("input, select, textarea")) return target;
    const choices = focusables(target);
    return choices.find(function (i) { return i.checked; }) || choices[0] || null;
  }

  function sync() {  // only the current section shows (a person just added is hidden too)
    const all = sections();
    currentIndex = all.indexOf(current);
    for (const s of all) s.hidden = s !== current;
    back.disabled = currentIndex === 0;
    next.hidden = current === review;
    if (submit) submit.hidden = current !== review;
    if (add) add.hidden = current === review;
    drawSteps();
    drawProgress();
  }

  // Show one section. `focus`: an element to focus in it, true for its first question, false for
  // nothing (the page opening), or none: its heading, so a screen reader says where it is.
  function show(section, focus) {
    current = sections().indexOf(section) < 0 ? household : section;
    sync();
    form.dispatchEvent(new CustomEvent("sections:shown", { detail: { section: current } }));
    if (focus === false) return;
    nav.scrollIntoView({ block: "start" });
    const target = focus === true ? focusables(current)[0] : focus ? inputOf(focus) : null;
    if (target) {
      target.focus();
      target.scrollIntoView({ block: "center" });
    } else {
      const h = current.querySelector("h2, h3");
      if (h) { h.tabIndex = -1; h.focus({ preventScroll: true }); }
    }
  }
  function move(by, focus) {
    const all = sections();
    const to = all[Math.max(0, Math.min(all.length - 1, currentIndex + by))];
    if (to !== current) show(to, focus);
  }

  // Open the section holding an element of the form (a question, a person) and focus it.
  function reveal(target) {
    const section = sections().find(function (s) { return s.contains(target); });
    if (!section) return false;
    const field = target.closest(".field") || target;
    show(section, field.classList.contains("person") ? true : field);
    return true;
  }

  back.addEventListener("click", function () { move(-1); });
  next.addEventListener("click", function () { move(1); });
  steps.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-section]");
    if (!button) return;
    const section = sections().find(function (s) { return keyOf(s) === button.dataset.section; });
    if (section) show(section);
  });

  // Any link to a question (the findings at the top, the device's and the server's checks, the
  // review page's list) opens the question's section.
  document.addEventListener("click", function (event) {
    const link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (target && form.contains(target) && reveal(target)) event.preventDefault();
  });

  // Enter (the phone's "Go") moves to the next question of the section, never posts the form;
  // at the section's last question it opens the next section at its first question.
  form.addEventListener("keydown", function (event) {
    const tag = event.target.tagName;
    if (event.key !== "Enter" || tag === "TEXTAREA" || tag === "BUTTON" || !current.contains(event.target)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const all = focusables(current);
    const later = all.slice(all.indexOf(event.target) + 1).filter(function (i) {
      return !(event.target.type === "radio" && i.name === event.target.name);  // past its choices
    });
    if (later.length) later[0].focus();
    else move(1, true);
  }, true);

  // A person added by a tap opens their section; a person removed closes theirs; a person put
  // back (undo, a draft restored) gets theirs again. form.js and field.js do the adding.
  form.addEventListener("click", function (event) {
    if (event.isTrusted && event.target.closest("#add-person")) {
      const added = people().pop();
      if (added) show(added, true);
    }
  });
  new MutationObserver(function () {
    if (!current.isConnected) {
      const all = sections();
      show(all[Math.max(0, Math.min(currentIndex - 1, all.length - 2))]);
    } else {
      sync();
    }
  }).observe(persons, { childList: true });
  form.addEventListener("input", drawProgress);
  form.addEventListener("change", drawProgress);

  // review.js draws the roster and the list of findings with the same words and elements.
  window.FormSections = {
    show: show, reveal: reveal, current: function () { return current; }, review: review, say: say, el: el,
  };

  // Where to start: the question the address names, the review page after a submission that
  // left something to correct, else the household.
  function start() {
    const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target && form.contains(target) && reveal(target)) return;
    const open = form.querySelector(".field .finding.error:not(.waived), .field .finding.warning:not(.waived)");
    const sent = new URLSearchParams(location.search).get("notice") === "sent";
    show(sent && open ? review : household, false);
  }
  start();
})();
