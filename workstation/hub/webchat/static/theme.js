// Night mode: follows the device (prefers-color-scheme) until the young person flips the
// toggle; the choice lasts as long as the tab (sessionStorage, emptied by the quick exit).

const KEY = "alarmtelefonen.theme";

export function installThemeToggle(button) {
  const root = document.documentElement;
  const query = window.matchMedia("(prefers-color-scheme: dark)");
  const dark = () => (root.dataset.theme ? root.dataset.theme === "dark" : query.matches);
  const show = () => button.setAttribute("aria-pressed", String(dark()));
  const saved = sessionStorage.getItem(KEY);
  if (saved === "dark" || saved === "light") root.dataset.theme = saved;
  show();
  query.addEventListener("change", show);
  button.addEventListener("click", () => {
    root.dataset.theme = dark() ? "light" : "dark";
    sessionStorage.setItem(KEY, root.dataset.theme);
    show();
  });
}
