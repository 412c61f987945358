// The quick exit: the button, or Escape twice within 1.5 s. No confirmation.
// It lets the page close its connection and forget, empties sessionStorage and the page,
// and replaces the page in the history, so Back does not return to the chat.

const TWICE_MS = 1500;

export function installQuickExit(button, exitUrl, beforeExit) {
  const leave = () => {
    try {
      beforeExit();
    } finally {
      sessionStorage.clear();
      document.body.textContent = "";
      location.replace(exitUrl);
    }
  };
  button.addEventListener("click", leave);
  let last = 0;
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    const now = Date.now();
    if (now - last < TWICE_MS) leave();
    last = now;
  });
}
