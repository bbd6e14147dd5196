package models

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// A search keeps the tasks in whose title or notes every word of the query
// occurs, as a substring, ignoring the case of ASCII letters only. The
// condition is LIKE on both engines, so it means the same everywhere; a
// text index only finds the rows worth checking:
//
//   - SQLite: the FTS5 table task_search holds each task's trigrams. When a
//     probe finds that the user has fewer than textIndexProbe tasks holding
//     the words, the list reads just those tasks by id and sorts them;
//     otherwise the words are common, and walking the list's ordered index
//     fills a page after a few rows. A search thus runs two statements.
//   - PostgreSQL: pg_trgm's GIN index on searchText; the planner weighs it
//     against the ordered index from its statistics, so no probe is needed.
//     Those statistics cover all users: a word common in other users' tasks
//     but rare in this user's can send it along the ordered index.
//
// A word shorter than three characters has no trigram, so a query made only
// of such words is LIKE on the ordered index alone: fast when the word is
// common, as short words usually are, and a read of all the user's tasks
// when it matches few of them. bench/BENCHMARKS.md ("Search at a million
// tasks") has the figures.

// searchWords returns the words of a search query: the runs of characters
// between white space. A NUL separates words like a space: SQL text cannot
// carry one. Bytes that are not UTF-8 (no browser sends them, but a URL
// can) read as U+FFFD, the character that stands for them, so that both
// engines, and the index, take them the same way.
func searchWords(query string) []string {
	query = strings.ToValidUTF8(query, "\uFFFD")
	return strings.FieldsFunc(query, func(r rune) bool { return unicode.IsSpace(r) || r == 0 })
}

// searchText is the SQL text each word is looked for in: the title and
// notes joined by a line feed. A word holds no white space, so it occurs in
// the joined text exactly when it occurs in the title or in the notes.
// PostgreSQL's is the expression of its text index (tasks_search_idx), ASCII
// letters lowered, so that the planner can match the two; SQLite's LIKE
// ignores the case of ASCII letters by itself.
func searchText(d dialect.Name) string {
	if d == dialect.PG {
		return "lower(t.title || chr(10) || t.description)"
	}
	return "(t.title || char(10) || t.description)"
}

// applySearch keeps the rows of q that hold every word.
func applySearch(q *bun.SelectQuery, words []string) {
	text := searchText(q.Dialect().Name())
	for _, w := range words {
		q.Where(text+" LIKE ? ESCAPE '\\'", "%"+escapeLike(asciiLower(w))+"%")
	}
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// textIndexProbe is how many of the user's matching tasks the probe reads
// at most. Below it, reading the matches by id and sorting them costs less
// than walking the ordered index until a page is full; at it, the words are
// common enough that the walk stops early. BENCHMARKS.md has the figures it
// was chosen by. A variable only so that tests can force either way.
var textIndexProbe = 2000

// trigramKeys is how the task_search keys of one user start: user_id times
// 2^32, plus the task id (see the task_search migration).
const trigramKeys = 1 << 32

// userKeys is the range of task_search keys that holds the user's tasks.
func userKeys(userID int64) (lo, hi int64) {
	return userID * trigramKeys, userID*trigramKeys + trigramKeys - 1
}

// trigramQuery is the FTS5 query for the tasks holding every word that has
// a trigram: each word a phrase of its trigrams, lowered as the index is.
// It is "" when no word has three characters.
func trigramQuery(words []string) string {
	var phrases []string
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 3 {
			phrases = append(phrases, `"`+strings.ReplaceAll(asciiLower(w), `"`, `""`)+`"`)
		}
	}
	return strings.Join(phrases, " AND ")
}

