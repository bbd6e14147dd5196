package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// importPlan is what an import asks of the account besides its tasks: the
// lists and labels the file names, with the colours and flags it gives
// them. Lists come in the order new ones take: those the file declares,
// then those only its tasks name, as first met.
type importPlan struct {
	lists  []planName
	labels []planName
	// rows are what the check of a CSV file learnt of each row, so that
	// staging it again can tell a parent before its subtasks come.
	rows []csvRowInfo
}

// isParent reports whether r, as staged, is the task of any subtask.
func (p *importPlan) isParent(r importRow) bool {
	i := r.Seq - 1 // a CSV row's seq is its row number less the header
	return r.HasSubtasks || i < len(p.rows) && p.rows[i].subs > 0
}

// planName is a list or label an import names.
type planName struct {
	name     string
	key      string
	colour   Colour
	archived bool
}

// colourProblem is what a colour outside the palette gets told.
func colourProblem() string {
	names := make([]string, 0, len(Colours))
	for _, c := range Colours[1:] {
		names = append(names, string(c))
	}
	return "Use one of the colours " + strings.Join(names, ", ") + `, or "" for none.`
}

// finish checks the lists and labels a JSON file declares (CSV declares
// none) and returns, with those its tasks name, what the import needs.
func (s *importScan) finish(lists []exportList, labels []exportLabel) *importPlan {
	p := &importPlan{rows: s.rows}
	seen := map[string]bool{}
	for _, l := range lists {
		n := NormalizeName(l.Name)
		if pn, ok := s.declare(n, l.Colour, "lists", ValidateListName, seen, s.lists); ok {
			if pn.key == NameKey(InboxName) && l.Archived {
				s.bad(0, 0, "lists", "The Inbox cannot be archived.")
			}
			pn.archived = l.Archived
			p.lists = append(p.lists, pn)
		}
	}
	p.lists = append(p.lists, undeclared(s.lists, seen)...)
	if s.lists.over {
		s.bad(0, 0, "", fmt.Sprintf("The file names more than %d lists, the most an account keeps (the Inbox included).", MaxLists))
	}
	seen = map[string]bool{}
	for _, l := range labels {
		if pn, ok := s.declare(NormalizeName(l.Name), l.Colour, "labels", ValidateLabelName, seen, s.labels); ok {
			p.labels = append(p.labels, pn)
		}
	}
	p.labels = append(p.labels, undeclared(s.labels, seen)...)
	if s.labels.over {
		s.bad(0, 0, "", fmt.Sprintf("The file names more than %d labels, the most an account keeps.", MaxLabels))
	}
	return p
}

// declare checks one list or label of the file's field, a name once only,
// and adds it to set.
func (s *importScan) declare(name, colour, field string, validate func(string) error, seen map[string]bool, set *nameSet) (planName, bool) {
	if err := validate(name); err != nil {
		s.bad(0, 0, field, "“"+name+"”: "+err.(*FieldError).Message)
		return planName{}, false
	}
	pn := planName{name: name, key: NameKey(name), colour: Colour(colour)}
	if !pn.colour.Valid() {
		s.bad(0, 0, field, "“"+name+"”: "+colourProblem())
	}
	if seen[pn.key] {
		s.bad(0, 0, field, "“"+name+"” appears twice.")
		return planName{}, false
	}
	seen[pn.key] = true
	_, ok := set.add(name)
	return pn, ok
}

// undeclared returns the names in set that seen lacks, with no colour.
func undeclared(set *nameSet, seen map[string]bool) []planName {
	var out []planName
	for i, n := range set.names {
		if !seen[set.keys[i]] {
			out = append(out, planName{name: n, key: set.keys[i]})
		}
	}
	return out
}

// missing returns the plan's lists and labels that the user lacks, and
// how many of each the user has.
func (p *importPlan) missing(ctx context.Context, db bun.IDB, userID int64) (lists, labels []planName, have [2]int, err error) {
	var keys []string
	if err = db.NewSelect().Model((*List)(nil)).Column("name_key").Where("user_id = ?", userID).Scan(ctx, &keys); err != nil {
		return nil, nil, have, fmt.Errorf("models: lists of import: %w", err)
	}
	lists, have[0] = lacking(p.lists, keys), len(keys)
	keys = nil
	if err = db.NewSelect().Model((*Label)(nil)).Column("name_key").Where("user_id = ?", userID).Scan(ctx, &keys); err != nil {
		return nil, nil, have, fmt.Errorf("models: labels of import: %w", err)
	}
	labels, have[1] = lacking(p.labels, keys), len(keys)
	return lists, labels, have, nil
}

