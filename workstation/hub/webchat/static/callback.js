// "Vil du heller bli ringt opp?": the young person leaves a number and when to ring.
// One short connection to /v1/contact sends {"type":"callback"} (docs/chat.md); the number
// is never kept by the page (not in sessionStorage, and the form is emptied once sent).

import { newId } from "./link.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const ANSWER_MS = 10000;

// What the hub's refusal means for the young person, in one sentence.
function problem(answer) {
  if (answer.code === "bad_frame" && answer.field === "number") return "cb.err.number";
  if (answer.code === "rate_limited") return "open.rate_limited";
  return "cb.err.failed";
}

function request(url, frame) {
  // Resolves with the hub's answer (or {code: "offline"}), then closes the socket.
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const done = (answer) => {
      clearTimeout(timer);
      ws.onclose = null;
      ws.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done({ code: "offline" }), ANSWER_MS);
    ws.onopen = () => ws.send(JSON.stringify(frame));
    ws.onmessage = (m) => {
      const answer = JSON.parse(m.data);
      if (answer.re === frame.id) done(answer);
    };
    ws.onclose = () => done({ code: "offline" });
  });
}

export class CallbackForm {
  // show(name): switch screens; sent(): called once the hub has stored the request.
  constructor(url, { show, current, lang, sent }) {
    this.url = url;
    this.show = show;
    this.current = current;
    this.lang = lang;
    this.sent = sent;
    this.from = null;
    this.done = false;
    for (const link of document.querySelectorAll(".callback-link")) {
      link.addEventListener("click", () => this.open());
    }
    $("cb-back").addEventListener("click", () => this.back());
    $("callback-form").addEventListener("submit", (e) => { e.preventDefault(); this.submit(); });
  }

  open() {
    this.from = this.current();
    this.show("callback-screen");
    $("callback-title").focus();
  }

  back() {
    this.error("");
    this.show(this.from || "start-screen");
  }

  error(key) {
    // A key of i18n.js (kept, so a change of language says it again), or "" for none.
    this.errorKey = key;
    const box = $("cb-error");
    box.textContent = key ? t(key) : "";
    box.hidden = !key;
    $("cb-number").setAttribute("aria-invalid", key ? "true" : "false");
  }

  async submit() {
    const number = $("cb-number").value.trim();
    if (!number) {
      this.error("cb.err.empty");
      $("cb-number").focus();
      return;
    }
    const chosen = document.querySelector("input[name=may_say_who]:checked");
    const frame = {
      type: "callback", id: newId(), number, window: $("cb-window").value,
      may_say_who: chosen !== null && chosen.value === "yes", lang: this.lang(),
    };
    $("cb-send").disabled = true;
    this.error("");
    const answer = await request(this.url, frame);
    $("cb-send").disabled = false;
    if (answer.type !== "ok") {
      this.error(problem(answer));
      $("cb-number").focus();
      return;
    }
    this.done = true;
    this.window = frame.window;
    $("callback-form").reset();
    this.relabel();
    this.show("callback-sent-screen");
    $("callback-sent-title").focus();
    this.sent();
  }

  relabel() {
    if (this.done) $("callback-sent-when").textContent = t(`cb.when.${this.window}`);
    if (this.errorKey) this.error(this.errorKey);
  }
}
