// The ask page: answered questions that match the title while it is typed, and the
// emergency help text as soon as the title or question mentions a possible emergency.
// The form works the same without this file.
"use strict";

(() => {
  const form = document.querySelector(".ask-form");
  if (!form) {
    return;
  }
  const title = form.querySelector("[name=title]");
  const body = form.querySelector("[name=body]");
  const help = document.getElementById("emergency-help");
  const termsElement = document.getElementById("crisis-terms");
  const terms = termsElement ? JSON.parse(termsElement.textContent).map((t) => t.toLowerCase()) : [];

  const checkCrisis = () => {
    const text = `${title ? title.value : ""} ${body ? body.value : ""}`.toLowerCase();
    const found = terms.some((term) => text.includes(term));
    help.classList.toggle("emergency--hidden", !found);
  };

  const box = document.getElementById("suggestions");
  // Show the suggestions right under the title, where the patient is looking.
  if (title && title.closest(".field")) {
    title.closest(".field").after(box);
  }
  const questionList = box.querySelector(".suggestions__questions");
  const topicList = box.querySelector(".suggestions__topics");
  let timer = null;
  let lastQuery = "";

  const link = (href, text, extra) => {
    const item = document.createElement("li");
    const anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    anchor.target = "_blank";
    item.appendChild(anchor);
    if (extra) {
      item.append(` (${extra})`);
    }
    return item;
  };

  const showSuggestions = (data) => {
    questionList.replaceChildren(...data.questions.map((q) => link(q.url, q.title, q.department)));
    topicList.replaceChildren(...data.topics.map((t) => link(t.url, t.name, t.department)));
    box.classList.toggle("suggestions--empty", !data.questions.length && !data.topics.length);
  };

  const suggest = () => {
    const query = title.value.trim();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    if (query.length < 3) {
      showSuggestions({ questions: [], topics: [] });
      return;
    }
    const url = `${form.dataset.suggestionsUrl}?${new URLSearchParams({ q: query })}`;
    fetch(url, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { questions: [], topics: [] }))
      .then((data) => {
        if (query === lastQuery) {
          showSuggestions(data);
        }
      })
      .catch(() => {});
  };

  if (title) {
    title.addEventListener("input", () => {
      checkCrisis();
      clearTimeout(timer);
      timer = setTimeout(suggest, 300);
    });
    if (title.value) {
      suggest();
    }
  }
  if (body) {
    body.addEventListener("input", checkCrisis);
  }
  checkCrisis();
})();
