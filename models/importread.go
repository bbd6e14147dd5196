package models

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// rowReader yields the rows of an import file one at a time, so an import
// never holds more than one row of the file in memory.
type rowReader interface {
	// next returns the next row and its number (see RowProblem.Row), the
	// problems of the row that reading it found, io.EOF after the last row,
	// or a filePanic when the file cannot be read any further.
	next() (exportTask, int, []RowProblem, error)
	// declared returns the lists and labels the file declares beside its
	// tasks, once next has returned io.EOF.
	declared() ([]exportList, []exportLabel)
}

// fileProblems stops reading a file: the problems say why.
type fileProblems []RowProblem

func (p fileProblems) Error() string { return "models: unreadable import: " + p[0].Message }

// errNotUTF8 is what utf8Reader returns at the first byte that is not UTF-8.
var errNotUTF8 = errors.New("the text is not valid UTF-8")

const notUTF8Message = "The text is not valid UTF-8; save the file as UTF-8 and try again."

func newRowReader(r io.Reader, format string) (rowReader, error) {
	br := bufio.NewReader(r)
	// Spreadsheets and editors on Windows lead UTF-8 files with a byte order
	// mark; it is accepted on both formats and is not part of the data.
	if b, _ := br.Peek(len(utf8BOM)); string(b) == utf8BOM {
		_, _ = br.Discard(len(utf8BOM))
	}
	switch format {
	case FormatJSON:
		dec := json.NewDecoder(&utf8Reader{r: br})
		dec.DisallowUnknownFields() // a misspelt field would otherwise vanish
		return &jsonRows{dec: dec}, nil
	case FormatCSV:
		cr := csv.NewReader(br)
		cr.FieldsPerRecord = -1 // a short row leaves its last fields empty
		cr.ReuseRecord = true
		return &csvRows{cr: cr}, nil
	}
	return nil, fmt.Errorf("models: unknown import format %q", format)
}

// jsonRows walks a JSON export token by token down to the tasks array,
// then decodes one task (with its subtasks) at a time. The lists and
// labels arrays, before or after the tasks, are read one item at a time
// and kept, up to the most an account may have.
type jsonRows struct {
	dec              *json.Decoder
	started, inTasks bool
	seen             map[string]bool
	version          int
	n                int
	lists            []exportList
	labels           []exportLabel
}

func (j *jsonRows) declared() ([]exportList, []exportLabel) { return j.lists, j.labels }

func (j *jsonRows) next() (exportTask, int, []RowProblem, error) {
	for !j.inTasks {
		if err := j.header(); err != nil {
			return exportTask{}, 0, nil, err
		}
	}
	if !j.dec.More() {
		if _, err := j.dec.Token(); err != nil { // the closing ]
			return exportTask{}, 0, nil, j.unreadable(0, err)
		}
		j.inTasks = false
		return j.next()
	}
	j.n++
	var e exportTask
	if err := j.dec.Decode(&e); err != nil {
		return exportTask{}, 0, nil, j.unreadable(j.n, err)
	}
	return e, j.n, nil, nil
}

// header reads the document up to the start of the tasks array, or to its
// end, which it reports as io.EOF.
func (j *jsonRows) header() error {
	if !j.started {
		j.started, j.seen = true, map[string]bool{}
		if tok, err := j.dec.Token(); err != nil || tok != json.Delim('{') {
			return j.unreadable(0, err)
		}
	}
	tok, err := j.dec.Token()
	if err != nil {
		return j.unreadable(0, err)
	}
	if tok == json.Delim('}') {
		return j.end()
	}
	key := tok.(string)
	if j.seen[key] {
		return fileProblems{{Field: key, Message: "The field appears twice."}}
	}
	j.seen[key] = true
	var value any
	switch key {
	case "docket_export":
		value = &j.version
	case "username", "exported_at":
		value = new(string)
	case "lists":
		return readItems(j, key, MaxLists, &j.lists)
	case "labels":
		return readItems(j, key, MaxLabels, &j.labels)
	case "tasks":
		if tok, err := j.dec.Token(); err != nil || tok != json.Delim('[') {
			return j.unreadable(0, err)
		}
		j.inTasks = true
		return nil
	default:
		return fileProblems{{Field: key, Message: "Unknown field; a Docket export has docket_export, username, exported_at, lists, labels and tasks."}}
	}
	if err := j.dec.Decode(value); err != nil {
		return j.unreadable(0, err)
	}
	return nil
}

// readItems reads the array of the header's field key into items, one
// item at a time, refusing more than limit.
func readItems[T any](j *jsonRows, key string, limit int, items *[]T) error {
	if tok, err := j.dec.Token(); err != nil || tok != json.Delim('[') {
		if err == nil {
			return fileProblems{{Field: key, Message: "Give " + key + " as an array."}}
		}
		return j.unreadable(0, err)
	}
	for j.dec.More() {
		if len(*items) == limit {
			return fileProblems{{Field: key, Message: fmt.Sprintf("The file has more than %d %s, the most an account keeps.", limit, key)}}
		}
		var item T
		if err := j.dec.Decode(&item); err != nil {
			return j.unreadable(0, err)
		}
		*items = append(*items, item)
	}
	if _, err := j.dec.Token(); err != nil { // the closing ]
		return j.unreadable(0, err)
	}
	return nil
}

