/*
 * The council documents assistant as a chat widget for any intranet page:
 *
 *   <script src="https://HOST/widget.js" data-api="https://HOST" defer></script>
 *
 * Adds a launcher button and a chat panel inside a shadow root, so the host page's styles
 * neither reach in nor leak out. Answers stream from POST {api}/ask/stream (server-sent
 * events); citations link to {api}/documents/{id}/file#page=N and show their quote on hover or
 * focus; glossary terms explain themselves the same way. Plain JavaScript, no build step.
 */
(() => {
  "use strict";

  const script =
    document.currentScript || document.querySelector('script[src*="widget.js"][data-api]');
  if (!script || document.querySelector("council-assistant")) return;
  const API = (script.dataset.api || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  const DRAFT_KEY = "council-assistant:draft";

  const STYLE = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    .root { font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
      color: #1b1b1b; }
    .launcher { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000;
      display: flex; align-items: center; gap: .5rem; padding: .75rem 1.1rem;
      border: 2px solid #0b3d91; border-radius: 2rem; background: #0b3d91; color: #fff;
      font: inherit; font-weight: 600; cursor: pointer; box-shadow: 0 2px 8px rgb(0 0 0 / .3); }
    .launcher:hover { background: #072a66; }
    button:focus-visible, a:focus-visible, textarea:focus-visible, .log:focus-visible {
      outline: 3px solid #ffbf47; outline-offset: 2px; box-shadow: 0 0 0 5px #1b1b1b; }
    .panel { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483001;
      width: min(26rem, calc(100vw - 2rem)); height: min(40rem, calc(100vh - 2rem));
      display: flex; flex-direction: column; background: #fff; color: #1b1b1b;
      border: 1px solid #505a5f; border-radius: .5rem; box-shadow: 0 4px 24px rgb(0 0 0 / .35);
      overflow: hidden; }
    .panel[hidden], .launcher[hidden], [hidden] { display: none !important; }
    @media (max-width: 30rem), (max-height: 34rem) {
      .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; border-radius: 0; }
    }
    @media (max-height: 34rem) {
      .hint { display: none; }
      header { padding: .25rem .75rem; }
      h2 { font-size: 1rem; }
      textarea { min-height: 2.5rem; }
    }
    header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem;
      padding: .5rem .75rem; background: #0b3d91; color: #fff; }
    h2 { flex: 1 1 10rem; margin: 0; font-size: 1.05rem; line-height: 1.3; }
    header button { font: inherit; font-size: .9rem; padding: .3rem .6rem; cursor: pointer;
      color: #0b3d91; background: #fff; border: 2px solid #fff; border-radius: .25rem; }
    .log { flex: 1 1 auto; overflow-y: auto; padding: .75rem; background: #f3f2f1; }
    .empty { margin: 0; color: #3d4448; }
    .msg { position: relative; margin: 0 0 .75rem; padding: .6rem .75rem; border-radius: .5rem;
      overflow-wrap: anywhere; }
    .msg.user { background: #dce8f7; margin-left: 1.5rem; }
    .msg.assistant { background: #fff; border: 1px solid #b1b4b6; margin-right: .5rem; }
    .who { display: block; font-size: .8rem; font-weight: 700; color: #3d4448; }
    .body { white-space: pre-wrap; }
    .abstained { font-weight: 700; }
    .cite { color: #0b3d91; font-weight: 700; text-decoration: underline; }
    .term { font: inherit; color: inherit; background: none; border: 0; padding: 0; margin: 0;
      cursor: help; text-decoration: underline dotted 2px; text-underline-offset: 3px; }
    .tip { position: absolute; left: .5rem; right: .5rem; z-index: 1; padding: .5rem .6rem;
      background: #1b1b1b; color: #fff; border-radius: .25rem; font-size: .9rem;
      white-space: normal; box-shadow: 0 2px 8px rgb(0 0 0 / .4); }
    .sources { margin: .5rem 0 0; padding-left: 1.4rem; font-size: .9rem; }
    .sources a { color: #0b3d91; }
    .sources-title { margin: .5rem 0 0; font-size: .9rem; font-weight: 700; }
    form { padding: .6rem .75rem .75rem; border-top: 1px solid #b1b4b6; background: #fff; }
    label { display: block; font-weight: 700; margin-bottom: .25rem; }
    .hint { margin: 0 0 .35rem; font-size: .85rem; color: #3d4448; }
    .row { display: flex; gap: .5rem; align-items: flex-end; }
    textarea { flex: 1; min-width: 0; min-height: 3rem; max-height: 9rem; resize: vertical;
      font: inherit; color: #1b1b1b; padding: .4rem; border: 2px solid #1b1b1b;
      border-radius: .25rem; }
    .send { font: inherit; font-weight: 700; padding: .5rem 1rem; cursor: pointer;
      color: #fff; background: #00703c; border: 2px solid #00703c; border-radius: .25rem; }
    .send[aria-disabled="true"] { background: #505a5f; border-color: #505a5f; cursor: wait; }
    .error { margin: .5rem 0 0; padding: .5rem; border-left: 5px solid #d4351c;
      background: #fdf0ee; color: #1b1b1b; }
    .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
      overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  `;

  /** An element with attributes (on* keys become listeners) and children. */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  let uid = 0;
  const nextId = (prefix) => `${prefix}-${++uid}`;

  /** Server-sent events from a fetch body: calls onEvent(name, data) for each. */
  async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) name = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length) onEvent(name, JSON.parse(data.join("\n")));
      }
      if (done) return;
    }
  }

  /** Why a request failed, in words; the question stays in the box in every case. */
  async function failureMessage(response) {
    const keep = " Your question is still in the box.";
    if (!response) {
      return "The assistant could not be reached. Check your connection and try again." + keep;
    }
    let detail = "";
    try {
      detail = (await response.json()).detail || "";
    } catch {
      /* not JSON: keep the generic message */
    }
    if (response.status === 429) {
      const wait = response.headers.get("Retry-After");
      const when = wait ? `about ${wait} seconds` : "a minute";
      return `Too many questions in a short time. Wait ${when}, then try again.` + keep;
    }
    if (response.status === 401 || response.status === 403) {
      return "You are not allowed to search these documents. Ask your administrator." + keep;
    }
    if (response.status === 503) {
      return "The documents are not available just now; they may still be being indexed. " +
        "Try again later." + keep;
    }
    if (response.status === 422 || response.status === 413) {
      return (typeof detail === "string" && detail ? `The question could not be asked: ${detail}.`
        : "The question could not be asked.") + keep;
    }
    return "The assistant ran into a problem and could not answer. Try again in a moment." + keep;
  }

  const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  /**
   * The answer text cut into pieces: plain text, citation markers "[n]" and glossary terms
   * (first use of each), so that links and explanations can be put in place.
   */
  function answerPieces(text, citations, glossary) {
    const cited = new Map(citations.map((c) => [c.n, c]));
    const names = new Map();
    for (const note of glossary) {
      for (const name of [note.term, ...(note.aliases || [])]) {
        if (name && name.length > 2) names.set(name.toLowerCase(), note);
      }
    }
    const sorted = [...names.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    const termPattern = sorted.length ? `|\\b(${sorted.join("|")})\\b` : "";
    const pattern = new RegExp(`\\[(\\d+)\\]${termPattern}`, "gi");
    const pieces = [];
    const explained = new Set();
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      let piece = null;
      if (match[1] && cited.has(Number(match[1]))) {
        piece = { kind: "cite", citation: cited.get(Number(match[1])) };
      } else if (match[2]) {
        const note = names.get(match[2].toLowerCase());
        if (note && !explained.has(note.term)) {
          explained.add(note.term);
          piece = { kind: "term", text: match[2], note };
        }
      }
      if (!piece) continue;
      if (match.index > last) pieces.push({ kind: "text", text: text.slice(last, match.index) });
      pieces.push(piece);
      last = match.index + match[0].length;
    }
    if (last < text.length) pieces.push({ kind: "text", text: text.slice(last) });
    return pieces;
  }

  function whereLabel(passage) {
    const page = passage.page ? `, page ${passage.page}` : "";
    const locator = passage.locator ? `, ${passage.locator}` : "";
    return `${passage.title || passage.source}${page}${locator}`;
  }

  class Widget {
    constructor(host) {
      this.conversationId = null;
      this.busy = false;
      this.openTip = null;
      const shadow = host.attachShadow({ mode: "open" });
      if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet.prototype.replaceSync === "function") {
        const sheet = new CSSStyleSheet(); // not an inline style: host pages' CSP allows it
        sheet.replaceSync(STYLE);
        shadow.adoptedStyleSheets = [sheet];
      } else {
        shadow.append(el("style", { text: STYLE }));
      }
      this.build(shadow);
      this.input.value = sessionStorage.getItem(DRAFT_KEY) || "";
    }

    build(shadow) {
      const panelId = nextId("panel");
      const titleId = nextId("title");
      const hintId = nextId("hint");
      this.launcher = el("button", {
        class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": panelId,
        onclick: () => this.open(),
      }, el("span", { "aria-hidden": "true", text: "💬" }), "Ask the documents");
      this.log = el("div", {
        class: "log", role: "log", "aria-live": "off", "aria-label": "Conversation",
        tabindex: "0",
      });
      this.resetLog();
      this.input = el("textarea", {
        id: nextId("question"), name: "question", rows: "2", "aria-describedby": hintId,
        autocomplete: "off",
        oninput: () => sessionStorage.setItem(DRAFT_KEY, this.input.value),
        onkeydown: (e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            this.form.requestSubmit();
          }
        },
      });
      this.sendButton = el("button", { class: "send", type: "submit" }, "Ask");
      this.error = el("p", { class: "error", role: "alert", hidden: true });
      this.status = el("div", { class: "sr-only", role: "status", "aria-live": "polite" });
      this.form = el("form", { onsubmit: (e) => { e.preventDefault(); this.ask(); } },
        el("label", { for: this.input.id, text: "Your question" }),
        el("p", { class: "hint", id: hintId,
          text: "Enter sends; Shift+Enter starts a new line. Answers quote the documents." }),
        el("div", { class: "row" }, this.input, this.sendButton),
        this.error);
      this.panel = el("section", {
        class: "panel", id: panelId, role: "dialog", "aria-labelledby": titleId, hidden: true,
        onkeydown: (e) => this.onKey(e),
      },
        el("header", {},
          el("h2", { id: titleId, text: "Council documents assistant" }),
          el("button", { type: "button", onclick: () => this.newConversation() },
            "New conversation"),
          el("button", { type: "button", "aria-label": "Close the assistant",
            onclick: () => this.close() }, "Close")),
        this.log, this.form, this.status);
      shadow.append(el("div", { class: "root" }, this.launcher, this.panel));
    }

    open() {
      this.panel.hidden = false;
      this.launcher.hidden = true;
      this.launcher.setAttribute("aria-expanded", "true");
      this.input.focus();
    }

    close() {
      this.hideTip();
      this.panel.hidden = true;
      this.launcher.hidden = false;
      this.launcher.setAttribute("aria-expanded", "false");
      this.launcher.focus();
    }

    onKey(event) {
      if (event.key !== "Escape") return;
      event.preventDefault();
      if (this.openTip) this.hideTip();
      else this.close();
    }

    resetLog() {
      this.log.replaceChildren(el("p", { class: "empty",
        text: "Ask about minutes, decisions, action plans or energy plans. " +
          "Every answer quotes the documents and links to the page." }));
    }

    newConversation() {
      this.conversationId = null;
      this.resetLog();
      this.hideError();
      this.announce("New conversation started.");
      this.input.focus();
    }

    announce(text) {
      this.status.textContent = "";
      setTimeout(() => { this.status.textContent = text; }, 50);
    }

    showError(text) {
      this.error.textContent = text;
      this.error.hidden = false;
    }

    hideError() {
      this.error.hidden = true;
      this.error.textContent = "";
    }

    setBusy(busy) {
      this.busy = busy;
      this.sendButton.setAttribute("aria-disabled", String(busy));
      this.sendButton.textContent = busy ? "Asking…" : "Ask";
      this.log.setAttribute("aria-busy", String(busy));
    }

    async ask() {
      const question = this.input.value.trim();
      if (this.busy) return;
      if (!question) {
        this.showError("Type a question first.");
        this.input.focus();
        return;
      }
      this.hideError();
      this.setBusy(true);
      this.log.querySelector(".empty")?.remove();
      const asked = this.message("user", "You");
      asked.append(el("div", { class: "body", text: question }));
      const reply = this.message("assistant", "Assistant");
      const body = el("div", { class: "body", text: "Searching the documents…" });
      reply.append(body);
      this.announce("Searching the documents…");
      let response = null;
      try {
        response = await fetch(`${API}/ask/stream`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
          body: JSON.stringify({ question, conversation_id: this.conversationId }),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        let result = null;
        let streamed = "";
        await readEvents(response, (name, data) => {
          if (name === "answer") {
            streamed += data.text;
            body.textContent = streamed;
            this.scrollToEnd();
          } else if (name === "done") {
            result = data;
          }
        });
        if (!result) throw new Error("the answer stopped before it was complete");
        this.conversationId = result.conversation_id;
        this.renderAnswer(reply, result);
        if (this.input.value.trim() === question) {
          this.input.value = "";
          sessionStorage.removeItem(DRAFT_KEY);
        }
        this.announce(this.spokenSummary(result));
      } catch (err) {
        asked.remove();
        reply.remove();
        const failed = response && !response.ok ? response : null;
        this.showError(await failureMessage(failed));
        this.announce("");
      } finally {
        this.setBusy(false);
      }
    }

    message(kind, who) {
      const node = el("div", { class: `msg ${kind}` }, el("span", { class: "who", text: who }));
      this.log.append(node);
      this.scrollToEnd();
      return node;
    }

    scrollToEnd() {
      this.log.scrollTop = this.log.scrollHeight;
    }

    spokenSummary(result) {
      if (result.abstained) {
        return "The documents do not answer this. " +
          `${result.nearest.length} passages you may want to look at are listed.`;
      }
      const n = result.citations.length;
      return `Answer: ${result.answer.replace(/\[\d+\]/g, "")} ${n} source${n === 1 ? "" : "s"}.`;
    }

    renderAnswer(reply, result) {
      reply.replaceChildren(el("span", { class: "who", text: "Assistant" }));
      if (result.abstained) {
        reply.append(
          el("p", { class: "abstained", text: "The documents don't answer this." }),
          el("div", { class: "body", text: result.answer }));
        if (result.nearest.length) {
          reply.append(el("p", { class: "sources-title", text: "You may want to look at:" }),
            el("ul", { class: "sources" }, ...result.nearest.map((p) =>
              el("li", {}, this.documentLink(p, whereLabel(p))))));
        }
        return;
      }
      const body = el("div", { class: "body" });
      for (const piece of answerPieces(result.answer, result.citations, result.glossary)) {
        if (piece.kind === "text") body.append(piece.text);
        else if (piece.kind === "cite") body.append(this.citationLink(reply, piece.citation));
        else body.append(this.termButton(reply, piece));
      }
      reply.append(body);
      if (result.citations.length) {
        reply.append(el("p", { class: "sources-title", text: "Sources" }),
          el("ol", { class: "sources" }, ...result.citations.map((c) =>
            el("li", { value: String(c.n) }, this.documentLink(c, whereLabel(c))))));
      }
      if (result.note) reply.append(el("p", { class: "hint", text: result.note }));
    }

    documentLink(passage, text) {
      return el("a", { href: `${API}${passage.url}`, target: "_blank", rel: "noopener" },
        text, el("span", { class: "sr-only", text: " (opens in a new tab)" }));
    }

    citationLink(reply, citation) {
      const tip = this.tip(reply, `“${citation.quote}” (${whereLabel(citation)})`);
      const link = el("a", {
        class: "cite", href: `${API}${citation.url}`, target: "_blank", rel: "noopener",
        "aria-describedby": tip.id, "data-n": String(citation.n),
      }, `[${citation.n}]`,
        el("span", { class: "sr-only", text: `, source ${citation.n}, opens in a new tab` }));
      this.hoverTip(link, tip);
      return link;
    }

    termButton(reply, piece) {
      const note = piece.note;
      const tip = this.tip(reply, `${note.term}: ${note.meaning} ${note.matters}`.trim());
      const button = el("button", {
        class: "term", type: "button", "aria-describedby": tip.id, "aria-expanded": "false",
        onclick: () => (this.openTip === tip ? this.hideTip() : this.showTip(button, tip)),
      }, piece.text);
      this.hoverTip(button, tip);
      return button;
    }

    tip(reply, text) {
      const tip = el("span", { class: "tip", role: "tooltip", id: nextId("tip"), hidden: true,
        text });
      reply.append(tip);
      return tip;
    }

    hoverTip(trigger, tip) {
      // shown on hover or focus; stays while the pointer is over it; Escape dismisses it
      const show = () => this.showTip(trigger, tip);
      const hide = () => setTimeout(() => {
        if (!trigger.matches(":hover, :focus") && !tip.matches(":hover")) this.hideTip(tip);
      }, 150);
      trigger.addEventListener("mouseenter", show);
      trigger.addEventListener("focus", show);
      trigger.addEventListener("mouseleave", hide);
      trigger.addEventListener("blur", hide);
      tip.addEventListener("mouseleave", hide);
    }

    showTip(trigger, tip) {
      if (this.openTip && this.openTip !== tip) this.hideTip();
      tip.hidden = false;
      // below the trigger, or above it when the conversation's visible area ends first
      const room = this.log.getBoundingClientRect().bottom - trigger.getBoundingClientRect().bottom;
      const above = room < tip.offsetHeight + 8 && trigger.offsetTop > tip.offsetHeight + 8;
      const top = above ? trigger.offsetTop - tip.offsetHeight - 4
        : trigger.offsetTop + trigger.offsetHeight + 4;
      tip.style.top = `${top}px`;
      if (trigger.classList.contains("term")) trigger.setAttribute("aria-expanded", "true");
      this.openTip = tip;
      this.openTrigger = trigger;
    }

    hideTip(only) {
      if (!this.openTip || (only && only !== this.openTip)) return;
      this.openTip.hidden = true;
      if (this.openTrigger?.classList.contains("term")) {
        this.openTrigger.setAttribute("aria-expanded", "false");
      }
      this.openTip = null;
      this.openTrigger = null;
    }
  }

  function start() {
    const host = document.createElement("council-assistant");
    document.body.append(host);
    new Widget(host);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