// restrictToUser narrows q to the user's tasks, reading them the fastest
// way for f's labels and search words: by id, when a probe finds that the
// tasks carrying one of the labels, or (on SQLite) those the text index
// finds for the words, are few. Otherwise the words or labels are common,
// and walking the list's ordered index fills a page after a few rows.
// Every label and word is still checked (applyFilter), so the result does
// not depend on the way.
func restrictToUser(ctx context.Context, db bun.IDB, q *bun.SelectQuery, userID int64, f TaskFilter) error {
	var ids []int64
	narrowed := false
	keep := func(found []int64) {
		if len(found) >= textIndexProbe {
			return
		}
		if narrowed {
			found = intersect(ids, found)
		}
		ids, narrowed = found, true
	}
	for _, label := range f.Labels {
		found, err := probeLabel(ctx, db, label.ID)
		if err != nil {
			return err
		}
		keep(found)
	}
	if match := trigramQuery(searchWords(f.Query)); db.Dialect().Name() == dialect.SQLite && match != "" {
		found, err := probeTextIndex(ctx, db, userID, match)
		if err != nil {
			return err
		}
		keep(found)
	}
	if !narrowed {
		q.Where("t.user_id = ?", userID)
		return nil
	}
	if len(ids) == 0 {
		ids = []int64{0} // no task has id 0
	}
	// The unary + keeps SQLite from walking the user's ordered index and
	// testing each row against the ids: the few matches are read by id and
	// sorted instead.
	q.Where("+t.user_id = ?", userID).Where("t.id IN (?)", bun.In(ids))
	return nil
}

// intersect returns the ids in both a and b.
func intersect(a, b []int64) []int64 {
	in := make(map[int64]bool, len(a))
	for _, id := range a {
		in[id] = true
	}
	var both []int64
	for _, id := range b {
		if in[id] {
			both = append(both, id)
		}
	}
	return both
}

// probeLabel returns the ids of up to textIndexProbe tasks that carry the
// label, from the label's index alone; the list keeps only the user's. It
// reads them as one comma-separated row, as probeTextIndex does: a common
// label's 2 000 ids cost half as much that way.
func probeLabel(ctx context.Context, db bun.IDB, labelID int64) ([]int64, error) {
	agg := "group_concat(p.task_id)"
	if db.Dialect().Name() == dialect.PG {
		agg = "string_agg(p.task_id::text, ',')"
	}
	var list sql.NullString
	err := db.NewRaw("SELECT "+agg+" FROM (SELECT tl.task_id FROM task_labels AS tl WHERE tl.label_id = ? LIMIT ?) AS p",
		labelID, textIndexProbe).Scan(ctx, &list)
	if err != nil {
		return nil, fmt.Errorf("models: probe label %d: %w", labelID, err)
	}
	ids, err := parseIDs(list.String)
	if err != nil {
		return nil, fmt.Errorf("models: probe label %d: %w", labelID, err)
	}
	return ids, nil
}

// probeTextIndex returns the ids of up to textIndexProbe of the user's
// tasks that the FTS5 query match finds. It keeps the ids, so that the
// index, whose matching costs most when several common words make a rare
// set, is read once; and it reads them as one comma-separated row, which
// costs a tenth of reading a row per id when there are thousands.
func probeTextIndex(ctx context.Context, db bun.IDB, userID int64, match string) ([]int64, error) {
	lo, hi := userKeys(userID)
	var list sql.NullString
	err := db.NewRaw("SELECT group_concat(k - ?) FROM (SELECT rowid AS k FROM task_search WHERE task_search MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)",
		lo, match, lo, hi, textIndexProbe).Scan(ctx, &list)
	if err != nil {
		return nil, fmt.Errorf("models: probe the search index: %w", err)
	}
	ids, err := parseIDs(list.String)
	if err != nil {
		return nil, fmt.Errorf("models: probe the search index: %w", err)
	}
	return ids, nil
}

// parseIDs reads a probe's comma-separated ids; "" is none.
func parseIDs(list string) ([]int64, error) {
	if list == "" {
		return nil, nil
	}
	fields := strings.Split(list, ",")
	ids := make([]int64, len(fields))
	for i, f := range fields {
		var err error
		if ids[i], err = strconv.ParseInt(f, 10, 64); err != nil {
			return nil, err
		}
	}
	return ids, nil
}
