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
