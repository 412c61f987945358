// The page in Bokmål (the HTML itself), Nynorsk or English. Elements with data-t="key" get
// the key's text, data-t-attr="attribute:key" an attribute; Bokmål restores the original
// nodes. Only textContent and attributes are set, never HTML. The choice lasts for the tab.

const KEY = "alarmtelefonen.lang";
export const LANGUAGES = ["nb", "nn", "en"];

// Texts the script writes (all three languages). {name}, {n} and {time} are filled in.
const DYNAMIC = {
  nb: {
    "cb.err.number": "Vi kan ikke ringe dette nummeret. Skriv et norsk telefonnummer med 8 siffer, for eksempel 912 34 567, eller et utenlandsk nummer med landskode.",
    "cb.err.empty": "Skriv telefonnummeret ditt, så vi vet hvor vi skal ringe.",
    "cb.err.failed": "Vi fikk ikke lagret nummeret ditt. Prøv igjen, eller ring oss på 116 111.",
    "cb.when.any": "Vi ringer deg så snart en av oss er ledig.",
    "cb.when.08-12": "Vi ringer deg mellom kl. 8 og 12.",
    "cb.when.12-16": "Vi ringer deg mellom kl. 12 og 16.",
    "cb.when.16-20": "Vi ringer deg mellom kl. 16 og 20.",
    "cb.when.20-23": "Vi ringer deg mellom kl. 20 og 23.",
    "wait.minutes": "Med farten akkurat nå tar det omtrent {n} min.",
    "wait.long": "Med farten akkurat nå kan det ta over en time.",
    reconnecting: "kobler til igjen…",
    "queue.next": "Du er den neste som får svar.",
    "queue.ahead1": "1 person får svar før deg. Vi svarer så fort vi kan, men vi kan ikke love et nøyaktig tidspunkt.",
    "queue.ahead": "{n} personer får svar før deg. Vi svarer så fort vi kan, men vi kan ikke love et nøyaktig tidspunkt.",
    assigned: "{name} fra Alarmtelefonen er her nå.",
    you: "Du",
    typing: "{name} skriver…",
    adult: "Den voksne",
    "closed.when": "Vi åpner igjen kl. {time}. Du er velkommen tilbake da.",
    "closed.later": "Du er velkommen tilbake senere.",
    phone: "Telefon",
    web: "Nettside",
    "err.too_large": "Meldingen er for lang (høyst 4000 tegn). Del den gjerne opp.",
    "err.rate_limited": "Du sender veldig fort. Vent litt, og prøv igjen.",
    "err.conflict": "Samtalen er avsluttet, så meldingen ble ikke sendt.",
    "err.send": "Meldingen ble ikke sendt. Prøv igjen.",
    "open.rate_limited": "Akkurat nå er det mange som prøver å komme inn. Vent litt, og prøv igjen – eller ring oss på 116 111.",
    "open.failed": "Vi fikk ikke startet chatten. Prøv igjen, eller ring oss på 116 111.",
    "end.contact_left": "Du avsluttet samtalen.",
    "end.staff_closed": "Den voksne avsluttet samtalen.",
    "end.gone": "Vi fant ikke samtalen igjen.",
    "fb.thanks": "Takk for svarene dine!",
    "fb.lost": "Svarene kom ikke fram, men takk for at du ville svare.",
    sending: "sender…",
    notsent: "ikke sendt",
    "rc.given": "Koden din for å snakke med den samme voksne igjen: {code}",
    "rc.available": "Vi sier fra til {name} at du er her. Du kan begynne å skrive med en gang.",
    "rc.busy": "{name} er i en annen samtale akkurat nå. Vi vet ikke hvor lenge den varer. Vil du vente på {name}, eller snakke med den neste som er ledig?",
    "rc.away": "{name} har en liten pause akkurat nå. Vil du vente på {name}, eller snakke med den neste som er ledig?",
    "rc.off_shift": "{name} er ikke på jobb nå. Du får snakke med den neste som er ledig – du kan gjerne fortelle hva dere snakket om sist.",
    "rc.unknown": "Vi fant ikke den koden. Kanskje den er skrevet litt feil, eller den har gått ut. Det gjør ingenting: du står i køen som vanlig, og den som svarer deg, hjelper deg gjerne.",
    "rc.released": "Du får snakke med den neste som er ledig.",
    "rc.wait": "Vent på {name}",
    "rc.time": "Dere har avtalt en ny samtale {time}. Start chatten da, og skriv koden.",
    "rc.waiting": "Du venter på {name}. Du kan begynne å skrive med en gang.",
  },
  nn: {
    "cb.err.number": "Vi kan ikkje ringje dette nummeret. Skriv eit norsk telefonnummer med 8 siffer, til dømes 912 34 567, eller eit utanlandsk nummer med landskode.",
    "cb.err.empty": "Skriv telefonnummeret ditt, så vi veit kvar vi skal ringje.",
    "cb.err.failed": "Vi fekk ikkje lagra nummeret ditt. Prøv igjen, eller ring oss på 116 111.",
    "cb.when.any": "Vi ringjer deg så snart ein av oss er ledig.",
    "cb.when.08-12": "Vi ringjer deg mellom kl. 8 og 12.",
    "cb.when.12-16": "Vi ringjer deg mellom kl. 12 og 16.",
    "cb.when.16-20": "Vi ringjer deg mellom kl. 16 og 20.",
    "cb.when.20-23": "Vi ringjer deg mellom kl. 20 og 23.",
    "wait.minutes": "Med farten akkurat no tek det omtrent {n} min.",
    "wait.long": "Med farten akkurat no kan det ta over ein time.",
    reconnecting: "koplar til igjen…",
    "queue.next": "Du er den neste som får svar.",
    "queue.ahead1": "1 person får svar før deg. Vi svarar så fort vi kan, men vi kan ikkje love eit nøyaktig tidspunkt.",
    "queue.ahead": "{n} personar får svar før deg. Vi svarar så fort vi kan, men vi kan ikkje love eit nøyaktig tidspunkt.",
    assigned: "{name} frå Alarmtelefonen er her no.",
    you: "Du",
    typing: "{name} skriv…",
    adult: "Den vaksne",
    "closed.when": "Vi opnar igjen kl. {time}. Du er velkomen tilbake då.",
    "closed.later": "Du er velkomen tilbake seinare.",
    phone: "Telefon",
    web: "Nettside",
    "err.too_large": "Meldinga er for lang (høgst 4000 teikn). Del ho gjerne opp.",
    "err.rate_limited": "Du sender veldig fort. Vent litt, og prøv igjen.",
    "err.conflict": "Samtalen er avslutta, så meldinga vart ikkje send.",
    "err.send": "Meldinga vart ikkje send. Prøv igjen.",
    "open.rate_limited": "Akkurat no er det mange som prøver å kome inn. Vent litt, og prøv igjen – eller ring oss på 116 111.",
    "open.failed": "Vi fekk ikkje starta chatten. Prøv igjen, eller ring oss på 116 111.",
    "end.contact_left": "Du avslutta samtalen.",
    "end.staff_closed": "Den vaksne avslutta samtalen.",
    "end.gone": "Vi fann ikkje samtalen igjen.",
    "fb.thanks": "Takk for svara dine!",
    "fb.lost": "Svara kom ikkje fram, men takk for at du ville svare.",
    sending: "sender…",
    notsent: "ikkje send",
    "rc.given": "Koden din for å snakke med den same vaksne igjen: {code}",
    "rc.available": "Vi seier frå til {name} at du er her. Du kan byrje å skrive med ein gong.",
    "rc.busy": "{name} er i ein annan samtale akkurat no. Vi veit ikkje kor lenge han varer. Vil du vente på {name}, eller snakke med den neste som er ledig?",
    "rc.away": "{name} har ein liten pause akkurat no. Vil du vente på {name}, eller snakke med den neste som er ledig?",
    "rc.off_shift": "{name} er ikkje på jobb no. Du får snakke med den neste som er ledig – du kan gjerne fortelje kva de snakka om sist.",
    "rc.unknown": "Vi fann ikkje den koden. Kanskje han er skriven litt feil, eller han har gått ut. Det gjer ingenting: du står i køen som vanleg, og den som svarar deg, hjelper deg gjerne.",
    "rc.released": "Du får snakke med den neste som er ledig.",
    "rc.wait": "Vent på {name}",
    "rc.time": "De har avtalt ein ny samtale {time}. Start chatten då, og skriv koden.",
    "rc.waiting": "Du ventar på {name}. Du kan byrje å skrive med ein gong.",
  },
  en: {
    "cb.err.number": "We cannot call this number. Write a Norwegian phone number with 8 digits, like 912 34 567, or a number from another country with its country code.",
    "cb.err.empty": "Write your phone number, so that we know where to call.",
    "cb.err.failed": "We could not save your number. Please try again, or call us on 116 111.",
    "cb.when.any": "We will call you as soon as one of us is free.",
    "cb.when.08-12": "We will call you between 8 and 12 o'clock.",
    "cb.when.12-16": "We will call you between 12 and 4 pm.",
    "cb.when.16-20": "We will call you between 4 and 8 pm.",
    "cb.when.20-23": "We will call you between 8 and 11 pm.",
    "wait.minutes": "At the pace right now, it takes about {n} min.",
    "wait.long": "At the pace right now, it may take over an hour.",
    reconnecting: "reconnecting…",
    "queue.next": "You are next.",
    "queue.ahead1": "1 person will be answered before you. We answer as fast as we can, but we cannot promise an exact time.",
    "queue.ahead": "{n} people will be answered before you. We answer as fast as we can, but we cannot promise an exact time.",
    assigned: "{name} from Alarmtelefonen is here now.",
    you: "You",
    typing: "{name} is writing…",
    adult: "The adult",
    "closed.when": "We open again at {time}. You are welcome back then.",
    "closed.later": "You are welcome back later.",
    phone: "Phone",
    web: "Website",
    "err.too_large": "The message is too long (4,000 characters at most). Please split it up.",
    "err.rate_limited": "You are sending very fast. Wait a little and try again.",
    "err.conflict": "The conversation has ended, so the message was not sent.",
    "err.send": "The message was not sent. Try again.",
    "open.rate_limited": "Right now many are trying to get in. Wait a little and try again – or call us on 116 111.",
    "open.failed": "We could not start the chat. Try again, or call us on 116 111.",
    "end.contact_left": "You ended the conversation.",
    "end.staff_closed": "The adult ended the conversation.",
    "end.gone": "We could not find the conversation again.",
    "fb.thanks": "Thank you for your answers!",
    "fb.lost": "Your answers did not get through, but thank you for wanting to answer.",
    sending: "sending…",
    notsent: "not sent",
    "rc.given": "Your code for talking to the same adult again: {code}",
    "rc.available": "We are telling {name} that you are here. You can start writing straight away.",
    "rc.busy": "{name} is in another conversation right now. We do not know how long it will last. Do you want to wait for {name}, or talk to the next one who is free?",
    "rc.away": "{name} is having a short break right now. Do you want to wait for {name}, or talk to the next one who is free?",
    "rc.off_shift": "{name} is not at work now. You will talk to the next one who is free – you are welcome to tell them what you talked about last time.",
    "rc.unknown": "We could not find that code. Maybe it is spelt a little differently, or it has run out. That is all right: you are in the queue as usual, and whoever answers will be glad to help.",
    "rc.released": "You will talk to the next one who is free.",
    "rc.wait": "Wait for {name}",
    "rc.time": "You have agreed on a new conversation on {time}. Start the chat then and type the code.",
    "rc.waiting": "You are waiting for {name}. You can start writing straight away.",
  },
};

