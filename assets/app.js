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

  // A title is a link to its task; a plain click (or Enter) edits it in
  // place instead. Modified clicks (Ctrl/Cmd/Shift/Alt) stay links and open
  // the task in a new tab or window; a middle click never fires "click".
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-edit]");
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    if (typeof htmx === "undefined") return;
    e.preventDefault();
    htmx.ajax("GET", link.dataset.edit, { source: link });
  });

  // One inline editor at a time, and leaving one never loses what was
  // typed: when the focus or a click goes elsewhere (another title, another
  // row, the page), an editor whose text was changed saves, as Things and
  // Todoist's task fields do, and an unchanged one closes. Escape (below)
  // is the way to throw a change away. Focus leaving the window (another
  // app, a dialog) changes nothing; the next click in the page decides.
  function edited(form) {
    return Array.prototype.some.call(form.elements, function (el) {
      return (el.type === "text" || el.tagName === "TEXTAREA") && el.value !== el.defaultValue;
    });
  }
  function leaveEditor(form) {
    if (!document.contains(form) || form.classList.contains("htmx-request") || form.dataset.leaving) return;
    form.dataset.leaving = "1";
    if (edited(form)) {
      form.requestSubmit();
      return;
    }
    var cancel = form.querySelector("[data-cancel]");
    if (cancel) cancel.click();
  }
  // A control in the editor's own row (its checkbox, a menu) re-renders
  // that row: an unchanged editor is left for that to close, and a changed
  // one saves first while the press is dropped, rather than two requests
  // racing to replace the same row.
  var droppedClick = null;
  document.addEventListener("mousedown", function (e) {
    document.querySelectorAll("form[data-inline-editor]").forEach(function (form) {
      if (form.contains(e.target)) return;
      var row = form.closest(".task, .task-detail");
      if (row && row.contains(e.target) && e.target.closest("a, button, input, select, textarea")) {
        if (!edited(form)) return;
        e.preventDefault();
        droppedClick = row;
      }
      leaveEditor(form);
    });
  });
  document.addEventListener("click", function (e) {
    if (droppedClick && droppedClick.contains(e.target)) {
      e.preventDefault();
      e.stopPropagation();
    }
    droppedClick = null;
  }, true);
  document.addEventListener("focusout", function (e) {
    var form = e.target.closest && e.target.closest("form[data-inline-editor]");
    if (form && e.relatedTarget && !form.contains(e.relatedTarget)) leaveEditor(form);
  });
  // A refused save re-opens the editor with its message: it may be left again.
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.elt && e.detail.elt.dataset) delete e.detail.elt.dataset.leaving;
  });

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

  // A row's selects save when a choice is made, not while it is browsed:
  // Chromium fires "change" at every arrow key on a closed select, which
  // saved (and re-rendered the row) at each press. A change made with keys
  // on the closed select waits for Enter or for the focus to leave; a pick
  // from the open list (mouse, or keys in the popup) saves at once. The
  // form listens for "commit", which only this script sends.
  function commit(form) {
    form.querySelectorAll("select[data-pending]").forEach(function (s) { delete s.dataset.pending; });
    htmx.trigger(form, "commit");
  }
  function metaForm(el) {
    return el && el.form && el.form.matches("form[data-commit]") ? el.form : null;
  }
  document.addEventListener("keydown", function (e) {
    var form = metaForm(e.target);
    if (!form || e.target.tagName !== "SELECT") return;
    var select = e.target;
    if (e.key === "Enter") {
      if (select.dataset.pending) {
        e.preventDefault();
        commit(form);
      }
    } else if (e.key === " " || e.key === "F4" || (e.altKey && /^Arrow(Up|Down)$/.test(e.key))) {
      delete select.dataset.browsing; // opens the list: its pick is a choice
    } else if (e.key !== "Tab" && e.key !== "Escape" && e.key !== "Shift") {
      select.dataset.browsing = "1"; // arrows, Home/End, typing a letter
    }
  });
  document.addEventListener("mousedown", function (e) {
    if (metaForm(e.target)) delete e.target.dataset.browsing;
  });
  document.addEventListener("change", function (e) {
    var form = metaForm(e.target);
    if (!form) return;
    if (e.target.dataset.browsing) {
      e.target.dataset.pending = "1";
    } else {
      commit(form);
    }
  });
  document.addEventListener("focusout", function (e) {
    var form = metaForm(e.target);
    if (!form || !e.target.dataset || !e.target.dataset.pending) return;
    delete e.target.dataset.browsing;
    commit(form);
  });

  // Alerts can be dismissed, and confirmations leave by themselves.
  document.addEventListener("click", function (e) {
    var close = e.target.closest && e.target.closest(".alert-close");
    if (close) close.closest(".alert").remove();
  });
  function expireAlerts(root) {
    // An alert that offers something (a form) stays until dismissed.
    root.querySelectorAll(".alert:not(.alert-error):not(:has(form))").forEach(function (alert) {
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
  // A list fetch waits for the one in flight (hx-sync "queue last")
  // instead of aborting it, and an answer for filters the form no longer
  // shows is dropped: a slow answer never flashes the wrong list, and no
  // request is cut off half-way.
  var fetchingFilters = null; // the filters of the list fetch in flight
  document.addEventListener("htmx:configRequest", function (e) {
    if (e.detail.elt.id !== "filters") return;
    var query = filterQuery(e.detail.elt);
    if (query === appliedFilters) {
      e.preventDefault();
      return;
    }
    appliedFilters = fetchingFilters = query;
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    var form = requester(e);
    if (form.id !== "filters" || !e.detail.shouldSwap || fetchingFilters === filterQuery(form)) return;
    e.detail.shouldSwap = false;
    appliedFilters = null;
    htmx.trigger(form, "submit");
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
  var focusID = "";
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    // With the focus already lost to an earlier swap that has not settled
    // (a row refreshed beside the panel), keep what that swap noted.
    if (!active || active === document.body) return;
    var row = active.closest && active.closest(".task, .task-detail");
    focusCandidates = [];
    // A control of the row that comes back (the next select, after a
    // change saved on Tab) keeps the focus.
    focusID = row && active.id && !active.closest("[data-inline-editor]") ? active.id : "";
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
    var same = focusID && document.getElementById(focusID);
    if (same) { same.focus(); return; }
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

  // The task panel: a plain click on a row (or its title) opens the task
  // beside the list, or over it on phones, at the task's own address, so
  // Back closes it and a reload shows the task's page. Modified clicks
  // stay links and open the page in a new tab.
  var PANEL = "task-panel";
  function panelEl() { return document.getElementById(PANEL); }
  function panelOpen() { var p = panelEl(); return !!(p && p.dataset.task); }
  function panelTaskID() { return panelEl().dataset.task.split("/").pop(); }
  function openPanel(href, source, push) {
    var panel = panelEl();
    if (!panel || typeof htmx === "undefined") return false;
    if (!panelOpen()) panel.dataset.back = location.pathname + location.search;
    panel.dataset.task = href;
    htmx.ajax("GET", href, { source: source || panel, target: panel, swap: "innerHTML" }).then(function () {
      if (panel.dataset.task !== href) return;
      document.documentElement.classList.add("panel-open");
      if (push) history.pushState({ panel: href }, "", href);
      var title = panel.querySelector(".detail-title a");
      (title || panel).focus();
    });
    return true;
  }
  function closePanel(fromHistory) {
    var panel = panelEl();
    if (!panelOpen()) return;
    var id = panelTaskID();
    if (!fromHistory && history.state && history.state.panel) {
      history.back(); // its popstate closes the panel
      return;
    }
    var back = panel.dataset.back;
    delete panel.dataset.task;
    delete panel.dataset.back;
    panel.replaceChildren();
    document.documentElement.classList.remove("panel-open");
    if (!fromHistory && back && location.pathname + location.search !== back) history.replaceState(null, "", back);
    var title = document.getElementById("task-" + id + "-title");
    if (title) title.focus();
  }
  document.addEventListener("click", function (e) {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || !e.target.closest) return;
    var close = e.target.closest("[data-panel-close]");
    if (close && panelOpen()) {
      e.preventDefault();
      closePanel(false);
      return;
    }
    var row = e.target.closest("#task-rows > .task");
    if (!row) return;
    var control = e.target.closest("a, button, input, select, textarea, label, summary, details, form");
    if (control && !control.matches(".task-title")) return;
    var href = row.querySelector(".task-title").getAttribute("href");
    if (openPanel(href, row, true)) e.preventDefault();
  });
  window.addEventListener("popstate", function (e) {
    if (e.state && e.state.panel) {
      openPanel(e.state.panel, null, false);
    } else {
      closePanel(true);
    }
  });
  // While the panel is open the address is the task's, but the list is
  // still the list: a request from the list says it comes from the list,
  // one from the panel that it comes from the task's page.
  document.addEventListener("htmx:configRequest", function (e) {
    var panel = panelEl();
    if (!panelOpen()) return;
    var from = panel.contains(e.detail.elt) ? panel.dataset.task : panel.dataset.back;
    e.detail.headers["HX-Current-URL"] = location.origin + from;
  });
  // A change made in the panel shows in the task's row, and one made in
  // the row shows in the panel. Other changes to a task (one of its
  // subtasks) are announced by the server with "task-changed".
  var refreshing = {};
  function refreshRow(id) {
    var row = document.getElementById("task-" + id);
    if (!row || refreshing[id] || typeof htmx === "undefined") return;
    refreshing[id] = true;
    htmx.ajax("GET", "/tasks/" + id, { source: row, target: row, swap: "outerHTML" }).finally(function () {
      delete refreshing[id];
    });
  }
  // Where a request came from is noted as it leaves: by the time it is
  // answered, the swap may have taken its element out of the page.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var panel = panelEl(), elt = e.detail.elt, row = elt.closest && elt.closest("#task-rows > .task");
    e.detail.xhr.docketInPanel = !!(panel && panel.contains(elt));
    e.detail.xhr.docketRow = row ? row.id : "";
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var cfg = e.detail.requestConfig, xhr = e.detail.xhr, panel = panelEl();
    if (!cfg || cfg.verb === "get" || xhr.status >= 300 || !panelOpen()) return;
    var id = panelTaskID();
    if (xhr.docketInPanel) {
      // A subtask's change announces itself ("task-changed", below).
      if (!/"task-changed"/.test(xhr.getResponseHeader("HX-Trigger") || "")) refreshRow(id);
    } else if (xhr.docketRow === "task-" + id) {
      openPanel(panel.dataset.task, null, false);
    }
  });
  document.addEventListener("task-changed", function (e) {
    if (e.detail && e.detail.id) refreshRow(e.detail.id);
  });

  // A row's menu fetches its choices the first time it opens.
  document.addEventListener("toggle", function (e) {
    var menu = e.target;
    if (!menu.matches || !menu.matches("details.row-menu") || !menu.open || menu.dataset.loaded) return;
    if (typeof htmx === "undefined") return;
    menu.dataset.loaded = "1";
    var body = menu.querySelector(".menu");
    var href = menu.closest(".task").querySelector(".task-title").getAttribute("href");
    htmx.ajax("GET", href + "/menu", { source: body, target: body, swap: "innerHTML" }).catch(function () {
      delete menu.dataset.loaded;
    });
  }, true);

  // A row's menu closes when a click goes elsewhere, and on
  // Escape, which closes the panel when no menu or editor is open.
  function closeMenus(except) {
    document.querySelectorAll("details.row-menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (e) {
    closeMenus(e.target.closest && e.target.closest("details.row-menu"));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    var menu = e.target.closest && e.target.closest("details.row-menu[open]");
    if (menu) {
      e.preventDefault();
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
      return;
    }
    if (e.target.closest && e.target.closest("[data-inline-editor]")) return;
    if (/^(INPUT|TEXTAREA)$/.test(e.target.tagName) && e.target.value) return; // keep what is typed
    if (panelOpen()) {
      e.preventDefault();
      closePanel(false);
    }
  });

  // An empty view's action leads to quick add and puts the caret there.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest('a[href="#new-title"]');
    var field = link && document.getElementById("new-title");
    if (!field) return;
    e.preventDefault();
    field.focus();
  });

  // A quick-add chip turned back into text goes away with its button;
  // the focus goes back to the title rather than to the page.
  document.addEventListener("htmx:afterSwap", function (e) {
    var from = e.detail.requestConfig && e.detail.requestConfig.elt;
    if (!from || !from.classList.contains("chip-remove")) return;
    var title = document.getElementById("new-title");
    if (title) title.focus();
  });

  function init(root) {
    fillTimezone(root);
    expireAlerts(root);
    caretToEnd(root);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); noteFilters(); });
  document.addEventListener("htmx:load", function (e) { init(e.detail.elt.parentNode || document); });
})();