// end checks what follows the document: nothing may, or a second
// document pasted after the first would be silently ignored.
func (j *jsonRows) end() error {
	if _, err := j.dec.Token(); err != io.EOF {
		return fileProblems{{Message: "The file goes on after the end of the export; keep one export per file."}}
	}
	if j.version < 1 || j.version > exportVersion {
		return fileProblems{{Field: "docket_export", Message: fmt.Sprintf("This is not a Docket JSON export of version 1 to %d.", exportVersion)}}
	}
	return io.EOF
}

func (j *jsonRows) unreadable(row int, err error) error {
	if errors.Is(err, errNotUTF8) {
		return fileProblems{{Row: row, Message: notUTF8Message}}
	}
	msg := "the file ends too early"
	if err != nil && err != io.EOF {
		msg = err.Error()
	}
	if row > 0 {
		return fileProblems{{Row: row, Message: "This task could not be read (" + msg + ")."}}
	}
	return fileProblems{{Message: "This is not a Docket JSON export (" + msg + ")."}}
}

// utf8Reader passes on bytes up to the first one that is not UTF-8, then
// fails with errNotUTF8. encoding/json would replace such bytes with U+FFFD,
// changing the text without a word.
type utf8Reader struct {
	r    io.Reader
	tail []byte // the start of a character split across two reads
	err  error
}

func (u *utf8Reader) Read(p []byte) (int, error) {
	if u.err != nil {
		return 0, u.err
	}
	n := copy(p, u.tail)
	u.tail = u.tail[n:]
	m, err := u.r.Read(p[n:])
	b := p[:n+m]
	i := 0
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		if !utf8.FullRune(b[i:]) && err == nil {
			break
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			u.err = errNotUTF8
			if i == 0 {
				return 0, u.err
			}
			return i, nil // the bytes before it, then the error on the next read
		}
		i += size
	}
	u.tail = append(u.tail, b[i:]...)
	return i, err
}

// csvRows reads a CSV export record by record.
type csvRows struct {
	cr     *csv.Reader
	col    map[string]int
	header int // the number of header cells
	n      int // the row number of the last record read
}

func (c *csvRows) next() (exportTask, int, []RowProblem, error) {
	if c.col == nil {
		rec, err := c.cr.Read()
		if err != nil {
			return exportTask{}, 0, nil, c.unreadable(err)
		}
		c.n, c.header = 1, len(rec)
		var problems []RowProblem
		if c.col, problems = csvHeader(rec); len(problems) > 0 {
			return exportTask{}, 0, nil, fileProblems(problems)
		}
	}
	rec, err := c.cr.Read()
	if err != nil {
		return exportTask{}, 0, nil, c.unreadable(err)
	}
	c.n++
	var problems []RowProblem
	if len(rec) > c.header {
		problems = append(problems, RowProblem{Message: fmt.Sprintf(
			"This row has %d cells but the header only %d; put cells that hold a comma in double quotes.", len(rec), c.header)})
	}
	get := func(name string) string {
		if i, ok := c.col[name]; ok && i < len(rec) {
			return undefuseCell(rec[i])
		}
		return ""
	}
	row := exportTask{Title: get("title"), Description: get("description"), Due: get("due"),
		Priority: get("priority"), Status: get("status"), CreatedAt: get("created_at"), UpdatedAt: get("updated_at"),
		labelsCell: get("labels"), parentCell: get("parent")}
	if s := get("completed_at"); s != "" {
		row.CompletedAt = &s
	}
	if s := get("list"); strings.TrimSpace(s) != "" {
		row.List = &s
	}
	return row, c.n, problems, nil
}

func (c *csvRows) declared() ([]exportList, []exportLabel) { return nil, nil }

func (c *csvRows) unreadable(err error) error {
	if err == io.EOF {
		return io.EOF
	}
	return fileProblems{{Message: "The CSV could not be read (" + err.Error() + ")."}}
}

// csvHeader maps each known column name to its index. Unknown or repeated
// columns are refused, so a misspelt one cannot silently drop data.
func csvHeader(header []string) (map[string]int, []RowProblem) {
	col := map[string]int{}
	var problems []RowProblem
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		switch _, seen := col[name]; {
		case !isCSVColumn(name):
			problems = append(problems, RowProblem{Field: name, Message: "Unknown column; use " + strings.Join(csvColumns, ", ") + "."})
		case seen:
			problems = append(problems, RowProblem{Field: name, Message: "The column appears twice."})
		}
		col[name] = i
	}
	if _, ok := col["title"]; !ok {
		problems = append(problems, RowProblem{Field: "title", Message: "The header row needs a title column."})
	}
	return col, problems
}

func isCSVColumn(name string) bool {
	for _, c := range csvColumns {
		if c == name {
			return true
		}
	}
	return false
}
