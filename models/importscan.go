package models

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// importScan is what reading one import file has gathered so far: the
// problems, the tasks' numbers, and the lists and labels they name.
type importScan struct {
	format string
	userID int64
	now    time.Time
	ie     *ImportError
	seq    int // the last task's Seq
	lists  *nameSet
	labels *nameSet
	// rows are the CSV rows read so far, from row 2: what a later row
	// naming one as its parent must know of it.
	rows []csvRowInfo
}

// csvRowInfo is what a CSV import keeps of each row: its list, and how
// many subtasks it has, or that it is a subtask. Four bytes a row.
type csvRowInfo struct {
	list uint16 // its index in importScan.lists
	subs uint8
	sub  bool
}

func newImportScan(format string, userID int64, now time.Time) *importScan {
	s := &importScan{format: format, userID: userID, now: now, ie: &ImportError{Format: format},
		lists: newNameSet(MaxLists), labels: newNameSet(MaxLabels)}
	s.lists.add(InboxName) // index 0: every account has it
	return s
}

// report records problems of row (and subtask sub), up to maxReported.
func (s *importScan) report(row, sub int, ps []RowProblem) {
	for _, p := range ps {
		if len(s.ie.Problems) < maxReported {
			p.Row, p.Sub = row, sub
			s.ie.Problems = append(s.ie.Problems, p)
		}
	}
}

func (s *importScan) bad(row, sub int, field, msg string) {
	s.report(row, sub, []RowProblem{{Field: field, Message: msg}})
}

// task checks e's own fields and numbers it.
func (s *importScan) task(e exportTask, row, sub int) importRow {
	t, problems := e.task(s.userID, s.now)
	s.report(row, sub, problems)
	s.seq++
	return importRow{Task: t, Seq: s.seq}
}

// record checks one record of the file and returns its tasks: a CSV row,
// or a JSON task followed by its subtasks.
func (s *importScan) record(e exportTask, row int) []importRow {
	top := s.task(e, row, 0)
	if s.format == FormatCSV {
		return []importRow{s.csvRow(e, row, top)}
	}
	top.ListKey, _ = s.list(e.List, row, 0)
	top.Labels = s.jsonLabels(e.Labels, row, 0)
	out := []importRow{top}
	if e.Subtasks == nil {
		return out
	}
	out[0].HasSubtasks = len(*e.Subtasks) > 0
	if len(*e.Subtasks) > MaxSubtasks {
		s.bad(row, 0, "subtasks", fmt.Sprintf("A task holds at most %d subtasks.", MaxSubtasks))
	}
	for i, se := range *e.Subtasks {
		sub := s.task(se, row, i+1)
		sub.ParentSeq, sub.Position, sub.ListKey = top.Seq, i+1, top.ListKey
		if se.List != nil {
			s.bad(row, i+1, "list", "A subtask is in its task's list; leave list out.")
		}
		if se.Subtasks != nil && len(*se.Subtasks) > 0 {
			s.bad(row, i+1, "subtasks", "A subtask cannot have subtasks of its own.")
		}
		sub.Labels = s.jsonLabels(se.Labels, row, i+1)
		out = append(out, sub)
	}
	return out
}

// csvRow reads the list, labels and parent cells of a CSV row.
func (s *importScan) csvRow(e exportTask, row int, ir importRow) importRow {
	if strings.TrimSpace(e.labelsCell) != "" {
		if names, err := ParseLabelNames(e.labelsCell); err != nil {
			s.bad(row, 0, "labels", err.(*FieldError).Message)
		} else {
			ir.Labels = s.addLabels(names)
		}
	}
	info := csvRowInfo{}
	parent := s.parentRow(e.parentCell, row)
	if parent == 0 {
		var i int
		ir.ListKey, i = s.list(e.List, row, 0)
		info.list = uint16(max(i, 0))
		s.rows = append(s.rows, info)
		return ir
	}
	info.sub = true
	p := &s.rows[parent-2]
	p.subs++
	ir.ParentSeq, ir.Position, ir.ListKey, info.list = parent-1, int(p.subs), s.lists.keys[p.list], p.list
	if e.List != nil {
		if key, _ := s.list(e.List, row, 0); key != "" && key != ir.ListKey {
			s.bad(row, 0, "list", fmt.Sprintf("A subtask is in its task's list (row %d); leave list empty.", parent))
		}
	}
	s.rows = append(s.rows, info)
	return ir
}

