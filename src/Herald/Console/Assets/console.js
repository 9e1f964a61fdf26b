// Herald console: progressive enhancement only. Every page works without this file (forms post, tabs are
// links, all locale panels show); with it: confirmations, locale tabs, the live template preview, copy.
(() => {
  "use strict";

  // Forms that change something irreversible ask first.
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });

  // Tabs inside a page (the editor's locales): one panel at a time, arrow keys move between tabs.
  for (const list of document.querySelectorAll("[data-tabs]")) {
    const tabs = [...list.querySelectorAll("[role=tab]")];
    const select = (tab, focus) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        const panel = document.getElementById(t.getAttribute("aria-controls"));
        if (panel) panel.hidden = !on;
      }
      if (focus) tab.focus();
    };
    tabs.forEach((t) => {
      t.addEventListener("click", () => select(t, false));
      t.addEventListener("keydown", (e) => {
        const i = tabs.indexOf(t);
        const next = e.key === "ArrowRight" ? tabs[(i + 1) % tabs.length] : e.key === "ArrowLeft" ? tabs[(i - 1 + tabs.length) % tabs.length]
          : e.key === "Home" ? tabs[0] : e.key === "End" ? tabs[tabs.length - 1] : null;
        if (next) { e.preventDefault(); select(next, true); }
      });
    });
    const selected = tabs.find((t) => t.getAttribute("aria-selected") === "true") || tabs[0];
    if (selected) select(selected, false);
  }

  // Link tabs (event categories): arrow keys move focus, Enter follows the link.
  for (const list of document.querySelectorAll(".tabs:not([data-tabs])")) {
    const tabs = [...list.querySelectorAll("a[role=tab]")];
    tabs.forEach((t, i) => t.addEventListener("keydown", (e) => {
      const next = e.key === "ArrowRight" ? tabs[(i + 1) % tabs.length] : e.key === "ArrowLeft" ? tabs[(i - 1 + tabs.length) % tabs.length] : null;
      if (next) { e.preventDefault(); next.focus(); }
    }));
  }

  // Live preview: the server renders with the real template renderer; this only asks it as you type.
  for (const panel of document.querySelectorAll("[data-preview-panel]")) {
    const title = panel.querySelector("[data-preview-title]");
    const body = panel.querySelector("[data-preview-body]");
    const outTitle = panel.querySelector("[data-preview-out-title]");
    const outBody = panel.querySelector("[data-preview-out-body]");
    const counter = panel.querySelector("[data-counter]");
    const errors = panel.querySelector("[data-preview-errors]");
    let timer = 0, seq = 0;
    const refresh = async () => {
      const mine = ++seq;
      const url = `${panel.dataset.url}&title=${encodeURIComponent(title.value)}&body=${encodeURIComponent(body.value)}`;
      try {
        const r = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
        if (mine !== seq) return;
        if (r.status === 400) { // over the preview's cap: say so instead of showing a stale preview
          const problem = await r.json();
          errors.replaceChildren(Object.assign(document.createElement("li"), { textContent: problem.detail }));
          return;
        }
        if (!r.ok) return;
        const p = await r.json();
        outTitle.textContent = p.title;
        outBody.textContent = p.body;
        const over = p.fixedBodyLength > p.max, cut = p.bodyLength > p.max;
        counter.textContent = `${p.bodyLength} / ${p.max} characters` +
          (over ? ` · fixed text is ${p.fixedBodyLength}: over ${p.max}, it will be refused` : cut ? " · will be cut with “…”" : "");
        counter.classList.toggle("over", over);
        counter.classList.toggle("cut", !over && cut);
        errors.replaceChildren(...p.errors.map((m) => Object.assign(document.createElement("li"), { textContent: m })));
      } catch { /* offline: the server checks again on save */ }
    };
    const schedule = () => { clearTimeout(timer); timer = setTimeout(refresh, 120); };
    title.addEventListener("input", schedule);
    body.addEventListener("input", schedule);
  }

  // Placeholder chips insert {{name}} where the caret was, in the field last focused.
  let lastField = null;
  document.addEventListener("focusin", (e) => {
    if (e.target.matches?.("[data-preview-title], [data-preview-body]")) lastField = e.target;
  });
  for (const chip of document.querySelectorAll("[data-insert]")) {
    chip.addEventListener("click", () => {
      const field = lastField || document.querySelector("[data-preview-panel]:not([hidden]) [data-preview-body]");
      if (!field) return;
      const at = field.selectionStart ?? field.value.length, end = field.selectionEnd ?? at;
      field.value = field.value.slice(0, at) + chip.dataset.insert + field.value.slice(end);
      field.focus();
      field.selectionStart = field.selectionEnd = at + chip.dataset.insert.length;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  // Copy buttons.
  for (const b of document.querySelectorAll("[data-copy]")) {
    b.addEventListener("click", async () => {
      const source = document.querySelector(b.dataset.copy);
      try { await navigator.clipboard.writeText(source.textContent.trim()); b.textContent = "Copied"; } catch { /* not allowed: select instead */ }
    });
  }

  // Opening the editor moves focus to it, for keyboard and screen-reader users.
  if (location.hash === "#editor") document.getElementById("editor-h")?.focus();
})();
