// The search page: queries the Pagefind index that `chanblog build` writes under pagefind/.
// Results show the title, date and an excerpt with the matches marked; the checkboxes the page
// holds filter by label, author and tag. The address bar follows the query (`?q=`), so that Back
// and a shared link show the same search. Without JavaScript the page points to the archives
// instead. The words it shows come, in the page's language, from the data attributes of #search.
const root = document.getElementById("search");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterBox = document.getElementById("search-filters");
const words = root.dataset;
const FILTERS = ["label", "author", "tag"];
const SHOWN = 20;

function say(text) {
  status.textContent = text;
}

// Pagefind's excerpt is the page's text with matches wrapped in <mark>: keep those marks and
// nothing else, so no markup from an indexed page can reach this one. The title heads the text of
// a post, so an excerpt of its start begins with it: that is left out, the result shows it above.
function excerptNode(excerpt, title) {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html");
  const out = document.createElement("p");
  out.className = "excerpt";
  const whole = parsed.body.textContent;
  // how many characters of the start to leave out: the title and the spaces around it
  let skip = title && whole.trimStart().startsWith(title) ? whole.length - whole.trimStart().length + title.length : 0;
  for (const node of parsed.body.firstChild.childNodes) {
    let text = node.textContent;
    if (skip) {
      const cut = Math.min(text.length, skip);
      skip -= cut;
      text = skip ? "" : text.slice(cut).trimStart();
    }
    if (!text) continue;
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = text;
      out.append(mark);
    } else {
      out.append(document.createTextNode(text));
    }
  }
  return out;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "byline";
  meta.textContent = [data.meta.date, data.filters.author && data.filters.author.join(", ")]
    .filter(Boolean).join(" · ");
  item.append(heading, meta, excerptNode(data.excerpt, data.meta.title || ""));
  return item;
}

function chosenFilters() {
  const chosen = {};
  for (const name of FILTERS) {
    const values = [...filterBox.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
    if (values.length) chosen[name] = { any: values };
  }
  return chosen;
}

// "No posts found.", "1 post found.", "7 posts found." or "40 posts found; the first 20 are shown."
function found(count) {
  const number = count.toLocaleString(document.documentElement.lang || undefined);
  const text = count === 0 ? words.none || "No posts found."
    : count === 1 ? words.foundOne || "1 post found."
    : count > SHOWN ? words.foundMore || "{count} posts found; the first {shown} are shown."
    : words.found || "{count} posts found.";
  return text.replace("{count}", number).replace("{shown}", SHOWN.toLocaleString(document.documentElement.lang || undefined));
}

// The address bar shows the query as typed: replaced, not pushed, so Back leaves the page.
function follow() {
  const address = new URL(location.href);
  if (input.value.trim()) address.searchParams.set("q", input.value);
  else address.searchParams.delete("q");
  history.replaceState(null, "", address);
}

let search = () => {}; // runs the search once the index is loaded

// Listening before the index loads, so that what a reader types meanwhile is kept and searched.
input.value = new URLSearchParams(location.search).get("q") || input.value;
input.addEventListener("input", () => {
  follow();
  search();
});
input.closest("form").addEventListener("submit", (event) => {
  event.preventDefault();
  follow();
  search();
});
filterBox.addEventListener("change", () => search());

async function start() {
  let pagefind;
  try {
    pagefind = await import(root.dataset.bundle + "pagefind.js");
    await pagefind.options({ baseUrl: root.dataset.base, excerptLength: 30 });
    await pagefind.init();
  } catch (error) {
    say(words.unavailable || "Search is not available on this copy of the site. The archives list every post.");
    return;
  }
  let latest = 0;
  async function run() {
    const ticket = ++latest;
    const query = input.value.trim();
    const filters = chosenFilters();
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      say("");
      return;
    }
    const answer = await pagefind.search(query || null, query ? { filters } : { filters, sort: { date: "desc" } });
    const shown = await Promise.all(answer.results.slice(0, SHOWN).map((result) => result.data()));
    if (ticket !== latest) return; // a newer search has started
    list.replaceChildren(...shown.map(resultItem));
    list.dataset.query = query; // what the list shows, for scripts and tests that wait on it
    list.dataset.filters = Object.values(filters).map((f) => f.any.join(",")).join(";");
    const count = answer.results.length;
    say(found(count));
  }
  search = run;
  run();
}

start();
