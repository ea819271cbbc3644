// The header's dark theme toggle. The script in each page's <head> has already put the reader's stored
// choice ("light" or "dark", else "system") on <html data-theme> before the first paint; this one keeps
// the button's state true and stores a new choice, which every page then reads.
{  // a block, so that these names stay out of the page's globals
  const root = document.documentElement;
  const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  const button = document.querySelector(".theme-toggle");

  const isDark = () => root.dataset.theme === "dark" || (root.dataset.theme !== "light" && systemDark.matches);

  const showState = () => button.setAttribute("aria-pressed", String(isDark()));

  if (button) {
    showState();
    systemDark.addEventListener("change", showState);
    button.addEventListener("click", () => {
      root.dataset.theme = isDark() ? "light" : "dark";
      try {
        localStorage.setItem("theme", root.dataset.theme);
      } catch (error) {
        // storage is off: the choice holds for this page only
      }
      showState();
    });
  }
}