// The page's own texts in Nynorsk and English (Bokmål is the HTML).
const STATIC = {
  nn: {
    "cb.link": "Vil du heller bli ringt opp?",
    "cb.link.queue": "Vil du heller bli ringt opp i staden for å vente?",
    "cb.link.closed": "Be om å bli ringt opp når vi opnar",
    "cb.title": "Vil du heller bli ringt opp?",
    "cb.intro": "Skriv telefonnummeret ditt, så ringjer ein vaksen frå Alarmtelefonen deg. Berre den som skal ringje deg, ser heile nummeret. Vi slettar det når vi har ringt, og seinast etter 48 timar.",
    "cb.number": "Telefonnummeret ditt",
    "cb.hint": "Til dømes 912 34 567. Nummer frå andre land skriv du med landskode, som +46.",
    "cb.window": "Når passar det at vi ringjer?",
    "cb.any": "Så snart som mogleg", "cb.08": "Mellom kl. 8 og 12", "cb.12": "Mellom kl. 12 og 16",
    "cb.16": "Mellom kl. 16 og 20", "cb.20": "Mellom kl. 20 og 23",
    "cb.other": "Viss ein annan tek telefonen, eller du ikkje svarar:",
    "cb.discreet": "Ikkje sei kven de er, og ikkje legg igjen beskjed.",
    "cb.say": "De kan seie at de er frå Alarmtelefonen og leggje igjen beskjed.",
    "cb.send": "Ring meg", "cb.back": "Tilbake",
    "cb.sent.title": "Vi ringjer deg",
    "cb.sent.text": "Nummeret ditt er lagra hos oss, og berre den som ringjer deg, ser det. Vi slettar det når vi har ringt, og seinast etter 48 timar. Rekk vi det ikkje innan då, er du velkomen til å spørje igjen.",
    title: "Chat – Alarmtelefonen for barn og unge",
    exit: "Rask utgang",
    "exit.title": "Lukkar chatten og går til ei anna side. Du kan òg trykkje Esc to gonger.",
    "start.title": "Chat med ein vaksen som kan hjelpe",
    "start.intro": "Her chattar du med ein vaksen frå Alarmtelefonen for barn og unge. Vi som svarar, jobbar i barnevernsvakta og har teieplikt.",
    "fact.anon": "Du kan vere anonym. Du treng ikkje seie kva du heiter, og vi ser ikkje telefonnummeret ditt.",
    "fact.act": "Er du eller eit anna barn i fare, må vi nokre gonger seie frå til barnevernet eller politiet. Då vil vi nesten alltid snakke med deg om det først.",
    "fact.exit": "Trykk Rask utgang øvst (eller Esc to gonger), så forsvinn chatten med ein gong.",
    "about.legend": "Om du vil, kan du fortelje oss litt om deg sjølv. Det er frivillig.",
    age: "Alder", "no.say": "Vil ikkje seie", "age.0": "Under 10 år", "age.10": "10–12 år",
    "age.13": "13–15 år", "age.16": "16–17 år", "age.18": "18 år eller eldre",
    gender: "Kjønn", girl: "Jente", boy: "Gut", other: "Anna",
    start: "Start chat",
    "acute.start": "Er du i fare akkurat no? Ring 112 (politi) eller 113 (ambulanse). Du kan òg ringje oss på 116 111.",
    "what.title": "Kva skjer med det du skriv?",
    "what.kept": "Samtalen blir lagra hos oss i 90 dagar etter at han er ferdig, og blir så sletta. Berre vi som jobbar her, kan lese han. Når namn og andre kjenneteikn er tekne bort, kan delar av samtalar brukast til å lære opp nye tilsette.",
    "what.device": "Denne sida lagrar ingenting på telefonen eller PC-en din etter at du har lukka fana.",
    "act.title": "Når må vi gjere noko?",
    "act.text": "Viss vi forstår at du eller eit anna barn er i fare, eller blir utsett for vald, overgrep eller alvorleg omsorgssvikt, må vi nokre gonger seie frå til barnevernet eller politiet. Då vil vi nesten alltid snakke med deg om det først, og fortelje deg kva som skjer vidare.",
    "chat.title": "Chatten",
    "queue.before": "Du står i kø. Du er nummer", "queue.after": "i køen.",
    "queue.write": "Du kan byrje å skrive med ein gong. Den som svarar deg, les alt du har skrive.",
    busy: "Det er mange som ventar akkurat no. Du kan vente her, eller ta kontakt med ein av desse som er opne no:",
    transcript: "Samtalen",
    "message.label": "Skriv ei melding",
    "message.placeholder": "Skriv her. Enter sender, Shift+Enter gir ny linje.",
    send: "Send", leave: "Avslutt samtalen",
    "closed.title": "Chatten er stengd akkurat no",
    "blocked.title": "Vi kan diverre ikkje svare deg her akkurat no",
    "acute.closed": "Er du i fare akkurat no? Ring 112 (politi) eller 113 (ambulanse).",
    "closed.others": "Desse kan du snakke med no",
    "end.title": "Samtalen er avslutta",
    "end.thanks": "Takk for at du tok kontakt. Du kan alltid skrive eller ringje igjen – vi er her heile døgnet, òg i helgane.",
    "acute.end": "Er du i fare akkurat no? Ring 112 (politi) eller 113 (ambulanse). Ring oss på 116 111.",
    "fb.title": "Vil du seie kva du syntest?",
    "fb.note": "Det er frivillig og anonymt. Svara hjelper oss å bli betre.",
    "fb.helped": "Var det til hjelp å chatte med oss?",
    "fb.again": "Ville du ha teke kontakt med oss igjen?",
    yes: "Ja", "a.bit": "Litt", no: "Nei", maybe: "Kanskje",
    "fb.send": "Send svara",
    again: "Start ein ny samtale",
    theme: "Mørk skjerm",
    language: "Språk",
    "rc.label": "Har du fått ein kode av ein av oss?",
    "rc.hint": "Skriv han her, til dømes SOL-ORM-47, så prøver vi å gi deg den same vaksne som sist. Har du ingen kode, lèt du feltet stå tomt.",
    "rc.next": "Snakk med den neste som er ledig",
    "rc.yours": "Koden din",
    "rc.keep": "Vil du snakke med den same vaksne igjen? Skriv koden når du startar ein ny chat. Han verkar i 30 dagar. Ta eit bilete av han eller skriv han ned ein trygg stad – vi kan ikkje finne han igjen for deg.",
  },
  en: {
    "cb.link": "Would you rather we called you?",
    "cb.link.queue": "Would you rather we called you instead of waiting?",
    "cb.link.closed": "Ask us to call you when we open",
    "cb.title": "Would you rather we called you?",
    "cb.intro": "Write your phone number, and an adult from Alarmtelefonen will call you. Only the person who calls you sees the whole number. We delete it once we have called, and after 48 hours at the latest.",
    "cb.number": "Your phone number",
    "cb.hint": "For example 912 34 567. Numbers from other countries need their country code, like +46.",
    "cb.window": "When is a good time to call?",
    "cb.any": "As soon as possible", "cb.08": "Between 8 and 12 o'clock", "cb.12": "Between 12 and 4 pm",
    "cb.16": "Between 4 and 8 pm", "cb.20": "Between 8 and 11 pm",
    "cb.other": "If someone else answers the phone, or you do not answer:",
    "cb.discreet": "Do not say who you are, and leave no message.",
    "cb.say": "You may say you are from Alarmtelefonen and leave a message.",
    "cb.send": "Call me", "cb.back": "Back",
    "cb.sent.title": "We will call you",
    "cb.sent.text": "We have saved your number, and only the person who calls you can see it. We delete it once we have called, and after 48 hours at the latest. If we have not managed by then, you are welcome to ask again.",
    title: "Chat – Alarmtelefonen, the helpline for children and young people",
    exit: "Quick exit",
    "exit.title": "Closes the chat and goes to another page. You can also press Esc twice.",
    "start.title": "Chat with an adult who can help",
    "start.intro": "Here you chat with an adult from Alarmtelefonen for barn og unge. We who answer work at the child welfare emergency service, and we must keep what you tell us confidential.",
    "fact.anon": "You can stay anonymous. You do not have to tell us your name, and we cannot see your phone number.",
    "fact.act": "If you or another child is in danger, we sometimes have to tell child welfare services or the police. We will almost always talk with you about it first.",
    "fact.exit": "Press Quick exit at the top (or Esc twice), and the chat disappears at once.",
    "about.legend": "If you like, you can tell us a little about yourself. It is up to you.",
    age: "Age", "no.say": "I'd rather not say", "age.0": "Under 10", "age.10": "10–12",
    "age.13": "13–15", "age.16": "16–17", "age.18": "18 or older",
    gender: "Gender", girl: "Girl", boy: "Boy", other: "Other",
    start: "Start chat",
    "acute.start": "Are you in danger right now? Call 112 (police) or 113 (ambulance). You can also call us on 116 111.",
    "what.title": "What happens to what you write?",
    "what.kept": "We keep the conversation for 90 days after it ends, then delete it. Only those of us who work here can read it. With names and other details removed, parts of conversations may be used to train new staff.",
    "what.device": "This page keeps nothing on your phone or computer once you have closed the tab.",
    "act.title": "When do we have to act?",
    "act.text": "If we understand that you or another child is in danger, or is exposed to violence, abuse or serious neglect, we sometimes have to tell child welfare services or the police. We will almost always talk with you about it first, and tell you what happens next.",
    "chat.title": "The chat",
    "queue.before": "You are in the queue. You are number", "queue.after": "in line.",
    "queue.write": "You can start writing straight away. Whoever answers you will read everything you have written.",
    busy: "Many are waiting right now. You can wait here, or contact one of these, which are open now:",
    transcript: "The conversation",
    "message.label": "Write a message",
    "message.placeholder": "Write here. Enter sends, Shift+Enter starts a new line.",
    send: "Send", leave: "End the conversation",
    "closed.title": "The chat is closed right now",
    "blocked.title": "We cannot answer you here right now",
    "acute.closed": "Are you in danger right now? Call 112 (police) or 113 (ambulance).",
    "closed.others": "You can talk with these now",
    "end.title": "The conversation has ended",
    "end.thanks": "Thank you for getting in touch. You can always write or call again – we are here around the clock, weekends too.",
    "acute.end": "Are you in danger right now? Call 112 (police) or 113 (ambulance). Call us on 116 111.",
    "fb.title": "Would you tell us what you thought?",
    "fb.note": "It is up to you, and anonymous. Your answers help us do better.",
    "fb.helped": "Did chatting with us help?",
    "fb.again": "Would you get in touch with us again?",
    yes: "Yes", "a.bit": "A bit", no: "No", maybe: "Maybe",
    "fb.send": "Send the answers",
    again: "Start a new conversation",
    theme: "Dark screen",
    language: "Language",
    "rc.label": "Did one of us give you a code?",
    "rc.hint": "Type it here, for example SOL-ORM-47, and we will try to give you the same adult as last time. If you have no code, leave this empty.",
    "rc.next": "Talk to the next one who is free",
    "rc.yours": "Your code",
    "rc.keep": "Do you want to talk to the same adult again? Type the code when you start a new chat. It works for 30 days. Take a picture of it or write it down somewhere safe – we cannot find it again for you.",
  },
};

