// The QuickBooks sync operator page: plain JavaScript over the JSON endpoints beside it (api/...).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const state = { settings: null, choices: null, journalToken: null, deadIds: new Set(), deadTruncated: false };

  // ---- HTTP ----
  async function api(method, path, body) {
    const init = { method, credentials: "same-origin", headers: { "Accept": "application/json", "X-QuickBooks-Sync": "1" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch("api/" + path, init);
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error((data && (data.detail || data.title)) || ("HTTP " + response.status));
      error.status = response.status;
      error.problem = data;
      throw error;
    }
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  const when = (iso) => iso ? new Date(iso).toLocaleString() : "—";

  function notice(message, kind) {
    const box = $("notice");
    box.textContent = message;
    box.className = "notice " + (kind || "");
    box.hidden = !message;
  }

  function words(value) {
    return String(value).replace(/([a-z])([A-Z])/g, "$1 $2");
  }

  // ---- Connection ----
  async function loadConnection() {
    const c = await api("GET", "connection");
    $("company-id").textContent = c.companyId;
    const status = $("conn-status");
    status.textContent = words(c.status);
    status.className = "badge " + c.status.toLowerCase();
    $("conn-company").textContent = c.companyName ? c.companyName + (c.country ? " (" + c.country + ")" : "") : "—";
    $("conn-realm").textContent = c.realmId || "—";
    $("conn-connected-at").textContent = when(c.connectedAt);
    $("conn-expires").textContent = c.refreshTokenExpiresAt
      ? when(c.refreshTokenExpiresAt) + (c.refreshTokenHardExpiresAt ? " (at the latest " + when(c.refreshTokenHardExpiresAt) + ")" : "")
      : "—";
    const warning = c.hardExpiryWarning || c.needsReconnectReason;
    $("conn-warning").textContent = warning || "";
    $("conn-warning").hidden = !warning;
    const connected = c.status !== "NotConnected";
    $("conn-connect").textContent = connected ? "Reconnect" : "Connect to QuickBooks";
    $("conn-enabled").checked = !!c.enabled;
    $("conn-enabled").disabled = !connected;
    $("conn-disconnect").hidden = !connected;
  }

  async function setEnabled(on) {
    const problem = $("conn-problem");
    problem.hidden = true;
    try {
      await api("POST", on ? "connection/enable" : "connection/disable");
    } catch (e) {
      problem.textContent = e.message;
      problem.hidden = false;
    }
    await loadConnection();
    await loadSettings();
  }

  async function disconnect() {
    if (!confirm("Disconnect QuickBooks? Syncing stops until you connect again.")) return;
    const result = await api("POST", "connection/disconnect");
    notice(result.revoked ? "Disconnected." : "Disconnected here; Intuit did not confirm the revoke: " + (result.revokeFailure || ""), result.revoked ? "ok" : "warn");
    await loadConnection();
  }

  // ---- Settings ----
  function statusOptions(select, selected) {
    select.replaceChildren(el("option", { value: "", text: "Don't change the status" }),
      ...state.choices.statuses.map((s) => el("option", { value: s.id, text: s.name, selected: s.id === selected })));
  }

  function taxRow(row) {
    const index = $("tax-rows").children.length;
    const taxId = "tax-ro-" + index;
    const codeId = "tax-qb-" + index;
    const taxSelect = el("select", { id: taxId, "data-role": "tax", "data-field": "taxMappings[" + index + "].roAppTaxId", "aria-label": "RO App tax" },
      el("option", { value: "", text: "Choose an RO App tax" }),
      ...state.choices.taxes.map((t) => el("option", { value: t.id, text: t.name + (t.ratePercent != null ? " (" + t.ratePercent + "%)" : ""), selected: t.id === row.roAppTaxId })));
    const code = el("input", { id: codeId, "data-role": "code", "data-field": "taxMappings[" + index + "].quickBooksTaxCode", value: row.quickBooksTaxCode || "", placeholder: "QuickBooks tax code", "aria-label": "QuickBooks tax code" });
    const remove = el("button", { type: "button", class: "link danger", "aria-label": "Remove this tax row", text: "remove", onclick: () => { wrapper.remove(); renumberTaxRows(); } });
    const wrapper = el("div", { class: "tax-row" },
      el("div", {}, taxSelect, el("p", { class: "problem", "data-problem-for": "taxMappings[" + index + "].roAppTaxId", hidden: true })),
      el("span", { class: "arrow", "aria-hidden": "true", text: "→" }),
      el("div", {}, code, el("p", { class: "problem", "data-problem-for": "taxMappings[" + index + "].quickBooksTaxCode", hidden: true })),
      remove);
    $("tax-rows").append(wrapper);
  }

  function renumberTaxRows() {
    [...$("tax-rows").children].forEach((row, i) => {
      row.querySelector("[data-role=tax]").dataset.field = "taxMappings[" + i + "].roAppTaxId";
      row.querySelector("[data-role=code]").dataset.field = "taxMappings[" + i + "].quickBooksTaxCode";
      const problems = row.querySelectorAll(".problem");
      problems[0].dataset.problemFor = "taxMappings[" + i + "].roAppTaxId";
      problems[1].dataset.problemFor = "taxMappings[" + i + "].quickBooksTaxCode";
    });
  }

  function renderSettings() {
    const s = state.settings.settings;
    const checks = $("trigger-statuses");
    checks.replaceChildren(...state.choices.statuses.map((st) =>
      el("label", { class: "check" }, el("input", { type: "checkbox", name: "trigger", value: st.id, checked: s.triggerStatusIds.includes(st.id) }), " " + st.name)));
    $("payment-cashbox").replaceChildren(el("option", { value: "", text: "Don't record QuickBooks payments" }),
      ...state.choices.cashboxes.map((c) => el("option", { value: c.id, text: c.name, selected: c.id === s.paymentCashboxId })));
    $("tax-rows").replaceChildren();
    (s.taxMappings.length ? s.taxMappings : [{}]).forEach(taxRow);
    statusOptions($("map-updated"), s.invoiceUpdatedStatusId);
    statusOptions($("map-payment"), s.paymentCreatedStatusId);
    statusOptions($("map-voided"), s.invoiceVoidedStatusId);
    clearProblems();
  }

  async function loadSettings() {
    const [settings, choices] = await Promise.all([api("GET", "settings"), api("GET", "settings/choices")]);
    state.settings = settings;
    state.choices = choices;
    renderSettings();
  }

  function formBody() {
    const s = state.settings.settings;
    return {
      version: s.version,
      triggerStatusIds: [...document.querySelectorAll("input[name=trigger]:checked")].map((c) => c.value),
      paymentCashboxId: $("payment-cashbox").value || null,
      depositAccountIdsByCashboxId: s.depositAccountIdsByCashboxId,
      taxMappings: [...$("tax-rows").children]
        .map((row) => ({ roAppTaxId: row.querySelector("[data-role=tax]").value, quickBooksTaxCode: row.querySelector("[data-role=code]").value.trim() }))
        .filter((r) => r.roAppTaxId || r.quickBooksTaxCode),
      invoiceUpdatedStatusId: $("map-updated").value || null,
      paymentCreatedStatusId: $("map-payment").value || null,
      invoiceVoidedStatusId: $("map-voided").value || null,
      itemPolicy: s.itemPolicy,
      invoiceCancelledAction: s.invoiceCancelledAction,
      invoiceDeletedAction: s.invoiceDeletedAction,
      deletedPayments: s.deletedPayments,
      paymentMethodMappings: s.paymentMethodMappings,
    };
  }

  function clearProblems() {
    document.querySelectorAll("#settings-form [data-problem-for]").forEach((p) => { p.hidden = true; p.textContent = ""; });
    document.querySelectorAll("#settings-form [aria-invalid]").forEach((f) => { f.removeAttribute("aria-invalid"); f.removeAttribute("aria-describedby"); });
    $("settings-general").hidden = true;
    $("settings-general").replaceChildren();
  }

  // Every problem goes beside its field; one whose field is not on the form goes to the top of the form.
  function showProblems(problems) {
    clearProblems();
    const general = [];
    problems.forEach((p, i) => {
      let slot = document.querySelector('#settings-form [data-problem-for="' + CSS.escape(p.field) + '"]');
      if (!slot && /^triggerStatusIds\[/.test(p.field)) slot = document.querySelector('[data-problem-for="triggerStatusIds"]');
      const text = p.message + " " + p.fix;
      if (!slot) { general.push(text); return; }
      slot.id = slot.id || "problem-" + i;
      slot.textContent = (slot.textContent ? slot.textContent + " " : "") + text;
      slot.classList.toggle("warn", p.severity === "Warning");
      slot.hidden = false;
      const field = document.querySelector('#settings-form [data-field="' + CSS.escape(p.field) + '"]');
      if (field) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", slot.id);
      }
    });
    if (general.length) {
      $("settings-general").replaceChildren(...general.map((t) => el("p", { text: t })));
      $("settings-general").hidden = false;
    }
  }

  async function saveSettings(event) {
    event.preventDefault();
    const status = $("settings-status");
    status.textContent = "Saving…";
    try {
      const saved = await api("PUT", "settings", formBody());
      state.settings = saved;
      renderSettings();
      if (saved.warnings.length) showProblems(saved.warnings);
      status.textContent = "Saved.";
    } catch (e) {
      if (e.problem && e.problem.problems) {
        showProblems(e.problem.problems);
        status.textContent = "Not saved: fix the problems marked below.";
      } else if (e.problem && e.problem.errors) {
        showProblems(Object.entries(e.problem.errors).flatMap(([field, messages]) => messages.map((m) => ({ field, message: m, fix: "", severity: "Error" }))));
        status.textContent = "Not saved: " + e.message;
      } else {
        status.textContent = "Not saved: " + e.message;
      }
    }
  }

  // ---- Queue ----
  async function retry(workItemId) {
    try {
      await api("POST", "queue/" + workItemId + "/retry");
      notice("Work item " + workItemId + " is queued again.", "ok");
    } catch (e) {
      notice(e.message, "error");
    }
    await refreshWork();
  }

  // The journal offers Retry only for work the queue holds as stopped (when the queue's list is complete).
  async function refreshWork() {
    await loadQueue();
    await loadJournal(true);
  }

  async function loadQueue() {
    const q = await api("GET", "queue");
    $("queue-pending").textContent = q.pending;
    $("queue-running").textContent = q.inProgress;
    $("queue-retrying").textContent = q.retrying.length;
    $("queue-dead").textContent = q.dead;
    state.deadIds = new Set(q.deadItems.map((w) => w.id));
    state.deadTruncated = q.dead > q.deadItems.length;
    const rows = [...q.retrying, ...q.deadItems].map((w) => el("tr", {},
      el("td", { text: w.kind + " · " + w.subject }),
      el("td", {}, el("span", { class: "badge " + (w.state === "DeadLettered" ? "dead" : "retrying"), text: w.state === "DeadLettered" ? "Stopped" : "Retrying at " + when(w.runAt) })),
      el("td", { text: String(w.attempts) }),
      el("td", { class: "message", text: w.lastError || "" }),
      el("td", {}, w.state === "DeadLettered" ? el("button", { type: "button", class: "button small", text: "Retry", "data-retry": w.id, onclick: () => retry(w.id) }) : null)));
    $("queue-rows").replaceChildren(...rows);
    $("queue-table").hidden = rows.length === 0;
  }

  // ---- Journal ----
  function journalRow(e) {
    const fix = e.fix ? el("div", { class: "fix", text: "Fix: " + e.fix }) : null;
    const link = e.quickBooksUrl ? el("a", { href: e.quickBooksUrl, target: "_blank", rel: "noopener noreferrer", text: "Open in QuickBooks" }) : null;
    const actions = el("td", { class: "row-actions" });
    if ((e.outcome === "Dead" || e.outcome === "Failed") && e.workItemId != null && !e.dismissed && (state.deadTruncated || state.deadIds.has(e.workItemId))) {
      actions.append(el("button", { type: "button", class: "button small", text: "Retry", "data-retry": e.workItemId, onclick: () => retry(e.workItemId) }));
    }
    if (!e.dismissed) {
      actions.append(el("button", { type: "button", class: "link small", text: "Dismiss", onclick: async () => { await api("POST", "journal/" + e.id + "/dismiss"); await loadJournal(true); } }));
    }
    return el("tr", { class: e.dismissed ? "dismissed" : "", "data-entry": e.id },
      el("td", { text: when(e.at) }),
      el("td", { text: e.roAppEntityId || "—" }),
      el("td", { text: e.operation }),
      el("td", {}, el("span", { class: "badge " + e.outcome.toLowerCase(), text: words(e.outcome) })),
      el("td", { class: "message" }, el("div", { text: e.message }), fix, link),
      actions);
  }

  async function loadJournal(reset) {
    if (reset) state.journalToken = null;
    const params = new URLSearchParams({ limit: "25", includeDismissed: String($("journal-dismissed").checked) });
    if ($("journal-outcome").value) params.set("outcome", $("journal-outcome").value);
    if ($("journal-invoice").value.trim()) params.set("invoiceId", $("journal-invoice").value.trim());
    if (!reset && state.journalToken) params.set("continuationToken", state.journalToken);
    const page = await api("GET", "journal?" + params);
    const rows = page.entries.map(journalRow);
    if (reset) $("journal-rows").replaceChildren(...rows); else $("journal-rows").append(...rows);
    state.journalToken = page.continuationToken;
    $("journal-more").hidden = !page.continuationToken;
    $("journal-empty").hidden = $("journal-rows").children.length > 0;
  }

  // ---- Invoice ----
  async function lookUp(event) {
    if (event) event.preventDefault();
    const id = $("invoice-id").value.trim();
    if (!id) return;
    const s = await api("GET", "invoices/" + encodeURIComponent(id));
    $("invoice-status").textContent = words(s.status);
    $("invoice-status").className = "badge " + s.status.toLowerCase();
    $("invoice-last").textContent = when(s.lastSyncedAt);
    $("invoice-link").replaceChildren(s.quickBooksUrl
      ? el("a", { href: s.quickBooksUrl, target: "_blank", rel: "noopener noreferrer", text: "Invoice " + s.quickBooksId + " in QuickBooks" })
      : "—");
    $("invoice-message").textContent = [s.lastMessage, s.lastFix && "Fix: " + s.lastFix].filter(Boolean).join(" ") || "—";
    $("invoice-result").hidden = false;
  }

  async function syncInvoice() {
    const id = $("invoice-id").value.trim();
    $("invoice-sync-status").textContent = "Sending…";
    try {
      const outcome = await api("POST", "invoices/" + encodeURIComponent(id) + "/sync");
      $("invoice-sync-status").textContent = words(outcome.result) + ": " + outcome.message;
    } catch (e) {
      $("invoice-sync-status").textContent = e.message;
    }
    await Promise.all([lookUp(), refreshWork()]);
  }

  // ---- Start ----
  document.addEventListener("DOMContentLoaded", async () => {
    $("conn-enabled").addEventListener("change", (e) => setEnabled(e.target.checked));
    $("conn-disconnect").addEventListener("click", disconnect);
    $("add-tax").addEventListener("click", () => { taxRow({}); $("tax-rows").lastElementChild.querySelector("select").focus(); });
    $("settings-form").addEventListener("submit", saveSettings);
    $("queue-refresh").addEventListener("click", refreshWork);
    $("journal-outcome").addEventListener("change", () => loadJournal(true));
    $("journal-dismissed").addEventListener("change", () => loadJournal(true));
    $("journal-invoice").addEventListener("change", () => loadJournal(true));
    $("journal-more").addEventListener("click", () => loadJournal(false));
    $("invoice-form").addEventListener("submit", lookUp);
    $("invoice-sync").addEventListener("click", syncInvoice);

    const query = new URLSearchParams(location.search);
    if (query.has("connected")) {
      notice("QuickBooks is connected. Choose the settings below, then switch the integration on.", "ok");
      history.replaceState(null, "", location.pathname);
    }
    try {
      await Promise.all([loadConnection(), loadSettings(), refreshWork()]);
      document.body.dataset.ready = "true";
    } catch (e) {
      notice("The QuickBooks sync could not be read: " + e.message, "error");
    }
  });
})();