// parentRow reads a CSV parent cell: the row number of an earlier row
// that is not a subtask and has room for another, or 0 for none.
func (s *importScan) parentRow(cell string, row int) int {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return 0
	}
	p, err := strconv.Atoi(cell)
	switch {
	case err != nil:
		s.bad(row, 0, "parent", "Give the row number of the task this is a subtask of, such as 2, or leave it empty.")
	case p < 2 || p >= row:
		s.bad(row, 0, "parent", "The parent must be an earlier row of the file, from row 2 on.")
	case s.rows[p-2].sub:
		s.bad(row, 0, "parent", fmt.Sprintf("Row %d is a subtask itself; a subtask cannot have subtasks of its own.", p))
	case int(s.rows[p-2].subs) >= MaxSubtasks:
		s.bad(row, 0, "parent", fmt.Sprintf("Row %d already has %d subtasks, the most a task holds.", p, MaxSubtasks))
	default:
		return p
	}
	return 0
}

// list checks the list a task names (nil or empty: the Inbox) and
// returns its key and index in s.lists; -1 if it is at fault.
func (s *importScan) list(name *string, row, sub int) (string, int) {
	n := ""
	if name != nil {
		n = NormalizeName(*name)
	}
	if n == "" {
		return NameKey(InboxName), 0
	}
	if err := ValidateListName(n); err != nil {
		s.bad(row, sub, "list", err.(*FieldError).Message)
		return "", -1
	}
	i, ok := s.lists.add(n)
	if !ok {
		return "", -1
	}
	return NameKey(n), i
}

// jsonLabels checks the label names of a JSON task; as where labels are
// typed, empty names are left out and repeats (in any case) count once.
func (s *importScan) jsonLabels(names []string, row, sub int) []string {
	if len(names) == 0 {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, name := range names {
		n := NormalizeName(name)
		if n == "" {
			continue
		}
		if err := ValidateLabelName(n); err != nil {
			s.bad(row, sub, "labels", "“"+n+"”: "+err.(*FieldError).Message)
			continue
		}
		if !seen[NameKey(n)] {
			seen[NameKey(n)] = true
			out = append(out, n)
		}
	}
	if len(out) > MaxLabelsPerTask {
		s.bad(row, sub, "labels", fmt.Sprintf("Use at most %d labels on a task.", MaxLabelsPerTask))
	}
	return s.addLabels(out)
}

// addLabels notes label names the file uses and returns them.
func (s *importScan) addLabels(names []string) []string {
	for _, n := range names {
		s.labels.add(n)
	}
	return names
}

// nameSet gathers list or label names, once each in any case, in the
// order first met, up to a limit.
type nameSet struct {
	index map[string]int
	names []string
	keys  []string
	limit int
	over  bool // a name past the limit was met
}

func newNameSet(limit int) *nameSet { return &nameSet{index: map[string]int{}, limit: limit} }

// add returns the index of name, adding it if new; ok is false when the
// set is full.
func (n *nameSet) add(name string) (int, bool) {
	key := NameKey(name)
	if i, ok := n.index[key]; ok {
		return i, true
	}
	if len(n.names) >= n.limit {
		n.over = true
		return -1, false
	}
	n.index[key] = len(n.names)
	n.names, n.keys = append(n.names, name), append(n.keys, key)
	return len(n.names) - 1, true
}
