// The page's side of /v1/contact (docs/protocol.md): open, send, leave, resume, acks.
// No DOM here: the page listens through the callbacks in `on`.
// The resume token and unacknowledged messages live in sessionStorage only, so a reload in
// the same tab resumes (from seq 0: the new page has shown nothing yet), and closing the tab
// leaves nothing behind. Within one page, a reconnect resumes after the last seq seen.
// Several hubs (docs/deploy.md): the page's own hub first, then the sibling hubs from
// /chat/status `peers`; a lost socket tries the same hub again, and each attempt that cannot
// connect moves on to the next, resuming there with the same token, after and message ids.

const KEY = "alarmtelefonen.chat";
// The per-browser token (random, in localStorage): the hub keeps only a keyed hash of it, so a
// shift lead can block an abusive browser (docs/care.md). The quick exit removes it.
const BROWSER_KEY = "alarmtelefonen.browser";
const RETRY_MS = [500, 1000, 2000, 4000, 8000];
// A hub whose machine is gone may never refuse: give up on an attempt after this long.
const OPEN_TIMEOUT_MS = 8000;

export function newId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

function browserToken() {
  try {
    let token = localStorage.getItem(BROWSER_KEY);
    if (!token) {
      token = newId() + newId();
      localStorage.setItem(BROWSER_KEY, token);
    }
    return token;
  } catch {
    return null; // storage refused (private mode): open without one
  }
}

export function forgetBrowser() {
  try {
    localStorage.removeItem(BROWSER_KEY);
  } catch {
    // nothing stored
  }
}

const CONTACT_PATH = "/v1/contact";

export class ContactLink {
  constructor(url, on) {
    this.urls = [url];
    this.index = 0; // the hub tried or used now
    this.on = on; // {state, queue, wait, typing, event, sendError, openError, ended, feedback, blocked}
    const saved = load();
    this.token = saved ? saved.token : null;
    this.after = 0;
    this.outbox = new Map(saved ? saved.outbox : []); // id -> text, in send order
    this.ws = null;
    this.pendingOpen = null;
    this.pending = new Map(); // request id -> what it was
    this.attempt = 0;
    this.stopped = false;
    this.timer = null;
  }

  get url() {
    return this.urls[this.index];
  }

  // The other hubs of this helpline (their wss: addresses), from the hub's status.
  addPeers(peers) {
    for (const peer of peers || []) {
      const url = peer.replace(/\/+$/, "") + CONTACT_PATH;
      if (!this.urls.includes(url)) this.urls.push(url);
    }
  }

  get resumable() {
    return this.token !== null;
  }

  save() {
    if (this.token === null) return;
    sessionStorage.setItem(KEY, JSON.stringify({
      token: this.token, outbox: Array.from(this.outbox),
    }));
  }

  forget() {
    this.token = null;
    this.after = 0;
    this.outbox.clear();
    sessionStorage.removeItem(KEY);
  }

  open(about) {
    this.pendingOpen = { type: "open", id: newId(), channel: "chat", lang: "nb", ...about };
    const browser = browserToken();
    if (browser) this.pendingOpen.browser = browser;
    this.connect();
  }

  resume() {
    this.connect();
  }

  connect() {
    this.stopped = false;
    clearTimeout(this.timer);
    const ws = new WebSocket(this.url);
    this.ws = ws;
    let opened = false;
    const timeout = setTimeout(() => { if (!opened) ws.close(); }, OPEN_TIMEOUT_MS);
    ws.onopen = () => {
      opened = true;
      clearTimeout(timeout);
      this.greet();
    };
    ws.onmessage = (msg) => this.receive(JSON.parse(msg.data));
    ws.onclose = () => {
      clearTimeout(timeout);
      if (this.ws !== ws) return;
      // This hub could not be reached: the next attempt goes to the next one.
      if (!opened) this.index = (this.index + 1) % this.urls.length;
      this.lost();
    };
  }

  greet() {
    this.attempt = 0;
    if (this.token !== null) {
      this.request({ type: "resume", id: newId(), resume_token: this.token, after: this.after });
    } else if (this.pendingOpen) {
      this.request(this.pendingOpen);
    }
  }

  lost() {
    this.ws = null;
    if (this.stopped) return;
    this.on.state("reconnecting");
    const base = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), base + Math.random() * base / 2);
  }

  request(frame) {
    this.pending.set(frame.id, frame);
    this.ws.send(JSON.stringify(frame));
  }

  send(text) {
    const id = newId();
    this.outbox.set(id, text);
    this.save();
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.token !== null) {
      this.request({ type: "send", id, text });
    }
    return id;
  }

  resend() {
    for (const [id, text] of this.outbox) this.request({ type: "send", id, text });
  }

  choose(wait) {
    // "Same counsellor again": wait for the one asked for by code, or take the next one.
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.token !== null) {
      this.request({ type: "return_choice", id: newId(), wait });
    }
  }

  leave(reason) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.token !== null) {
      this.request(reason ? { type: "leave", id: newId(), reason } : { type: "leave", id: newId() });
    }
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000);
    this.ws = null;
  }

  receive(frame) {
    if (frame.type === "event") return this.event(frame);
    if (frame.type === "queue") return this.on.queue(frame.position);
    if (frame.type === "typing") return this.on.typing(frame.author);
    if (frame.type === "wait") return this.on.wait(frame.minutes);
    if (frame.type === "return_code") return this.on.returnCode(frame.code, frame.follow_up_at);
    if (frame.type === "returning") return this.on.returning(frame);
    const asked = this.pending.get(frame.re);
    this.pending.delete(frame.re);
    if (!asked) return;
    if (frame.type === "ok") return this.answered(asked, frame);
    if (frame.type === "error") return this.refused(asked, frame);
  }

  answered(asked, frame) {
    if (asked.type === "open" && frame.blocked) {
      // No conversation: the hub's kind answer instead (docs/care.md).
      this.pendingOpen = null;
      this.close();
      this.on.blocked(frame.text, frame.service);
      return;
    }
    if (asked.type === "open") {
      this.pendingOpen = null;
      this.token = frame.resume_token;
      this.save();
      if (frame.returning) this.on.returning(frame.returning);
    }
    if (asked.type === "open" || asked.type === "resume") {
      this.on.state("connected");
      if (frame.position !== undefined) this.on.queue(frame.position);
      this.resend();
    } else if (asked.type === "send") {
      this.outbox.delete(asked.id);
      this.save();
    } else if (asked.type === "return_choice") {
      this.on.chosen(frame.waiting);
    } else if (asked.type === "feedback") {
      this.on.feedback(true);
      this.close();
    }
  }

  refused(asked, frame) {
    if (asked.type === "resume" && frame.code === "not_found") {
      this.forget();
      this.close();
      this.on.ended("gone");
    } else if (asked.type === "open") {
      this.pendingOpen = null;
      this.close();
      this.on.openError(frame.code);
    } else if (asked.type === "feedback") {
      this.on.feedback(false);
    } else if (asked.type === "return_choice") {
      this.on.chosen(false);
    } else if (asked.type === "send") {
      this.outbox.delete(asked.id);
      this.save();
      this.on.sendError(asked.id, frame.code);
    }
  }

  event(frame) {
    if (frame.seq <= this.after) return; // seen already (a resume overlaps)
    this.after = frame.seq;
    this.on.event(frame);
    if (frame.kind === "closed") {
      // Nothing more to resume: forget the token, keep the socket for the feedback.
      this.forget();
      this.stopped = true;
    }
  }

  feedback(answers) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.request({ type: "feedback", id: newId(), ...answers });
    return true;
  }
}