// lacking returns the names whose keys are not among keys.
func lacking(names []planName, keys []string) []planName {
	has := make(map[string]bool, len(keys))
	for _, k := range keys {
		has[k] = true
	}
	var out []planName
	for _, n := range names {
		if !has[n.key] {
			out = append(out, n)
		}
	}
	return out
}

// room returns an *ImportError when the user cannot take the lists and
// labels the import would add.
func (p *importPlan) room(ctx context.Context, db bun.IDB, userID int64, format string) error {
	lists, labels, have, err := p.missing(ctx, db, userID)
	if err != nil {
		return err
	}
	return roomFor(lists, labels, have, format)
}

// roomFor returns an *ImportError when a user who has have lists and
// labels cannot take lists and labels more.
func roomFor(lists, labels []planName, have [2]int, format string) error {
	ie := &ImportError{Format: format}
	if len(lists) > 0 && have[0]+len(lists) > MaxLists {
		ie.Problems = append(ie.Problems, RowProblem{Message: fmt.Sprintf(
			"You have %s and the file adds %d more; an account keeps at most %d. Delete lists you no longer need first.",
			countOf(have[0], "lists"), len(lists), MaxLists)})
	}
	if len(labels) > 0 && have[1]+len(labels) > MaxLabels {
		ie.Problems = append(ie.Problems, RowProblem{Message: fmt.Sprintf(
			"You have %s and the file adds %d more; an account keeps at most %d. Delete labels you no longer use first.",
			countOf(have[1], "labels"), len(labels), MaxLabels)})
	}
	if len(ie.Problems) > 0 {
		return ie
	}
	return nil
}

// apply gives the user the lists and labels of the plan they lack, new
// lists after their others; one they have keeps its name, order and
// flags, and takes the file's colour only if it has none. Run it in the
// transaction that starts publishing.
func (p *importPlan) apply(ctx context.Context, tx bun.IDB, userID int64, format string) error {
	lists, labels, have, err := p.missing(ctx, tx, userID)
	if err != nil {
		return err
	}
	if err := roomFor(lists, labels, have, format); err != nil {
		return err
	}
	now := time.Now().UTC()
	if len(lists) > 0 {
		var last int
		if err := tx.NewSelect().Model((*List)(nil)).ColumnExpr("coalesce(max(position), 0)").Where("user_id = ?", userID).
			Scan(ctx, &last); err != nil {
			return fmt.Errorf("models: lists of import: %w", err)
		}
		rows := make([]List, len(lists))
		for i, l := range lists {
			rows[i] = List{UserID: userID, Name: l.name, NameKey: l.key, Colour: l.colour, Position: last + 1 + i,
				Archived: l.archived, CreatedAt: now}
		}
		// A list made meanwhile under one of the names serves as it is.
		if _, err := tx.NewInsert().Model(&rows).On("CONFLICT (user_id, name_key) DO NOTHING").Exec(ctx); err != nil {
			return fmt.Errorf("models: create lists of import: %w", err)
		}
	}
	if len(labels) > 0 {
		rows := make([]Label, len(labels))
		for i, l := range labels {
			rows[i] = Label{UserID: userID, Name: l.name, NameKey: l.key, Colour: l.colour, CreatedAt: now}
		}
		if _, err := tx.NewInsert().Model(&rows).On("CONFLICT (user_id, name_key) DO NOTHING").Exec(ctx); err != nil {
			return fmt.Errorf("models: create labels of import: %w", err)
		}
	}
	return p.colourIn(ctx, tx, userID)
}

// colourIn gives the user's lists and labels that have no colour the
// colour the plan gives them.
func (p *importPlan) colourIn(ctx context.Context, tx bun.IDB, userID int64) error {
	for _, set := range []struct {
		model any
		names []planName
	}{{(*List)(nil), p.lists}, {(*Label)(nil), p.labels}} {
		for _, n := range set.names {
			if n.colour == "" {
				continue
			}
			if _, err := tx.NewUpdate().Model(set.model).Set("colour = ?", n.colour).
				Where("user_id = ? AND name_key = ? AND colour = ''", userID, n.key).Exec(ctx); err != nil {
				return fmt.Errorf("models: colour lists and labels of import: %w", err)
			}
		}
	}
	return nil
}
