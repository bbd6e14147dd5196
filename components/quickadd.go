package components

import (
	"strings"

	"docket/models"
)

// QuickChip is the chip for one token quick add understood: its text, and
// the words a screen reader says for it.
func QuickChip(t models.QuickToken, today models.Date) (chip, spoken string) {
	switch t.Kind {
	case models.QuickDue:
		label := DueLabel(t.Due, today)
		if label == "Today" || label == "Tomorrow" {
			return label, "due " + strings.ToLower(label)
		}
		return label, "due " + label
	case models.QuickPriority:
		return strings.ToUpper(t.Text), "priority " + t.Text[1:]
	case models.QuickList:
		return "#" + t.Name, "list " + t.Name
	case models.QuickLabel:
		return "@" + t.Name, "label " + t.Name
	}
	return t.Text, t.Text
}

// QuickSummary says in words what quick add will set ("Will set: due
// tomorrow, priority 1, list Family, label phone"), or "" for nothing.
func QuickSummary(q models.QuickAdd, today models.Date) string {
	if len(q.Tokens) == 0 {
		return ""
	}
	parts := make([]string, len(q.Tokens))
	for i, t := range q.Tokens {
		_, parts[i] = QuickChip(t, today)
	}
	return "Will set: " + strings.Join(parts, ", ") + "."
}

// QuickUndo is what "Keep it as text" needs to put a quick-added task back
// as typed: the line typed, what the parse set (to tell whether the task
// is still as it left it) and what the form alone would have set. Only
// the fields the parse set are undone; Labels are the labels it added.
type QuickUndo struct {
	Typed       string   `json:"typed"`
	Title       string   `json:"title"`
	Due         string   `json:"due,omitempty"`
	DueWas      string   `json:"due_was,omitempty"`
	Priority    string   `json:"priority,omitempty"`
	PriorityWas string   `json:"priority_was,omitempty"`
	List        int64    `json:"list,omitempty"`
	ListWas     int64    `json:"list_was,omitempty"`
	Labels      []string `json:"labels,omitempty"`
}

// QuickOffer is the confirmation of a quick add that understood something
// ("Added “Call mom”: due Tomorrow, P1, #Family, @phone."), with the
// button that keeps the line as typed. Undo is the QuickUndo as JSON, the
// form's one hidden field.
type QuickOffer struct {
	Message string `json:"message"`
	TaskID  int64  `json:"task"`
	Undo    string `json:"undo"`
}

// QuickAdded says what quick add understood in a task just added.
func QuickAdded(title string, q models.QuickAdd, today models.Date) string {
	chips := make([]string, len(q.Tokens))
	for i, t := range q.Tokens {
		chips[i], _ = QuickChip(t, today)
	}
	return "Added “" + title + "”: " + strings.Join(chips, ", ") + "."
}

// quickPlaceholder is what the empty quick-add field says: an example of
// what it reads, where it reads the title.
func quickPlaceholder(quick bool) string {
	if quick {
		return "Add a task: Call mom tomorrow p1"
	}
	return "Add a task"
}