let current = "nb";
const originals = new Map(); // element -> its Bokmål nodes, to restore
const originalAttrs = new Map(); // element -> its translated attribute's Bokmål value

export function t(key, values = {}) {
  const text = DYNAMIC[current][key] ?? DYNAMIC.nb[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

export function lang() {
  return current;
}

export function clock(date) {
  const two = (n) => String(n).padStart(2, "0");
  const [h, m] = [two(date.getHours()), two(date.getMinutes())];
  return current === "en" ? `${h}:${m}` : `kl. ${h}.${m}`;
}

function preferred() {
  const saved = sessionStorage.getItem(KEY);
  if (LANGUAGES.includes(saved)) return saved;
  // Bokmål unless the device asks for Nynorsk: a phone set to English is no sign that a
  // young person in Norway reads English best, and the picker is always at the bottom.
  const first = (navigator.languages && navigator.languages[0]) || navigator.language || "";
  return first.startsWith("nn") ? "nn" : "nb";
}

export function setLanguage(code) {
  current = LANGUAGES.includes(code) ? code : "nb";
  document.documentElement.lang = current;
  const texts = STATIC[current];
  for (const el of document.querySelectorAll("[data-t]")) {
    if (!originals.has(el)) originals.set(el, Array.from(el.childNodes, (n) => n.cloneNode(true)));
    if (texts) el.textContent = texts[el.dataset.t] ?? el.textContent;
    else el.replaceChildren(...originals.get(el).map((n) => n.cloneNode(true)));
  }
  for (const el of document.querySelectorAll("[data-t-attr]")) {
    const [attr, key] = el.dataset.tAttr.split(":");
    if (!originalAttrs.has(el)) originalAttrs.set(el, el.getAttribute(attr) || "");
    const bokmal = originalAttrs.get(el);
    el.setAttribute(attr, texts ? texts[key] ?? bokmal : bokmal);
  }
}

export function installLanguagePicker(select, changed) {
  setLanguage(preferred());
  select.value = current;
  select.addEventListener("change", () => {
    sessionStorage.setItem(KEY, select.value);
    setLanguage(select.value);
    changed();
  });
}
