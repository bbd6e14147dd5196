package main

import (
	"strings"
	"testing"
)

// TestWeighRows weighs the rows alone: the section around them, the empty
// state and the "load more" slot stay out, and a row's own list of
// chips does not end the rows early.
func TestWeighRows(t *testing.T) {
	t.Parallel()
	row := func(id string) string {
		return `<li id="task-` + id + `" class="task"><a href="/tasks/` + id + `">Title ` + id + `</a><ul class="chips"><li>p1</li></ul></li>`
	}
	rows := row("3") + row("2") + row("1")
	page := `<section id="task-list"><p class="filter-note">Filtered view.</p><ul id="task-rows" class="task-rows">` + rows +
		`</ul><div class="empty-state"><ul><li>x</li></ul></div><div id="load-more" class="load-more"><a href="/tasks?page=2">Load more</a></div></section>`
	w, err := weigh([]byte(page), 123)
	if err != nil {
		t.Fatal(err)
	}
	if w.rows != 3 || w.rowsRaw != len(rows) || w.pageRaw != len(page) || w.pageWire != 123 {
		t.Errorf("weigh = %+v; want 3 rows of %d bytes in a page of %d, sent in 123", w, len(rows), len(page))
	}
	if w.rowsGzip <= 0 || w.rowsGzip >= w.rowsRaw+30 {
		t.Errorf("rows gzipped to %d bytes from %d; want a gzip stream of them", w.rowsGzip, w.rowsRaw)
	}
	if got, want := w.perRowRaw(), float64(len(rows))/3; got != want {
		t.Errorf("perRowRaw = %v, want %v", got, want)
	}

	if _, err := weigh([]byte(strings.ReplaceAll(page, `<li id="task-`, `<li data-id="`)), 1); err == nil {
		t.Error("weigh found rows in a page without any")
	}
}
