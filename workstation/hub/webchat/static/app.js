// The chat page: screens, transcript, composer and the quick exit.
// Text from the conversation is only ever set with textContent, never as HTML.

import { ContactLink, forgetBrowser } from "./link.js";
import { installQuickExit } from "./quickexit.js";
import { installThemeToggle } from "./theme.js";
import { clock, installLanguagePicker, lang, t } from "./i18n.js";
import { CallbackForm } from "./callback.js";

const $ = (id) => document.getElementById(id);
const TYPING_SHOWN_MS = 6000;
const screens = [
  "start-screen", "chat-screen", "closed-screen", "end-screen", "callback-screen",
  "callback-sent-screen", "blocked-screen",
];

const SEND_ERRORS = ["too_large", "rate_limited", "conflict"];

function endText(reason) {
  return ["contact_left", "staff_closed", "gone"].includes(reason) ? t(`end.${reason}`) : "";
}

function show(name) {
  for (const id of screens) $(id).hidden = id !== name;
}

function shown() {
  return screens.find((id) => !$(id).hidden);
}

function wsUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/v1/contact`;
}

// The chat's status as the page carries it (JSON, text only), or null.
function embeddedStatus() {
  try {
    return JSON.parse($("chat-status")?.textContent || "null");
  } catch {
    return null;
  }
}

function serviceItem(service) {
  const item = document.createElement("li");
  const name = document.createElement("strong");
  name.textContent = service.name;
  const about = document.createElement("span");
  about.textContent = service.description;
  item.append(name, about);
  for (const [label, value] of [[t("phone"), service.phone], [t("web"), service.web]]) {
    if (!value) continue;
    const line = document.createElement("span");
    line.className = "reach";
    line.textContent = `${label}: ${value}`;
    item.append(line);
  }
  return item;
}

// A reload opens at the top, where the quick exit and the screen's title are, not wherever
// the last page was scrolled to (half a button under the sticky bar).
history.scrollRestoration = "manual";

class ChatPage {
  constructor() {
    // First of all, so that nothing below can keep the quick exit from working.
    installQuickExit($("quick-exit"), document.body.dataset.exitUrl, () => {
      if (!this.link) return;
      this.link.leave("quick_exit");
      this.link.close();
      this.link.forget();
      forgetBrowser();
    });
    this.shown = new Map(); // client id -> the line showing our own message
    this.position = 0;
    this.offer = null;
    this.link = new ContactLink(wsUrl(), {
      state: (s) => this.state(s),
      queue: (p) => this.queue(p),
      wait: (m) => this.wait(m),
      typing: (author) => this.typing(author),
      feedback: (stored) => this.feedbackAnswered(stored),
      event: (e) => this.event(e),
      sendError: (id, code) => this.sendError(id, code),
      openError: (code) => this.openError(code),
      ended: (reason) => this.ended(reason),
      blocked: (text, service) => this.blocked(text, service),
      returnCode: (code, at) => this.returnCode(code, at),
      returning: (r) => this.returning(r),
      chosen: (waiting) => this.chosen(waiting),
    });
    $("return-wait").addEventListener("click", () => this.link.choose(true));
    $("return-next").addEventListener("click", () => this.link.choose(false));
    $("start-form").addEventListener("submit", (e) => { e.preventDefault(); this.start(); });
    $("composer").addEventListener("submit", (e) => { e.preventDefault(); this.send(); });
    $("message").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      }
    });
    $("leave").addEventListener("click", () => this.link.leave());
    $("again").addEventListener("click", () => this.again());
    $("feedback").addEventListener("submit", (e) => { e.preventDefault(); this.sendFeedback(); });
    this.callback = new CallbackForm(wsUrl(), {
      show, current: shown, lang,
      // Rung back instead of waiting: the place in the chat queue is given up.
      sent: () => { if (this.link.resumable) this.link.leave(); },
    });
    installThemeToggle($("theme"));
    installLanguagePicker($("lang"), () => this.relabel());
    if (this.link.resumable) {
      show("chat-screen");
      this.link.resume();
    }
    // The status comes in the page (as the hub had it this minute); asked for only when not.
    const carried = embeddedStatus();
    if (carried) this.status(carried);
    else {
      fetch("/chat/status", { cache: "no-store", credentials: "omit" })
        .then((r) => r.json()).then((s) => this.status(s)).catch(() => {});
    }
  }

  status(s) {
    // The other hubs of this helpline, to move to when this one is gone.
    this.link.addPeers(s.peers);
    // Who else is open now, for a closed chat or a long queue (text only, from the hub).
    this.offer = s;
    for (const id of ["closed-services", "busy-services"]) {
      $(id).replaceChildren(...s.services.map(serviceItem));
    }
    if (!s.open && !this.link.resumable) {
      $("closed-when").textContent = s.opens_at
        ? t("closed.when", { time: lang() === "en" ? s.opens_at.replace(".", ":") : s.opens_at })
        : t("closed.later");
      if (!$("start-screen").hidden) show("closed-screen");
    }
    this.showBusy();
  }

  start() {
    const about = { lang: lang() };
    if ($("age").value) about.age_band = $("age").value;
    if ($("gender").value) about.gender = $("gender").value;
    const code = $("return-code").value.trim();
    if (code) about.code = code;
    $("start").disabled = true;
    this.link.open(about);
  }

  state(s) {
    const status = $("status");
    if (s === "reconnecting") {
      status.textContent = t("reconnecting");
      status.hidden = false;
    } else {
      status.hidden = true;
      status.textContent = "";
      if (!$("start-screen").hidden) {
        show("chat-screen");
        $("message").focus();
      }
    }
  }

  relabel() {
    // The language changed: say again what the script said (the transcript stays as written).
    if (this.position) this.queue(this.position);
    if (this.waitMinutes !== undefined) this.wait(this.waitMinutes);
    if (this.returned) this.returning(this.returned, true);
    if (this.code) this.showFollowUp();
    if (this.offer) this.status(this.offer);
    if (this.endReason !== undefined) $("end-reason").textContent = endText(this.endReason);
    if (!$("status").hidden && this.link.ws === null) this.state("reconnecting");
    this.callback.relabel();
  }

  showBusy() {
    const offer = this.offer;
    const busy = offer && this.position >= offer.busy_from && offer.services.length > 0;
    $("busy").hidden = !busy;
  }

  queue(position) {
    this.position = position;
    this.showBusy();
    $("queue").hidden = false;
    $("queue-position").textContent = String(position);
    $("queue-wait").textContent = position === 1 ? t("queue.next")
      : position === 2 ? t("queue.ahead1") : t("queue.ahead", { n: position - 1 });
  }

  wait(minutes) {
    // The hub's estimate from the pace right now; null: too little to go on, so say nothing.
    this.waitMinutes = minutes;
    const estimate = $("queue-estimate");
    estimate.hidden = minutes === null || minutes === undefined;
    if (!estimate.hidden) {
      estimate.textContent = minutes > 60 ? t("wait.long") : t("wait.minutes", { n: minutes });
    }
  }

  returnCode(code, at) {
    // Given by the counsellor: shown on the end screen, only ever as text; with an agreed
    // time for the next conversation, that too (Oslo time, in the page's language).
    this.code = code;
    this.followUp = at || null;
    $("return-code-value").textContent = code;
    $("return-code-box").hidden = false;
    this.showFollowUp();
    this.line("system", t("rc.given", { code }), null);
  }

  showFollowUp() {
    const note = $("return-code-time");
    note.hidden = !this.followUp;
    if (!this.followUp) return;
    const time = new Date(this.followUp).toLocaleString(lang() === "en" ? "en-GB" : "nb-NO", {
      weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
      timeZone: "Europe/Oslo",
    });
    note.textContent = t("rc.time", { time });
  }

  returning(r, relabel = false) {
    // What became of a code given at the start (docs/returning.md); never a dead end.
    this.returned = r;
    if (!relabel) this.waiting = false;
    const name = r.counsellor || t("adult");
    const text = {
      available: "rc.available", busy: "rc.busy", away: "rc.away", off_shift: "rc.off_shift",
      unknown: "rc.unknown", rate_limited: "rc.unknown", next: "rc.released",
    }[r.status] || "rc.unknown";
    $("returning-text").textContent = t(text, { name });
    $("returning").hidden = false;
    const choose = r.status === "busy" || r.status === "away";
    $("returning-choice").hidden = !choose;
    $("return-wait").textContent = t("rc.wait", { name });
    if (r.status === "off_shift" && !relabel) this.link.choose(false);
    if (this.waiting) this.chosen(true);
  }

  chosen(waiting) {
    $("returning-choice").hidden = true;
    this.waiting = waiting;
    if (!this.returned || !waiting) return;
    $("returning-text").textContent = t("rc.waiting", { name: this.returned.counsellor || t("adult") });
  }

  typing(author) {
    // Shown for a few seconds after each signal; the counsellor's message ends it at once.
    const note = $("typing");
    note.textContent = t("typing", { name: author || t("adult") });
    note.hidden = false;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => { note.hidden = true; }, TYPING_SHOWN_MS);
  }

  event(e) {
    if (e.kind === "message") this.message(e);
    else if (e.kind === "assigned") {
      $("queue").hidden = true;
      this.line("system", t("assigned", { name: e.counsellor }), e.at);
    } else if (e.kind === "closed") this.ended(e.reason);
  }

  message(e) {
    if (e.from === "contact") {
      const mine = this.shown.get(e.client_id);
      if (mine) {
        mine.classList.remove("pending");
        delete mine.querySelector(".time").dataset.state;
        return;
      }
      this.shown.set(e.client_id, this.line("contact", e.text, e.at));
    } else {
      clearTimeout(this.typingTimer);
      $("typing").hidden = true;
      this.line("staff", e.text, e.at, e.author);
    }
  }

  line(kind, text, at, author) {
    const item = document.createElement("div");
    item.className = `line ${kind}`;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = kind === "contact" ? t("you") : kind === "staff" ? (author || "Alarmtelefonen") : "";
    const body = document.createElement("p");
    body.className = "text";
    body.textContent = text;
    const time = document.createElement("span");
    time.className = "time";
    time.textContent = clock(at ? new Date(at) : new Date());
    if (kind !== "system") item.append(who);
    item.append(body, time);
    const log = $("transcript");
    log.append(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  send() {
    const box = $("message");
    const text = box.value;
    if (!text.trim()) return;
    $("send-error").hidden = true;
    const id = this.link.send(text);
    const item = this.line("contact", text, null);
    item.classList.add("pending");
    item.querySelector(".time").dataset.state = t("sending");
    this.shown.set(id, item);
    box.value = "";
  }

  sendError(id, code) {
    const item = this.shown.get(id);
    if (item) {
      item.classList.remove("pending");
      item.classList.add("failed");
      item.querySelector(".time").dataset.state = t("notsent");
    }
    $("send-error").textContent = t(SEND_ERRORS.includes(code) ? `err.${code}` : "err.send");
    $("send-error").hidden = false;
  }

  blocked(text, service) {
    // The hub's kind answer (Norwegian, plain text): 112/113 and another service.
    $("blocked-text").textContent = text;
    $("blocked-services").replaceChildren(...(service ? [serviceItem(service)] : []));
    show("blocked-screen");
  }

  openError(code) {
    $("start").disabled = false;
    const status = $("status");
    status.textContent = t(code === "rate_limited" ? "open.rate_limited" : "open.failed");
    status.hidden = false;
  }

  ended(reason) {
    this.endReason = reason;
    this.link.forget();
    if (this.callback.done) return; // left the queue to be rung back: that screen stays
    $("status").hidden = true;
    $("end-reason").textContent = endText(reason);
    $("feedback").hidden = reason === "gone"; // nothing left to give feedback on
    show("end-screen");
    $("end-title").focus();
  }

  sendFeedback() {
    const form = $("feedback");
    const answers = {};
    for (const name of ["helped", "again"]) {
      const chosen = form.querySelector(`input[name=${name}]:checked`);
      if (chosen) answers[name] = chosen.value;
    }
    if (!this.link.feedback(answers)) this.feedbackAnswered(false);
  }

  feedbackAnswered(stored) {
    $("feedback").hidden = stored;
    const thanks = $("feedback-thanks");
    thanks.textContent = t(stored ? "fb.thanks" : "fb.lost");
    thanks.hidden = false;
  }

  again() {
    this.endReason = undefined;
    this.returned = undefined;
    $("returning").hidden = true;
    $("return-code-box").hidden = true;
    this.code = undefined;
    this.followUp = null;
    $("return-code").value = "";
    this.position = 0;
    this.link.close();
    $("feedback").reset();
    $("feedback").hidden = false;
    $("feedback-thanks").hidden = true;
    $("transcript").textContent = "";
    this.shown.clear();
    $("start").disabled = false;
    show("start-screen");
  }
}

new ChatPage();
