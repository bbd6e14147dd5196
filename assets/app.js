// Docket's small script: the behaviour htmx attributes cannot express under
// a CSP without eval. Everything here is an enhancement; the pages work
// without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Sign-up sends the browser's time zone.
  function fillTimezone(root) {
    root.querySelectorAll("input[data-timezone]").forEach(function (input) {
      if (!input.value) {
        try {
          input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
        } catch (e) { /* leave it empty: the server uses UTC */ }
      }
    });
  }

  // Escape closes an inline editor by following its Cancel link.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var editor = e.target.closest && e.target.closest("[data-inline-editor]");
    if (!editor) return;
    var cancel = editor.querySelector("[data-cancel]");
    if (cancel) {
      e.preventDefault();
      cancel.click();
    }
  });

  // Ctrl/Cmd+Enter saves a notes editor, where Enter is a new line.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
    if (e.target.tagName !== "TEXTAREA") return;
    var form = e.target.closest("form[data-inline-editor]");
    if (form) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  // Alerts can be dismissed, and confirmations leave by themselves.
  document.addEventListener("click", function (e) {
    var close = e.target.closest && e.target.closest(".alert-close");
    if (close) close.closest(".alert").remove();
  });
  function expireAlerts(root) {
    root.querySelectorAll(".alert:not(.alert-error)").forEach(function (alert) {
      setTimeout(function () { alert.remove(); }, 6000);
    });
  }

  // The filters fetch the list only when what they ask for changed. A
  // search applied while typing fires "change" again when the box loses
  // focus, and that second fetch would replace the rows under the very
  // click that took the focus away.
  var appliedFilters = null; // the filters the list shows, or is fetching
  function filterQuery(form) {
    var params = new URLSearchParams(new FormData(form));
    params.sort();
    return params.toString();
  }
  function noteFilters() {
    var form = document.getElementById("filters");
    appliedFilters = form ? filterQuery(form) : null;
  }
  // requester is the element that made the request of an htmx event;
  // some events are fired on the request's target instead.
  function requester(e) {
    return (e.detail.requestConfig && e.detail.requestConfig.elt) || e.detail.elt;
  }
  document.addEventListener("htmx:configRequest", function (e) {
    if (e.detail.elt.id !== "filters") return;
    var query = filterQuery(e.detail.elt);
    if (query === appliedFilters) {
      e.preventDefault();
      return;
    }
    appliedFilters = query;
  });
  ["htmx:responseError", "htmx:sendError", "htmx:sendAbort", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (e) {
      if (requester(e).id === "filters") appliedFilters = null; // let a retry through
    });
  });
  document.addEventListener("htmx:historyRestore", noteFilters);

  // Row actions (and load more, and quick add) and list fetches must not
  // overtake each other. A list fetched before a row changed would show
  // the row as it was, and a list swapped in while a row's answer is on
  // its way leaves that answer nowhere to go. So a list that arrives while
  // a row request is pending, or that left before one started, is not
  // shown: it is fetched again once the rows are quiet.
  var rowRequests = 0, rowSeq = 0, listSeq = -1, refetchList = false;
  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt;
    if (elt.id === "filters") {
      listSeq = rowSeq;
      return;
    }
    if (!elt.closest || !elt.closest("#task-list, #quick-add")) return;
    rowRequests++;
    rowSeq++;
    e.detail.xhr.addEventListener("loadend", function () {
      rowRequests--;
      if (rowRequests === 0 && refetchList) {
        refetchList = false;
        var form = document.getElementById("filters");
        appliedFilters = null;
        if (form) htmx.trigger(form, "submit");
      }
    });
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    var form = requester(e);
    if (form.id !== "filters" || !e.detail.shouldSwap) return;
    if (rowRequests > 0 || listSeq !== rowSeq) {
      e.detail.shouldSwap = false;
      appliedFilters = null;
      refetchList = true;
      if (rowRequests === 0) {
        refetchList = false;
        htmx.trigger(form, "submit");
      }
    }
  });

  // Load more moves the focus to the first new row, where the reader
  // goes on; the link itself is replaced by the answer.
  var loadMoreAfter = null; // the id of the last row before load more
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (!e.detail.elt.matches || !e.detail.elt.matches("[data-testid=load-more]")) return;
    var rows = document.getElementById("task-rows");
    loadMoreAfter = rows && rows.lastElementChild ? rows.lastElementChild.id : null;
  });

  // After a swap, keep keyboard focus somewhere sensible: if the focused
  // element was replaced, focus the same task's title, or the list.
  var focusCandidates = [];
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    var row = active && active.closest && active.closest(".task, .task-detail");
    focusCandidates = [];
    if (row) {
      focusCandidates.push(row.id);
      if (row.nextElementSibling) focusCandidates.push(row.nextElementSibling.id);
      if (row.previousElementSibling) focusCandidates.push(row.previousElementSibling.id);
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    var last = loadMoreAfter && document.getElementById(loadMoreAfter);
    loadMoreAfter = null;
    var first = last && last.nextElementSibling;
    var firstTitle = first && document.getElementById(first.id + "-title");
    if (firstTitle) { firstTitle.focus(); return; }
    for (var i = 0; i < focusCandidates.length; i++) {
      var title = focusCandidates[i] && document.getElementById(focusCandidates[i] + "-title");
      if (title) { title.focus(); return; }
    }
    var fallback = document.getElementById("new-title");
    if (fallback && focusCandidates.length) fallback.focus();
  });

  // htmx focuses a newly opened editor's field, which puts the caret
  // before the first letter; put it after the last, as a click there would.
  function caretToEnd(root) {
    var field = document.activeElement;
    if (!field || !field.matches("[data-inline-editor] [autofocus]") || !root.contains(field)) return;
    if (typeof field.setSelectionRange === "function") {
      field.setSelectionRange(field.value.length, field.value.length);
    }
  }

  function init(root) {
    fillTimezone(root);
    expireAlerts(root);
    caretToEnd(root);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); noteFilters(); });
  document.addEventListener("htmx:load", function (e) { init(e.detail.elt.parentNode || document); });
})();
